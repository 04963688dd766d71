"""A real-model check you can rerun (opt-in, never in CI): the example and the seeds through a local model.

Point it at any OpenAI-compatible server (llama.cpp's ``llama-server``, Ollama, vLLM …) and it runs the
bundled example and the real seed reports (``../shared/seeds`` or ``$SUMMARIZER_SEEDS``) in each mode,
printing per report and mode: status, wall time, calls, re-asks, fallbacks, the model's coverage of
what the rules find (per kind, and the mean that decides ``incomplete``), and verified numbers.

    OPENAI_BASE_URL=http://127.0.0.1:8080/v1 SUMMARIZER_MODEL=qwen2.5-1.5b-instruct \\
        python bench/bench_local_model.py --modes tools,json,md_json [--reports example] [--timeout 900]

Without a server, ``--replay DIR`` replays recorded cassettes instead (e.g. ``../shared/realmodel``),
each on the report it answers, in its recorded mode. Responses are never cached here (each run measures
the model), and nothing is written outside a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.llm.backend import LLMBackend  # noqa: E402
from summarizer.llm.settings import LLMSettings  # noqa: E402
from summarizer.pipeline import process  # noqa: E402
from summarizer.reader import read_path  # noqa: E402
from summarizer.runner import _status  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
SEEDS = Path(os.environ.get("SUMMARIZER_SEEDS", ROOT.parent / "shared" / "seeds"))
KINDS = ("measures", "metrics", "first_responsible", "shortcomings", "plans")
HEADER = f"{'report':<22} {'mode':<8} {'status':<11} {'wall s':>7} {'calls':>5} {'reasks':>6} {'fallb':>5} "
HEADER += f"{'cover':>6}  {'per kind (model-matched/rules)':<44} numbers"


def reports(which: str) -> list[Path]:
    chosen = list(EXAMPLES) if which in ("all", "example") else []
    if which in ("all", "seeds"):
        if SEEDS.is_dir():
            chosen += sorted(SEEDS.glob("*.txt"))
        else:
            print(f"(no seeds: {SEEDS} absent)", file=sys.stderr)
    return chosen


def measure(path: Path, settings: LLMSettings, label: str = "") -> str:
    label = (label or path.stem)[:22]
    backend = LLMBackend(settings)
    started = time.monotonic()
    try:
        report = process(read_path(path), backend)
    except SummarizerError as err:
        return f"{label:<22} {settings.mode:<8} {'FAILED':<11} {time.monotonic() - started:>7.1f}  {err}"
    finally:
        backend.close()
    wall = time.monotonic() - started
    p, v = report.provenance, report.verification.summary
    kinds = " ".join(
        f"{k[:5]} {p.coverage[k].matched}/{p.coverage[k].rules}" for k in KINDS if k in p.coverage
    )
    cover = f"{p.coverage_ratio:.0%}" if p.coverage_ratio is not None else "-"
    return (
        f"{label:<22} {p.mode or settings.mode:<8} {_status(report):<11} {wall:>7.1f} {p.llm_calls:>5} "
        f"{p.reasks:>6} {len(p.fallbacks):>5} {cover:>6}  {kinds:<44} {v.supported}/{v.checked - v.ignored}"
    )


def live(args: argparse.Namespace) -> None:
    base = LLMSettings.from_env()
    if not base.base_url and not base.api_key:
        sys.exit(
            "bench_local_model: set OPENAI_BASE_URL (a local OpenAI-compatible server) or use --replay DIR"
        )
    print(
        f"endpoint {base.base_url} · model {base.model} · timeout {args.timeout}s · max_tokens {args.max_tokens}"
    )
    print(HEADER)
    for path in reports(args.reports):
        for mode in args.modes.split(","):
            settings = base.with_(
                mode=mode, mode_explicit=True, cache=False, timeout=args.timeout, max_tokens=args.max_tokens
            )
            print(measure(path, settings), flush=True)


def replay(args: argparse.Namespace) -> None:
    print(HEADER)
    for cassette in sorted(Path(args.replay).glob("*.json")):
        name = json.loads(cassette.read_text("utf-8")).get("source", {}).get("name", "")
        source = next((p for p in [*EXAMPLES, *SEEDS.glob("*.txt")] if p.name == name), None)
        if source is None:
            print(f"{cassette.stem:<22} (its report {name} is absent)")
            continue
        with tempfile.TemporaryDirectory() as tmp:  # one cassette per directory: they share a report
            shutil.copy(cassette, Path(tmp) / cassette.name)
            settings = LLMSettings(replay=True, cache=False, cassette_dir=Path(tmp))
            print(measure(source, settings, label=cassette.stem), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modes", default="tools,json,md_json", help="comma-separated modes to run")
    parser.add_argument("--reports", choices=["all", "example", "seeds"], default="all")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds per request (CPU models are slow)"
    )
    parser.add_argument("--max-tokens", type=int, default=2048, help="completion tokens per call")
    parser.add_argument("--replay", metavar="DIR", help="replay recorded cassettes instead of a live server")
    args = parser.parse_args()
    replay(args) if args.replay else live(args)


if __name__ == "__main__":
    main()
