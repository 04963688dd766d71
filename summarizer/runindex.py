"""``OUTDIR/index.jsonl``: one JSON line per finished report, the memory that lets a batch resume.

Each line records the source (as given and resolved), its sha256, the settings fingerprint, the
outcome (ok | unverified | failed), the verification status, the output files (names inside OUTDIR),
the error, timestamps and LLM usage. Lines are only ever appended, each with a single ``os.write`` on
an ``O_APPEND`` descriptor, so a killed run leaves whole lines plus at most one torn last line, which
the reader skips (and the next run starts on a fresh line). The latest line for a source wins.

A report is *done* when its latest line has the same sha256 and fingerprint, finished ok or
unverified, and all its outputs still exist; a rerun of the same command skips it. Failed reports are
always tried again (a timeout or an outage may be over).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

INDEX_NAME = "index.jsonl"
INDEX_FORMAT = 1
DONE_STATUSES = ("ok", "unverified")
HASH_CHUNK = 1 << 20


def fingerprint(settings: dict[str, Any]) -> str:
    """A short stable digest of the settings that shape a report's outputs."""
    blob = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def file_sha256(path: Path) -> str | None:
    """sha256 of a file's bytes (streamed), or None when it cannot be read: the worker reports why."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def source_key(path: str) -> str:
    """What identifies a source across runs: its resolved path (``-`` for standard input)."""
    return path if path == "-" else str(Path(path).resolve())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class RunIndex:
    """The index of one output directory: read once at start, appended as reports finish."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / INDEX_NAME
        self.latest: dict[str, dict[str, Any]] = {}  # source key → its latest line
        self.torn = 0  # lines that were not whole JSON objects (a run killed mid-write)
        self._fd: int | None = None

    # ----------------------------------------------------------------------------------- reading

    def load(self) -> RunIndex:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            entry = _parse(line)
            if entry is None:
                self.torn += 1
                continue
            self.latest[entry["key"]] = entry
        return self

    def done(self, key: str, sha256: str | None, settings_fingerprint: str) -> dict[str, Any] | None:
        """The line that makes re-running this source unnecessary, if there is one."""
        entry = self.latest.get(key)
        if entry is None or sha256 is None:
            return None
        if entry.get("sha256") != sha256 or entry.get("fingerprint") != settings_fingerprint:
            return None
        if entry.get("status") not in DONE_STATUSES:
            return None
        outputs = entry.get("outputs") or []
        if not outputs or not all((self.out_dir / name).is_file() for name in outputs):
            return None
        return entry

    def stems(self) -> dict[str, str]:
        """Source key → the output stem it was given, so reruns keep names and never take another's."""
        return {key: entry["stem"] for key, entry in self.latest.items() if entry.get("stem")}

    # ----------------------------------------------------------------------------------- appending

    def open(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if _ends_torn(self.path):
            os.write(self._fd, b"\n")  # the torn line stays alone on its line; ours start clean

    def append(self, entry: dict[str, Any]) -> None:
        """One whole line, one write: a kill leaves this line entirely or not at all (but see load)."""
        assert self._fd is not None, "RunIndex.open() first"
        line = (json.dumps({"v": INDEX_FORMAT, **entry}, ensure_ascii=False) + "\n").encode("utf-8")
        written = os.write(self._fd, line)
        if written != len(line):  # only on a full disk; the reader skips the torn remainder
            raise OSError(f"{self.path}: short write ({written} of {len(line)} bytes)")
        self.latest[entry["key"]] = entry

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        return None
    return entry


def _ends_torn(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() == 0:
                return False
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"
    except OSError:
        return False
