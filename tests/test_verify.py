"""verify_text / verify_report / render_human / verification_of on invented sources."""

from __future__ import annotations

import json
from array import array

import opencc

from summarizer.checks import NoiseSpan
from summarizer.document import Document
from summarizer.numbers.match import SourceIndex
from summarizer.pipeline import verification_of
from summarizer.review import metric_views
from summarizer.verify import (
    clean_span,
    metric_text,
    render_human,
    verify_report,
    verify_text,
)

BODY = (
    "2024年,云溪县受理行政复议案件64件,审结59件,纠错率12.5%。发放宣传资料2.4万余份,"
    "培训执法人员近900人次,减免费用约36.5万元。行政诉讼案件同比下降8.2%。\n2025年2月20日"
)
NOISE = "【字号 大 中 小】阅读次数:1234\n"


def noisy_document() -> Document:
    """A document whose original has page chrome in front of the cleaned body (non-identity offsets)."""
    original = NOISE + BODY
    offsets = array("i", range(len(NOISE), len(original) + 1))
    return Document(original=original, text=BODY, folded=BODY, offsets=offsets)


def test_verify_text_json_shape() -> None:
    result = verify_text(Document.from_text(BODY), "2024年审结59件,纠错率12.5%,培训900人次。")
    data = result.to_json()
    json.dumps(data, ensure_ascii=False)
    assert set(data) == {"numbers", "summary"}
    assert set(data["summary"]) == {"checked", "supported", "unsupported", "mismatch", "ignored"}
    for number in data["numbers"]:
        assert set(number) == {
            "text", "start", "end", "kind", "value", "unit", "qualifier", "status", "verdict", "reason", "source",
        }  # fmt: skip
    statuses = {n["text"]: (n["status"], n["verdict"]) for n in data["numbers"]}
    assert statuses == {
        "2024年": ("supported", "match"),
        "59件": ("supported", "match"),
        "12.5%": ("supported", "match"),
        "900人次": ("mismatch", "qualifier_mismatch"),
    }
    assert data["summary"] == {"checked": 4, "supported": 3, "unsupported": 0, "mismatch": 1, "ignored": 0}
    assert not result.ok


def test_candidate_offsets_index_the_candidate() -> None:
    candidate = "概况:① 受理６４件。"
    result = verify_text(Document.from_text(BODY), candidate)
    (number,) = result.numbers
    assert candidate[number.start : number.end] == number.text == "６４件"
    assert number.status == "supported" and result.ok


def test_source_refs_index_the_original_text() -> None:
    doc = noisy_document()
    (number,) = verify_text(doc, "资料2.4万余份").numbers
    ref = number.source[0]
    assert doc.original[ref.start : ref.end] == "2.4万余份"
    assert ref.start > len(NOISE) - 1


def test_strict_turns_rounding_into_a_mismatch() -> None:
    doc = Document.from_text(BODY)
    assert verify_text(doc, "减免费用约37万元").numbers[0].status == "supported"  # 36.5 rounds up
    assert verify_text(doc, "减免费用约36万元").numbers[0].status == "mismatch"
    loose = verify_text(doc, "纠错率13%")
    strict = verify_text(doc, "纠错率13%", strict=True)
    assert (loose.numbers[0].verdict, loose.numbers[0].status) == ("rounded", "supported")
    assert (strict.numbers[0].verdict, strict.numbers[0].status) == ("rounded", "mismatch")
    assert loose.ok and not strict.ok


def test_render_human_lists_each_number_and_a_summary() -> None:
    doc = noisy_document()
    result = verify_text(doc, "审结59件,发放资料3万余份,2023年。")
    text = render_human(result, doc)
    lines = text.splitlines()
    assert len(lines) == len(result.numbers) + 1
    assert lines[0].startswith("✓ supported") and "【59件】" in lines[0]
    assert any(line.startswith("? unsupported") and "2023年" in line for line in lines)
    assert lines[-1].endswith("FAILED") and "3 numbers checked" in lines[-1]


