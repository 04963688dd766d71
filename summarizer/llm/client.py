"""One structured LLM call: cache → (transport retries → instructor re-asks → SDK create) → validated model.

Policy lives here and only here:
- the openai client never retries (``max_retries=0``); tenacity retries transport failures — 429
  (honouring Retry-After), 5xx, timeouts, connection errors — with an injectable ``sleep``; 4xx never;
- instructor's integer ``max_retries`` re-asks on validation failures; validators read the source from
  the :data:`~summarizer.llm.grounding.GROUNDING` ContextVar (never ``context=``, which runs Jinja);
- the last allowed attempt validates *leniently*: problems are recorded, not raised, so an answer that
  re-asks could not fix is kept and marked unverified instead of being dropped;
- refusals, content filters, context-length errors and truncated output raise :class:`SectionError`,
  which the backend turns into a rules fallback for that section.
"""

from __future__ import annotations

import email.utils
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from summarizer import regexes
from summarizer.errors import CassetteMissError, LLMError
from summarizer.llm.cache import ResponseCache, cache_key
from summarizer.llm.cassette import CURRENT_CALL, request_digest
from summarizer.llm.grounding import GROUNDING, GroundingState
from summarizer.llm.secrets import scrub, scrub_exception
from summarizer.llm.settings import LLMSettings
from summarizer.ratelimit import RequestGate

MAX_RETRY_AFTER_S = 120.0  # honour a server's Retry-After up to this long
BACKOFF_MAX_S = 30.0
INSTRUCTOR_MODES = {"tools": "TOOLS", "json": "JSON", "md_json": "MD_JSON", "json_schema": "JSON_SCHEMA"}
CONTEXT_LENGTH_HINTS = ("context_length", "context length", "maximum context", "too many tokens", "too long")
# An endpoint that cannot do a mode says so in the body, sometimes with a 5xx (llama.cpp's server answers
# 500 "Input should be 'text' or 'json_object'" to a json_schema response format): no retry cures that.
UNSUPPORTED_HINTS = (
    "not supported",
    "unsupported",
    "does not support",
    "input should be 'text'",
    "'json_object'",
)
# Where a mode the endpoint cannot serve falls back to (once per run, remembered by ModeFallbacks).
NEXT_MODE = {"json_schema": "json", "tools": "md_json", "json": "md_json"}
CONTENT_FILTER_HINTS = (
    "content_filter",
    "content_policy",
    "data_inspection",
    "inappropriate",
    "sensitive",
    "moderation",
)

log = logging.getLogger(__name__)

# pydantic appends a docs URL (with its version) to every error; in a re-ask that only costs tokens and
# makes recorded requests change on upgrades. Read lazily, so this is early enough.
os.environ.setdefault("PYDANTIC_ERRORS_INCLUDE_URL", "0")
# instructor logs every failed attempt at ERROR; we classify and report the outcome ourselves
# (fallbacks in provenance, retries at INFO), so its per-attempt noise is kept off the console.
if logging.getLogger("instructor").level == logging.NOTSET:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


class SectionError(LLMError):
    """The LLM could not produce this section; the backend falls back to the rules for it."""

    def __init__(self, label: str, reason: str) -> None:
        self.label, self.reason = label, scrub(reason)
        super().__init__(f"{label}: {self.reason}")


class RefusalError(SectionError):
    """The provider refused (moderation / content filter / refusal field)."""


class TruncatedError(SectionError):
    """The answer was cut off (finish_reason=length)."""


class ContextLengthError(SectionError):
    """The request exceeded the model's context window."""


class NotACompletionError(SectionError):
    """The endpoint answered 200 with something that is not a chat completion (an HTML page, text)."""


class ModeUnsupportedError(SectionError):
    """The endpoint cannot serve this structured-output mode (e.g. no ``json_schema`` response format)."""


