"""Report exports as CSV and Excel: translated headers, cells that no spreadsheet runs as a formula."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from diaspora import audit, reference
from diaspora.auth.models import Role, User
from diaspora.errors import Forbidden
from diaspora.extensions import db
from diaspora.investments.ledger import REWARD_LABELS
from diaspora.investments.leads import STAGE_LABELS
from diaspora.investments.models import (AgentApplication, AgentReward, ApplicationStatus, ClaimStatus,
                                         InvestmentLead)
from diaspora.investments.reference import sector_name
from diaspora.members.models import MemberProfile
from diaspora.programme.models import Engagement, EngagementStatus, Placement, PlacementStatus
from diaspora.projects.models import LocalProject, ProjectStatus
from diaspora.reference import local_sector_name
from diaspora.reports.queries import Period, days_to_placement
from diaspora.reports.supply import build_supply, chapter_label, sector_label
from diaspora.formatting import institution_name

# A spreadsheet treats a text cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that could run as a formula is prefixed with a quote; numbers and dates stay typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _person(user: User | None) -> str:
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile else "") if user else ""


# Statuses, stages, sectors and institutions are written in the reader's language, like the pages show them.
PLACEMENT_STATUS_LABELS = {PlacementStatus.PLANNED: _l("Planned"), PlacementStatus.ACTIVE: _l("Active"),
                           PlacementStatus.COMPLETED: _l("Completed"), PlacementStatus.ENDED_EARLY: _l("Ended early")}
ENGAGEMENT_STATUS_LABELS = {EngagementStatus.ACTIVE: _l("Under way"), EngagementStatus.COMPLETED: _l("Completed")}
CLAIM_LABELS = {ClaimStatus.HOLDER: _l("First claim"), ClaimStatus.DISPUTED: _l("Disputed claim"),
                ClaimStatus.REJECTED: _l("Claim rejected")}


def _placements(period: Period) -> list[list]:
    rows = db.session.scalars(select(Placement).where(*period.where(Placement.created_at)).order_by(Placement.id))
    return [[p.id, p.profile.full_name, p.opportunity.title, institution_name(p.institution),
             ", ".join(str(c) for c in p.opportunity.acquis_chapters or []), str(PLACEMENT_STATUS_LABELS[p.status]),
             p.start_date, p.end_date, p.created_at, days_to_placement(p.opportunity, p)] for p in rows]


def _engagements(period: Period) -> list[list]:
    rows = db.session.scalars(select(Engagement).where(*period.where(Engagement.created_at)).order_by(Engagement.id))
    return [[e.id, e.profile.full_name, str(e.opportunity.kind.label), e.opportunity.title,
             institution_name(e.institution), e.agreed, len(e.entries), str(ENGAGEMENT_STATUS_LABELS[e.status]),
             e.member_rating, e.institution_rating, e.created_at, e.completed_at] for e in rows]


PROJECT_STATUS_LABELS = {ProjectStatus.ACTIVE: _l("Under way"), ProjectStatus.COMPLETED: _l("Completed")}


def _local_projects(period: Period) -> list[list]:
    rows = db.session.scalars(select(LocalProject).where(*period.where(LocalProject.created_at))
                              .order_by(LocalProject.id))
    return [[p.id, p.profile.full_name, p.opportunity.title, institution_name(p.institution),
             local_sector_name(p.opportunity.sector), p.opportunity.region, p.budget_eur, p.spent_eur,
             sum(m.done_at is not None for m in p.milestones), len(p.milestones), str(PROJECT_STATUS_LABELS[p.status]),
             p.created_at, p.completed_at] for p in rows]


def _investments(period: Period) -> list[list]:
    rows = db.session.scalars(select(InvestmentLead).where(*period.where(InvestmentLead.registered_at))
                              .order_by(InvestmentLead.id))
    return [[lead.id, lead.company, _person(lead.agent), lead.origin_country, sector_name(lead.sector),
             lead.municipality, str(STAGE_LABELS[lead.stage]), str(CLAIM_LABELS[lead.claim]),
             lead.expected_amount_eur, lead.expected_jobs, lead.amount_invested_eur, lead.jobs_created,
             lead.registered_at, lead.realised_at] for lead in rows]


def _rewards(period: Period) -> list[list]:
    rows = db.session.scalars(select(AgentReward).where(*period.where(AgentReward.computed_at))
                              .order_by(AgentReward.id))
    return [[r.id, r.lead.company, _person(r.agent), r.amount_invested_eur, r.jobs_created, r.share_percent,
             r.per_job_eur, r.cap_eur, r.share_eur, r.jobs_eur, r.amount_eur, str(REWARD_LABELS[r.status]),
             r.computed_at, r.approved_at, r.paid_at] for r in rows]


def _profiles(period: Period) -> list[list]:
    certified = set(db.session.scalars(select(AgentApplication.user_id).where(
        AgentApplication.status == ApplicationStatus.CERTIFIED)))
    # Only people taking part (consent given, not erased), like the bulk export: a withdrawn consent ends processing.
    rows = db.session.scalars(select(MemberProfile).where(MemberProfile.matchable, *period.where(MemberProfile.created_at))
                              .order_by(MemberProfile.id))
    return [[p.id, p.full_name, p.country, p.city, p.is_expert, p.is_agent, p.user_id in certified,
             p.years_experience, ", ".join(f"{code} {level}" for code, level in (p.languages or {}).items()),
             ", ".join(str(c) for c in p.acquis_chapters or []), ", ".join(p.skills or []), p.created_at]
            for p in rows]


def _supply(period: Period) -> list[list]:
    report = build_supply(period)
    return [[str(dimension), label(line.key), line.postings, line.positions, line.open_positions, line.candidates,
             line.proposals, line.accepted, line.gap]
            for dimension, label, lines in ((_l("Acquis chapter"), chapter_label, report.chapters),
                                            (_l("Investment sector"), sector_label, report.sectors))
            for line in lines]


def _residence(period: Period) -> list[list]:
    report = build_supply(period, cities=10_000)
    return ([[reference.country_name(code), "", n] for code, n in report.countries] +
            [[reference.country_name(code), city, n] for code, city, n in report.cities])


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    headers: tuple
    rows: Callable[[Period], list[list]]
    roles: frozenset[Role]


STAFF = frozenset({Role.OFFICER, Role.ADMIN})
DATASETS = {d.name: d for d in (
    Dataset("placements", _l("Placements"),
            (_l("Placement"), _l("Expert"), _l("Fellowship"), _l("Institution"), _l("Acquis chapters"),
                           _l("Status"), _l("Start"), _l("End"), _l("Placed on"), _l("Days from posting")),
            _placements, STAFF),
    Dataset("engagements", _l("Mentorships and twinnings"),
            (_l("Engagement"), _l("Diaspora member"), _l("Kind"), _l("Posting"), _l("Institution"),
             _l("Agreed"), _l("Held"), _l("Status"), _l("Member's rating"),
             _l("Institution's rating"), _l("Started"), _l("Completed")),
            _engagements, STAFF),
    Dataset("local_projects", _l("Local projects"),
            (_l("Project"), _l("Organisation"), _l("Call"), _l("Institution"), _l("Sector"),
             _l("Region of Albania"), _l("Approved budget"), _l("Spent"), _l("Milestones done"),
             _l("Milestones"), _l("Status"), _l("Accepted"), _l("Completed")),
            _local_projects, STAFF),
    Dataset("investments", _l("Investment leads"),
            (_l("Lead"), _l("Company"), _l("Agent"), _l("Origin country"), _l("Sector"),
                            _l("Municipality"), _l("Stage"), _l("Claim"), _l("Expected EUR"), _l("Expected jobs"),
                            _l("Invested EUR"), _l("Jobs created"), _l("Registered"), _l("Realised")),
            _investments, STAFF),
    Dataset("rewards", _l("Rewards"),
            (_l("Reward"), _l("Company"), _l("Agent"), _l("Invested EUR"), _l("Jobs created"),
                        _l("Share %"), _l("EUR per job"), _l("Cap EUR"), _l("Share EUR"), _l("Jobs EUR"),
                        _l("Reward EUR"), _l("Status"), _l("Computed"), _l("Approved"), _l("Paid")),
            _rewards, STAFF),
    # Whole profiles are personal data: program officers only, who work with them every day.
    Dataset("profiles", _l("Member profiles"),
            (_l("Profile"), _l("Full name"), _l("Country of residence"), _l("City"), _l("Expert"),
                         _l("Development Agent"), _l("Certified agent"), _l("Years of experience"),
                         _l("Languages"), _l("Acquis chapters"), _l("Skills"), _l("Registered")),
            _profiles, frozenset({Role.OFFICER})),
    # Counts only, no person: the figures of the skills supply page (reports/supply.py).
    Dataset("supply", _l("Skills supply and demand"),
            (_l("Dimension"), _l("Chapter or sector"), _l("Postings"), _l("Positions"), _l("Positions still open"),
             _l("Members who could fill them"), _l("Proposals"), _l("Placements"), _l("Gap")), _supply, STAFF),
    Dataset("residence", _l("Members by country and city of residence"),
            (_l("Country of residence"), _l("City"), _l("Members")), _residence, STAFF),
)}


@dataclass(frozen=True)
class Export:
    filename: str
    mimetype: str
    content: bytes
    rows: int


def _text(value) -> object:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    return value


def _csv(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(v.isoformat(sep=" ", timespec="minutes") if isinstance(v, datetime)
                                    else _text(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8 (ë, ç)


def _xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(_text(v)) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(actor: User, name: str, fmt: str, period: Period) -> Export:
    dataset = DATASETS[name]
    if actor.role not in dataset.roles:
        raise Forbidden(_("This export is for program officers only."))
    headers = [str(h) for h in dataset.headers]
    rows = dataset.rows(period)
    stamp = date.today().isoformat()
    if fmt == "xlsx":
        result = Export(f"ura-{name}-{stamp}.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        _xlsx(name, headers, rows), len(rows))
    else:
        result = Export(f"ura-{name}-{stamp}.csv", "text/csv; charset=utf-8", _csv(headers, rows), len(rows))
    audit.record("report_exported", actor_id=actor.id, object_type="report", object_id=name, format=fmt,
                 rows=len(rows), start=period.start.isoformat() if period.start else None,
                 end=period.end.isoformat() if period.end else None)
    return result
