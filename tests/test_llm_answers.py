"""Adversarial model answers on the extraction stages: a figure or an item the source does not say never
reaches an output verified, and a faithful one written another way is not refused (one test per fix).

A fake endpoint on 127.0.0.1 (``fakeserver``) answers valid rows built from the request; each test plants
its own rows into the answer (authored here, none recorded from a model) and reads the report written.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLMServer

from summarizer.cli import build_parser, request_gate, run_options
from summarizer.llm.backend import LLMBackend
from summarizer.llm.settings import LLMSettings
from summarizer.runner import run_batch

pytestmark = pytest.mark.usefixtures("offline_and_bounded")

STEM = "qingfeng"
REPORT = (
    "青枫市人民政府关于2024年度法治政府建设情况的报告\n\n"
    "2024年，青枫市深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。\n\n"
    "一、主要举措和成效\n"
    "（一）加强规范性文件管理。市政府常务会议审议规章草案十二件，组织执法人员培训12期，执法人员人均培训时长42学时，全年市本级审核规范性文件46件，全市共审核规范性文件213件，清理文件588件。\n"
    "（二）发挥行政复议作用。罚没款收入3.6亿元。全市共收到行政复议申请1,284件，受理1,196件，审结1,102件，纠错率为9.8%。\n"
    "（三）规范行政应诉。行政机关负责人出庭应诉率98%，行政诉讼案件调解和解率98%。"
    "（四）优化营商环境。建成法治文化阵地3至5个，新增市场主体8,932户，同比增长12.7%，承诺时限平均压缩65.4%。"
    "全市行政处罚案件办理1,386件，较2023年的1,512件下降8.3%。\n\n"
    "二、存在的不足和原因\n"
    "一是基层执法队伍力量不足，执法人员专业素质有待提高。二是行政复议纠错率仍然偏高。三是法治培训覆盖面仍不够广。四是部分负责人出庭应诉不出声。"
    "究其原因，主要是基层编制紧张、经费投入有限。\n\n"
    "三、2025年工作安排\n"
    "（一）加强执法队伍建设。2025年开展行政执法人员培训不少于6期。\n"
)


def run_planted(tmp_path: Path, planted: dict[str, list[Any]]) -> dict[str, Any]:
    """The report written when the model's extraction answer carries ``planted`` rows (its own metrics
    replaced by them: a figure per row, so no cap of figures drops one)."""

    def liar(stage: str, request: str, answer: dict[str, Any]) -> dict[str, Any]:
        if stage == "extract":
            for field, rows in planted.items():
                if field in answer:
                    answer[field] = [*([] if field == "metrics" else answer[field]), *rows]
        return answer

    source = tmp_path / "in" / f"{STEM}.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(REPORT, "utf-8")
    out = tmp_path / "out"
    with FakeLLMServer(liar=liar) as server:
        argv = [
            "run",
            str(source),
            "-o",
            str(out),
            "--backend",
            "llm",
            "--base-url",
            server.url,
            "--no-cache",
        ]
        args = build_parser().parse_args([*argv, "--model", "fake-model", "--mode", "tools"])
        backend = LLMBackend(
            LLMSettings.from_args(args, env={}),
            sleep=lambda seconds: time.sleep(min(seconds, 0.02)),
            gate=request_gate(args),
        )
        run_batch(run_options(args, ["json"]), backend)
    return json.loads((out / f"{STEM}.json").read_text("utf-8"))


def model_metrics(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in report["metrics"] if m["origin"] == "llm"}


def test_a_figure_answered_as_a_json_number_is_read_as_written(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                {"name": "审结行政复议案件", "value": 1102, "quote": "审结1,102件"},
                {"name": "行政复议纠错率", "value": 98, "quote": "纠错率为9.8%"},
                "清理文件｜588件｜清理文件588件",
            ]
        },
    )
    assert not any("no valid answer" in f for f in report["provenance"].get("fallbacks", []))
    metrics = model_metrics(report)
    assert metrics["审结行政复议案件"]["value"] == "1102"  # kept, judged (see the bare figures below)
    assert not metrics["行政复议纠错率"]["verified"]  # 98 is not 9.8%: checked like a text
    assert metrics["清理文件"]["verified"]  # the rest of the answer is kept


def test_a_bare_figure_is_the_count_its_quote_states_and_is_checked_as_that_claim(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "收到行政复议申请｜1,284｜全市共收到行政复议申请1,284件",  # the measure word left out
                {"name": "审结行政复议案件", "value": 1102, "quote": "审结1,102件"},  # a JSON number
                "全市收到行政复议申请｜1,196｜全市共收到行政复议申请1,284件，受理1,196件",  # another's
                "网上可办率｜9.8｜纠错率为9.8%",  # a rate's sign: not a count
                "清理文件数｜580｜清理文件588件",
                "罚没款收入｜3.6亿｜罚没款收入3.6亿元",  # 元 left out
                "罚没款｜3.6万｜罚没款收入3.6亿元",
            ]
        },
    )
    money = model_metrics(report)["罚没款收入"]
    assert money["verified"] and money["value"] == "360000000" and money["unit"] == "元"
    assert not model_metrics(report)["罚没款"]["verified"]
    metrics = model_metrics(report)
    for name, value, written in (
        ("收到行政复议申请", "1284", "1,284件"),
        ("审结行政复议案件", "1102", "1,102件"),
    ):
        metric = metrics[name]
        assert metric["verified"] and metric["value"] == value and metric["unit"] == "件", metric
        assert REPORT[metric["start"] : metric["end"]] == written
    for name in ("全市收到行政复议申请", "网上可办率", "清理文件数"):
        assert not metrics[name]["verified"], metrics[name]


def test_a_change_whose_verb_is_in_the_name_is_that_change_when_its_quote_says_so(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "行政处罚案件下降｜8.3%｜较2023年的1,512件下降8.3%",
                "市场主体增长｜12.7%｜新增市场主体8,932户，同比增长12.7%",
                "承诺时限压缩｜65.4%｜承诺时限平均压缩65.4%",
                "行政处罚案件增长｜8.3%｜较2023年的1,512件下降8.3%",  # the other way: not the quote's
            ]
        },
    )
    metrics = model_metrics(report)
    for name, direction in (("行政处罚案件下降", "down"), ("市场主体增长", "up"), ("承诺时限压缩", "down")):
        metric = metrics[name]
        assert metric["verified"] and metric["kind"] == "pct_change", metric
        assert metric["direction"] == direction
    assert metrics["行政处罚案件下降"]["value"] == "8.3"
    assert not metrics["行政处罚案件增长"]["verified"]


def test_a_figure_of_its_own_level_is_not_the_whole_place_s(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "全市审核规范性文件｜46件｜全年市本级审核规范性文件46件",  # 市本级's, named as 全市's
                "市本级审核规范性文件｜213件｜全市共审核规范性文件213件",  # and the other way
                "市本级审核规范性文件｜46件｜全年市本级审核规范性文件46件",
                "全市审核规范性文件｜213件｜全市共审核规范性文件213件",
                "审核规范性文件｜46件｜全年市本级审核规范性文件46件",  # no reach said: nothing to contradict
            ]
        },
    )
    judged = {(m["name"], m["value"]): m["verified"] for m in report["metrics"] if m["origin"] == "llm"}
    assert judged == {
        ("全市审核规范性文件", "46"): False,
        ("市本级审核规范性文件", "213"): False,
        ("市本级审核规范性文件", "46"): True,
        ("全市审核规范性文件", "213"): True,
        ("审核规范性文件", "46"): True,
    }


def test_an_item_saying_well_what_its_quote_says_falls_short_is_not_grounded(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "shortcomings": [
                "执法队伍力量充足｜基层执法队伍力量不足",  # every word pair in the quote, the sense reversed
                "经费投入充足｜主要是基层编制紧张、经费投入有限",
                "执法力量不足｜基层执法队伍力量不足",
                "复议纠错率偏高｜行政复议纠错率仍然偏高",
            ],
            "measures": ["规范文件管理到位｜审核规范性文件46件。｜全年市本级审核规范性文件46件"],
        },
    )
    items = {i["title"]: i for i in report["shortcomings"]["items"] if i["origin"] == "llm"}
    for title in ("执法队伍力量充足", "经费投入充足"):
        assert not items[title]["verified"] and "相反" in " ".join(items[title]["problems"]), items[title]
    assert items["执法力量不足"]["verified"] and items["复议纠错率偏高"]["verified"]
    measure = next(m for m in report["measures"] if m["title"] == "规范文件管理到位")
    assert measure["verified"]  # said well of what the source states no shortfall of


def test_a_range_is_no_metric_of_the_model_either(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {"metrics": ["法治文化阵地｜3至5个｜建成法治文化阵地3至5个", "清理文件｜588件｜清理文件588件"]},
    )
    assert set(model_metrics(report)) == {"清理文件"}  # (its value was written as "None")
    assert all(m["value"] != "None" for m in report["metrics"])
    assert any("range(s) of the model dropped" in n for n in report["provenance"]["fallbacks"])


def test_a_metric_is_one_figure_with_a_name(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "｜588件｜清理文件588件",  # no name (a row with an empty field, kept on the last attempt)
                "审核规范性文件｜46件、213件｜全年市本级审核规范性文件46件",  # the second figure unseen
                "受理行政复议申请｜1,196件｜受理1,196件",
            ]
        },
    )
    judged = {m["name"]: m["verified"] for m in report["metrics"] if m["origin"] == "llm"}
    assert judged == {"": False, "审核规范性文件": False, "受理行政复议申请": True}


def test_a_quote_writing_a_figure_in_other_numerals_than_the_source_is_found(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "审议规章草案｜12件｜市政府常务会议审议规章草案12件",  # the source: 十二件
                "收到行政复议申请｜1,284件｜全市共收到行政复议申请一千二百八十四件",  # the source: 1,284件
                "审议草案｜13件｜市政府常务会议审议规章草案十三件",  # another figure: not found
            ],
            "measures": ["复议申请｜收到申请1,284件。｜全市共收到行政复议申请一千二百八十四件"],
        },
    )
    metrics = model_metrics(report)
    for name, written in (("审议规章草案", "十二件"), ("收到行政复议申请", "1,284件")):
        assert metrics[name]["verified"], metrics[name]
        assert REPORT[metrics[name]["start"] : metrics[name]["end"]] == written
    assert not metrics["审议草案"]["verified"]
    measure = next(m for m in report["measures"] if m["title"] == "复议申请")
    assert (
        measure["verified"] and REPORT[measure["start"] : measure["end"]] == "全市共收到行政复议申请1,284件"
    )


def test_an_item_s_title_states_a_figure_of_its_own_quote(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "plans": [
                "培训执法人员6期以上｜2025年开展行政执法人员培训不少于6期",
                "培训执法人员12期｜2025年开展行政执法人员培训不少于6期",  # a figure of another place
            ],
            "shortcomings": ["审核文件213件｜一是基层执法队伍力量不足"],
        },
    )
    plans = {i["title"]: i for i in report["plans"]["items"] if i["origin"] == "llm"}
    assert plans["培训执法人员6期以上"]["verified"]
    borrowed = plans["培训执法人员12期"]
    assert not borrowed["verified"] and "不在它的引文" in " ".join(borrowed["problems"]), borrowed
    shortcoming = next(i for i in report["shortcomings"]["items"] if i["title"] == "审核文件213件")
    assert not shortcoming["verified"]


def test_a_figure_stated_twice_in_its_quote_is_placed_where_its_name_stands(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "调解和解率｜98%｜行政机关负责人出庭应诉率98%，行政诉讼案件调解和解率98%",
                "负责人出庭应诉率｜98%｜行政机关负责人出庭应诉率98%，行政诉讼案件调解和解率98%",
            ]
        },
    )
    metrics = model_metrics(report)
    for name in ("调解和解率", "负责人出庭应诉率"):
        metric = metrics[name]
        assert metric["verified"] and REPORT[metric["start"] - len(name) : metric["start"]] == name, metric


def test_a_figure_per_person_is_not_named_as_a_total(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "metrics": [
                "执法人员培训时长｜42学时｜执法人员人均培训时长42学时",  # 人均 dropped: a total
                "人均培训时长｜42学时｜执法人员人均培训时长42学时",
            ]
        },
    )
    judged = {name: m["verified"] for name, m in model_metrics(report).items()}
    assert judged == {"执法人员培训时长": False, "人均培训时长": True}


def test_an_item_s_last_word_negated_by_its_quote_is_not_grounded(tmp_path: Path) -> None:
    report = run_planted(
        tmp_path,
        {
            "shortcomings": [
                "培训覆盖面广｜三是法治培训覆盖面仍不够广",  # the source's 不够广, the 不够 dropped
                "培训覆盖面不够广｜三是法治培训覆盖面仍不够广",
            ],
        },
    )
    items = {i["title"]: i for i in report["shortcomings"]["items"] if i["origin"] == "llm"}
    assert not items["培训覆盖面广"]["verified"] and "相反" in " ".join(items["培训覆盖面广"]["problems"])
    assert items["培训覆盖面不够广"]["verified"]


def test_an_item_saying_something_falls_short_that_its_quote_never_names_is_not_grounded(
    tmp_path: Path,
) -> None:
    report = run_planted(
        tmp_path,
        {
            "shortcomings": [
                "出庭应诉率偏低｜四是部分负责人出庭应诉不出声",  # a rate the source judges nowhere
                "负责人出庭不出声｜四是部分负责人出庭应诉不出声",
                "执法力量薄弱｜一是基层执法队伍力量不足",  # another word for the same shortfall
            ],
        },
    )
    items = {i["title"]: i for i in report["shortcomings"]["items"] if i["origin"] == "llm"}
    assert not items["出庭应诉率偏低"]["verified"]
    assert items["负责人出庭不出声"]["verified"] and items["执法力量薄弱"]["verified"]
