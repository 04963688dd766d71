"""The LLM backend end to end, offline: authored cassettes (success and failure cases), cache, recording."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer import extract_rules
from summarizer.document import Document
from summarizer.errors import CassetteMissError
from summarizer.llm import prompts as prompt_files
from summarizer.llm.backend import LLMBackend, pack, plan_units
from summarizer.llm.cassette import CURRENT_CALL, Cassette
from summarizer.llm.fakes import ScriptedCreate, answer, http_error
from summarizer.llm.settings import LLMSettings
from summarizer.metadata import extract_metadata
from summarizer.outline import build_outline
from summarizer.pipeline import context_for, process
from summarizer.reader import read_path

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
EXAMPLE = next((ROOT / "examples").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
SECRET = "sk-test-BackendSecret0123456789"


def replay(path: Path, cassette_dir: Path = CASSETTES):
    backend = LLMBackend(
        LLMSettings(replay=True, cache=False, cassette_dir=cassette_dir), sleep=lambda s: None
    )
    doc = read_path(path)
    report = process(doc, backend)
    return report, backend, doc


def bad_checks(report) -> list:
    return [r for r in report.verification.results if r.status in ("unsupported", "mismatch")]


# --------------------------------------------------------------------------- success paths


def test_example_replays_verified_with_provenance() -> None:
    report, backend, _ = replay(EXAMPLE)
    assert report.verification.status == "verified" and not bad_checks(report)
    p = report.provenance
    assert (p.backend, p.model, p.mode, p.prompt_version) == ("llm", "deepseek-chat", "tools", "1")
    assert p.llm_calls == 4 and p.reasks == 2 and p.cached_calls == 0 and p.fallbacks == []
    assert p.prompt_tokens > 0 and p.completion_tokens > 0 and p.cost is None
    assert all(m.verified for m in report.measures) and all(m.verified for m in report.metrics)
    assert report.shortcomings.causes_given is True
    assert [i.title for i in report.first_responsible_person.items][0] == "带头学法"


def test_example_facts_are_grounded_in_the_source() -> None:
    report, _, doc = replay(EXAMPLE)
    for fact in [*report.measures, *report.metrics, *report.shortcomings.items, *report.plans.items]:
        start, end = doc.to_clean(fact.start, fact.end)
        assert fact.text and doc.text[start:end] == fact.text
    rate = next(m for m in report.metrics if m.name == "全程网办率")
    assert (rate.value, rate.unit, rate.kind) == (
        "92.6",
        "%",
        "percent",
    )  # the 'to' part of 由81.2%提升至92.6%
    assert rate.area == "gov_functions" and rate.section == "achievements"
    frp = [m for m in report.metrics if m.section == "first_responsible_person"]
    assert {m.text for m in frp} >= {"2次", "9次", "38名"}


def test_example_briefing_headlines_come_from_the_model_and_verify() -> None:
    report, _, _ = replay(EXAMPLE)
    headlines = [p for p in report.briefing.points if p.kind == "headline"]
    assert len(headlines) == 5 and "92.6%" in headlines[1].text
    assert all(p.start is not None for p in headlines)
    briefing_checks = [r for r in report.verification.results if (r.field or "").startswith("briefing")]
    assert briefing_checks and all(r.status in ("supported", "ignored") for r in briefing_checks)


def test_traditional_report_in_md_json_mode() -> None:
    report, _, _ = replay(FIXTURES / "f02_street_traditional.txt")
    assert report.provenance.mode == "md_json" and report.provenance.fallbacks == []
    assert all(m.verified for m in report.measures)
    simplified = next(m for m in report.measures if m.title == "落实行政执法“三项制度”")
    assert "執法信息210條" in simplified.text  # a Simplified-script quote grounded in the Traditional text
    frp = report.first_responsible_person.items
    assert [i.origin for i in frp].count("llm") == 4
    # the floor: the closing item the model skipped is kept from the rules, marked so
    assert [i.origin for i in frp].count("rules") == 1 and "帶頭抓" in frp[-1].text


# --------------------------------------------------------------------------- failure cases on tape


def test_number_never_fixed_is_kept_unverified_and_the_report_says_so() -> None:
    report, _, _ = replay(FIXTURES / "f01_city_fullwidth.txt")
    assert report.provenance.reasks == 2  # malformed JSON, then the wrong figure twice
    same = [m for m in report.measures if m.title == "加强规范性文件管理"]
    wrong = next(m for m in same if m.origin == "llm")
    assert not wrong.verified and "28件" in wrong.problems[0] and "27件" in wrong.problems[0]
    assert sum(not m.verified for m in report.measures) == 1
    # the floor: the rules' verified measure of the same passage is not lost to the model's wrong one
    assert [m.origin for m in same if m.verified] == ["rules"]
    assert report.verification.status == "unverified"
    index = report.measures.index(wrong)
    assert any(r.field == f"measures[{index}].summary" and r.text == "28件" for r in bad_checks(report))


def test_refusal_falls_back_to_rules_for_that_section_only() -> None:
    path = FIXTURES / "f06_township_utf16.txt"
    report, _, doc = replay(path)
    fallbacks = report.provenance.fallbacks
    assert len(fallbacks) == 1 and "shortcomings" in fallbacks[0] and "refused" in fallbacks[0]
    rules = extract_rules.shortcomings_of(doc, build_outline(doc))
    assert [i.text for i in report.shortcomings.items] == [i.text for i in rules.items]
    assert report.measures[0].title == "加强学法用法"  # achievements still from the model
    assert [i.title for i in report.plans.items][0] == "深化学法用法"
    assert report.verification.status == "verified"


def test_cassette_miss_names_the_request_and_how_to_record(tmp_path: Path) -> None:
    data = json.loads((CASSETTES / f"{EXAMPLE.stem}.json").read_text("utf-8"))
    data["interactions"] = [i for i in data["interactions"] if i["key"] != "briefing#2"]
    (tmp_path / "example.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(CassetteMissError) as caught:
        replay(EXAMPLE, tmp_path)
    message = str(caught.value)
    assert "briefing#2" in message and "SUMMARIZER_RECORD=1" in message and "briefing#1" in message


def test_report_without_cassette_is_a_clear_miss(tmp_path: Path) -> None:
    with pytest.raises(CassetteMissError, match="no cassette for .*f03_bureau_gbk.txt"):
        replay(FIXTURES / "f03_bureau_gbk.txt", tmp_path)


def test_prompt_edits_do_not_break_replay_but_are_reported_as_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", edited)
    (edited / "plans.md").write_text("【下一年度安排】→plans：每项安排一条（改过的提示）。\n", "utf-8")
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(edited))
    prompt_files.load_prompts.cache_clear()
    try:
        report, backend, _ = replay(EXAMPLE)
    finally:
        prompt_files.load_prompts.cache_clear()
    assert report.verification.status == "verified"
    extraction_drift = [d for d in backend.drift if "plans:四#" in d]
    assert len(extraction_drift) == 2  # both turns of the extraction call changed, and both still replayed


def test_authored_cassettes_say_so_and_hold_no_credentials() -> None:
    for path in CASSETTES.glob("*.json"):
        text = path.read_text("utf-8")
        data = json.loads(text)
        assert data["authored"] is True and "Authored by hand" in data["note"]
        assert "sk-" not in text and "Bearer" not in text.replace("Bearer <REDACTED>", "")
        assert "\\u" not in text  # Chinese stays readable


# --------------------------------------------------------------------------- cache and recording


def _fake_for(path: Path) -> ScriptedCreate:
    """Answers every call of a report with the cassette's final answers (label-keyed)."""
    cassette = Cassette.load(CASSETTES / f"{path.stem}.json")
    finals: dict[str, dict] = {}
    for interaction in cassette.data["interactions"]:
        finals[interaction["key"].rsplit("#", 1)[0]] = interaction["response"]
    return ScriptedCreate([lambda kwargs: finals[CURRENT_CALL.get()] for _ in range(20)])


