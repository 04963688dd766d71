"""What must stand in a text for a pattern to match there, read from the pattern itself.

A pattern is searched many times per report (a clause against every indicator, a report's opening
against every genre's words); most searches fail. These hints let a caller skip a search that cannot
succeed, at the cost of a set operation: a match starts with one of the pattern's first characters
and contains every one of its required characters. Each hint is a superset of what is possible, so
skipping on it never changes a result (tests compare with the plain searches).
"""

from __future__ import annotations

import re
from functools import cache

try:  # the standard library's own pattern parser, which is private: a Python without it gives no hints
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - every supported Python has it
    sre_constants = sre_parse = None  # type: ignore[assignment]


@cache
def hints(pattern: str) -> tuple[frozenset[str], frozenset[str] | None]:
    """(characters every match contains, characters a match can start with or None if unknown)."""
    return required_chars(pattern), first_chars(pattern)


def could_match(pattern: str, chars: frozenset[str] | set[str]) -> bool:
    """False only when ``pattern`` cannot match in a text whose set of characters is ``chars``."""
    required, starts = hints(pattern)
    return required <= chars and (starts is None or not starts.isdisjoint(chars))


@cache
def _parsed(pattern: str) -> sre_parse.SubPattern | None:
    """The parsed pattern, or None when a literal in it may stand for other characters (re.I, re.X)
    or when it cannot be parsed here (no hint then: every search is made)."""
    try:
        parsed = sre_parse.parse(pattern)  # type: ignore[union-attr]
    except Exception:  # a parser whose form differs from the one read here: search as without hints
        return None
    return None if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) else parsed


def required_chars(pattern: str) -> frozenset[str]:
    """Characters every match of ``pattern`` contains (a subset of them: what a sequence surely holds)."""
    parsed = _parsed(pattern)
    try:
        return frozenset() if parsed is None else frozenset(_required(parsed))
    except (TypeError, ValueError):  # a parsed form other than the one read here: no hint
        return frozenset()


def _required(items: object) -> set[str]:
    found: set[str] = set()
    for op, arg in items:  # type: ignore[attr-defined]
        found |= _required_of(op, arg)
    return found


def _required_of(op: object, arg: object) -> set[str]:
    c = sre_constants
    if op is c.LITERAL:
        return {chr(arg)}  # type: ignore[arg-type]
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg  # type: ignore[misc]
        return set() if add_flags else _required(body)
    if op is c.BRANCH:
        branches = [_required(branch) for branch in arg[1]]  # type: ignore[index]
        return set.intersection(*branches) if branches else set()
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = arg  # type: ignore[misc]
        return _required(body) if low >= 1 else set()
    return set()  # a class, an anchor, a lookaround …: nothing sure


def first_chars(pattern: str) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can start with, or None when that is not a short list
    (a match may be empty, or start with ``.``, a class range, a negated class …)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    try:
        chars, nullable = _firsts(parsed)
    except (TypeError, ValueError):  # a parsed form other than the one read here: no hint
        return None
    return None if chars is None or nullable else frozenset(chars)


def _firsts(items: object) -> tuple[set[str] | None, bool]:
    """(first characters or None for unknown, whether it can match empty) of a parsed sequence."""
    found: set[str] = set()
    for op, arg in items:  # type: ignore[attr-defined]
        chars, nullable = _first_of(op, arg)
        if chars is None:
            return None, True
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of(op: object, arg: object) -> tuple[set[str] | None, bool]:
    c = sre_constants
    if op is c.LITERAL:
        return {chr(arg)}, False  # type: ignore[arg-type]
    if op is c.IN and all(item_op is c.LITERAL for item_op, _ in arg):  # type: ignore[attr-defined]
        return {chr(code) for _, code in arg}, False  # type: ignore[attr-defined]
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg  # type: ignore[misc]
        return (None, True) if add_flags else _firsts(body)
    if op is c.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in arg[1]:  # type: ignore[index]
            chars, nullable = _firsts(branch)
            if chars is None:
                return None, True
            found |= chars
            empty = empty or nullable
        return found, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = arg  # type: ignore[misc]
        chars, nullable = _firsts(body)
        return chars, nullable or low == 0
    if op in (c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the first character is read by what follows
    return None, True
