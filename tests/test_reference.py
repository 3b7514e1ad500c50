"""Acquis chapter titles: the translatable table equals the engine's chapter list, and reads in Albanian."""
import csv
from pathlib import Path

from flask_babel import force_locale

from diaspora import reference

CSV = Path(__file__).resolve().parent.parent / "matching" / "data" / "acquis_chapters.csv"


def test_chapter_titles_equal_the_engines_list(app):
    with CSV.open(encoding="utf-8") as handle:
        rows = {int(row["chapter"]): row["title"] for row in csv.DictReader(handle)}
    with app.test_request_context(), force_locale("en"):  # English is the source language: the msgids
        assert {number: str(title) for number, title in reference.ACQUIS_CHAPTERS.items()} == rows


def test_chapter_titles_follow_the_locale(app):
    with app.test_request_context():
        with force_locale("sq"):
            assert reference.chapter_title(5) == "Prokurimi publik"
            assert reference.chapter_choices()[17] == (18, "18. Statistikat")
        with force_locale("en"):
            assert reference.chapter_title(27) == "Environment and climate change"
        assert reference.chapter_title(99) == "99"