def test_second_run_of_the_same_report_makes_zero_requests(tmp_path: Path) -> None:
    settings = LLMSettings(api_key=SECRET, mode="tools", model="deepseek-chat", cache_dir=tmp_path / "cache")
    first_fake = _fake_for(EXAMPLE)
    first = LLMBackend(settings, create=first_fake)
    report1 = process(read_path(EXAMPLE), first)
    first.close()
    second_fake = ScriptedCreate([])  # any request would raise ScriptExhausted
    second = LLMBackend(settings, create=second_fake)
    report2 = process(read_path(EXAMPLE), second)
    second.close()
    assert len(first_fake.requests) == 2 and second_fake.requests == []
    assert report2.provenance.llm_calls == 0 and report2.provenance.cached_calls == 2
    assert report2.model_dump(exclude={"provenance"}) == report1.model_dump(exclude={"provenance"})
    blob = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert SECRET.encode() not in blob


def test_cost_is_reported_when_prices_are_configured(tmp_path: Path) -> None:
    settings = LLMSettings(
        api_key=SECRET, mode="tools", cache=False, price_prompt_per_1k=0.002, price_completion_per_1k=0.008
    )
    report = process(read_path(EXAMPLE), LLMBackend(settings, create=_fake_for(EXAMPLE)))
    p = report.provenance
    assert p.cost == pytest.approx(
        p.prompt_tokens / 1000 * 0.002 + p.completion_tokens / 1000 * 0.008, abs=1e-6
    )