@dataclass
class Usage:
    """Counters for one call or accumulated over a report/run."""

    requests: int = 0  # requests the endpoint answered (replayed ones included; refused connections not)
    reasks: int = 0
    refused: int = 0  # connection attempts the endpoint refused (nothing was asked)
    cached: int = 0  # structured calls answered from the cache
    prompt_tokens: int = 0
    completion_tokens: int = 0
    chars_sent: int = 0

    def add(self, other: Usage) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CallResult:
    value: BaseModel
    problems: dict[str, list[str]]  # per JSON path of the response; non-empty only when re-asks ran out
    usage: Usage
    cached: bool = False


@dataclass
class _Conversation:
    """Per structured call: which request of the re-ask conversation is in flight."""

    state: GroundingState
    usage: Usage = field(default_factory=Usage)
    turn: int = 0


class Meter:
    """Live counters of a run, fed as requests start and end (the progress line reads them)."""

    def __init__(self) -> None:
        self.totals = Usage()
        self._lock = threading.Lock()
        self._started: dict[int, float] = {}  # request ticket → monotonic start
        self._tickets = itertools.count(1)

    def started(self) -> int:
        with self._lock:
            ticket = next(self._tickets)
            self._started[ticket] = time.monotonic()
            return ticket

    def ended(self, ticket: int, delta: Usage) -> None:
        with self._lock:
            self._started.pop(ticket, None)
            self.totals.add(delta)

    def add(self, delta: Usage) -> None:
        with self._lock:
            self.totals.add(delta)

    def waiting(self) -> float:
        """Seconds the oldest request in flight has been waiting for its answer (0 when none)."""
        with self._lock:
            oldest = min(self._started.values(), default=None)
        return 0.0 if oldest is None else time.monotonic() - oldest


class ModeFallbacks:
    """Modes the endpoint turned out not to serve, and their replacements: learnt once, kept for the run."""

    def __init__(self) -> None:
        self._replaced: dict[str, str] = {}
        self._lock = threading.Lock()

    def current(self, mode: str) -> str:
        with self._lock:
            while mode in self._replaced:
                mode = self._replaced[mode]
            return mode

    def unsupported(self, mode: str) -> str | None:
        """Record that ``mode`` does not work here; the mode to use instead (None: nothing left)."""
        with self._lock:
            if mode not in self._replaced:
                nxt = NEXT_MODE.get(mode)
                if nxt is None:
                    return None
                self._replaced[mode] = nxt
                log.warning(
                    "the endpoint does not serve %s mode; using %s for the rest of the run", mode, nxt
                )
        return self.current(mode)


def endpoint_of(base_url: str | None) -> str:
    """The host and path of the endpoint, for the cache key (never credentials or query strings)."""
    if not base_url:
        return "api.openai.com"
    parsed = urlparse(base_url)
    return f"{parsed.hostname or ''}:{parsed.port or ''}{parsed.path.rstrip('/')}"


