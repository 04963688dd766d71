"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 for fault-injection tests and benches.

``FakeLLMServer`` (``http.server`` in a thread, ephemeral port) answers ``POST /v1/chat/completions``
with *valid* answers built from the request itself: every 【part】 block of the extraction prompt is cut
into sentences, each sentence becomes a measure/item quoting itself verbatim, and every quantity the
number engine finds in a sentence becomes a metric quoting that sentence; the briefing answer restates
the facts it is given, by id. So answers verify against the source without knowing the report.

Faults are injected by rules matched against the request's text (an issuer name, a part label such as
【存在的不足】, or any string): ``429`` (with Retry-After), ``500``, ``slow`` (sleeps past the client
timeout), ``drop`` (closes the connection without answering), ``malformed`` (broken JSON),
``truncated`` (finish_reason=length), ``refusal``, ``401``, ``html`` (a 200 whose body is a proxy's
HTML page), ``badjson`` (a 200 labelled JSON whose body is not), ``trickle`` (the headers at once, then a
valid answer one byte every ``seconds``: no single read waits long). ``latency`` delays every answer.
``liar(stage, request_text, answer) -> answer`` rewrites every well-formed answer (planted lies).

``make_report(i)`` writes invented reports (fictional 县 names built from ``NAME_CHARS``) whose
numbers differ per report, so their LLM requests never share a cache key.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer.llm.cassette import completion
from summarizer.llm.responses import STAGE_LABELS, fields_for
from summarizer.numbers import extract_mentions

NAME_CHARS = ("青岚泉云澜梧柳杉棠桐", "山水河湖川原林峰溪谷", "东南西北中上下前后新")
BLOCK_HEADER = re.compile(r"^【(.+?)】$")
SENTENCE = re.compile(r"[^。；！？\n]*[。；！？]")
CLAUSE_BREAK = re.compile(r"[，,、；;：:。(（)）]|[0-9]")
FACT_LINE = re.compile(r"^([KM]\d+) (.+)$", re.MULTILINE)
STAGE_OF_LABEL = {label: stage for stage, label in STAGE_LABELS.items()}
TITLE_CHARS = 15  # the prompts ask for titles of at most 15 characters
TITLE_BREAK = re.compile(r"[，,、；;：:。]")
ITEM_MARKER = re.compile(r"^[(（][^)）]{1,3}[)）]")


# --------------------------------------------------------------------------- invented reports


