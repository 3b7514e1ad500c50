from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.validators import AnyOf

from diaspora.bulk.services import FORMATS
from diaspora.forms import UraForm


class ImportForm(UraForm):
    file = FileField(_l("File (JSON lines or CSV, UTF-8)"), validators=[FileRequired()])
    confirm_consent = BooleanField(_l("I confirm that every person in this file agreed that the programme "
                                      "processes their profile to match them with opportunities."))
    all_or_nothing = BooleanField(_l("Import nothing if any row is rejected"))
    submit = SubmitField(_l("Import"))


class ExportForm(UraForm):
    format = RadioField(_l("Format"), choices=[("jsonl", _l("JSON lines")), ("csv", _l("CSV"))], default="jsonl",
                        validators=[AnyOf(FORMATS)])
    submit = SubmitField(_l("Export"))
