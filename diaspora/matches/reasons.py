"""The engine's reasons (matching.model.Reason: a code and plain parameters) worded in the reader's language.

Codes come from matching/explain.py. A code this table does not know, or parameters it cannot read (a row
stored by an older engine), fall back to the engine's English sentence."""
from __future__ import annotations

from datetime import date

from flask_babel import format_decimal, lazy_gettext as _l

from matching.model import Reason

from diaspora import formatting, reference
# flask_babel's gettext and ngettext through the catalogue found once per request: a review page words
# hundreds of reasons.
from diaspora.i18n import gettext as _, ngettext, per_locale
from diaspora.taxonomy_names import taxonomy_name

MAX_LISTED = 6

TEMPLATES = {
    "not_eligible_role.fellowship": _l("Not eligible: a fellowship needs the role of expert."),
    "not_eligible_role.investment_lead": _l("Not eligible: an investment lead needs the role of development "
                                            "agent."),
    "not_eligible_language": _l("Not eligible: language below the required level: %(gaps)s."),
    "not_eligible_availability": _l("Not eligible: available %(span)s, the assignment runs %(runs)s."),
    "not_eligible_work_mode": _l("Not eligible: works remotely only, the assignment is %(work_mode)s."),
    "skill_matched.required": _l("Required skill: wrote “%(wrote)s” → %(name)s."),
    "skill_matched.preferred": _l("Preferred skill: wrote “%(wrote)s” → %(name)s."),
    "skill_read_as.required": _l("Required skill: “%(wrote)s” read as %(name)s (%(how)s)."),
    "skill_read_as.preferred": _l("Preferred skill: “%(wrote)s” read as %(name)s (%(how)s)."),
    "skill_as_asked.required": _l("Required skill: wrote “%(wrote)s”, as asked."),
    "skill_as_asked.preferred": _l("Preferred skill: wrote “%(wrote)s”, as asked."),
    "skill_related.required": _l("Required skill %(names)s: only related experience (same acquis chapter or "
                                 "sector)."),
    "skill_related.preferred": _l("Preferred skill %(names)s: only related experience (same acquis chapter or "
                                  "sector)."),
    "skill_missing": _l("Missing required skill: %(names)s."),
    "languages": _l("Languages: %(levels)s."),
    "available": _l("Available %(span)s; the assignment runs %(runs)s."),
    "availability_not_stated": _l("Availability not stated."),
    "chapters_known": _l("Acquis chapters: %(chapters)s."),
    "chapters_missing": _l("No experience stated in acquis chapters %(chapters)s."),
    "years_ok": _l("%(years)s years of experience (minimum %(minimum)s)."),
    "investment_sectors": _l("Can bring investors in %(sectors)s."),
    "network": _l("Network in %(countries)s (targets %(targets)s)."),
    "no_network": _l("No network in the target countries %(targets)s."),
    "text_close": _l("Summary and skills read close to the opportunity's description."),
    "weights_default": _l("default weights"),
    "weights_kept_few": _l("kept the default weights: %(decisions)s decisions, at least %(needed)s with both "
                           "accepted and rejected ones are needed"),
    "weights_kept_no_signal": _l("kept the default weights: no feature pointed towards accepted matches"),
    "weights_learnt": _l("learnt from %(decisions)s decisions (%(accepted)s accepted)"),
    "model_unreadable": _l("model file %(file)s unreadable: default weights in use"),
}

# How the engine read a skill (matching.taxonomy: SkillMatch.via), for "skill_read_as".
READ_AS = {
    "curated": _l("an alias curated by an administrator"),
}


def _listing(items) -> str:
    items = [str(i) for i in items]
    if len(items) > MAX_LISTED:
        return _("%(items)s and %(count)s more", items=", ".join(items[:MAX_LISTED]), count=len(items) - MAX_LISTED)
    return ", ".join(items)


def _when(iso: str) -> str:
    return formatting.day(date.fromisoformat(iso)) if iso else _("open")


