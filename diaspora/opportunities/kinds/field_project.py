"""Researcher and student field projects: a short project in Albania for a diaspora researcher or student, with a
supervisor, a field site, dates and a deliverable; open to the levels and fields of study the posting lists.
Followed as a placement whose completion waits for the deliverable (lifecycle "field_project")."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FormError

from diaspora.formatting import STUDY_LEVELS
from diaspora.forms import ListStringField, ListTextAreaField, MultiCheckboxField, UraForm, unique_words
from diaspora.members.models import StudyLevel
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind
from diaspora.opportunities.models import WorkMode

class FieldProjectForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=10000)])
    supervisor = StringField(_l("Supervisor"), validators=[DataRequired(), Length(max=160)])
    region = StringField(_l("Field site"), validators=[DataRequired(), Length(max=120)],
                         description=_l("A place or region in Albania, e.g. Theth, Butrint."))
    start_date = DateField(_l("Start"), validators=[InputRequired()])
    end_date = DateField(_l("End"), validators=[InputRequired()])
    deliverable = TextAreaField(_l("Deliverable"), validators=[DataRequired(), Length(max=2000)],
                                description=_l("What is handed in at the end, e.g. a field report or a data set."))
    study_levels = MultiCheckboxField(_l("Levels of study that may apply"),
                                      choices=list(STUDY_LEVELS.items()))
    fields_of_study = ListStringField(_l("Fields of study sought"),
                                      description=_l("Separate with commas, e.g. archaeology, geology"))
    required_skills = ListTextAreaField(_l("Required skills"), description=_l("One per line or separated by commas."))
    positions = IntegerField(_l("Number of positions"), default=1,
                             validators=[InputRequired(), NumberRange(min=1, max=100)])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise FormError(_l("The end is before the start."))

    def validate_deadline(self, field):
        if field.data and self.start_date.data and field.data > self.start_date.data:
            raise FormError(_l("The deadline must not be after the start."))

    def validate_fields_of_study(self, field):
        if not field.data:
            raise FormError(_l("Name at least one field of study."))
        if len(field.data) > 20 or any(len(s) > 120 for s in field.data):
            raise FormError(_l("At most 20 fields of up to 120 characters each."))

    def validate_required_skills(self, field):
        if len(field.data) > 40 or any(len(s) > 120 for s in field.data):
            raise FormError(_l("At most 40 skills of up to 120 characters each."))

    def values(self) -> dict:
        return {
            "title": self.title.data.strip(), "description": self.description.data.strip(),
            "supervisor": self.supervisor.data.strip(), "region": self.region.data.strip(),
            "start_date": self.start_date.data, "end_date": self.end_date.data,
            "deliverable": self.deliverable.data.strip(), "study_levels": _ordered_levels(self.study_levels.data),
            "fields_of_study": self.fields_of_study.data, "required_skills": self.required_skills.data,
            "work_mode": WorkMode.ONSITE, "positions": self.positions.data, "deadline": self.deadline.data,
        }

    def fill_from(self, opportunity) -> None:
        for name in ("title", "description", "supervisor", "region", "start_date", "end_date", "deliverable",
                     "study_levels", "fields_of_study", "required_skills", "positions", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)


FIELDS = frozenset({"title", "description", "supervisor", "region", "start_date", "end_date", "deliverable",
                    "study_levels", "fields_of_study", "required_skills", "work_mode", "positions", "deadline"})


def _ordered_levels(values) -> list[str]:
    """The chosen levels once each, from bachelor to postdoc (the order the engine's minimum is read in)."""
    return [level.value for level in StudyLevel if level.value in set(values)]


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    for name in ("supervisor", "region", "deliverable", "start", "end"):
        if not data.get(name):
            raise ValidationError("Missing data for required field.", name)
    if not data.get("fields_of_study"):
        raise ValidationError("Name at least one field of study.", "fields_of_study")
    if data.get("deadline") and data["deadline"] > data["start"]:
        raise ValidationError("The deadline must not be after the start.", "deadline")


def values_from_record(record: dict) -> dict:
    return {
        "title": record["title"], "description": record["description"], "supervisor": record["supervisor"],
        "region": record["region"], "start_date": record["start"], "end_date": record["end"],
        "deliverable": record["deliverable"], "study_levels": _ordered_levels(record["study_levels"]),
        "fields_of_study": unique_words(record["fields_of_study"]),
        "required_skills": unique_words(record["required_skills"]), "work_mode": WorkMode.ONSITE,
        "positions": record["positions"], "deadline": record["deadline"],
    }


def record_of(opportunity) -> dict:
    return {"supervisor": opportunity.supervisor, "region": opportunity.region,
            "deliverable": opportunity.deliverable, "study_levels": list(opportunity.study_levels or []),
            "fields_of_study": list(opportunity.fields_of_study or []),
            "required_skills": list(opportunity.required_skills or []), "work_mode": opportunity.work_mode.value,
            "positions": opportunity.positions, "start": opportunity.start_date.isoformat(),
            "end": opportunity.end_date.isoformat()}


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    start = calendar.moved(date.fromisoformat(row["start"]))
    deadline = (calendar.today - timedelta(days=rng.randint(13, 21)) if row.get("status") == "closed"
                else start - timedelta(days=rng.randint(14, 28)))  # the earliest start is six weeks ahead
    return {"supervisor": row["supervisor"], "region": row["site"], "start_date": start,
            "end_date": start + timedelta(weeks=row["weeks"]), "deliverable": row["deliverable"],
            "study_levels": row["levels"], "fields_of_study": row["fields"], "required_skills": row["skills"],
            "work_mode": WorkMode.ONSITE, "positions": row["positions"], "deadline": deadline}


KIND = Kind(
    name="FIELD_PROJECT", value="field_project", slug="field-project", order=50,
    label=_l("Field project"), new_label=_l("New field project"), open_label=_l("open field projects"),
    form=FieldProjectForm, form_template="opportunities/kinds/_field_project_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_field_project_details.html",
    engine_kind="field_project",
    contract_fields=("study_levels", "fields_of_study", "required_skills", "region", "start", "end", "work_mode",
                     "positions"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="field_project",
    demo=DemoPostings("field_projects.json", "field projects", demo_values),
)
