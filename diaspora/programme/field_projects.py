"""Field projects' lifecycle: the placement lifecycle, where the project's supervisor is the placement's mentor and
the placement completes only once the researcher's or student's deliverable is handed in and accepted."""
from __future__ import annotations

from flask_babel import gettext as _

from diaspora.auth.models import Role, User
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.programme import lifecycles, placements
from diaspora.programme.models import Placement, PlacementStatus
from diaspora.timeutil import utcnow


def _field_project_placement(viewer: User, placement_id: int) -> Placement:
    placement = placements.get_placement_for(viewer, placement_id)
    if lifecycles.of(placement.opportunity.kind).placement_template is None:
        raise NotFound(_("This placement does not exist."))
    return placement


def submit_deliverable(member: User, placement_id: int, text: str) -> Placement:
    """The placed member hands in (or, before acceptance, hands in again) the project's deliverable."""
    placement = _field_project_placement(member, placement_id)
    if member.role is not Role.MEMBER:
        raise NotFound(_("This placement does not exist."))
    if placement.status is not PlacementStatus.ACTIVE:
        raise Conflict(_("The deliverable is handed in while the project is active."))
    if placement.deliverable_accepted_at is not None:
        raise Conflict(_("The deliverable is already accepted."))
    if not (text or "").strip():
        raise InvalidInput(_("Describe the deliverable or give a link to it."), field="text")
    placement.deliverable_text = text.strip()
    placement.deliverable_submitted_at = utcnow()
    return placement


def accept_deliverable(officer: User, placement_id: int) -> Placement:
    placement = _field_project_placement(officer, placement_id)
    if officer.role is not Role.OFFICER:
        raise NotFound(_("This placement does not exist."))
    if placement.deliverable_submitted_at is None:
        raise Conflict(_("No deliverable has been handed in yet."))
    if placement.deliverable_accepted_at is None:
        placement.deliverable_accepted_at = utcnow()
    return placement


class FieldProjectLifecycle(placements.PlacementLifecycle):
    placement_template = "programme/_field_project_deliverable.html"

    def on_acceptance(self, actor: User, profile: MemberProfile, opportunity: Opportunity, terms: dict) -> None:
        terms = {**terms, "mentor_name": (terms.get("mentor_name") or "").strip() or opportunity.supervisor}
        super().on_acceptance(actor, profile, opportunity, terms)

    def check_step(self, placement: Placement, target: PlacementStatus) -> None:
        if target is PlacementStatus.COMPLETED and placement.deliverable_accepted_at is None:
            raise Conflict(_("A field project completes once its deliverable is handed in and accepted."))


lifecycles.register(FieldProjectLifecycle("field_project"))
