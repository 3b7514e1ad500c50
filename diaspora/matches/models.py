"""Version stamps that keep every worker's in-memory index and scorer current, and the curated vocabulary."""
from __future__ import annotations

import enum
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
    # Raised by every curation decision that changes how a term reads (CuratedTerm.vocabulary_version).
    vocabulary: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")

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


class TermStatus(enum.Enum):
    PENDING = "pending"
    ALIAS = "alias"  # read as an existing concept
    CONCEPT = "concept"  # read as a concept created for it
    DISMISSED = "dismissed"  # stays free text


class CuratedTerm(db.Model):
    """A typed skill that the packaged taxonomy reads as no concept, and what an administrator decided for it."""
    __tablename__ = "curated_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(400), unique=True)  # matching.curation.term_key
    term: Mapped[str] = mapped_column(sa.String(400))  # as first typed
    status: Mapped[TermStatus] = mapped_column(sa.Enum(TermStatus, native_enum=False, length=10),
                                               default=TermStatus.PENDING, index=True)
    concept_id: Mapped[str | None] = mapped_column(sa.String(200))  # a packaged skill id or a CuratedConcept id
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # MatchIndexState.vocabulary when the decision took effect: workers apply the decisions above theirs.
    vocabulary_version: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class TermSighting(db.Model):
    """Who typed a curated term: a member's profile or a posting (so a decision re-reads exactly them)."""
    __tablename__ = "curated_term_sightings"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(sa.ForeignKey("curated_terms.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member_profiles.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opportunities.id", ondelete="CASCADE"), index=True)
    typed: Mapped[str] = mapped_column(sa.String(400))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.CheckConstraint("(profile_id IS NULL) <> (opportunity_id IS NULL)",
                                         name="one_source"),)


class CuratedConcept(db.Model):
    """A concept an administrator added to the taxonomy (id: matching.curation.concept_id of its name)."""
    __tablename__ = "curated_concepts"

    id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
