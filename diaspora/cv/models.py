"""A member's uploaded CV: the file lives outside static/ under a server-generated name."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class CvDocument(db.Model):
    __tablename__ = "cv_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)  # uuid + extension, never the upload's name
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    mime_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"id", "name", "text"}] found in the CV, waiting for the member to accept or discard.
    suggestions: Mapped[list] = mapped_column(sa.JSON, default=list)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    parsed_at: Mapped[datetime | None]
