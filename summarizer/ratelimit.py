"""One gate for every LLM request of a batch: requests in flight, per-minute budgets, run-wide pauses.

All workers of a run share one :class:`RequestGate`. Before each HTTP request a worker passes the
gate, which holds it back while

- ``max_in_flight`` requests are already out,
- the last ``window`` seconds already hold ``rpm`` requests or ``tpm`` tokens, or
- the run is paused because the endpoint answered 429.

A 429 pauses *everyone*: the provider is throttling the account, not one worker, and N workers each
retrying on their own would keep the endpoint saturated. The pause is the server's Retry-After when it
sends one, else an escalating default (2 s, 4 s, 8 s … reset by the next success).

Token budgets are estimated before a request (one token per character sent: Chinese prose runs at
roughly 0.6–1.5 tokens per character across tokenizers, and JSON schema text less) and corrected with
the usage the response reports. Import-light (no openai): the runner builds the gate on every path.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_PAUSE_S = 2.0  # first pause after a 429 without Retry-After; doubles per consecutive 429
MAX_PAUSE_S = 120.0  # the same ceiling the client puts on a Retry-After it honours


@dataclass
class GateStats:
    requests: int = 0
    waited_s: float = 0.0  # summed over requests: time spent held back at the gate
    pauses: int = 0  # run-wide pauses started by a 429
    peak_in_flight: int = 0


class Ticket:
    """One request through the gate: its entry in the sliding window, corrected on release."""

    __slots__ = ("started", "tokens")

    def __init__(self, started: float, tokens: float) -> None:
        self.started, self.tokens = started, tokens


class RequestGate:
    def __init__(
        self,
        *,
        max_in_flight: int | None = None,
        rpm: int | None = None,
        tpm: int | None = None,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (("max_in_flight", max_in_flight), ("rpm", rpm), ("tpm", tpm)):
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
        self.max_in_flight, self.rpm, self.tpm, self.window = max_in_flight, rpm, tpm, window
        self.clock = clock
        self.stats = GateStats()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._recent: deque[Ticket] = deque()  # requests started within the window, oldest first
        self._paused_until = 0.0
        self._strikes = 0  # consecutive 429s, for the escalating default pause

    # ----------------------------------------------------------------------------------- requests

    def acquire(self, tokens: float = 0) -> Ticket:
        """Block until a request of about ``tokens`` tokens may go out; returns its ticket."""
        with self._cond:
            first = self.clock()
            while (delay := self._delay(self.clock(), tokens)) > 0:
                self._cond.wait(timeout=None if math.isinf(delay) else delay)
            now = self.clock()
            ticket = Ticket(now, float(tokens))
            self._recent.append(ticket)
            self._in_flight += 1
            self.stats.requests += 1
            self.stats.waited_s += now - first
            self.stats.peak_in_flight = max(self.stats.peak_in_flight, self._in_flight)
            return ticket

    def release(self, ticket: Ticket, *, tokens: float | None = None, ok: bool = True) -> None:
        """The request is over; ``tokens`` (when the response said) replaces the estimate."""
        with self._cond:
            self._in_flight -= 1
            if tokens is not None:
                ticket.tokens = float(tokens)
            if ok:
                self._strikes = 0
            self._cond.notify_all()

    def pause(self, seconds: float | None = None) -> float:
        """Hold every request of the run back for ``seconds`` (None: the escalating default)."""
        with self._cond:
            if seconds is None:
                seconds = DEFAULT_PAUSE_S * 2**self._strikes
            seconds = min(max(seconds, 0.0), MAX_PAUSE_S)
            self._strikes += 1
            until = self.clock() + seconds
            if until > self._paused_until:
                self._paused_until = until
                self.stats.pauses += 1
            self._cond.notify_all()
            return seconds

    @property
    def in_flight(self) -> int:
        return self._in_flight

    # ----------------------------------------------------------------------------------- policy

    def _delay(self, now: float, tokens: float) -> float:
        """Seconds to wait before the next request may start (inf: until a request finishes)."""
        if self._paused_until > now:
            return self._paused_until - now
        if self.max_in_flight is not None and self._in_flight >= self.max_in_flight:
            return math.inf
        while self._recent and self._recent[0].started <= now - self.window:
            self._recent.popleft()
        if not self._recent:
            return 0.0
        free_at = self._recent[0].started + self.window - now
        if self.rpm is not None and len(self._recent) >= self.rpm:
            return free_at
        if self.tpm is not None and sum(t.tokens for t in self._recent) + tokens > self.tpm:
            return free_at  # a single request above the budget still goes out once the window is empty
        return 0.0
