"""Capturing Ura's own log lines, formatted exactly as production writes them."""
from __future__ import annotations

import io
import json
import logging

import pytest

from diaspora.ops import logs


class CapturedLog:
    def __init__(self, stream: io.StringIO):
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def events(self, event: str) -> list[dict]:
        return [line for line in self.lines() if line.get("event") == event]


@pytest.fixture
def captured_log(app):
    """Every log record of the test as the JSON lines the production handler writes (app: logging configured)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield CapturedLog(stream)
    root.removeHandler(handler)
