"""Where Development Agents' documents are kept: the only module that reads or writes their files.

They go through the application's file store (diaspora/storage.py: a directory outside static/ or an
S3-compatible bucket) under `agent-documents/<name>`, names the server makes up. Files follow the database:
one stored for a change that rolls back is removed, and one deleted by a change goes once that change commits.
"""
from __future__ import annotations

import uuid

from diaspora.storage import delete_after_change, save_for_change, storage

FOLDER = "agent-documents"


def _key(name: str) -> str:
    return f"{FOLDER}/{name}"


def store(data: bytes, extension: str) -> str:
    """Keep `data` under a new name (returned); removed again if the current transaction does not commit."""
    name = f"{uuid.uuid4().hex}{extension}"
    save_for_change(_key(name), data)
    return name


def read(name: str) -> bytes | None:
    """The file's bytes; None if it is gone."""
    files, key = storage(), _key(name)
    return files.read(key) if files.exists(key) else None


def delete_on_commit(name: str) -> None:
    """Delete the file once the current transaction commits (kept if it rolls back)."""
    delete_after_change(_key(name))
