"""The README and the Makefile tell a newcomer what happens: the port, the browser for the tests, progress on the
first `make run`, and no link to a file the repository does not have."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What the first `make run` says, in order, before each of its steps.
PROGRESS = [("Creating the Python virtual environment", "-m venv"),
            ("Installing the pinned packages", "pip install"),
            ("Compiling the translations", "pybabel compile"),
            ("Migrating the database", "flask db upgrade"),
            ("Loading the demo data", "flask seed-demo"),
            ("Serving Ura on http://127.0.0.1:8080/", "flask run")]


def dry_run(*arguments: str, tmp_path: Path) -> list[str]:
    """The commands `make` would run, for a machine without .venv (a fresh clone)."""
    result = subprocess.run(["make", "--dry-run", "--no-print-directory", *arguments, f"VENV={tmp_path / 'venv'}",
                             f"MO={tmp_path / 'messages.mo'}"], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    return result.stdout.splitlines()


def test_readme_says_how_to_change_the_port(tmp_path):
    assert "make run PORT=8080" in README
    assert "--port 8080" in dry_run("run", "PORT=8080", tmp_path=tmp_path)[-1]


def test_readme_links_only_files_of_the_repository():
    assert "../" not in README and "/work/" not in README
    # Markdown links, and file paths written as code (`docs/x.md`; not URL paths such as `/api/v1/openapi.json`).
    targets = re.findall(r"\]\(([^)#\s]+)", README) + re.findall(r"`(\w[\w.-]*/[\w./-]+\.(?:md|json|csv|py|txt))`",
                                                                   README)
    missing = [t for t in targets if not t.startswith(("http://", "https://")) and not (ROOT / t).exists()]
    assert missing == [], f"README points at files the repository does not have: {missing}"


def test_readme_names_the_target_that_installs_chromium(tmp_path):
    assert "make chromium" in README
    commands = "\n".join(dry_run("chromium", tmp_path=tmp_path))
    assert "apt-get install" in commands and "chromium" in commands
    assert "make chromium" in (ROOT / ".ci" / "run").read_text(encoding="utf-8"), "CI installs it the same way"


def test_first_make_run_prints_what_it_is_doing(tmp_path):
    lines = dry_run("run", "PORT=8080", tmp_path=tmp_path)
    said = [next((i for i, line in enumerate(lines) if f'echo "==> {message}' in line), None)
            for message, _command in PROGRESS]
    assert None not in said, f"missing progress messages: {[m for (m, _c), i in zip(PROGRESS, said) if i is None]}"
    done = [next(i for i, line in enumerate(lines) if command in line and "==>" not in line)
            for _message, command in PROGRESS]
    assert said == sorted(said) and all(s < d for s, d in zip(said, done, strict=True)), lines
