"""The opportunities institutions post: one model for every kind of opportunity."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.kinds.registry import KindType, OpportunityKind  # noqa: F401  (re-exported)
from diaspora.timeutil import today, utcnow


class OpportunityStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class WorkMode(enum.Enum):
    ONSITE = "onsite"
    REMOTE = "remote"
    HYBRID = "hybrid"


class Opportunity(db.Model):
    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    kind: Mapped[Kind] = mapped_column(KindType())  # one of the registered kinds (opportunities/kinds/)
    status: Mapped[OpportunityStatus] = mapped_column(
        sa.Enum(OpportunityStatus, native_enum=False, length=10), default=OpportunityStatus.DRAFT, index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # The columns each kind's postings use are its Kind.fields.
    acquis_chapters: Mapped[list] = mapped_column(sa.JSON, default=list)
    required_skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    preferred_skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    languages: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    min_years_experience: Mapped[int | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    work_mode: Mapped[WorkMode] = mapped_column(sa.Enum(WorkMode, native_enum=False, length=10),
                                                default=WorkMode.REMOTE)
    positions: Mapped[int] = mapped_column(default=1)
    deadline: Mapped[date | None]
    sector: Mapped[str] = mapped_column(sa.String(120), default="")
    region: Mapped[str] = mapped_column(sa.String(120), default="")
    target_countries: Mapped[list] = mapped_column(sa.JSON, default=list)
    amount_eur: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    # Mentorship and twinning (docs/contract/KINDS.md): sessions or joint activities agreed, who is mentored,
    # the counterpart sought abroad.
    sessions: Mapped[int | None]
    mentee_type: Mapped[str] = mapped_column(sa.String(20), default="")
    counterpart_field: Mapped[str] = mapped_column(sa.String(200), default="")
    counterpart_countries: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Field projects (kinds/field_project.py): who may apply, who supervises, what is handed in at the end.
    study_levels: Mapped[list] = mapped_column(sa.JSON, default=list)
    fields_of_study: Mapped[list] = mapped_column(sa.JSON, default=list)
    supervisor: Mapped[str] = mapped_column(sa.String(160), default="")
    deliverable: Mapped[str] = mapped_column(sa.Text, default="")
    # Local projects (kinds/local_project.py): the call's budget ceiling.
    budget_eur: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))

    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    # Joined: pages list postings with their institution's name; loading it per posting cost a query each.
    institution = relationship("Institution", back_populates="opportunities", lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("positions >= 1", name="positions_positive"),
        sa.CheckConstraint("amount_eur IS NULL OR amount_eur >= 0", name="amount_non_negative"),
        sa.CheckConstraint("sessions IS NULL OR sessions >= 1", name="sessions_positive"),
        sa.CheckConstraint("budget_eur IS NULL OR budget_eur > 0", name="budget_positive"),
    )

    @hybrid_property
    def is_open(self) -> bool:
        """Open for candidates: on a row, or as a query criterion (`where(Opportunity.is_open)`). A posting whose
        deadline has passed counts as closed at once, before `flask postings close-expired` records it."""
        return self.status == OpportunityStatus.OPEN and (self.deadline is None or self.deadline >= today())

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return sa.and_(cls.status == OpportunityStatus.OPEN,
                       sa.or_(cls.deadline.is_(None), cls.deadline >= today()))

    def __repr__(self) -> str:
        return f"<Opportunity {self.id} {self.kind.value} {self.status.value}>"
