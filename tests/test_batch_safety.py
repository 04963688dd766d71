"""Runs that stay safe: concurrent runs into one OUTDIR, a kill then a resume, hostile index lines and
file names, outputs that follow the umask, ``-o -`` and standard input that never overwrites."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, index_lines
from fakeserver import make_report

from summarizer.cli import main
from summarizer.io import TEMP_PREFIX
from summarizer.runindex import source_key

GOOD = FIXTURES / "f05_province_bom.txt"
GBK_NAME = "报告".encode("gbk")  # b"\xb1\xa8\xb8\xe6": what a Windows zip gives a Linux unzip

pytestmark = pytest.mark.usefixtures("offline_and_bounded")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "run", *args, "--backend", "rules"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def latest(out: Path) -> dict[str, dict]:
    return {entry["key"]: entry for entry in index_lines(out)}


def assert_index_truthful(out: Path, sources: list[Path]) -> None:
    """Every source has its line, ok, and the outputs it names are that source's, inside OUTDIR."""
    entries = latest(out)
    assert set(entries) == {source_key(str(p)) for p in sources}
    stems = [entry["stem"] for entry in entries.values()]
    assert len(set(stems)) == len(stems), "two sources share a stem"
    for source in sources:
        entry = entries[source_key(str(source))]
        assert entry["status"] == "ok" and entry["sha256"] == sha(source), entry
        for name in entry["outputs"]:
            assert (out / name).resolve().parent == out.resolve()
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["digests"][name]
        report = json.loads((out / entry["outputs"][0]).read_text("utf-8"))
        assert report["source"]["sha256"] == sha(source)
    assert len(list(out.glob("*.json"))) == len(sources)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def units(root: Path, count: int, offset: int) -> list[Path]:
    """``count`` units that each sent a ``报告.txt`` (a 县 and its 乡镇 all name their file alike)."""
    paths = []
    for i in range(count):
        path = root / f"unit{i:02d}" / "报告.txt"
        path.parent.mkdir(parents=True)
        path.write_text(make_report(offset + i), "utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- one OUTDIR, two runs


def test_two_runs_into_one_outdir_with_clashing_names_lose_nothing(tmp_path: Path) -> None:
    county, towns = units(tmp_path / "county", 20, 0), units(tmp_path / "towns", 20, 100)
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            cli(str(tmp_path / group), "-o", str(out)),
            cwd=ROOT,
            env=clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for group in ("county", "towns")
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=60)
        assert run.returncode == 0, stderr.decode()
    assert_index_truthful(out, county + towns)
    again = subprocess.run(cli(str(tmp_path / "towns"), "-o", str(out)), cwd=ROOT, env=clean_env(),
                           capture_output=True, timeout=60)  # fmt: skip
    assert b"20 of 20 reports ok (20 done earlier)" in again.stderr


