"""Lifecycles: how the programme follows an engagement once a ministry accepts a candidate. A kind of
opportunity names its lifecycle (Kind.tracking); each lifecycle is one object registered here under that name,
by the package that runs it (placements and engagements here, the lead pipeline in investments)."""
from __future__ import annotations

from sqlalchemy import Select

from diaspora.auth.models import User
from diaspora.members.models import MemberProfile
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.kinds.registry import all_kinds
from diaspora.opportunities.models import Opportunity


class Lifecycle:
    """A lifecycle in which an acceptance starts nothing by itself; subclasses say what it starts."""
    # The partial with what a ministry gives when it accepts (a placement's mentor and dates); None: nothing.
    acceptance_template: str | None = None
    # Whether an acceptance places the candidate in one of the posting's numbered positions (placements with
    # reports and an evaluation); only such postings are allocated by a call's optimal assignment.
    places: bool = False
    # A partial of the placement's pages with what this lifecycle adds (a field project's deliverable); None: none.
    placement_template: str | None = None
    # Whether candidates answer a posting with a proposal of their own (organisations' local projects).
    takes_proposals: bool = False
    # Whether an acceptance engages the candidate for a number of sessions or joint activities, logged by both
    # sides (diaspora.programme.engagements).
    engages: bool = False

    def __init__(self, code: str):
        self.code = code

    def on_acceptance(self, actor: User, profile: MemberProfile, opportunity: Opportunity, terms: dict) -> None:
        """Called in the ministry's acceptance, in its transaction: an error here undoes the acceptance too."""

    def kinds(self) -> list[Kind]:
        """The kinds of opportunity this lifecycle follows."""
        return [kind for kind in all_kinds() if kind.tracking == self.code]

    def fulfilled_pairs(self) -> set[tuple[int, int]]:
        """The (profile_id, opportunity_id) pairs whose engagement came about: the best a match turns out, which
        learning to rank grades highest. None here: an acceptance that starts nothing has nothing to fulfil."""
        return set()

    def completed(self) -> Select | None:
        """The profile ids of the members who saw an engagement of this lifecycle through (a completed
        placement, a realised investment): the programme's alumni (diaspora/programme/alumni.py). None: this
        lifecycle has no end that makes alumni."""
        return None

    def check_proposal(self, profile: MemberProfile, opportunity: Opportunity) -> None:
        """Refuse (raise a DomainError) an officer's proposal of this candidate to the institution."""

    def check_step(self, placement, target) -> None:
        """Refuse (raise a DomainError) a placement's move to `target` (a PlacementStatus) this lifecycle forbids."""


_LIFECYCLES: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    _LIFECYCLES[lifecycle.code] = lifecycle
    return lifecycle


def of(kind: Kind) -> Lifecycle:
    return _LIFECYCLES[kind.tracking]


def fulfilled_pairs() -> set[tuple[int, int]]:
    return set().union(*(lifecycle.fulfilled_pairs() for lifecycle in _LIFECYCLES.values()))


def all_lifecycles() -> list[Lifecycle]:
    return list(_LIFECYCLES.values())


def engaging_kinds() -> list[Kind]:
    """The kinds whose acceptances start engagements (sessions or joint activities logged by both sides)."""
    return [kind for kind in all_kinds() if of(kind).engages]


def placing_kinds() -> list[Kind]:
    """The kinds whose acceptances place candidates in positions."""
    return [kind for kind in all_kinds() if of(kind).places]
