"""Version stamps that keep every worker's in-memory index and scorer current."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from diaspora.extensions import db
from diaspora.timeutil import utcnow

STATE_ID = 1


class MatchIndexState(db.Model):
    """A single row whose `version` rises by one in every transaction that changes a profile.

    The UPDATE that bumps it locks the row until commit, so versions become visible in commit order:
    a worker that sees version V has every change <= V committed, and none can appear later below V.
    """
    __tablename__ = "match_index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Raised by `flask matching rebuild-index` once its snapshot is built: every worker maps it at its next request.
    epoch: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.CheckConstraint("version >= 0", name="version_non_negative"),)


class ProfileChange(db.Model):
    """Which profiles changed at which version, so a worker at version v applies only the changes > v."""
    __tablename__ = "match_profile_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(index=True)  # no foreign key: the log outlives erased rows
    version: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MatchModel(db.Model):
    """A learnt scorer saved under MATCHING_MODEL_DIR; the newest row is the one every worker uses."""
    __tablename__ = "match_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(sa.String(64))
    filename: Mapped[str] = mapped_column(sa.String(200), unique=True)
    message: Mapped[str] = mapped_column(sa.String(300), default="")
    n_decisions: Mapped[int] = mapped_column(default=0)
    metrics: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # {"before": {...}, "after": {...}}
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
