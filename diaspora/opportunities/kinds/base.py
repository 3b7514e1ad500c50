"""What a kind of opportunity declares. The app reads these answers instead of asking which kind a posting is."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import LazyString

from diaspora.forms import UraForm

# Steps an officer may take on a candidate of a posting (diaspora.programme.models.DecisionAction values).
OFFICER_STEPS = ("shortlist", "propose", "reject", "note")


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's dates are written for `written` (diaspora/demo/data/); seeding on `today` moves each of them by
    the days between, so open postings stay open and periods stay ahead whatever day the demo is loaded."""
    written: date
    today: date

    def moved(self, day: date) -> date:
        return day + (self.today - self.written)


@dataclass(frozen=True)
class DemoPostings:
    """The demo programme's postings of a kind: rows of a file in diaspora/demo/data/, made into posting values
    by `values(row, rng, calendar)` (kind-specific values only; the demo adds title, institution, status and
    when it opened)."""
    file: str
    noun: str  # the kind's postings in the demo's summary line ("fellowships")
    values: Callable[[dict, random.Random, DemoCalendar], dict]


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of opportunity. Kinds are compared by identity: `posting.kind is OpportunityKind.FELLOWSHIP`."""
    name: str  # stored in opportunities.kind (upper case: the column has always held enum names)
    value: str  # its code in the API, imports and exports, and the matching contract's records
    slug: str  # in the focal point's /ministries/new/<slug>
    order: int  # its place in lists of kinds (landing page figures, the focal point's buttons)
    label: LazyString  # "Fellowship"
    new_label: LazyString  # "New fellowship": the focal point's button and form title
    open_label: LazyString  # "open fellowships": the landing page's figure
    # Posting: the focal point's form (fields, checks, values(), fill_from()), its layout, and the columns a
    # posting of this kind may set (the form, the API and imports alike).
    form: type[UraForm]
    form_template: str
    fields: frozenset[str]
    details_template: str  # a posting's particulars on its pages
    # Matching: the contract kind whose hard rules and features the engine applies, and the contract fields
    # (matching.model.Opportunity) a posting of this kind fills; the others keep the contract's defaults.
    engine_kind: str
    contract_fields: tuple[str, ...]
    # Imports, exports and the API, in the contract's record shape: completeness rules (raise
    # marshmallow.ValidationError), record -> posting values, posting -> the kind's part of its record.
    check_record: Callable[[dict], None]
    values_from_record: Callable[[dict], dict]
    record_of: Callable[[object], dict]
    # Review and tracking: the officer's steps, and the lifecycle (diaspora.programme.lifecycles) that follows
    # a ministry's acceptance: "placement" (reports, evaluation), "lead_pipeline" (stages, reward) or
    # "engagement" (a log of sessions or joint activities against the number agreed, both sides' feedback).
    tracking: str
    review_steps: tuple[str, ...] = OFFICER_STEPS
    # A partial of the officer's candidate page with what reviewing this kind adds (a local project proposal's
    # scores); None: none.
    review_template: str | None = None
    demo: DemoPostings | None = field(default=None)
    # Engagements: what the log counts ("Sessions held"), and what the posting's `sessions` agree ("Sessions").
    log_label: LazyString | None = None
    sessions_label: LazyString | None = None

    def __repr__(self) -> str:
        return f"<Kind {self.value}>"
