from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from diaspora.curation.services import MAX_NAME
from diaspora.forms import UraForm


class DecisionForm(UraForm):
    """What each decision carries: the term's version as the page showed it (two administrators at once)."""
    version = HiddenField()

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdecimal() else None


class AliasForm(DecisionForm):
    concept = SelectField(_l("Concept"), validators=[DataRequired()])
    submit = SubmitField(_l("Map to this concept"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.concept.choices = [("", "—"), *choices]


class ConceptForm(DecisionForm):
    name = StringField(_l("Name of the new concept"), validators=[DataRequired(), Length(max=MAX_NAME)])
    submit = SubmitField(_l("Create the concept"))


class DismissForm(DecisionForm):
    submit = SubmitField(_l("Dismiss"))


class ImportForm(UraForm):
    file = FileField(_l("File (JSON or CSV, UTF-8)"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))
