"""Diaspora associations registered as organisations: several members, one contact person.

An organisation takes part in the programme through a profile of its own (roles ["organisation"], its sectors
and the Albanian regions it works in): the one review flow, the engine and the exports all work on profiles. That
profile belongs to an account of the organisation (its e-mail, which receives the programme's notices; nobody
signs in with it: its password is unusable). Its members act for it with their own accounts."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("member_profiles.id"), unique=True)
    contact_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile = relationship("MemberProfile")
    contact = relationship("User")
    members = relationship("OrganisationMember", back_populates="organisation", order_by="OrganisationMember.id",
                           cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        return self.profile.full_name


class OrganisationMember(db.Model):
    """A member account acting for an organisation (the contact person is one of them)."""
    __tablename__ = "organisation_members"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "user_id", name="uq_organisation_members_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation = relationship("Organisation", back_populates="members")
    user = relationship("User", foreign_keys=[user_id])
