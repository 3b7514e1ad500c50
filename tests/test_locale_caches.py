"""What is kept per locale (catalogue, names, dates, option markup, WTForms messages) answers exactly what the
uncached way answers, in the reader's locale of the moment, and never carries one request's state to another."""
import random
from datetime import date
from decimal import Decimal

import flask_babel
from flask_babel import force_locale
from wtforms import Form, SelectField, widgets

from diaspora import i18n, reference
from diaspora.forms import WTFORMS_MESSAGES, CachedSelect
from diaspora.matches.labels import feature_label
from diaspora.matches.reasons import reason_texts
from diaspora.formatting import day, score, work_mode


def test_kept_texts_follow_the_locale_back_and_forth(app):
    with app.test_request_context():
        for _ in range(2):
            with force_locale("en"):
                assert (reference.country_name("DE"), reference.language_name("de")) == ("Germany", "German")
                assert (reference.chapter_title(18), feature_label("languages")) == ("Statistics", "Languages")
                assert (day(date(2027, 3, 1)), work_mode("onsite")) == ("March 1, 2027", "on site")
                assert i18n.gettext("Languages") == "Languages" and i18n.locale_code() == "en"
            with force_locale("sq"):
                assert (reference.country_name("DE"), reference.language_name("de")) == ("Gjermani", "gjermanisht")
                assert (reference.chapter_title(18), feature_label("languages")) == ("Statistikat", "Gjuhët")
                assert day(date(2027, 3, 1)) == "1 mars 2027"
                assert i18n.gettext("Languages") == "Gjuhët" and i18n.locale_code() == "sq"


def test_refresh_is_followed(app):
    with app.test_request_context():
        babel = app.extensions["babel"]
        babel.locale_selector = lambda: "en"
        flask_babel.refresh()
        assert reference.country_name("IT") == "Italy"
        babel.locale_selector = lambda: "sq"
        flask_babel.refresh()
        assert reference.country_name("IT") == "Itali"


def test_gettext_and_ngettext_answer_as_flask_babel(app):
    with app.test_request_context():
        for locale in ("en", "sq"):
            with force_locale(locale):
                assert i18n.gettext("Page %(page)d of %(pages)d", page=2, pages=5) == \
                    flask_babel.gettext("Page %(page)d of %(pages)d", page=2, pages=5)
                for n in (1, 2, 7):
                    assert i18n.ngettext("%(num)d candidate", "%(num)d candidates", n) == \
                        flask_babel.ngettext("%(num)d candidate", "%(num)d candidates", n)
        assert i18n.gettext("Languages") == flask_babel.gettext("Languages")  # the request's own locale


def test_outside_any_app_nothing_is_kept_and_nothing_translated():
    assert i18n.gettext("Languages") == "Languages" and i18n.per_locale(("k",), lambda: "built") == "built"


def test_pages_alternate_between_languages(client, make_fellowship):
    posting = make_fellowship(languages={"de": "B2"}, acquis_chapters=[18])
    for _ in range(2):
        english = client.get(f"/opportunities/{posting.id}").get_data(as_text=True)
        albanian = client.get(f"/opportunities/{posting.id}", headers={"Accept-Language": "sq"}).get_data(as_text=True)
        assert "18. Statistics" in english and "German B2" in english and "March 1, 2027" in english
        assert "18. Statistikat" in albanian and "gjermanisht B2" in albanian and "1 mars 2027" in albanian


def test_score_writes_what_babel_writes(app):
    values = [0, 1, 35, 35.25, 35.35, 0.05, 0.15, -0.04, -0.0, -3.25, 99.95, 999.94, 999.95, 1234.5, -1234.56,
              Decimal("12.25"), Decimal("-7.75"), 10**6, float("inf"), float("-inf")]
    rng = random.Random(6)
    values += [rng.uniform(-200, 200) for _ in range(2000)] + [round(rng.uniform(-50, 150), 2) for _ in range(2000)]
    with app.test_request_context():
        for locale in ("en", "sq"):
            with force_locale(locale):
                wrong = [(v, score(v)) for v in values if score(v) != flask_babel.format_decimal(v, "#,##0.0")]
                assert wrong == []
        assert score(None) == ""


class Choices(Form):
    plain = SelectField(choices=[("", "—"), ("it", "Italian"), ("de", "German <&>")])
    kept = SelectField(choices=[("", "—"), ("it", "Italian"), ("de", "German <&>")], widget=CachedSelect())


def same(form) -> bool:
    return str(form.kept(class_="x")) == str(form.plain(class_="x")).replace("plain", "kept")


def test_kept_options_render_as_select_does_and_keep_no_selection():
    for value in ("de", "it", "", "de"):
        form = Choices(data={"plain": value, "kept": value})
        assert same(form) and str(form.kept()).count("selected") == 1
    form.kept.choices = form.plain.choices = [(1, "one"), (True, "yes"), ("2", "two", {"disabled": True})]
    form.kept.data = form.plain.data = "2"
    assert same(form)
    assert type(Choices.plain.field_class.widget) is widgets.Select


def test_wtforms_messages_come_from_uras_catalogue(app):
    # WTForms has no Albanian catalogue of its own: its messages are in Ura's, like every other string.
    message = "This field is required."
    args = ("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.")
    with app.test_request_context(), force_locale("sq"):
        assert WTFORMS_MESSAGES.gettext(message) == flask_babel.gettext(message) == "Kjo fushë është e detyrueshme."
        assert WTFORMS_MESSAGES.ngettext(*args, 1) % {"min": 1} == "Fusha duhet të ketë të paktën 1 shenjë."
        assert WTFORMS_MESSAGES.ngettext(*args, 3) % {"min": 3} == "Fusha duhet të ketë të paktën 3 shenja."
    with app.test_request_context(), force_locale("en"):
        assert WTFORMS_MESSAGES.gettext(message) == message
        assert WTFORMS_MESSAGES.ngettext(*args, 3) == args[1]


def test_reasons_limited_to_the_first_ones(app):
    details = [{"code": "availability_not_stated", "params": {}}, {"code": "text_close", "params": {}},
               {"code": "skill_missing", "params": {"names": ["audit"]}}]
    match = {"reasons": ["a", "b", "c"], "details": details}
    with app.test_request_context(), force_locale("en"):
        assert reason_texts(match, 2) == reason_texts(match)[:2] == [
            "Availability not stated.", "Summary and skills read close to the opportunity's description."]
        assert reason_texts({"reasons": ["Old one.", "Old two."]}, 1) == ["Old one."]
