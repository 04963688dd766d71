"""How the LLM path copes with a weak model (issue 14's eight defects, the rules floor, honest status).

Every answer here is authored: a scripted endpoint answering an invented report the way small models
were seen to answer (junk rows, prompt echoes, causes as a list, truncated tool calls reported as
``tool_calls``, a json_schema mode the server cannot serve, escaped re-asks, refused connections).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from summarizer.document import Document
from summarizer.errors import LLMError
from summarizer.llm.backend import LLMBackend
from summarizer.llm.cassette import CURRENT_CALL, completion, sdk_error
from summarizer.llm.client import StructuredLLM, TruncatedError
from summarizer.llm.fakes import ScriptedCreate, answer
from summarizer.llm.grounding import GroundingState
from summarizer.llm.responses import StageModel
from summarizer.llm.settings import LLMSettings
from summarizer.pipeline import RulesBackend, process
from summarizer.render import RENDERERS
from summarizer.runner import _status, note_of

REPORT = (
    "岚山县人民政府关于2023年度法治政府建设情况的报告\n"
    "一、主要举措和成效\n"
    "(一)深化行政执法改革。一是推行执法公示,全年公示执法信息1200条。二是开展案卷评查,评查案卷86卷。\n"
    "(二)化解矛盾纠纷。全年调解纠纷532起,调解成功率97.5%。\n"
    "二、存在的不足和原因\n"
    "一是执法力量不足;二是普法宣传不够深入。产生问题的原因主要是基层编制少、培训机制不健全。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
    "县长主持召开常务会议研究法治工作4次。县委书记带头讲授法治党课2次。\n"
    "四、2024年工作安排\n"
    "(一)加强执法队伍建设。(二)深化普法宣传。\n"
)
COMBINED = "achievements:一+shortcomings:二+first_responsible:三+plans:四"
SECRET = "sk-test-WeakModelSecret0123456789"

GOOD = {
    "measures": [
        "推行执法公示｜全年公示执法信息1200条。｜全年公示执法信息1200条",
        "开展案卷评查｜评查案卷86卷。｜评查案卷86卷",
        "化解矛盾纠纷｜全年调解纠纷532起。｜全年调解纠纷532起",
    ],
    "metrics": ["公示执法信息｜1200条｜全年公示执法信息1200条", "调解成功率｜97.5%｜调解成功率97.5%"],
    "first_responsible": [
        "研究法治工作｜县长主持召开常务会议研究法治工作4次",
        "讲授党课｜县委书记带头讲授法治党课2次",
    ],
    "shortcomings": ["执法力量不足｜执法力量不足", "普法宣传不深入｜普法宣传不够深入"],
    "causes": "产生问题的原因主要是基层编制少、培训机制不健全",
    "plans": ["加强执法队伍建设｜加强执法队伍建设", "深化普法宣传｜深化普法宣传"],
}
BRIEFING = {
    "headline": [
        "全年公示执法信息1200条｜K1",
        "评查案卷86卷｜K2",
        "全年调解纠纷532起，调解成功率97.5%｜K3,M2",
    ]
}


class Endpoint:
    """Answers by the call in flight: ``{label prefix: [answer per attempt…]}`` (the last one repeats)."""

    def __init__(self, script: dict[str, list[Any]]) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.labels: list[str] = []
        self.attempts: Counter[str] = Counter()

    def __call__(self, **kwargs: Any) -> Any:
        from openai.types.chat import ChatCompletion

        label = CURRENT_CALL.get()
        self.requests.append(json.loads(json.dumps(kwargs, default=str)))
        self.labels.append(label)
        self.attempts[label] += 1
        prefix = next((p for p in self.script if label.startswith(p)), None)
        assert prefix is not None, f"unscripted call {label}"
        answers = self.script[prefix]
        item = answers[min(self.attempts[label], len(answers)) - 1]
        if callable(item) and not isinstance(item, type):
            item = item(kwargs)
        if isinstance(item, BaseException):
            raise item
        return ChatCompletion.model_validate(item)


def tools(payload: dict[str, Any] | str, name: str = "ReportParts", **kw: Any) -> dict[str, Any]:
    return answer("tools", payload, name=name, **kw)


def run(script: dict[str, list[Any]], sleeps: list[float] | None = None, **settings: Any):
    endpoint = Endpoint(script)
    options = {"api_key": SECRET, "cache": False, "mode": "tools", "attempts": 2, **settings}
    backend = LLMBackend(
        LLMSettings(**options),
        create=endpoint,
        sleep=sleeps.append if sleeps is not None else (lambda s: None),
    )
    report = process(Document.from_text(REPORT, path="weak.txt"), backend)
    return report, endpoint, backend


def connection_refused() -> Exception:
    return sdk_error({"type": "connection"})


# --------------------------------------------------------------------------- issue 14, one test per defect


def test_1_junk_rows_of_the_last_attempt_are_dropped_and_the_report_is_not_ok() -> None:
    junk = {
        "measures": ["", "]"],
        "metrics": ["第一责任人履职"],
        "first_responsible": ["只收党政主要负责人亲自做的事"],
        "shortcomings": [""],
        "causes": "原文真正分析了原因才填",
        "plans": [
            "",
            "]",
            "每项安排一条，不收问题",
            "(三)Recall the function correctly, fix the e｜加强执法队伍建设",
        ],
    }
    report, endpoint, _ = run({COMBINED: [tools(junk)]})
    assert endpoint.attempts[COMBINED] == 3  # re-asked twice, then the lenient last attempt
    items = [*report.measures, *report.first_responsible_person.items, *report.shortcomings.items]
    items += report.plans.items
    contentless = [i for i in items if not (i.title or i.text).strip("]")]
    echoes = [i for i in items if any(e in (i.title or "") for e in ("每项安排", "只收", "Recall"))]
    assert not contentless and not echoes
    assert all(i.origin == "rules" for i in items), [i.title for i in items if i.origin != "rules"]
    rules = process(Document.from_text(REPORT, path="weak.txt"), RulesBackend()).metrics
    assert [m.origin for m in report.metrics] == ["rules"] * len(rules)
    assert report.provenance.status == "incomplete" and _status(report) == "incomplete"
    assert report.provenance.coverage["plans"].matched == 0


def test_2_an_empty_causes_never_overrides_the_rules() -> None:
    report, _, _ = run(
        {COMBINED: [tools({**GOOD, "causes": ""})], "briefing": [tools(BRIEFING, "BriefingOut")]}
    )
    assert report.shortcomings.causes_given is True and report.compliance.causes_given is True
    assert "不足的原因" not in report.briefing.markdown


def test_3_a_part_that_fails_on_refused_connections_says_so_not_the_parents_error() -> None:
    refused = [connection_refused()]
    script = {COMBINED: [tools("抱歉，无法回答。")], "achievements": refused, "shortcomings": refused}
    script |= {"first_responsible": refused, "plans": refused, "briefing": refused}
    report, endpoint, _ = run(script)
    parts = [f for f in report.provenance.fallbacks if not f.startswith("briefing")]
    assert len(parts) == 4
    assert all("transport failed" in f and "refused connection" in f for f in parts), parts
    assert not any("no valid answer" in f or "ValidationError" in f for f in parts)


def test_8_refused_connections_are_not_counted_as_requests() -> None:
    refused = [connection_refused()]
    script = {COMBINED: [tools("抱歉，无法回答。")], "achievements": refused, "shortcomings": refused}
    script |= {"first_responsible": refused, "plans": refused, "briefing": refused}
    report, endpoint, backend = run(script)
    assert len(endpoint.requests) == 3 + 4 * 2  # three answers, then two refused attempts per part
    assert report.provenance.llm_calls == 3
    assert backend.totals.requests == 3 and backend.totals.refused == 8
    assert "8 refused connection(s)" in backend.summary()


class Claim(StageModel):
    """One free-text field whose numbers must be in the source."""

    text: str

    def problems(self, state: GroundingState) -> dict[str, list[str]]:
        wrong = [n for n in ("128", "129") if n in self.text and n not in state.doc.text]
        return {"text": [f"数字“{n}”与原文不符。" for n in wrong]}


CLAIM_SOURCE = "全年受理行政复议申请126件。"


def claim_llm(
    script: list[Any], mode: str = "tools", **settings: Any
) -> tuple[StructuredLLM, ScriptedCreate]:
    fake = ScriptedCreate(script)
    options = {"api_key": SECRET, "cache": False, "mode": mode, "attempts": 4, "max_tokens": 300, **settings}
    client = StructuredLLM(
        LLMSettings(**options), create=fake, mode=mode, model="m", prompt_version="t", sleep=lambda s: None
    )
    return client, fake


def ask(client: StructuredLLM) -> Any:
    messages = [{"role": "user", "content": f"原文：{CLAIM_SOURCE}"}]
    return client.call("claim", Claim, messages, GroundingState(Document.from_text(CLAIM_SOURCE)))


def cut_tool_call(completion_tokens: int) -> dict[str, Any]:
    """What llama.cpp's server sends when a tool call hits max_tokens: finish_reason ``tool_calls``."""
    body = completion("tools", {"text": "x"}, name="Claim", model="m", completion_tokens=completion_tokens)
    body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = (
        '{"text": "全年受理行政复议申请126'
    )
    assert body["choices"][0]["finish_reason"] == "tool_calls"
    return body


