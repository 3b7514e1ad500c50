from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, IntegerField, PasswordField,
                     SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from diaspora import reference
from diaspora.forms import (LanguageRow, ListStringField, ListTextAreaField, MultiCheckboxField, UraForm,
                            UraSubForm)
from diaspora.formatting import STUDY_LEVELS
from diaspora.members.models import PERSON_ROLE_FLAGS, EducationLevel, Gender, MemberWorkMode, StudyLevel

LANGUAGE_ROWS = 6
EDUCATION_ROWS = 3

WORK_MODE_LABELS = {
    MemberWorkMode.ANY: _l("Any: remote, hybrid or on site"),
    MemberWorkMode.REMOTE: _l("Remote only"),
    MemberWorkMode.HYBRID: _l("Hybrid"),
    MemberWorkMode.ONSITE: _l("On site in Albania"),
}
EDUCATION_LABELS = {
    EducationLevel.PRIMARY: _l("Primary school"),
    EducationLevel.SECONDARY: _l("Secondary school"),
    EducationLevel.VOCATIONAL: _l("Vocational training"),
    EducationLevel.BACHELOR: _l("Bachelor's degree"),
    EducationLevel.MASTER: _l("Master's degree"),
    EducationLevel.DOCTORATE: _l("Doctorate"),
}
GENDER_LABELS = {
    Gender.WOMAN: _l("Woman"),
    Gender.MAN: _l("Man"),
    Gender.ANOTHER: _l("Another gender"),
    Gender.UNDISCLOSED: _l("Prefer not to say"),
}


class EducationRow(UraSubForm):
    degree = StringField(_l("Degree"), validators=[Optional(), Length(max=120)])
    field = StringField(_l("Field of study"), validators=[Optional(), Length(max=160)])


