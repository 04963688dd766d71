"""Progress of a batch on stderr: a one-line bar on a terminal, plain periodic lines otherwise.

Hand-written (about a hundred lines) rather than a dependency: the bar is one ``\\r`` line redrawn at
most ten times a second, cleared before any other output so result lines never mix with it.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

REDRAW_S = 0.1
LOG_EVERY_S = 5.0
HEARTBEAT_S = 30.0  # log mode: a line at least this often while LLM requests are out, so a slow
# endpoint (minutes per call on a small local model) visibly works
SHOW_WAIT_S = 5.0  # a request waiting longer than this is shown on the line


@dataclass
class Counters:
    """LLM work so far (all zero on the rules backend)."""

    calls: int = 0
    cached: int = 0
    tokens: int = 0
    reasks: int = 0
    waiting: float = 0.0  # seconds the oldest request in flight has waited for its answer


class Progress:
    """``mode``: "bar" (redrawn line), "log" (a line every ``log_every`` seconds) or "off"."""

    def __init__(
        self,
        total: int,
        *,
        mode: str,
        stream: TextIO | None = None,
        counters: Callable[[], Counters] | None = None,
        log_every: float = LOG_EVERY_S,
        heartbeat: float = HEARTBEAT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.mode, self.stream = total, mode, stream or sys.stderr
        self.counters, self.log_every, self.clock = counters, log_every, clock
        self.heartbeat = heartbeat
        self.done = self.failed = self.skipped = 0
        self.started = clock()
        self._drawn = 0.0
        self._logged = self.started
        self._shown = False
        self._lock = threading.Lock()

    @staticmethod
    def mode_for(stream: TextIO, quiet: bool) -> str:
        if quiet:
            return "off"
        return "bar" if getattr(stream, "isatty", lambda: False)() else "log"

    # ----------------------------------------------------------------------------------- events

    def finished(self, *, failed: bool = False, skipped: bool = False) -> None:
        """One more report is done (or was skipped as done earlier)."""
        with self._lock:
            self.done += 1
            self.failed += failed
            self.skipped += skipped
        if self.mode == "bar":
            self.refresh(force=True)
        elif self.mode == "log" and not skipped:
            now = self.clock()
            if now - self._logged >= self.log_every or self.done == self.total:
                self._logged = now
                self._write(f"summarizer: {self.status_line()}\n")

    def refresh(self, *, force: bool = False) -> None:
        """Redraw the bar (elapsed time and counters move even while no report finishes); in log mode,
        a heartbeat line while LLM work is under way."""
        if self.mode == "log":
            self._heartbeat()
        if self.mode != "bar":
            return
        now = self.clock()
        if not force and now - self._drawn < REDRAW_S:
            return
        self._drawn = now
        self._write("\r" + self._bar_line() + "\x1b[K")
        self._shown = True

    def _heartbeat(self) -> None:
        if self.counters is None or self.done >= self.total:
            return
        now = self.clock()
        if now - self._logged >= self.heartbeat:
            self._logged = now
            self._write(f"summarizer: {self.status_line()}\n")

    def print(self, text: str, file: TextIO) -> None:
        """A result line on ``file``; on the bar's terminal the bar is lifted out of the way and redrawn."""
        shares_terminal = self._shown and getattr(file, "isatty", lambda: False)()
        if shares_terminal:
            self.clear()
        print(text, file=file, flush=True)
        if shares_terminal:
            self.refresh(force=True)

    def clear(self) -> None:
        if self._shown:
            self._write("\r\x1b[K")
            self._shown = False

    def close(self) -> None:
        self.clear()

    # ----------------------------------------------------------------------------------- text

    def status_line(self) -> str:
        parts = [f"{self.done}/{self.total} reports"]
        if self.failed:
            parts.append(f"{self.failed} not ok")
        if self.skipped:
            parts.append(f"{self.skipped} done earlier")
        counters = self.counters() if self.counters else None
        if counters is not None and (counters.calls or counters.cached or counters.waiting):
            work = f"{counters.calls} calls, {counters.cached} cached, {_si(counters.tokens)} tokens"
            parts.append(work + (f", {counters.reasks} re-asks" if counters.reasks else ""))
            if counters.waiting >= SHOW_WAIT_S:
                parts.append(f"waiting {_clock(counters.waiting)} for the endpoint")
        elapsed = self.clock() - self.started
        parts.append(f"{_clock(elapsed)} elapsed")
        eta = self.eta(elapsed)
        if eta is not None:
            parts.append(f"ETA {_clock(eta)}")
        return " · ".join(parts)

    def eta(self, elapsed: float) -> float | None:
        """Remaining time at the pace of the reports processed so far (skipped ones cost nothing)."""
        worked = self.done - self.skipped
        left = self.total - self.done
        if worked <= 0 or left <= 0:
            return None
        return elapsed / worked * left

    def _bar_line(self) -> str:
        width = shutil.get_terminal_size((80, 20)).columns
        status = self.status_line()
        room = width - len(status) - 4
        if room < 10:
            return status[: width - 1]
        cells = min(room, 30)
        filled = int(cells * self.done / self.total) if self.total else cells
        return f"[{'#' * filled}{'.' * (cells - filled)}] {status}"

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not stop the batch
            pass


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _si(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M"
    if count >= 10_000:
        return f"{count / 1000:.0f}k"
    if count >= 1000:
        return f"{count / 1000:.1f}k"
    return str(count)
