"""The versioned prompt files in the repository's ``prompts/`` directory.

Placeholders are ``$name`` (``string.Template``), filled in a single pass, so braces, dollar signs or
template syntax inside the report text are sent exactly as written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from summarizer.llm.settings import shipped_dir

STAGES = ("extract", "achievements", "shortcomings", "plans", "first_responsible", "briefing")


def prompts_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_PROMPTS_DIR") or shipped_dir("prompts"))


@dataclass(frozen=True)
class Prompts:
    version: str
    system: str
    stages: dict[str, str]

    def user(self, stage: str, **values: object) -> str:
        return Template(self.stages[stage]).safe_substitute({k: str(v) for k, v in values.items()})

    def messages(self, stage: str, *, system: bool = True, **values: object) -> list[dict[str, str]]:
        user = {"role": "user", "content": self.user(stage, **values)}
        return [{"role": "system", "content": self.system}, user] if system else [user]


@cache
def load_prompts(directory: Path | None = None) -> Prompts:
    directory = directory or prompts_dir()
    read = lambda name: (directory / name).read_text("utf-8").strip()  # noqa: E731
    return Prompts(
        version=read("VERSION"),
        system=read("system.md"),
        stages={stage: read(f"{stage}.md") for stage in STAGES},
    )
