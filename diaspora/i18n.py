"""Locale selection: the member's saved choice, then the session, then the browser, then Albanian.

Also the cheap way to the reader's catalogue: flask_babel finds it again on every gettext call (about 10 µs:
several lookups through the `g` proxy, str(locale), a cache lookup) and a review page asks for it hundreds of
times, so the catalogue is remembered on `g` for as long as the context's locale object stays the same
(force_locale and refresh replace that object, so they are followed)."""
from __future__ import annotations

import weakref

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user

from diaspora.extensions import babel

# Texts that depend on nothing but the locale (translated labels, country names, formatted dates), one table
# per loaded catalogue: a catalogue stands for one locale of one app, so a table never answers in another
# locale, and it goes with its app. Distinct dates could grow a table without end: past the limit it restarts.
_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
TABLE_LIMIT = 20_000


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _current() -> tuple | None:
    """(locale, catalogue, table) of the current context; None outside any app context."""
    if not has_app_context():
        return None
    app_globals = g._get_current_object()  # one proxy lookup: each g.attribute costs another
    memo = getattr(app_globals, "_ura_catalogue", None)
    # flask_babel keeps the context's locale in g._flask_babel.babel_locale, which force_locale and refresh
    # replace or drop: while it is still the memoised object, so is the catalogue. Anything else (an unknown
    # flask_babel layout included) takes the public way, get_locale().
    if memo is not None and memo[0] is not None \
            and memo[0] is getattr(getattr(app_globals, "_flask_babel", None), "babel_locale", None):
        return memo
    locale = get_locale()
    catalogue = get_translations()
    table = _TABLES.get(catalogue)
    if table is None:
        table = _TABLES[catalogue] = {}
    memo = app_globals._ura_catalogue = (locale, catalogue, table)
    return memo


def translations():
    """The reader's catalogue (what flask_babel.get_translations answers, found once per request)."""
    memo = _current()
    return NullTranslations() if memo is None else memo[1]


def gettext(string: str, **variables) -> str:
    """flask_babel.gettext, cheaper."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """flask_babel.ngettext, cheaper."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def per_locale(key, build):
    """build(), a value depending only on the reader's locale (and the app's fixed settings), computed once
    per locale under `key`."""
    memo = _current()
    if memo is None:
        return build()
    table = memo[2]
    try:
        return table[key]
    except KeyError:
        if len(table) >= TABLE_LIMIT:
            table.clear()
        value = table[key] = build()
        return value


def locale_code() -> str:
    """str(get_locale()), or "" without a locale."""
    return per_locale(("locale",), lambda: str(get_locale() or ""))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # The templates' _() and ngettext() as flask_babel installs them, through the remembered catalogue.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