def _span(start: str, end: str) -> str:
    return _("%(start)s to %(end)s", start=_when(start), end=_when(end))


def _level(level: str) -> str:
    return _("none") if level == "none" else level


def _values(code: str, p: dict) -> dict:
    """The template's placeholders from the reason's parameters: codes become names in the reader's locale."""
    if code == "not_eligible_language":
        return {"gaps": ", ".join(_("%(language)s at %(needed)s (has %(has)s)", language=reference.language_name(c),
                                    needed=n, has=_level(h))
                                  for c, n, h in zip(p["languages"], p["needed"], p["has"], strict=True))}
    if code == "languages":
        return {"levels": ", ".join(_("%(language)s %(level)s (needs %(needed)s)", language=reference.language_name(c),
                                      level=lv, needed=n)
                                    for c, lv, n in zip(p["languages"], p["levels"], p["needed"], strict=True))}
    if code in ("not_eligible_availability", "available"):
        return {"span": _span(p["available_from"], p["available_to"]), "runs": _span(p["start"], p["end"])}
    if code == "not_eligible_work_mode":
        return {"work_mode": formatting.work_mode(p["work_mode"])}
    if code == "skill_matched":
        return {**p, "name": taxonomy_name(p["name"])}
    if code == "skill_read_as":
        return {**p, "name": taxonomy_name(p["name"]), "how": str(READ_AS[p["via"]])}
    if code in ("skill_related", "skill_missing"):
        return {"names": ", ".join(taxonomy_name(name) for name in p["names"])}
    if code in ("chapters_known", "chapters_missing"):
        return {"chapters": _listing(f"{int(c)}. {reference.chapter_title(int(c))}" for c in p["chapters"])}
    if code == "investment_sectors":
        return {"sectors": _listing(taxonomy_name(sector) for sector in p["sectors"])}
    if code in ("network", "no_network"):
        return {key: _listing(reference.country_name(c) for c in p[key]) for key in ("countries", "targets")
                if key in p}
    return dict(p)


def _key(reason: Reason) -> str:
    variant = reason.params.get("label") or reason.params.get("kind")
    key = f"{reason.code}.{variant}"
    return key if key in TEMPLATES else reason.code


def word(reason: Reason | dict, english: str) -> str:
    """One reason in the reader's language; `english` (the engine's sentence) when it cannot be worded."""
    try:
        reason = reason if isinstance(reason, Reason) else Reason.from_dict(reason)
        if reason.code == "years_below":
            p = reason.params
            return ngettext("%(num)s year below the %(minimum)s asked (%(years)s years of experience): "
                            "score × %(factor)s.",
                            "%(num)s years below the %(minimum)s asked (%(years)s years of experience): "
                            "score × %(factor)s.", int(p["missing"]), minimum=p["minimum"], years=p["years"],
                            factor=format_decimal(p["factor"], format="0.00"))
        key = _key(reason)
        if key not in TEMPLATES:
            return english
        return per_locale(("reason", key), lambda: str(TEMPLATES[key])) % _values(reason.code, reason.params)
    except (KeyError, TypeError, ValueError):
        return english


def reason_texts(match, limit: int | None = None) -> list[str]:
    """A match's reasons in the reader's language, the first `limit` of them (all without a limit). `match` is
    an engine Match, or anything with `reasons` and `details` (a decision's frozen snapshot, a disclosed
    candidate); without details, the stored text."""
    get = match.get if isinstance(match, dict) else lambda name, default: getattr(match, name, default)
    reasons, details = list(get("reasons", None) or []), list(get("details", None) or [])
    if len(details) != len(reasons):
        return reasons[:limit]
    return [word(detail, english) for detail, english in zip(details[:limit], reasons[:limit], strict=True)]


def model_message(reason: Reason | None, english: str) -> str:
    """The matching model's state (default weights, learnt from n decisions...) in the reader's language."""
    return english if reason is None else word(reason, english)
