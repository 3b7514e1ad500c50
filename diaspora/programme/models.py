"""The programme's workflow records: decisions on candidates (an audit trail), interests, placements, engagements."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class DecisionAction(enum.Enum):
    SHORTLIST = "shortlist"
    PROPOSE = "propose"
    REJECT = "reject"
    NOTE = "note"
    MINISTRY_ACCEPT = "ministry_accept"
    MINISTRY_DECLINE = "ministry_decline"


# The actions that move a pair's status; a note only comments on it.
STATUS_ACTIONS = frozenset(DecisionAction) - {DecisionAction.NOTE}


class ImmutableRecord(Exception):
    """Raised when code tries to change or delete a row of the decision trail."""


class MatchDecision(db.Model):
    """One decision on one (profile, opportunity) pair. Insert-only: the current status is the latest row."""
    __tablename__ = "match_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[DecisionAction] = mapped_column(sa.Enum(DecisionAction, native_enum=False, length=20))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    interview_date: Mapped[date | None]
    # The engine's view at decision time (score, eligibility, reasons, contributions): what the
    # ministry is shown for a proposal, and what was known when the decision was made.
    score: Mapped[float | None]
    match: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor = relationship("User")
    profile = relationship("MemberProfile")
    opportunity = relationship("Opportunity")


@event.listens_for(MatchDecision, "before_update")
def _refuse_update(mapper, connection, target):
    raise ImmutableRecord("match decisions are an audit trail: they cannot be changed")


@event.listens_for(MatchDecision, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise ImmutableRecord("match decisions are an audit trail: they cannot be deleted")


class Interest(db.Model):
    """A member said they are interested in an opportunity."""
    __tablename__ = "member_interests"
    __table_args__ = (sa.UniqueConstraint("profile_id", "opportunity_id", name="uq_member_interests_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlacementStatus(enum.Enum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class Placement(db.Model):
    """An accepted expert placed in a fellowship.

    Capacity: each placement takes a numbered slot 1..positions of its fellowship, and
    (opportunity_id, slot) is unique. The service picks the lowest free slot; two requests racing
    for the last one both pick it and the database refuses the second insert (409). A unique
    constraint was chosen over SELECT ... FOR UPDATE because it holds identically on SQLite and
    PostgreSQL, needs no lock ordering, and stays true even for rows written outside the service.
    """
    __tablename__ = "placements"
    __table_args__ = (
        sa.UniqueConstraint("opportunity_id", "slot", name="uq_placements_opportunity_slot"),
        sa.UniqueConstraint("profile_id", "opportunity_id", name="uq_placements_profile_opportunity"),
        sa.CheckConstraint("slot >= 1", name="slot_positive"),
        sa.CheckConstraint("end_date >= start_date", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    slot: Mapped[int]
    mentor_name: Mapped[str] = mapped_column(sa.String(160), default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[PlacementStatus] = mapped_column(
        sa.Enum(PlacementStatus, native_enum=False, length=12), default=PlacementStatus.PLANNED, index=True)
    end_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    # Field projects' deliverable (lifecycle "field_project"): handed in by the member, accepted by an officer.
    deliverable_text: Mapped[str] = mapped_column(sa.Text, default="")
    deliverable_submitted_at: Mapped[datetime | None]
    deliverable_accepted_at: Mapped[datetime | None]

    profile = relationship("MemberProfile")
    opportunity = relationship("Opportunity")
    institution = relationship("Institution")
    reports = relationship("ProgressReport", back_populates="placement", order_by="ProgressReport.month")
    evaluation = relationship("PlacementEvaluation", back_populates="placement", uselist=False)

    __mapper_args__ = {"version_id_col": version}


class ProgressReport(db.Model):
    """A monthly report; each deliverable names one of the fellowship's acquis chapters."""
    __tablename__ = "placement_reports"
    __table_args__ = (sa.UniqueConstraint("placement_id", "month", name="uq_placement_reports_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"), index=True)
    month: Mapped[date]  # the first day of the month reported on
    text: Mapped[str] = mapped_column(sa.Text)
    deliverables: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"chapter": 5, "text": "..."}]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement = relationship("Placement", back_populates="reports")


class PlacementEvaluation(db.Model):
    __tablename__ = "placement_evaluations"
    __table_args__ = (sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"), unique=True)
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement = relationship("Placement", back_populates="evaluation")


class EngagementStatus(enum.Enum):
    ACTIVE = "active"
    COMPLETED = "completed"


class Engagement(db.Model):
    """An accepted member's engagement in a posting tracked by what is held together (a mentorship's sessions, a
    twinning's joint activities): a log counted against the number agreed, ending with both sides' feedback."""
    __tablename__ = "engagements"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "opportunity_id", name="uq_engagements_profile_opportunity"),
        sa.CheckConstraint("agreed >= 1", name="agreed_positive"),
        sa.CheckConstraint("member_rating IS NULL OR member_rating BETWEEN 1 AND 5", name="member_rating_range"),
        sa.CheckConstraint("institution_rating IS NULL OR institution_rating BETWEEN 1 AND 5",
                           name="institution_rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    agreed: Mapped[int]  # sessions or joint activities agreed (the posting's at acceptance)
    status: Mapped[EngagementStatus] = mapped_column(
        sa.Enum(EngagementStatus, native_enum=False, length=12), default=EngagementStatus.ACTIVE, index=True)
    member_rating: Mapped[int | None]
    member_feedback: Mapped[str] = mapped_column(sa.Text, default="")
    institution_rating: Mapped[int | None]
    institution_feedback: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    profile = relationship("MemberProfile")
    opportunity = relationship("Opportunity")
    institution = relationship("Institution")
    entries = relationship("EngagementEntry", back_populates="engagement",
                           order_by="(EngagementEntry.held_on, EngagementEntry.id)")

    __mapper_args__ = {"version_id_col": version}


class EngagementEntry(db.Model):
    """One session or joint activity held: its date and what was done."""
    __tablename__ = "engagement_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(sa.ForeignKey("engagements.id"), index=True)
    held_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    engagement = relationship("Engagement", back_populates="entries")
