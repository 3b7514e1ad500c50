"""Locale-aware formatting of dates, money, scores, work modes, study levels, mentees and institution names (the
template filters use these, and so does every text worded for a reader)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import get_decimal_symbol, parse_pattern
from flask_babel import format_currency, format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l

from diaspora.i18n import locale_code, per_locale


def money(amount) -> str:
    return "" if amount is None else format_currency(amount, "EUR")


def percent(value) -> str:
    """A share (0.25) as a percentage with at most one decimal (25%, 12.5%; in Albanian 12,5%)."""
    return "" if value is None else format_percent(value, format="#,##0.#%")


def ratio(value) -> str:
    """A ratio of two rates, with two decimals (0.80; in Albanian 0,80)."""
    return "" if value is None else format_decimal(value, format="0.00")


def day(value) -> str:
    if value is None:
        return ""
    if type(value) is date:  # a datetime is first moved to the reader's time zone: not a per-locale constant
        return per_locale(("day", value), lambda: format_date(value, format="long"))
    return format_date(value, format="long")


def moment(value) -> str:
    return "" if value is None else format_datetime(value, format="medium")


WORK_MODES = {"any": _l("any: remote, hybrid or on site"), "remote": _l("remote"), "hybrid": _l("hybrid"),
              "onsite": _l("on site")}

# matching.model.STUDY_LEVELS (researchers' and students' profiles, field projects).
STUDY_LEVELS = {"bachelor": _l("bachelor's"), "master": _l("master's"), "phd": _l("doctorate (PhD)"),
                "postdoc": _l("postdoctoral")}

# matching.model.MENTEE_TYPES (mentorship postings).
MENTEE_TYPES = {"civil_servant": _l("Young civil servants"), "startup": _l("A start-up"), "student": _l("Students")}

SCORE_FORMAT = "#,##0.0"
_SCORE_PATTERN = parse_pattern(SCORE_FORMAT)
_TENTH = Decimal("0.1")


def score(value) -> str:
    """A match score or a feature's points, always with one decimal (35.3, in Albanian 35,3).

    Babel's format_decimal with SCORE_FORMAT, done by hand for numbers below 1000 (no grouping): Babel parses
    the pattern and walks its general machinery on each of the hundreds of numbers of a review page. Same steps:
    Decimal(str(value)), sign apart, quantized half-even to one decimal, the locale's decimal symbol."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number.is_finite():
        negative = int(number.is_signed())
        whole, _, tenth = f"{abs(number).normalize().quantize(_TENTH):f}".partition(".")
        if len(whole) <= 3:
            symbol = per_locale(("decimal_symbol",), lambda: get_decimal_symbol(get_locale()))
            return f"{_SCORE_PATTERN.prefix[negative]}{whole}{symbol}{tenth}{_SCORE_PATTERN.suffix[negative]}"
    return format_decimal(value, format=SCORE_FORMAT)


def work_mode(mode) -> str:
    value = getattr(mode, "value", mode)
    label = WORK_MODES.get(value)
    return str(value) if label is None else per_locale(("work_mode", value), lambda: str(label))


def study_level(level) -> str:
    """A level of study's name, from its code or a members.models.StudyLevel."""
    level = getattr(level, "value", level)
    label = STUDY_LEVELS.get(level)
    return str(level) if label is None else per_locale(("study_level", level), lambda: str(label))


def mentee_type(value: str) -> str:
    label = MENTEE_TYPES.get(value)
    return str(value or "—") if label is None else per_locale(("mentee_type", value), lambda: str(label))


def institution_name(institution) -> str:
    """The institution's Albanian name when the reader reads Albanian and one is recorded, else its name."""
    if institution is None:
        return ""
    if locale_code() == "sq" and institution.name_sq:
        return institution.name_sq
    return institution.name
