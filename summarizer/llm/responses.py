"""What the model is asked for: pydantic response models whose Chinese field descriptions guide it.

The model supplies judgement (titles, summaries, names) and evidence (verbatim quotes, numbers as
written); offsets, canonical values, units and areas are computed by us. On the wire each fact is one
compact *row* — ``标题｜摘要｜原文引文`` — rather than a nested object: Chinese annual reports are short
(2–4 thousand characters), and a nested JSON schema would cost more characters per call than the
section text itself. Rows are parsed into the pydantic models below before validation (objects are
accepted too), so everything downstream is typed.

One extraction call may cover several parts of a short report; its response model has only the fields
of the parts sent (:func:`extraction_model`). Every top-level model validates itself against the source
held in the grounding ContextVar (:mod:`summarizer.llm.grounding`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    model_validator,
)

from summarizer import regexes
from summarizer.llm import grounding
from summarizer.llm.grounding import GroundingState

Problems = dict[str, list[str]]
Spans = list[tuple[int, int]]
ROW_SEPARATOR = regexes.compile(r"\s*[|｜]\s*")

STAGE_LABELS = {
    "achievements": "举措和成效",
    "first_responsible": "第一责任人履职",
    "shortcomings": "存在的不足",
    "plans": "下一年度安排",
}
STAGE_ORDER = ("achievements", "first_responsible", "shortcomings", "plans")


def compact_schema(node: Any, *, in_properties: bool = False) -> Any:
    """The JSON schema without pydantic's ``title`` noise: fewer characters on every call."""
    if isinstance(node, dict):
        return {
            key: compact_schema(value, in_properties=key == "properties" and not in_properties)
            for key, value in node.items()
            if not (key == "title" and not in_properties and isinstance(value, str))
        }
    if isinstance(node, list):
        return [compact_schema(value) for value in node]
    return node


class LLMModel(BaseModel):
    # hide_input_in_errors: the re-ask carries our message, not a repr of the whole answer
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = super().model_json_schema(*args, **kwargs)
        return {"title": schema.get("title", cls.__name__), **compact_schema(schema)}


class StageModel(LLMModel):
    """A whole answer: after parsing, every field is checked against the source."""

    @model_validator(mode="before")
    @classmethod
    def _as_answered(cls, data: Any) -> Any:
        """The object asked for, out of the wrappings weak models send it in: the whole object as a JSON
        string, under one key of their own ({"result": {…}}, {"ReportParts": {…}}), or null for an empty
        list. Each cost a failed call and its re-asks (the model does it again); what the answer says is
        checked against the source all the same."""
        if isinstance(data, str):
            with contextlib.suppress(ValueError):
                data = json.loads(data)
        if isinstance(data, dict) and len(data) == 1:
            ((key, inner),) = data.items()
            if key not in cls.model_fields and isinstance(inner, dict):
                data = inner
        if isinstance(data, dict):
            return {
                key: [] if value is None and key in _list_fields(cls) else value
                for key, value in data.items()
            }
        return data

    @model_validator(mode="after")
    def _grounded(self) -> StageModel:
        state = grounding.current()
        if state is not None:
            state.enforce(self.problems(state))
        return self

    def problems(self, state: GroundingState) -> Problems:
        raise NotImplementedError


@cache
def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if getattr(info.annotation, "__origin__", None) is list
    )


def row_parser(fields: tuple[str, ...], labels: tuple[str, ...]) -> Callable[[Any], Any]:
    """Split ``a｜b｜c`` into the named fields (the last field keeps any further bars)."""

    def parse(value: Any) -> Any:
        if isinstance(value, list) and len(value) == len(fields) and all(isinstance(v, str) for v in value):
            value = "｜".join(
                value
            )  # the row's fields as a list (weak models write rows so): read as one row
        if not isinstance(value, str):
            return value  # an object: validated field by field
        parts = ROW_SEPARATOR.split(value.strip(), maxsplit=len(fields) - 1)
        if len(parts) != len(fields) or not all(parts):
            state = grounding.current()
            if state is None or not state.lenient:
                raise ValueError(f"“{value[:40]}”应为{len(fields)}栏、用“｜”分隔：{'｜'.join(labels)}")
            # last attempt: keep the row; its empty or missing quote is reported as a problem
            parts = (parts + [""] * len(fields))[: len(fields)]
        return dict(zip(fields, parts, strict=True))

    return parse


def Row(model: type[BaseModel], fields: tuple[str, ...], labels: tuple[str, ...]) -> Any:  # noqa: N802
    return Annotated[model, BeforeValidator(row_parser(fields, labels)), WithJsonSchema({"type": "string"})]


# --------------------------------------------------------------------------- facts


class MeasureOut(LLMModel):
    title: str
    summary: str
    quote: str

    def problems(self, state: GroundingState, path: str, spans: Spans) -> Problems:
        span, quote_problems = grounding.check_quote(state, self.quote, spans)
        return {
            f"{path}.quote": quote_problems
            + grounding.check_claim(state, self.quote, span, self.title, self.summary),
            f"{path}.title": grounding.check_numbers(state, self.title),
            f"{path}.summary": grounding.check_numbers(state, self.summary),
        }


