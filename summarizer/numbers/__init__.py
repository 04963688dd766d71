"""The number engine: find every quantity in Chinese text and cross-check it against a source.

``extract_mentions`` turns text (Simplified, Traditional, mixed, full-width) into
:class:`Mention` records with exact values, qualifier intervals and offsets into the text as
passed in. ``SourceIndex`` indexes a source :class:`~summarizer.document.Document` once and checks
candidate texts against it, one :class:`~summarizer.checks.NumberCheck` per number.
"""

from summarizer.numbers.mention import Mention, format_decimal
from summarizer.numbers.mentions import extract_mentions

__all__ = ["Mention", "SourceIndex", "extract_mentions", "format_decimal"]


def __getattr__(name: str):
    # SourceIndex needs the pydantic models; import it only when asked for so that pure
    # extraction (rules backend, benchmarks) stays light.
    if name == "SourceIndex":
        from summarizer.numbers import match

        return getattr(match, name)
    raise AttributeError(name)
