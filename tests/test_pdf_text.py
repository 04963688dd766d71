"""Reports converted from PDF (pdftotext with and without -layout, a viewer's copy) read as the report:
invented fragments in the shape pdftotext writes them."""

from __future__ import annotations

import pytest

from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes

BODY = (
    "  2024年，镇政府坚持以习近平法治思想为指导，全面落实法治政府建设各项任务。现将有关情况报告如下：\n"
    "  一、2024年度推进法治政府建设的主要举措和成效\n"
    "  全年审查规范性文件12件，办理行政复议案件9件，组织集体学法6次。\n"
    "  二、存在的不足和原因\n"
    "  一是执法力量不足，原因是编制紧张。\n"
    "  三、2025年度推进法治政府建设的主要安排\n"
    "  一是加强执法培训，计划举办培训班4期。\n"
    "  特此报告。\n\n"
)


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        # a centred title wrapped after its year (pdftotext -layout keeps the centring's spaces)
        ("芦溪镇人民政府关于2024年度\n  法治政府建设情况的报告", "芦溪镇人民政府"),
        # …or inside a word, the line as long as the title's font allows (raw pdftotext: no spaces)
        ("云杉县市场监督管理局关于2024年度法治政\n府建设情况的报告", "云杉县市场监督管理局"),
        # …or after a report word, the rest beginning with 的
        ("云杉县司法局关于2024年度法治政府建设情况\n                       的报告", "云杉县司法局"),
    ],
)
def test_a_title_wrapped_after_its_head_is_read_whole(head: str, issuer: str) -> None:
    source = f"{head}\n\n县委、县政府：\n{BODY}{' ' * 30}{issuer}\n{' ' * 30}2025年1月20日\n"
    report = process(read_bytes(source.encode(), path="report.txt"), RulesBackend())
    assert report.document.title == head.replace("\n", "").replace(" ", "")
    assert report.document.issuer == issuer
    assert report.document.report_year == 2024
