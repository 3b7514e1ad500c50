from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (DateField, DecimalField, FieldList, FormField, IntegerField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from diaspora import reference
from diaspora.forms import LanguageRow, ListTextAreaField, MultiCheckboxField, UraForm
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
            raise ValidationError(_l("Choose at least one chapter."))

    def validate_required_skills(self, field):
        if len(field.data) > 40 or any(len(s) > 120 for s in field.data):
            raise ValidationError(_l("At most 40 skills of up to 120 characters each."))

    validate_preferred_skills = validate_required_skills

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end is before the start."))

    def validate_deadline(self, field):
        if field.data and self.start_date.data and field.data > self.start_date.data:
            raise ValidationError(_l("The deadline must not be after the start."))

    def validate_languages(self, field):
        rows = [(row.form.code.data, row.form.level.data) for row in field]
        if any(bool(code) != bool(level) for code, level in rows):
            raise ValidationError(_l("Give each language a level, and each level a language."))
        codes = [code for code, _ in rows if code]
        if len(codes) != len(set(codes)):
            raise ValidationError(_l("Each language only once, please."))

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
            raise ValidationError(_l("Choose at least one country."))

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


class MinistryDecisionForm(UraForm):
    outcome = SelectField(_l("Decision"), choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])
    interview_date = DateField(_l("Interview date"), validators=[Optional()])
    feedback = TextAreaField(_l("Outcome and feedback"), validators=[DataRequired(), Length(max=5000)])
    mentor_name = StringField(_l("Mentor (if accepted)"), validators=[Optional(), Length(max=160)])
    start_date = DateField(_l("Start (if accepted)"), validators=[Optional()])
    end_date = DateField(_l("End (if accepted)"), validators=[Optional()])
    submit = SubmitField(_l("Send the decision"))

    def placement_terms(self) -> dict:
        """What an acceptance hands to the posting's tracking (a fellowship's placement: mentor and dates)."""
        return {"mentor_name": self.mentor_name.data or "", "start": self.start_date.data, "end": self.end_date.data}
