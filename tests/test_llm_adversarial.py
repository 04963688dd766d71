"""An endpoint that lies or is sloppy on purpose (an adversarial tester's findings, one test per fix).

A fake endpoint on 127.0.0.1 (``fakeserver``) answers valid rows built from the request, and a ``liar``
rewrites them: it echoes the API key (as sent, without its prefix, split by a space, in full-width
letters), trickles its answer a byte a second, writes full-width digits, anchors claims on two-character
or stitched quotes, repeats rows and writes texts of any length, sets causes to a problem sentence and
cites an unrelated fact for a headline. None of it may reach an output verified, or reach it at all for
the key; every planted answer is authored here, none recorded from a model.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLMServer, make_report

from summarizer.cli import build_parser, request_gate, run_options
from summarizer.document import Document
from summarizer.llm.backend import LLMBackend
from summarizer.llm.grounding import GroundingState, check_causes
from summarizer.llm.secrets import register_secret, scrub, scrub_data
from summarizer.llm.settings import LLMSettings
from summarizer.runner import EXIT_UNVERIFIED, run_batch

pytestmark = pytest.mark.usefixtures("offline_and_bounded")

SECRET = "sk-test-AdversarialKey0123456789"
TAIL = SECRET[len("sk-") :]
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in SECRET)
REPORT = make_report(7)  # 杉山东县: 审核规范性文件19件，清理文件37件 … 全程网办率达到87.7% …
STEM = "lanhe"


def run_endpoint(
    tmp_path: Path, liar: Any = None, *extra: str, env: dict[str, str] | None = None, **faults: Any
) -> tuple[int, Path]:
    """Run the CLI's batch path over REPORT against a fake endpoint; the exit code and the output dir."""
    source = tmp_path / "in" / f"{STEM}.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(REPORT, "utf-8")
    out = tmp_path / "out"
    with FakeLLMServer(liar=liar) as server:
        for kind, fault in faults.items():
            server.add_fault(kind, **fault)
        argv = ["run", str(source), "-o", str(out), "--backend", "llm", "--base-url", server.url]
        args = build_parser().parse_args([*argv, "--model", "fake-model", "--mode", "tools", *extra])
        backend = LLMBackend(
            LLMSettings.from_args(args, env=env or {}),
            sleep=lambda seconds: time.sleep(min(seconds, 0.02)),
            gate=request_gate(args),
        )
        return run_batch(run_options(args, ["json", "md", "html"]), backend), out


def report_of(out: Path) -> dict[str, Any]:
    return json.loads((out / f"{STEM}.json").read_text("utf-8"))


# --------------------------------------------------------------------------- 1. the key never leaks


def key_echoer(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
    if stage == "extract":
        if "metrics" in answer:
            answer["metrics"] += [
                f"口令｜{SECRET}｜审核规范性文件19件",
                f"审核规范性文件｜{TAIL}｜审核规范性文件19件",
            ]
        if "measures" in answer:
            answer["measures"].append(
                f"调试信息｜密钥{SECRET[:8]} {SECRET[8:]}，审核规范性文件19件。｜审核规范性文件19件"
            )
        if "plans" in answer:
            answer["plans"].append(f"令牌{FULL_WIDTH}｜全面推行行政执法公示制度")
        return answer
    return {"headline": [*answer["headline"], f"密钥{SECRET}审核规范性文件19件｜M1"]}


def leaks(data: bytes) -> list[str]:
    forms = {
        "the key": SECRET,
        "its tail": TAIL,
        "a part of it": "AdversarialKey",
        "full width": FULL_WIDTH[8:],
    }
    return [name for name, form in forms.items() if form.encode("utf-8") in data]


def test_an_echoed_key_reaches_no_output_cache_cassette_or_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    env = {"OPENAI_API_KEY": SECRET}
    cache, cassettes = tmp_path / "cache", tmp_path / "cassettes"
    caplog.set_level("DEBUG")
    run_endpoint(tmp_path / "cached", key_echoer, "--cache-dir", str(cache), env=env)
    run_endpoint(tmp_path / "recorded", key_echoer, "--record", "--cassette-dir", str(cassettes), env=env)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".txt"]
    assert any(p.is_relative_to(cache) for p in written) and any(p.is_relative_to(cassettes) for p in written)
    for path in written:
        assert not leaks(path.read_bytes()), f"{path.relative_to(tmp_path)}: {leaks(path.read_bytes())}"
    console = capsys.readouterr()
    assert not leaks((console.out + console.err + caplog.text).encode("utf-8"))
    report = report_of(tmp_path / "recorded" / "out")
    assert not any(m["value"] == "<REDACTED>" for m in report["metrics"])  # no quantity left: not a metric