def _written(value: Any) -> Any:
    """A figure answered as a JSON number (``"value": 1102``, as models write it in object form) is read
    as the text it writes; it is checked against its quote like any other. Refusing it would fail the
    whole answer and every other figure in it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class MetricOut(LLMModel):
    name: str
    value: Annotated[str, BeforeValidator(_written)]
    quote: str

    @model_validator(mode="after")
    def _change_in_name(self) -> MetricOut:
        self.value = grounding.said_value(self.value, self.name, self.quote)
        return self

    def problems(self, state: GroundingState, path: str, spans: Spans) -> Problems:
        span, quote_problems = grounding.check_quote(state, self.quote, spans)
        return {
            f"{path}.quote": quote_problems,
            f"{path}.value": grounding.check_one_figure(self.value)
            + grounding.check_value(state, self.value, span, name=self.name),
            f"{path}.name": grounding.check_named(self.name) + grounding.check_numbers(state, self.name),
        }


class ItemOut(LLMModel):
    title: str
    quote: str

    def problems(self, state: GroundingState, path: str, spans: Spans) -> Problems:
        span, quote_problems = grounding.check_quote(state, self.quote, spans)
        return {
            f"{path}.quote": quote_problems + grounding.check_claim(state, self.quote, span, self.title),
            f"{path}.title": grounding.check_numbers(state, self.title)
            + grounding.check_figures_quoted(state, self.title, span),
        }


MeasureRow = Row(MeasureOut, ("title", "summary", "quote"), ("举措名称", "摘要", "原文引文"))
MetricRow = Row(MetricOut, ("name", "value", "quote"), ("统计对象", "原文数字", "原文短句"))
ItemRow = Row(ItemOut, ("title", "quote"), ("概括", "原文引文"))


def _one_text(value: Any) -> Any:
    """A text field answered as a list of strings (small models do) is read as those strings joined."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(v.strip() for v in value)
    return value


Text = Annotated[str, BeforeValidator(_one_text)]


def _each(state: GroundingState, path: str, values: list[Any], spans: Spans) -> Problems:
    problems: Problems = {}
    for i, value in enumerate(values):
        problems.update(value.problems(state, f"{path}[{i}]", spans))
    return problems


# --------------------------------------------------------------------------- one extraction call

# Field name → (type, Field, stages whose text grounds it). A call's model has only the fields of the
# parts it sends; the order here fixes the schema's order, so identical calls have identical schemas.
FIELDS: dict[str, tuple[Any, Any, tuple[str, ...]]] = {
    "measures": (
        list[MeasureRow],
        Field(description="每项：举措名称(≤15字)｜一两句话摘要｜原文引文"),
        ("achievements",),
    ),
    "metrics": (
        list[MetricRow],
        Field(
            default_factory=list, description="每项：统计对象｜原文数字和单位(如2000余件)｜含该数字的原文短句"
        ),
        ("achievements", "first_responsible"),
    ),
    "first_responsible": (
        list[ItemRow],
        Field(description="每件：概括(≤15字)｜原文引文"),
        ("first_responsible",),
    ),
    "shortcomings": (list[ItemRow], Field(description="每条：概括(≤15字)｜原文引文"), ("shortcomings",)),
    "causes": (Text, Field("", description="分析原因的原文引文，无则留空"), ("shortcomings",)),
    "plans": (list[ItemRow], Field(description="每项：概括(≤15字)｜原文引文"), ("plans",)),
}


class ExtractionOut(StageModel):
    """Base of the per-call extraction models."""

    def problems(self, state: GroundingState) -> Problems:
        problems: Problems = {}
        for name in type(self).model_fields:
            spans = [span for stage in FIELDS[name][2] for span in state.spans.get(stage, [])]
            value = getattr(self, name)
            if isinstance(value, list):
                problems.update(_each(state, name, value, spans))
            elif name == "causes" and value:
                problems["causes"] = grounding.check_causes(state, value, spans)
        return problems


def fields_for(stages: tuple[str, ...]) -> list[str]:
    return [name for name, (_, _, owners) in FIELDS.items() if any(stage in stages for stage in owners)]


@cache
def extraction_model(stages: tuple[str, ...]) -> type[ExtractionOut]:
    """The response model for one call covering ``stages``."""
    fields = {name: (FIELDS[name][0], FIELDS[name][1]) for name in fields_for(stages)}
    return create_model("ReportParts", __base__=ExtractionOut, __doc__="按【】所属部分提取", **fields)


# --------------------------------------------------------------------------- briefing


class BriefPointOut(LLMModel):
    text: str
    refs: list[str]

    @model_validator(mode="before")
    @classmethod
    def _split_refs(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("refs"), str):
            data = {**data, "refs": [r for r in re.split(r"[,，、\s]+", data["refs"]) if r]}
        return data

    def problems(self, state: GroundingState, path: str) -> Problems:
        unknown = [ref for ref in self.refs if ref not in state.ref_ids]
        ref_problems = [f"材料中没有编号 {'、'.join(unknown)}；只能引用给出的编号。"] if unknown else []
        if not self.refs:
            ref_problems.append("请在“｜”后写出依据的材料编号。")
        return {f"{path}.text": grounding.check_numbers(state, self.text), f"{path}.refs": ref_problems}


BriefRow = Row(BriefPointOut, ("text", "refs"), ("要点", "依据编号"))


class BriefingOut(StageModel):
    """简报要点"""

    headline: list[BriefRow] = Field(description="3～5条，每条：要点(≤60字)｜依据的材料编号(如K2,M5)")

    def problems(self, state: GroundingState) -> Problems:
        problems: Problems = {}
        for i, point in enumerate(self.headline):
            problems.update(point.problems(state, f"headline[{i}]"))
        return problems
