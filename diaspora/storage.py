"""Where uploaded and generated files live: a directory, or an S3-compatible object store.

Every host and job worker must see the same files (a CV uploaded through one web host is read by a worker on
another and downloaded through a third), so code never builds paths under UPLOAD_DIR itself: it names a file by
a key such as ``cv/<uuid>.pdf`` or ``jobs/42/profiles.csv`` and asks ``storage()``:

    storage().save(key, data_or_stream)      storage().read(key) / open(key)   (FileNotFoundError if missing)
    storage().delete(key)                    storage().exists(key)
    with storage().writer(key, text=True) as handle: ...      (stored when the block ends without error)
    with storage().local_path(key) as path: ...               (a real file, for libraries that want a path)

Files that belong to rows follow the database transaction (diaspora/transactions.py): ``save_for_change(key,
data)`` stores a file that is removed again if the change does not commit, ``delete_after_change(key)``
removes one only once the change commits.

``STORAGE_URL`` selects the backend: empty (the default) keeps files under ``UPLOAD_DIR`` (one host, or a
directory every host mounts); ``s3://bucket/prefix`` keeps them in a bucket, reached at ``S3_ENDPOINT_URL``
with ``S3_ACCESS_KEY`` / ``S3_SECRET_KEY`` (AWS S3, MinIO, Ceph, Garage...).
"""
from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import urllib.parse
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from diaspora import transactions

EXTENSION_KEY = "ura_storage"
KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*$")
SPOOL_BYTES = 1024 * 1024


def check_key(key: str) -> str:
    """Keys are made by the application (uuids, ids, fixed names), never by a person: anything else is a bug."""
    if not KEY.match(key) or ".." in key or len(key) > 300:
        raise ValueError(f"unsafe storage key {key!r}")
    return key


class Storage(ABC):
    @abstractmethod
    def save(self, key: str, data: bytes | BinaryIO) -> None:
        """Store the bytes (or everything a binary stream yields) under key, replacing any file there."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A binary stream of the file; the caller closes it (send_file does)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    def read(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    @contextmanager
    def writer(self, key: str, text: bool = False) -> Iterator:
        """A handle to write the file through; it is stored only when the block ends without an exception."""
        with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
            handle = io.TextIOWrapper(spool, encoding="utf-8", newline="") if text else spool
            yield handle
            handle.flush()
            spool.seek(0)
            self.save(key, spool)
            if text:
                handle.detach()

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        """The file as a path on this host (a temporary copy unless the backend is a directory)."""
        with tempfile.TemporaryDirectory(prefix="ura-storage-") as folder:
            path = Path(folder) / Path(key).name
            with self.open(key) as source, path.open("wb") as target:
                shutil.copyfileobj(source, target, SPOOL_BYTES)
            yield path


class LocalStorage(Storage):
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, key: str, data: bytes | BinaryIO) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed: a reader on another process never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                if isinstance(data, bytes):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, SPOOL_BYTES)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path


class S3Storage(Storage):
    """Objects in one bucket under a prefix, through MinIO's client (any S3-compatible service)."""

    def __init__(self, url: str, endpoint: str, access_key: str, secret_key: str, region: str | None = None):
        from minio import Minio  # only hosts configured for S3 load the client

        parsed = urllib.parse.urlsplit(url)
        self.bucket, self.prefix = parsed.netloc, parsed.path.strip("/")
        endpoint_url = urllib.parse.urlsplit(endpoint or "https://s3.amazonaws.com")
        self.client = Minio(endpoint_url.netloc, access_key=access_key, secret_key=secret_key,
                            secure=endpoint_url.scheme == "https", region=region or None)

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, key: str, data: bytes | BinaryIO) -> None:
        if isinstance(data, bytes):
            self.client.put_object(self.bucket, self._name(key), io.BytesIO(data), len(data))
        else:
            self.client.put_object(self.bucket, self._name(key), data, -1, part_size=16 * 1024 * 1024)

    def open(self, key: str) -> BinaryIO:
        from minio.error import S3Error

        try:
            return self.client.get_object(self.bucket, self._name(key))
        except S3Error as error:
            if error.code in ("NoSuchKey", "NoSuchObject"):
                raise FileNotFoundError(key) from error
            raise

    def delete(self, key: str) -> None:
        self.client.remove_object(self.bucket, self._name(key))

    def exists(self, key: str) -> bool:
        from minio.error import S3Error

        try:
            self.client.stat_object(self.bucket, self._name(key))
        except S3Error as error:
            if error.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise
        return True


def from_config(config) -> Storage:
    url = config.get("STORAGE_URL", "")
    if url.startswith("s3://"):
        return S3Storage(url, config.get("S3_ENDPOINT_URL", ""), config.get("S3_ACCESS_KEY", ""),
                         config.get("S3_SECRET_KEY", ""), config.get("S3_REGION", ""))
    if url:
        raise RuntimeError(f"STORAGE_URL must be empty (UPLOAD_DIR) or s3://bucket/prefix, not {url!r}")
    return LocalStorage(config["UPLOAD_DIR"])


def storage() -> Storage:
    """The application's file store (made once per app from its configuration)."""
    extensions = current_app.extensions
    if EXTENSION_KEY not in extensions:
        extensions[EXTENSION_KEY] = from_config(current_app.config)
    return extensions[EXTENSION_KEY]


def save_for_change(key: str, data: bytes | BinaryIO) -> None:
    """Store a file for the change under way: removed again if its transaction rolls back, so that no file
    outlives a refused change (a 422 after the upload, a job queue that could not be reached)."""
    files = storage()
    files.save(key, data)
    transactions.on_rollback(lambda: files.delete(key))


def delete_after_change(key: str) -> None:
    """Remove a file once the change under way commits; kept if it rolls back (the row still names it)."""
    files = storage()
    transactions.on_commit(lambda: files.delete(key))