def test_scrub_covers_the_forms_a_model_writes_a_key_in() -> None:
    register_secret(SECRET)
    for text in (SECRET, TAIL, f"{SECRET[:8]} {SECRET[8:]}", FULL_WIDTH, "ｓｋ－ｏｔｈｅｒ０１２３４５６７"):
        assert scrub(f"口令：{text}。") == "口令：<REDACTED>。", text
    assert scrub(f"密钥{SECRET}号") == "密钥<REDACTED>号"  # after a Han character too
    escaped = json.dumps({"metrics": [f"口令｜{FULL_WIDTH}｜x"]})  # \uff53… as a JSON text
    assert "<REDACTED>" in json.loads(scrub_data({"arguments": escaped})["arguments"])["metrics"][0]
    assert (
        scrub("审核规范性文件41件，ＡＢＣ等级") == "审核规范性文件41件，ＡＢＣ等级"
    )  # ordinary text is left alone
    assert unicodedata.normalize("NFKC", FULL_WIDTH) == SECRET


# --------------------------------------------------------------------------- 2. a trickled answer times out


def test_an_answer_trickled_a_byte_at_a_time_times_out_like_any_other(tmp_path: Path) -> None:
    started = time.monotonic()
    code, out = run_endpoint(
        tmp_path,
        None,
        "--timeout",
        "1",
        "--attempts",
        "1",
        "--no-cache",
        trickle={"seconds": 0.05, "times": -1},
    )
    assert time.monotonic() - started < 15  # the body alone would take over a minute
    provenance = report_of(out)["provenance"]
    assert provenance["status"] == "degraded" and code == EXIT_UNVERIFIED
    assert any("transport failed" in f and "Timeout" in f for f in provenance["fallbacks"]), provenance


# --------------------------------------------------------------------------- 3. unverified items are not "ok"


