"""A response cache on diskcache that stores JSON only and refuses to unpickle (CVE-2025-69872).

Keys are sha256 digests of canonical JSON (model, mode, messages, schema, parameters, prompt version),
so they are identical across processes and runs; the API key is never part of a key or a value.
Several processes may share one directory: SQLite handles concurrent access and a per-key
``diskcache.Lock`` stops two of them paying for the same call.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_PICKLE, UNKNOWN

KEY_VERSION = 1
LOCK_EXPIRE_S = 600  # a crashed holder's lock frees itself after this long

log = logging.getLogger(__name__)


class SafeDisk(diskcache.Disk):
    """A diskcache Disk that stores str/bytes/numbers only and never unpickles anything."""

    def put(self, key: Any) -> tuple[Any, bool]:
        if not isinstance(key, str):
            raise TypeError("cache keys must be str")
        return super().put(key)

    def get(self, key: Any, raw: bool) -> Any:
        if not raw:
            raise ValueError("refusing to unpickle a cache key")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = UNKNOWN) -> tuple[Any, ...]:
        if not read and value is not None and not isinstance(value, (str, bytes, int, float)):
            raise TypeError("store JSON text, not objects")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if mode == MODE_PICKLE:
            raise ValueError("refusing to unpickle cache entry")
        return super().fetch(mode, filename, value, read)


def canonical_json(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def cache_key(
    *,
    model: str,
    mode: str,
    messages: list[dict[str, Any]],
    schema: dict[str, Any],
    params: dict[str, Any],
    prompt_version: str,
    endpoint: str = "",
) -> str:
    payload = {
        "v": KEY_VERSION,
        "endpoint": endpoint,  # the same model name on two servers is not the same model
        "model": model,
        "mode": mode,
        "messages": messages,
        "schema": schema,
        "params": {k: v for k, v in sorted(params.items()) if v is not None},
        "prompt_version": prompt_version,
    }
    return f"llm:v{KEY_VERSION}:" + hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class ResponseCache:
    """JSON entries in a diskcache directory private to the user (0700)."""

    def __init__(self, directory: Path) -> None:
        if not directory.exists():  # private when we make it; never chmod a directory the user named
            directory.mkdir(parents=True, mode=0o700)
        self.directory = directory
        self._cache = diskcache.Cache(str(directory), disk=SafeDisk, eviction_policy="none")

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent, unreadable, pickled or not a JSON object."""
        try:
            raw = self._cache.get(key)
        except Exception as exc:  # a planted pickle row or a damaged entry: ignore it, never load it
            log.warning("ignoring unreadable cache entry %s: %s", key[:24], exc.__class__.__name__)
            return None
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
        except (TypeError, ValueError):
            log.warning("ignoring corrupt cache entry %s", key[:24])
            return None
        return entry if isinstance(entry, dict) else None

    def set(self, key: str, entry: dict[str, Any]) -> None:
        self._cache.set(key, json.dumps(entry, ensure_ascii=False))

    def delete(self, key: str) -> None:
        with suppress(Exception):  # deleting a damaged row may itself fail; the next set overwrites it
            self._cache.delete(key)

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        with diskcache.Lock(self._cache, "lock:" + key, expire=LOCK_EXPIRE_S):
            yield

    def close(self) -> None:
        self._cache.close()
