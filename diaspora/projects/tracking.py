"""Local projects once accepted: the institution's approved budget, milestones (planned, then done) and expenses,
never above the approved budget. The lifecycle "local_project" registered here starts a project on acceptance."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.formatting import money
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.organisations import services as organisations
from diaspora.programme import lifecycles
from diaspora.projects import proposals
from diaspora.projects.models import LocalProject, ProjectExpense, ProjectMilestone, ProjectStatus
from diaspora.timeutil import utcnow


def get_project_for(viewer: User, project_id: int) -> LocalProject:
    """Officers see every project, a ministry its institution's, the organisation's members their own."""
    project = db.session.get(LocalProject, project_id)
    if project is None:
        raise NotFound(_("This project does not exist."))
    if viewer.role is Role.OFFICER:
        return project
    if viewer.role is Role.MINISTRY and viewer.institution_id == project.institution_id:
        return project
    organisation = organisations.organisation_of_profile(project.profile_id)
    if viewer.role is Role.MEMBER and organisation is not None and organisations.is_member(viewer, organisation):
        return project
    raise NotFound(_("This project does not exist."))


def projects_of(profile_ids: list[int]) -> list[LocalProject]:
    return list(db.session.scalars(sa.select(LocalProject).where(LocalProject.profile_id.in_(profile_ids))
                                   .order_by(LocalProject.created_at.desc())))


def visible_to(viewer: User) -> list[LocalProject]:
    """The projects a viewer may see, newest first: all (officers), the institution's (a focal point), their
    organisations' (a member); none for anyone else."""
    query = sa.select(LocalProject).order_by(LocalProject.created_at.desc())
    if viewer.role is Role.MINISTRY:
        query = query.where(LocalProject.institution_id == viewer.institution_id)
    elif viewer.role is Role.MEMBER:
        return projects_of([o.profile_id for o in organisations.organisations_of(viewer)])
    elif viewer.role is not Role.OFFICER:
        return []
    return list(db.session.scalars(query))


def _writable(actor: User, project_id: int) -> LocalProject:
    """The organisation's members and officers record milestones and spending, while the project runs."""
    project = get_project_for(actor, project_id)
    if actor.role not in (Role.MEMBER, Role.OFFICER):
        raise NotFound(_("This project does not exist."))
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(_("This project is completed."))
    return project


def add_milestone(actor: User, project_id: int, title: str, due: date) -> ProjectMilestone:
    project = _writable(actor, project_id)
    if not (title or "").strip():
        raise InvalidInput(_("Name the milestone."), field="title")
    milestone = ProjectMilestone(project_id=project.id, title=title.strip(), due_date=due)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def mark_done(actor: User, project_id: int, milestone_id: int) -> ProjectMilestone:
    project = _writable(actor, project_id)
    milestone = next((m for m in project.milestones if m.id == milestone_id), None)
    if milestone is None:
        raise NotFound(_("This milestone does not exist."))
    if milestone.done_at is None:
        milestone.done_at = utcnow()
    db.session.flush()
    return milestone


def add_expense(actor: User, project_id: int, spent_on: date, description: str, amount: Decimal) -> ProjectExpense:
    """Record spending; an expense that would take the total above the approved budget is refused."""
    project = _writable(actor, project_id)
    # Lock the project's row so two expenses recorded at once cannot both fit under the budget.
    db.session.execute(sa.select(LocalProject.id).where(LocalProject.id == project.id).with_for_update())
    if not (description or "").strip():
        raise InvalidInput(_("Say what the money was spent on."), field="description")
    if amount is None or amount <= 0:
        raise InvalidInput(_("Give an amount above zero."), field="amount_eur")
    total = project.spent_eur + amount
    if total > project.budget_eur:
        raise InvalidInput(_("Refused: this expense of %(amount)s would bring spending to %(total)s, above the "
                             "approved budget of %(budget)s (%(left)s left).", amount=money(amount),
                             total=money(total), budget=money(project.budget_eur),
                             left=money(project.budget_eur - project.spent_eur)), field="amount_eur")
    expense = ProjectExpense(project_id=project.id, spent_on=spent_on, description=description.strip(),
                             amount_eur=amount, recorded_by_id=actor.id)
    db.session.add(expense)
    db.session.flush()
    audit.record("project_expense", actor_id=actor.id, object_type="local_project", object_id=project.id,
                 amount=str(amount))
    return expense


def complete(officer: User, project_id: int) -> LocalProject:
    project = get_project_for(officer, project_id)
    if officer.role is not Role.OFFICER:
        raise NotFound(_("This project does not exist."))
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(_("This project is completed."))
    if not project.milestones or any(m.done_at is None for m in project.milestones):
        raise Conflict(_("A project completes once it has milestones and every one is done."))
    project.status, project.completed_at = ProjectStatus.COMPLETED, utcnow()
    db.session.flush()
    return project


class LocalProjectLifecycle(lifecycles.Lifecycle):
    """Organisations answer with a proposal; officers propose only scored ones; an acceptance starts the project
    with the budget the institution approves (else the officers' recommendation), within the call's ceiling."""
    acceptance_template = "projects/_acceptance_terms.html"
    takes_proposals = True

    def check_proposal(self, profile: MemberProfile, opportunity: Opportunity) -> None:
        proposals.require_scored(profile.id, opportunity.id)

    def on_acceptance(self, actor: User, profile: MemberProfile, opportunity: Opportunity, terms: dict) -> None:
        proposal = proposals.require_scored(profile.id, opportunity.id)
        budget = terms.get("budget_eur") or proposal.recommended_budget_eur
        if budget > (opportunity.budget_eur or budget):
            raise InvalidInput(_("%(amount)s is above the call's ceiling of %(ceiling)s.", amount=money(budget),
                                 ceiling=money(opportunity.budget_eur)), field="budget_eur")
        db.session.add(LocalProject(profile_id=profile.id, opportunity_id=opportunity.id,
                                    institution_id=opportunity.institution_id, budget_eur=budget,
                                    created_by_id=actor.id))
        db.session.flush()

    def fulfilled_pairs(self) -> set[tuple[int, int]]:
        """A project with a milestone done (or completed); the accepted budget alone is not yet a project."""
        done = sa.select(ProjectMilestone.project_id).where(ProjectMilestone.done_at.is_not(None))
        return {(pid, oid) for pid, oid in db.session.execute(
            sa.select(LocalProject.profile_id, LocalProject.opportunity_id).where(
                sa.or_(LocalProject.id.in_(done), LocalProject.status == ProjectStatus.COMPLETED)))}

    def completed(self) -> sa.Select:
        """Organisations (their profiles) that completed a local project."""
        return sa.select(LocalProject.profile_id).where(LocalProject.status == ProjectStatus.COMPLETED)


lifecycles.register(LocalProjectLifecycle("local_project"))