class StructuredLLM:
    """Structured calls against one SDK ``create`` in one mode (per report in replay mode)."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        create: Callable[..., Any],
        mode: str,
        model: str,
        prompt_version: str,
        sleep: Callable[[float], None] | None = None,
        cache: ResponseCache | None = None,
        gate: RequestGate | None = None,
        meter: Meter | None = None,
        modes: ModeFallbacks | None = None,
    ) -> None:
        self.settings, self.model = settings, model
        self.prompt_version = prompt_version
        self.sleep = sleep or time.sleep
        self.cache = cache
        self.gate = gate  # shared by the batch's workers: in-flight/rpm/tpm limits, run-wide 429 pauses
        self.meter = meter  # the run's live counters (progress while a report is under way)
        self.modes = modes or ModeFallbacks()
        self._create = create
        self._conversation: _Conversation | None = None
        self._use_mode(self.modes.current(mode))

    def _use_mode(self, mode: str) -> None:
        import instructor

        self.mode = mode
        instructor_mode = getattr(instructor.Mode, INSTRUCTOR_MODES[mode])
        patched = instructor.patch(create=self._sdk_create, mode=instructor_mode)
        self._client = instructor.Instructor(client=None, create=patched, mode=instructor_mode)

    # ----------------------------------------------------------------------------------- public

    def call(
        self,
        label: str,
        response_model: type[BaseModel],
        messages: list[dict[str, Any]],
        state: GroundingState,
    ) -> CallResult:
        """The validated answer for one stage/section; raises SectionError, LLMError or CassetteMissError."""
        if self.modes.current(self.mode) != self.mode:  # another report of the run learnt it
            self._use_mode(self.modes.current(self.mode))
        try:
            return self._call_in_mode(label, response_model, messages, state)
        except ModeUnsupportedError as err:
            replacement = self.modes.unsupported(self.mode)
            if replacement is None or replacement == self.mode:
                raise
            spent = getattr(err, "usage", Usage())
            self._use_mode(replacement)
            try:
                result = self._call_in_mode(label, response_model, messages, state)
            except SectionError as again:
                again.usage = _plus(spent, getattr(again, "usage", Usage()))  # type: ignore[attr-defined]
                raise
            result.usage = _plus(spent, result.usage)
            return result

    def _call_in_mode(
        self,
        label: str,
        response_model: type[BaseModel],
        messages: list[dict[str, Any]],
        state: GroundingState,
    ) -> CallResult:
        params = self._params()
        key = cache_key(
            model=self.model,
            mode=self.mode,
            messages=messages,
            schema=response_model.model_json_schema(),
            params=params,
            prompt_version=self.prompt_version,
            endpoint=endpoint_of(self.settings.base_url),
        )
        label_token, state_token = CURRENT_CALL.set(label), GROUNDING.set(state)
        try:
            if self.cache is None:
                return self._call_live(label, response_model, messages, params, state)
            with self.cache.lock(key):
                hit = self._from_cache(key, response_model, state)
                if hit is not None:
                    return hit
                result = self._call_live(label, response_model, messages, params, state)
                self._store(key, result)
                return result
        finally:
            GROUNDING.reset(state_token)
            CURRENT_CALL.reset(label_token)

    # ----------------------------------------------------------------------------------- live calls

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"max_tokens": self.settings.max_tokens}
        if self.settings.temperature is not None:
            params["temperature"] = self.settings.temperature
        return params

    def _call_live(
        self,
        label: str,
        response_model: type[BaseModel],
        messages: list[dict[str, Any]],
        params: dict[str, Any],
        state: GroundingState,
    ) -> CallResult:
        conversation = self._conversation = _Conversation(state)
        try:
            for attempt in self._retrying():
                with attempt:
                    conversation.turn = 0  # a transport retry restarts the re-ask conversation
                    state.reset()
                    value = self._client.create(
                        model=self.model,
                        response_model=response_model,
                        messages=[dict(m) for m in messages],
                        max_retries=self.settings.reasks,
                        strict=False,
                        **params,
                    )
        except Exception as exc:  # classify: fallback, fatal, or a bug that must surface
            error = classify(exc, label, conversation.usage)
            error.usage = conversation.usage  # type: ignore[attr-defined]  # failed calls still cost tokens
            if error is exc:
                raise
            raise error from exc
        finally:
            self._conversation = None
        return CallResult(value, dict(state.problems), conversation.usage)

    def _retrying(self) -> Iterator[Any]:
        return iter(
            Retrying(
                stop=stop_after_attempt(max(1, self.settings.attempts)),
                retry=retry_if_exception(is_transient),
                wait=wait_for_retry,
                sleep=self.sleep,
                before_sleep=_log_retry,
                reraise=True,
            )
        )

    def _sdk_create(self, **kwargs: Any) -> Any:
        """What instructor calls for every request: accounting, leniency on the last turn, finish checks."""
        conversation = self._conversation
        assert conversation is not None, "SDK create called outside StructuredLLM.call"
        conversation.turn += 1
        kwargs = {**kwargs, "messages": compact_reasks(kwargs["messages"])}
        chars = request_digest(kwargs)[1]
        delta = Usage(chars_sent=chars)
        conversation.state.begin_attempt(lenient=conversation.turn >= self.settings.reasks + 1)
        ticket = self.meter.started() if self.meter is not None else 0
        try:
            response = self._send_checked(kwargs, chars)
        except Exception as exc:
            if _refused(exc):
                delta.refused = 1
            elif not isinstance(exc, CassetteMissError):
                delta.requests, delta.reasks = 1, int(conversation.turn > 1)
            raise
        else:
            delta.requests, delta.reasks = 1, int(conversation.turn > 1)
            if response.usage is not None:  # read before instructor turns it into a running total
                delta.prompt_tokens = response.usage.prompt_tokens or 0
                delta.completion_tokens = response.usage.completion_tokens or 0
        finally:
            conversation.usage.add(delta)
            if self.meter is not None:
                self.meter.ended(ticket, delta)
        bare_content(response)
        check_finish(response, CURRENT_CALL.get(), kwargs.get("max_tokens"))
        return response

    def _send_checked(self, kwargs: dict[str, Any], chars: int) -> Any:
        """A chat completion, or NotACompletionError: a proxy's HTML page is no answer, and no re-ask
        or retry of the same request will turn it into one."""
        try:
            response = self._send(kwargs, chars)
        except json.JSONDecodeError as exc:  # the SDK parses a body labelled application/json
            raise NotACompletionError(
                CURRENT_CALL.get(), f"the endpoint answered 200 but not with JSON ({exc})"
            ) from None
        if not hasattr(response, "choices") or not hasattr(response, "usage"):  # any other type: as text
            body = " ".join(str(response).split())[:80]
            raise NotACompletionError(
                CURRENT_CALL.get(), f"the endpoint answered 200 but not with a chat completion: {body!r}"
            )
        return response

    def _send(self, kwargs: dict[str, Any], chars: int) -> Any:
        """The HTTP request itself, through the batch's gate when there is one."""
        if self.gate is None:
            return self._create(**kwargs)
        ticket = self.gate.acquire(tokens=chars)  # ~1 token per character sent (see ratelimit)
        try:
            response = self._create(**kwargs)
        except Exception as exc:
            if is_throttle(exc):  # pause before releasing, so no waiting worker slips through
                waited = self.gate.pause(retry_after(exc))  # None: the gate's escalating default
                log.info("%s: rate limited; pausing every request for %.1fs", CURRENT_CALL.get(), waited)
            self.gate.release(ticket, ok=False)
            raise
        used = getattr(response, "usage", None)
        tokens = (used.prompt_tokens or 0) + (used.completion_tokens or 0) if used is not None else None
        self.gate.release(ticket, tokens=tokens or None)
        return response

    # ----------------------------------------------------------------------------------- cache

    def _from_cache(
        self, key: str, response_model: type[BaseModel], state: GroundingState
    ) -> CallResult | None:
        """A cached answer, re-validated against the source; None when absent, corrupt or now invalid."""
        assert self.cache is not None
        entry = self.cache.get(key)
        if entry is None:
            return None
        clean = entry.get("clean") is True
        state.reset()
        state.begin_attempt(lenient=not clean)
        try:
            value = response_model.model_validate_json(entry["value"], strict=False)
        except (KeyError, TypeError, ValueError, ValidationError) as exc:
            log.warning(
                "cached answer for %s no longer validates (%s); calling the model",
                CURRENT_CALL.get(),
                exc.__class__.__name__,
            )
            self.cache.delete(key)
            return None
        usage = Usage(cached=1)
        return CallResult(value, dict(state.problems), usage, cached=True)

    def _store(self, key: str, result: CallResult) -> None:
        assert self.cache is not None
        entry = {
            "value": scrub(result.value.model_dump_json()),  # a key the model echoed never reaches the disk
            "clean": not result.problems,
            "usage": {
                "prompt_tokens": result.usage.prompt_tokens,
                "completion_tokens": result.usage.completion_tokens,
            },
            "model": self.model,
            "mode": self.mode,
        }
        self.cache.set(key, entry)


