"""Template filters and globals: names from codes, locale-aware dates and money, match reasons."""
from __future__ import annotations

from flask import Flask, current_app
from flask_babel import format_decimal

from diaspora import reference
from diaspora.formatting import (day, institution_name, mentee_type, moment, money, percent, ratio, score,
                                 study_level, work_mode)
from diaspora.i18n import locale_code
from diaspora.matches import reasons as match_reasons
from diaspora.matches.labels import feature_label
from diaspora.programme import lifecycles
from diaspora.projects import proposals
from diaspora.taxonomy_names import taxonomy_name


def init_app(app: Flask) -> None:
    app.add_template_filter(reference.country_name, "country")
    app.add_template_filter(reference.language_name, "language")
    app.add_template_filter(reference.chapter_title, "chapter")
    app.add_template_filter(reference.local_sector_name, "local_sector")
    app.add_template_filter(money, "money")
    app.add_template_filter(day, "day")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(work_mode, "work_mode")
    app.add_template_filter(mentee_type, "mentee_type")
    app.add_template_filter(study_level, "study_level")
    app.add_template_filter(institution_name, "institution")
    app.add_template_filter(taxonomy_name, "taxonomy")
    app.add_template_filter(score, "score")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(ratio, "ratio")
    app.add_template_filter(feature_label, "feature")
    app.add_template_filter(match_reasons.reason_texts, "reasons")
    app.add_template_filter(match_reasons.fits_and_gaps, "fits_and_gaps")
    app.add_template_filter(match_reasons.model_message, "model_message")
    app.add_template_global(lifecycles.of, "lifecycle_of")
    app.add_template_global(proposals.proposal_for, "proposal_for")
    app.add_template_global(proposals.CRITERIA, "proposal_criteria")

    @app.context_processor
    def inject_globals():
        return {"current_locale": locale_code() or "sq",
                "languages": current_app.config["LANGUAGES"]}
