"""Mentorship: a diaspora professional mentors someone in Albania (young civil servants, a start-up, students) for an
agreed number of sessions; the posting is an institution's, school's or business support agency's. Matched to
members with the role mentor; tracked as an engagement: sessions logged against those agreed, both sides' feedback."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from diaspora import reference
from diaspora.formatting import MENTEE_TYPES
from diaspora.forms import ListTextAreaField, UraForm, unique_words
from diaspora.opportunities.kinds.base import DemoCalendar, DemoPostings, Kind
from diaspora.opportunities.kinds.fellowship import FellowshipForm
from diaspora.opportunities.models import WorkMode

# A posting names the language its sessions are held in; a mentor needs it at this level at least.
SESSION_LANGUAGE_LEVEL = "B2"
MAX_SESSIONS = 100


def session_language_choices() -> list[tuple[str, str]]:
    return [("", "—")] + reference.language_choices()


class MentorshipForm(UraForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    mentee_type = SelectField(_l("Who is mentored"), choices=list(MENTEE_TYPES.items()))
    sessions = IntegerField(_l("Number of sessions"), default=6,
                            validators=[InputRequired(), NumberRange(min=1, max=MAX_SESSIONS)])
    sector = StringField(_l("Field of the mentoring"), validators=[Optional(), Length(max=120)],
                         description=_l("E.g. public procurement, digital services, fundraising."))
    required_skills = ListTextAreaField(_l("Skills the mentor needs"),
                                        description=_l("One per line or separated by commas."))
    preferred_skills = ListTextAreaField(_l("Welcome skills"))
    session_language = SelectField(_l("Language of the sessions"), validators=[Optional()])
    min_years_experience = IntegerField(_l("Minimum years of experience"),
                                        validators=[Optional(), NumberRange(min=0, max=50)])
    work_mode = SelectField(_l("How the sessions are held"), choices=[(WorkMode.REMOTE.value, _l("Online")),
                                                          (WorkMode.HYBRID.value, _l("Online and in person")),
                                                          (WorkMode.ONSITE.value, _l("In person in Albania"))])
    positions = IntegerField(_l("Mentors sought"), default=1, validators=[InputRequired(), NumberRange(min=1, max=100)])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=10000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_language.choices = session_language_choices()

    validate_required_skills = validate_preferred_skills = FellowshipForm.validate_required_skills

    def values(self) -> dict:
        language = self.session_language.data
        return {
            "title": self.title.data.strip(), "description": self.description.data.strip(),
            "mentee_type": self.mentee_type.data, "sessions": self.sessions.data,
            "sector": (self.sector.data or "").strip(), "required_skills": self.required_skills.data,
            "preferred_skills": self.preferred_skills.data,
            "languages": {language: SESSION_LANGUAGE_LEVEL} if language else {},
            "min_years_experience": self.min_years_experience.data, "work_mode": WorkMode(self.work_mode.data),
            "positions": self.positions.data, "deadline": self.deadline.data,
        }

    def fill_from(self, opportunity) -> None:
        for name in ("title", "description", "mentee_type", "sessions", "sector", "required_skills",
                     "preferred_skills", "min_years_experience", "positions", "deadline"):
            getattr(self, name).data = getattr(opportunity, name)
        self.work_mode.data = opportunity.work_mode.value
        self.session_language.data = next(iter(opportunity.languages or {}), "")


FIELDS = frozenset({"title", "description", "mentee_type", "sessions", "sector", "required_skills", "preferred_skills",
                    "languages", "min_years_experience", "work_mode", "positions", "deadline"})


def check_record(data: dict) -> None:
    """The form's completeness rules, for imported and API records."""
    if not data.get("sessions"):
        raise ValidationError("Missing data for required field.", "sessions")
    if data.get("mentee_type") not in MENTEE_TYPES:
        raise ValidationError(f"Must be one of: {', '.join(MENTEE_TYPES)}.", "mentee_type")


def values_from_record(record: dict) -> dict:
    return {
        "title": record["title"], "description": record["description"], "mentee_type": record["mentee_type"],
        "sessions": record["sessions"], "sector": record["sector"],
        "required_skills": unique_words(record["required_skills"]),
        "preferred_skills": unique_words(record["preferred_skills"]), "languages": dict(record["languages"]),
        "min_years_experience": record["min_years_experience"], "work_mode": WorkMode(record["work_mode"]),
        "positions": record["positions"], "deadline": record["deadline"],
    }


def record_of(opportunity) -> dict:
    record = {"mentee_type": opportunity.mentee_type, "sessions": opportunity.sessions, "sector": opportunity.sector,
              "required_skills": list(opportunity.required_skills or []),
              "preferred_skills": list(opportunity.preferred_skills or []),
              "languages": dict(opportunity.languages or {}), "work_mode": opportunity.work_mode.value,
              "positions": opportunity.positions}
    if opportunity.min_years_experience is not None:
        record["min_years_experience"] = opportunity.min_years_experience
    return record


def demo_values(row: dict, rng: random.Random, calendar: DemoCalendar) -> dict:
    # Closed calls closed ten days ago; open ones close two or three months after the data was written for.
    deadline = (calendar.today - timedelta(days=10) if row.get("status") == "closed"
                else calendar.moved(date(2027, 1, 31)))
    return {"mentee_type": row["mentee_type"], "sessions": row["sessions"], "sector": row["sector"],
            "required_skills": row["required"], "preferred_skills": row["preferred"],
            "languages": {"sq": SESSION_LANGUAGE_LEVEL}, "min_years_experience": row["min_years"],
            "work_mode": WorkMode(row["work_mode"]), "positions": row["positions"], "deadline": deadline}


KIND = Kind(
    name="MENTORSHIP", value="mentorship", slug="mentorship", order=30,
    label=_l("Mentorship"), new_label=_l("New mentorship"), open_label=_l("open mentorships"),
    form=MentorshipForm, form_template="opportunities/kinds/_mentorship_form.html", fields=FIELDS,
    details_template="opportunities/kinds/_mentorship_details.html",
    engine_kind="mentorship",
    contract_fields=("required_skills", "preferred_skills", "languages", "min_years_experience", "work_mode",
                     "positions", "sector", "sessions", "mentee_type"),
    check_record=check_record, values_from_record=values_from_record, record_of=record_of,
    tracking="engagement", log_label=_l("Sessions held"), sessions_label=_l("Sessions agreed"),
    demo=DemoPostings("mentorships.json", "mentorships", demo_values),
)