def test_recording_writes_a_replayable_cassette_without_the_key(tmp_path: Path) -> None:
    script = [http_error(429, {"error": {"message": f"rate limited for key {SECRET}"}}, {"retry-after": "1"})]
    fake = _fake_for(EXAMPLE)
    fake.script[:0] = script
    sleeps: list[float] = []
    settings = LLMSettings(
        api_key=SECRET, record=True, cache=False, cassette_dir=tmp_path, mode="tools", model="deepseek-chat"
    )
    backend = LLMBackend(settings, create=fake, sleep=sleeps.append)
    recorded = process(read_path(EXAMPLE), backend)
    assert sleeps == [1.0]
    text = (tmp_path / f"{EXAMPLE.stem}.json").read_text("utf-8")
    assert SECRET not in text and "REDACTED" in text and '"authored": false' in text
    data = json.loads(text)
    assert [i["key"].rsplit("#", 1)[1] for i in data["interactions"]][:2] == [
        "1",
        "2",
    ]  # the 429, then the answer
    replayed, backend2, _ = replay(EXAMPLE, tmp_path)
    assert replayed.model_dump(exclude={"provenance"}) == recorded.model_dump(exclude={"provenance"})
    assert backend2.drift == []


# --------------------------------------------------------------------------- planning


SECTION = "一是推进依法行政。全年审核规范性文件12件,清理文件30件,废止4件。"


def _long_report() -> Document:
    subsections = "".join(
        f"({n})第{n}项工作\n" + SECTION * (40 if n == "一" else 14) + "\n" for n in "一二三四"
    )
    text = (
        "岚山县人民政府关于2023年度法治政府建设情况的报告\n"
        "一、主要举措和成效\n" + subsections + "二、存在的不足\n一是执法力量不足。二是宣传不够。\n"
        "三、2024年工作安排\n(一)加强执法。(二)深化普法。\n"
    )
    return Document.from_text(text)


