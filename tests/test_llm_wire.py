"""HTTP-level cassettes (vcrpy) pin the chat-completions wire format of every supported mode.

The YAML files in cassettes/wire/ are authored; replay runs through the real openai client (httpx2) with
the network blocked. Requests match on method, URL and body *shape*, so prompt wording can change
without re-authoring, while the keys that make a mode work (tools/tool_choice, response_format, the
JSON instructions) are pinned.
"""

from __future__ import annotations

import json
from pathlib import Path

import openai
import pytest
import vcr

from summarizer.document import Document
from summarizer.errors import CassetteMissError
from summarizer.llm.client import StructuredLLM
from summarizer.llm.grounding import GroundingState
from summarizer.llm.prompts import load_prompts
from summarizer.llm.responses import extraction_model
from summarizer.llm.settings import LLMSettings

WIRE = Path(__file__).resolve().parent.parent / "cassettes" / "wire"
TEXT = "四、2025年工作安排\n(一)深化行政执法改革。全面推行行政执法公示制度。\n(二)加强法治宣传教育。开展以案释法活动。"
SECRET = "sk-test-WireSecret0123456789"


def body_shape(sent: vcr.request.Request, recorded: vcr.request.Request) -> None:
    a, b = json.loads(sent.body), json.loads(recorded.body)
    assert sorted(a) == sorted(b), f"body keys differ: {sorted(a)} vs {sorted(b)}"
    assert a.get("tool_choice") == b.get("tool_choice")
    assert (a.get("response_format") or {}).get("type") == (b.get("response_format") or {}).get("type")
    assert [m["role"] for m in a["messages"]] == [m["role"] for m in b["messages"]]


def replayer() -> vcr.VCR:
    recorder = vcr.VCR(
        record_mode="none", match_on=["method", "scheme", "host", "port", "path", "body_shape"]
    )
    recorder.register_matcher("body_shape", body_shape)
    return recorder


def run(mode: str):
    prompts = load_prompts()
    messages = prompts.messages(
        "extract", issuer="澜州市", notes=prompts.stages["plans"], text="【下一年度安排】\n" + TEXT
    )
    client = openai.OpenAI(api_key=SECRET, base_url="https://llm.example.test/v1", max_retries=0)
    settings = LLMSettings(mode=mode, model="deepseek-chat", cache=False, attempts=1)
    llm = StructuredLLM(
        settings, create=client.chat.completions.create, mode=mode, model="deepseek-chat", prompt_version="1"
    )
    state = GroundingState(Document.from_text(TEXT), spans={"plans": [(0, len(TEXT))]})
    with replayer().use_cassette(str(WIRE / f"{mode}.yaml")) as tape:
        result = llm.call("plans:四", extraction_model(("plans",)), messages, state)
        sent = json.loads(tape.requests[0].body)
        assert tape.play_count == 1
    return result, sent, tape.requests[0]


@pytest.mark.parametrize("mode", ["tools", "json", "md_json", "json_schema"])
def test_mode_round_trips_through_the_wire(mode: str) -> None:
    result, sent, _ = run(mode)
    assert [item.title for item in result.value.plans] == ["深化行政执法改革", "加强法治宣传教育"]
    assert result.problems == {}
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (412, 58)
    assert sent["model"] == "deepseek-chat" and sent["max_tokens"] == 4096 and sent["temperature"] == 0.0


def test_tools_mode_forces_the_named_tool() -> None:
    _, sent, _ = run("tools")
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "ReportParts"}}
    parameters = sent["tools"][0]["function"]["parameters"]
    assert "plans" in parameters["properties"] and "title" not in parameters


def test_json_modes_put_the_schema_in_the_prompt() -> None:
    _, sent, _ = run("json")
    assert sent["response_format"] == {"type": "json_object"}
    assert (
        "json_schema" in sent["messages"][0]["content"]
        and "【下一年度安排】" in sent["messages"][0]["content"]
    )
    _, sent, _ = run("md_json")
    assert "response_format" not in sent and "```json" in sent["messages"][-1]["content"]


def test_json_schema_mode_sends_the_schema_as_response_format() -> None:
    _, sent, _ = run("json_schema")
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "ReportParts"


def test_no_credentials_on_tape() -> None:
    for path in WIRE.glob("*.yaml"):
        text = path.read_text("utf-8")
        assert "sk-" not in text and "Authored by hand" in text
    _, _, recorded = run("tools")
    assert recorded.headers["authorization"] == "Bearer <REDACTED>"


def test_a_request_of_another_shape_is_not_replayed() -> None:
    prompts = load_prompts()
    messages = prompts.messages("extract", issuer="", notes="", text=TEXT)
    client = openai.OpenAI(api_key=SECRET, base_url="https://llm.example.test/v1", max_retries=0)
    settings = LLMSettings(mode="json", cache=False, attempts=1)
    llm = StructuredLLM(
        settings,
        create=client.chat.completions.create,
        mode="json",
        model="deepseek-chat",
        prompt_version="1",
    )
    state = GroundingState(Document.from_text(TEXT), spans={"plans": [(0, len(TEXT))]})
    with (
        replayer().use_cassette(str(WIRE / "tools.yaml")),
        pytest.raises(CassetteMissError, match="HTTP cassette"),
    ):
        llm.call("plans:四", extraction_model(("plans",)), messages, state)