def test_a_report_with_unverified_model_items_is_degraded_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def unfounded(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract" and "measures" in answer:  # no number in it: only its quote can fail
            answer["measures"].append(
                "建成执法平台｜建成全县统一的执法监督平台。｜建成全县统一的执法监督平台"
            )
        return answer

    code, out = run_endpoint(tmp_path, unfounded, "--no-cache")
    report = report_of(out)
    measure = next(m for m in report["measures"] if m["title"] == "建成执法平台")
    assert not measure["verified"] and measure["problems"]
    assert report["verification"]["status"] == "verified"  # no number failed: the item alone decides
    assert report["provenance"]["status"] == "degraded" and code == EXIT_UNVERIFIED
    assert any(
        "measures: 1 item(s) of the model not verified" in f for f in report["provenance"]["fallbacks"]
    )
    # the briefing's status line and the run's status line say so, not only the JSON
    markdown = (out / f"{STEM}.md").read_text("utf-8")
    assert "均已与原文逐一核对；模型输出中另有未核实或未采用的内容" in markdown
    assert "1 item(s) of the model not verified" in capsys.readouterr().out


# --------------------------------------------------------------------------- 4. full-width figures


def test_full_width_figures_are_read_like_ascii_and_a_wrong_one_stays_marked(tmp_path: Path) -> None:
    def full_width(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract" and "metrics" in answer:
            answer["metrics"] = [
                "审核规范性文件｜２０件｜审核规范性文件１９件",
                "评查案卷｜６７卷｜评查案卷６７卷",
            ]
        return answer

    code, out = run_endpoint(tmp_path, full_width, "--no-cache")
    model = {m["name"]: m for m in report_of(out)["metrics"] if m["origin"] == "llm"}
    assert set(model) == {"审核规范性文件", "评查案卷"}, "a full-width metric vanished"
    wrong, right = model["审核规范性文件"], model["评查案卷"]
    assert not wrong["verified"] and wrong["problems"] and code == EXIT_UNVERIFIED
    assert right["verified"] and right["value"] == "67" and right["unit"] == "卷"


# --------------------------------------------------------------------------- 5. weak quotes


WEAK_ROWS = {
    "获评全国示范县": ("measures", "获评全国示范县｜杉山东县获评全国法治政府建设示范县。｜加强", "太短"),
    "执法力量充足": ("shortcomings", "执法力量充足｜执法力量……有待提高", "拼"),
    "已无明显短板": ("shortcomings", "已无明显短板｜二是法治宣传的针对性不强", "找不到依据"),
    "全面取消行政处罚": ("plans", "全面取消行政处罚｜全面推行行政执法公示制度", "找不到依据"),
}


def test_short_stitched_or_unrelated_quotes_do_not_ground_an_item(tmp_path: Path) -> None:
    def weak_quotes(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        for field, row, _ in WEAK_ROWS.values():
            if stage == "extract" and field in answer:
                answer[field].append(row)
        return answer

    code, out = run_endpoint(tmp_path, weak_quotes, "--no-cache")
    report = report_of(out)
    items = [*report["measures"], *report["shortcomings"]["items"], *report["plans"]["items"]]
    for title, (_, _, why) in WEAK_ROWS.items():
        found = [i for i in items if i["title"] == title]
        assert found, f"{title}: dropped instead of marked"
        problems = found[0].get("problems", [])  # (an empty list is left out of the JSON)
        assert not found[0]["verified"] and why in " ".join(problems), (title, problems)
    honest = [i for i in items if i["origin"] == "llm" and i["title"] not in WEAK_ROWS]
    assert honest and all(i["verified"] for i in honest), [i for i in honest if not i["verified"]]
    assert code == EXIT_UNVERIFIED


# --------------------------------------------------------------------------- 6. repeats and size


def test_repeated_many_and_huge_answers_are_bounded_and_recorded(tmp_path: Path) -> None:
    def flood(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract":
            if "measures" in answer:
                answer["measures"] += ["规范文件管理｜审核规范性文件19件。｜审核规范性文件19件"] * 50
                answer["measures"] += [f"举措{i}｜清理文件37件。｜清理文件37件" for i in range(300)]
                answer["measures"].append(
                    "长文｜" + "审核规范性文件19件，" * 2000 + "｜审核规范性文件19件，清理文件37件"
                )
            if "metrics" in answer:
                answer["metrics"] += ["清理文件｜37件｜清理文件37件"] * 50
                answer["metrics"] += [
                    f"文件{'甲乙丙丁戊己庚辛'[i % 8]}{i}｜37件｜清理文件37件" for i in range(300)
                ]
            if "shortcomings" in answer:
                answer["shortcomings"] += ["执法力量不足｜执法力量仍然不足"] * 30
            return answer
        return {
            "headline": [
                *answer["headline"],
                *["评查案卷67卷｜M6"] * 40,
                "审核规范性文件19件，" * 300 + "｜M1",
            ]
        }

    _, out = run_endpoint(tmp_path, flood, "--no-cache", "--max-tokens", "1000000")  # (tokens: chars/2)
    assert (out / f"{STEM}.json").stat().st_size < 200_000
    report = report_of(out)
    model = [m for m in report["measures"] if m["origin"] == "llm"]
    assert sum(m["summary"] == "审核规范性文件19件。" for m in model) == 1
    assert sum(m["summary"] == "清理文件37件。" for m in model) == 1  # the same summary on one place
    long = next(m for m in model if m["title"] == "长文")
    assert len(long["summary"]) <= 201 and not long["verified"] and "只保留了前200字" in long["problems"][-1]
    metrics = [m for m in report["metrics"] if m["origin"] == "llm"]
    assert len(metrics) <= 8 + 1  # no more than the figures of the text sent (its 8, and one …)
    shortcomings = [i for i in report["shortcomings"]["items"] if i["title"] == "执法力量不足"]
    assert len(shortcomings) == 1
    headlines = [p for p in report["briefing"]["points"] if p["kind"] == "headline"]
    assert sum(p["text"] == "评查案卷67卷" for p in headlines) == 1
    cut = next(p for p in headlines if p["text"].startswith("审核规范性文件19件，审核"))
    assert len(cut["text"]) <= 121 and not cut["verified"]
    notes = " ".join(report["provenance"]["fallbacks"])
    for kind in ("measures", "metrics", "shortcomings", "briefing"):
        assert f"{kind}: " in notes and "repeated" in notes, notes
    assert "dropped beyond the 8 the source text sent can hold" in notes
    assert report["provenance"]["status"] == "degraded"


# --------------------------------------------------------------------------- 7. causes


def test_a_quoted_problem_is_not_its_cause(tmp_path: Path) -> None:
    def problem_as_cause(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract" and "causes" in answer:
            answer["causes"] = "一是执法力量仍然不足，基层执法人员专业素质有待提高"
        return answer

    _, out = run_endpoint(tmp_path, problem_as_cause, "--no-cache")
    report = report_of(out)
    assert report["shortcomings"]["causes_given"] is False  # the rules find none; the quote states none
    assert report["compliance"]["causes_given"] is False


def test_a_cause_quote_counts_by_its_sentence() -> None:
    text = "二、存在的不足和原因\n一是执法力量不足；二是普法宣传不够深入。究其原因，主要是基层编制少、培训机制不健全。\n"
    doc = Document.from_text(text, path="causes.txt")
    state, spans = GroundingState(doc), [(0, len(doc.text))]
    assert check_causes(state, "主要是基层编制少、培训机制不健全", spans) == []  # 究其原因 in its sentence
    assert check_causes(state, "一是执法力量不足", spans)
    assert check_causes(state, "存在的不足和原因", spans)  # a heading names causes, states none


# --------------------------------------------------------------------------- 8. briefing refs


def test_a_headline_stands_where_its_own_text_is_not_where_an_unrelated_ref_points(tmp_path: Path) -> None:
    def wrong_refs(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract":
            return answer
        return {
            "headline": [
                *answer["headline"],
                "全程网办率达到87.7%｜K1",
                "杉山东县获评全国法治政府建设示范县｜K1",
            ]
        }

    _, out = run_endpoint(tmp_path, wrong_refs, "--no-cache")
    report = report_of(out)
    points = {p["text"]: p for p in report["briefing"]["points"] if p["kind"] == "headline"}
    rate = points["全程网办率达到87.7%"]
    assert "87.7%" in REPORT[rate["start"] : rate["end"]], REPORT[rate["start"] : rate["end"]]
    assert rate["verified"]  # a true point, now where the source says it
    invented = points["杉山东县获评全国法治政府建设示范县"]
    assert not invented["verified"] and invented.get("start") is None and "K1" in invented["problems"][0]
    assert report["provenance"]["status"] == "degraded"
    # the delivered briefing marks the invented point on its own line (it holds no number to fail)
    line = next(li for li in (out / f"{STEM}.md").read_text("utf-8").split("\n") if "示范县" in li)
    assert "⚠ 未核实" in line
