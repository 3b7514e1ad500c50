"""A diaspora member's self-registered profile (expert, development agent, mentor, or several of them)."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diaspora.extensions import db
from diaspora.timeutil import utcnow


class EducationLevel(enum.Enum):
    """Highest completed education, ordered; Connect Albania asks for secondary or more."""
    PRIMARY = "primary"
    SECONDARY = "secondary"
    VOCATIONAL = "vocational"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class Gender(enum.Enum):
    """Optional and self-declared; only the fairness reports read it, never matching (matching.model has no
    such field)."""
    WOMAN = "woman"
    MAN = "man"
    ANOTHER = "another"
    UNDISCLOSED = "undisclosed"  # "prefer not to say"; None means the question was not answered


class StudyLevel(enum.Enum):
    """A researcher's or student's level of study, ordered (the matching contract's study_level)."""
    BACHELOR = "bachelor"
    MASTER = "master"
    PHD = "phd"
    POSTDOC = "postdoc"


class MemberWorkMode(enum.Enum):
    ONSITE = "onsite"
    REMOTE = "remote"
    HYBRID = "hybrid"
    ANY = "any"


# Each matching role (matching.model.ROLES) a person declares, and the profile's flag that holds it; a person
# holds at least one. ROLE_FLAGS adds the organisation's, which only registering an organisation sets
# (organisations/).
PERSON_ROLE_FLAGS = {"expert": "is_expert", "development_agent": "is_agent", "mentor": "is_mentor",
                     "researcher": "is_researcher", "student": "is_student"}
ROLE_FLAGS = {**PERSON_ROLE_FLAGS, "organisation": "is_organisation"}


class MemberProfile(db.Model):
    __tablename__ = "member_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(160))
    is_expert: Mapped[bool] = mapped_column(default=False)
    is_agent: Mapped[bool] = mapped_column(default=False)
    is_mentor: Mapped[bool] = mapped_column(default=False)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    gender: Mapped[Gender | None] = mapped_column(sa.Enum(Gender, native_enum=False, length=12))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    languages: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    years_experience: Mapped[int] = mapped_column(default=0)
    education: Mapped[list] = mapped_column(sa.JSON, default=list)
    sectors: Mapped[list] = mapped_column(sa.JSON, default=list)
    acquis_chapters: Mapped[list] = mapped_column(sa.JSON, default=list)
    skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    available_from: Mapped[date | None]
    available_to: Mapped[date | None]
    work_mode: Mapped[MemberWorkMode] = mapped_column(
        sa.Enum(MemberWorkMode, native_enum=False, length=10), default=MemberWorkMode.ANY)
    network_countries: Mapped[list] = mapped_column(sa.JSON, default=list)
    investment_sectors: Mapped[list] = mapped_column(sa.JSON, default=list)
    employer: Mapped[str] = mapped_column(sa.String(200), default="")  # where the person works abroad (twinning)
    # Field projects: researchers and students, and their level of study.
    is_researcher: Mapped[bool] = mapped_column(default=False)
    is_student: Mapped[bool] = mapped_column(default=False)
    study_level: Mapped[StudyLevel | None] = mapped_column(sa.Enum(StudyLevel, native_enum=False, length=10))
    # Local projects: an organisation's own profile (organisations/), and the Albanian regions it works in.
    is_organisation: Mapped[bool] = mapped_column(default=False)
    regions: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Connect Albania eligibility (development agents)
    date_of_birth: Mapped[date | None]
    years_abroad: Mapped[int | None]
    highest_education: Mapped[EducationLevel | None] = mapped_column(
        sa.Enum(EducationLevel, native_enum=False, length=12))
    # Consent to processing: required before a profile is saved; withdrawal removes it from matching.
    consent_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(sa.String(20))
    consent_withdrawn_at: Mapped[datetime | None]
    # Set when the person is erased: the row stays for programme statistics, with nothing personal left.
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    user = relationship("User", backref=sa.orm.backref("profile", uselist=False))

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("years_experience >= 0", name="years_non_negative"),
        # Everything the supply page counts (diaspora/reports/supply.py), for the members taking part: on
        # PostgreSQL its counts are index-only scans of this narrow index instead of reads of the wide rows.
        sa.Index("ix_member_profiles_supply", "country", "city", "created_at",
                 postgresql_include=["acquis_chapters", "investment_sectors"],
                 postgresql_where=sa.text("consent_at IS NOT NULL AND erased_at IS NULL"),
                 sqlite_where=sa.text("consent_at IS NOT NULL AND erased_at IS NULL")),
    )

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None

    @hybrid_property
    def matchable(self) -> bool:
        """Consent given and not erased: the one rule for who takes part in matching, searches and exports
        (in Python on a row, in SQL in a query: `where(MemberProfile.matchable)`)."""
        return self.consent_at is not None and self.erased_at is None

    @matchable.inplace.expression
    @classmethod
    def _matchable_expression(cls):
        return sa.and_(cls.consent_at.is_not(None), cls.erased_at.is_(None))

    @classmethod
    def has_a_role(cls):
        """SQL: the profile holds at least one matching role."""
        return sa.or_(*(getattr(cls, flag).is_(True) for flag in ROLE_FLAGS.values()))

    @property
    def roles(self) -> list[str]:
        return [role for role, flag in ROLE_FLAGS.items() if getattr(self, flag)]

    def __repr__(self) -> str:
        return f"<MemberProfile {self.id}>"
