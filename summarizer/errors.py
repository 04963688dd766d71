"""Errors that carry a one-line message for the user; the CLI prints them without a traceback."""


class SummarizerError(Exception):
    """Base class: ``str(err)`` is a complete one-line message."""


class InputError(SummarizerError):
    """The input cannot be read as a report: missing, a directory, empty, binary, undecodable."""


class NotAReportError(SummarizerError):
    """The text was read but is not a 法治政府建设年度报告 (e.g. a 政府信息公开工作年度报告)."""


class LLMError(SummarizerError):
    """An LLM call failed in a way that retries cannot fix (refusal, context length, bad request)."""


class CassetteMissError(SummarizerError):
    """Replay mode found no recorded response for a request."""
