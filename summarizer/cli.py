"""Command line: ``summarizer run``, ``summarizer verify``, ``summarizer schema``.

Exit codes: 0 every report succeeded and every number verified; 1 a report failed; 2 usage error;
3 all done but some numbers unverified (or, with an LLM, a report degraded or incomplete). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer import __version__, regexes
from summarizer.errors import SummarizerError

if TYPE_CHECKING:
    from summarizer.runner import RunOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNVERIFIED = 0, 1, 2, 3
LIGHT_COMMANDS = ("verify", "schema")  # commands that need neither the LLM options nor their imports

RUN_EXIT_CODES = """\
exit codes: 0 every report done and every number verified; 1 a report (or the input) failed;
2 usage error; 3 every report done, but some numbers are unverified (each marked ⚠ 未核实 in its
briefing; the status line names the first) or, with an LLM, a report is degraded or incomplete; 130 interrupted (finished reports are kept, a rerun resumes)."""

DESCRIPTION = f"""\
Turn 法治政府建设年度报告 into structured JSON and one-minute Markdown briefings, with every number
cross-checked against the source text by rules.

examples:
  summarizer run examples/ -o out/            # offline rules backend unless an LLM endpoint is set
  summarizer run report.txt --backend llm     # needs OPENAI_API_KEY (+ OPENAI_BASE_URL, SUMMARIZER_MODEL)
  summarizer run examples/ --backend llm --replay   # LLM output recorded in cassettes/, no key needed
  cat report.txt | summarizer run - -o out/ --name 青岚县   # '-' reads standard input
  summarizer run report.txt -o - | jq .metrics  # one report's JSON on standard output
  summarizer verify report.txt briefing.md    # check every number of a text against its source
  summarizer schema > report.schema.json

{RUN_EXIT_CODES}
"""


def build_parser(*, with_llm: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``with_llm=False`` leaves out the LLM options of ``run`` and the
    ``cassettes`` command, so that ``verify`` and ``schema`` never import the LLM settings."""
    parser = argparse.ArgumentParser(
        prog="summarizer", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="extract, brief and verify reports",
        description="Write OUTDIR/<stem>.json and OUTDIR/<stem>.md for every report, one status line each.",
        epilog=RUN_EXIT_CODES,
    )
    run.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files (.txt/.html/.docx), directories, or - for stdin",
    )
    run.add_argument(
        "-o",
        "--out",
        default="out",
        metavar="OUTDIR",
        help="output directory (default: out); - writes one report's JSON to standard output",
    )
    run.add_argument(
        "--name",
        metavar="NAME",
        help="output name for the report read from standard input (-); without it each distinct "
        "input gets its own: stdin, stdin-2 …",
    )
    run.add_argument(
        "--backend",
        choices=["auto", "rules", "llm"],
        default="auto",
        help="auto (default): the LLM when an endpoint is configured, else the offline rules backend",
    )
    run.add_argument(
        "--format",
        help="comma-separated outputs per report: json, md, html (default: json,md)",
    )
    run.add_argument(
        "--csv",
        metavar="FILE",
        help="also write every metric of every report in OUTDIR's index to one CSV table (UTF-8 with BOM)",
    )
    run.add_argument(
        "--xlsx",
        metavar="FILE",
        help="also write a workbook (sheets 报告, 指标, 合规, 覆盖) of every report in OUTDIR's index",
    )
    run.add_argument("--strict", action="store_true", help="treat rounded restatements as mismatches")
    run.add_argument(
        "--accept-any",
        action="store_true",
        help="process documents that look like another genre (工作要点, 政府信息公开年度报告 …) anyway",
    )
    run.add_argument(
        "--jsonl", action="store_true", help="print one JSON object per report instead of a line"
    )
    batch = run.add_argument_group(
        "batch runs",
        "Every finished report is recorded in OUTDIR/index.jsonl; rerunning the same command skips "
        "reports whose source and settings are unchanged and finishes the rest (Ctrl-C keeps what is done).",
    )
    batch.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="reports processed at once: worker processes for the rules backend (default: one per "
        "usable core), threads for the LLM backend (default 1)",
    )
    batch.add_argument(
        "--max-in-flight",
        type=_positive_int,
        metavar="N",
        help="LLM requests out at any moment, across all jobs (default: --jobs)",
    )
    batch.add_argument("--rpm", type=_positive_int, metavar="N", help="at most N LLM requests per minute")
    batch.add_argument(
        "--tpm", type=_positive_int, metavar="N", help="at most about N LLM tokens per minute (estimated)"
    )
    batch.add_argument(
        "--force", action="store_true", help="redo every report, even those index.jsonl records as done"
    )
    batch.add_argument(
        "--max-mb",
        type=float,
        metavar="MB",
        help="refuse reports larger than this (default 1; 0 = no limit; real reports are 5–30 KB): a .txt by its size, a web page or Word file by the text read from it (its photos and markup do not count)",
    )
    batch.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress and no per-report lines; failures still listed",
    )
    if with_llm:
        from summarizer.llm.settings import add_llm_arguments

        add_llm_arguments(run)
    run.set_defaults(handler=command_run)

    verify = commands.add_parser(
        "verify",
        help="check every number of a text or report JSON against its source",
        description="Exit 0 when every number is supported, 3 when some are unsupported or mismatched, "
        "1 when the source or candidate cannot be read, 2 for usage errors.",
    )
    verify.add_argument("source", help="the source report (.txt/.html/.docx)")
    verify.add_argument(
        "candidate", help="text/Markdown, or a report JSON written by 'summarizer run' (- for stdin)"
    )
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.add_argument("--strict", action="store_true", help="treat rounded restatements as mismatches")
    verify.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="the report's year, what 今年 and a figure naming no year are read as: 收到…38件 where the "
        "source gives 38件 for the year before and another figure for this year fails (default: a "
        "report JSON's own year, the one a delivered briefing names, 报告年度: 2023年, else the source "
        "report's own, as a run reads it)",
    )
    verify.set_defaults(handler=command_verify)

    schema = commands.add_parser("schema", help="print the JSON Schema of the report")
    schema.set_defaults(handler=command_schema)
    if with_llm:
        _register_llm_commands(commands)
    return parser


