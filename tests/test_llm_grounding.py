"""Grounding validators: quotes located after normalisation, metric values in their quotes, numbers checked."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from summarizer.document import Document
from summarizer.llm.grounding import (
    GROUNDING,
    GroundingState,
    check_numbers,
    check_value,
    locate_quote,
    nearest_context,
)
from summarizer.llm.responses import BriefingOut, extraction_model
from summarizer.reader import read_bytes

TEXT = (
    "(一)深化行政复议改革。全年收到行政复议申请128件,受理121件,审结116件,审结率95.9%。"
    "全程网办率由81.2%提升至92.6%。在全市考评中,我县排名第3。\n"
    "(二)加强普法。开展主题宣传活动220余场次,受众8万余人次。"
)


@pytest.fixture
def doc() -> Document:
    return Document.from_text(TEXT)


def whole(doc: Document) -> list[tuple[int, int]]:
    return [(0, len(doc.text))]


def test_quote_found_despite_width_spacing_and_punctuation(doc: Document) -> None:
    span = locate_quote(doc, "受理１２１件， 审结116件；审结率95.9％", whole(doc))
    assert span is not None and doc.text[span[0] : span[1]] == "受理121件,审结116件,审结率95.9%"


def test_quote_with_elision_spans_its_fragments_in_order(doc: Document) -> None:
    span = locate_quote(doc, "全年收到行政复议申请128件……审结率95.9%", whole(doc))
    assert (
        span is not None
        and doc.text[span[0] : span[1]].startswith("全年收到")
        and doc.text[span[1] - 1] == "%"
    )
    assert locate_quote(doc, "审结率95.9%……全年收到行政复议申请", whole(doc)) is None  # order matters


def test_quote_outside_the_sent_spans_or_altered_is_not_found(doc: Document) -> None:
    second = TEXT.index("(二)")
    assert locate_quote(doc, "受理121件", [(second, len(TEXT))]) is None
    assert locate_quote(doc, "受理122件", whole(doc)) is None
    assert locate_quote(doc, "受理行政复议121件", whole(doc)) is None  # no paraphrase


def test_simplified_quote_grounds_in_traditional_text() -> None:
    raw = "(二)推進信訪工作法治化。受理群眾信訪事項154件,同比下降6.1%。".encode()
    trad = read_bytes(raw, path="t.txt")
    span = locate_quote(trad, "受理群众信访事项154件", [(0, len(trad.text))])
    assert span is not None and trad.text[span[0] : span[1]] == "受理群眾信訪事項154件"


def test_nearest_context_points_at_the_right_sentence(doc: Document) -> None:
    start, end = nearest_context(doc, "开展主题宣传活动200场次", whole(doc))
    assert doc.text[start:end].startswith("开展主题宣传活动220余场次")


def test_wrong_number_problem_names_it_and_the_source(doc: Document) -> None:
    state = GroundingState(doc)
    problems = check_numbers(state, "受众8万人次，受理120件")
    assert len(problems) == 2
    assert "“8万人次”" in problems[0] and "8万余人次" in problems[0]
    assert "“120件”" in problems[1]
    assert check_numbers(state, "受众8万余人次，审结率95.9%") == []


def test_metric_value_must_be_inside_its_quote(doc: Document) -> None:
    state = GroundingState(doc)
    quote = locate_quote(doc, "受理121件,审结116件", whole(doc))
    assert check_value(state, "116件", quote) == []
    problem = check_value(state, "128件", quote)[0]
    assert "128件" in problem and "“121件”" in problem and "“116件”" in problem
    rank = locate_quote(doc, "我县排名第3", whole(doc))
    assert check_value(state, "第3", rank) == []  # a rank written without its 排名
    rate = locate_quote(doc, "全程网办率由81.2%提升至92.6%", whole(doc))
    assert check_value(state, "92.6%", rate) == []  # one side of 由A提升至B


def _validate(model, payload, state):
    token = GROUNDING.set(state)
    try:
        return model.model_validate(payload)
    finally:
        GROUNDING.reset(token)


def test_rows_are_parsed_and_problems_raise_for_a_reask(doc: Document) -> None:
    model = extraction_model(("achievements",))
    state = GroundingState(doc, spans={"achievements": whole(doc)})
    ok = _validate(
        model,
        {"measures": ["深化复议改革｜受理121件，审结率95.9%｜受理121件,审结116件"], "metrics": []},
        state,
    )
    assert ok.measures[0].title == "深化复议改革" and ok.measures[0].quote == "受理121件,审结116件"
    with pytest.raises(ValidationError) as caught:
        _validate(model, {"measures": ["深化复议改革｜受理125件｜受理121件"]}, state)
    message = str(caught.value)
    assert "measures[0].summary" in message and "125件" in message and "121件" in message
    with pytest.raises(ValidationError, match="应为3栏"):
        _validate(model, {"measures": ["只有标题"]}, state)


def test_last_attempt_keeps_the_answer_and_records_problems(doc: Document) -> None:
    model = extraction_model(("achievements",))
    state = GroundingState(doc, spans={"achievements": whole(doc)}, lenient=True)
    answer = _validate(model, {"measures": ["深化复议改革｜受理125件｜受理121件", "只有标题"]}, state)
    assert len(answer.measures) == 2
    assert "125件" in state.problems["measures[0].summary"][0]
    assert "measures[1].quote" in state.problems  # the malformed row is kept, its missing quote reported


def test_objects_are_accepted_as_well_as_rows(doc: Document) -> None:
    model = extraction_model(("achievements",))
    state = GroundingState(doc, spans={"achievements": whole(doc)})
    answer = _validate(
        model,
        {
            "measures": [
                {"title": "普法", "summary": "开展活动220余场次", "quote": "开展主题宣传活动220余场次"}
            ]
        },
        state,
    )
    assert answer.measures[0].summary == "开展活动220余场次"


def test_briefing_refs_must_exist(doc: Document) -> None:
    state = GroundingState(doc, ref_ids=frozenset({"K1", "M1"}))
    ok = _validate(BriefingOut, {"headline": ["受理行政复议申请121件｜K1, M1"]}, state)
    assert ok.headline[0].refs == ["K1", "M1"]
    with pytest.raises(ValidationError, match="K9"):
        _validate(BriefingOut, {"headline": ["受理行政复议申请121件｜K9"]}, state)


def test_schema_is_compact_and_describes_rows() -> None:
    schema = extraction_model(
        ("achievements", "shortcomings", "plans", "first_responsible")
    ).model_json_schema()
    assert set(schema["properties"]) == {
        "measures",
        "metrics",
        "first_responsible",
        "shortcomings",
        "causes",
        "plans",
    }
    assert "｜" in schema["properties"]["measures"]["description"]
    assert schema["properties"]["measures"]["items"] == {"type": "string"}
    assert "$defs" not in schema and "title" not in schema["properties"]["measures"]


def test_a_bare_number_about_something_else_gets_its_problem_not_a_crash() -> None:
    """A bare number judged unanchored carries no source span: the re-ask still says what is wrong."""
    doc = read_bytes(
        "(一)加强党的领导\n1. 强化统筹部署。专题研究法治政府建设工作21次。".encode(), path="r.txt"
    )
    state = GroundingState(doc)
    problems = check_numbers(state, "1约｜. 强化统筹部署")
    assert problems and all("1" in problem for problem in problems)


def test_a_change_named_with_its_basis_takes_a_bare_rate_as_that_change() -> None:
    """罚没款同比下降 · 11.2%: a model puts the change's words in the name; the value reads as the change
    the source writes (同比下降11.2%), so no re-ask is needed, and a wrong direction is still caught."""
    doc = Document.from_text(
        "(一)严格执法。罚没款2,316.8万元,同比下降11.2%。执法案卷优秀率71.3%,较上年提高5.6个百分点。"
    )
    model = extraction_model(("achievements",))
    state = GroundingState(doc, spans={"achievements": whole(doc)})
    rows = [
        "罚没款同比下降｜11.2%｜罚没款2,316.8万元,同比下降11.2%",
        "执法案卷优秀率较上年提高｜5.6个百分点｜较上年提高5.6个百分点",
        "执法案卷优秀率｜71.3%｜执法案卷优秀率71.3%",
    ]
    answer = _validate(model, {"measures": [], "metrics": rows}, state)
    assert [m.value for m in answer.metrics] == ["同比下降11.2%", "较上年提高5.6个百分点", "71.3%"]
    with pytest.raises(ValidationError, match="metrics.0..value"):
        _validate(
            model,
            {"measures": [], "metrics": ["罚没款同比增长｜11.2%｜罚没款2,316.8万元,同比下降11.2%"]},
            state,
        )
    state.problems.clear()
    lenient = GroundingState(doc, spans={"achievements": whole(doc)}, lenient=True)
    _validate(
        model,
        {"measures": [], "metrics": ["罚没款同比增长｜11.2%｜罚没款2,316.8万元,同比下降11.2%"]},
        lenient,
    )
    assert "方向与原文“同比下降11.2%”相反" in lenient.problems["metrics[0].value"][0]
