"""One page of a long list: for the web pages with a page number that can never fail, and for the API."""
from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from diaspora.extensions import db


def count_of(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def page_of(query: Select, page: int, per_page: int) -> Pagination:
    """The rows of `query` on `page`. A number past the end (a stale link, an edited URL) shows the
    last page: it is clamped before the query, so even an absurd number never reaches the database
    as an offset it cannot hold."""
    total = count_of(query)
    last = max(ceil(total / per_page), 1)
    # The count is already known: db.paginate's own count would repeat the query (count=False is its
    # documented way of setting total by hand).
    pagination = db.paginate(query, page=min(max(page, 1), last), per_page=per_page, max_per_page=None,
                             error_out=False, count=False)
    pagination.total = total
    return pagination


def api_page(query: Select, page: int, per_page: int, body: Callable[[Any], dict]) -> dict:
    """The API's page body: the page asked for as it is (past the end it is empty), with the total, each row
    written by `body`."""
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return {"page": page, "per_page": per_page, "total": count_of(query), "items": [body(row) for row in rows]}
