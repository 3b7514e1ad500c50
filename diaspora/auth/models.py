"""Accounts and roles."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class Role(enum.Enum):
    MEMBER = "member"
    MINISTRY = "ministry"
    OFFICER = "officer"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=16), default=Role.MEMBER)
    institution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    email_verified_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout, password change and deactivation: every older session stops working.
    session_generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    institution = relationship("Institution", back_populates="users")

    def set_password(self, password: str) -> None:
        # scrypt: memory-hard and salted, its parameters stored in the hash (so a change of cost applies
        # to new hashes while old ones still verify). Tests use a cheaper cost through the config.
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
