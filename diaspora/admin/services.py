"""Administration use cases: institutions, the accounts list (accounts themselves live in diaspora.auth.services)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from diaspora.auth.models import Role, User
from diaspora.errors import Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.institutions.models import Institution, InstitutionKind
from diaspora.members.models import MemberProfile
from diaspora.paging import page_of


def create_institution(acting: User | None, name: str, name_sq: str, acronym: str,
                       kind: InstitutionKind, city: str) -> Institution:
    if acting is not None and acting.role is not Role.ADMIN:
        raise Forbidden(_("Only an administrator can add institutions."))
    # Compared in Python: SQLite's lower() folds only ASCII, and names here carry ë, ç and Greek.
    if name.strip().casefold() in {n.casefold() for n in db.session.scalars(select(Institution.name))}:
        raise InvalidInput(_("This institution already exists."), field="name")
    institution = Institution(name=name.strip(), name_sq=name_sq.strip(), acronym=acronym.strip(),
                              kind=kind, city=city.strip() or "Tiranë")
    db.session.add(institution)
    db.session.flush()
    return institution


def users_page(search: str, role: Role | None, page: int, per_page: int) -> Pagination:
    """Accounts, newest first: those whose email, name or member's full name contains `search` (any case), of
    `role` when given."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if role is not None:
        query = query.where(User.role == role)
    search = search.strip()
    if search:
        query = query.outerjoin(MemberProfile, MemberProfile.user_id == User.id).where(or_(
            User.email.icontains(search, autoescape=True), User.display_name.icontains(search, autoescape=True),
            MemberProfile.full_name.icontains(search, autoescape=True)))
    return page_of(query, page, per_page)


def all_institutions() -> list[Institution]:
    return list(db.session.scalars(select(Institution).order_by(Institution.name)))

