"""`summarizer verify` and `summarizer run --backend llm --replay` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT

EXAMPLE = sorted(EXAMPLES.glob("*.txt"))[0]


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def figure_sentence() -> str:
    """A real sentence of the example with a figure in it, as a faithful candidate."""
    from summarizer.pipeline import RulesBackend, process_path

    report = process_path(EXAMPLE, RulesBackend())
    return next(p.text for p in report.briefing.points if p.kind == "figure")


def test_faithful_summary_passes(tmp_path: Path) -> None:
    candidate = tmp_path / "brief.md"
    candidate.write_text(f"- {figure_sentence()}\n", "utf-8")
    result = cli("verify", str(EXAMPLE), str(candidate))
    assert result.returncode == 0, result.stdout
    assert "OK" in result.stdout.splitlines()[-1]


def test_a_wrong_number_fails_with_its_source(tmp_path: Path) -> None:
    sentence = figure_sentence()
    digit = next(ch for ch in sentence if ch.isdigit())
    corrupted = sentence.replace(digit, str((int(digit) + 1) % 10), 1)
    candidate = tmp_path / "brief.md"
    candidate.write_text(corrupted, "utf-8")
    result = cli("verify", str(EXAMPLE), str(candidate), "--json")
    assert result.returncode == 3  # done, but a number is unverified (1 is for unreadable input)
    data = json.loads(result.stdout)
    bad = [n for n in data["numbers"] if n["status"] in ("mismatch", "unsupported")]
    assert bad, data
    assert set(bad[0]) >= {
        "text",
        "start",
        "end",
        "kind",
        "value",
        "unit",
        "qualifier",
        "status",
        "verdict",
        "reason",
        "source",
    }
    assert corrupted[bad[0]["start"] : bad[0]["end"]] == bad[0]["text"]


def test_report_json_written_by_run_verifies(tmp_path: Path) -> None:
    assert cli("run", str(EXAMPLE), "-o", str(tmp_path)).returncode == 0
    result = cli("verify", str(EXAMPLE), str(tmp_path / f"{EXAMPLE.stem}.json"), "--json")
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["summary"]["checked"] > 20


def test_verify_errors() -> None:
    missing = cli("verify", "no-such-report.txt", str(EXAMPLE))
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "no such file" in missing.stderr
    assert cli("verify", str(EXAMPLE)).returncode == 2


def test_year_reads_a_figure_that_names_no_year_as_of_that_year(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text("(一)行政复议。全年收到行政复议申请45件。2022年收到行政复议申请38件。\n", "utf-8")
    candidate = tmp_path / "brief.md"
    candidate.write_text("收到行政复议申请38件\n", "utf-8")
    assert cli("verify", str(source), str(candidate)).returncode == 0  # no year known: any year's figure
    dated = cli("verify", str(source), str(candidate), "--year", "2023", "--json")
    (check,) = json.loads(dated.stdout)["numbers"]
    assert dated.returncode == 3 and check["verdict"] == "possible_misattribution", check
    assert [ref["text"] for ref in check["source"]] == ["45件", "38件"]
    assert cli("verify", str(source), str(candidate), "--year", "二〇二三").returncode == 2
    delivered = tmp_path / "out.md"  # a briefing we wrote names the report year in its facts line
    delivered.write_text("单位: 鹿鸣县(县级) · 报告年度: 2023年\n\n- 收到行政复议申请38件\n", "utf-8")
    assert cli("verify", str(source), str(delivered)).returncode == 3


def test_a_candidate_file_is_read_as_written(tmp_path: Path) -> None:
    """A candidate is decoded, not cleaned: offsets are the file's own, a line a report would lose as
    page furniture is still checked, and a GBK file reads as its UTF-8 twin."""
    sentence = figure_sentence()
    text = f"分享到：微信 微博 3\n- {sentence}\n"
    as_utf8, as_gbk = tmp_path / "utf8.md", tmp_path / "gbk.md"
    as_utf8.write_text(text, "utf-8")
    as_gbk.write_bytes(text.encode("gb18030"))
    results = [json.loads(cli("verify", str(EXAMPLE), str(p), "--json").stdout) for p in (as_utf8, as_gbk)]
    assert results[0] == results[1]
    first = results[0]["numbers"][0]
    assert (first["start"], first["text"]) == (text.index("3"), "3")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    blank = cli("verify", str(EXAMPLE), str(empty))
    assert blank.returncode == 1 and blank.stderr.count("\n") == 1 and "empty file" in blank.stderr


def test_llm_replay_of_the_bundled_example(tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLES), "-o", str(tmp_path), "--backend", "llm", "--replay", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((tmp_path / f"{EXAMPLE.stem}.json").read_text("utf-8"))
    assert data["verification"]["status"] == "verified"
    provenance = data["provenance"]
    assert provenance["backend"] == "llm" and provenance["llm_calls"] >= 2
    assert provenance["prompt_tokens"] > 0 and provenance["prompt_version"]


def test_help_documents_the_exit_codes() -> None:
    for args in (("--help",), ("run", "--help")):
        text = " ".join(cli(*args).stdout.split())
        assert (
            "1 a report (or the input) failed" in text
            and "3 every report done, but some numbers are unverified" in text
        )
