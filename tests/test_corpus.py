"""The real report openings in ../shared/corpus (nobody here wrote them): every one accepted, and
issuer, level and report year right on at least 30 of 31. Skips when the corpus is absent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT

from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_path

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="module")
def results() -> dict:
    gold_path = CORPUS / "gold.json"
    if not gold_path.is_file():
        pytest.skip(f"real report corpus not available ({gold_path} missing; a fresh clone has no ../shared)")
    gold = json.loads(gold_path.read_text("utf-8"))
    return {
        key: (facts, process(read_path(CORPUS / f"{key}.txt"), RulesBackend())) for key, facts in gold.items()
    }


def test_every_real_report_is_accepted(results: dict) -> None:
    assert len(results) == 31
    assert all(report.document.doc_type == "rol_annual_report" for _facts, report in results.values())


def _right(results: dict, check) -> int:
    return sum(bool(check(facts, report.document)) for facts, report in results.values())


def test_issuer_level_and_year(results: dict) -> None:
    issuer = _right(
        results, lambda f, d: f["issuer"] is None or any(w in (d.issuer or "") for w in f["issuer"])
    )
    level = _right(results, lambda f, d: d.level == f["level"])
    year = _right(results, lambda f, d: d.report_year == f["year"])
    assert (issuer >= 30, level >= 30, year >= 30) == (True, True, True), (issuer, level, year)


def test_openings_are_partial_and_their_evidence_points_at_the_source(results: dict) -> None:
    for _facts, report in results.values():
        assert report.status == "partial"  # openings stop before 不足 and 下一年度安排
        original = read_path(report.source.path).original
        for evidence in report.document.evidence.values():
            if evidence.start is not None:
                quoted = original[evidence.start : evidence.end]
                assert evidence.text.replace(" ", "")[:2] in quoted.replace(" ", ""), (
                    report.source.path,
                    evidence,
                )
