"""Form pieces shared by several blueprints."""
from __future__ import annotations

import unicodedata

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets


def strip_control_characters(value):
    """Drop invisible control characters (NUL, escape codes...) that people never mean to type."""
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


class UraForm(FlaskForm):
    """Base of every form: text fields are cleaned of control characters before validation."""

    class Meta:
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