# --------------------------------------------------------------------------- answers in the content

# A thinking model served without a reasoning parser (Qwen3 or a DeepSeek-R1 distill on Ollama, vLLM or
# llama.cpp) writes its reasoning into the answer, before the JSON; and models fence their JSON, or add a
# sentence after it, where JSON mode asks for the object alone. instructor's JSON modes parse the content
# as it is, so each such answer failed, its re-asks too (the model does it again), and the section fell
# back to the rules. What surrounds the answer is taken off before instructor reads it.
REASONING_BLOCK = regexes.compile(r"(?s)\A\s*<(think|thinking|reasoning)>.*?</\1>\s*")
FENCED_JSON = regexes.compile(r"(?s)```(?:json|JSON)?[ \t]*\n(.*?)\n[ \t]*```")


def bare_content(response: Any) -> None:
    """Leave only the JSON in a content answer (tool calls are read elsewhere and left alone)."""
    for choice in getattr(response, "choices", None) or []:
        message = getattr(choice, "message", None)
        if message is not None and isinstance(message.content, str):
            message.content = bare_json(message.content)


def bare_json(content: str) -> str:
    """The JSON a content answer holds, without a leading reasoning block, a fence or a trailing note.
    JSON that does not parse is kept whole (re-asked as written, or seen as cut off by check_finish);
    an answer with no JSON at all is left as it was."""
    text = REASONING_BLOCK.sub("", content, count=1).strip()
    if not text.startswith(("{", "[")) and (fenced := FENCED_JSON.search(text)):
        text = fenced.group(1).strip()
    try:
        _value, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return text if text.startswith(("{", "[")) else content
    return text[:end]


