"""The command line as a user meets it: outputs, exit codes, one-line errors, batches that survive."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

GOOD = FIXTURES / "f05_province_bom.txt"


def run_cli(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**clean_env, **(env or {})},
        timeout=120,
    )


def test_run_writes_json_and_markdown_and_says_it_is_offline(tmp_path: Path) -> None:
    result = run_cli("run", str(EXAMPLES), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    assert b"offline rules backend" in result.stderr
    stems = [p.stem for p in EXAMPLES.glob("*.txt")]
    for stem in stems:
        data = json.loads((tmp_path / f"{stem}.json").read_text("utf-8"))
        assert data["verification"]["status"] == "verified"
        assert data["provenance"]["backend"] == "rules"
        assert (tmp_path / f"{stem}.md").read_text("utf-8").startswith("## ")
    assert result.stdout.decode().count("\n") == len(stems)
    assert not list(tmp_path.glob(".*.tmp")), "no temporary files left behind"
    # the README shows this run's line: what a newcomer sees must be what it says
    shown = re.search(r"^ok +examples/.*(\[.+\])$", (ROOT / "README.md").read_text("utf-8"), re.M)
    assert shown and shown.group(1) in result.stdout.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", "no such file"),
        ("empty.txt", "empty"),
        ("binary.bin", "binary"),
        ("not_a_report_gis.txt", "not a 法治政府建设年度报告"),
    ],
)
def test_bad_input_is_one_line_and_does_not_sink_the_batch(tmp_path: Path, name: str, message: str) -> None:
    result = run_cli("run", str(FIXTURES / name), str(GOOD), "-o", str(tmp_path))
    assert result.returncode == 1
    out = result.stdout.decode()
    failed = [line for line in out.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1, out
    assert message in failed[0].lower(), failed[0]
    assert "Traceback" not in result.stderr.decode()
    assert (tmp_path / f"{GOOD.stem}.json").is_file(), "the good report still completes"


def test_a_symbolic_link_in_a_loop_is_one_line_and_does_not_sink_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")  # resolving it raised RuntimeError: a traceback, no report
    result = run_cli("run", str(tmp_path / "a.txt"), str(GOOD), "-o", str(tmp_path / "out"))
    failed = [line for line in result.stdout.decode().splitlines() if line.startswith("FAILED")]
    assert result.returncode == 1 and len(failed) == 1 and "symbolic link to nothing" in failed[0]
    assert "Traceback" not in result.stderr.decode()
    assert (tmp_path / "out" / f"{GOOD.stem}.json").is_file()


def test_directory_without_reports(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"x")
    result = run_cli("run", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no reports" in result.stdout.decode()


def test_usage_errors_exit_2() -> None:
    assert run_cli("run").returncode == 2
    assert run_cli("run", str(GOOD), "--format", "pdf").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_stdin_and_jsonl(tmp_path: Path) -> None:
    result = run_cli("run", "-", "-o", str(tmp_path), "--jsonl", stdin=GOOD.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    line = json.loads(result.stdout.decode())
    assert line["status"] == "ok" and (tmp_path / "stdin.json").is_file()


def test_same_stem_in_two_directories_does_not_collide(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_bytes(GOOD.read_bytes())
    result = run_cli("run", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout.decode()
    assert {p.name for p in (tmp_path / "out").glob("*.json")} == {"report.json", "report-2.json"}


def test_csv_and_html_outputs(tmp_path: Path) -> None:
    csv_path = tmp_path / "metrics.csv"
    result = run_cli(
        "run", str(GOOD), "-o", str(tmp_path), "--format", "json,md,html", "--csv", str(csv_path)
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / f"{GOOD.stem}.html").read_text("utf-8").startswith("<!doctype html>")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel/WPS need for UTF-8
    rows = csv_path.read_text("utf-8-sig").splitlines()
    assert rows[0].startswith("report_id,source_sha256,source,issuer,level") and len(rows) > 5


def test_help_teaches_and_loads_no_llm_library() -> None:
    result = run_cli("--help")
    assert result.returncode == 0 and b"summarizer run" in result.stdout
    probe = (
        "import sys, summarizer.cli, summarizer.pipeline, summarizer.runner; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'instructor')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_existing_output_survives_a_failed_rerun(tmp_path: Path) -> None:
    source = tmp_path / "in" / GOOD.name
    source.parent.mkdir()
    source.write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    assert run_cli("run", str(source), "-o", str(out)).returncode == 0
    before = (out / f"{GOOD.stem}.json").read_bytes()
    source.write_bytes(b"")  # the same source, now empty: the rerun fails and must not touch the output
    result = run_cli("run", str(source), "-o", str(out))
    assert result.returncode == 1 and "empty" in result.stdout.decode()
    assert (out / f"{GOOD.stem}.json").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["-o", "{file}"], {}, "not a directory"),
        (["--csv", "{dir}"], {}, "is a directory"),
        (["--backend", "llm", "--replay"], {"SUMMARIZER_MODE": "bogus"}, "bogus"),
    ],
)
def test_bad_targets_and_settings_are_one_line_usage_errors(
    tmp_path: Path, args: list[str], env: dict, message: str
) -> None:
    (tmp_path / "file").write_text("x")
    filled = [a.format(file=tmp_path / "file", dir=tmp_path) for a in args]
    result = run_cli("run", str(GOOD), *filled, env=env)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1 and message in stderr


def test_a_file_named_twice_is_processed_once(tmp_path: Path) -> None:
    result = run_cli("run", str(GOOD), str(GOOD), "-o", str(tmp_path))
    assert result.returncode == 0
    assert [p.name for p in tmp_path.glob("*.json")] == [f"{GOOD.stem}.json"]


def test_csv_run_leaves_no_temporary_files(tmp_path: Path) -> None:
    table = tmp_path / "t" / "metrics.csv"
    assert run_cli("run", str(GOOD), "-o", str(tmp_path / "out"), "--csv", str(table)).returncode == 0
    assert [p.name for p in table.parent.iterdir()] == ["metrics.csv"]
