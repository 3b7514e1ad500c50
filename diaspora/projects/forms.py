"""Forms of local projects: an organisation's proposal, an officer's scores, milestones and expenses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from diaspora.forms import UraForm
from diaspora.projects.proposals import CRITERIA, SCORES

MAX_BUDGET = 10_000_000


def budget_field(label) -> DecimalField:
    return DecimalField(label, places=2, validators=[InputRequired(), NumberRange(min=1, max=MAX_BUDGET)])


class ProposalForm(UraForm):
    organisation = SelectField(_l("Organisation"), coerce=int)
    summary = TextAreaField(_l("The project: what, where, with whom, by when"),
                            validators=[DataRequired(), Length(max=10000)])
    budget_eur = budget_field(_l("Budget asked (EUR)"))
    submit = SubmitField(_l("Send the proposal"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [(o.id, o.name) for o in organisations]


class ScoreForm(UraForm):
    relevance = SelectField(CRITERIA["relevance"], coerce=int)
    feasibility = SelectField(CRITERIA["feasibility"], coerce=int)
    local_impact = SelectField(CRITERIA["local_impact"], coerce=int)
    budget = SelectField(CRITERIA["budget"], coerce=int)
    recommended_budget_eur = budget_field(_l("Recommended budget (EUR)"))
    submit = SubmitField(_l("Save the scores"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CRITERIA:
            getattr(self, name).choices = [(n, str(n)) for n in SCORES]

    def fill_from(self, proposal) -> None:
        """The scores given so far, else the middle of the scale; the budget recommended, else the one asked."""
        for name in CRITERIA:
            getattr(self, name).data = proposal.scores.get(name, 3)
        self.recommended_budget_eur.data = proposal.recommended_budget_eur or proposal.budget_eur

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name).data for name in CRITERIA}


class MilestoneForm(UraForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=200)])
    due_date = DateField(_l("Due"), validators=[InputRequired()])
    submit = SubmitField(_l("Add the milestone"))


class ExpenseForm(UraForm):
    spent_on = DateField(_l("Date"), validators=[InputRequired()])
    description = StringField(_l("What was paid for"), validators=[DataRequired(), Length(max=300)])
    amount_eur = budget_field(_l("Amount (EUR)"))
    submit = SubmitField(_l("Record the expense"))


class StepForm(UraForm):
    """A milestone done, a project completed: the step is the route."""
    submit = SubmitField(_l("Confirm"))
