"""A response cache on diskcache that stores JSON only and refuses to unpickle (CVE-2025-69872).

Keys are sha256 digests of canonical JSON (model, mode, messages, schema, parameters, prompt version),
so they are identical across processes and runs; the API key is never part of a key or a value.
Several processes may share one directory: SQLite handles concurrent access and a per-key
``diskcache.Lock`` stops two of them paying for the same call.

The cache only saves money, so it never sinks a run: when the database cannot be opened, read or
written (truncated, not a database, read-only, locked for too long) one warning names the directory
and the run goes on without it. A row is data an attacker may have written: before diskcache opens
or removes the file a row names, the name must be one diskcache itself would have made inside the
cache directory (a tampered row could otherwise make it delete files anywhere).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_PICKLE, UNKNOWN

from summarizer import regexes

KEY_VERSION = 1
LOCK_EXPIRE_S = 600  # a crashed holder's lock frees itself after this long

# What diskcache's Disk.filename() makes: two levels of hex directories and a random hex name.
VALUE_FILE = regexes.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{28}\.val")
# Errors of the database as a whole (as opposed to one bad row): the cache is unusable this run.
CACHE_BROKEN = (sqlite3.Error, diskcache.Timeout, OSError)

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
        if filename is not None and not _our_file(filename):
            raise ValueError("cache row names a file outside the cache")
        return super().fetch(mode, filename, value, read)

    def remove(self, file_path: str) -> None:
        if not _our_file(file_path):  # diskcache would also remove the empty directories above it
            log.warning("summarizer: warning: ignoring a cache row that names a file outside the cache")
            return
        super().remove(file_path)


def _our_file(filename: Any) -> bool:
    return isinstance(filename, str) and VALUE_FILE.fullmatch(filename.replace("\\", "/")) is not None


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
    """JSON entries in a diskcache directory private to the user (0700); never raises on a bad cache."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: diskcache.Cache | None = None
        self._opened: diskcache.Cache | None = None
        self._gave_up = threading.Lock()
        self._warned = False
        try:
            if not directory.exists():  # private when we make it; never chmod a directory the user named
                # (exist_ok: processes of one run that start together may all find it missing)
                directory.mkdir(parents=True, mode=0o700, exist_ok=True)
            self._cache = self._opened = diskcache.Cache(
                str(directory), disk=SafeDisk, eviction_policy="none"
            )
        except Exception as exc:  # anything at all: the run is worth more than the cache
            self._give_up(exc)

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent, unreadable, pickled or not a JSON object."""
        cache = self._cache
        if cache is None:
            return None
        try:
            raw = cache.get(key)
        except CACHE_BROKEN as exc:
            self._give_up(exc)
            return None
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
        cache = self._cache
        if cache is None:
            return
        try:
            cache.set(key, json.dumps(entry, ensure_ascii=False))
        except Exception as exc:
            self._give_up(exc)

    def delete(self, key: str) -> None:
        cache = self._cache
        if cache is None:
            return
        with suppress(Exception):  # deleting a damaged row may itself fail; the next set overwrites it
            cache.delete(key)

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        held = self._acquire(key)
        try:
            yield
        finally:
            if held is not None:
                with suppress(Exception):
                    held.release()

    def _acquire(self, key: str) -> diskcache.Lock | None:
        cache = self._cache
        if cache is None:
            return None
        try:
            held = diskcache.Lock(cache, "lock:" + key, expire=LOCK_EXPIRE_S)
            held.acquire()
        except Exception as exc:
            self._give_up(exc)
            return None
        return held

    def _give_up(self, exc: BaseException) -> None:
        """One warning for the whole run, naming the directory and the way out; then no cache."""
        with self._gave_up:
            self._cache = None
            if self._warned:
                return
            self._warned = True
        reason = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
        log.warning(
            "summarizer: warning: the response cache in %s cannot be used (%s); going on without it "
            "(move the directory away or pass --cache-dir for a fresh cache, or --no-cache)",
            self.directory,
            reason,
        )

    def close(self) -> None:
        if self._opened is not None:
            with suppress(Exception):
                self._opened.close()
            self._opened = None
        self._cache = None
