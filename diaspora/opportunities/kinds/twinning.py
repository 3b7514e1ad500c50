"""Twinning: an Albanian institution paired with a counterpart abroad (a municipality with an Italian comune, INSTAT
with ISTAT) through a diaspora member who works there. Matched on the member's employer and country of residence
against the counterpart's field and countries, and on the acquis chapters concerned; tracked as an engagement whose
log counts the joint activities agreed, closed by both sides' feedback."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FormError

from diaspora import reference
from diaspora.forms import ListTextAreaField, MultiCheckboxField, UraForm, unique_words
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind
from diaspora.opportunities.kinds.fellowship import FellowshipForm
from diaspora.opportunities.kinds.mentorship import MAX_SESSIONS, SESSION_LANGUAGE_LEVEL, session_language_choices


class TwinningForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    counterpart_field = StringField(_l("Counterpart sought abroad"), validators=[DataRequired(), Length(max=200)],
                                    description=_l("Its field, e.g. official statistics, municipal administration."))
    counterpart_countries = SelectMultipleField(_l("Countries of the counterpart"))
    sessions = IntegerField(_l("Joint activities planned"), default=4,
                            validators=[InputRequired(), NumberRange(min=1, max=MAX_SESSIONS)])
    acquis_chapters = MultiCheckboxField(_l("EU acquis chapters concerned"), coerce=int)
    required_skills = ListTextAreaField(_l("Skills the bridge person needs"),
                                        description=_l("One per line or separated by commas."))
    session_language = SelectField(_l("Working language"), validators=[Optional()])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=10000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counterpart_countries.choices = reference.country_choices()
        self.acquis_chapters.choices = reference.chapter_choices()
        self.session_language.choices = session_language_choices()

    def validate_counterpart_countries(self, field):
        if not field.data:
            raise FormError(_l("Choose at least one country."))

    validate_required_skills = FellowshipForm.validate_required_skills

    def values(self) -> dict:
        language = self.session_language.data
        return {
            "title": self.title.data.strip(), "description": self.description.data.strip(),
            "counterpart_field": self.counterpart_field.data.strip(),
            "counterpart_countries": list(self.counterpart_countries.data), "sessions": self.sessions.data,
            "acquis_chapters": sorted(set(self.acquis_chapters.data)), "required_skills": self.required_skills.data,
            "languages": {language: SESSION_LANGUAGE_LEVEL} if language else {}, "deadline": self.deadline.data,
        }

    def fill_from(self, opportunity) -> None:
        for name in ("title", "description", "counterpart_field", "counterpart_countries", "sessions",
                     "acquis_chapters", "required_skills", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)
        self.session_language.data = next(iter(opportunity.languages or {}), "")


FIELDS = frozenset({"title", "description", "counterpart_field", "counterpart_countries", "sessions",
                    "acquis_chapters", "required_skills", "languages", "deadline"})


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    for name in ("counterpart_field", "sessions"):
        if not data.get(name):
            raise ValidationError("Missing data for required field.", name)
    if not data.get("counterpart_countries"):
        raise ValidationError("Choose at least one country.", "counterpart_countries")


def values_from_record(record: dict) -> dict:
    return {
        "title": record["title"], "description": record["description"],
        "counterpart_field": record["counterpart_field"],
        "counterpart_countries": list(dict.fromkeys(record["counterpart_countries"])), "sessions": record["sessions"],
        "acquis_chapters": sorted(set(record["acquis_chapters"])),
        "required_skills": unique_words(record["required_skills"]), "languages": dict(record["languages"]),
        "deadline": record["deadline"],
    }


def record_of(opportunity) -> dict:
    return {"counterpart_field": opportunity.counterpart_field,
            "counterpart_countries": list(opportunity.counterpart_countries or []), "sessions": opportunity.sessions,
            "acquis_chapters": list(opportunity.acquis_chapters or []),
            "required_skills": list(opportunity.required_skills or []), "languages": dict(opportunity.languages or {})}


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    # Closed calls closed ten days ago; open ones close two or three months after the data was written for.
    deadline = (calendar.today - timedelta(days=10) if row.get("status") == "closed"
                else calendar.moved(date(2027, 2, 28)))
    return {"counterpart_field": row["counterpart_field"], "counterpart_countries": row["countries"],
            "sessions": row["activities"], "acquis_chapters": row["chapters"], "required_skills": row["required"],
            "languages": {}, "deadline": deadline}


KIND = Kind(
    name="TWINNING", value="twinning", slug="twinning", order=40,
    label=_l("Twinning"), new_label=_l("New twinning"), open_label=_l("open twinnings"),
    form=TwinningForm, form_template="opportunities/kinds/_twinning_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_twinning_details.html",
    engine_kind="twinning",
    contract_fields=("acquis_chapters", "required_skills", "languages", "positions", "counterpart_field",
                     "counterpart_countries", "sessions"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="engagement", log_label=_l("Joint activities held"), sessions_label=_l("Joint activities planned"),
    demo=DemoPostings("twinnings.json", "twinnings", demo_values),
)
