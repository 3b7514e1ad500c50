"""Development Agents and their investment leads: certification, claims, stage history, rewards."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow

REVIEW_DAYS = 10  # Connect Albania: documents are reviewed within 10 days of the application


class ApplicationStatus(enum.Enum):
    PENDING = "pending"
    CERTIFIED = "certified"
    REFUSED = "refused"


class AgentApplication(db.Model):
    """A member's request to be certified as a Development Agent; a refused member may apply again."""
    __tablename__ = "agent_applications"
    __table_args__ = (
        # At most one open or successful application per member, held by the database.
        # (Non-native enums store the member's name, hence the upper case in these predicates.)
        sa.Index("uq_agent_applications_active_user", "user_id", unique=True,
                 sqlite_where=sa.text("status IN ('PENDING', 'CERTIFIED')"),
                 postgresql_where=sa.text("status IN ('PENDING', 'CERTIFIED')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        sa.Enum(ApplicationStatus, native_enum=False, length=10), default=ApplicationStatus.PENDING, index=True)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    documents_reviewed_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    user = relationship("User", foreign_keys=[user_id])
    officer = relationship("User", foreign_keys=[officer_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def review_deadline(self) -> datetime:
        return self.applied_at + timedelta(days=REVIEW_DAYS)

    def days_left(self, now: datetime | None = None) -> int:
        """Whole days until the review deadline; negative once it has passed."""
        return (self.review_deadline.date() - (now or utcnow()).date()).days

    @property
    def reviewed_on_time(self) -> bool | None:
        if self.documents_reviewed_at is None:
            return None
        return self.documents_reviewed_at <= self.review_deadline


class DocumentKind(enum.Enum):
    """The proof Connect Albania's rule asks of an applicant, one document each."""
    IDENTITY = "identity"      # passport or identity card: who they are and that they are 18 or older
    RESIDENCE = "residence"    # permits or records showing five or more years of residence abroad
    EDUCATION = "education"    # secondary-school diploma or higher


class DocumentStatus(enum.Enum):
    SUBMITTED = "submitted"    # waiting for an officer
    ACCEPTED = "accepted"
    RESUBMIT = "resubmit"      # an officer asked for it again, with a reason


class AgentDocument(db.Model):
    """An applicant's document of one kind; the file lives outside static/ under a server-generated name.

    Uploading again (allowed until it is accepted) replaces the file and starts a new review."""
    __tablename__ = "agent_documents"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_agent_documents_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(sa.Enum(DocumentKind, native_enum=False, length=12))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    mime_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[DocumentStatus] = mapped_column(
        sa.Enum(DocumentStatus, native_enum=False, length=10), default=DocumentStatus.SUBMITTED, index=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # why it is asked again; the applicant reads it
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    user = relationship("User", foreign_keys=[user_id])

    __mapper_args__ = {"version_id_col": version}


class LeadStage(enum.Enum):
    REGISTERED = "registered"
    CONTACTED = "contacted"
    SITE_VISIT = "site_visit"
    NEGOTIATION = "negotiation"
    COMMITTED = "committed"
    REALISED = "realised"
    LOST = "lost"


class ClaimStatus(enum.Enum):
    HOLDER = "holder"        # the first claim on the company: the lead that counts
    DISPUTED = "disputed"    # a later claim on a company already claimed, waiting for an officer
    REJECTED = "rejected"    # an officer decided the claim belongs to another lead


class InvestmentLead(db.Model):
    """An investor an agent brings. `registered_at` stamps the agent's claim on the company.

    First claim wins, held by the database: a partial unique index allows one HOLDER lead per
    normalised company name, so of two concurrent registrations only one insert can succeed as
    holder; the other is recorded as DISPUTED.
    """
    __tablename__ = "investment_leads"
    __table_args__ = (
        sa.Index("uq_investment_leads_company_holder", "company_key", unique=True,
                 sqlite_where=sa.text("claim = 'HOLDER'"), postgresql_where=sa.text("claim = 'HOLDER'")),
        sa.CheckConstraint("expected_amount_eur >= 0", name="expected_amount_non_negative"),
        sa.CheckConstraint("expected_jobs >= 0", name="expected_jobs_non_negative"),
        sa.CheckConstraint("amount_invested_eur IS NULL OR amount_invested_eur >= 0", name="invested_non_negative"),
        sa.CheckConstraint("jobs_created IS NULL OR jobs_created >= 0", name="jobs_created_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    company: Mapped[str] = mapped_column(sa.String(200))
    company_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    origin_country: Mapped[str] = mapped_column(sa.String(2))
    sector: Mapped[str] = mapped_column(sa.String(40))
    municipality: Mapped[str] = mapped_column(sa.String(40))
    expected_amount_eur: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    expected_jobs: Mapped[int]
    stage: Mapped[LeadStage] = mapped_column(
        sa.Enum(LeadStage, native_enum=False, length=12), default=LeadStage.REGISTERED, index=True)
    claim: Mapped[ClaimStatus] = mapped_column(
        sa.Enum(ClaimStatus, native_enum=False, length=10), default=ClaimStatus.HOLDER, index=True)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    amount_invested_eur: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    jobs_created: Mapped[int | None]
    realised_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    agent = relationship("User")
    history = relationship("LeadStageChange", back_populates="lead", order_by="LeadStageChange.id")
    reward = relationship("AgentReward", back_populates="lead", uselist=False)

    __mapper_args__ = {"version_id_col": version}


class ImmutableHistory(Exception):
    """Raised when code tries to change or delete a row of a lead's stage history."""


class LeadStageChange(db.Model):
    """One stage move: insert-only, so the history of a lead can be trusted."""
    __tablename__ = "lead_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("investment_leads.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    from_stage: Mapped[LeadStage | None] = mapped_column(sa.Enum(LeadStage, native_enum=False, length=12))
    to_stage: Mapped[LeadStage] = mapped_column(sa.Enum(LeadStage, native_enum=False, length=12))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    lead = relationship("InvestmentLead", back_populates="history")
    actor = relationship("User")


class DisputeOutcome(enum.Enum):
    FIRST_CLAIM_KEPT = "first_claim_kept"
    AWARDED_TO_CLAIMANT = "awarded_to_claimant"


class ClaimResolution(db.Model):
    """An officer's decision on a disputed claim: who, when, why, and which lead holds the company."""
    __tablename__ = "lead_claim_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    disputed_lead_id: Mapped[int] = mapped_column(sa.ForeignKey("investment_leads.id"), unique=True)
    previous_holder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("investment_leads.id"))
    outcome: Mapped[DisputeOutcome] = mapped_column(sa.Enum(DisputeOutcome, native_enum=False, length=24))
    reason: Mapped[str] = mapped_column(sa.Text)
    officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer = relationship("User")


for _model in (LeadStageChange, ClaimResolution):
    @event.listens_for(_model, "before_update")
    def _refuse_update(mapper, connection, target):
        raise ImmutableHistory(f"{type(target).__name__} rows are a record: they cannot be changed")

    @event.listens_for(_model, "before_delete")
    def _refuse_delete(mapper, connection, target):
        raise ImmutableHistory(f"{type(target).__name__} rows are a record: they cannot be deleted")


class RewardStatus(enum.Enum):
    COMPUTED = "computed"
    APPROVED = "approved"
    PAID = "paid"


class AgentReward(db.Model):
    """The reward ledger: one row per realised lead, with the rule that computed it."""
    __tablename__ = "agent_rewards"
    __table_args__ = (sa.CheckConstraint("amount_eur >= 0", name="reward_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("investment_leads.id"), unique=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    amount_invested_eur: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    jobs_created: Mapped[int]
    share_percent: Mapped[Decimal] = mapped_column(sa.Numeric(6, 3))
    per_job_eur: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    cap_eur: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    share_eur: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    jobs_eur: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    amount_eur: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    status: Mapped[RewardStatus] = mapped_column(
        sa.Enum(RewardStatus, native_enum=False, length=10), default=RewardStatus.COMPUTED, index=True)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    paid_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    paid_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    lead = relationship("InvestmentLead", back_populates="reward")
    agent = relationship("User", foreign_keys=[agent_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])

    __mapper_args__ = {"version_id_col": version}
