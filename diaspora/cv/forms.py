from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from diaspora.forms import UraForm


class CvUploadForm(UraForm):
    file = FileField(_l("Your CV (PDF or Word .docx, up to 5 MB)"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload"))
