"""``OUTDIR/index.jsonl``: one JSON line per finished report, the memory that lets a batch resume.

Each line records the source (as given and resolved), its sha256, the settings fingerprint, the
outcome (ok | unverified | failed), the verification status, the output files (names inside OUTDIR),
the error, timestamps and LLM usage. Lines are only ever appended, each with a single ``os.write`` on
an ``O_APPEND`` descriptor, so a killed run leaves whole lines plus at most one torn last line, which
the reader skips (and the next writer starts on a fresh line). The latest line for a source wins.

Durability: outputs are written to a temporary file and renamed into place (no half-written file
under its name), but not fsynced one by one: at most once per SYNC_EVERY_S and when the run ends, one
sync of OUTDIR's file system (``syncfs``) makes every output, every rename and every line written so
far durable at once, and a *marker* line then records how far the index was when that sync began
(``{"v": 1, "run": <id>, "synced_to": <bytes>}``; it has no ``key``, so an older reader skips it as
torn). A line whose outputs were written that way names its run (``"unsynced": <id>``); until a marker
of that same run covers it, a resume does not trust its output signatures and compares the outputs'
sha256 instead (see the quick check below). Another run's marker vouches for nothing: after a power
loss, its sync could not bring back what the crashed run had not yet written. A crash (power loss) therefore costs at most the reports of the last second: their lines are
lost, or they survived and their outputs, lost or zero-filled, fail the hash and are redone. Lines
that do not say ``unsynced`` (older runs, whose outputs were fsynced before their line) are trusted as
they were.

Several runs may write into one OUTDIR at once (a 县 and its 乡镇 both sending ``报告.txt``): every
commit holds an exclusive ``flock`` on the index, reads the lines other runs appended meanwhile, and
only then settles its output names, writes its outputs and appends its line (see runner.Committer).

A report is *done* when its latest line has the same sha256 and fingerprint, finished ok or
unverified, and every output it names is still the file that line wrote (its sha256 is recorded in
``digests``; the JSON output also carries the source's sha256); a rerun of the same command skips it.
Failed reports are always tried again (a timeout or an outage may be over). Names read from the index
are trusted only when they are plain file names, so no index line can send a write outside OUTDIR.

Resume quick check (like git's index and rsync's default): a line also records the *signature* of the
source (``source_stat``) and of each output (``output_stats``): size, mtime_ns, ctime_ns, inode and
device. A file whose signature is unchanged is taken to hold the bytes hashed before; any difference
falls back to hashing (a chmod or a new hard link changes the ctime too: such a file is only hashed).
A write changes a file's ctime, which no program can set back, and our own outputs are replaced by a
rename (a new inode), so an edit goes unnoticed only if it keeps the size and lands within the file system's timestamp granularity of the moment the signature was taken. For sources
that moment is guarded like git's "racily clean" entries: a signature is recorded only when the file's
times are older than one timestamp tick (with margin) when it is hashed, and only when the worker read
the very bytes hashed; a source edited just before or during a run is hashed again next time. Clocks of
a network file system's server more than the margin behind ours weaken this guard. Lines written before
signatures existed (no ``source_stat``/``output_stats``) are checked by hashing, as before. Output
signatures are trusted only where the outputs are known durable (see Durability): a zero-filled file
of the right size, which a crash can leave behind, would pass them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

INDEX_NAME = "index.jsonl"
INDEX_FORMAT = 1
DONE_STATUSES = ("ok", "unverified")
HASH_CHUNK = 1 << 20
# A file whose times are this close to its hashing may still change within the same timestamp tick,
# so its signature is not recorded: ticks are the kernel's clock tick (≤ 10 ms) where times have
# nanoseconds, up to 2 s where they are whole seconds (FAT, HFS+, ext3, tar-restored times).
RACY_NS = 100_000_000
COARSE_RACY_NS = 2_000_000_000
SIGNATURE_FIELDS = ("source_stat", "output_stats")
# What the overview and the tables read of an index line (RunIndex.entries); digests, signatures,
# settings and timings serve planning only.
KEPT_AFTER_PLANNING = ("key", "source", "sha256", "stem", "status", "outputs", "error")
SYNC_EVERY_S = 1.0
NAME_MAX = 255  # bytes in one file name (ext4, xfs, btrfs, APFS)
# An output is <stem>[-N].<ext>: the stem keeps room for a -N and the longest extension (.html).
STEM_MAX_BYTES = NAME_MAX - len("-999.html")


def fingerprint(settings: dict[str, Any]) -> str:
    """A short stable digest of the settings that shape a report's outputs."""
    blob = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def file_sha256(path: str | Path) -> str | None:
    """sha256 of a file's bytes (streamed), or None when it cannot be read: the worker reports why."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def signature(stat: os.stat_result) -> list[int]:
    """What the quick check compares: [size, mtime_ns, ctime_ns, inode, device]."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def settled_signature(stat: os.stat_result, hashed_at_ns: int) -> list[int] | None:
    """The signature of a file hashed at ``hashed_at_ns`` (wall clock), or None when its last change is
    too recent for a later change to be sure to show in its times (git's "racily clean" files)."""
    coarse = stat.st_mtime_ns % 1_000_000_000 == 0 or stat.st_ctime_ns % 1_000_000_000 == 0
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > hashed_at_ns - (COARSE_RACY_NS if coarse else RACY_NS):
        return None
    return signature(stat)