def _register_llm_commands(commands: argparse._SubParsersAction) -> None:
    """``summarizer cassettes check|list``; the handler imports the LLM stack only when run."""
    from summarizer.llm.settings import DEFAULT_CASSETTE_DIR

    cassettes = commands.add_parser(
        "cassettes",
        help="inspect the recorded LLM cassettes (replay drift, missing and unused interactions)",
        description="Cassettes are keyed by stage/section/attempt, so prompt or schema edits never need "
        "re-keying; 'check' replays reports and lists interactions whose request changed since recording.",
    )
    actions = cassettes.add_subparsers(dest="cassettes_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="one line per cassette: source, model, mode, interactions")
    listing.add_argument("--cassette-dir", help=f"cassette directory (default {DEFAULT_CASSETTE_DIR})")
    check = actions.add_parser(
        "check", help="replay reports and report drift, misses and unused interactions"
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    check.add_argument("--cassette-dir", help=f"cassette directory (default {DEFAULT_CASSETTE_DIR})")
    check.add_argument(
        "--update-hashes",
        action="store_true",
        help="store the current request hashes (accept the drift after reviewing a prompt/schema change)",
    )
    cassettes.set_defaults(handler=command_cassettes)


def command_cassettes(args: argparse.Namespace) -> int:
    from summarizer.cassettes_cli import run

    work_begins()
    return run(args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Start-up (imports, pydantic's validators, tables) builds a heap that lives as long as the process
    # and holds almost no garbage cycles: the collector would scan it again and again as it grows, a
    # tenth of a one-report run. It is off until a command's own work starts (work_begins) and is
    # given back as it was found, whatever happens.
    collecting = gc.isenabled()
    gc.disable()
    # pydantic looks for plugins in every installed package's metadata when it builds its first
    # validator (a tenth of our start-up, more where more is installed); the CLI uses none, and asks
    # for none unless the environment says otherwise
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return _main(argv)
    finally:
        regexes.save()  # patterns first compiled by this process, for the next (summarizer.regexes)
        if collecting:
            gc.enable()


def program() -> int:
    """:func:`main` as the program (``summarizer``, ``python -m summarizer``), which exits next.

    As it exits, the interpreter runs full collections over the whole heap while it tears the modules
    down: 60-80 ms of CPU after a ``run`` (an eighth of a one-report run), 20 ms after a ``verify``.
    Frozen, the heap is left out of them, and what they would free goes with the process. Nothing waits
    on them: every file of ours is closed by now, and standard output is flushed at exit all the same.
    """
    code = main()
    gc.freeze()
    return code


def work_begins() -> None:
    """Start-up is over: the collector is back on for the command's work (see :func:`main`)."""
    gc.enable()


def _main(argv: list[str]) -> int:
    # verify's wall time is mostly start-up: parse it without the LLM parts (same options, same help)
    parser = build_parser(with_llm=not argv or argv[0] not in LIGHT_COMMANDS)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except SummarizerError as err:
        print(f"summarizer: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except (OSError, ValueError) as err:  # a path we cannot write, a malformed JSON given to verify …
        print(f"summarizer: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("summarizer: interrupted; finished reports are kept", file=sys.stderr)
        return 130


# --------------------------------------------------------------------------- run


def command_run(args: argparse.Namespace) -> int:
    from summarizer.runner import run_batch

    formats = list(dict.fromkeys(f.strip() for f in (args.format or "json,md").split(",") if f.strip()))
    unknown = [f for f in formats if f not in ("json", "md", "html")]
    if unknown or not formats:
        print(f"summarizer run: error: unknown --format {','.join(unknown) or '(empty)'}", file=sys.stderr)
        return EXIT_USAGE
    if problem := unwritable_targets(args) or bad_name(args) or stdout_conflict(args):
        print(f"summarizer run: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    backend = choose_backend(args)
    if backend is None:
        return EXIT_USAGE
    return run_batch(run_options(args, formats), backend)


def run_options(args: argparse.Namespace, formats: list[str] | None = None) -> RunOptions:
    """The runner's only input, from the parsed command line."""
    from summarizer.runner import RunOptions

    return RunOptions(
        paths=tuple(args.paths),
        out=args.out,
        formats=tuple(formats or ("json", "md")),
        csv=args.csv,
        xlsx=args.xlsx,
        strict=args.strict,
        jsonl=args.jsonl,
        jobs=args.jobs,
        force=args.force,
        max_mb=args.max_mb,
        quiet=args.quiet,
        name=args.name,
        accept_any=args.accept_any,
    )


def unwritable_targets(args: argparse.Namespace) -> str | None:
    """Say before any work is done that OUTDIR or --csv cannot be written, not after."""
    out = Path(args.out)
    if args.out != "-" and out.exists() and not out.is_dir():
        return f"-o {out}: exists and is not a directory"
    for option, name in (("--csv", args.csv), ("--xlsx", args.xlsx)):
        if not name:
            continue
        table = Path(name)
        if table.is_dir():
            return f"{option} {table}: is a directory; name a file"
        try:
            table.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            return f"{option} {table}: cannot create its directory ({err.strerror})"
    return None


def bad_name(args: argparse.Namespace) -> str | None:
    from summarizer.runindex import output_stem

    if args.name is None:
        return None
    if "-" not in args.paths:
        return "--name names the report read from standard input; add - to the paths"
    if output_stem(args.name) != args.name:
        return f"--name {args.name!r}: use a plain file name (no '/', no leading '.', at most 240 bytes)"
    return None


def stdout_conflict(args: argparse.Namespace) -> str | None:
    if args.out == "-" and args.format not in (None, "json"):
        return "-o - writes the report's JSON only; --format applies to an output directory"
    return None


def choose_backend(args: argparse.Namespace):
    from summarizer.llm.settings import endpoint_configured
    from summarizer.pipeline import RulesBackend

    asks_for_llm = args.replay or args.record or args.base_url or endpoint_configured()
    wants_llm = args.backend == "llm" or (args.backend == "auto" and asks_for_llm)
    if not wants_llm:
        if args.backend == "auto" and not args.quiet:
            print("summarizer: no LLM endpoint configured; using the offline rules backend", file=sys.stderr)
        return RulesBackend()
    from summarizer.llm.backend import LLMBackend
    from summarizer.llm.settings import LLMSettings

    try:
        settings = LLMSettings.from_args(args, env=os.environ)
    except ValueError as err:  # SUMMARIZER_MODE=bogus, --record with --replay, …
        print(f"summarizer run: error: {_one_line(err)}", file=sys.stderr)
        return None
    if not (args.replay or endpoint_configured(os.environ) or settings.base_url):
        print(
            "summarizer run: error: --backend llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for other providers), "
            "or --replay to use recorded cassettes",
            file=sys.stderr,
        )
        return None
    return LLMBackend(settings, gate=request_gate(args))


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def request_gate(args: argparse.Namespace):
    """One gate for all LLM requests of the run: in flight (default: one per job), rpm, tpm."""
    from summarizer.ratelimit import RequestGate

    return RequestGate(max_in_flight=args.max_in_flight or args.jobs or 1, rpm=args.rpm, tpm=args.tpm)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


# --------------------------------------------------------------------------- verify & schema


def command_verify(args: argparse.Namespace) -> int:
    from summarizer.reader import read_path, read_text
    from summarizer.verify import render_human, verify_report, verify_text

    work_begins()
    source = read_path(args.source)
    candidate = sys.stdin.read() if args.candidate == "-" else read_text(args.candidate)
    report = _as_report_json(candidate)
    if report is not None:
        result = verify_report(source, report, strict=args.strict, report_year=args.year)
    else:
        result = verify_text(source, candidate, strict=args.strict, report_year=args.year)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_human(result, source))
    return EXIT_OK if result.ok else EXIT_UNVERIFIED


def _as_report_json(text: str) -> dict | None:
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) and "schema_version" in data else None


def command_schema(args: argparse.Namespace) -> int:
    from summarizer.render import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
