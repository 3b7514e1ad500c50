"""Calls for diaspora NGOs' local projects: an institution's call for projects in tourism, agritourism or agriculture
in a region of Albania, with a budget ceiling. Diaspora associations registered as organisations answer with a
proposal; officers score it against the call's criteria; an accepted proposal is followed as a project with
milestones and expenses against its approved budget (lifecycle "local_project", diaspora/projects/)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, DecimalField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from diaspora import reference
from diaspora.forms import UraForm
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind

MAX_BUDGET = 10_000_000


class LocalProjectForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sector = SelectField(_l("Sector"), choices=list(reference.LOCAL_PROJECT_SECTORS.items()))
    region = SelectField(_l("Region of Albania"))
    budget_eur = DecimalField(_l("Budget ceiling per project (EUR)"), places=2,
                              validators=[InputRequired(), NumberRange(min=1, max=MAX_BUDGET)])
    description = TextAreaField(_l("The call: what it funds and how proposals are judged"),
                                validators=[DataRequired(), Length(max=10000)])
    deadline = DateField(_l("Proposals until"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = reference.region_choices()

    def values(self) -> dict:
        return {"title": self.title.data.strip(), "sector": self.sector.data, "region": self.region.data,
                "budget_eur": self.budget_eur.data, "description": self.description.data.strip(),
                "deadline": self.deadline.data}

    def fill_from(self, opportunity) -> None:
        for name in ("title", "sector", "region", "budget_eur", "description", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)


FIELDS = frozenset({"title", "sector", "region", "budget_eur", "description", "deadline"})


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    if data.get("sector") not in reference.LOCAL_PROJECT_SECTORS:
        raise ValidationError("One of: " + ", ".join(reference.LOCAL_PROJECT_SECTORS), "sector")
    if data.get("region") not in reference.ALBANIAN_REGIONS:
        raise ValidationError("One of Albania's regions: " + ", ".join(reference.ALBANIAN_REGIONS), "region")
    if not data.get("budget_eur"):
        raise ValidationError("Missing data for required field.", "budget_eur")


def values_from_record(record: dict) -> dict:
    return {"title": record["title"], "sector": record["sector"], "region": record["region"],
            "budget_eur": record["budget_eur"], "description": record["description"], "deadline": record["deadline"]}


def record_of(opportunity) -> dict:
    return {"sector": opportunity.sector, "region": opportunity.region,
            "budget_eur": float(Decimal(opportunity.budget_eur))}


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    deadline = (calendar.today - timedelta(days=11) if row.get("status") == "closed"
                else calendar.moved(date(2027, 2, 28)) + timedelta(days=30 * rng.randint(0, 3)))
    return {"sector": row["sector"], "region": row["region"], "budget_eur": Decimal(row["budget"]),
            "deadline": deadline}


KIND = Kind(
    name="LOCAL_PROJECT", value="local_project", slug="local-project", order=60,
    label=_l("Local project call"), new_label=_l("New call for local projects"),
    open_label=_l("open calls for local projects"),
    form=LocalProjectForm, form_template="opportunities/kinds/_local_project_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_local_project_details.html",
    engine_kind="local_project", contract_fields=("sector", "region", "budget_eur"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="local_project", review_template="projects/_proposal_review.html",
    demo=DemoPostings("local_project_calls.json", "calls for local projects", demo_values),
)
