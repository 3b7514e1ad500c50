"""Template filters and globals: names from codes, locale-aware dates and money."""
from __future__ import annotations

from flask import Flask, current_app
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from diaspora import reference
from diaspora.matches import reasons as match_reasons
from diaspora.matches.labels import feature_label


def money(amount) -> str:
    return "" if amount is None else format_currency(amount, "EUR")


def day(value) -> str:
    return "" if value is None else format_date(value, format="long")


def moment(value) -> str:
    return "" if value is None else format_datetime(value, format="medium")


WORK_MODES = {"any": _l("any: remote, hybrid or on site"), "remote": _l("remote"), "hybrid": _l("hybrid"),
              "onsite": _l("on site")}


def score(value) -> str:
    """A match score or a feature's points, always with one decimal (35.3, in Albanian 35,3)."""
    return "" if value is None else format_decimal(value, format="#,##0.0")


def work_mode(mode) -> str:
    value = getattr(mode, "value", mode)
    return str(WORK_MODES.get(value, value))


def institution_name(institution) -> str:
    """The institution's Albanian name when the reader reads Albanian and one is recorded, else its name."""
    if institution is None:
        return ""
    if str(get_locale() or "") == "sq" and institution.name_sq:
        return institution.name_sq
    return institution.name


def init_app(app: Flask) -> None:
    app.add_template_filter(reference.country_name, "country")
    app.add_template_filter(reference.language_name, "language")
    app.add_template_filter(reference.chapter_title, "chapter")
    app.add_template_filter(money, "money")
    app.add_template_filter(day, "day")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(work_mode, "work_mode")
    app.add_template_filter(institution_name, "institution")
    app.add_template_filter(score, "score")
    app.add_template_filter(feature_label, "feature")
    app.add_template_filter(match_reasons.reason_texts, "reasons")
    app.add_template_filter(match_reasons.model_message, "model_message")

    @app.context_processor
    def inject_globals():
        return {"current_locale": str(get_locale() or "sq"),
                "languages": current_app.config["LANGUAGES"]}
