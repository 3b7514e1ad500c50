"""Albanian and English: every string translated, placeholders intact, dates and money per locale."""
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_currency, format_date

from diaspora.extensions import db

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "diaspora" / "translations" / "sq" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def forms(text):
    """A message's id or string as a tuple: plural messages (msgid_plural) carry one text per form."""
    return text if isinstance(text, tuple) else (text,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings in the code and templates right now, extracted as `make messages` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


@pytest.fixture(scope="module")
def albanian():
    with CATALOGUE.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def test_every_string_has_an_albanian_translation(extracted, albanian):
    missing = [m.id for m in extracted if m.id not in albanian or not all(forms(albanian[m.id].string))
               or albanian[m.id].fuzzy]
    assert missing == [], f"{len(missing)} strings without Albanian translation, e.g. {missing[:10]}"


def test_translations_keep_their_placeholders(albanian):
    # Albanian has the same two plural forms as English: form i keeps the placeholders of msgid (i=0) or msgid_plural.
    broken = [m.id for m in albanian.values() if any(forms(m.string)) and any(
        sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target))
        for source, target in zip(forms(m.id), forms(m.string)))]
    assert broken == []


def test_albanian_is_written_with_its_letters(albanian):
    text = " ".join(form for m in albanian.values() for form in forms(m.string) if form)
    assert "ë" in text and "ç" in text
    # Common words written without their diacritics betray a keyboard without ë and ç. ("zgjidhni", choose, is
    # already correct as written; "fjalekalimi" stands for fjalëkalimi.)
    for wrong in (" nje ", " eshte ", " per ", " te dhenat ", " fjalekalimi "):
        assert wrong not in f" {text.lower()} ", wrong


def test_money_and_dates_per_locale(app):
    with app.test_request_context():
        with force_locale("sq"):
            assert format_currency(1_500_000, "EUR").replace("\xa0", " ") == "1 500 000,00 €"
            assert format_date(date(2027, 3, 1), "long") == "1 mars 2027"
        with force_locale("en"):
            assert format_currency(1_500_000, "EUR") == "€1,500,000.00"
            assert format_date(date(2027, 3, 1), "long") == "March 1, 2027"


def test_language_switch_is_remembered_for_a_member(client, make_user, login):
    member = make_user(locale="en")
    login(member)
    assert "My profile" in client.get("/members/").get_data(as_text=True)
    client.post("/language/sq", data={"next": "/members/"})
    page = client.get("/members/").get_data(as_text=True)
    assert 'lang="sq"' in page
    db.session.refresh(member)
    assert member.locale == "sq"