@pytest.mark.parametrize("tokens", [300, 120], ids=["used-all-max-tokens", "json-cut-mid-way"])
def test_4_a_truncated_tool_call_reported_as_tool_calls_is_truncation_not_a_reask(tokens: int) -> None:
    client, fake = claim_llm([cut_tool_call(tokens)] * 3)
    with pytest.raises(TruncatedError):
        ask(client)
    assert len(fake.requests) == 1


UNSUPPORTED = {
    "status": 500,
    "body": {"error": {"code": 500, "message": "Input should be 'text' or 'json_object'"}},
}


def test_5_json_schema_unsupported_falls_back_to_json_once_and_for_the_run() -> None:
    def by_format(kwargs: dict[str, Any]) -> Any:
        if (kwargs.get("response_format") or {}).get("type") == "json_schema":
            return sdk_error(UNSUPPORTED)
        wanted = "BriefingOut" if CURRENT_CALL.get() == "briefing" else "ReportParts"
        return answer("json", BRIEFING if wanted == "BriefingOut" else GOOD, name=wanted)

    endpoint = Endpoint({"": [by_format]})
    sleeps: list[float] = []
    backend = LLMBackend(
        LLMSettings(api_key=SECRET, cache=False, mode="json_schema", attempts=4),
        create=endpoint,
        sleep=sleeps.append,
    )
    first = process(Document.from_text(REPORT, path="a.txt"), backend)
    second = process(Document.from_text(REPORT + "\n", path="b.txt"), backend)
    kinds = [(r.get("response_format") or {}).get("type") for r in endpoint.requests]
    assert kinds.count("json_schema") == 1 and sleeps == []  # not retried as transient, learnt once
    assert kinds.count("json_object") == 4  # extraction and briefing of both reports
    for report in (first, second):
        assert report.provenance.fallbacks == [] and report.provenance.mode == "json"
        assert report.provenance.status == "ok"


