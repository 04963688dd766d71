"""Shared test fixtures: the real seed reports (optional) and our own fixture reports."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
from pathlib import Path

import pytest

os.environ.setdefault(
    "PYDANTIC_ERRORS_INCLUDE_URL", "0"
)  # stable re-ask texts: no URL naming a pydantic version

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
SEEDS = Path(os.environ.get("SUMMARIZER_SEEDS", ROOT.parent / "shared" / "seeds"))


def index_lines(out: Path) -> list[dict]:
    """OUTDIR's index lines of reports, in order: sync markers and torn lines left out."""
    entries = []
    for line in (out / "index.jsonl").read_bytes().splitlines():
        with contextlib.suppress(ValueError):
            entries.append(json.loads(line))
    return [entry for entry in entries if isinstance(entry, dict) and "key" in entry]


def joined_pieces(pieces: list[str], count: int, seed: int, most: int) -> list[str]:
    """``count`` texts of 1 to ``most`` pieces drawn at random (the same for a seed): inputs on which a
    shortcut is compared with the plain form it replaces."""
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, most))) for _ in range(count)]


def default_sigint() -> None:
    """``preexec_fn`` of a child a test interrupts: Ctrl-C acts on it as from a terminal even when the
    test run was started in the background, whose shell ignores SIGINT for all it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def seed_path(name: str) -> Path:
    """Path of a real seed report; skips the test with a reason when ../shared/seeds is absent."""
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"real seed reports not available ({path} missing; a fresh clone has no ../shared)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"real seed reports not available ({SEEDS} missing; a fresh clone has no ../shared)")
    return SEEDS


@pytest.fixture
def offline_and_bounded(monkeypatch: pytest.MonkeyPatch):
    """No endpoint settings from the caller's environment, and a hard time limit for the test."""
    from fakeserver import time_limit

    for name in list(os.environ):
        if name.startswith(("OPENAI_", "SUMMARIZER_")) and name != "SUMMARIZER_SEEDS":
            monkeypatch.delenv(name)
    with time_limit(25):
        yield


# --------------------------------------------------------------------------- no network in tests

_LOOPBACK_PREFIXES = ("127.", "::1", "localhost")
_real_connect = None


def _guarded_connect(sock, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not host.startswith(_LOOPBACK_PREFIXES) and not host.startswith("/"):
        raise RuntimeError(f"tests must not reach the network (tried {host})")
    return _real_connect(sock, address)


def pytest_configure(config: pytest.Config) -> None:
    """Block every non-loopback connection for the whole session: the suite runs offline."""
    import socket

    global _real_connect
    _real_connect = socket.socket.connect
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
