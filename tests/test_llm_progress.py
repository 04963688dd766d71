"""Live progress on the LLM path: calls, re-asks, tokens and the wait for a slow endpoint move while a
report is under way, not only when it ends."""

from __future__ import annotations

import io
import time
from typing import Any

from test_llm_weak_model import BRIEFING, COMBINED, GOOD, REPORT, Endpoint, tools

from summarizer.document import Document
from summarizer.llm.backend import LLMBackend
from summarizer.llm.settings import LLMSettings
from summarizer.pipeline import process
from summarizer.progress import Counters, Progress
from summarizer.runner import counters_of


def test_counters_move_during_a_report_and_show_a_request_in_flight() -> None:
    seen: list[Counters] = []
    holder: dict[str, Any] = {}

    def watched(payload: dict[str, Any], name: str = "ReportParts") -> Any:
        def reply(kwargs: dict[str, Any]) -> Any:
            time.sleep(0.05)  # the endpoint thinks
            seen.append(counters_of(holder["backend"])())
            return tools(payload, name)

        return reply

    wrong = {**GOOD, "metrics": ["公示执法信息｜1300条｜全年公示执法信息1200条"]}
    endpoint = Endpoint(
        {COMBINED: [watched(wrong), watched(GOOD)], "briefing": [watched(BRIEFING, "BriefingOut")]}
    )
    backend = holder["backend"] = LLMBackend(
        LLMSettings(api_key="sk-test-progress-000000", cache=False, mode="tools"), create=endpoint
    )
    process(Document.from_text(REPORT, path="p.txt"), backend)
    # inside each request: the earlier requests are already counted, with their tokens and re-asks
    assert [c.calls for c in seen] == [0, 1, 2]
    assert [c.reasks for c in seen] == [0, 0, 1]
    assert seen[1].tokens == 120 and seen[2].tokens == 240
    assert all(c.waiting >= 0.04 for c in seen)  # a request is out and has been waiting
    final = counters_of(backend)()
    assert (final.calls, final.reasks, final.waiting) == (3, 1, 0.0)


def test_log_mode_heartbeat_says_a_slow_endpoint_is_working() -> None:
    stream = io.StringIO()
    now = [0.0]
    counters = Counters(calls=2, tokens=4100, reasks=1, waiting=125.0)
    progress = Progress(
        1, mode="log", stream=stream, counters=lambda: counters, heartbeat=30.0, clock=lambda: now[0]
    )
    progress.refresh()
    assert stream.getvalue() == ""  # nothing yet: the heartbeat is not a flood
    now[0] = 31.0
    progress.refresh()
    line = stream.getvalue().strip()
    assert line.startswith("summarizer: 0/1 reports")
    assert "2 calls, 0 cached, 4.1k tokens, 1 re-asks" in line and "waiting 2:05 for the endpoint" in line
    now[0] = 40.0
    progress.refresh()
    assert stream.getvalue().count("\n") == 1


def test_the_rules_backend_has_no_heartbeat() -> None:
    stream = io.StringIO()
    progress = Progress(1, mode="log", stream=stream, heartbeat=0.0)
    progress.refresh()
    assert stream.getvalue() == ""
