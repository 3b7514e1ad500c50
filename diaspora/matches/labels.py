"""Readable, translatable names for the engine's features (matching/features.py FEATURES) and for the
years-shortfall points it reports beside them, as officers and ministries see them in a match's points."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from diaspora.i18n import per_locale

FEATURE_LABELS = {
    "required_skills": _l("Required skills"),
    "preferred_skills": _l("Preferred skills"),
    "text": _l("Text similarity"),
    "skill_text": _l("Similar unlisted skills"),
    "chapters": _l("Acquis chapters"),
    "sectors": _l("Fields of work"),
    "seniority": _l("Years of experience"),
    "languages": _l("Languages"),
    "availability": _l("Availability"),
    "investment_sectors": _l("Investment sectors"),
    "network_countries": _l("Business network in"),
    "counterpart": _l("Employer and counterpart sought"),
    "counterpart_country": _l("Lives in a counterpart country"),
    "fields_of_study": _l("Fields of study"),
    "study_level": _l("Level of study"),
    "regions": _l("Works in the project's region"),
    "organisation_sectors": _l("Works in the call's sector"),
    "years_shortfall": _l("Fewer years than required"),
}


def feature_label(name: str) -> str:
    """The label of a feature; a name the table does not know yet is shown as it is."""
    label = FEATURE_LABELS.get(name)
    return name if label is None else per_locale(("feature", name), lambda: str(label))
