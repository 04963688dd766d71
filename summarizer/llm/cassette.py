"""Record/replay of chat completions at the SDK-call boundary, as readable JSON files in ``cassettes/``.

A cassette holds the completions for one report. Interactions are keyed by *what was asked*, not by a
hash of the request: ``<stage>/<section>#<attempt>``, e.g. ``achievements/(二)深化行政执法改革#2`` is
the second request (the first re-ask) for that subsection. Prompt or schema edits therefore never
invalidate a cassette; each interaction also stores ``request_sha256`` so a replay can report which
requests drifted since recording (``summarizer cassettes check``). No credentials are ever written:
the request itself is not stored, only its digest and size.

Error interactions (``"error": {"status": 429, "headers": {"retry-after": "2"}}``) replay as the
matching openai exception, so transport failures can be scripted too.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import CassetteMissError
from summarizer.io import write_atomic
from summarizer.llm.secrets import scrub

FORMAT = 1
AUTHORED_NOTE = (
    "Authored by hand in the exact OpenAI chat-completions response format (not recorded from a live "
    "model). Keys are <stage>/<section>#<attempt>; request_sha256 only reports drift."
)
RECORD_HINT = (
    "re-record with `SUMMARIZER_RECORD=1 summarizer run --backend llm {path}` (or `--record`) against a live "
    "endpoint, or add the interaction to the cassette by hand"
)
IGNORED_REQUEST_KEYS = ("timeout", "extra_headers", "extra_body")

# The stage/section of the SDK call in flight; set by the client around each structured call.
CURRENT_CALL: ContextVar[str] = ContextVar("CURRENT_CALL", default="unlabelled")

log = logging.getLogger(__name__)


def request_digest(kwargs: dict[str, Any]) -> tuple[str, int]:
    """sha256 and character count of the request as sent (model, messages, tools/response_format …)."""
    body = {k: v for k, v in kwargs.items() if k not in IGNORED_REQUEST_KEYS}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text)


@dataclass
class Cassette:
    path: Path
    data: dict[str, Any]
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {item["key"]: item for item in self.data.get("interactions", [])}

    @classmethod
    def load(cls, path: Path) -> Cassette:
        data = json.loads(path.read_text("utf-8"))
        if data.get("cassette") != FORMAT:
            raise CassetteMissError(f"{path}: not a summarizer cassette (format {data.get('cassette')!r})")
        return cls(path, data)

    @classmethod
    def new(
        cls, path: Path, *, source: dict[str, str], model: str, mode: str, prompt_version: str
    ) -> Cassette:
        data = {
            "cassette": FORMAT,
            "authored": False,
            "note": "Recorded from a live endpoint at the SDK-call boundary; credentials are never stored.",
            "source": source,
            "model": model,
            "mode": mode,
            "prompt_version": prompt_version,
            "interactions": [],
        }
        return cls(path, data)

    @property
    def mode(self) -> str:
        return self.data["mode"]

    @property
    def model(self) -> str:
        return self.data["model"]

    @property
    def keys(self) -> list[str]:
        return list(self._index)

    def get(self, key: str) -> dict[str, Any] | None:
        return self._index.get(key)

    def add(self, interaction: dict[str, Any]) -> None:
        if interaction["key"] in self._index:
            self.data["interactions"] = [
                i for i in self.data["interactions"] if i["key"] != interaction["key"]
            ]
        self.data["interactions"].append(interaction)
        self._index[interaction["key"]] = interaction

    def save(self) -> None:
        write_atomic(self.path, scrub(json.dumps(self.data, ensure_ascii=False, indent=2)) + "\n")


def interaction_key(label: str, attempt: int) -> str:
    return f"{label}#{attempt}"


@dataclass
class CassetteLibrary:
    """The cassettes of a directory, found by the report's sha256 (or, failing that, its file name)."""

    directory: Path

    def find(self, sha256: str, name: str) -> Cassette | None:
        by_name = None
        for path in sorted(self.directory.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
            except ValueError:
                continue
            source = data.get("source", {}) if isinstance(data, dict) else {}
            if data.get("cassette") != FORMAT:
                continue
            if sha256 and source.get("sha256") == sha256:
                return Cassette(path, data)
            if name and source.get("name") == name:
                by_name = Cassette(path, data)
        if by_name is not None:
            log.warning(
                "cassette %s matched by file name only: the report text changed since recording", by_name.path
            )
        return by_name

    def require(self, sha256: str, name: str, path_hint: str) -> Cassette:
        cassette = self.find(sha256, name)
        if cassette is None:
            raise CassetteMissError(
                f"no cassette for {path_hint} (sha256 {sha256[:12]}) in {self.directory}; "
                + RECORD_HINT.format(path=path_hint)
            )
        return cassette

    def path_for(self, name: str, sha256: str = "") -> Path:
        """Where to record a report: ``<stem>.json``, or ``<stem>-<sha8>.json`` when that name is
        taken by another report's cassette (two report.txt from different folders, stdin)."""
        stem = Path(name).stem or "stdin"
        path = self.directory / f"{stem}.json"
        if path.exists() and sha256:
            try:
                recorded = json.loads(path.read_text("utf-8")).get("source", {}).get("sha256")
            except (OSError, ValueError, AttributeError):
                recorded = None
            if recorded and recorded != sha256:
                path = self.directory / f"{stem}-{sha256[:8]}.json"
        return path


class ReplayCreate:
    """An SDK ``create`` that answers from a cassette and never touches the network."""

    def __init__(
        self, cassette: Cassette, *, source_path: str = "-", drift_log: list[str] | None = None
    ) -> None:
        self.cassette = cassette
        self.source_path = source_path
        self.attempts: Counter[str] = Counter()
        self.drift: list[str] = []
        self.drift_log = drift_log  # a run-wide list that also receives "<file>: <key>" per drifted request
        self.used: set[str] = set()
        self.current_digests: dict[str, str] = {}

    def __call__(self, **kwargs: Any) -> Any:
        label = CURRENT_CALL.get()
        self.attempts[label] += 1
        key = interaction_key(label, self.attempts[label])
        interaction = self.cassette.get(key)
        if interaction is None:
            raise CassetteMissError(self._miss_message(key))
        self.used.add(key)
        digest, _ = request_digest(kwargs)
        self.current_digests[key] = digest
        if interaction.get("request_sha256") not in (None, digest):
            self.drift.append(key)
            if self.drift_log is not None:
                self.drift_log.append(f"{self.cassette.path.name}: {key}")
        return replay_interaction(interaction)

    def _miss_message(self, key: str) -> str:
        near = [k for k in self.cassette.keys if k.split("#")[0] == key.split("#")[0]]
        known = near or self.cassette.keys[:8]
        return (
            f"cassette {self.cassette.path.name} has no recorded response for {key}; "
            + RECORD_HINT.format(path=self.source_path)
            + f". Recorded keys{' for this section' if near else ''}: {', '.join(known) or '(none)'}"
        )

    def unused(self) -> list[str]:
        return [k for k in self.cassette.keys if k not in self.used]


class RecordingCreate:
    """Wraps a live ``create``: every completion (or transport error) is appended to the cassette."""

    def __init__(self, cassette: Cassette, real_create: Callable[..., Any]) -> None:
        self.cassette = cassette
        self.real_create = real_create
        self.attempts: Counter[str] = Counter()

    def __call__(self, **kwargs: Any) -> Any:
        label = CURRENT_CALL.get()
        self.attempts[label] += 1
        digest, chars = request_digest(kwargs)  # before the call: re-asks mutate messages later
        interaction: dict[str, Any] = {
            "key": interaction_key(label, self.attempts[label]),
            "request_sha256": digest,
            "request_chars": chars,
        }
        try:
            response = self.real_create(**kwargs)
        except Exception as exc:
            error = error_record(exc)
            if error is not None:
                self.cassette.add({**interaction, "error": error})
                self.cassette.save()
            raise
        self.cassette.add({**interaction, "response": response.model_dump(mode="json", exclude_unset=True)})
        self.cassette.save()
        return response


# --------------------------------------------------------------------------- errors on tape


def error_record(exc: Exception) -> dict[str, Any] | None:
    """A replayable description of an SDK error (status, retry headers, body), scrubbed."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return {"type": "timeout"}
    if isinstance(exc, openai.APIConnectionError):
        return {"type": "connection"}
    if isinstance(exc, openai.APIStatusError):
        headers = {
            k: v for k, v in exc.response.headers.items() if k.lower() in ("retry-after", "retry-after-ms")
        }
        body = json.loads(scrub(json.dumps(exc.body, ensure_ascii=False))) if exc.body is not None else None
        return {"status": exc.status_code, "headers": headers, "body": body}
    return None


def replay_interaction(interaction: dict[str, Any]) -> Any:
    from openai.types.chat import ChatCompletion

    if "error" in interaction:
        raise sdk_error(interaction["error"])
    return ChatCompletion.model_validate(interaction["response"])


def sdk_error(error: dict[str, Any]) -> Exception:
    """The openai exception a recorded error stands for."""
    import httpx2
    import openai

    request = httpx2.Request("POST", "https://replay.invalid/v1/chat/completions")
    if error.get("type") == "timeout":
        return openai.APITimeoutError(request=request)
    if error.get("type") == "connection":
        return openai.APIConnectionError(request=request)
    status = int(error["status"])
    body = error.get("body")
    response = httpx2.Response(status, headers=error.get("headers", {}), json=body, request=request)
    data = body.get("error", body) if isinstance(body, dict) else body
    message = f"Error code: {status} - {json.dumps(body, ensure_ascii=False)}"
    classes = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        403: openai.PermissionDeniedError,
        404: openai.NotFoundError,
        409: openai.ConflictError,
        422: openai.UnprocessableEntityError,
        429: openai.RateLimitError,
    }
    cls = classes.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return cls(message, response=response, body=data)


# --------------------------------------------------------------------------- authoring helpers


def completion(
    mode: str,
    payload: dict[str, Any] | str,
    *,
    name: str,
    model: str,
    finish_reason: str | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    refusal: str | None = None,
    call_id: str = "call_1",
) -> dict[str, Any]:
    """A chat-completion response body as the wire carries it, for authoring cassettes and fakes.

    ``payload`` is the structured answer (a dict) or raw assistant text (a str, e.g. malformed JSON).
    In tools mode a dict becomes a forced tool call; otherwise the text is the message content
    (fenced as a ```json block in md_json mode, as models answer there).
    """
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if refusal is not None:
        message["refusal"] = refusal
    elif mode == "tools" and not isinstance(payload, str):
        message["tool_calls"] = [
            {"id": call_id, "type": "function", "function": {"name": name, "arguments": text}}
        ]
    elif mode == "md_json" and not isinstance(payload, str):
        message["content"] = f"```json\n{text}\n```"
    else:
        message["content"] = text
    if finish_reason is None:
        finish_reason = "tool_calls" if "tool_calls" in message else "stop"
    return {
        "id": f"chatcmpl-{hashlib.sha256(text.encode()).hexdigest()[:16]}",
        "object": "chat.completion",
        "created": 1735689600,  # fixed, so authored files do not churn
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
