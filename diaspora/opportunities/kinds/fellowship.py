"""EU-approximation fellowships: a diaspora expert placed (mostly remotely) in an Albanian institution to align
its law with the EU acquis; tracked as a placement with monthly reports and a final evaluation."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, FieldList, FormField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FormError

from diaspora import reference
from diaspora.forms import LanguageRow, ListTextAreaField, MultiCheckboxField, UraForm, unique_words
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind
from diaspora.opportunities.models import WorkMode

OPPORTUNITY_WORK_MODES = {
    WorkMode.REMOTE: _l("Remote"),
    WorkMode.HYBRID: _l("Hybrid"),
    WorkMode.ONSITE: _l("On site"),
}
LANGUAGE_ROWS = 4


class FellowshipForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=10000)])
    acquis_chapters = MultiCheckboxField(_l("EU acquis chapters the work serves"), coerce=int)
    required_skills = ListTextAreaField(_l("Required skills"), description=_l("One per line or separated by commas."))
    preferred_skills = ListTextAreaField(_l("Preferred skills"))
    languages = FieldList(FormField(LanguageRow), min_entries=LANGUAGE_ROWS, max_entries=LANGUAGE_ROWS)
    min_years_experience = IntegerField(_l("Minimum years of experience"),
                                        validators=[Optional(), NumberRange(min=0, max=50)])
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(_l("End"), validators=[Optional()])
    work_mode = SelectField(_l("Work mode"), choices=[(m.value, l) for m, l in OPPORTUNITY_WORK_MODES.items()])
    positions = IntegerField(_l("Number of positions"), default=1,
                             validators=[InputRequired(), NumberRange(min=1, max=100)])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.acquis_chapters.choices = reference.chapter_choices()
        languages = [("", "—")] + reference.language_choices()
        for row in self.languages:
            row.form.code.choices = languages

    def validate_acquis_chapters(self, field):
        if not field.data:
            raise FormError(_l("Choose at least one chapter."))

    def validate_required_skills(self, field):
        if len(field.data) > 40 or any(len(s) > 120 for s in field.data):
            raise FormError(_l("At most 40 skills of up to 120 characters each."))

    validate_preferred_skills = validate_required_skills

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise FormError(_l("The end is before the start."))

    def validate_deadline(self, field):
        if field.data and self.start_date.data and field.data > self.start_date.data:
            raise FormError(_l("The deadline must not be after the start."))

    def validate_languages(self, field):
        rows = [(row.form.code.data, row.form.level.data) for row in field]
        if any(bool(code) != bool(level) for code, level in rows):
            raise FormError(_l("Give each language a level, and each level a language."))
        codes = [code for code, _ in rows if code]
        if len(codes) != len(set(codes)):
            raise FormError(_l("Each language only once, please."))

    def values(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "description": self.description.data.strip(),
            "acquis_chapters": sorted(set(self.acquis_chapters.data)),
            "required_skills": self.required_skills.data,
            "preferred_skills": self.preferred_skills.data,
            "languages": {r.form.code.data: r.form.level.data for r in self.languages if r.form.code.data},
            "min_years_experience": self.min_years_experience.data,
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
            "work_mode": WorkMode(self.work_mode.data),
            "positions": self.positions.data,
            "deadline": self.deadline.data,
        }

    def fill_from(self, opportunity) -> None:
        for name in ("title", "description", "acquis_chapters", "required_skills", "preferred_skills",
                     "min_years_experience", "start_date", "end_date", "positions", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)
        self.work_mode.data = opportunity.work_mode.value
        for row, (code, level) in zip(self.languages, list(opportunity.languages.items())[:LANGUAGE_ROWS]):
            row.form.code.data, row.form.level.data = code, level


FIELDS = frozenset({
    "title", "description", "acquis_chapters", "required_skills", "preferred_skills", "languages",
    "min_years_experience", "start_date", "end_date", "work_mode", "positions", "deadline",
})


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    if not data.get("acquis_chapters"):
        raise ValidationError("Choose at least one chapter.", "acquis_chapters")
    if data.get("deadline") and data.get("start") and data["deadline"] > data["start"]:
        raise ValidationError("The deadline must not be after the start.", "deadline")


def values_from_record(record: dict) -> dict:
    return {
        "title": record["title"], "description": record["description"],
        "acquis_chapters": sorted(set(record["acquis_chapters"])),
        "required_skills": unique_words(record["required_skills"]),
        "preferred_skills": unique_words(record["preferred_skills"]),
        "languages": dict(record["languages"]), "min_years_experience": record["min_years_experience"],
        "start_date": record["start"], "end_date": record["end"], "work_mode": WorkMode(record["work_mode"]),
        "positions": record["positions"], "deadline": record["deadline"],
    }


def record_of(opportunity) -> dict:
    record = {"acquis_chapters": list(opportunity.acquis_chapters or []),
              "required_skills": list(opportunity.required_skills or []),
              "preferred_skills": list(opportunity.preferred_skills or []),
              "languages": dict(opportunity.languages or {}), "work_mode": opportunity.work_mode.value,
              "positions": opportunity.positions}
    if opportunity.min_years_experience is not None:
        record["min_years_experience"] = opportunity.min_years_experience
    dates = {"start": opportunity.start_date, "end": opportunity.end_date}
    record.update({key: value.isoformat() for key, value in dates.items() if value is not None})
    return record


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    start = calendar.moved(date.fromisoformat(row["start"]))
    end = (start + timedelta(days=round(row["months"] * 30.44))).replace(day=1) - timedelta(days=1)
    # Closed calls closed a few weeks ago; open ones close two to four weeks before the work starts (the
    # earliest start in the file is six weeks after the day it was written for).
    deadline = (calendar.today - timedelta(days=rng.randint(10, 18)) if row.get("status") == "closed"
                else start - timedelta(days=rng.randint(14, 28)))
    return {"acquis_chapters": row["chapters"], "required_skills": row["required"],
            "preferred_skills": row["preferred"], "languages": row["languages"], "min_years_experience": row["min_years"],
            "start_date": start, "end_date": end, "work_mode": WorkMode(row["work_mode"]), "positions": row["positions"],
            "deadline": deadline}


KIND = Kind(
    name="FELLOWSHIP", value="fellowship", slug="fellowship", order=10,
    label=_l("Fellowship"), new_label=_l("New fellowship"), open_label=_l("open fellowships"),
    form=FellowshipForm, form_template="opportunities/kinds/_fellowship_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_fellowship_details.html",
    engine_kind="fellowship",
    contract_fields=("acquis_chapters", "required_skills", "preferred_skills", "languages", "min_years_experience",
                     "start", "end", "work_mode", "positions"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="placement",
    demo=DemoPostings("fellowships.json", "fellowships", demo_values),
)
