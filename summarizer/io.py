"""Files we write: atomically, with the permissions the umask allows, and temporary names we can find again.

A temporary file is ``.summarizer-<pid>-<random>.tmp`` in the target's directory: its length does not
depend on the target's name (a 250-byte report name still fits the file-name limit), and the pid, of
the process that renames it into place, tells a later run whether it is gone, so stale ones are
removed without touching those of a run still going in the same directory.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".summarizer-"
TEMP_SUFFIX = ".tmp"
# re.compile, not summarizer.regexes: that module writes its file through this one
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}$")
FILE_MODE = 0o666  # what any Unix tool asks for; the kernel takes the umask off it


def write_atomic(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Write via a temporary file in the same directory and rename: readers never see half a file.

    ``durable=False`` skips the fsync before the rename, for a caller that makes many files durable
    at once later and records which are (the run index: see runindex's Durability)."""
    tmp = stage(os.path.dirname(path) or ".", content, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def stage(
    directory: Path | str, content: str | bytes, *, durable: bool = True, owner: int | None = None
) -> str:
    """``content`` in a new temporary file of ``directory`` (made if missing), whose path is returned:
    renamed to its name later (:func:`write_atomic` at once; a batch when it commits the report), or
    removed by :func:`discard` or, once its ``owner`` has exited, by :func:`remove_stale_temps`. The
    owner is the process that will rename it (this one unless said: a batch's worker process stages
    what its parent commits, and a file the parent can no longer commit is stale when the parent is
    gone, however long the worker takes to notice)."""
    data = memoryview(content.encode("utf-8") if isinstance(content, str) else content)
    owner = os.getpid() if owner is None else owner
    try:
        tmp, fd = _create_temp(directory, owner)
    except FileNotFoundError:  # (rare: the directory is made on demand, not looked up on every write)
        os.makedirs(directory, exist_ok=True)
        tmp, fd = _create_temp(directory, owner)
    try:
        try:
            while data:  # one write as a rule; a full disk raises, a signal may cut one short
                data = data[os.write(fd, data) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def discard(tmp: str) -> None:
    """Remove a temporary file that will not be renamed into place (gone already is fine)."""
    with suppress(FileNotFoundError):
        os.unlink(tmp)


@contextmanager
def atomic_file(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """:func:`write_atomic` for content written in pieces (a page too large to build in memory first):
    the file appears under its name, fsynced, only when the block ends without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, fd = _create_temp(path.parent, os.getpid())
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def _create_temp(directory: Path | str, owner: int) -> tuple[str, int]:
    """A new temporary file's path and descriptor. The path is a str, not a Path: pathlib interns every
    name it parses, and a new name per write (thousands in a batch) churns the interpreter's table of
    interned strings, reallocated whole (about 1 MiB) each time the dead names fill it."""
    while True:
        tmp = os.path.join(directory, f"{TEMP_PREFIX}{owner}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue


def remove_stale_temps(directory: Path, gone: Collection[int] = ()) -> int:
    """Remove our temporary files whose owner is no longer running (a killed run), or is one of the
    processes ``gone`` (this one, when its batch's workers have stopped: what they staged for it and it
    did not commit); returns how many."""
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_NAME.match(name)
        if match is None or (int(match.group(1)) not in gone and _alive(int(match.group(1)))):
            continue
        try:
            (directory / name).unlink()
            removed += 1
        except OSError:
            pass  # gone already (another run cleaned it), or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True
