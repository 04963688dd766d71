"""``summarizer cassettes list|check``: what is on tape, and whether today's requests still match it.

A command of the CLI (it drives the pipeline and the runner's path expansion), so it lives here and not
in ``summarizer.llm``, which stays below the pipeline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarizer.llm.cassette import FORMAT, Cassette
from summarizer.llm.settings import DEFAULT_CASSETTE_DIR, LLMSettings


def run(args: argparse.Namespace) -> int:
    directory = Path(args.cassette_dir) if args.cassette_dir else DEFAULT_CASSETTE_DIR
    if args.cassettes_command == "list":
        return list_cassettes(directory)
    return check(args.paths, directory, update=args.update_hashes)


def list_cassettes(directory: Path) -> int:
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except ValueError as err:
            print(f"{path.name}: unreadable ({err})")
            continue
        if data.get("cassette") != FORMAT:
            continue
        kind = "authored" if data.get("authored") else "recorded"
        source = data.get("source", {})
        print(
            f"{path.name}: {kind}, {source.get('name')} ({str(source.get('sha256', ''))[:12]}), "
            f"{data.get('model')} / {data.get('mode')}, prompts v{data.get('prompt_version')}, "
            f"{len(data.get('interactions', []))} interactions"
        )
    return 0


def check(paths: list[str], directory: Path, *, update: bool) -> int:
    """Replay each report; print drifted, unused and failing interactions. Exit 1 on misses or errors."""
    from summarizer.errors import SummarizerError
    from summarizer.llm.backend import LLMBackend
    from summarizer.pipeline import context_for, report_of
    from summarizer.reader import read_path
    from summarizer.runner import expand_paths

    status = 0
    for path, problem in expand_paths(paths):
        if problem:
            print(f"{path}: {problem}")
            status = 1
            continue
        backend = LLMBackend(LLMSettings(replay=True, cassette_dir=directory, cache=False))
        try:
            ctx = context_for(read_path(path))
            report = report_of(ctx, backend)
        except SummarizerError as err:
            print(f"{path}: {err}")
            status = 1
            continue
        replay = ctx.backend_state.replay
        assert replay is not None
        cassette: Cassette = replay.cassette
        print(
            f"{path}: {cassette.path.name}: {len(replay.used)} replayed, {len(replay.drift)} drifted, "
            f"{len(replay.unused())} unused; verification {report.verification.status}; "
            f"fallbacks {len(report.provenance.fallbacks)}"
        )
        for key in replay.drift:
            print(f"  drift   {key}")
        for key in replay.unused():
            print(f"  unused  {key}")
        for fallback in report.provenance.fallbacks:
            print(f"  fallback {fallback}")
        if update and replay.drift:
            for key, digest in replay.current_digests.items():
                interaction = cassette.get(key)
                if interaction is not None:
                    interaction["request_sha256"] = digest
            cassette.save()
            print(f"  updated request hashes in {cassette.path}")
        backend.close()
    sys.stdout.flush()
    return status
