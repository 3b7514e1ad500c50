"""deploy/: systemd units pass `systemd-analyze verify`, the nginx site passes `nginx -t` (with a self-signed
certificate made here) and sends the app's own security headers, the Containerfile passes hadolint, and the
compose file names the four services. A tool that is not installed skips its check and says which."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("ura-*"))


def _tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it from Debian's packages or PyPI)")
    return path


def test_systemd_units_verify(tmp_path):
    tool = _tool("systemd-analyze")
    # The units name /opt/ura, where docs/operations.md installs Ura; here the checkout stands in for it.
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/ura", str(ROOT)))
    names = [str(tmp_path / unit.name) for unit in UNITS if unit.suffix in (".service", ".timer") and "@." not in unit.name]
    names.append(str(tmp_path / "ura-worker@1.service"))
    shutil.copy(tmp_path / "ura-worker@.service", tmp_path / "ura-worker@1.service")
    done = subprocess.run([tool, "verify", *names], capture_output=True, text=True, timeout=120)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if "ura" in line and "Unknown user" not in line]
    assert done.returncode == 0 and problems == [], done.stdout + done.stderr
    assert {unit.name for unit in UNITS} >= {"ura-web.service", "ura-worker@.service", "ura-backup.service",
                                               "ura-backup.timer", "ura-index.service", "ura-index.timer"}


def test_nginx_site_passes_nginx_t(tmp_path):
    nginx, openssl = _tool("nginx"), _tool("openssl")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=ura.test",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True, timeout=60)
    site = (DEPLOY / "nginx" / "ura.conf").read_text().replace("/etc/ssl/ura", str(tmp_path))
    site = site.replace("/var/log/nginx", str(tmp_path))
    (tmp_path / "ura.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    include {tmp_path}/ura.conf;
}}
""")
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "test is successful" in done.stderr, done.stderr


def test_nginx_static_headers_are_the_apps(app_factory):
    site = (DEPLOY / "nginx" / "ura.conf").read_text()
    static = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', site))
    response = app_factory(ENFORCE_HSTS=True).test_client().get("/privacy")
    for name, value in static.items():
        if name != "Cache-Control":
            assert response.headers.get(name) == value, name
    assert {"Content-Security-Policy", "Strict-Transport-Security", "X-Frame-Options"} <= set(static)
    assert "proxy_set_header X-Request-ID $request_id;" in site and "location = /metrics { return 404; }" in site


def test_containerfile_passes_hadolint():
    done = subprocess.run([_tool("hadolint"), str(DEPLOY / "Containerfile")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_runs_web_worker_postgres_and_redis():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "postgres", "redis"}
    for name in ("web", "worker"):
        build = services[name]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == (DEPLOY / "Containerfile").resolve()
    assert services["worker"]["command"][-2:] == ["jobs", "worker"]
    assert "flask db upgrade" in " ".join(services["web"]["command"])