def county_name(i: int) -> str:
    a, b, c = NAME_CHARS
    return a[i % 10] + b[(i // 10) % 10] + c[(i // 100) % 10] + "县"


def make_report(i: int, year: int = 2023) -> str:
    """A short invented 法治政府建设年度报告 (all five statutory elements but 第一责任人)."""
    name = county_name(i)
    n = i % 97
    return (
        f"{name}人民政府关于{year}年度法治政府建设情况的报告\n\n"
        "中共梧源市委、梧源市人民政府：\n"
        f"{year}年，{name}深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。\n\n"
        "一、主要举措和成效\n"
        f"(一)加强规范性文件管理。审核规范性文件{12 + n}件，清理文件{30 + n}件，废止{4 + n % 5}件。\n"
        f"(二)严格规范行政执法。组织执法人员培训{3 + n % 7}场次，参训{200 + 3 * n}人次，评查案卷{60 + n}卷。\n"
        f"(三)提升政务服务水平。全程网办率达到{80 + n % 19}.{n % 10}%，办理政务服务事项{1 + n % 9}.{n % 7}万件。\n\n"
        "二、存在的不足\n"
        "一是执法力量仍然不足，基层执法人员专业素质有待提高。二是法治宣传的针对性不强。\n\n"
        f"三、{year + 1}年工作安排\n"
        "(一)深化行政执法改革。全面推行行政执法公示制度。\n"
        "(二)加强法治宣传教育。开展以案释法活动。\n"
    )


# --------------------------------------------------------------------------- answers


def _user_texts(body: dict[str, Any]) -> list[str]:
    return [m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"]


def blocks_of(text: str) -> list[tuple[str, str]]:
    """(stage, block text) for every 【label】 block of an extraction prompt."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        header = BLOCK_HEADER.match(line.strip())
        if header and header.group(1) in STAGE_OF_LABEL:
            blocks.append((STAGE_OF_LABEL[header.group(1)], []))
        elif blocks:
            blocks[-1][1].append(line)
    return [(stage, "\n".join(lines)) for stage, lines in blocks]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if len(s.strip()) >= 6]


def item_title(sentence: str) -> str:
    """What a model calls an item: the words of its sentence's first clause (a title drawn from the
    item itself, as the validators want it)."""
    clause = ITEM_MARKER.sub("", TITLE_BREAK.split(sentence.strip())[0])
    return clause.strip()[:TITLE_CHARS] or sentence[:TITLE_CHARS]


def metric_name(sentence: str, at: int) -> str:
    """What a number counts, as a model names it: the words of its clause before it."""
    clause = CLAUSE_BREAK.split(sentence[:at])[-1]
    return clause.strip("，,、 ") or "工作数据"


def extraction_answer(text: str) -> dict[str, Any]:
    blocks = blocks_of(text)
    stages = tuple(dict.fromkeys(stage for stage, _ in blocks))
    answer: dict[str, Any] = {name: [] for name in fields_for(stages)}
    if "causes" in answer:
        answer["causes"] = ""
    for stage, block in blocks:
        for sentence in sentences(block):
            if stage == "achievements":
                answer["measures"].append(f"工作举措｜{sentence}｜{sentence}")
                answer["metrics"] += [
                    f"{metric_name(sentence, m.start)}｜{m.raw}｜{sentence}"
                    for m in extract_mentions(sentence)
                    if m.is_quantity
                ]
            else:
                answer[stage].append(f"{item_title(sentence)}｜{sentence}")
    return answer


def briefing_answer(text: str) -> dict[str, Any]:
    facts = FACT_LINE.findall(text)
    ranked = [f for f in facts if f[0].startswith("M")] + [f for f in facts if f[0].startswith("K")]
    return {"headline": [f"{line}｜{ref}" for ref, line in ranked[:4]]}


# --------------------------------------------------------------------------- faults


@dataclass
class Fault:
    kind: str  # 429 | 500 | 401 | slow | drop | malformed | truncated | refusal | html | badjson | trickle
    match: str = ""  # a substring of the request's user text ("" matches every request)
    times: int = 1  # how many matching requests get it (-1: all)
    retry_after: str | None = None  # for 429: the Retry-After header value
    seconds: float = 1.0  # for slow; for trickle, between bytes


@dataclass
class Seen:
    """One request as the server saw it."""

    arrived: float
    answered: float  # when the answer was sent (for a 429: when the pause began)
    issuer: str
    stage: str  # extract | briefing
    fault: str  # the fault served, or "valid"


@dataclass
class FakeState:
    issuers: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    latency: float = 0.0
    liar: Callable[[str, str, dict[str, Any]], dict[str, Any]] | None = None
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self, text: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times != 0 and fault.match in text:
                    fault.times -= fault.times > 0
                    return fault
        return None

    def issuer_of(self, text: str) -> str:
        return next((name for name in self.issuers if name in text), "?")


class FakeLLMServer:
    """``with FakeLLMServer() as server: ... server.url`` — stopped (and its port freed) on exit."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        issuers: list[str] | None = None,
        liar: Callable[[str, str, dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        self.state = FakeState(issuers=list(issuers or []), latency=latency, liar=liar)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def add_fault(self, kind: str, match: str = "", **kw: Any) -> Fault:
        fault = Fault(kind, match, **kw)
        self.state.faults.append(fault)
        return fault

    def requests_for(self, issuer: str) -> int:
        return sum(s.issuer == issuer for s in self.state.seen)

    def counts(self) -> Counter[str]:
        return Counter(s.issuer for s in self.state.seen)

    def start(self) -> FakeLLMServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed or impatient client is normal
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    state: FakeState

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        arrived = time.monotonic()
        body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        text = "\n".join(_user_texts(body))
        stage = "extract" if blocks_of(text) else "briefing"
        fault = self.state.take_fault(text)
        seen = Seen(arrived, arrived, self.state.issuer_of(text), stage, fault.kind if fault else "valid")
        with self.state.lock:
            self.state.seen.append(seen)  # at arrival: a client may give up before the answer
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self._serve(body, text, stage, fault)
        seen.answered = time.monotonic()

    def _serve(self, body: dict[str, Any], text: str, stage: str, fault: Fault | None) -> None:
        kind = fault.kind if fault else "valid"
        if kind == "drop":
            self.close_connection = True
            return
        if kind in ("429", "500", "401"):  # errors come back at once; answers take ``latency``
            headers = {"retry-after": fault.retry_after} if fault and fault.retry_after else {}
            message = {"429": "rate limit reached", "500": "internal error", "401": "invalid api key"}[kind]
            self._send(int(kind), {"error": {"message": message, "type": kind}}, headers)
            return
        time.sleep(self.state.latency + (fault.seconds if fault and kind == "slow" else 0.0))
        if kind in ("html", "badjson"):
            page = b"<html><body>502 Bad Gateway (upstream busy)</body></html>"
            self._send_raw(200, page, "text/html" if kind == "html" else "application/json")
            return
        if kind == "trickle":
            data = json.dumps(self._completion(body, text, stage, kind), ensure_ascii=False).encode("utf-8")
            self._send_raw(200, data, pause=fault.seconds if fault else 0.0)
            return
        self._send(200, self._completion(body, text, stage, kind))

    def _completion(self, body: dict[str, Any], text: str, stage: str, kind: str) -> dict[str, Any]:
        tools = body.get("tools")
        mode = "tools" if tools else ("json" if body.get("response_format") else "md_json")
        name = (
            tools[0]["function"]["name"]
            if tools
            else ("ReportParts" if stage == "extract" else "BriefingOut")
        )
        payload: dict[str, Any] | str = (
            extraction_answer(text) if stage == "extract" else briefing_answer(text)
        )
        if self.state.liar is not None and isinstance(payload, dict):
            payload = self.state.liar(stage, text, payload)
        extra: dict[str, Any] = {}
        if kind == "malformed":
            payload = '{"measures": ["工作举措｜缺少引号'
        elif kind == "truncated":
            extra["finish_reason"] = "length"
        elif kind == "refusal":
            extra["refusal"] = "抱歉，无法处理该请求。"
        answer_chars = len(json.dumps(payload, ensure_ascii=False))
        return completion(
            mode,
            payload,
            name=name,
            model=body.get("model", "fake-model"),
            prompt_tokens=len(text),
            completion_tokens=answer_chars // 2,
            **extra,
        )

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers)

    def _send_raw(
        self,
        status: int,
        data: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        pause: float = 0.0,
    ) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not pause:
            self.wfile.write(data)
            self.wfile.flush()
            return
        self.wfile.flush()  # the headers now, the body a byte at a time
        for i in range(len(data)):
            time.sleep(pause)
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()


# --------------------------------------------------------------------------- time limits


class TimeLimitExceeded(AssertionError):
    pass


class time_limit:  # noqa: N801 - used like a function: ``with time_limit(20): ...``
    """Fail (in the main thread, via SIGALRM) when the block runs longer than ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        import signal

        def expire(signum: int, frame: Any) -> None:
            raise TimeLimitExceeded(f"test exceeded its {self.seconds}s time limit")

        self._previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(self.seconds)

    def __exit__(self, *exc: object) -> None:
        import signal

        signal.alarm(0)
        signal.signal(signal.SIGALRM, self._previous)
