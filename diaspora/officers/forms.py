"""Officers' forms: review filters, decisions, placement steps, evaluations, retraining, allocation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from diaspora import reference
from diaspora.forms import CONFIRM_MISSING, CachedSelect, UraForm, UraSubForm


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


STEP_LABELS = {"shortlist": _l("Shortlist"), "propose": _l("Propose to the ministry"), "reject": _l("Reject"),
               "note": _l("Add a note")}


class DecisionForm(UraForm):
    """An officer's step on a candidate: the steps the posting's kind allows (Kind.review_steps)."""
    action = SelectField(_l("Decision"))
    reason = TextAreaField(_l("Reason or note"), validators=[Optional(), Length(max=2000)],
                           description=_l("Required to reject and for a note. Never shown to the ministry or the member."))
    submit = SubmitField(_l("Record"))

    def __init__(self, *args, steps: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(step, STEP_LABELS[step]) for step in steps]


class InviteForm(UraForm):
    """One click: invite an alumnus back to this posting (shortlisted and told)."""
    submit = SubmitField(_l("Invite back to apply"))


class StatusForm(UraForm):
    step = SelectField(_l("Step"), choices=[("start", _l("Start the placement")), ("complete", _l("Mark completed")),
                                            ("end_early", _l("End early"))])
    reason = TextAreaField(_l("Reason (to end early)"), validators=[Optional(), Length(max=2000)])
    confirm = BooleanField(_l("I confirm: completing or ending a placement cannot be undone."))
    version = HiddenField()
    submit = SubmitField(_l("Apply"))

    FINAL_STEPS = ("complete", "end_early")

    def validate_confirm(self, field):
        if self.step.data in self.FINAL_STEPS and not field.data:
            raise ValidationError(CONFIRM_MISSING)


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
