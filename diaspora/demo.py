"""Demo programme for `flask seed-demo` (idempotent)."""
from __future__ import annotations

from sqlalchemy import select

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.ministries.models import Institution, InstitutionKind
from diaspora.timeutil import utcnow

DEMO_PASSWORD = "ura-demo-password-2026"
INSTITUTIONS = [
    ("Ministry for Europe and Foreign Affairs", "Ministria për Evropën dhe Punët e Jashtme", "MEPJ", InstitutionKind.MINISTRY),
    ("Ministry of Finance", "Ministria e Financave", "MF", InstitutionKind.MINISTRY),
    ("Institute of Statistics", "Instituti i Statistikave", "INSTAT", InstitutionKind.AGENCY),
]


def _institution(name, name_sq, acronym, kind) -> Institution:
    found = db.session.scalar(select(Institution).where(Institution.name == name))
    if found is None:
        found = Institution(name=name, name_sq=name_sq, acronym=acronym, kind=kind)
        db.session.add(found)
        db.session.flush()
    return found


def _login(email: str, role: Role, institution: Institution | None = None) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, role=role, institution_id=institution.id if institution else None,
                    email_verified_at=utcnow(), locale="sq")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.flush()
    return user


def seed(profile_count: int = 300) -> list[str]:
    institutions = [_institution(*row) for row in INSTITUTIONS]
    logins = [
        _login("admin@ura.demo", Role.ADMIN),
        _login("officer@ura.demo", Role.OFFICER),
        _login("ministry@ura.demo", Role.MINISTRY, institutions[0]),
    ]
    return [f"{user.role.value:8} {user.email} / {DEMO_PASSWORD}" for user in logins]
