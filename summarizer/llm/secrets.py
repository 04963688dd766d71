"""Keep API keys out of everything we write: logs, error messages, cache entries and cassettes.

Keys are registered when settings are built; :func:`scrub` replaces them (and anything that looks like a
bearer token or an ``sk-…`` key) wherever text leaves the process. A model's answer is scrubbed as it
arrives (:func:`scrubbing`), before it is parsed, so an endpoint that echoes the key never gets it into
a value, a problem message, the cache or a cassette.

An echoed key need not be written as it was sent: a model may drop its ``sk-`` prefix, put spaces into
it or write it in full-width letters (ｓｋ－…). So each registered key also stands for its part after
a prefix, and is matched with whitespace allowed between its characters in text whose characters are
width-folded (NFKC) first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from summarizer import regexes

if TYPE_CHECKING:  # logging is loaded when a secret is registered: an offline run never needs it
    import logging

REDACTED = "<REDACTED>"
# After width folding; a key written after a Han character (密钥sk-…) has no \b before it.
KEY_LIKE = regexes.compile(
    r"(?<![A-Za-z0-9])(?:sk|ak|key)-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.=]{6,}", re.IGNORECASE
)
LOGGERS = ("summarizer", "instructor", "openai", "httpx", "httpx2", "httpcore")
MIN_SECRET_CHARS = 4  # never register something so short that scrubbing would mangle ordinary text
# The part of a key after its prefix (sk-, sk-proj-) is the secret too; shorter than this, such a part
# could be an ordinary word.
PREFIX = re.compile(r"[A-Za-z]{1,8}[-_]")
MIN_TAIL_CHARS = 8
GAP = r"[\s\u200b-\u200d\u2060\ufeff]*"  # spaces or zero-width characters a model put inside a key
# A key never holds a Han character: text between them is all that needs width folding.
NOT_HAN = regexes.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None
_filter_installed = False


def register_secret(secret: str | None) -> None:
    """Remember a secret so every later :func:`scrub` removes it; installs the log filter once."""
    global _pattern
    if secret and len(secret) >= MIN_SECRET_CHARS:
        _secrets.update(_forms(secret))
        # compiled with re, never regexes.compile: that one keeps patterns in a file on disk
        _pattern = re.compile(
            "|".join(GAP.join(map(re.escape, s)) for s in sorted(_secrets, key=len, reverse=True))
        )
    _install_log_filter()


def _forms(secret: str) -> set[str]:
    """The width-folded secret and each part of it after a prefix that is long enough to be secret."""
    folded = unicodedata.normalize("NFKC", secret)
    forms = {folded}
    rest = folded
    while (prefix := PREFIX.match(rest)) is not None:
        rest = rest[prefix.end() :]
        if len(rest) >= MIN_TAIL_CHARS:
            forms.add(rest)
    return forms


def scrub(text: str) -> str:
    """``text`` with every registered secret and key-like token replaced by ``<REDACTED>``."""
    if text.isascii():
        return _scrub_folded(text, text, None)
    return NOT_HAN.sub(lambda run: _scrub_run(run.group()), text)


def _scrub_run(run: str) -> str:
    if run.isascii():
        return _scrub_folded(run, run, None)
    folded: list[str] = []
    where: list[int] = []  # per folded character, the index of the character it comes from
    for i, char in enumerate(run):
        for f in unicodedata.normalize("NFKC", char):
            folded.append(f)
            where.append(i)
    return _scrub_folded(run, "".join(folded), where)


def _scrub_folded(text: str, folded: str, where: list[int] | None) -> str:
    found = [m.span() for m in KEY_LIKE.finditer(folded)]
    if _pattern is not None:
        found += [m.span() for m in _pattern.finditer(folded) if m.end() > m.start()]
    if not found:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if where is not None:  # back to the characters the folded ones come from
            start, end = where[start], where[end - 1] + 1
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    cursor = 0
    for start, end in merged:
        out += [text[cursor:start], REDACTED]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def scrub_exception(exc: BaseException) -> str:
    """A one-line, scrubbed description of an exception (type and message)."""
    message = " ".join(str(exc).split()) or exc.__class__.__name__
    return scrub(f"{exc.__class__.__name__}: {message}")


def scrub_data(value: Any) -> Any:
    """Every string in a JSON-like value scrubbed; a string that is JSON itself (a tool call's
    arguments) is scrubbed as the data it holds, so a key written with ``\\uff53`` escapes goes too."""
    if isinstance(value, dict):
        return {k: scrub_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_data(v) for v in value]
    if not isinstance(value, str):
        return value
    if value.lstrip()[:1] in ("{", "[") and "\\u" in value:
        try:
            inner = json.loads(value)
        except ValueError:
            pass
        else:
            clean = scrub_data(inner)
            return value if clean == inner else json.dumps(clean, ensure_ascii=False)
    return scrub(value)


def scrubbing(create: Callable[..., Any]) -> Callable[..., Any]:
    """An SDK ``create`` whose answers come back scrubbed: what the model wrote is model-derived text,
    and is cleaned before anything parses, records or stores it."""

    def scrubbed_create(**kwargs: Any) -> Any:
        response = create(**kwargs)
        if not hasattr(response, "model_dump"):
            return response  # not a completion: the client reports that (its message scrubbed)
        data = response.model_dump(mode="json", exclude_unset=True)
        clean = scrub_data(data)
        return response if clean == data else type(response).model_validate(clean)

    return scrubbed_create


def _scrubbing_factory(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """A log-record factory that scrubs records of the SDK and our own loggers as they are created.

    A record factory (rather than a logger filter) also covers child loggers such as
    ``instructor.v2.retry``, whose records never pass through a parent logger's filters.
    """

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.split(".", 1)[0] in LOGGERS:
            try:
                message = record.getMessage()
            except Exception:  # a broken format string must not break logging
                message = str(record.msg)
            record.msg, record.args = scrub(message), None
        return record

    factory.scrubbing = True  # type: ignore[attr-defined]
    return factory


def _install_log_filter() -> None:
    global _filter_installed
    if _filter_installed:
        return
    import logging

    previous = logging.getLogRecordFactory()
    if not getattr(previous, "scrubbing", False):
        logging.setLogRecordFactory(_scrubbing_factory(previous))
    _filter_installed = True
