"""LLM settings from CLI flags and the environment, with a per-provider default structured-output mode.

Import-light: no openai/instructor here, so ``--help`` and "is an endpoint configured?" stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from summarizer import regexes
from summarizer.llm.secrets import REDACTED, register_secret

Mode = Literal["tools", "json", "md_json", "json_schema"]
MODES: tuple[Mode, ...] = ("tools", "json", "md_json", "json_schema")
REPO_ROOT = Path(__file__).resolve().parents[2]


def shipped_dir(name: str) -> Path:
    """``prompts/`` or ``cassettes/``: the repository's copy (editable install), else the copy a regular
    install puts under ``<prefix>/share/summarizer/`` (pyproject data-files)."""
    in_repo = REPO_ROOT / name
    return in_repo if in_repo.is_dir() else Path(sys.prefix) / "share" / "summarizer" / name


DEFAULT_CASSETTE_DIR = shipped_dir("cassettes")
DEFAULT_MODEL = "gpt-4o-mini"
# A model that follows the prompt covers most rules items (the bundled example's cassette: 0.875 as the
# mean over kinds; metrics alone about 0.4, since only the key figures are asked for), while 0.5B-1.5B
# local models cover almost none: half the rules' items, per kind on average, separates the two.
DEFAULT_MIN_COVERAGE = 0.5

# Substrings of the model name that mark a thinking/reasoning model: forced tool_choice is rejected by
# some of them, and sampling parameters are often fixed, so they get md_json.
THINKING_MARKERS = ("reasoner", "thinking", "-r1", "qwq")
O_SERIES = regexes.compile(r"(?:^|[/:])o[1-9](?:$|[-.])")  # OpenAI o1/o3/o4-mini …, not gpt-4o
TOOLS_PROVIDERS = ("deepseek", "dashscope", "aliyuncs", "qwen", "vllm", "openai.com")
MD_JSON_PROVIDERS = ("moonshot", "kimi")
FIXED_SAMPLING = ("kimi", "moonshot")  # sampling parameters are fixed on these; never send temperature


def default_mode(base_url: str | None, model: str | None) -> Mode:
    """The structured-output mode that works for this provider/model (md_json when in doubt)."""
    name = (model or "").lower()
    host = (urlparse(base_url).hostname or "").lower() if base_url else "api.openai.com"
    if _is_thinking(name):
        return "md_json"
    if any(p in host or p in name for p in MD_JSON_PROVIDERS):
        return "md_json"
    if any(p in host for p in TOOLS_PROVIDERS) or name.startswith(("deepseek", "qwen", "gpt-")):
        return "tools"
    if base_url and _is_local_vllm(base_url):
        return "tools"
    return "md_json"


def _is_thinking(name: str) -> bool:
    return any(marker in name for marker in THINKING_MARKERS) or bool(O_SERIES.search(name))


def _is_local_vllm(base_url: str) -> bool:
    """vLLM's OpenAI server listens on :8000 by default and supports named (forced) tool choice."""
    parsed = urlparse(base_url)
    return parsed.hostname in ("localhost", "127.0.0.1", "::1") and parsed.port == 8000


def default_temperature(base_url: str | None, model: str | None) -> float | None:
    name = f"{base_url or ''} {model or ''}".lower()
    if any(marker in name for marker in FIXED_SAMPLING) or _is_thinking((model or "").lower()):
        return None
    return 0.0


def default_cache_dir(env: Mapping[str, str]) -> Path:
    if env.get("SUMMARIZER_CACHE_DIR"):
        return Path(env["SUMMARIZER_CACHE_DIR"]).expanduser()
    base = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "summarizer"


