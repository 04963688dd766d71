"""The rules are the floor of the LLM path: weak-model cassettes keep every rules item, say how much the
model covered, never write an empty line, and are `incomplete` rather than `ok`.

``cassettes/weak*/`` are authored (they answer our own example the way a real small model did);
``../shared/realmodel/`` holds cassettes recorded from real small models, replayed when present.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import index_lines

from summarizer import extract_rules
from summarizer.llm.backend import LLMBackend
from summarizer.llm.settings import LLMSettings
from summarizer.metadata import extract_metadata
from summarizer.outline import build_outline
from summarizer.pipeline import process
from summarizer.reader import read_path
from summarizer.render import to_html, to_markdown
from summarizer.runner import _status

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
EXAMPLE = next((ROOT / "examples").glob("*.txt"))
SHARED = Path(os.environ.get("SUMMARIZER_SHARED", ROOT.parent / "shared"))
REALMODEL = SHARED / "realmodel"
KINDS = ("measures", "metrics", "first_responsible", "shortcomings", "plans")


def replay(path: Path, cassette_dir: Path):
    backend = LLMBackend(
        LLMSettings(replay=True, cache=False, cassette_dir=cassette_dir), sleep=lambda s: None
    )
    return process(read_path(path), backend)


def rules_of(path: Path):
    doc = read_path(path)
    return extract_rules.extract(doc, build_outline(doc), extract_metadata(doc))


def kinds_of(report) -> dict[str, list]:
    return {
        "measures": report.measures,
        "metrics": report.metrics,
        "first_responsible": report.first_responsible_person.items,
        "shortcomings": report.shortcomings.items,
        "plans": report.plans.items,
    }


def assert_floor(report, path: Path) -> None:
    """Every rules item is in the result: kept as is (origin rules) or covered by a verified model item."""
    got, want = kinds_of(report), kinds_of(rules_of(path))
    for kind in KINDS:
        for item in want[kind]:
            kept = any(g.origin == "rules" and (g.start, g.end) == (item.start, item.end) for g in got[kind])
            covered = any(
                g.origin == "llm" and g.verified and g.start < item.end and item.start < g.end
                for g in got[kind]
            )
            assert kept or covered, f"{kind}: rules item lost: {item.text[:40]}"
        asked = [i for i in want[kind] if getattr(i, "section", None) != "first_responsible_person"]
        assert report.provenance.coverage[kind].rules == len(asked)  # the leaders' figures: not asked for


def assert_no_empty_output(report) -> None:
    markdown = to_markdown(report)
    lines = markdown.splitlines()
    assert not [line for line in lines if re.fullmatch(r"\s*[-*]\s*", line)], "empty bullet"
    assert not re.search(r"^- \*\*[^*]*\*\*[:：]?\s*$", markdown, re.M), "a bold title without content"
    for i, line in enumerate(lines):
        if line.startswith("#"):
            following = next((x for x in lines[i + 1 :] if x.strip()), "")
            assert following and not following.startswith("#"), f"heading without content: {line}"
    html = to_html(report)
    assert not re.search(r"<li[^>]*>\s*</li>", html) and not re.search(r"<h\d>\s*</h\d>", html)


def coverage_table(report) -> dict[str, tuple[int, int, int, int]]:
    return {
        kind: (c.rules, c.model, c.matched, c.kept_from_rules)
        for kind, c in report.provenance.coverage.items()
    }


# --------------------------------------------------------------------------- authored weak models


def test_a_model_that_writes_almost_nothing_loses_nothing_and_is_incomplete() -> None:
    report = replay(EXAMPLE, CASSETTES / "weak")
    assert_floor(report, EXAMPLE)
    assert coverage_table(report) == {
        "measures": (19, 1, 1, 18),
        "metrics": (57, 0, 0, 57),
        "first_responsible": (3, 0, 0, 3),
        "shortcomings": (3, 0, 0, 3),
        "plans": (4, 0, 0, 4),
    }
    assert report.provenance.coverage_ratio == pytest.approx(0.011)
    assert report.provenance.status == "incomplete" and _status(report) == "incomplete"
    assert report.verification.status == "verified"  # nothing wrong was said: it is just too little
    assert report.compliance.causes_given is True  # an echoed instruction as causes changes nothing
    assert_no_empty_output(report)
    markdown = to_markdown(report)
    assert "### 存在的不足（模型未提取，据规则补全）" in markdown
    assert "### 主要举措和成效（模型未提取，据规则补全）" in markdown  # no briefing call: too few facts
    assert report.provenance.llm_calls == 3


def test_empty_sections_and_a_briefing_without_figures_are_filled_from_the_rules() -> None:
    report = replay(EXAMPLE, CASSETTES / "weak-briefing")
    assert_floor(report, EXAMPLE)
    assert coverage_table(report)["measures"] == (19, 4, 4, 15)
    assert coverage_table(report)["plans"] == (4, 0, 0, 4)
    assert report.provenance.status == "incomplete"
    assert_no_empty_output(report)
    markdown = to_markdown(report)
    figures = markdown.split("### 关键数据")[1].split("###")[0]
    assert len(re.findall(r"^- .*\d", figures, re.M)) >= 3  # the key figures the rules found
    # the model's headline was two bare titles, an empty point and one thin point: the rules' stand
    assert "### 主要举措和成效（模型未提取，据规则补全）" in markdown
    assert "**坚持党的领导**\n" not in markdown


def test_a_good_model_keeps_its_status_and_covers_the_rules() -> None:
    report = replay(EXAMPLE, CASSETTES)
    assert_floor(report, EXAMPLE)
    p = report.provenance
    assert p.status == "ok" and _status(report) == "ok" and p.coverage_ratio >= 0.8
    assert coverage_table(report)["measures"] == (19, 19, 19, 0)
    # the model names only the figures that matter (its prompt says so); the rest are kept from the rules
    assert p.coverage["metrics"].kept_from_rules == 36
    assert "据规则补全" not in to_markdown(report)
    assert_no_empty_output(report)


# --------------------------------------------------------------------------- real small models (when present)


def realmodel_cases() -> list:
    if not REALMODEL.is_dir():
        return [
            pytest.param(
                None, None, marks=pytest.mark.skip(reason=f"{REALMODEL} absent (real-model cassettes)")
            )
        ]
    cases = []
    for path in sorted(REALMODEL.glob("*.json")):
        source = EXAMPLE if path.name.startswith("ex") else SHARED / "seeds" / "000_46fc3ec296138d29.txt"
        reason = f"{source} absent (the seed the cassette answers)"
        marks = [] if source.exists() else [pytest.mark.skip(reason=reason)]
        cases.append(pytest.param(path, source, marks=marks, id=path.stem))
    return cases


@pytest.mark.parametrize(("cassette", "source"), realmodel_cases())
def test_real_small_model_answers_keep_the_floor_and_are_never_ok(
    cassette: Path, source: Path, tmp_path
) -> None:
    shutil.copy(cassette, tmp_path / cassette.name)
    report = replay(source, tmp_path)
    assert_floor(report, source)
    assert_no_empty_output(report)
    assert _status(report) in ("incomplete", "unverified")
    assert report.provenance.coverage_ratio < 0.5
    junk = [
        i for items in kinds_of(report).values() for i in items if i.origin == "llm" and not i.text.strip()
    ]
    assert not junk
    recorded = json.loads(cassette.read_text("utf-8"))["interactions"]
    refused = sum(1 for i in recorded if i.get("error", {}).get("type") == "connection")
    if refused:  # ex15_json: the endpoint went down mid-run; refusals are not requests
        assert report.provenance.llm_calls < len(recorded) - refused + 1


# --------------------------------------------------------------------------- degradation on the command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_a_fallback_is_degraded_on_the_status_line_index_and_summary_and_fails_with_no_fallback(
    tmp_path: Path,
) -> None:
    report = ROOT / "tests" / "fixtures" / "f06_township_utf16.txt"  # its cassette: a refused section
    done = _cli("run", str(report), "-o", str(tmp_path / "a"), "--backend", "llm", "--replay", "--no-cache")
    assert done.returncode == 3  # done, but degraded
    assert done.stdout.startswith("DEGRADED") and "rules fallback: shortcomings" in done.stdout
    assert "DEGRADED" in done.stderr and "rules fallback: shortcomings" in done.stderr  # the run summary
    entry = index_lines(tmp_path / "a")[-1]
    assert entry["status"] == "degraded" and entry["llm"]["fallback_sections"] == ["shortcomings"]
    strict = _cli(
        "run",
        str(report),
        "-o",
        str(tmp_path / "b"),
        "--backend",
        "llm",
        "--replay",
        "--no-cache",
        "--no-fallback",
    )
    assert strict.returncode == 1 and strict.stdout.startswith("FAILED") and "--no-fallback" in strict.stdout
    assert not list((tmp_path / "b").glob("*.json"))


def test_the_coverage_threshold_is_the_users_to_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ("run", str(EXAMPLE), "-o", str(out), "--backend", "llm", "--replay", "--no-cache")
    assert _cli(*common).returncode == 0  # the bundled cassette covers 0.875 of the rules' items
    strict = _cli(*common, "--min-coverage", "0.9")  # a changed threshold redoes the report
    assert strict.returncode == 3 and strict.stdout.startswith("INCOMPLETE"), strict.stdout
    entry = index_lines(out)[-1]
    assert entry["status"] == "incomplete"
    wrong = _cli(*common, "--min-coverage", "1.5")
    assert wrong.returncode == 2 and "between 0 and 1" in wrong.stderr and "Traceback" not in wrong.stderr