def with_legacy_function_call(body: dict[str, Any]) -> dict[str, Any]:
    """llama.cpp's server also returns the legacy ``function_call`` beside ``tool_calls``."""
    message = body["choices"][0]["message"]
    message["function_call"] = dict(message["tool_calls"][0]["function"])
    return body


def test_6_tools_reasks_stay_readable_and_bounded() -> None:
    wrong = with_legacy_function_call(tools({"text": "全年受理行政复议申请128件"}, name="Claim"))
    wrong_again = with_legacy_function_call(tools({"text": "全年受理行政复议申请129件"}, name="Claim"))
    right = tools({"text": "全年受理行政复议申请126件"}, name="Claim")
    client, fake = claim_llm([wrong, wrong_again, right], reasks=2)
    assert ask(client).value.text.endswith("126件")
    second, third = fake.requests[1]["messages"], fake.requests[2]["messages"]
    for messages in (second, third):
        sent = json.dumps(messages, ensure_ascii=False)
        assert "\\u" not in sent, sent[:300]  # no \uXXXX escapes for the model to imitate
        assistant = next(m for m in messages if m["role"] == "assistant")
        assert "受理行政复议申请" in assistant["tool_calls"][0]["function"]["arguments"]
        assert not assistant.get("content")  # the answer is not repeated as a JSON dump in the text
    assert len(third) == len(second)  # only the last answer and its errors travel: no growth
    assert "129" in json.dumps(third, ensure_ascii=False) and "128件" not in json.dumps(
        third, ensure_ascii=False
    )


def test_7_causes_as_a_list_is_read_not_a_failed_call() -> None:
    causes = ["产生问题的原因主要是基层编制少", "培训机制不健全"]
    report, endpoint, _ = run(
        {COMBINED: [tools({**GOOD, "causes": causes})], "briefing": [tools(BRIEFING, "BriefingOut")]}
    )
    assert endpoint.labels == [COMBINED, "briefing"]
    assert report.provenance.fallbacks == [] and report.shortcomings.causes_given is True