# --------------------------------------------------------------------------- finish reasons


def check_finish(response: Any, label: str, max_tokens: int | None = None) -> None:
    """Refusals and truncation are not parse errors: re-asking will not help, so stop here.

    Truncation is not always reported as ``finish_reason=length``: llama.cpp's server says
    ``tool_calls`` for a tool call cut at max_tokens. So an answer that used the whole token budget, or
    a tool call whose JSON stops mid-way, counts as truncated.
    """
    choices = getattr(response, "choices", None) or []
    if not choices:
        return
    choice = choices[0]
    refusal = getattr(choice.message, "refusal", None) if choice.message is not None else None
    if refusal or choice.finish_reason == "content_filter":
        raise RefusalError(
            label, f"the provider refused ({choice.finish_reason}): {refusal or 'content filter'}"
        )
    if choice.finish_reason == "length":
        raise TruncatedError(label, "the answer was cut off at max_tokens (finish_reason=length)")
    used = getattr(getattr(response, "usage", None), "completion_tokens", None)
    if max_tokens and used is not None and used >= max_tokens:
        raise TruncatedError(
            label, f"the answer used all {max_tokens} tokens (finish_reason={choice.finish_reason}): cut off"
        )
    # a model that *stopped* on malformed JSON is re-asked; one cut off by the server is not
    if choice.finish_reason != "stop" and any(_cut_json(text) for text in _answer_texts(choice.message)):
        raise TruncatedError(label, f"the answer's JSON stops mid-way (finish_reason={choice.finish_reason})")


def _answer_texts(message: Any) -> list[str]:
    """The JSON texts of an answer: tool-call arguments (and legacy function_call), or the content."""
    if message is None:
        return []
    calls = [c.function.arguments for c in (message.tool_calls or []) if getattr(c, "function", None)]
    legacy = getattr(message, "function_call", None)
    if legacy is not None and getattr(legacy, "arguments", None):
        calls.append(legacy.arguments)
    if calls:
        return [c for c in calls if isinstance(c, str)]
    content = (message.content or "").strip()
    if content.startswith("```"):
        content = content.split("\n", 1)[-1] if "\n" in content else ""
        if "```" in content:  # a closed fence: the answer ended normally
            return []
    return [content] if content.startswith("{") else []


def _cut_json(text: str) -> bool:
    """JSON that is malformed only because it ends too early (an unterminated string, array or object)."""
    text = text.rstrip()
    if not text:
        return False
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        unterminated = err.msg.startswith("Unterminated string")  # reported where the string began
        return unterminated or (err.pos >= len(text) - 1 and not text.endswith("}"))
    return False


