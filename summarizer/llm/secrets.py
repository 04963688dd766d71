"""Keep API keys out of everything we write: logs, error messages, cache entries and cassettes.

Keys are registered when settings are built; :func:`scrub` replaces them (and anything that looks like a
bearer token or an ``sk-…`` key) wherever text leaves the process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from summarizer import regexes

if TYPE_CHECKING:  # logging is loaded when a secret is registered: an offline run never needs it
    import logging

REDACTED = "<REDACTED>"
KEY_LIKE = regexes.compile(r"\b(?:sk|ak|key)-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.=]{6,}", re.IGNORECASE)
LOGGERS = ("summarizer", "instructor", "openai", "httpx", "httpx2", "httpcore")
MIN_SECRET_CHARS = 4  # never register something so short that scrubbing would mangle ordinary text

_secrets: set[str] = set()
_filter_installed = False


def register_secret(secret: str | None) -> None:
    """Remember a secret so every later :func:`scrub` removes it; installs the log filter once."""
    if secret and len(secret) >= MIN_SECRET_CHARS:
        _secrets.add(secret)
    _install_log_filter()


def scrub(text: str) -> str:
    """``text`` with every registered secret and key-like token replaced by ``<REDACTED>``."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return KEY_LIKE.sub(REDACTED, text)


def scrub_exception(exc: BaseException) -> str:
    """A one-line, scrubbed description of an exception (type and message)."""
    message = " ".join(str(exc).split()) or exc.__class__.__name__
    return scrub(f"{exc.__class__.__name__}: {message}")


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
