"""Postings: the lists and lookups everyone reads (open postings, what a user may see), and the focal points'
use cases on their own institution's postings only."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select

from diaspora.auth.models import Role, User
from diaspora.concurrency import check_version, flush_versioned
from diaspora.errors import Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.institutions.models import Institution
from diaspora.opportunities import deadlines
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.paging import page_of
from diaspora.timeutil import today, utcnow


def open_postings(*criteria) -> Select:
    """Open postings, narrowed by `criteria`: every list of what people can take up starts here."""
    return select(Opportunity).where(Opportunity.is_open, *criteria)


def newest_open_page(page: int, per_page: int, search: str = "") -> Pagination:
    """Open postings, newest first: those whose title, description or institution (name in either language,
    acronym) contains `search` (any case), when given."""
    query = open_postings().order_by(Opportunity.opened_at.desc(), Opportunity.id.desc())
    if search:
        query = query.where(sa.or_(
            Opportunity.title.icontains(search, autoescape=True),
            Opportunity.description.icontains(search, autoescape=True),
            Opportunity.institution.has(sa.or_(*(column.icontains(search, autoescape=True) for column in (
                Institution.name, Institution.name_sq, Institution.acronym))))))
    return page_of(query, page, per_page)


def get_open(opportunity_id: int) -> Opportunity:
    """An open posting; a draft, closed or missing one answers 404 alike."""
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or not opportunity.is_open:
        raise NotFound(_("This opportunity does not exist or is closed."))
    return opportunity


def _visible(user: User):
    """Open postings for everyone; a focal point also sees its own drafts; staff see all."""
    if user.role in (Role.OFFICER, Role.ADMIN):
        return sa.true()
    if user.role is Role.MINISTRY and user.institution_id is not None:
        return sa.or_(Opportunity.is_open, Opportunity.institution_id == user.institution_id)
    return Opportunity.is_open


def visible_to(user: User, kind: Kind | None = None, status: OpportunityStatus | None = None) -> Select:
    statement = select(Opportunity).where(_visible(user)).order_by(Opportunity.id)
    if kind is not None:
        statement = statement.where(Opportunity.kind == kind)
    if status is not None:
        statement = statement.where(Opportunity.status == status)
    return statement


def get_visible(user: User, opportunity_id: int) -> Opportunity:
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.id == opportunity_id, _visible(user)))
    if opportunity is None:
        raise NotFound(_("This opportunity does not exist."))
    return opportunity


def _require_focal_point(user: User) -> int:
    if user.role is not Role.MINISTRY or user.institution_id is None:
        raise Forbidden(_("Only a ministry focal point can post opportunities."))
    return user.institution_id


def _apply(opportunity: Opportunity, values: dict) -> None:
    unknown = set(values) - opportunity.kind.fields
    if unknown:
        raise InvalidInput(_("These fields cannot be set: %(names)s", names=", ".join(sorted(unknown))))
    if "deadline" in values and values["deadline"] != opportunity.deadline:
        deadlines.check(values["deadline"])  # an unchanged past deadline does not block other edits
    for key, value in values.items():
        setattr(opportunity, key, value)


def institution_opportunities(user: User, kind: Kind | None = None) -> list[Opportunity]:
    institution_id = _require_focal_point(user)
    query = select(Opportunity).where(Opportunity.institution_id == institution_id)
    if kind is not None:
        query = query.where(Opportunity.kind == kind)
    return list(db.session.scalars(query.order_by(Opportunity.created_at.desc(), Opportunity.id.desc())))


def get_own(user: User, opportunity_id: int) -> Opportunity:
    """Another institution's posting answers 404, exactly like a missing one."""
    institution_id = _require_focal_point(user)
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.institution_id != institution_id:
        raise NotFound(_("This opportunity does not exist."))
    return opportunity


def create(user: User, kind: Kind, values: dict) -> Opportunity:
    institution_id = _require_focal_point(user)
    opportunity = Opportunity(kind=kind, institution_id=institution_id, created_by_id=user.id,
                              status=OpportunityStatus.DRAFT)
    _apply(opportunity, values)
    db.session.add(opportunity)
    db.session.flush()
    return opportunity


def update(user: User, opportunity_id: int, values: dict, expected_version: int | None = None) -> Opportunity:
    opportunity = get_own(user, opportunity_id)
    check_version(opportunity, expected_version)
    _apply(opportunity, values)
    flush_versioned()
    return opportunity


def open_posting(user: User, opportunity_id: int) -> tuple[Opportunity, bool]:
    """Open a posting; also says whether this is its first opening (members who fit are told only then:
    re-opening a closed posting announces nothing)."""
    opportunity = get_own(user, opportunity_id)
    if opportunity.status is OpportunityStatus.OPEN:
        return opportunity, False
    deadlines.check_can_open(opportunity.deadline)
    first_opening = opportunity.opened_at is None
    opportunity.status = OpportunityStatus.OPEN
    opportunity.opened_at = utcnow()
    opportunity.closed_at = None
    db.session.flush()
    return opportunity, first_opening


def close_posting(user: User, opportunity_id: int) -> Opportunity:
    opportunity = get_own(user, opportunity_id)
    if opportunity.status is not OpportunityStatus.CLOSED:
        _close(opportunity)
        db.session.flush()
    return opportunity


def close_expired() -> int:
    """Close the open postings whose deadline has passed (they already count as closed: this records it)."""
    expired = list(db.session.scalars(select(Opportunity).where(
        Opportunity.status == OpportunityStatus.OPEN, Opportunity.deadline < today())))
    for opportunity in expired:
        _close(opportunity)
    db.session.flush()
    return len(expired)


def _close(opportunity: Opportunity) -> None:
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.closed_at = utcnow()
