"""One page of a long list for the web pages, with a page number that can never fail."""
from __future__ import annotations

from math import ceil

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from diaspora.extensions import db


def page_of(query: Select, page: int, per_page: int) -> Pagination:
    """The rows of `query` on `page`. A number past the end (a stale link, an edited URL) shows the
    last page: it is clamped before the query, so even an absurd number never reaches the database
    as an offset it cannot hold."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    last = max(ceil(total / per_page), 1)
    # The count is already known: db.paginate's own count would repeat the query (count=False is its
    # documented way of setting total by hand).
    pagination = db.paginate(query, page=min(max(page, 1), last), per_page=per_page, max_per_page=None,
                             error_out=False, count=False)
    pagination.total = total
    return pagination
