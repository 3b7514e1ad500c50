"""Short sentences a programme officer can read, built only for the matches that are shown.

Each reason is built as a `Reason` (a code and plain parameters) so that the web can word it in the reader's
language; `render` words it in English, the text of `Match.reasons` and of the command line."""
from __future__ import annotations

from matching.encode import Query, Requirement
from matching.model import CEFR_LEVEL, ROLE_FOR_KIND, Profile, Reason
from matching.taxonomy import CURATED, SkillMatch, Taxonomy
from matching.text import fold_cached

MAX_LISTED = 6


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _dates(available_from, available_to, start, end) -> dict:
    return {"available_from": _iso(available_from), "available_to": _iso(available_to),
            "start": _iso(start), "end": _iso(end)}


def _span(start: str, end: str) -> str:
    return f"{start or 'open'} to {end or 'open'}"


def _listing(items) -> str:
    items = [str(i) for i in items]
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")


def _years(n) -> str:
    return "year" if n == 1 else "years"


def _chapters_known(p) -> str:
    both = [f"{c} {title}".strip() for c, title in zip(p["chapters"], p["titles"])]
    return "Acquis chapters: " + _listing(both) + "."


# SkillMatch.via -> how a skill was read, in the "read as" reason (the web words these in its own table).
READ_AS = {CURATED: "an alias curated by an administrator"}

# code -> the English sentence of its parameters (p); the web keeps its own translatable table of these codes.
ENGLISH = {
    "not_eligible_role": lambda p: (
        f"Not eligible: {'an investment lead' if p['kind'] == 'investment_lead' else 'a fellowship'} "
        f"needs the role {p['role']}."),
    "not_eligible_language": lambda p: "Not eligible: language below the required level: " + ", ".join(
        f"{code} at {need} (has {has})" for code, need, has in zip(p["languages"], p["needed"], p["has"])) + ".",
    "not_eligible_availability": lambda p: (
        f"Not eligible: available {_span(p['available_from'], p['available_to'])}, "
        f"the assignment runs {_span(p['start'], p['end'])}."),
    "not_eligible_work_mode": lambda p: f"Not eligible: works remotely only, the assignment is {p['work_mode']}.",
    "skill_matched": lambda p: f"{p['label'].capitalize()} skill: wrote '{p['wrote']}' → {p['name']}.",
    "skill_read_as": lambda p: (f"{p['label'].capitalize()} skill: '{p['wrote']}' read as {p['name']} "
                                f"({READ_AS[p['via']]})."),
    "skill_as_asked": lambda p: f"{p['label'].capitalize()} skill: wrote '{p['wrote']}', as asked.",
    "skill_related": lambda p: (f"{p['label'].capitalize()} skill {', '.join(p['names'])}: only related "
                                f"experience (same acquis chapter or sector)."),
    "skill_missing": lambda p: f"Missing required skill: {', '.join(p['names'])}.",
    "languages": lambda p: "Languages: " + ", ".join(
        f"{code} {level} (needs {need})" for code, level, need in zip(p["languages"], p["levels"], p["needed"])) + ".",
    "available": lambda p: (f"Available {_span(p['available_from'], p['available_to'])}; "
                            f"the assignment runs {_span(p['start'], p['end'])}."),
    "availability_not_stated": lambda p: "Availability not stated.",
    "chapters_known": _chapters_known,
    "chapters_missing": lambda p: "No experience stated in acquis chapters " + _listing(p["chapters"]) + ".",
    "years_below": lambda p: (f"{p['missing']} {_years(p['missing'])} below the {p['minimum']} asked "
                              f"({p['years']} years of experience): score × {p['factor']:.2f}."),
    "years_ok": lambda p: f"{p['years']} years of experience (minimum {p['minimum']}).",
    "investment_sectors": lambda p: "Can bring investors in " + _listing(p["sectors"]) + ".",
    "network": lambda p: f"Network in {_listing(p['countries'])} (targets {_listing(p['targets'])}).",
    "no_network": lambda p: f"No network in the target countries {_listing(p['targets'])}.",
    "text_close": lambda p: "Summary and skills read close to the opportunity's description.",
    "weights_default": lambda p: "default weights",
    "weights_kept_few": lambda p: (f"kept the default weights: {p['decisions']} decisions, at least "
                                   f"{p['needed']} with both accepted and rejected ones are needed"),
    "weights_kept_no_signal": lambda p: "kept the default weights: no feature pointed towards accepted matches",
    "weights_learnt": lambda p: f"learnt from {p['decisions']} decisions ({p['accepted']} accepted)",
}


def render(reason: Reason) -> str:
    """The English sentence of a reason."""
    return ENGLISH[reason.code](reason.params)


