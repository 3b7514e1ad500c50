"""Forms of an organisation's pages: its profile (registration and edits) and its members."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.validators import ValidationError as FormError

from diaspora import reference
from diaspora.forms import MultiCheckboxField, UraForm


class OrganisationForm(UraForm):
    full_name = StringField(_l("Name of the association"), validators=[DataRequired(), Length(max=160)])
    country = SelectField(_l("Country of its seat"), validators=[DataRequired()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    sectors = MultiCheckboxField(_l("Sectors it works in"), choices=list(reference.LOCAL_PROJECT_SECTORS.items()))
    regions = MultiCheckboxField(_l("Regions of Albania where it works"))
    summary = TextAreaField(_l("What the association does"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + reference.country_choices()
        self.regions.choices = reference.region_choices()

    def validate_sectors(self, field):
        if not field.data:
            raise FormError(_l("Name at least one sector."))

    def validate_regions(self, field):
        if not field.data:
            raise FormError(_l("Choose at least one region of Albania."))

    def values(self) -> dict:
        return {"full_name": self.full_name.data.strip(), "country": self.country.data,
                "city": (self.city.data or "").strip(), "sectors": list(dict.fromkeys(self.sectors.data)),
                "regions": list(dict.fromkeys(self.regions.data)), "summary": (self.summary.data or "").strip()}

    def fill_from(self, organisation) -> None:
        for name in ("full_name", "country", "city", "sectors", "regions", "summary"):
            getattr(self, name).data = getattr(organisation.profile, name)


class RegisterOrganisationForm(OrganisationForm):
    email = EmailField(_l("The association's own e-mail"), validators=[DataRequired(), Email(), Length(max=254)],
                       description=_l("The programme's notices to the association go there."))
    consent = BooleanField(_l("The association agrees that Ura processes its profile to match it with calls for "
                              "local projects, as described in the privacy notice."))

    def validate_consent(self, field):
        if not field.data:
            raise FormError(_l("We can only keep the organisation's profile with its consent."))


class AddMemberForm(UraForm):
    email = EmailField(_l("E-mail of the member's Ura account"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Add the member"))


class MemberStepForm(UraForm):
    """Remove a member or make them the contact person (the step is the route)."""
    submit = SubmitField(_l("Confirm"))
