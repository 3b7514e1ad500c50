"""Short sentences a programme officer can read, built only for the matches that are shown."""
from __future__ import annotations

from matching.encode import Query, Requirement
from matching.model import CEFR_LEVEL, ROLE_FOR_KIND, Profile
from matching.taxonomy import Taxonomy
from matching.text import fold_cached

MAX_LISTED = 6


def _span(start, end) -> str:
    return f"{start.isoformat() if start else 'open'} to {end.isoformat() if end else 'open'}"


def _listing(items) -> str:
    items = list(items)
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")


def broken_rule_reasons(profile: Profile, q: Query, broken: list[str]) -> list[str]:
    o = q.opportunity
    out = []
    for rule in broken:
        if rule == "role":
            article = "an investment lead" if o.kind == "investment_lead" else "a fellowship"
            out.append(f"Not eligible: {article} needs the role {ROLE_FOR_KIND[o.kind]}.")
        elif rule == "language":
            gaps = [f"{code} at {o.languages[code]} (has {profile.languages.get(code, 'none')})"
                    for code, level in q.languages.items()
                    if CEFR_LEVEL.get(profile.languages.get(code), 0) < level]
            out.append("Not eligible: language below the required level: " + ", ".join(gaps) + ".")
        elif rule == "availability":
            out.append(f"Not eligible: available {_span(profile.available_from, profile.available_to)}, "
                       f"the assignment runs {_span(o.start, o.end)}.")
        elif rule == "work_mode":
            out.append(f"Not eligible: works remotely only, the assignment is {o.work_mode}.")
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

    def _skills(self, profile: Profile, reqs: list[Requirement], label: str) -> list[str]:
        held: dict[str, str] = {}  # canonical id -> what the person wrote
        for s in profile.skills:
            for m in self.taxonomy.resolve(s):
                held.setdefault(m.id, m.text)
        free = {fold_cached(s): s for s in profile.skills}
        domain = self._domain(held)
        out = []
        for r in reqs:
            hit = next((m for m in r.matches if m.id in held), None)
            if hit is not None:
                out.append(f"{label} skill: wrote '{held[hit.id]}' → {hit.name}.")
            elif not r.matches and fold_cached(r.text) in free:
                out.append(f"{label} skill: wrote '{free[fold_cached(r.text)]}', as asked.")
            elif r.matches and domain & self._requirement_domain([m.id for m in r.matches]):
                out.append(f"{label} skill {_names(r)}: only related experience (same acquis chapter or sector).")
            elif label == "Required":
                out.append(f"Missing required skill: {_names(r)}.")
        return out

    def reasons(self, profile: Profile, q: Query, values: dict[str, float], factor: float = 1.0) -> list[str]:
        """`factor`: what the score was multiplied by for years below the minimum (1: none missing)."""
        o, t = q.opportunity, self.taxonomy
        out = self._skills(profile, q.required, "Required") + self._skills(profile, q.preferred, "Preferred")
        if q.languages:
            held = [f"{code} {profile.languages[code]} (needs {o.languages[code]})"
                    for code in q.languages if code in profile.languages]
            if held:
                out.append("Languages: " + ", ".join(held) + ".")
        if q.start is not None or q.end is not None:
            if profile.available_from or profile.available_to:
                out.append(f"Available {_span(profile.available_from, profile.available_to)}; "
                           f"the assignment runs {_span(o.start, o.end)}.")
            else:
                out.append("Availability not stated.")
        if "chapters" in values:
            wanted = [c for c in range(1, 36) if q.chapters >> (c - 1) & 1]
            known = set(profile.acquis_chapters) | {c for s in profile.skills for m in t.resolve(s)
                                                    for c in t.chapters_of(m.id)}
            both = [f"{c} {t.chapters.get(c, '')}".strip() for c in wanted if c in known]
            if both:
                out.append("Acquis chapters: " + _listing(both) + ".")
            else:
                out.append("No experience stated in acquis chapters " + _listing(str(c) for c in wanted) + ".")
        if o.min_years_experience:
            missing = o.min_years_experience - profile.years_experience
            if missing > 0:
                out.append(f"{missing} {'year' if missing == 1 else 'years'} below the {o.min_years_experience} "
                           f"asked ({profile.years_experience} years of experience): score × {factor:.2f}.")
            else:
                out.append(f"{profile.years_experience} years of experience (minimum {o.min_years_experience}).")
        if "investment_sectors" in values:
            mine = {t.sector_of(s) for s in profile.investment_sectors} - {None}
            wanted = {s for s in t.sector_slugs if q.investment[t.sector_index[s] // 64]
                      >> (t.sector_index[s] % 64) & 1}
            common = sorted(t.sector_name(s) for s in mine & wanted)
            if common:
                out.append("Can bring investors in " + _listing(common) + ".")
        if o.target_countries:
            common = [c for c in o.target_countries if c in set(profile.network_countries)]
            if common:
                out.append(f"Network in {_listing(common)} (targets {_listing(o.target_countries)}).")
            else:
                out.append(f"No network in the target countries {_listing(o.target_countries)}.")
        if values.get("text", 0) >= 0.5:
            out.append("Summary and skills read close to the opportunity's description.")
        return out


def _names(r: Requirement) -> str:
    return ", ".join(m.name for m in r.matches) or r.text