def compact_reasks(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of a re-ask, bounded and readable.

    instructor appends every failed answer and its errors, so the prompt grows with each re-ask; only
    the last answer and its errors matter, so earlier turns are dropped. Its tools-mode re-ask also
    appends ``json.dumps`` of a legacy ``function_call`` (with ``\\uXXXX`` escapes) to the assistant
    text: small models then answer in escapes. The tool call's arguments are re-encoded as compact
    JSON with the characters as written, and the duplicate dump is removed.
    """
    assistants = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
    if not assistants:
        return messages
    kept = messages[: assistants[0]] + messages[assistants[-1] :]
    return [_readable(m) if m.get("role") == "assistant" else m for m in kept]


def _readable(message: dict[str, Any]) -> dict[str, Any]:
    calls = message.get("tool_calls")
    if not calls:
        return message
    fixed = []
    for call in calls:
        function = dict(call.get("function") or {})
        function["arguments"] = _plain_json(function.get("arguments", ""))
        fixed.append({**call, "function": function})
    return {**message, "content": "", "tool_calls": fixed}


def _plain_json(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return text


# --------------------------------------------------------------------------- transport policy


def http_client(timeout: float) -> Any:
    """The SDK's HTTP client with a deadline on the whole request as well as on each read.

    ``timeout`` bounds each read; a server that sends its headers and then trickles the body a byte at
    a time never lets one read wait that long, so the request would never end. The deadline stops it
    ``timeout`` seconds after it was sent (``--timeout`` is seconds per request), and the request counts
    as a timeout like any other: the SDK reports ``APITimeoutError``, which tenacity retries.
    """
    import httpx2
    from openai import DefaultHttpxClient

    class DeadlineStream(httpx2.SyncByteStream):
        def __init__(self, stream: Any, request: Any, deadline: float) -> None:
            self.stream, self.request, self.deadline = stream, request, deadline

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.stream:
                if time.monotonic() > self.deadline:
                    raise httpx2.ReadTimeout(
                        f"the answer took longer than {timeout:g}s to arrive", request=self.request
                    )
                yield chunk

        def close(self) -> None:
            self.stream.close()

    class DeadlineClient(DefaultHttpxClient):  # type: ignore[misc, valid-type]
        def send(self, request: Any, *, stream: bool = False, **kwargs: Any) -> Any:
            deadline = time.monotonic() + timeout
            response = super().send(request, stream=True, **kwargs)
            response.stream = DeadlineStream(response.stream, request, deadline)
            if not stream:
                try:
                    response.read()
                except BaseException:
                    response.close()
                    raise
            return response

    return DeadlineClient(timeout=timeout)


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


def _transient_types() -> tuple[type[BaseException], ...]:
    import openai

    return (
        openai.RateLimitError,
        openai.APITimeoutError,
        openai.APIConnectionError,
        openai.InternalServerError,
        openai.ConflictError,
    )


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: 429, 5xx, 409, timeouts and connection errors — never other 4xx, never a miss."""
    transient = _transient_types()
    for err in _chain(exc):
        if isinstance(err, (CassetteMissError, SectionError)) or _is_vcr_miss(err) or _mode_unsupported(err):
            return False
        if isinstance(err, transient):
            return True
    return False


def _refused(exc: BaseException) -> bool:
    """The connection was refused: nothing reached the endpoint (a timeout may have)."""
    import openai

    return isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError)


def _mode_unsupported(err: BaseException) -> bool:
    """A 400/5xx whose body says the request's structured-output mode cannot be served."""
    import openai

    if not isinstance(err, openai.APIStatusError) or not (err.status_code == 400 or err.status_code >= 500):
        return False
    text = f"{err} {getattr(err, 'body', '') or ''}".lower()
    return any(hint in text for hint in UNSUPPORTED_HINTS)


def _plus(a: Usage, b: Usage) -> Usage:
    total = Usage()
    total.add(a)
    total.add(b)
    return total


