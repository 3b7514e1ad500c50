"""Form pieces shared by several blueprints."""
from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (BooleanField, Form, SearchField, SelectField, SelectMultipleField, StringField, TextAreaField,
                     widgets)
from wtforms.validators import DataRequired, Length, Optional

from diaspora import reference
from diaspora.i18n import translations


def strip_control_characters(value):
    """Drop invisible control characters (NUL, escape codes...) that people never mean to type."""
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


def N_(message: str) -> str:
    """Marks a message for the catalogue (the extractor's `N_` keyword) without translating it here."""
    return message


# WTForms' built-in messages (its catalogue template, wtforms/locale/wtforms.pot), which WTForms itself does not
# translate into Albanian: they are written out here so that the extractor puts them in Ura's own catalogue.
# tests/test_albanian_pages.py checks this list against the installed WTForms. A plural message is two entries,
# its singular and its plural: Albanian counts as English does (one, other).
WTFORMS_TEXTS = (
    N_("Invalid field name '%s'."), N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."), N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."), N_("Number must be between %(min)s and %(max)s."),
    N_("This field is required."), N_("Invalid input."), N_("Invalid email address."), N_("Invalid IP address."),
    N_("Invalid Mac address."), N_("Invalid URL."), N_("Invalid UUID."),
    N_("Invalid value, must be one of: %(values)s."), N_("Invalid value, can't be any of: %(values)s."),
    N_("This field cannot be edited."), N_("This field is disabled and cannot have a value."),
    N_("Invalid CSRF Token."), N_("CSRF token missing."), N_("CSRF failed."), N_("CSRF token expired."),
    N_("Invalid Choice: could not coerce."), N_("Choices cannot be None."), N_("Not a valid choice."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."), N_("Not a valid datetime value."),
    N_("Not a valid date value."), N_("Not a valid time value."), N_("Not a valid week value."),
    N_("Not a valid integer value."), N_("Not a valid decimal value."), N_("Not a valid float value."),
)
WTFORMS_PLURALS = {
    N_("Field must be at least %(min)d character long."): N_("Field must be at least %(min)d characters long."),
    N_("Field cannot be longer than %(max)d character."): N_("Field cannot be longer than %(max)d characters."),
    N_("Field must be exactly %(max)d character long."): N_("Field must be exactly %(max)d characters long."),
    N_("'%(value)s' is not a valid choice for this field."): N_("'%(value)s' are not valid choices for this field."),
}


class WTFormsMessages:
    """WTForms' own messages ("This field is required."...) from Ura's catalogue, in the reader's language."""

    def gettext(self, string):
        return translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return translations().ugettext(singular if n == 1 else plural)


WTFORMS_MESSAGES = WTFormsMessages()


class TranslatedMeta:
    """Form Meta giving WTForms' messages in the reader's language; forms without CSRF (GET filters, the rows
    of a FieldList) use it through UraSubForm."""

    def get_translations(self, form):
        return WTFORMS_MESSAGES


class UraSubForm(Form):
    """Base of forms that are not posted on their own: GET filters and the rows of a FieldList."""

    class Meta(TranslatedMeta):
        pass


class UraForm(FlaskForm):
    """Base of every form: text fields are cleaned of control characters before validation."""

    class Meta(TranslatedMeta):
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                options["filters"] = (strip_control_characters, *options.get("filters", ()),
                                      *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def split_list(text: str | None) -> list[str]:
    """Split free text on commas, semicolons and new lines; keep order, drop blanks and repeats."""
    seen: dict[str, None] = {}
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        item = " ".join(part.split())
        if item and item.casefold() not in {k.casefold() for k in seen}:
            seen[item] = None
    return list(seen)


def unique_words(values: list[str]) -> list[str]:
    """The words in their first spelling, without repeats that differ only in case."""
    seen: dict[str, str] = {}
    for value in values:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


class ListTextAreaField(TextAreaField):
    """A text area holding a list: one item per line or separated by commas."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)  # absent from a submission means an empty list, never None
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        self.data = split_list(valuelist[0]) if valuelist else []

    def _value(self):
        return "\n".join(self.data or [])


class ListStringField(StringField):
    """A one-line text field holding a comma-separated list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        self.data = split_list(valuelist[0]) if valuelist else []

    def _value(self):
        return ", ".join(self.data or [])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


CONFIRM_MISSING = _l("Tick the box to confirm: this step cannot be undone.")


def confirm_field(label=_l("I confirm: this cannot be undone.")) -> BooleanField:
    """The required tick of a form whose step moves money or cannot be undone: the server refuses the step
    without it (a script-free confirmation that a double click or a stray submit cannot pass)."""
    return BooleanField(label, validators=[DataRequired(message=CONFIRM_MISSING)])


class SearchForm(UraSubForm):
    """A list's search box, read from the query string (a GET search changes nothing: no CSRF token). Subclasses
    say what it searches in `label`."""
    label = _l("Search")
    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.q.label.text = str(self.label)

    def text(self) -> str | None:
        """What to search for ("" for everything), or None when the box is refused (its errors say why)."""
        return (self.q.data or "").strip() if self.validate() else None


class CachedSelect(widgets.Select):
    """widgets.Select with each <option>'s markup kept once rendered: the country and language lists (about 250
    and 180 options, several selects a page) otherwise cost milliseconds of attribute building and escaping per
    page. Only plain options are kept (a str or int value, a plain str label, no extra attributes); the markup
    of one depends on nothing else, so any request may reuse it."""

    _options: dict[tuple, Markup] = {}
    LIMIT = 20_000  # labels come from reference lists; a stray field must not grow the table without end

    @classmethod
    def render_option(cls, value, label, selected, **kwargs):
        if kwargs or type(label) is not str or type(value) not in (str, int):
            return super().render_option(value, label, selected, **kwargs)
        key = (value, label, bool(selected))
        markup = cls._options.get(key)
        if markup is None:
            if len(cls._options) >= cls.LIMIT:
                cls._options.clear()
            markup = cls._options[key] = super().render_option(value, label, selected)
        return markup


class LanguageRow(UraSubForm):
    """One language with its CEFR level: rows of a profile's and of a posting's languages."""
    # Several rows a page, each with about 180 options: their markup is kept once rendered.
    code = SelectField(_l("Language"), validators=[Optional()], widget=CachedSelect())
    level = SelectField(_l("Level (CEFR)"), validators=[Optional()],
                        choices=[("", "—")] + [(lvl, lvl) for lvl in reference.CEFR_LEVELS])
