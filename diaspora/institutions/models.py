"""Albanian institutions (ministries, agencies...): who posts opportunities and whom focal points work for."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class InstitutionKind(enum.Enum):
    MINISTRY = "ministry"
    AGENCY = "agency"
    OTHER = "other"


class Institution(db.Model):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name_sq: Mapped[str] = mapped_column(sa.String(200), default="")
    acronym: Mapped[str] = mapped_column(sa.String(20), default="")
    kind: Mapped[InstitutionKind] = mapped_column(
        sa.Enum(InstitutionKind, native_enum=False, length=16), default=InstitutionKind.MINISTRY)
    city: Mapped[str] = mapped_column(sa.String(80), default="Tiranë")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users = relationship("User", back_populates="institution")
    opportunities = relationship("Opportunity", back_populates="institution")

    def __repr__(self) -> str:
        return f"<Institution {self.acronym or self.name}>"
