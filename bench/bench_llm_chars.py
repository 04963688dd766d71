"""Characters sent to the LLM per report / report characters (prompts and schemas included). Target <= 2.0.

Counts every request of the success path: message texts plus the schema payload of the mode (tools /
response_format, compact JSON). The denominator is the cleaned report text. The bundled example replays
its cassette (its re-asks are shown separately); fixtures without a cassette are answered by a fake that
returns the rules backend's facts in the LLM's shape, so the briefing call sees a realistic extraction
(the fixtures' own cassettes script failure cases, so they are not used here). Real seed reports are
measured too when ../shared/seeds is present.

    python bench/bench_llm_chars.py [--modes tools,md_json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import extract_rules  # noqa: E402
from summarizer.llm.backend import LLMBackend  # noqa: E402
from summarizer.llm.cassette import CURRENT_CALL, completion  # noqa: E402
from summarizer.llm.settings import LLMSettings  # noqa: E402
from summarizer.metadata import extract_metadata  # noqa: E402
from summarizer.outline import build_outline  # noqa: E402
from summarizer.pipeline import context_for, report_of  # noqa: E402
from summarizer.reader import read_path  # noqa: E402

REPORTS = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("f0*"))
SEEDS = Path(os.environ.get("SUMMARIZER_SEEDS", ROOT.parent / "shared" / "seeds"))  # real reports, if present
PAYLOAD_KEYS = ("tools", "tool_choice", "response_format")


def sent_chars(request: dict[str, Any]) -> int:
    """Prompt characters of one request: message texts + the mode's schema payload as compact JSON."""
    text = sum(len(m.get("content") or "") for m in request["messages"])
    payload = {k: request[k] for k in PAYLOAD_KEYS if k in request}
    return text + len(json.dumps(payload, ensure_ascii=False, separators=(",", ":"))) if payload else text


class Meter:
    """Wraps a create: counts characters per request, first attempts and re-asks apart."""

    def __init__(self, create: Any) -> None:
        self.create = create
        self.first = self.reasks = self.requests = 0
        self.seen: set[str] = set()

    def __call__(self, **kwargs: Any) -> Any:
        label = CURRENT_CALL.get()
        chars = sent_chars(kwargs)
        if label in self.seen:
            self.reasks += chars
        else:
            self.first += chars
            self.seen.add(label)
        self.requests += 1
        return self.create(**kwargs)


class RulesShapedAnswers:
    """A fake model that answers each extraction call with the rules backend's facts."""

    def __init__(self, path: Path, mode: str) -> None:
        self.doc = read_path(path)
        outline = build_outline(self.doc)
        self.rules = extract_rules.extract(self.doc, outline, extract_metadata(self.doc))
        self.mode = mode

    def __call__(self, **kwargs: Any) -> Any:
        from openai.types.chat import ChatCompletion

        label = CURRENT_CALL.get()
        payload = self._briefing() if label == "briefing" else self._extraction(label)
        name = "BriefingOut" if label == "briefing" else "ReportParts"
        return ChatCompletion.model_validate(completion(self.mode, payload, name=name, model="bench"))

    def _extraction(self, label: str) -> dict[str, Any]:
        r = self.rules

        def items(values: list[Any]) -> list[str]:
            return [f"{(i.title or i.text[:12]).replace('|', '')}｜{i.text[:60]}" for i in values]

        payload: dict[str, Any] = {}
        if "achievements" in label:
            payload["measures"] = [f"{m.title}｜{m.summary}｜{m.text[:60]}" for m in r.measures]
            payload["metrics"] = [
                f"{re.sub(r'[0-9０-９|]', '', m.name)}｜{m.text}｜{m.text}" for m in r.metrics
            ]
        if "shortcomings" in label:
            payload["shortcomings"] = items(r.shortcomings.items)
        if "plans" in label:
            payload["plans"] = items(r.plans.items)
        if "first_responsible" in label:
            payload["first_responsible"] = items(r.first_responsible_person.items)
        return payload

    def _briefing(self) -> dict[str, Any]:
        return {"headline": [f"{m.title}｜K1" for m in self.rules.measures[:3]]}


def measure(path: Path, mode: str) -> dict[str, Any]:
    # only the example's cassette is a success path in tools mode; the fixtures' tapes script failures
    if path.parent.name == "examples" and mode == "tools":
        settings = LLMSettings(replay=True, cache=False)
        meter = Meter(lambda **kw: None)
        backend = LLMBackend(settings)
        doc = read_path(path)
        ctx = context_for(doc)
        session = backend._session(ctx)
        replay = session.llm._create
        meter.create = replay
        session.llm._create = meter
        source = "cassette"
    else:
        meter = Meter(RulesShapedAnswers(path, mode))
        settings = LLMSettings(mode=mode, cache=False, api_key="bench-no-network", reasks=0)
        backend = LLMBackend(settings, create=meter)
        doc = read_path(path)
        ctx = context_for(doc)
        source = "rules-shaped fake"
    report_of(ctx, backend)
    backend.close()
    chars = len(doc.text)
    return {
        "report": path.name,
        "mode": mode,
        "answers": source,
        "report_chars": chars,
        "requests": meter.requests,
        "sent_first": meter.first,
        "ratio": meter.first / chars,
        "ratio_with_reasks": (meter.first + meter.reasks) / chars,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="tools,md_json")
    modes = parser.parse_args().modes.split(",")
    reports = REPORTS + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    print(
        f"{'report':<42} {'mode':<8} {'chars':>6} {'req':>4} {'sent':>7} {'ratio':>6} {'+reasks':>8}  answers"
    )
    for mode in modes:
        rows = [measure(path, mode) for path in reports]
        for row in rows:
            print(
                f"{row['report'][:42]:<42} {mode:<8} {row['report_chars']:>6} {row['requests']:>4} "
                f"{row['sent_first']:>7} {row['ratio']:>6.2f} {row['ratio_with_reasks']:>8.2f}  {row['answers']}"
            )
        for name, group in (("example+fixtures", rows[: len(REPORTS)]), ("real seeds", rows[len(REPORTS) :])):
            if group:
                total = sum(r["sent_first"] for r in group) / sum(r["report_chars"] for r in group)
                worst = max(group, key=lambda r: r["ratio"])
                print(
                    f"  {name} ({mode}): overall {total:.2f}, worst {worst['ratio']:.2f} ({worst['report']})"
                )


if __name__ == "__main__":
    main()
