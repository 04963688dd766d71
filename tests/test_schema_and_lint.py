"""The exported JSON Schema matches the models, and the code stays ruff-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from summarizer.render import schema_json


def test_schema_file_is_in_sync_with_the_models() -> None:
    exported = (ROOT / "schemas" / "report.schema.json").read_text("utf-8")
    assert exported == schema_json(), (
        "schemas/report.schema.json is stale: run `summarizer schema > schemas/report.schema.json`"
    )


def test_cli_schema_prints_the_same_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "summarizer", "schema"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout == schema_json()


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(args: list[str]) -> None:
    ruff = shutil.which("ruff")
    assert ruff, "ruff is a test dependency (pip install -e '.[test]')"
    result = subprocess.run([ruff, *args], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
