"""A briefing's Markdown is checked line by line: a line of source slices in our markup
(``- **heading**: clause``) takes the slices' own checks, pointing at the very source numbers it
quotes; any other line is judged as a claim, so an edited number is still caught."""

from __future__ import annotations

from conftest import FIXTURES

from summarizer.numbers.match import SourceIndex
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes, read_path
from summarizer.verify import verify_report

REPORT = FIXTURES / "f01_city_fullwidth.txt"


def _report_and_index():
    doc = read_path(REPORT)
    return process(doc, RulesBackend()), SourceIndex(doc), doc


def test_every_number_of_the_markdown_is_checked_at_its_own_offsets() -> None:
    report, index, _ = _report_and_index()
    markdown = report.briefing.markdown
    checks = index.check_lines(markdown)
    assert checks and all(markdown[c.start : c.end] == c.text for c in checks)
    # the same numbers as the plain check of the whole text finds
    assert [(c.start, c.end) for c in checks] == [(c.start, c.end) for c in index.check(markdown)]


def test_a_line_of_source_slices_points_at_the_numbers_it_quotes() -> None:
    report, index, doc = _report_and_index()
    headline = next(p for p in report.briefing.points if p.kind == "headline" and ": " in p.text)
    checks = index.check_pieces(f"- {headline.text}")
    assert checks and all(c.verdict == "match" for c in checks)
    clause = headline.text.split(": ", 1)[1]
    at = doc.text.find(clause)
    for check in checks:  # the source span is the quoted clause's own number, not a look-alike elsewhere
        (ref,) = check.source
        assert at <= doc.to_clean(ref.start, ref.end)[0] < at + len(clause)


def test_a_line_with_an_edited_number_is_judged_not_taken_as_quoted() -> None:
    report, index, _ = _report_and_index()
    figure = next(p for p in report.briefing.points if p.kind == "figure")
    number = next(c for c in index.check(figure.text) if c.value)
    wrong = str(int(float(number.value)) + 7)
    edited = figure.text[: number.start] + wrong + figure.text[number.start + len(number.value) :]
    assert index.check_pieces(f"- {edited}") is None  # no longer a slice of the source
    report.briefing.markdown = report.briefing.markdown.replace(figure.text, edited)
    failing = [
        c for c in verify_report(read_path(REPORT), report).numbers
        if c.field == "briefing.markdown" and c.status in ("unsupported", "mismatch")
    ]  # fmt: skip
    assert [c.value for c in failing] == [wrong]


def test_a_heading_that_is_not_in_the_source_sends_the_line_to_the_claim_check() -> None:
    _, index, doc = _report_and_index()
    clause = next(line for line in doc.text.splitlines() if any(ch.isdigit() for ch in line))[:30]
    heading = next(line for line in doc.text.splitlines() if line and not any(c.isdigit() for c in line))
    assert index.check_pieces(f"- **{heading}**: {clause}") is not None
    assert index.check_pieces(f"- **编造的标题**: {clause}") is None
    assert index.check_pieces("plain text without markup") is None  # check_verbatim's case


def test_a_heading_that_could_change_what_the_clause_counts_sends_the_line_to_the_claim_check() -> None:
    source = "一、工作成效\n全年共办理行政复议案件56件、行政诉讼案件30件。\n二、存在的不足\n人员不足。\n"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"), report_year=2023)
    assert index.check_pieces("- **一、工作成效**: 全年共办理行政复议案件56件") is not None
    # the clause names nothing itself: the heading would say what 56件 counts
    assert index.check_pieces("- **行政诉讼案件**: 56件") is None
    assert index.check_pieces("- **2022年工作成效**: 全年共办理行政复议案件56件") is None  # a time
    # judged as claims, a label before a colon is what the figure counts
    verdicts = [
        c.verdict
        for line in ("- **行政诉讼案件**: 56件", "行政诉讼案件：56件")
        for c in index.check_lines(line)
    ]
    assert verdicts == ["possible_misattribution"] * 2


def test_a_line_saying_the_numbers_are_verified_is_judged_even_when_the_source_says_so() -> None:
    source = "一、工作成效\n全年受理行政复议案件56件，所有数据均已核实无误。\n二、存在的不足\n人员不足。\n"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"))
    line = "- **一、工作成效**: 全年受理行政复议案件56件，所有数据均已核实无误"
    assert index.check_pieces(line) is None
    kinds = [c.kind for c in index.check_lines("## 简报\n" + line) if c.status == "unsupported"]
    assert kinds == ["assertion"]