def _is_vcr_miss(err: BaseException) -> bool:
    """vcrpy reports an unmatched request as a connection error caused by this; it is never transient."""
    return type(err).__name__ == "CannotOverwriteExistingCassetteException"


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if any."""
    for err in _chain(exc):
        response = getattr(err, "response", None)
        headers = getattr(response, "headers", None)
        if not headers:
            continue
        if (ms := headers.get("retry-after-ms")) is not None:
            try:
                return max(0.0, float(ms) / 1000)
            except ValueError:
                pass
        if (value := headers.get("retry-after")) is not None:
            return _parse_retry_after(value)
    return None


def _parse_retry_after(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_throttle(exc: BaseException) -> bool:
    """The endpoint asked the *account* to slow down: a 429, or a transient error with Retry-After
    (a 503 with Retry-After speaks for the endpoint, not for one request)."""
    import openai

    if any(isinstance(err, openai.RateLimitError) for err in _chain(exc)):
        return True
    return retry_after(exc) is not None and is_transient(exc)


_backoff = wait_random_exponential(multiplier=1, max=BACKOFF_MAX_S)


def wait_for_retry(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    asked = retry_after(exc)
    if asked is not None:
        return min(asked, MAX_RETRY_AFTER_S)
    return _backoff(state)


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0
    log.info(
        "%s: transient error (%s); retry %d in %.1fs",
        CURRENT_CALL.get(),
        _root_summary(exc),
        state.attempt_number,
        wait,
    )


def _root_summary(exc: BaseException | None) -> str:
    innermost = list(_chain(exc))[-1] if exc else None
    return scrub_exception(innermost) if innermost else "unknown error"


# --------------------------------------------------------------------------- classification


def classify(exc: BaseException, label: str, usage: Usage) -> BaseException:
    """Turn whatever the SDK/instructor raised into SectionError (fall back), LLMError (stop) or itself (bug)."""
    import openai
    from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

    chain = list(_chain(exc))
    for err in chain:
        if isinstance(err, (CassetteMissError, SectionError)):
            return err
        if _is_vcr_miss(err):
            return CassetteMissError(
                f"{label}: the HTTP cassette has no matching request ({_first_line(err)})"
            )
        if isinstance(err, LLMError):
            return err
    for err in chain:
        if _mode_unsupported(err):
            return ModeUnsupportedError(
                label, f"the endpoint does not serve this mode: {scrub_exception(err)}"
            )
        if isinstance(err, (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError)):
            return LLMError(
                f"{label}: the endpoint rejected the request ({scrub_exception(err)}); check the key, base URL and model"
            )
        if isinstance(err, openai.BadRequestError):
            return _bad_request(err, label)
        if isinstance(err, _transient_types()):
            refused = f" and {usage.refused} refused connection(s)" if usage.refused else ""
            return SectionError(
                label, f"transport failed after {usage.requests} request(s){refused}: {scrub_exception(err)}"
            )
        if isinstance(err, openai.APIStatusError):
            return SectionError(label, f"the endpoint answered {err.status_code}: {scrub_exception(err)}")
        if isinstance(err, IncompleteOutputException):
            return TruncatedError(label, "the answer was cut off at max_tokens (finish_reason=length)")
    retry = next((e for e in chain if isinstance(e, InstructorRetryException)), None)
    innermost = chain[-1]
    if retry is not None and _is_parse_error(innermost):
        return SectionError(
            label, f"no valid answer after {retry.n_attempts} attempt(s): {_first_line(innermost)}"
        )
    if isinstance(innermost, AssertionError) and "Unable to generate a response" in str(innermost):
        return RefusalError(label, f"the provider refused: {_first_line(innermost)}")
    return innermost if innermost is not exc else exc


def _bad_request(err: Any, label: str) -> SectionError:
    text = f"{getattr(err, 'code', '') or ''} {err}".lower()
    if any(hint in text for hint in CONTEXT_LENGTH_HINTS):
        return ContextLengthError(
            label, f"the section is too long for the model's context window ({scrub_exception(err)})"
        )
    if any(hint in text for hint in CONTENT_FILTER_HINTS):
        return RefusalError(
            label, f"the provider's content filter rejected the request ({scrub_exception(err)})"
        )
    return SectionError(label, f"bad request (400, not retried): {scrub_exception(err)}")


def _is_parse_error(err: BaseException) -> bool:
    from instructor.core.exceptions import ResponseParsingError

    return isinstance(err, (ValidationError, json.JSONDecodeError, ResponseParsingError, ValueError))


def _first_line(err: BaseException) -> str:
    text = scrub(str(err)).strip().splitlines()
    return f"{err.__class__.__name__}: {' '.join(text[:3])[:300]}"
