from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from diaspora.forms import UraForm


class TokenForm(UraForm):
    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=80)],
                       description=_l("Where you will use it, e.g. \"programme spreadsheet sync\"."))
    submit = SubmitField(_l("Create token"))


class RevokeForm(UraForm):
    submit = SubmitField(_l("Revoke"))
