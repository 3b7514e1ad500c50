"""Registering a diaspora association as an organisation, its members (one of them the contact person), and its
profile (name, seat abroad, sectors, the Albanian regions it works in)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from diaspora import audit, privacy
from diaspora.auth.models import Role, User
from diaspora.auth.services import find_user_by_email, normalise_email
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.organisations.models import Organisation, OrganisationMember
from diaspora.timeutil import utcnow

# The organisation's own account signs nobody in: no password hashes to this.
UNUSABLE_PASSWORD = "!organisation"
# What a member may write on the organisation's profile (no mass assignment).
PROFILE_FIELDS = frozenset({"full_name", "country", "city", "sectors", "regions", "summary", "languages"})


def organisations_of(user: User) -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).join(OrganisationMember)
                                   .where(OrganisationMember.user_id == user.id).order_by(Organisation.id)))


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.id)))


def is_member(user: User, organisation: Organisation) -> bool:
    return any(member.user_id == user.id for member in organisation.members)


def organisation_of_profile(profile_id: int) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.profile_id == profile_id))


def get_for(viewer: User, organisation_id: int) -> Organisation:
    """Its members and programme staff see an organisation; anyone else gets 404."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not (viewer.role in (Role.OFFICER, Role.ADMIN) or is_member(viewer, organisation)):
        raise NotFound(_("This organisation does not exist."))
    return organisation


def _check_profile_values(values: dict) -> None:
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise InvalidInput(_("These fields cannot be set: %(names)s", names=", ".join(sorted(unknown))))
    if not values.get("sectors"):
        raise InvalidInput(_("Name at least one sector."), field="sectors")
    if not values.get("regions"):
        raise InvalidInput(_("Choose at least one region of Albania."), field="regions")


def register(founder: User, email: str, values: dict, consent: bool) -> Organisation:
    """A member registers an association: its profile, its own account (the organisation's e-mail) and the founder
    as first member and contact person."""
    if founder.role is not Role.MEMBER:
        raise NotFound(_("Only diaspora members register organisations."))
    if not consent:
        raise InvalidInput(_("We can only keep the organisation's profile with its consent."), field="consent")
    _check_profile_values(values)
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict(_("This e-mail address already has an account: give the organisation's own address."))
    account = User(email=email, role=Role.MEMBER, password_hash=UNUSABLE_PASSWORD,
                   display_name=values["full_name"][:120], locale=founder.locale)
    db.session.add(account)
    db.session.flush()
    profile = MemberProfile(user_id=account.id, is_organisation=True, is_expert=False, is_agent=False,
                            consent_at=utcnow(), consent_version=current_app.config["PRIVACY_POLICY_VERSION"],
                            **values)
    db.session.add(profile)
    db.session.flush()
    organisation = Organisation(profile_id=profile.id, contact_user_id=founder.id)
    organisation.members.append(OrganisationMember(user_id=founder.id, added_by_id=founder.id))
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation_registered", actor_id=founder.id, object_type="organisation",
                 object_id=organisation.id)
    return organisation


def update(actor: User, organisation_id: int, values: dict) -> Organisation:
    organisation = get_for(actor, organisation_id)
    if not is_member(actor, organisation):
        raise NotFound(_("This organisation does not exist."))
    _check_profile_values(values)
    for key, value in values.items():
        setattr(organisation.profile, key, value)
    db.session.flush()
    return organisation


def _as_contact(actor: User, organisation_id: int) -> Organisation:
    organisation = get_for(actor, organisation_id)
    if organisation.contact_user_id != actor.id:
        raise NotFound(_("Only the organisation's contact person manages its members."))
    return organisation


def add_member(actor: User, organisation_id: int, email: str) -> OrganisationMember:
    """The contact person adds a diaspora member by the e-mail of their Ura account."""
    organisation = _as_contact(actor, organisation_id)
    user = find_user_by_email(email)
    if user is None or user.role is not Role.MEMBER or (user.profile is not None and user.profile.is_organisation):
        raise InvalidInput(_("No diaspora member has an account with this e-mail: ask them to register first."),
                           field="email")
    if is_member(user, organisation):
        raise InvalidInput(_("This person is already a member of the organisation."), field="email")
    member = OrganisationMember(user_id=user.id, added_by_id=actor.id)
    organisation.members.append(member)
    db.session.flush()
    audit.record("organisation_member_added", actor_id=actor.id, object_type="organisation",
                 object_id=organisation.id, subject_user_id=user.id)
    return member


def remove_member(actor: User, organisation_id: int, user_id: int) -> None:
    organisation = _as_contact(actor, organisation_id)
    if user_id == organisation.contact_user_id:
        raise Conflict(_("Hand the contact over to another member before leaving the organisation."))
    member = next((m for m in organisation.members if m.user_id == user_id), None)
    if member is None:
        raise NotFound(_("This person is not a member of the organisation."))
    organisation.members.remove(member)
    db.session.flush()
    audit.record("organisation_member_removed", actor_id=actor.id, object_type="organisation",
                 object_id=organisation.id, subject_user_id=user_id)


def make_contact(actor: User, organisation_id: int, user_id: int) -> Organisation:
    organisation = _as_contact(actor, organisation_id)
    if not any(m.user_id == user_id for m in organisation.members):
        raise NotFound(_("This person is not a member of the organisation."))
    organisation.contact_user_id = user_id
    db.session.flush()
    return organisation


def _export(user: User) -> list[dict]:
    """The associations the person acts for (the associations' own profiles are not the person's data)."""
    return [{"organisation": o.name, "contact_person": o.contact_user_id == user.id,
             "member_since": next(m.created_at for m in o.members if m.user_id == user.id).isoformat()}
            for o in organisations_of(user)]


def _erase(user: User) -> None:
    # The person leaves every association; one where they were the contact is handed to its longest member.
    for organisation in organisations_of(user):
        others = [m for m in organisation.members if m.user_id != user.id]
        if organisation.contact_user_id == user.id and others:
            organisation.contact_user_id = others[0].user_id
        for member in [m for m in organisation.members if m.user_id == user.id]:
            organisation.members.remove(member)
    db.session.flush()


privacy.register("organisations", _export, _erase)