def _double_encoded_tool_call(payload: dict[str, Any]) -> dict[str, Any]:
    body = tools(payload)
    call = body["choices"][0]["message"]["tool_calls"][0]["function"]
    call["arguments"] = json.dumps(call["arguments"], ensure_ascii=False)  # the object as a JSON string
    return body


@pytest.mark.parametrize(
    "answer_of",
    [
        pytest.param(lambda good: tools({"result": good}), id="under-a-key-of-its-own"),
        pytest.param(lambda good: tools({"ReportParts": good}), id="under-the-schema-name"),
        pytest.param(_double_encoded_tool_call, id="as-a-json-string"),
        pytest.param(
            lambda good: tools(
                {k: [r.split("｜") for r in v] if isinstance(v, list) else v for k, v in good.items()}
            ),
            id="rows-as-lists-of-fields",
        ),
        pytest.param(lambda good: answer("json", {**good, "first_responsible": None}), id="null-for-a-list"),
    ],
)
def test_an_answer_in_a_weak_models_wrapping_is_read_at_once(answer_of: Any) -> None:
    """What the object is wrapped in is taken off: one call, no re-ask, no fallback, all items the
    model's and every number checked as ever."""
    mode = "json" if answer_of(GOOD)["choices"][0]["message"].get("content") else "tools"
    report, endpoint, _ = run(
        {COMBINED: [answer_of(GOOD)], "briefing": [answer(mode, BRIEFING, name="BriefingOut")]}, mode=mode
    )
    assert endpoint.labels == [COMBINED, "briefing"]
    assert report.provenance.fallbacks == []
    assert [m.origin for m in report.measures] == ["llm"] * 3 and report.plans.items
    assert report.verification.status == "verified"


# --------------------------------------------------------------------------- degradation is never silent


def test_a_fallback_makes_the_report_degraded_and_names_the_part() -> None:
    refusal = tools({"plans": []}, refusal="不予回答")
    script = {
        COMBINED: [tools("抱歉。")],
        "achievements": [tools({k: GOOD[k] for k in ("measures", "metrics")})],
    }
    script |= {"shortcomings": [tools({k: GOOD[k] for k in ("shortcomings", "causes")})]}
    script |= {
        "first_responsible": [tools({"first_responsible": GOOD["first_responsible"]})],
        "plans": [refusal],
    }
    script |= {"briefing": [tools(BRIEFING, "BriefingOut")]}
    report, _, _ = run(script)
    p = report.provenance
    assert p.status == "degraded" and p.fallback_sections == ["plans"] and _status(report) == "degraded"
    assert "rules fallback: plans" in note_of(report)
    assert [i.origin for i in report.plans.items] == ["rules", "rules"]


def test_no_fallback_turns_a_fallback_into_a_failure() -> None:
    refused = [connection_refused()]
    script = {COMBINED: [tools("抱歉。")], "achievements": refused, "shortcomings": refused}
    script |= {"first_responsible": refused, "plans": refused}
    with pytest.raises(LLMError, match="no-fallback"):
        run(script, fallback=False)


def test_a_key_echoed_by_the_model_reaches_no_output(tmp_path) -> None:
    key = "local-Serv3rKey-for-llama"  # not shaped like sk-…: only registration catches it
    leaky = {
        **GOOD,
        "measures": [
            f"推行执法公示｜公示执法信息，密钥{key}。｜全年公示执法信息1200条",
            *GOOD["measures"][1:],
        ],
    }
    leaky_brief = {"headline": [f"全年公示执法信息1200条，{key}｜K1", *BRIEFING["headline"][1:]]}
    report, _, _ = run(
        {COMBINED: [tools(leaky)], "briefing": [tools(leaky_brief, "BriefingOut")]},
        api_key=key,
        cache=True,
        cache_dir=tmp_path / "cache",
    )
    assert any("<REDACTED>" in m.summary for m in report.measures)
    assert (
        "&lt;REDACTED&gt;" in report.briefing.markdown
    )  # the model's briefing was used, scrubbed (and escaped)
    for fmt, render in RENDERERS.items():
        assert key not in render(report), fmt
    cached = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert cached and key.encode() not in cached