def test_resume_redoes_an_output_another_source_overwrote(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for i, path in enumerate((a, b)):
        path.parent.mkdir()
        path.write_text(make_report(i), "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(a), str(b), "-o", str(out)]) == 0
    (out / "report.json").write_bytes((out / "report-2.json").read_bytes())  # what a clash used to do
    assert main(["run", str(a), str(b), "-o", str(out)]) == 0
    assert_index_truthful(out, [a, b])


# --------------------------------------------------------------------------- kill, then resume


def test_a_killed_run_resumes_without_stale_temp_files_or_redoing_anything(tmp_path: Path) -> None:
    sources = [tmp_path / "in" / f"r{i:02d}.txt" for i in range(30)]
    (tmp_path / "in").mkdir()
    for i, path in enumerate(sources):
        path.write_text(make_report(i), "utf-8")
    out = tmp_path / "out"
    first = subprocess.Popen(cli(str(tmp_path / "in"), "-o", str(out)), cwd=ROOT, env=clean_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and first.poll() is None:
        if (out / "index.jsonl").is_file() and (out / "index.jsonl").read_bytes().count(b'"key":') >= 5:
            break
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    done_before = len(latest(out))
    assert 5 <= done_before < 30
    dead = _dead_pid()
    stale = out / f"{TEMP_PREFIX}{dead}-0badc0de.tmp"  # what a kill inside write_atomic leaves
    stale.write_text('{"half": ')
    rerun = subprocess.run(cli(str(tmp_path / "in"), "-o", str(out)), cwd=ROOT, env=clean_env(),
                           capture_output=True, timeout=60)  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert f"({done_before} done earlier)".encode() in rerun.stderr
    assert len(index_lines(out)) == 30, "every report committed exactly once"
    assert_index_truthful(out, sources)
    assert (out / "index.html").read_text("utf-8").count("<tr data-status=") == 30  # both runs' reports
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "no temporary file or spool left"


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stale_temp_files_of_a_live_run_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    live = out / f"{TEMP_PREFIX}{os.getppid()}-0badc0de.tmp"  # pytest's parent is running
    live.write_text("in progress")
    assert main(["run", str(GOOD), "-o", str(out)]) == 0
    assert live.exists()


# --------------------------------------------------------------------------- hostile index, names


def test_a_stem_in_the_index_never_sends_a_write_outside_outdir(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    line = {"v": 1, "key": source_key(str(GOOD)), "source": str(GOOD), "sha256": "0" * 64, "stem": "../escaped",
            "fingerprint": "x", "status": "ok", "outputs": ["../escaped.json"]}  # fmt: skip
    (out / "index.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    assert main(["run", str(GOOD), "-o", str(out)]) == 0
    assert not (tmp_path / "deep" / "escaped.json").exists()
    assert (out / f"{GOOD.stem}.json").is_file() and latest(out)[source_key(str(GOOD))]["stem"] == GOOD.stem


def test_long_names_fit_the_file_name_limit(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    exact = tmp_path / "in" / ("报" * 82 + ".txt")  # 250 bytes: outputs fit, the old temp names did not
    longest = tmp_path / "in" / ("x" * 251 + ".txt")  # 255 bytes: outputs must be cut
    for i, path in enumerate((exact, longest)):
        path.write_text(make_report(i), "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--format", "json,md,html"]) == 0
    entries = latest(out)
    assert entries[source_key(str(exact))]["stem"] == "报" * 82
    assert all(len(name.encode()) <= 255 for entry in entries.values() for name in entry["outputs"])
    assert_index_truthful(out, [exact, longest])


def test_names_that_are_not_utf8_or_hold_a_newline_work_and_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    gbk = Path(os.fsdecode(bytes(src) + b"/" + GBK_NAME + b".txt"))
    newline = src / "第二\n份.txt"
    gbk.write_text(make_report(1), "utf-8")
    newline.write_text(make_report(2), "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert len(stdout.splitlines()) == 2 and "\\xb1\\xa8\\xb8\\xe6.txt -> " in stdout
    assert "第二\\n份.txt -> " in stdout
    entries = latest(out)  # the index is UTF-8 JSON: every line parsed
    assert entries[source_key(str(gbk))]["outputs"] == ["%B1%A8%B8%E6.json", "%B1%A8%B8%E6.md"]
    assert entries[source_key(str(newline))]["outputs"][0] == "第二%0A份.json"
    report = json.loads((out / "%B1%A8%B8%E6.json").read_text("utf-8"))
    assert report["source"]["path"].endswith("\\xb1\\xa8\\xb8\\xe6.txt")
    assert_index_truthful(out, [gbk, newline])
    capsys.readouterr()
    assert main(["run", str(src), "-o", str(out)]) == 0  # and they resume
    assert capsys.readouterr().out.count("skipped") == 2


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_follow_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        assert main(["run", str(GOOD), "-o", str(tmp_path / "out"), "--csv", str(tmp_path / "m.csv")]) == 0
    finally:
        os.umask(previous)
    expected = 0o666 & ~umask
    written = [*(tmp_path / "out").iterdir(), tmp_path / "m.csv"]
    names = sorted(p.name for p in written)
    assert names == ["f05_province_bom.json", "f05_province_bom.md", "index.html", "index.jsonl", "m.csv"]
    assert {p.stat().st_mode & 0o777 for p in written} == {expected}


# --------------------------------------------------------------------------- stdout and stdin


def test_dash_o_writes_the_report_json_to_stdout(tmp_path: Path) -> None:
    result = subprocess.run(cli(str(GOOD), "-o", "-"), cwd=tmp_path, env={**clean_env(), "PYTHONPATH": str(ROOT)},
                            capture_output=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["source"]["sha256"] == sha(GOOD)
    assert list(tmp_path.iterdir()) == [] and b"ok " in result.stderr
    two = subprocess.run(cli(str(GOOD), str(GOOD.with_name("f01_city_fullwidth.txt")), "-o", "-"), cwd=tmp_path,
                         env={**clean_env(), "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=60)  # fmt: skip
    assert two.returncode == 2 and b"-o - writes one report's JSON" in two.stderr and two.stdout == b""


def test_stdin_runs_never_overwrite_each_other_and_take_a_name(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def pipe(text: str, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(cli("-", "-o", str(out), *extra), input=text.encode(), cwd=ROOT, env=clean_env(),
                              capture_output=True, timeout=60)  # fmt: skip

    first, second = make_report(1), make_report(2)
    assert pipe(first).returncode == 0 and pipe(second).returncode == 0
    assert pipe(first).stdout.startswith(b"skipped")  # the same input again: done earlier
    assert json.loads((out / "stdin.json").read_text("utf-8"))["source"]["sha256"] == _text_sha(first)
    assert json.loads((out / "stdin-2.json").read_text("utf-8"))["source"]["sha256"] == _text_sha(second)
    named = pipe(first, "--name", "青岚县")
    assert named.returncode == 0 and (out / "青岚县.json").is_file()
    replaced = pipe(second, "--name", "青岚县")
    assert b"differs from the one written earlier" in replaced.stderr
    bad = pipe(first, "--name", "../x")
    assert bad.returncode == 2 and b"plain file name" in bad.stderr


def _text_sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
