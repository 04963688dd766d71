"""A metric's (name, value) pair: the shortcut that skips the search for a swapped paragraph item
when every word of the name is around the chosen number, and the search when it is not."""

from __future__ import annotations

from array import array

from summarizer.document import Document
from summarizer.numbers.claims import claim_of_name
from summarizer.numbers.match import SourceIndex, _belongs_elsewhere, _Candidate, dice

TEXT = (
    "二、规范行政执法\n"
    "全年收到行政复议申请128件,受理121件,审结97件,调解和解23件。"
    "开展执法检查46次,处理违法案件85件,罚没款项312万元。\n"
)


def _index() -> SourceIndex:
    return SourceIndex(
        Document(original=TEXT, text=TEXT, folded=TEXT, offsets=array("i", range(len(TEXT) + 1)))
    )


def _check(index: SourceIndex, name: str, value: str) -> str:
    at = TEXT.index(value)
    return index.check_value(value, at, at + len(value), name=name).verdict


def test_a_name_read_around_its_number_is_supported() -> None:
    index = _index()
    assert _check(index, "收到行政复议申请", "128件") == "match"
    assert _check(index, "处理违法案件", "85件") == "match"


def test_a_name_moved_onto_another_number_of_the_paragraph_is_accused() -> None:
    index = _index()
    assert _check(index, "审结", "121件") == "possible_misattribution"
    assert _check(index, "受理", "97件") == "possible_misattribution"


def test_a_step_moved_onto_the_first_figure_of_its_list_is_accused_across_a_semicolon() -> None:
    """A ; that a step opens goes on the list (收到…1,126件,同比增长18.6%;依法受理1,035件,审结982件): the
    first figure named by a later step, or a later one by the first step, is a swap as with commas."""
    text = "二、行政复议\n全年共收到行政复议申请1,126件,同比增长18.6%;依法受理1,035件,审结982件。\n"
    index = SourceIndex(Document.from_text(text))

    def check(name: str, value: str) -> str:
        at = text.index(value)
        return index.check_value(value, at, at + len(value), name=name).verdict

    assert check("审结行政复议申请", "1,126件") == "possible_misattribution"
    assert check("收到行政复议申请", "982件") == "possible_misattribution"
    assert check("收到行政复议申请", "1,126件") == check("审结行政复议申请", "982件") == "match"


def test_the_shortcut_never_hides_a_rival() -> None:
    """When every word of the name is among the chosen number's words, no rival of the paragraph has a
    word of the name the chosen one lacks, so none can be accused: the full search agrees."""
    index = _index()
    checked = 0
    for chosen in index.facets:
        for name in ("收到行政复议申请", "受理", "审结", "执法检查", "违法案件", "罚没款项", "调解和解"):
            wanted = frozenset(claim_of_name(name).before)
            if not wanted <= chosen.bigrams:
                continue
            mine = _Candidate("match", chosen, dice(wanted, chosen.bigrams))
            for rival in index.facets:
                candidate = _Candidate("value_mismatch", rival, dice(wanted, rival.bigrams))
                topic = index._topic(chosen, rival)
                assert not _belongs_elsewhere(wanted, mine, candidate, topic=topic)
                checked += 1
    assert checked > 0


def test_a_name_moved_onto_a_figure_of_another_unit_in_its_sentence_is_accused() -> None:
    """列席常务会议22次,出具法律意见书63份: a model's metric 出具法律意见书 22次 takes 22次 from the next
    item, whose unit differs; the rival's own words are the whole name, so the unit does not save it."""
    text = "县政府法律顾问列席县政府常务会议22次,出具法律意见书63份。\n"
    index = SourceIndex(Document.from_text(text))
    at = {value: text.index(value) for value in ("22次", "63份")}
    assert index.check_value("22次", at["22次"], at["63份"] + 3, name="出具法律意见书").verdict == (
        "possible_misattribution"
    )
    assert index.check_value("63份", at["22次"], at["63份"] + 3, name="出具法律意见书").verdict == "match"
    assert index.check_value("22次", at["22次"], at["63份"] + 3, name="列席常务会议").verdict == "match"
    # …but a figure whose own words are part of the name keeps it (培训 of 培训1450人次)
    text = "举办执法人员培训班11期、培训1450人次。\n"
    index = SourceIndex(Document.from_text(text))
    at = text.index("1450人次")
    assert index.check_value("1450人次", 0, at + 6, name="执法人员培训").verdict == "match"
