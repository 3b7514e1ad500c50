"""Public pages' forms: the search of the open opportunities."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from diaspora.forms import SearchForm


class PostingSearchForm(SearchForm):
    label = _l("Search by title, institution or description")
