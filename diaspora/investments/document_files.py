"""Where Development Agents' documents are kept: the only module that reads or writes their files.

Local disk under UPLOAD_DIR/agent-documents (outside static/, never served by the web server itself), under
names the server makes up. Moving the files to another store (object storage) changes this module only.
Files follow the database: one stored for a change that rolls back is removed, and one deleted by a change
goes once that change commits.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app

from diaspora import transactions

FOLDER = "agent-documents"


def _folder() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, extension: str) -> str:
    """Keep `data` under a new name (returned); removed again if the current transaction does not commit."""
    name = f"{uuid.uuid4().hex}{extension}"
    path = _folder() / name
    path.write_bytes(data)
    transactions.on_rollback(lambda: path.unlink(missing_ok=True))
    return name


def read(name: str) -> bytes | None:
    """The file's bytes; None if it is gone."""
    path = _folder() / name
    return path.read_bytes() if path.exists() else None


def delete_on_commit(name: str) -> None:
    """Delete the file once the current transaction commits (kept if it rolls back)."""
    path = _folder() / name
    transactions.on_commit(lambda: path.unlink(missing_ok=True))