def test_verification_of() -> None:
    doc = Document.from_text(BODY)
    good = verification_of(verify_text(doc, "审结59件"))
    bad = verification_of(verify_text(doc, "审结95件"))
    assert (good.status, good.summary.supported, len(good.results)) == ("verified", 1, 1)
    assert bad.status == "unverified"


def test_metric_text() -> None:
    assert metric_text({"value": "24000", "unit": "份", "qualifier": "over", "kind": "count"}) == "24000余份"
    assert metric_text({"value": "900", "unit": "人次", "qualifier": "under", "kind": "count"}) == "近900人次"
    assert metric_text({"value": "8.2", "unit": "%", "kind": "pct_change", "direction": "down"}) == "下降8.2%"
    assert (
        metric_text({"value": "365000", "unit": "元", "qualifier": "approx", "kind": "money"}) == "约365000元"
    )
    assert metric_text({"value": "2", "unit": "", "kind": "rank"}) == "排名第2"
    from_to = {"value": "92.6", "value_from": "81.2", "unit": "%", "kind": "pct_from_to", "direction": "up"}
    assert metric_text(from_to) == "由81.2%提升至92.6%"


def test_both_ends_and_the_direction_of_a_from_to_metric_are_checked() -> None:
    doc = Document.from_text("全程网办率由81.2%提升至92.6%,审结59件。")
    start = doc.text.index("由81.2%")
    metric = {
        "name": "全程网办率", "value": "92.6", "value_from": "81.2", "unit": "%", "qualifier": "exact",
        "kind": "pct_from_to", "direction": "up", "start": start, "end": start + 14,
    }  # fmt: skip

    def verdict(**changes: str) -> tuple[str, str]:
        report = {"schema_version": "1.0", "metrics": [{**metric, **changes}]}
        (check,) = [c for c in verify_report(doc, report).numbers if c.field == "metrics[0].value"]
        return check.status, check.verdict

    assert verdict() == ("supported", "match")
    assert verdict(value_from="71.2")[0] == "mismatch"  # the start was not checked at all
    assert verdict(direction="down") == ("mismatch", "direction_mismatch")


def test_a_metric_given_for_another_span_of_time_than_its_figure_covers_is_unanchored() -> None:
    """A metric's period is a claim too: a running total, or last year's figure, given as the year's."""
    doc = Document.from_text("2024年受理行政复议案件64件,2019年以来累计受理312件。审批事项由45项压减至38项。")

    names = {"64件": "受理行政复议案件", "312件": "累计受理", "45项": "审批事项"}

    def verdict(figure: str, period: str) -> tuple[str, str]:
        start = doc.text.index(figure)
        value = figure.rstrip("件项")
        metric = {
            "name": names[figure], "value": value, "unit": figure[-1], "qualifier": "exact", "kind": "count",
            "period": period, "start": start, "end": start + len(figure),
        }  # fmt: skip
        report = {"schema_version": "1.0", "document": {"report_year": 2024}, "metrics": [metric]}
        (check,) = [c for c in verify_report(doc, report).numbers if c.field == "metrics[0].value"]
        return check.status, check.verdict

    assert verdict("64件", "year") == ("supported", "match")
    assert verdict("312件", "cumulative") == ("supported", "match")
    assert verdict("312件", "year") == ("unsupported", "unanchored")
    assert verdict("64件", "cumulative") == ("unsupported", "unanchored")
    assert verdict("45项", "other_year") == ("supported", "match")  # a change's first end: compared with
    assert verdict("45项", "year") == ("unsupported", "unanchored")


def test_clean_span_maps_original_offsets() -> None:
    doc = noisy_document()
    start = doc.original.index("审结59件")
    assert clean_span(doc, start, start + 5) == (BODY.index("审结59件"), BODY.index("审结59件") + 5)
    assert clean_span(doc, 0, 5) is None  # inside the removed page chrome


