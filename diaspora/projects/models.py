"""Local projects of diaspora organisations: a proposal in answer to a call (an opportunity of kind local_project),
the officers' scores of it, and, once the institution accepts it, the project followed by milestones and expenses
against its approved budget."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class ProjectProposal(db.Model):
    """An organisation's proposal for a call; officers score it against the call's criteria (1-5 each)."""
    __tablename__ = "project_proposals"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "opportunity_id", name="uq_project_proposals_pair"),
        sa.CheckConstraint("budget_eur > 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)  # the organisation's
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    budget_eur: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))  # asked for
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scores: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # {"relevance": 4, ...}
    recommended_budget_eur: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    scored_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    scored_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    profile = relationship("MemberProfile")
    opportunity = relationship("Opportunity")

    __mapper_args__ = {"version_id_col": version}

    @property
    def total_score(self) -> int | None:
        return sum(self.scores.values()) if self.scores else None


class ProjectStatus(enum.Enum):
    ACTIVE = "active"
    COMPLETED = "completed"


class LocalProject(db.Model):
    """An accepted proposal being carried out, with the budget the institution approved."""
    __tablename__ = "local_projects"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "opportunity_id", name="uq_local_projects_pair"),
        sa.CheckConstraint("budget_eur > 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), index=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    budget_eur: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    status: Mapped[ProjectStatus] = mapped_column(sa.Enum(ProjectStatus, native_enum=False, length=10),
                                                  default=ProjectStatus.ACTIVE, index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    profile = relationship("MemberProfile")
    opportunity = relationship("Opportunity")
    institution = relationship("Institution")
    milestones = relationship("ProjectMilestone", back_populates="project",
                              order_by="(ProjectMilestone.due_date, ProjectMilestone.id)")
    expenses = relationship("ProjectExpense", back_populates="project",
                            order_by="(ProjectExpense.spent_on, ProjectExpense.id)")

    __mapper_args__ = {"version_id_col": version}

    @property
    def spent_eur(self) -> Decimal:
        return sum((expense.amount_eur for expense in self.expenses), Decimal("0"))


class ProjectMilestone(db.Model):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("local_projects.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    due_date: Mapped[date]
    done_at: Mapped[datetime | None]  # None: planned
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project = relationship("LocalProject", back_populates="milestones")


class ProjectExpense(db.Model):
    __tablename__ = "project_expenses"
    __table_args__ = (sa.CheckConstraint("amount_eur > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("local_projects.id"), index=True)
    spent_on: Mapped[date]
    description: Mapped[str] = mapped_column(sa.String(300))
    amount_eur: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project = relationship("LocalProject", back_populates="expenses")
