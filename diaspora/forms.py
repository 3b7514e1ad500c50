"""Form pieces shared by several blueprints."""
from __future__ import annotations

import unicodedata

from babel import support
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as flask_wtf_translations
from markupsafe import Markup
from wtforms import Form, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.i18n import messages_path
from wtforms.validators import Optional

from diaspora import reference
from diaspora.i18n import per_locale


def strip_control_characters(value):
    """Drop invisible control characters (NUL, escape codes...) that people never mean to type."""
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


class WTFormsMessages:
    """flask_wtf's translations of WTForms' own messages ("This field is required."...), with the catalogue
    loaded once per locale and process: flask_wtf reads and parses its .mo file again in every request that
    builds a form."""

    @staticmethod
    def _catalogue():
        if not has_request_context():
            return None
        return per_locale(("wtforms",), lambda: support.Translations.load(messages_path(), [get_locale()],
                                                                          domain="wtforms"))

    def gettext(self, string):
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular, plural, n):
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


WTFORMS_MESSAGES = WTFormsMessages()


class UraForm(FlaskForm):
    """Base of every form: text fields are cleaned of control characters before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                options["filters"] = (strip_control_characters, *options.get("filters", ()),
                                      *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)

        def get_translations(self, form):
            translations = super().get_translations(form)
            return WTFORMS_MESSAGES if translations is flask_wtf_translations else translations


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


class LanguageRow(Form):
    """One language with its CEFR level: rows of a profile's and of a posting's languages."""
    # Several rows a page, each with about 180 options: their markup is kept once rendered.
    code = SelectField(_l("Language"), validators=[Optional()], widget=CachedSelect())
    level = SelectField(_l("Level (CEFR)"), validators=[Optional()],
                        choices=[("", "—")] + [(lvl, lvl) for lvl in reference.CEFR_LEVELS])
