"""LLM settings from flags and environment, per-provider modes, secret scrubbing, the cassettes command."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.llm.secrets import scrub
from summarizer.llm.settings import LLMSettings, add_llm_arguments, default_mode, endpoint_configured

SECRET = "sk-test-SettingsSecret0123456789"
ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_llm_arguments(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    ("base_url", "model", "mode"),
    [
        (None, "gpt-4o-mini", "tools"),
        (None, "o3-mini", "md_json"),
        ("https://api.deepseek.com", "deepseek-chat", "tools"),
        ("https://api.deepseek.com", "deepseek-reasoner", "md_json"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", "tools"),
        ("https://api.moonshot.cn/v1", "kimi-k2-0905-preview", "md_json"),
        ("http://localhost:8000/v1", "Qwen2.5-7B-Instruct", "tools"),
        ("https://llm.example.org/v1", "house-model", "md_json"),
    ],
)
def test_default_mode_per_provider(base_url: str | None, model: str, mode: str) -> None:
    assert default_mode(base_url, model) == mode


def test_environment_then_flags() -> None:
    env = {
        "OPENAI_API_KEY": SECRET,
        "OPENAI_BASE_URL": "https://api.deepseek.com",
        "SUMMARIZER_MODEL": "deepseek-chat",
        "SUMMARIZER_REASKS": "1",
        "SUMMARIZER_CACHE_DIR": "/tmp/sc",
    }
    settings = LLMSettings.from_args(parse([]), env=env)
    assert (settings.model, settings.mode, settings.reasks, settings.api_key) == (
        "deepseek-chat",
        "tools",
        1,
        SECRET,
    )
    assert (
        settings.cache_dir == Path("/tmp/sc") and settings.temperature == 0.0 and not settings.mode_explicit
    )
    flags = parse(
        [
            "--mode",
            "md_json",
            "--model",
            "deepseek-reasoner",
            "--reasks",
            "0",
            "--attempts",
            "2",
            "--no-cache",
            "--cache-dir",
            "/tmp/other",
            "--price-prompt",
            "0.001",
        ]
    )
    settings = LLMSettings.from_args(flags, env=env)
    assert (settings.mode, settings.mode_explicit, settings.reasks, settings.attempts) == (
        "md_json",
        True,
        0,
        2,
    )
    assert (
        settings.cache is False
        and settings.cache_dir == Path("/tmp/other")
        and settings.price_prompt_per_1k == 0.001
    )
    assert settings.temperature is None  # thinking model: sampling parameters are not sent


def test_record_from_environment_and_replay_flag() -> None:
    assert LLMSettings.from_args(parse([]), env={"SUMMARIZER_RECORD": "1"}).record
    replaying = LLMSettings.from_args(parse(["--replay"]), env={})
    assert replaying.replay and not replaying.use_cache
    with pytest.raises(SystemExit):
        parse(["--replay", "--record"])


def test_endpoint_configured() -> None:
    assert not endpoint_configured({})
    assert endpoint_configured({"OPENAI_API_KEY": SECRET})
    assert endpoint_configured({"OPENAI_BASE_URL": "http://localhost:8000/v1"})


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        LLMSettings(mode="functions")  # type: ignore[arg-type]


def test_key_never_in_repr_and_scrubbed_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    settings = LLMSettings(api_key=SECRET)
    assert SECRET not in repr(settings) and SECRET not in f"{settings}"
    assert (
        scrub(f"401: Incorrect API key provided: {SECRET}") == "401: Incorrect API key provided: <REDACTED>"
    )
    assert "<REDACTED>" in scrub("Authorization: Bearer abcdefghijklmnop")
    with caplog.at_level(logging.DEBUG, logger="openai"):
        logging.getLogger("openai._base_client").debug(
            "request headers %s", {"Authorization": f"Bearer {SECRET}"}
        )
    assert caplog.records and SECRET not in caplog.text


def test_settings_module_stays_light() -> None:
    code = "import sys, summarizer.llm.settings; print('openai' in sys.modules, 'instructor' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]


def test_cassettes_list_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "summarizer", "cassettes", "list"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0
    assert "authored" in out.stdout and "deepseek-chat / tools" in out.stdout
