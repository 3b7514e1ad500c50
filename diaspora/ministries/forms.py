"""A focal point's answer to a proposed candidate (the posting forms are the kinds': opportunities/kinds/)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from diaspora.forms import UraForm


class MinistryDecisionForm(UraForm):
    outcome = SelectField(_l("Decision"), choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])
    interview_date = DateField(_l("Interview date"), validators=[Optional()])
    feedback = TextAreaField(_l("Outcome and feedback"), validators=[DataRequired(), Length(max=5000)])
    mentor_name = StringField(_l("Mentor (if accepted)"), validators=[Optional(), Length(max=160)])
    start_date = DateField(_l("Start (if accepted)"), validators=[Optional()])
    end_date = DateField(_l("End (if accepted)"), validators=[Optional()])
    budget_eur = DecimalField(_l("Approved budget in EUR (if accepted)"), places=2,
                              validators=[Optional(), NumberRange(min=1, max=10_000_000)])
    submit = SubmitField(_l("Send the decision"))

    def acceptance_terms(self) -> dict:
        """What an acceptance hands to the posting's lifecycle, which takes the terms it knows (a placement's mentor
        and dates, a local project's approved budget)."""
        return {"mentor_name": self.mentor_name.data or "", "start": self.start_date.data, "end": self.end_date.data,
                "budget_eur": self.budget_eur.data}
