"""In-app notifications and each user's opt-in per kind."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class NotificationKind(enum.Enum):
    PROPOSAL_TO_MINISTRY = "proposal_to_ministry"      # a candidate was proposed (to the ministry and the member)
    MINISTRY_DECISION = "ministry_decision"            # the ministry accepted or declined
    PLACEMENT_START = "placement_start"
    PLACEMENT_END = "placement_end"
    OPPORTUNITY_FIT = "opportunity_fit"                # a new opportunity fits the member well
    LEAD_STAGE = "lead_stage"                          # an investment lead changed stage
    LEAD_CLAIM = "lead_claim"                          # an officer settled a dispute over a lead's company
    REWARD_APPROVED = "reward_approved"
    ACCOUNT = "account"                                # certification and other account news


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(sa.Enum(NotificationKind, native_enum=False, length=30))
    # The message is rendered at read time from a template and params, so it follows the reader's language.
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed: Mapped[bool] = mapped_column(default=False)


class NotificationPreference(db.Model):
    """A row exists only where the user changed the default (in-app on, email on)."""
    __tablename__ = "notification_preferences"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(sa.Enum(NotificationKind, native_enum=False, length=30))
    in_app: Mapped[bool] = mapped_column(default=True)
    email: Mapped[bool] = mapped_column(default=True)


class OpportunityFitNotice(db.Model):
    """A member was told that a new posting fits them: recorded so that it never happens twice."""
    __tablename__ = "opportunity_fit_notices"
    __table_args__ = (sa.UniqueConstraint("opportunity_id", "user_id", name="uq_opportunity_fit_notices_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(sa.ForeignKey("opportunities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
