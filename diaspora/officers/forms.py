"""Officers' forms: review filters, decisions, placements, reports, evaluations, retraining, allocation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DecimalField, FieldList, FormField, HiddenField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from diaspora import reference
from diaspora.forms import CachedSelect, UraForm, UraSubForm


class FilterForm(UraSubForm):
    """GET filters of the review page (no CSRF: it changes nothing)."""
    country = SelectField(_l("Residence country"), validators=[Optional()], widget=CachedSelect())
    language = SelectField(_l("Language"), validators=[Optional()], widget=CachedSelect())
    chapter = SelectField(_l("Acquis chapter"), validators=[Optional()], widget=CachedSelect())
    min_score = DecimalField(_l("Minimum score"), places=0, validators=[Optional(), NumberRange(min=0, max=100)])
    eligible = BooleanField(_l("Eligible only"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + reference.country_choices()
        self.language.choices = [("", "—")] + reference.language_choices()
        self.chapter.choices = [("", "—")] + [(str(n), label) for n, label in reference.chapter_choices()]


class DecisionForm(UraForm):
    action = SelectField(_l("Decision"), choices=[("shortlist", _l("Shortlist")), ("propose", _l("Propose to the ministry")),
                                                  ("reject", _l("Reject")), ("note", _l("Add a note"))])
    reason = TextAreaField(_l("Reason or note"), validators=[Optional(), Length(max=2000)],
                           description=_l("Required to reject and for a note. Never shown to the ministry or the member."))
    submit = SubmitField(_l("Record"))


class StatusForm(UraForm):
    step = SelectField(_l("Step"), choices=[("start", _l("Start the placement")), ("complete", _l("Mark completed")),
                                            ("end_early", _l("End early"))])
    reason = TextAreaField(_l("Reason (to end early)"), validators=[Optional(), Length(max=2000)])
    version = HiddenField()
    submit = SubmitField(_l("Apply"))


class DeliverableRow(UraSubForm):
    chapter = SelectField(_l("Acquis chapter"), validators=[Optional()])
    text = StringField(_l("Deliverable"), validators=[Optional(), Length(max=300)])


class ReportForm(UraForm):
    month = DateField(_l("Month (any day of it)"), validators=[InputRequired()])
    text = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=10000)])
    deliverables = FieldList(FormField(DeliverableRow), min_entries=3, max_entries=3)
    submit = SubmitField(_l("Save the report"))

    def set_chapters(self, chapters: list[int]) -> None:
        choices = [("", "—")] + [(str(n), f"{n}. {reference.chapter_title(n)}") for n in chapters]
        for row in self.deliverables:
            row.form.chapter.choices = choices

    def deliverable_values(self) -> list[dict] | None:
        """Rows with both a chapter and a text; None when a row has only one of them."""
        out = []
        for row in self.deliverables:
            chapter, text = row.form.chapter.data, (row.form.text.data or "").strip()
            if bool(chapter) != bool(text):
                return None
            if chapter:
                out.append({"chapter": int(chapter), "text": text})
        return out


class EvaluationForm(UraForm):
    rating = SelectField(_l("Rating"), choices=[(str(n), str(n)) for n in range(5, 0, -1)])
    text = TextAreaField(_l("Final evaluation"), validators=[DataRequired(), Length(max=10000)])
    submit = SubmitField(_l("Save the evaluation"))


class RetrainForm(UraForm):
    submit = SubmitField(_l("Retrain from past decisions"))


class RebuildIndexForm(UraForm):
    submit = SubmitField(_l("Rebuild the matching index"))


class AllocationForm(UraForm):
    submit = SubmitField(_l("Apply the kept pairs as shortlists"))


class MinistryDecisionForm(UraForm):
    outcome = SelectField(_l("Decision"), choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])
    interview_date = DateField(_l("Interview date"), validators=[Optional()])
    feedback = TextAreaField(_l("Outcome and feedback"), validators=[DataRequired(), Length(max=5000)])
    mentor_name = StringField(_l("Mentor (if accepted)"), validators=[Optional(), Length(max=160)])
    start_date = DateField(_l("Start (if accepted)"), validators=[Optional()])
    end_date = DateField(_l("End (if accepted)"), validators=[Optional()])
    submit = SubmitField(_l("Send the decision"))