class ProfileForm(UraForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=160)])
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    is_expert = BooleanField(_l("Expert for EU-approximation fellowships"))
    is_agent = BooleanField(_l("Development Agent (Connect Albania)"))
    is_mentor = BooleanField(_l("Mentor for young civil servants, start-ups or students"))
    employer = StringField(_l("Where you work abroad (employer)"), validators=[Optional(), Length(max=200)],
                           description=_l("E.g. ISTAT, Comune di Bologna: twinning pairs Albanian institutions with "
                                          "their counterparts through the people who work there."))
    is_researcher = BooleanField(_l("Researcher (field projects in Albania)"))
    is_student = BooleanField(_l("Student (field projects in Albania)"))
    study_level = SelectField(_l("Level of study"), validators=[Optional()],
                              choices=[("", "—")] + list(STUDY_LEVELS.items()))
    country = SelectField(_l("Country of residence"), validators=[DataRequired()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    gender = SelectField(_l("Gender (optional)"), validators=[Optional()],
                         description=_l("Only used to check that shortlists are fair, never to match you."),
                         choices=[("", "—")] + [(g.value, label) for g, label in GENDER_LABELS.items()])
    languages = FieldList(FormField(LanguageRow), min_entries=LANGUAGE_ROWS, max_entries=LANGUAGE_ROWS)
    years_experience = IntegerField(_l("Years of professional experience"),
                                    validators=[InputRequired(), NumberRange(min=0, max=70)])
    education = FieldList(FormField(EducationRow), min_entries=EDUCATION_ROWS, max_entries=EDUCATION_ROWS)
    sectors = ListStringField(_l("Fields of work"), description=_l("Separate with commas, e.g. public finance, statistics"))
    acquis_chapters = MultiCheckboxField(_l("EU acquis chapters you know"), coerce=int)
    skills = ListTextAreaField(_l("Skills"), description=_l("One per line or separated by commas, in any language."))
    summary = TextAreaField(_l("Short biography"), validators=[Optional(), Length(max=5000)])
    available_from = DateField(_l("Available from"), validators=[Optional()])
    available_to = DateField(_l("Available until"), validators=[Optional()])
    work_mode = SelectField(_l("Work mode you accept"),
                            choices=[(m.value, label) for m, label in WORK_MODE_LABELS.items()])
    network_countries = SelectMultipleField(_l("Countries where your business network is"))
    investment_sectors = ListStringField(_l("Sectors where you can bring investors"))
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    years_abroad = IntegerField(_l("Years lived abroad"), validators=[Optional(), NumberRange(min=0, max=100)])
    highest_education = SelectField(_l("Highest completed education"), validators=[Optional()],
                                    choices=[("", "—")] + [(e.value, label) for e, label in EDUCATION_LABELS.items()])
    consent = BooleanField(_l("I agree that Ura processes my profile to match me with opportunities, "
                              "as described in the privacy notice."))
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = reference.country_choices()
        self.country.choices = [("", "—")] + countries
        self.network_countries.choices = countries
        languages = [("", "—")] + reference.language_choices()
        for row in self.languages:
            row.form.code.choices = languages
        self.acquis_chapters.choices = reference.chapter_choices()

    def validate_is_expert(self, field):
        if not any(getattr(self, column).data for column in PERSON_ROLE_FLAGS.values()):
            raise ValidationError(_l("Choose at least one role."))

    def validate_available_to(self, field):
        if field.data and self.available_from.data and field.data < self.available_from.data:
            raise ValidationError(_l("The end of availability is before its start."))

    def validate_languages(self, field):
        rows = [(row.form.code.data, row.form.level.data) for row in field]
        if any(bool(code) != bool(level) for code, level in rows):
            raise ValidationError(_l("Give each language a level, and each level a language."))
        codes = [code for code, _ in rows if code]
        if not codes:
            raise ValidationError(_l("Add at least one language."))
        if len(codes) != len(set(codes)):
            raise ValidationError(_l("Each language only once, please."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_agent.data:
            # Optional() stops each field's own chain when it is empty, so the agent rule (and the
            # researchers' and students' level of study below) lives here.
            for field in (self.date_of_birth, self.years_abroad, self.highest_education):
                if field.data in (None, "") and not field.errors:
                    field.errors.append(_l("Development Agents must answer this."))
                    valid = False
        if (self.is_researcher.data or self.is_student.data) and not self.study_level.data:
            self.study_level.errors.append(_l("Researchers and students give their level of study."))
            valid = False
        return valid

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(_l("We can only keep your profile with your consent."))

    def validate_skills(self, field):
        if len(field.data) > 80 or any(len(s) > 120 for s in field.data):
            raise ValidationError(_l("At most 80 skills of up to 120 characters each."))

    def profile_values(self) -> dict:
        """The whitelisted profile fields as plain values for the service."""
        return {
            "full_name": self.full_name.data.strip(),
            "phone": (self.phone.data or "").strip(),
            "is_expert": bool(self.is_expert.data),
            "is_agent": bool(self.is_agent.data),
            "is_mentor": bool(self.is_mentor.data),
            "employer": (self.employer.data or "").strip(),
            "is_researcher": bool(self.is_researcher.data),
            "is_student": bool(self.is_student.data),
            "study_level": StudyLevel(self.study_level.data) if self.study_level.data else None,
            "country": self.country.data,
            "city": (self.city.data or "").strip(),
            "gender": Gender(self.gender.data) if self.gender.data else None,
            "languages": {row.form.code.data: row.form.level.data for row in self.languages if row.form.code.data},
            "years_experience": self.years_experience.data,
            "education": [{"degree": row.form.degree.data.strip(), "field": row.form.field.data.strip()}
                          for row in self.education if (row.form.degree.data or row.form.field.data)],
            "sectors": self.sectors.data,
            "acquis_chapters": sorted(set(self.acquis_chapters.data or [])),
            "skills": self.skills.data,
            "summary": (self.summary.data or "").strip(),
            "available_from": self.available_from.data,
            "available_to": self.available_to.data,
            "work_mode": MemberWorkMode(self.work_mode.data),
            "network_countries": list(self.network_countries.data or []),
            "investment_sectors": self.investment_sectors.data,
            "date_of_birth": self.date_of_birth.data,
            "years_abroad": self.years_abroad.data,
            "highest_education": EducationLevel(self.highest_education.data) if self.highest_education.data else None,
        }

    def fill_from(self, profile) -> None:
        """Pre-fill from a saved profile (GET of the edit page)."""
        for name in ("full_name", "phone", "is_expert", "is_agent", "is_mentor", "is_researcher", "is_student",
                     "employer", "country", "city", "years_experience", "sectors", "acquis_chapters", "skills",
                     "summary", "available_from", "available_to", "network_countries", "investment_sectors",
                     "date_of_birth", "years_abroad"):
            getattr(self, name).data = getattr(profile, name)
        self.work_mode.data = profile.work_mode.value
        self.highest_education.data = profile.highest_education.value if profile.highest_education else ""
        self.gender.data = profile.gender.value if profile.gender else ""
        self.study_level.data = profile.study_level.value if profile.study_level else ""
        for row, (code, level) in zip(self.languages, list(profile.languages.items())[:LANGUAGE_ROWS]):
            row.form.code.data, row.form.level.data = code, level
        for row, item in zip(self.education, profile.education[:EDUCATION_ROWS]):
            row.form.degree.data, row.form.field.data = item.get("degree", ""), item.get("field", "")
        self.consent.data = profile.has_consent


class EraseForm(UraForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired(), Length(max=128)])
    submit = SubmitField(_l("Erase my personal data"))
