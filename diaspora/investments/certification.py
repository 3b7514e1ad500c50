"""Certifying Development Agents: a member uploads the documents and applies, an officer reviews them within
10 days and decides."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.concurrency import current_row, flush_versioned
from diaspora.errors import Conflict, Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.investments import documents
from diaspora.investments.models import AgentApplication, AgentDocument, ApplicationStatus, DocumentKind
from diaspora.members.eligibility import RuleCheck, agent_rule_checks, meets_agent_rules
from diaspora.members.models import MemberProfile
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.timeutil import utcnow


def require_officer(user: User) -> None:
    if user.role is not Role.OFFICER:
        raise Forbidden(_("Only program officers can do this."))


def _profile(user_id: int) -> MemberProfile | None:
    return db.session.scalar(select(MemberProfile).where(MemberProfile.user_id == user_id))


def checks_for(user_id: int) -> list[RuleCheck]:
    profile = _profile(user_id)
    if profile is None:
        return agent_rule_checks(None, None, None)
    return agent_rule_checks(profile.date_of_birth, profile.years_abroad, profile.highest_education)


def latest_application(user: User) -> AgentApplication | None:
    return db.session.scalar(select(AgentApplication).where(AgentApplication.user_id == user.id)
                             .order_by(AgentApplication.applied_at.desc(), AgentApplication.id.desc()).limit(1))


def is_certified(user: User) -> bool:
    return db.session.scalar(select(AgentApplication.id).where(
        AgentApplication.user_id == user.id, AgentApplication.status == ApplicationStatus.CERTIFIED)
        .limit(1)) is not None


def apply(user: User) -> AgentApplication:
    """A member who declared themselves a Development Agent asks to be certified."""
    if user.role is not Role.MEMBER:
        raise Forbidden(_("Only diaspora members can apply to be Development Agents."))
    profile = _profile(user.id)
    if profile is None or not profile.is_agent or profile.erased_at is not None:
        raise InvalidInput(_("First tick “Development Agent” on your profile and answer its questions."))
    current = latest_application(user)
    if current is not None and current.status is not ApplicationStatus.REFUSED:
        raise Conflict(_("You have already applied."))
    if not documents.all_uploaded(documents.documents_of(user.id)):
        raise InvalidInput(_("Upload the three documents first: they are what the officer reviews."))
    application = AgentApplication(user_id=user.id, status=ApplicationStatus.PENDING, applied_at=utcnow())
    db.session.add(application)
    db.session.flush()  # the partial unique index refuses a second open application sent at the same time
    return application


@dataclass(frozen=True)
class QueueRow:
    application: AgentApplication
    profile: MemberProfile | None
    checks: list[RuleCheck]
    days_left: int
    documents: dict[DocumentKind, AgentDocument]

    @property
    def eligible(self) -> bool:
        return meets_agent_rules(self.checks)

    @property
    def documents_ready(self) -> bool:
        return documents.all_accepted(self.documents)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def review_queue(officer: User) -> list[QueueRow]:
    """Pending applications, the nearest review deadline first."""
    require_officer(officer)
    pending = db.session.scalars(select(AgentApplication).where(
        AgentApplication.status == ApplicationStatus.PENDING)
        .order_by(AgentApplication.applied_at, AgentApplication.id))
    now = utcnow()
    return [QueueRow(a, _profile(a.user_id), checks_for(a.user_id), a.days_left(now), documents.documents_of(a.user_id))
            for a in pending]


def _pending(application_id: int, expected_version: int | None) -> AgentApplication:
    application = current_row(AgentApplication, application_id, expected_version,
                              _("This application does not exist."))
    if application.status is not ApplicationStatus.PENDING:
        raise Conflict(_("This application has already been decided."))
    return application


def certify(officer: User, application_id: int, expected_version: int | None = None) -> AgentApplication:
    require_officer(officer)
    application = _pending(application_id, expected_version)
    if not meets_agent_rules(checks_for(application.user_id)):
        raise InvalidInput(_("The applicant does not meet every Connect Albania rule: they cannot be certified."))
    if not documents.all_accepted(documents.documents_of(application.user_id)):
        raise InvalidInput(_("Every document must be accepted before the applicant is certified."))
    _decide(officer, application, ApplicationStatus.CERTIFIED, "")
    notify(application.user, NotificationKind.ACCOUNT, "agent_certified")
    return application


def refuse(officer: User, application_id: int, reason: str, expected_version: int | None = None) -> AgentApplication:
    require_officer(officer)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the refusal: the applicant will read it."), field="reason")
    application = _pending(application_id, expected_version)
    _decide(officer, application, ApplicationStatus.REFUSED, reason)
    notify(application.user, NotificationKind.ACCOUNT, "agent_not_certified", reason=reason)
    return application


def _decide(officer: User, application: AgentApplication, status: ApplicationStatus, reason: str) -> None:
    application.status = status
    application.reason = reason
    application.officer_id = officer.id
    application.documents_reviewed_at = utcnow()
    flush_versioned()
    audit.record(f"agent_{status.value}", actor_id=officer.id, object_type="agent_application",
                 object_id=application.id, subject_user_id=application.user_id,
                 on_time=bool(application.reviewed_on_time))