def _report(doc: Document) -> dict:
    def span(text: str) -> dict:
        start = doc.original.index(text)
        return {"start": start, "end": start + len(text), "text": text}

    return {
        "schema_version": "1.0",
        "source": {"path": "x.txt", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
        "document": {"report_year": 2024, "plan_year": 2026, "signed_date": "2025-02-20", "title": "云溪县2024年报告"},
        "metrics": [
            {"name": "受理行政复议案件", "value": "64", "unit": "件", "qualifier": "exact", "kind": "count",
             **span("受理行政复议案件64件")},
            {"name": "宣传资料", "value": "24000", "unit": "份", "qualifier": "over", "kind": "count",
             **span("发放宣传资料2.4万余份")},
            {"name": "审结", "value": "95", "unit": "件", "qualifier": "exact", "kind": "count", **span("审结59件")},
            {"name": "行政诉讼案件", "value": "8.2", "unit": "%", "kind": "pct_change", "direction": "up",
             **span("行政诉讼案件同比下降8.2%")},
        ],
        "briefing": {
            "markdown": "## 云溪县2024年\n- 受理行政复议案件64件,审结59件\n- 发放资料2.4万余份\n- 五项法定内容具备4项",
            "points": [{"kind": "completeness", "text": "五项法定内容具备4项"}],
        },
        "provenance": {"tool_version": "0.1.0", "prompt_tokens": 1234},
        "compliance": {"score": "4/5"},
    }  # fmt: skip


def test_verify_report_checks_strings_and_metric_evidence() -> None:
    doc = noisy_document()
    result = verify_report(doc, _report(doc))
    by_field: dict[str, list] = {}
    for check in result.numbers:
        by_field.setdefault(check.field, []).append(check)
    assert not any(f.startswith(("source", "provenance", "compliance", "briefing.points")) for f in by_field)
    assert [c.verdict for c in by_field["metrics[0].value"]] == ["match"]
    assert [c.verdict for c in by_field["metrics[1].value"]] == ["match"]
    assert by_field["metrics[2].value"][0].status == "unsupported"  # 95 is not in its evidence 审结59件
    assert by_field["metrics[3].value"][0].verdict == "direction_mismatch"
    assert {c.text: c.status for c in by_field["briefing.markdown"]} == {
        "2024年": "supported", "64件": "supported", "59件": "supported", "2.4万余份": "supported",
    }  # fmt: skip
    assert [c.status for c in by_field["document.report_year"]] == ["supported"]
    assert [c.status for c in by_field["document.plan_year"]] == ["unsupported"]
    assert [c.status for c in by_field["document.signed_date"]] == ["supported"]
    assert "metrics[0].name" not in by_field and not result.ok
    json.dumps(result.to_json(), ensure_ascii=False)
    assert all("field" in n for n in result.to_json()["numbers"])


def test_dates_from_removed_page_metadata_are_facts() -> None:
    body = "2023年,全县办理案件12件。"
    chrome = "发布时间:2024-03-18\n"
    doc = Document(
        original=chrome + body,
        text=body,
        folded=body,
        offsets=array("i", range(len(chrome), len(chrome + body) + 1)),
        removed_noise=[NoiseSpan(text=chrome.strip(), start=0, end=len(chrome) - 1, kind="meta")],
    )
    result = verify_report(doc, {"document": {"published_date": "2024-03-18"}})
    assert [(c.field, c.status) for c in result.numbers] == [("document.published_date", "supported")]
    ref = result.numbers[0].source[0]
    assert doc.original[ref.start : ref.end] == "2024-03-18"
    (restated,) = verify_text(doc, "本报告于2024年3月18日发布。").numbers
    assert restated.status == "supported"
    banner = Document(
        original="今天是:2026年3月5日\n" + body, text=body, folded=body,
        offsets=array("i", range(15, 15 + len(body) + 1)),
        removed_noise=[NoiseSpan(text="今天是:2026年3月5日", start=0, end=14, kind="banner")],
    )  # fmt: skip
    assert verify_text(banner, "2026年3月5日").numbers[0].status == "unsupported"  # a site banner is no fact


def test_the_pipeline_builds_one_number_index_per_report_and_keeps_none(monkeypatch) -> None:
    """The index travels in the report's context, not in a module-level cache keyed by the document."""
    import gc
    import weakref

    from conftest import FIXTURES

    from summarizer.numbers import match
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_path

    built: list[weakref.ref] = []
    real_init = match.SourceIndex.__init__

    def counting_init(self, *args, **kwargs) -> None:
        real_init(self, *args, **kwargs)
        built.append(weakref.ref(self))

    monkeypatch.setattr(match.SourceIndex, "__init__", counting_init)
    for name in ("f05_province_bom.txt", "f01_city_fullwidth.txt"):
        process(read_path(FIXTURES / name), RulesBackend())
    gc.collect()
    assert len(built) == 2 and all(ref() is None for ref in built)


def test_traditional_candidate_against_traditional_source() -> None:
    t2s = opencc.OpenCC("t2s")
    text = "全區現場檢查醫藥機構2085家,處理醫藥機構550家,走訪群眾5萬餘人次。"
    folded = t2s.convert(text)
    doc = Document(
        original=text,
        text=text,
        folded=folded,
        offsets=array("i", range(len(text) + 1)),
        script="traditional",
    )
    faithful = verify_text(doc, "處理醫藥機構550家,走訪群眾五萬餘人次")
    assert [c.status for c in faithful.numbers] == ["supported", "supported"]
    swapped = verify_text(doc, "現場檢查醫藥機構550家")
    assert swapped.numbers[0].verdict == "possible_misattribution"


def test_a_quote_found_first_inside_a_longer_number_is_found_again_where_it_stands_whole() -> None:
    """A metric's text 86项 whose window also holds 1,286项 (found first, cut in two there) is the
    source's own 86项: verbatim, not judged as a claim of the report year (it is 2023's)."""
    text = "全区政务服务事项1,286项,即办件占比61.2%。“跨省通办”事项由2023年的86项增加到142项。"
    index = SourceIndex(Document.from_text(text), report_year=2024)
    (check,) = index.check_verbatim("86项", window=(0, len(text)))
    assert (check.verdict, check.source[0].start) == ("match", text.index("的86项") + 1)


def test_a_metric_failing_on_another_field_shows_that_fields_verdict() -> None:
    """The review table's verdict of an unverified metric says why it failed, not its value's match."""
    report = {
        "metrics": [{"name": "事项", "value": "86", "unit": "项", "kind": "count", "verified": False}],
        "verification": {
            "results": [
                {"field": "metrics[0].text", "status": "mismatch", "verdict": "possible_misattribution",
                 "reason": "86项 is 2023's"},
                {"field": "metrics[0].value", "status": "supported", "verdict": "match", "reason": ""},
            ]
        },
    }  # fmt: skip
    (view,) = metric_views(report)
    assert (view.verified, view.verdict, view.reason) == (False, "possible_misattribution", "86项 is 2023's")


def test_a_target_restated_is_a_plan_in_the_plan_fields_and_said_as_done_elsewhere():
    source = Document.from_text("二、2024年工作安排\n力争全市行政执法案卷优秀率达到75%。\n")
    said = "案卷优秀率提高到75%"
    report = {
        "document": {"report_year": 2023},
        "plans": {"items": [{"text": said}]},
        "briefing": {"points": [{"kind": "plan", "text": said}, {"kind": "headline", "text": said}]},
    }
    verdicts = {c.field: c.verdict for c in verify_report(source, report).numbers if c.kind != "year"}
    assert verdicts == {
        "plans.items[0].text": "match",
        "briefing.points[0].text": "match",
        "briefing.points[1].text": "unanchored",
    }
