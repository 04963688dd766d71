"""Scripted stand-ins for the SDK ``create`` (tests and benchmarks; never used on a real run).

``ScriptedCreate`` answers each request with the next scripted item: a chat-completion body (dict),
a ready ``ChatCompletion``, an exception instance to raise, or a callable ``(kwargs) -> any of those``.
Every request is kept (deep-copied: instructor mutates ``messages`` on re-asks) for assertions.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from summarizer.llm.cassette import CURRENT_CALL, completion, request_digest, sdk_error


class ScriptExhausted(AssertionError):
    """The code made more requests than the test scripted."""


class ScriptedCreate:
    def __init__(self, script: Iterable[Any] = ()) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self.labels: list[str] = []

    def __call__(self, **kwargs: Any) -> Any:
        from openai.types.chat import ChatCompletion

        self.requests.append(copy.deepcopy(kwargs))
        self.labels.append(CURRENT_CALL.get())
        if not self.script:
            raise ScriptExhausted(f"unscripted request #{len(self.requests)} for {CURRENT_CALL.get()}")
        item = self.script.pop(0)
        if callable(item) and not isinstance(item, type):
            item = item(kwargs)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, dict):
            return ChatCompletion.model_validate(item)
        return item

    @property
    def chars_sent(self) -> int:
        return sum(request_digest(r)[1] for r in self.requests)


def answer(
    mode: str,
    payload: dict[str, Any] | str,
    *,
    name: str = "ReportParts",
    model: str = "fake-model",
    **kw: Any,
) -> dict[str, Any]:
    """A completion body for ``payload`` in ``mode`` (tokens default to 100 prompt / 20 completion)."""
    kw.setdefault("prompt_tokens", 100)
    kw.setdefault("completion_tokens", 20)
    return completion(mode, payload, name=name, model=model, **kw)


def http_error(
    status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> Exception:
    """The openai exception for an HTTP status (429 with ``{"retry-after": "3"}`` …)."""
    return sdk_error(
        {"status": status, "headers": headers or {}, "body": body or {"error": {"message": "error"}}}
    )


def timeout_error() -> Exception:
    return sdk_error({"type": "timeout"})
