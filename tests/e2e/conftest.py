"""Browser journeys: Playwright for Python driving Debian's Chromium against a live server.

Chromium comes from Debian (`apt-get install chromium`; .ci/run installs it); Playwright's own
browser download is never used. Without /usr/bin/chromium the journeys are skipped with a
message saying so. A failed journey leaves a screenshot in test-artifacts/.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask_babel import force_locale
from flask_babel import gettext
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.e2e


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser journeys skipped: no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on a free loopback port, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["SERVER_NAME"] = None  # links must carry the live server's own host and port
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def new_page(browser, request):
    """new_page(viewport=None) opens a fresh browser context; failures keep a screenshot."""
    contexts = []

    def open_page(viewport: dict | None = None, locale: str = "en-GB"):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for index, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{number}-{index}.png"), full_page=True)
        context.close()


@pytest.fixture
def t(app):
    """t(lang, text): the text as the page shows it in that language (the real catalogue)."""
    def translate(lang: str, text: str, **params) -> str:
        with app.test_request_context(), force_locale(lang):
            return gettext(text, **params)
    return translate
