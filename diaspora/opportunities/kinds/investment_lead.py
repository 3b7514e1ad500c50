"""Connect Albania's investment leads: an institution's call for foreign investors in a sector and region; certified
Development Agents bring them, followed in the lead pipeline (stages to a realised investment and its reward)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, DecimalField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FormError

from diaspora import reference
from diaspora.forms import UraForm
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind

class InvestmentLeadForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sector = StringField(_l("Sector"), validators=[DataRequired(), Length(max=120)])
    region = StringField(_l("Region or municipality"), validators=[DataRequired(), Length(max=120)])
    target_countries = SelectMultipleField(_l("Target investor countries"))
    amount_eur = DecimalField(_l("Expected investment (EUR)"), places=2,
                              validators=[Optional(), NumberRange(min=0, max=10_000_000_000)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=10000)])
    deadline = DateField(_l("Open until"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_countries.choices = reference.country_choices()

    def validate_target_countries(self, field):
        if not field.data:
            raise FormError(_l("Choose at least one country."))

    def values(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "sector": self.sector.data.strip(),
            "region": self.region.data.strip(),
            "target_countries": list(self.target_countries.data),
            "amount_eur": self.amount_eur.data,
            "description": self.description.data.strip(),
            "deadline": self.deadline.data,
        }

    def fill_from(self, opportunity) -> None:
        for name in ("title", "sector", "region", "target_countries", "amount_eur", "description", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)


FIELDS = frozenset({"title", "sector", "region", "target_countries", "amount_eur", "description", "deadline"})


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    for name in ("sector", "region"):
        if not data.get(name):
            raise ValidationError("Missing data for required field.", name)
    if not data.get("target_countries"):
        raise ValidationError("Choose at least one country.", "target_countries")


def values_from_record(record: dict) -> dict:
    return {
        "title": record["title"], "sector": record["sector"], "region": record["region"],
        "target_countries": list(dict.fromkeys(record["target_countries"])), "amount_eur": record["amount_eur"],
        "description": record["description"], "deadline": record["deadline"],
    }


def record_of(opportunity) -> dict:
    record = {"sector": opportunity.sector, "region": opportunity.region,
              "target_countries": list(opportunity.target_countries or [])}
    if opportunity.amount_eur is not None:
        record["amount_eur"] = float(Decimal(opportunity.amount_eur))
    return record


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    deadline = (calendar.today - timedelta(days=16) if row.get("status") == "closed"
                else calendar.moved(date(2027, 3, 31)) + timedelta(days=30 * rng.randint(0, 6)))
    return {"sector": row["sector"], "region": row["region"], "target_countries": row["targets"],
            "amount_eur": Decimal(row["amount"]), "deadline": deadline}


KIND = Kind(
    name="INVESTMENT_LEAD", value="investment_lead", slug="investment-lead", order=20,
    label=_l("Investment lead"), new_label=_l("New investment lead"), open_label=_l("open investment leads"),
    form=InvestmentLeadForm, form_template="opportunities/kinds/_investment_lead_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_investment_lead_details.html",
    engine_kind="investment_lead",
    contract_fields=("sector", "region", "target_countries", "amount_eur"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="lead_pipeline",
    demo=DemoPostings("leads.json", "investment leads", demo_values),
)
