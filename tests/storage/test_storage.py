"""One storage interface, two backends: a directory, and an S3-compatible store (moto's server, when present)."""
from __future__ import annotations

import io
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.storage import LocalStorage, S3Storage, check_key, storage
from tests.documents import make_pdf
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
MOTO_SERVER = Path(os.environ.get("URA_S3_TEST_SERVER", ROOT / ".venv-s3" / "bin" / "moto_server"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    if not MOTO_SERVER.exists():
        pytest.skip(f"no S3 test server at {MOTO_SERVER} (`make test` installs tests/storage/s3-server-requirements.txt)")
    port = _free_port()
    server = subprocess.Popen([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"ura-test-{secrets.token_hex(4)}"
    backend = S3Storage(f"s3://{bucket}/uploads", endpoint, "testing", "testing", "us-east-1")
    backend.client.make_bucket(bucket)
    return backend


def test_save_read_replace_and_delete(store):
    store.save("cv/a.pdf", b"%PDF-1 first")
    assert store.exists("cv/a.pdf") and store.read("cv/a.pdf") == b"%PDF-1 first"
    store.save("cv/a.pdf", io.BytesIO(b"%PDF-1 second"))
    with store.open("cv/a.pdf") as stream:
        assert stream.read() == b"%PDF-1 second"
    store.delete("cv/a.pdf")
    store.delete("cv/a.pdf")  # a missing file is not an error
    assert not store.exists("cv/a.pdf")
    with pytest.raises(FileNotFoundError):
        store.read("cv/a.pdf")


def test_writer_stores_only_a_finished_file(store):
    with store.writer("jobs/7/report.csv", text=True) as handle:
        handle.write("line,field,message\n3,email,Ç is not an address\n")
    assert store.read("jobs/7/report.csv").decode() == "line,field,message\n3,email,Ç is not an address\n"
    with pytest.raises(RuntimeError), store.writer("jobs/7/half.csv", text=True) as handle:
        handle.write("half")
        raise RuntimeError("the job failed")
    assert not store.exists("jobs/7/half.csv")


def test_local_path_gives_a_readable_file(store):
    big = secrets.token_bytes(3 * 1024 * 1024)
    store.save("imports/big.upload", io.BytesIO(big))
    with store.local_path("imports/big.upload") as path:
        assert path.read_bytes() == big


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "cv/../x", "CV/a.pdf", "cv//a", ""])
def test_unsafe_keys_are_refused(key):
    with pytest.raises(ValueError):
        check_key(key)


def test_cv_upload_and_download_go_through_s3(app_factory, s3_endpoint, make_user):
    bucket = f"ura-app-{secrets.token_hex(4)}"
    app = app_factory(STORAGE_URL=f"s3://{bucket}", S3_ENDPOINT_URL=s3_endpoint, S3_ACCESS_KEY="testing",
                      S3_SECRET_KEY="testing", S3_REGION="us-east-1")
    with app.app_context():
        storage().client.make_bucket(bucket)
        member = make_user(Role.MEMBER)
        db.session.commit()
        email, member_id = member.email, member.id
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    pdf = make_pdf(["Public procurement", "SDMX"])
    assert client.post("/cv/upload", data={"file": (io.BytesIO(pdf), "cv.pdf")},
                       content_type="multipart/form-data").status_code == 302
    download = client.get(f"/cv/{member_id}/file")
    assert download.status_code == 200 and download.get_data() == pdf
    assert not (app.config["UPLOAD_DIR"] / "cv").exists()  # nothing went to the local directory