def endpoint_configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether an LLM endpoint is configured (an API key, or a base URL such as a local server)."""
    env = os.environ if env is None else env
    return bool(_api_key(env) or env.get("OPENAI_BASE_URL"))


def _api_key(env: Mapping[str, str]) -> str | None:
    return env.get("SUMMARIZER_API_KEY") or env.get("OPENAI_API_KEY") or None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class LLMSettings:
    """Everything the LLM backend needs; ``repr`` never shows the key."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: Mode = "tools"
    mode_explicit: bool = False  # set by flag/env rather than inferred (replay keeps the cassette's mode)
    temperature: float | None = 0.0
    max_tokens: int = 4096
    timeout: float = 120.0
    reasks: int = 2  # validation re-asks after the first answer (instructor max_retries)
    attempts: int = 4  # transport attempts per call (tenacity), 1 = no retry
    price_prompt_per_1k: float | None = None
    price_completion_per_1k: float | None = None
    cache: bool = True
    cache_dir: Path = field(default_factory=lambda: default_cache_dir(os.environ))
    replay: bool = False
    record: bool = False
    cassette_dir: Path = DEFAULT_CASSETTE_DIR
    chunk_chars: int = 4500  # source text per call; longer parts are split by subsection
    fallback: bool = True  # False (--no-fallback): a part the model cannot answer fails the report
    min_coverage: float = DEFAULT_MIN_COVERAGE  # below this share of the rules' items: incomplete

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.replay and self.record:
            raise ValueError("--replay and --record exclude each other")
        register_secret(self.api_key)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={REDACTED if f.name == 'api_key' and self.api_key else getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"LLMSettings({shown})"

    __str__ = __repr__

    @property
    def provider(self) -> str:
        return (urlparse(self.base_url).hostname or "custom") if self.base_url else "openai"

    @property
    def use_cache(self) -> bool:
        """Replay is already free and deterministic; recording must reach the endpoint."""
        return self.cache and not self.replay and not self.record

    def with_(self, **changes: object) -> LLMSettings:
        return replace(self, **changes)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        if self.price_prompt_per_1k is None and self.price_completion_per_1k is None:
            return None
        return round(
            prompt_tokens / 1000 * (self.price_prompt_per_1k or 0.0)
            + completion_tokens / 1000 * (self.price_completion_per_1k or 0.0),
            6,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings:
        return cls.from_args(argparse.Namespace(), env)

    @classmethod
    def from_args(cls, args: argparse.Namespace, env: Mapping[str, str] | None = None) -> LLMSettings:
        """Flags win over the environment, which wins over per-provider defaults."""
        env = os.environ if env is None else env

        def pick(flag: str, var: str | None = None) -> str | None:
            value = getattr(args, flag, None)
            if value is not None:
                return str(value)
            return env.get(var) if var else None

        base_url = pick("base_url", "OPENAI_BASE_URL") or None
        model = pick("model", "SUMMARIZER_MODEL") or DEFAULT_MODEL
        mode = pick("mode", "SUMMARIZER_MODE")
        temperature = pick("temperature", "SUMMARIZER_TEMPERATURE")
        cache_dir = pick("cache_dir")
        cassette_dir = pick("cassette_dir", "SUMMARIZER_CASSETTE_DIR")
        return cls(
            model=model,
            base_url=base_url,
            api_key=_api_key(env),
            mode=mode or default_mode(base_url, model),  # type: ignore[arg-type]
            mode_explicit=bool(mode),
            temperature=float(temperature) if temperature else default_temperature(base_url, model),
            max_tokens=int(pick("max_tokens", "SUMMARIZER_MAX_TOKENS") or 4096),
            timeout=float(pick("timeout", "SUMMARIZER_TIMEOUT") or 120),
            reasks=int(pick("reasks", "SUMMARIZER_REASKS") or 2),
            attempts=max(1, int(pick("attempts", "SUMMARIZER_ATTEMPTS") or 4)),
            price_prompt_per_1k=_float(pick("price_prompt", "SUMMARIZER_PRICE_PROMPT")),
            price_completion_per_1k=_float(pick("price_completion", "SUMMARIZER_PRICE_COMPLETION")),
            cache=not getattr(args, "no_cache", False) and not _truthy(env.get("SUMMARIZER_NO_CACHE")),
            cache_dir=Path(cache_dir).expanduser() if cache_dir else default_cache_dir(env),
            replay=bool(getattr(args, "replay", False)),
            record=bool(getattr(args, "record", False)) or _truthy(env.get("SUMMARIZER_RECORD")),
            cassette_dir=Path(cassette_dir).expanduser() if cassette_dir else DEFAULT_CASSETTE_DIR,
            chunk_chars=int(pick("chunk_chars", "SUMMARIZER_CHUNK_CHARS") or 4500),
            fallback=not getattr(args, "no_fallback", False)
            and not _truthy(env.get("SUMMARIZER_NO_FALLBACK")),
            min_coverage=_share(pick("min_coverage", "SUMMARIZER_MIN_COVERAGE"), DEFAULT_MIN_COVERAGE),
        )


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def _share(value: str | None, default: float) -> float:
    share = _float(value)
    if share is None:
        return default
    if not 0 <= share <= 1:
        raise ValueError(f"min coverage must be a share between 0 and 1, not {value}")
    return share


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    """The LLM flags (all optional; the environment and per-provider defaults fill the rest)."""
    group = parser.add_argument_group("LLM backend (also from OPENAI_API_KEY, OPENAI_BASE_URL, SUMMARIZER_*)")
    group.add_argument("--model", help=f"model name (SUMMARIZER_MODEL; default {DEFAULT_MODEL})")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint (OPENAI_BASE_URL)")
    group.add_argument(
        "--mode",
        choices=MODES,
        help="structured-output mode (SUMMARIZER_MODE); default by provider: tools for OpenAI, DeepSeek, "
        "Qwen, vLLM; md_json for Kimi/Moonshot, thinking models and unknown endpoints",
    )
    group.add_argument("--temperature", type=float, help="sampling temperature (default 0; omitted for Kimi)")
    group.add_argument("--max-tokens", type=int, help="completion token limit per call (default 4096)")
    group.add_argument(
        "--timeout",
        type=float,
        help="seconds per request, until its whole answer has arrived (SUMMARIZER_TIMEOUT; default 120)",
    )
    group.add_argument("--reasks", type=int, help="validation re-asks per call (default 2)")
    group.add_argument(
        "--attempts", type=int, help="transport attempts per call, 429/5xx/timeouts (default 4)"
    )
    group.add_argument("--price-prompt", type=float, help="price per 1k prompt tokens, for the cost figure")
    group.add_argument("--price-completion", type=float, help="price per 1k completion tokens")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the response cache")
    group.add_argument(
        "--no-fallback",
        action="store_true",
        help="a part the model cannot answer fails the report instead of falling back to the rules "
        "(SUMMARIZER_NO_FALLBACK)",
    )
    group.add_argument(
        "--min-coverage",
        type=float,
        metavar="SHARE",
        help="a report whose model items cover less than this mean share of the rules' items, per kind, "
        f"is incomplete (SUMMARIZER_MIN_COVERAGE; default {DEFAULT_MIN_COVERAGE})",
    )
    group.add_argument(
        "--cache-dir", help="response cache (SUMMARIZER_CACHE_DIR; default ~/.cache/summarizer)"
    )
    replay = group.add_mutually_exclusive_group()
    replay.add_argument("--replay", action="store_true", help="answer LLM calls from recorded cassettes only")
    replay.add_argument(
        "--record", action="store_true", help="call the endpoint and record cassettes (SUMMARIZER_RECORD=1)"
    )
    group.add_argument("--cassette-dir", help=f"cassette directory (default {DEFAULT_CASSETTE_DIR})")
