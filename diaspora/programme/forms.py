"""Programme forms used by more than one role's pages: a placement's monthly report (the placed member and
officers), a field project's deliverable (handed in by the member, accepted by an officer: one page partial), an
engagement's log entry and closing feedback (the member and the institution)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from flask_babel import lazy_gettext as _l
from wtforms import DateField, FieldList, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from diaspora import reference
from diaspora.forms import UraForm, UraSubForm
from diaspora.programme import engagements, placements
from diaspora.submission import submit


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

    @classmethod
    def for_placement(cls, placement, formdata=None) -> ReportForm:
        form = cls(formdata=formdata) if formdata is not None else cls()
        form.set_chapters(placement.opportunity.acquis_chapters or [])
        return form

    def deliverable_values(self) -> list[dict] | None:
        """Rows with both a chapter and a text; None, with the error on the field, when a row has only one."""
        out = []
        for row in self.deliverables:
            chapter, text = row.form.chapter.data, (row.form.text.data or "").strip()
            if bool(chapter) != bool(text):
                self.deliverables.errors.append(_("Give each deliverable a chapter, and each chapter a deliverable."))
                return None
            if chapter:
                out.append({"chapter": int(chapter), "text": text})
        return out

    def save(self, placement, *, page, then):
        """Validate and add the report as the current user (the officer's and the member's page alike)."""
        if not self.validate_on_submit() or (deliverables := self.deliverable_values()) is None:
            return page(422)
        return submit(lambda: placements.add_report(current_user, placement.id, self.month.data, self.text.data,
                                                    deliverables),
                      form=self, field="text", conflict_in_form=True, success=_("The report is saved."), page=page,
                      then=then)


class EngagementEntryForm(UraForm):
    """One session or joint activity held (the member's, the institution's and the officer's page alike)."""
    held_on = DateField(_l("Held on"), validators=[InputRequired()])
    note = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Add to the log"))

    def save(self, engagement, *, page, then):
        if not self.validate_on_submit():
            return page(422)
        return submit(lambda: engagements.add_entry(current_user, engagement.id, self.held_on.data, self.note.data),
                      form=self, field="note", conflict_in_form=True, success=_("Added to the log."), page=page,
                      then=then)


class EngagementFeedbackForm(UraForm):
    """A side's closing feedback: the member's or the institution's."""
    rating = SelectField(_l("Rating"), choices=[(str(n), str(n)) for n in range(5, 0, -1)])
    text = TextAreaField(_l("Your feedback"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Give my feedback"))

    def save(self, engagement, *, page, then):
        if not self.validate_on_submit():
            return page(422)
        return submit(lambda: engagements.give_feedback(current_user, engagement.id, int(self.rating.data),
                                                        self.text.data),
                      form=self, field="text", conflict_in_form=True, success=_("Thank you: your feedback is saved."),
                      page=page, then=then)


class DeliverableForm(UraForm):
    text = TextAreaField(_l("The deliverable: a summary and where to find it"),
                         validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Hand in the deliverable"))


class AcceptDeliverableForm(UraForm):
    submit = SubmitField(_l("Accept the deliverable"))
