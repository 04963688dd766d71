"""Regular expressions compiled once per interpreter, not once per process.

CPython compiles a pattern in Python code (its parser and code generator); for our few hundred
patterns, long alternations of words most of them, that is about a third of what a process spends
before its first report is done (~0.5 G instructions), and every worker process of a run pays for the
patterns it compiles on first use again. What that work produces is a list of integers that the C
engine takes as it is. :func:`compile` keeps those lists in one file beside our bytecode (the same
directory, and the same switches: ``PYTHONDONTWRITEBYTECODE`` or ``-B`` write none, and
``PYTHONPYCACHEPREFIX`` moves it), for this exact interpreter and engine only, and builds a pattern
from them when it has them. The result is the same pattern object ``re.compile`` gives (they compare
equal: same flags, same code; a test checks every pattern we compile). A missing, stale or unreadable
file, or a Python without these internals, only means compiling as ``re.compile`` does.

It is for the patterns our code and data define: each is kept for the life of the process and in
the file. A pattern made of a report's own text is compiled with ``re.compile``, or the file would
grow with every report.

New patterns reach the file when :func:`save` is called: by the CLI when it exits, and after each
report a run prepares, worker processes included (they end without running exit handlers). Each save
adds to the file as it stands, one process at a time.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any, AnyStr

from summarizer.io import write_atomic

try:  # the standard library's own compiler, which is private: without it, patterns compile as usual
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - every supported CPython has them
    _sre = None  # type: ignore[assignment]

FORMAT = 1  # of the file; part of its header with the interpreter and engine it was written by
MAX_ENTRIES = 4000  # a file that grows past this (patterns of older sources) keeps this process's only

Key = tuple[Any, int]  # (pattern, flags); a bytes pattern is compiled as usual, never kept
Compiled = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]  # _sre.compile's arguments


class _Store:
    """The compiled patterns of this process, and those read from the file (on first use)."""

    def __init__(self) -> None:
        self.built: dict[Key, re.Pattern[Any]] = {}
        self.known: dict[Key, Compiled] | None = None  # read from the file, not built yet
        self.new: dict[Key, Compiled] = {}
        self.lock = threading.Lock()

    def read(self) -> dict[Key, Compiled]:
        if self.known is None:
            self.known = _read(store_path())
        return self.known


_STORE = _Store()


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:  # noqa: A001 (re.compile's name)
    """``re.compile(pattern, flags)``, from the compiled code kept on disk when there is some."""
    key = (pattern, int(flags))
    built = _STORE.built.get(key)
    if built is None:
        built = _STORE.built[key] = _build(key)
    return built


def longest_first(words: Iterable[str]) -> list[str]:
    """Distinct words for an alternation, longest first (so that 人次 wins over 人), equal lengths in
    a fixed order. A set's order changes from one process to the next (string hashes are salted), and
    with it a pattern's text: its compiled form kept on disk would never be found again."""
    return sorted(set(words), key=lambda word: (-len(word), word))


def _build(key: Key) -> re.Pattern[Any]:
    if _sre is None or not isinstance(key[0], str):
        return re.compile(*key)
    known = _STORE.read().pop(key, None)  # built once: its code is not needed again in this process
    if known is not None:
        try:
            return _sre.compile(key[0], *known)
        except (TypeError, ValueError, RuntimeError):  # a file from another build that the header missed
            pass
    try:
        compiled = _compiled(*key)
        pattern = _sre.compile(key[0], *compiled)
    except re.error:
        raise  # a bad pattern fails as it fails in re.compile
    except Exception:  # the private compiler changed shape: compile the public way
        return re.compile(*key)
    _STORE.new[key] = compiled
    return pattern


def _compiled(pattern: str, flags: int) -> Compiled:
    """What ``re._compiler.compile`` hands the C engine for ``pattern`` (the same steps)."""
    parsed = _parser.parse(pattern, flags)
    code = list(map(int, _compiler._code(parsed, flags)))  # plain ints: opcodes are an int subclass
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def save() -> None:
    """Add the patterns compiled since the last call to the file, if bytecode may be written."""
    if not _STORE.new or sys.dont_write_bytecode:
        return
    with _STORE.lock:
        new, _STORE.new = _STORE.new, {}
        path = store_path()
        if path is None:
            return
        with _alone_in(path.parent):
            entries = _read(path) | new  # as it is now: another process may have added its own
            if len(entries) > MAX_ENTRIES:  # mostly patterns of older sources: keep this process's
                entries = {key: value for key, value in entries.items() if key in _STORE.built}
            _write(path, entries)


@contextlib.contextmanager
def _alone_in(directory: Path) -> Iterator[None]:
    """Hold the file's directory against the other processes saving (a run's workers save at once):
    each reads, adds and writes in turn, and none writes over what another has just added. Where the
    directory cannot be locked, the saves are unguarded: a pattern lost is compiled again next time."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the descriptor is closed
        yield
    finally:
        os.close(handle)


def store_path() -> Path | None:
    """Where the file is: our bytecode's directory (None when this Python keeps no bytecode)."""
    try:
        return Path(cache_from_source(__file__)).with_name(f"regexes.{sys.implementation.cache_tag}.marshal")
    except (NotImplementedError, ValueError):
        return None


def _header() -> tuple[Any, ...]:
    return (FORMAT, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT)


def _read(path: Path | None) -> dict[Key, Compiled]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:  # loads of the bytes: load from a file reads it piece by piece
            header, entries = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or not one we wrote
        return {}
    return entries if header == _header() and isinstance(entries, dict) else {}


def _write(path: Path, entries: dict[Key, Compiled]) -> None:
    """Written as every file of ours is (summarizer.io); a write that fails (a read-only install) is no
    error: only a cache is lost."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: marshal met something it cannot write
        write_atomic(path, marshal.dumps((_header(), entries)))