def test_long_achievements_are_split_and_nothing_is_sent_twice() -> None:
    doc = _long_report()
    outline = build_outline(doc)
    calls = pack(plan_units(doc, outline, 1200), 1200)
    units = [u for call in calls for host in call for u in host.all_units()]
    spans = sorted(span for u in units for span in u.spans)
    assert all(sum(e - s for u in call for s, e in u.spans) <= 1200 for call in calls)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlap: sent once
    achievements = outline.find("achievements")[0]
    assert (
        spans[0][0] == achievements.start
        and max(e for _, e in spans) == outline.find("next_year_plan")[0].end
    )
    keys = [u.key for u in units]
    assert keys[:3] == ["achievements:一(一)~1", "achievements:一(一)~2", "achievements:一(二)-(三)"]
    assert "shortcomings:二" in keys and "plans:三" in keys


def test_nested_first_responsible_rides_inside_its_achievements_unit() -> None:
    doc = read_path(FIXTURES / "f01_city_fullwidth.txt")
    units = plan_units(doc, build_outline(doc), 4500)
    host = next(u for u in units if u.stage == "achievements")
    assert [g.stage for g in host.guests] == ["first_responsible"]
    assert "first_responsible" not in [u.stage for u in units]


def test_transport_failure_everywhere_falls_back_to_rules_for_every_part() -> None:
    fake = ScriptedCreate([http_error(503)] * 2)
    settings = LLMSettings(api_key=SECRET, cache=False, attempts=2)
    backend = LLMBackend(settings, create=fake, sleep=lambda s: None)
    doc = read_path(FIXTURES / "f06_township_utf16.txt")
    extraction = backend.extract(context_for(doc))
    rules = extract_rules.extract(doc, build_outline(doc), extract_metadata(doc))
    assert len(fake.requests) == 2  # no per-part retry storm when the endpoint is down
    assert [m.title for m in extraction.measures] == [m.title for m in rules.measures]
    assert len(extraction.provenance.fallbacks) == 3 and all(
        "transport failed" in f for f in extraction.provenance.fallbacks
    )


def test_briefing_failure_keeps_rules_headlines_and_records_it() -> None:
    cassette = Cassette.load(CASSETTES / f"{EXAMPLE.stem}.json")
    extraction = next(
        i for i in cassette.data["interactions"] if i["key"].endswith("#2") and "achievements" in i["key"]
    )
    fake = ScriptedCreate(
        [extraction["response"], answer("tools", {"headline": []}, name="BriefingOut", refusal="不予回答")]
    )
    report = process(read_path(EXAMPLE), LLMBackend(LLMSettings(api_key=SECRET, cache=False), create=fake))
    assert any(f.startswith("briefing:") for f in report.provenance.fallbacks)
    assert [p for p in report.briefing.points if p.kind == "headline"]  # the rules chose them
    assert report.provenance.llm_calls == 2


def test_run_summary_counts_every_report() -> None:
    backend = LLMBackend(LLMSettings(replay=True, cache=False))
    for path in (EXAMPLE, FIXTURES / "f02_street_traditional.txt"):
        process(read_path(path), backend)
    assert backend.totals.requests == 6 and backend.totals.reasks == 2
    assert backend.summary().startswith("LLM: 6 request(s), 0 cached call(s), 2 re-ask(s)")


def test_cassettes_check_updates_hashes_after_a_reviewed_prompt_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cassettes_cli import check

    tapes = tmp_path / "tapes"
    tapes.mkdir()
    shutil.copy(CASSETTES / f"{EXAMPLE.stem}.json", tapes)
    edited = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", edited)
    (edited / "system.md").write_text("你分析法治政府建设年度报告（改过的系统提示）。\n", "utf-8")
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(edited))
    prompt_files.load_prompts.cache_clear()
    try:
        assert check([str(EXAMPLE)], tapes, update=True) == 0
        out = capsys.readouterr().out
        assert "drift   achievements:一+shortcomings:二+first_responsible:三+plans:四#1" in out
        _, backend, _ = replay(EXAMPLE, tapes)
    finally:
        prompt_files.load_prompts.cache_clear()
    assert backend.drift == []
