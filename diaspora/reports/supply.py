"""Skills supply against demand, for government: per acquis chapter and per investment sector, the positions
institutions ask for, the members who could fill them, proposals, acceptances, and the gaps; and where the
members live. Request-free and read-only.

Every figure is an aggregate query (GROUP BY, JSON lists unnested in SQL), so the page costs the same few
queries at 100,000 profiles as at 100 (docs/supply-and-fairness.md has the figures). Postings count by kind
through the registry: a kind whose postings name acquis chapters (or a sector) appears here by itself.

Period: demand counts postings opened in it, proposals and acceptances count decisions made in it; supply is a
stock, the members taking part who had registered by the period's end.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa
from matching.taxonomy import default_taxonomy

from diaspora import reference
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.kinds.registry import all_kinds
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.programme.models import DecisionAction, MatchDecision
from diaspora.reports.queries import Period
from diaspora.taxonomy_names import taxonomy_name


@dataclass
class Line:
    """One chapter or sector: demand, supply and what the programme did about it."""
    key: str  # the chapter's number, or the sector's taxonomy slug (or the text typed when it is none)
    postings: int = 0
    positions: int = 0
    open_positions: int = 0  # of those postings, positions still open today
    candidates: int = 0  # members taking part who name it
    proposals: int = 0
    accepted: int = 0  # the institution's acceptances: a placement, or the start of an engagement

    @property
    def gap(self) -> bool:
        """Demand and no one to meet it."""
        return self.positions > 0 and self.candidates == 0


@dataclass
class Supply:
    chapters: list[Line] = field(default_factory=list)
    sectors: list[Line] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)  # (country code, members), most first
    cities: list[tuple[str, str, int]] = field(default_factory=list)  # (country, city, members), most first
    members: int = 0

    @property
    def chapter_gaps(self) -> list[Line]:
        return [line for line in self.chapters if line.gap]


def _elements(column):
    """The items of a JSON list (a column, or its text) as a table with one `value` column: SQLite's json_each,
    PostgreSQL's json_array_elements_text. The one place this module depends on the database."""
    if db.engine.dialect.name == "postgresql":
        return sa.func.json_array_elements_text(sa.cast(column, sa.JSON)).table_valued("value").alias("item")
    return sa.func.json_each(column).table_valued("value").alias("item")


def _members(period: Period) -> list:
    """Members taking part, registered by the end of the period: the condition of ix_member_profiles_supply, so
    that every member count reads that small index instead of the wide rows of the table."""
    _low, high = period.bounds()
    return [MemberProfile.matchable, *([MemberProfile.created_at < high] if high is not None else [])]


def _member_items(column, period: Period, item=lambda value: value) -> list[tuple]:
    """(item, members) for a JSON list column of the members. Members' lists are grouped first, so each distinct
    list is parsed once rather than once per member (at 100,000 profiles: 30 ms instead of 190)."""
    as_text = sa.cast(column, sa.Text)
    lists = (sa.select(as_text.label("items"), sa.func.count().label("members"))
             .where(*_members(period)).group_by(as_text).subquery())
    items = _elements(lists.c["items"])
    value = item(items.c.value)
    return db.session.execute(sa.select(value, sa.func.sum(lists.c.members)).select_from(lists)
                              .join(items, sa.true()).group_by(value)).all()


def _postings(kinds) -> list:
    return [Opportunity.kind.in_(kinds), Opportunity.status != OpportunityStatus.DRAFT]


def _demand(key, item, kinds, period: Period, lines: dict) -> None:
    """Postings opened in the period and their positions, per key (an SQL expression over a posting and, for
    a JSON list, its unnested `item`)."""
    statement = (sa.select(key, sa.func.count(Opportunity.id), sa.func.sum(Opportunity.positions),
                           sa.func.sum(sa.case((Opportunity.is_open, Opportunity.positions), else_=0)))
                 .select_from(Opportunity))
    if item is not None:
        statement = statement.join(item, sa.true())
    for value, postings, positions, still_open in db.session.execute(
            statement.where(*_postings(kinds), *period.where(Opportunity.opened_at)).group_by(key)):
        line = lines[value]
        line.postings += postings
        line.positions += int(positions or 0)
        line.open_positions += int(still_open or 0)


