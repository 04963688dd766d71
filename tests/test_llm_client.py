"""The structured-call machinery with scripted fakes: re-asks, leniency, retries, failures, cache, secrets."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import diskcache
import pytest

from summarizer.document import Document
from summarizer.errors import LLMError
from summarizer.llm.cache import ResponseCache, cache_key
from summarizer.llm.client import (
    ContextLengthError,
    RefusalError,
    SectionError,
    StructuredLLM,
    TruncatedError,
    bare_json,
)
from summarizer.llm.fakes import ScriptedCreate, answer, http_error, timeout_error
from summarizer.llm.grounding import GroundingState
from summarizer.llm.responses import StageModel
from summarizer.llm.settings import LLMSettings

SOURCE = "全年共受理行政复议案件126件，办结118件，调解和解结案23件。"
SECRET = "sk-test-S3cretKeyForTests0123456789"


class Claim(StageModel):
    """A one-field answer whose numbers must all be in the source (a stand-in for the real stages)."""

    text: str

    def problems(self, state: GroundingState) -> dict[str, list[str]]:
        allowed = set(re.findall(r"\d+", state.doc.text))
        wrong = [n for n in re.findall(r"\d+", self.text) if n not in allowed]
        return {"text": [f"数字“{n}”与原文不符。原文相近处：“{SOURCE[:14]}”。" for n in wrong]}


def llm(
    script: list,
    *,
    tmp_path: Path | None = None,
    mode: str = "tools",
    sleeps: list | None = None,
    **overrides,
):
    settings = LLMSettings(
        api_key=SECRET,
        mode=mode,
        reasks=overrides.pop("reasks", 2),
        attempts=overrides.pop("attempts", 4),
        cache=tmp_path is not None,
        cache_dir=tmp_path or Path("/nonexistent"),
        **overrides,
    )
    fake = ScriptedCreate(script)
    cache = ResponseCache(tmp_path) if tmp_path is not None else None
    client = StructuredLLM(
        settings,
        create=fake,
        mode=mode,
        model="fake-model",
        prompt_version="t",
        sleep=(sleeps.append if sleeps is not None else None),
        cache=cache,
    )
    return client, fake


def state() -> GroundingState:
    return GroundingState(Document.from_text(SOURCE))


MESSAGES = [{"role": "system", "content": "只依据原文作答。"}, {"role": "user", "content": f"原文：{SOURCE}"}]


def call(client: StructuredLLM):
    return client.call("test/claim", Claim, MESSAGES, state())


# --------------------------------------------------------------------------- re-asks


@pytest.mark.parametrize("mode", ["tools", "json", "md_json", "json_schema"])
def test_wrong_number_is_fixed_on_reask_and_the_reask_names_it(mode: str) -> None:
    client, fake = llm(
        [
            answer(mode, {"text": "受理127件"}, name="Claim"),
            answer(mode, {"text": "受理126件"}, name="Claim"),
        ],
        mode=mode,
    )
    result = call(client)
    assert result.value.text == "受理126件"
    assert result.problems == {}
    assert len(fake.requests) == 2
    reask = fake.requests[1]["messages"][-1]["content"]
    assert "“127”" in reask and "与原文不符" in reask and SOURCE[:14] in reask
    assert result.usage.requests == 2 and result.usage.reasks == 1
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (200, 40)  # cumulative


def test_number_never_fixed_is_kept_with_its_problem_not_dropped() -> None:
    client, fake = llm([answer("tools", {"text": "受理127件"}, name="Claim")] * 2, reasks=1)
    result = call(client)
    assert len(fake.requests) == 2
    assert result.value.text == "受理127件"
    assert "text" in result.problems and "127" in result.problems["text"][0]


def test_reasks_zero_means_one_request_and_lenient_answer() -> None:
    client, fake = llm([answer("tools", {"text": "受理999件"}, name="Claim")], reasks=0)
    result = call(client)
    assert len(fake.requests) == 1 and result.problems["text"]


def test_malformed_json_is_reasked_then_parsed() -> None:
    client, fake = llm(
        [
            answer("json", '{"text": "受理126件"', name="Claim"),
            answer("json", {"text": "受理126件"}, name="Claim"),
        ],
        mode="json",
    )
    assert call(client).value.text == "受理126件"
    assert len(fake.requests) == 2


THINKING = '<think>\n要输出JSON，形如 {"text": "…"}；原文说受理126件。\n</think>\n\n'


@pytest.mark.parametrize(
    "content",
    [
        THINKING + '{"text": "受理126件"}',
        THINKING + '```json\n{"text": "受理126件"}\n```',
        '以下是结果：\n```json\n{"text": "受理126件"}\n```\n以上数字均取自原文{1}。',
        '{"text": "受理126件"}\n（注：共1项）',
    ],
    ids=["reasoning-block", "reasoning-and-fence", "prose-around-a-fence", "note-after-the-object"],
)
@pytest.mark.parametrize("mode", ["json", "json_schema", "md_json"])
def test_json_wrapped_in_reasoning_fences_or_notes_is_read_at_once(mode: str, content: str) -> None:
    """A thinking model without a reasoning parser, or one that fences its JSON, answers the first time:
    no re-ask, and no braces of its reasoning taken for the answer."""
    client, fake = llm([answer(mode, content, name="Claim")], mode=mode)
    result = call(client)
    assert result.value.text == "受理126件" and result.problems == {}
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    ("content", "left"),
    [
        ('{"text": "受理126件"', '{"text": "受理126件"'),  # cut or malformed: re-asked as the model wrote it
        ('<think>想一想</think>\n{"text": "受理126件"', '{"text": "受理126件"'),
        ("抱歉，我无法按要求输出。", "抱歉，我无法按要求输出。"),
    ],
)
def test_what_holds_no_whole_json_keeps_its_words(content: str, left: str) -> None:
    assert bare_json(content) == left


def test_malformed_json_every_time_is_a_section_error() -> None:
    client, fake = llm([answer("json", "抱歉，我无法按要求输出。", name="Claim")] * 3, mode="json")
    with pytest.raises(SectionError, match="no valid answer after 3 attempt"):
        call(client)
    assert len(fake.requests) == 3


def test_source_with_template_syntax_is_sent_verbatim() -> None:
    text = "原文 {{ source }} 和 {% if x %} 不是模板"
    client, fake = llm([answer("tools", {"text": "好"}, name="Claim")])
    client.call("t", Claim, [{"role": "user", "content": text}], state())
    assert fake.requests[0]["messages"][0]["content"] == text


# --------------------------------------------------------------------------- transport retries


def test_429_honours_retry_after_then_succeeds() -> None:
    sleeps: list[float] = []
    client, fake = llm(
        [http_error(429, headers={"retry-after": "3"}), answer("tools", {"text": "126件"}, name="Claim")],
        sleeps=sleeps,
    )
    assert call(client).value.text == "126件"
    assert sleeps == [3.0] and len(fake.requests) == 2


def test_retry_after_ms_header_is_understood() -> None:
    sleeps: list[float] = []
    client, _ = llm(
        [
            http_error(429, headers={"retry-after-ms": "1500"}),
            answer("tools", {"text": "126件"}, name="Claim"),
        ],
        sleeps=sleeps,
    )
    call(client)
    assert sleeps == [1.5]


def test_500_and_timeout_are_retried_with_backoff() -> None:
    sleeps: list[float] = []
    script = [http_error(500), timeout_error(), answer("tools", {"text": "126件"}, name="Claim")]
    client, fake = llm(script, sleeps=sleeps)
    assert call(client).value.text == "126件"
    assert len(fake.requests) == 3 and len(sleeps) == 2 and all(0 <= s <= 30 for s in sleeps)


def test_400_is_not_retried() -> None:
    sleeps: list[float] = []
    client, fake = llm([http_error(400, {"error": {"message": "invalid tool_choice"}})], sleeps=sleeps)
    with pytest.raises(SectionError, match="bad request"):
        call(client)
    assert len(fake.requests) == 1 and sleeps == []


def test_transport_attempts_run_out() -> None:
    sleeps: list[float] = []
    client, fake = llm([http_error(503), http_error(503)], sleeps=sleeps, attempts=2)
    with pytest.raises(SectionError, match="transport failed"):
        call(client)
    assert len(fake.requests) == 2 and len(sleeps) == 1


def test_auth_error_stops_the_run_and_never_shows_the_key(caplog: pytest.LogCaptureFixture) -> None:
    body = {"error": {"message": f"Incorrect API key provided: {SECRET}", "code": "invalid_api_key"}}
    client, fake = llm([http_error(401, body)])
    with caplog.at_level(logging.DEBUG), pytest.raises(LLMError) as caught:
        call(client)
    assert not isinstance(caught.value, SectionError)
    assert len(fake.requests) == 1
    assert SECRET not in str(caught.value)
    assert SECRET not in caplog.text
    assert "REDACTED" in str(caught.value)


# --------------------------------------------------------------------------- refusals and truncation


def test_refusal_field_is_a_refusal_without_reask() -> None:
    client, fake = llm([answer("tools", {"text": "x"}, name="Claim", refusal="I can't help with that.")])
    with pytest.raises(RefusalError, match="refused"):
        call(client)
    assert len(fake.requests) == 1


def test_content_filter_finish_reason_is_a_refusal() -> None:
    client, _ = llm(
        [answer("md_json", {"text": "x"}, name="Claim", finish_reason="content_filter")], mode="md_json"
    )
    with pytest.raises(RefusalError):
        call(client)


def test_provider_moderation_400_is_a_refusal() -> None:
    body = {
        "error": {
            "message": "Input data may contain inappropriate content.",
            "code": "data_inspection_failed",
        }
    }
    client, _ = llm([http_error(400, body)])
    with pytest.raises(RefusalError):
        call(client)


def test_truncated_answer_is_its_own_error() -> None:
    client, fake = llm([answer("tools", '{"text": "受理', name="Claim", finish_reason="length")], mode="json")
    with pytest.raises(TruncatedError, match="finish_reason=length"):
        call(client)
    assert len(fake.requests) == 1


def test_context_length_error() -> None:
    body = {
        "error": {
            "message": "This model's maximum context length is 8192 tokens",
            "code": "context_length_exceeded",
        }
    }
    client, _ = llm([http_error(400, body)])
    with pytest.raises(ContextLengthError):
        call(client)


def test_failed_calls_still_report_their_usage() -> None:
    client, _ = llm([answer("json", "不是JSON", name="Claim")] * 3, mode="json")
    with pytest.raises(SectionError) as caught:
        call(client)
    assert caught.value.usage.requests == 3 and caught.value.usage.prompt_tokens == 300


# --------------------------------------------------------------------------- cache


def test_second_identical_call_makes_zero_requests(tmp_path: Path) -> None:
    client, fake = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path)
    first = call(client)
    second = call(client)
    assert len(fake.requests) == 1
    assert second.cached and second.usage.requests == 0 and second.usage.cached == 1
    assert second.value.model_dump() == first.value.model_dump()


def test_cache_is_shared_across_client_instances(tmp_path: Path) -> None:
    first, _ = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path)
    call(first)
    first.cache.close()
    second, fake = llm([], tmp_path=tmp_path)
    assert call(second).cached and fake.requests == []


def test_unverified_answer_is_cached_and_stays_unverified(tmp_path: Path) -> None:
    client, fake = llm([answer("tools", {"text": "受理127件"}, name="Claim")], tmp_path=tmp_path, reasks=0)
    assert call(client).problems
    again = call(client)
    assert again.cached and again.problems["text"] and len(fake.requests) == 1


def _key(client: StructuredLLM) -> str:
    return cache_key(
        model="fake-model",
        mode="tools",
        messages=MESSAGES,
        schema=Claim.model_json_schema(),
        params=client._params(),
        prompt_version="t",
    )


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    client, fake = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path)
    client.cache._cache.set(_key(client), "{not json")
    assert not call(client).cached
    assert len(fake.requests) == 1


def test_cached_clean_answer_that_no_longer_validates_is_a_miss(tmp_path: Path) -> None:
    client, fake = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path)
    client.cache.set(_key(client), {"value": '{"text": "受理555件"}', "clean": True, "usage": {}})
    result = call(client)
    assert not result.cached and result.value.text == "受理126件" and len(fake.requests) == 1


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def test_pickled_cache_entry_is_never_loaded(tmp_path: Path) -> None:
    client, fake = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path / "cache")
    marker = tmp_path / "unpickled"
    planted = diskcache.Cache(str(tmp_path / "cache"))  # default Disk: pickles the object
    planted.set(_key(client), _Exploit(marker))
    planted.close()
    result = call(client)
    assert not marker.exists()
    assert not result.cached and len(fake.requests) == 1


def test_cache_files_never_hold_the_key(tmp_path: Path) -> None:
    client, _ = llm([answer("tools", {"text": "受理126件"}, name="Claim")], tmp_path=tmp_path)
    call(client)
    client.cache.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert "受理126件".encode() in blob  # stored as readable JSON text …
    assert SECRET.encode() not in blob  # … and never with the key


# --------------------------------------------------------------------------- settings


def test_settings_repr_hides_the_key() -> None:
    settings = LLMSettings(api_key=SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert "REDACTED" in repr(settings)


def _call_in_child(cache_dir: str, log: str) -> None:
    import time

    def slow_create(**kwargs):
        with open(log, "a") as handle:
            handle.write("call\n")
        time.sleep(0.3)
        from openai.types.chat import ChatCompletion

        return ChatCompletion.model_validate(answer("tools", {"text": "受理126件"}, name="Claim"))

    settings = LLMSettings(mode="tools", cache_dir=Path(cache_dir))
    client = StructuredLLM(
        settings,
        create=slow_create,
        mode="tools",
        model="fake-model",
        prompt_version="t",
        cache=ResponseCache(Path(cache_dir)),
    )
    assert call(client).value.text == "受理126件"


def test_processes_sharing_a_cache_pay_for_one_call(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    log = tmp_path / "calls.log"
    workers = [
        context.Process(target=_call_in_child, args=(str(tmp_path / "cache"), str(log))) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert log.read_text().count("call") == 1