def file_signature(path: str | Path) -> list[int] | None:
    try:
        return signature(os.stat(path))
    except OSError:
        return None


def source_key(path: str) -> str:
    """What identifies a source across runs: its resolved path, shown as text (see :func:`shown`); its
    absolute path where it cannot be resolved (a symbolic link in a loop: Python 3.11 raises RuntimeError)."""
    try:
        return shown(str(Path(path).resolve()))
    except (OSError, RuntimeError):
        return shown(os.path.abspath(path))


def shown(path: str) -> str:
    """A path as a readable one-line text: bytes that are not UTF-8 (a GBK name from a Windows zip)
    become ``\\xb1``, control characters ``\\n``/``\\x07``; for status lines, the index and reports."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    if text.isprintable():  # no control character (the common case: a resume shows thousands)
        return text
    return "".join(_escape_control(ch) for ch in text)


def _escape_control(ch: str) -> str:
    if unicodedata.category(ch) != "Cc":
        return ch
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch) or f"\\x{ord(ch):02x}"


def output_stem(name: str) -> str:
    """A file name for our outputs from a source's stem: undecodable bytes and control characters as
    ``%B1``, no leading dot (no hidden outputs), cut to fit the file-name limit with room for -N.ext."""
    text = os.fsencode(name).decode("utf-8", "surrogateescape")
    stem = "".join(
        f"%{ord(ch) - 0xDC00:02X}" if 0xDC80 <= ord(ch) <= 0xDCFF
        else f"%{ord(ch):02X}" if unicodedata.category(ch) == "Cc"
        else ch
        for ch in text
    )  # fmt: skip
    stem = stem.replace("/", "%2F").lstrip(".") or "report"
    return stem.encode("utf-8")[:STEM_MAX_BYTES].decode("utf-8", "ignore")


def plain_name(name: object) -> bool:
    """A name (read from the index) that stays inside OUTDIR: one component, not hidden, not ``..``."""
    return (
        isinstance(name, str)
        and bool(name)
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and not name.startswith(".")
        and len(name.encode("utf-8", "surrogatepass")) <= NAME_MAX
    )


def bytes_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class RunIndex:
    """The index of one output directory: read once at start, appended as reports finish."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / INDEX_NAME
        self.latest: dict[str, dict[str, Any]] = {}  # source key → its latest line, until planned()
        self.stem_of: dict[str, object] = {}  # source key → the stem its latest line gave it
        self.torn = 0  # lines that were not whole JSON objects (a run killed mid-write)
        self._fd: int | None = None
        self._read_to = 0  # bytes of the file read so far (whole lines only)
        self._synced_at = 0.0  # time.monotonic() of the last sync
        self._unsynced = False
        self._synced_to: dict[str, int] = {}  # run → its furthest marker: its lines up to there are durable
        self.run_id = os.urandom(4).hex()  # what this run's lines and markers are known by
        self._line_end: dict[str, int] = {}  # source key → where its latest line ends, until planned()
        self._planned = False  # see planned()
        self._holding = False  # within locked()
        self._caught_up = False  # within locked(), and every line of the index read

    # ----------------------------------------------------------------------------------- reading

    def load(self) -> RunIndex:
        try:
            with self.path.open("rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH)  # no other run is halfway through a line
                self._read_lines(handle)
        except FileNotFoundError:
            pass
        return self

    def _read_lines(self, handle: Any, *, final: bool = True) -> None:
        """Read the lines after those read before (``final``: a torn last line too, as torn)."""
        handle.seek(self._read_to)
        raw = handle.read()
        whole = raw.rfind(b"\n") + 1
        torn = raw[whole:]
        lines = raw[:whole] + (torn if final else b"")
        end = self._read_to
        self._read_to += whole + (len(torn) if final else 0)
        for line in lines.split(b"\n"):
            end += len(line) + 1
            if not line.strip():
                continue
            entry = _parse(line)
            if entry is None:
                if (marker := _marker(line)) is not None:
                    run, synced_to = marker
                    self._synced_to[run] = max(self._synced_to.get(run, 0), synced_to)
                else:
                    self.torn += 1
                continue
            self._keep(entry)
            if not self._planned:
                self._line_end[entry["key"]] = end

    def planned(self) -> None:
        """The run's reports are planned: from now on keep only each source's stem (what naming needs),
        so that a batch of thousands keeps no index line per report; :meth:`entries` reads them again."""
        self._planned = True
        self.latest, self._line_end = {}, {}

    def _keep(self, entry: dict[str, Any]) -> None:
        self.stem_of[entry["key"]] = entry.get("stem")
        if not self._planned:
            self.latest[entry["key"]] = entry

    def entries(self) -> dict[str, dict[str, Any]]:
        """Every source's latest line as the index holds it now, KEPT_AFTER_PLANNING of each: what the
        overview and the tables read, read once when they need it rather than kept through the run."""
        if not self._planned:
            return {key: _slim(entry) for key, entry in self.latest.items()}
        latest: dict[str, dict[str, Any]] = {}
        try:
            with self.path.open("rb") as handle:
                if not self._holding:  # (a second flock of ours would wait on the one held)
                    fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
                for line in handle:
                    entry = _parse(line) if line.strip() else None
                    if entry is not None:
                        latest[entry["key"]] = _slim(entry)
        except FileNotFoundError:
            pass
        return latest

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
        digests = entry.get("digests") or {}
        stats = entry.get("output_stats") or {}
        run = entry.get("unsynced")
        if not isinstance(stats, dict) or (
            run is not None
            and (not isinstance(run, str) or self._line_end.get(key, 0) > self._synced_to.get(run, 0))
        ):
            stats = {}  # outputs not known durable: a crash may have left zeros of the right size
        if not outputs or not all(
            self._unchanged(name, digests.get(name), stats.get(name)) for name in outputs
        ):
            return None
        return entry

    def quick_sha256(self, key: str, stat: os.stat_result) -> str | None:
        """The source's sha256 as its latest line recorded it, when the file's signature is unchanged
        since (no need to read it); None: hash the file."""
        entry = self.latest.get(key)
        if entry is None or entry.get("source_stat") != signature(stat):
            return None
        sha256 = entry.get("sha256")
        return sha256 if isinstance(sha256, str) else None

    def _unchanged(self, name: object, digest: object, stat: object = None) -> bool:
        """The output is the very file the index line wrote (not another source's, not edited): the
        same signature as when it was written, else the same sha256."""
        if not plain_name(name) or not isinstance(digest, str):
            return False
        path = os.path.join(self.out_dir, name)  # a plain name: no pathlib per output on a resume
        if stat is not None and file_signature(path) == stat:
            return True
        return file_sha256(path) == digest

    def stems(self) -> dict[str, str]:
        """Source key → the output stem it was given, so reruns keep names and never take another's."""
        return {key: stem for key, stem in self.stem_of.items() if plain_name(stem)}

    def owner(self, stem: str) -> str | None:
        """The source key whose latest line holds this stem, if any."""
        return next((key for key, held in self.stem_of.items() if held == stem), None)

    # ----------------------------------------------------------------------------------- appending

    def open(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)  # the umask applies
        with self.locked():  # a torn last line gets its newline now: every append starts clean
            pass

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the index against every other run writing into OUTDIR, with their lines read first.

        One lock per commit (milliseconds), not per run: concurrent runs interleave their reports.
        """
        assert self._fd is not None, "RunIndex.open() first"
        # The lock lives on a descriptor of its own, opened for this commit only: a worker process forked
        # between commits never shares it, so a killed run's orphaned workers cannot hold the lock.
        with open(self.path, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            self._holding = True
            try:
                self._read_lines(handle, final=False)  # what other runs committed meanwhile
                torn = _ends_torn(handle)
                if torn:  # a run killed mid-line: the torn line stays alone on its line
                    os.write(self._fd, b"\n")
                # all read: the lines this run appends now need not be read back (nor kept twice)
                self._caught_up = not torn and handle.tell() == self._read_to
                yield
            finally:
                self._holding = self._caught_up = False
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def append(self, entry: dict[str, Any]) -> None:
        """One whole line, one write: a kill leaves this line entirely or not at all (but see load)."""
        assert self._fd is not None, "RunIndex.open() first"
        self._write_line({"v": INDEX_FORMAT, **entry})
        # the signatures serve the next run's planning only: a batch of thousands does not keep them
        self._keep({k: v for k, v in entry.items() if k not in SIGNATURE_FIELDS})
        self._unsynced = True
        if time.monotonic() - self._synced_at >= SYNC_EVERY_S:
            self.sync()

    def _write_line(self, data: dict[str, Any]) -> None:
        assert self._fd is not None
        text = json.dumps(data, ensure_ascii=False) + "\n"
        line = text.encode("utf-8", "backslashreplace")  # a stray undecodable byte never loses a line
        written = os.write(self._fd, line)
        if written != len(line):  # only on a full disk; the reader skips the torn remainder
            self._caught_up = False
            raise OSError(f"{self.path}: short write ({written} of {len(line)} bytes)")
        if self._caught_up:
            self._read_to += written

    def sync(self) -> None:
        """Make the outputs written so far, their renames and the lines appended so far durable, with
        one sync of the file system, and append a marker saying so (see Durability). Best effort: a
        sync that fails leaves the lines unmarked, and the next run hashes their outputs."""
        if self._fd is None or not self._unsynced:
            return
        self._synced_at, self._unsynced = time.monotonic(), False
        with suppress(OSError):
            covered = os.fstat(self._fd).st_size  # lines up to here were whole before the sync began
            sync_file_system(self._fd)
            self._write_line({"v": INDEX_FORMAT, "run": self.run_id, "synced_to": covered})

    def close(self) -> None:
        if self._fd is not None:
            self.sync()
            with suppress(OSError):  # the last marker itself (without it, the last lines are hashed)
                os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


def sync_file_system(fd: int) -> None:
    """Write everything cached for the file system holding ``fd`` to disk: files, names, the journal
    (Linux ``syncfs``; elsewhere ``sync``, every file system). Raises OSError when it fails."""
    try:
        import ctypes  # (on first use only: a run that writes nothing never loads it)

        syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    except (ImportError, OSError):  # a Python built without ctypes, a libc it cannot open
        syncfs = None
    if syncfs is None:
        os.sync()
    elif syncfs(fd) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        return None
    return entry


def _marker(line: bytes) -> tuple[str, int] | None:
    """The run of a sync marker line and the offset it covers, or None for any other line."""
    try:
        data = json.loads(line)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or "key" in data or type(data.get("synced_to")) is not int:
        return None
    run = data.get("run")
    return (run, data["synced_to"]) if isinstance(run, str) else None


def _slim(entry: dict[str, Any]) -> dict[str, Any]:
    return {field: entry[field] for field in KEPT_AFTER_PLANNING if field in entry}


def _ends_torn(handle: Any) -> bool:
    handle.seek(0, os.SEEK_END)
    if handle.tell() == 0:
        return False
    handle.seek(-1, os.SEEK_END)
    return handle.read(1) != b"\n"
