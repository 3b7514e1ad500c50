"""The layer contract in .importlinter holds: a package imports only from the layers below it, the engine never
imports the web app, the product never imports the demo, route modules neither import each other nor build
queries. A broken contract fails here with import-linter's report, which names each offending import."""
from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parents[1] / ".importlinter"


def test_the_layer_contract_holds(capsys):
    status = lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out


def test_the_contract_lists_no_exceptions():
    assert "ignore_imports" not in CONFIG.read_text().replace("there is no ignore_imports", "")