def _decisions(key, item, kinds, period: Period, lines: dict) -> None:
    """Proposals and acceptances made in the period on those postings, per key: pairs (member, posting), not
    rows (a pair proposed again after a decline counts once)."""
    pairs = (sa.select(MatchDecision.profile_id, MatchDecision.opportunity_id, MatchDecision.action)
             .where(MatchDecision.action.in_((DecisionAction.PROPOSE, DecisionAction.MINISTRY_ACCEPT)),
                    *period.where(MatchDecision.created_at)).distinct().subquery())
    statement = (sa.select(key, pairs.c.action, sa.func.count()).select_from(pairs)
                 .join(Opportunity, Opportunity.id == pairs.c.opportunity_id))
    if item is not None:
        statement = statement.join(item, sa.true())
    for value, action, count in db.session.execute(
            statement.where(*_postings(kinds)).group_by(key, pairs.c.action)):
        if DecisionAction(action) is DecisionAction.PROPOSE:
            lines[value].proposals += count
        else:
            lines[value].accepted += count


def _chapters(period: Period) -> list[Line]:
    kinds = [kind for kind in all_kinds() if "acquis_chapters" in kind.fields]
    if not kinds:
        return []
    lines: dict = defaultdict(lambda: Line(""))
    chapter = _elements(Opportunity.acquis_chapters)
    number = sa.cast(chapter.c.value, sa.Integer)
    _demand(number, chapter, kinds, period, lines)
    _decisions(number, chapter, kinds, period, lines)
    for value, count in _member_items(MemberProfile.acquis_chapters, period, lambda v: sa.cast(v, sa.Integer)):
        lines[value].candidates += int(count)
    for number, line in lines.items():
        line.key = str(number)
    return [lines[n] for n in sorted(lines)]


@lru_cache(maxsize=8192)
def _sector_slug(text: str) -> str:
    """A typed sector ("Agritourism", "agroturizëm") as the taxonomy's sector, so that the posting's and the
    members' words meet; text the taxonomy does not know stays as typed."""
    return default_taxonomy().sector_of(text) or text.strip()


def chapter_label(key: str) -> str:
    return f"{key}. {reference.chapter_title(int(key))}"


def sector_label(key: str) -> str:
    """The sector's taxonomy name in the reader's language, or the text typed when the taxonomy lacks it."""
    return taxonomy_name(default_taxonomy().sector_name(key))


def _sectors(period: Period) -> list[Line]:
    kinds = [kind for kind in all_kinds() if "sector" in kind.fields]
    if not kinds:
        return []
    by_text: dict = defaultdict(lambda: Line(""))
    _demand(Opportunity.sector, None, kinds, period, by_text)
    _decisions(Opportunity.sector, None, kinds, period, by_text)
    # Distinct words are few: each is looked up in the taxonomy once, never once per member.
    supply = _member_items(MemberProfile.investment_sectors, period, lambda v: sa.func.lower(sa.func.trim(v)))
    lines: dict[str, Line] = {}
    for text, line in by_text.items():
        merged = lines.setdefault(_sector_slug(text), Line(_sector_slug(text)))
        for name in ("postings", "positions", "open_positions", "proposals", "accepted"):
            setattr(merged, name, getattr(merged, name) + getattr(line, name))
    # Only sectors institutions asked for: members' own words are free text, shown where they meet a demand.
    for text, count in supply:
        if _sector_slug(text) in lines:
            lines[_sector_slug(text)].candidates += int(count)
    return sorted(lines.values(), key=lambda line: (-line.positions, line.key))


def _residence(report: Supply, period: Period, cities: int) -> None:
    """Members per (country, city) in one query; the countries' totals are the sums of their cities' rows."""
    city = sa.func.trim(MemberProfile.city)
    places = db.session.execute(sa.select(MemberProfile.country, city, sa.func.count()).where(*_members(period))
                                .group_by(MemberProfile.country, city)).all()
    countries: dict[str, int] = defaultdict(int)
    for country, _city, count in places:
        countries[country] += count
    report.countries = sorted(countries.items(), key=lambda item: (-item[1], item[0]))
    report.members = sum(countries.values())
    report.cities = sorted(((country, name, count) for country, name, count in places if name),
                           key=lambda row: (-row[2], row[0], row[1]))[:cities]


def build_supply(period: Period, cities: int = 25) -> Supply:
    report = Supply(chapters=_chapters(period), sectors=_sectors(period))
    _residence(report, period, cities)
    return report
