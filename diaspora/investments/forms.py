from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from diaspora import reference
from diaspora.forms import SearchForm, UraForm, confirm_field
from diaspora.investments.leads import STAGE_LABELS
from diaspora.investments.models import DisputeOutcome, LeadStage
from diaspora.investments.reference import municipality_choices, sector_choices

MAX_EUR = 100_000_000_000


class ApplyForm(UraForm):
    submit = SubmitField(_l("Apply to be certified"))


class VersionedForm(UraForm):
    version = HiddenField()

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdecimal() else None


class DocumentUploadForm(UraForm):
    """One per required document on the applicant's page (prefixed with the document's kind)."""
    file = FileField(_l("File (PDF, JPEG or PNG, up to 5 MB)"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload"))


class DocumentReviewForm(VersionedForm):
    """One per submitted document on the officers' queue (prefixed with the document's id)."""
    decision = SelectField(_l("Review"), choices=[("accept", _l("Accept")), ("again", _l("Ask for it again"))])
    reason = TextAreaField(_l("What is wrong, when asking again (the applicant reads it)"),
                           validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Record the review"))


class CertifyForm(VersionedForm):
    confirm = confirm_field(_l("I confirm that every rule is met and every document is accepted."))
    submit = SubmitField(_l("Certify"))


class RefuseForm(VersionedForm):
    reason = TextAreaField(_l("Reason for the refusal"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Refuse"))


class LeadForm(UraForm):
    company = StringField(_l("Company"), validators=[DataRequired(), Length(max=200)])
    origin_country = SelectField(_l("Country the investor comes from"), validators=[DataRequired()])
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    municipality = SelectField(_l("Municipality in Albania"), validators=[DataRequired()])
    expected_amount_eur = DecimalField(_l("Expected investment (EUR)"), places=2,
                                       validators=[InputRequired(), NumberRange(min=0, max=MAX_EUR)])
    expected_jobs = IntegerField(_l("Expected jobs in Albania"),
                                 validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])
    submit = SubmitField(_l("Register the lead"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.origin_country.choices = [("", "—")] + reference.country_choices()
        self.sector.choices = [("", "—")] + sector_choices()
        self.municipality.choices = [("", "—")] + municipality_choices()

    def values(self) -> dict:
        return {"company": " ".join(self.company.data.split()), "origin_country": self.origin_country.data,
                "sector": self.sector.data, "municipality": self.municipality.data,
                "expected_amount_eur": self.expected_amount_eur.data, "expected_jobs": self.expected_jobs.data}


class StageForm(VersionedForm):
    stage = SelectField(_l("New stage"), validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    amount_invested = DecimalField(_l("Amount invested (EUR), when realised"), places=2,
                                   validators=[Optional(), NumberRange(min=0, max=MAX_EUR)])
    jobs_created = IntegerField(_l("Albanian jobs created, when realised"),
                                validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    submit = SubmitField(_l("Move the lead"))

    def __init__(self, *args, targets: list[LeadStage] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = [(s.value, STAGE_LABELS[s]) for s in targets]


class ResolveForm(UraForm):
    outcome = SelectField(_l("Decision"), choices=[
        (DisputeOutcome.FIRST_CLAIM_KEPT.value, _l("The first claim keeps the company")),
        (DisputeOutcome.AWARDED_TO_CLAIMANT.value, _l("The company goes to this claim")),
    ])
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Resolve the dispute"))


class RewardActionForm(VersionedForm):
    confirm = confirm_field()  # labelled with the row's amount on the ledger
    submit = SubmitField(_l("Confirm"))


class LeadSearchForm(SearchForm):
    label = _l("Search by company, municipality or agent")
