from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from diaspora.auth.models import Role
from diaspora.forms import SearchForm, UraForm
from diaspora.institutions.models import InstitutionKind

STAFF_ROLES = {Role.MINISTRY: _l("Ministry focal point"), Role.OFFICER: _l("Program officer"),
               Role.ADMIN: _l("Administrator")}
ROLE_LABELS = {Role.MEMBER: _l("Diaspora member"), **STAFF_ROLES}
INSTITUTION_KINDS = {InstitutionKind.MINISTRY: _l("Ministry"), InstitutionKind.AGENCY: _l("Agency"),
                     InstitutionKind.OTHER: _l("Other body")}


class StaffUserForm(UraForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in STAFF_ROLES.items()])
    institution_id = SelectField(_l("Institution (focal points only)"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Create account and send invitation"))


class InstitutionForm(UraForm):
    name = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    name_sq = StringField(_l("Name in Albanian"), validators=[DataRequired(), Length(max=200)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=20)])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in INSTITUTION_KINDS.items()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)], default="Tiranë")
    submit = SubmitField(_l("Add institution"))


class AccountSearchForm(SearchForm):
    label = _l("Search by email or name")