def broken_rule_details(profile: Profile, q: Query, broken: list[str]) -> list[Reason]:
    o = q.opportunity
    out = []
    for rule in broken:
        if rule == "role":
            out.append(Reason("not_eligible_role", {"kind": o.kind, "role": ROLE_FOR_KIND[o.kind]}))
        elif rule == "language":
            short = [code for code, level in q.languages.items()
                     if CEFR_LEVEL.get(profile.languages.get(code), 0) < level]
            out.append(Reason("not_eligible_language", {
                "languages": short, "needed": [o.languages[code] for code in short],
                "has": [profile.languages.get(code, "none") for code in short]}))
        elif rule == "availability":
            out.append(Reason("not_eligible_availability",
                              _dates(profile.available_from, profile.available_to, o.start, o.end)))
        elif rule == "work_mode":
            out.append(Reason("not_eligible_work_mode", {"work_mode": o.work_mode}))
    return out


class Explainer:
    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy

    def _domain(self, skill_ids) -> set:
        t = self.taxonomy
        return ({("chapter", c) for s in skill_ids for c in t.chapters_of(s)}
                | {("sector", x) for s in skill_ids for x in t.sectors_of(s)})

    def _requirement_domain(self, skill_ids) -> set:
        t = self.taxonomy
        return {("chapter", c) for s in skill_ids for c in t.chapters_of(s)} | {
            ("sector", x) for s in skill_ids if not t.chapters_of(s) for x in t.sectors_of(s)}

    def _skills(self, profile: Profile, reqs: list[Requirement], label: str) -> list[Reason]:
        held: dict[str, SkillMatch] = {}  # canonical id -> how the person's words reached it
        for s in profile.skills:
            for m in self.taxonomy.resolve(s):
                held.setdefault(m.id, m)
        free = {fold_cached(s): s for s in profile.skills}
        domain = self._domain(held)
        out = []
        for r in reqs:
            hit = next((m for m in r.matches if m.id in held), None)
            if hit is not None:
                mine = held[hit.id]
                if mine.via:
                    out.append(Reason("skill_read_as", {"label": label, "wrote": mine.text, "name": hit.name,
                                                        "via": mine.via}))
                else:
                    out.append(Reason("skill_matched", {"label": label, "wrote": mine.text, "name": hit.name}))
            elif not r.matches and fold_cached(r.text) in free:
                out.append(Reason("skill_as_asked", {"label": label, "wrote": free[fold_cached(r.text)]}))
            elif r.matches and domain & self._requirement_domain([m.id for m in r.matches]):
                out.append(Reason("skill_related", {"label": label, "names": _names(r)}))
            elif label == "required":
                out.append(Reason("skill_missing", {"names": _names(r)}))
        return out

    def details(self, profile: Profile, q: Query, values: dict[str, float], factor: float = 1.0) -> list[Reason]:
        """`factor`: what the score was multiplied by for years below the minimum (1: none missing)."""
        o, t = q.opportunity, self.taxonomy
        out = self._skills(profile, q.required, "required") + self._skills(profile, q.preferred, "preferred")
        if q.languages:
            held = [code for code in q.languages if code in profile.languages]
            if held:
                out.append(Reason("languages", {"languages": held,
                                                "levels": [profile.languages[code] for code in held],
                                                "needed": [o.languages[code] for code in held]}))
        if q.start is not None or q.end is not None:
            if profile.available_from or profile.available_to:
                out.append(Reason("available", _dates(profile.available_from, profile.available_to,
                                                      o.start, o.end)))
            else:
                out.append(Reason("availability_not_stated"))
        if "chapters" in values:
            wanted = [c for c in range(1, 36) if q.chapters >> (c - 1) & 1]
            known = set(profile.acquis_chapters) | {c for s in profile.skills for m in t.resolve(s)
                                                    for c in t.chapters_of(m.id)}
            both = [c for c in wanted if c in known]
            if both:
                out.append(Reason("chapters_known", {"chapters": both,
                                                     "titles": [t.chapters.get(c, "") for c in both]}))
            else:
                out.append(Reason("chapters_missing", {"chapters": wanted}))
        if o.min_years_experience:
            missing = o.min_years_experience - profile.years_experience
            if missing > 0:
                out.append(Reason("years_below", {"missing": missing, "minimum": o.min_years_experience,
                                                  "years": profile.years_experience, "factor": factor}))
            else:
                out.append(Reason("years_ok", {"years": profile.years_experience,
                                               "minimum": o.min_years_experience}))
        if "investment_sectors" in values:
            mine = {t.sector_of(s) for s in profile.investment_sectors} - {None}
            wanted = {s for s in t.sector_slugs if q.investment[t.sector_index[s] // 64]
                      >> (t.sector_index[s] % 64) & 1}
            common = sorted(t.sector_name(s) for s in mine & wanted)
            if common:
                out.append(Reason("investment_sectors", {"sectors": common}))
        if o.target_countries:
            common = [c for c in o.target_countries if c in set(profile.network_countries)]
            if common:
                out.append(Reason("network", {"countries": common, "targets": list(o.target_countries)}))
            else:
                out.append(Reason("no_network", {"targets": list(o.target_countries)}))
        if values.get("text", 0) >= 0.5:
            out.append(Reason("text_close"))
        return out


def _names(r: Requirement) -> list[str]:
    return [m.name for m in r.matches] or [r.text]

