"""What must stand in a text for a pattern to match there, read from the pattern itself.

A pattern is searched many times per report (a clause against every indicator, a report's opening
against every genre's words); most searches fail. These hints let a caller skip a search that cannot
succeed, at the cost of a set operation: a match starts with one of the pattern's first characters
and contains every one of its required characters. Each hint is a superset of what is possible, so
skipping on it never changes a result (tests compare with the plain searches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

try:  # the standard library's own pattern parser, which is private: a Python without it gives no hints
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - every supported Python has it
    sre_constants = sre_parse = None  # type: ignore[assignment]

# the kinds of character a class may name, as written in one (\d: any Unicode digit, as in the pattern)
CATEGORY_SOURCES = (
    {}
    if sre_constants is None
    else {
        sre_constants.CATEGORY_DIGIT: r"\d",
        sre_constants.CATEGORY_NOT_DIGIT: r"\D",
        sre_constants.CATEGORY_SPACE: r"\s",
        sre_constants.CATEGORY_NOT_SPACE: r"\S",
        sre_constants.CATEGORY_WORD: r"\w",
        sre_constants.CATEGORY_NOT_WORD: r"\W",
    }
)


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
    found = _first_items(pattern, _char_item)
    return None if found is None else frozenset(found)


def first_class(pattern: str) -> str | None:
    """A character class (``[…]``) holding every character a match of ``pattern`` can start with (its
    first characters, ranges and ``\\d`` kinds), or None when there is none to write (a match may be
    empty, or start with ``.`` or a negated class). Put before the pattern as a lookahead, it lets the
    engine pass in C over each position where no match can start: an alternation of named groups
    gets no such skip from the compiler, and is tried branch by branch at every character."""
    found = _first_items(pattern, _class_item)
    return None if found is None else "[" + "".join(sorted(found)) + "]"


ItemOf = Callable[[object, object], "str | None"]  # a class item (op, arg) as a hint's item, or None


def _first_items(pattern: str, item_of: ItemOf) -> set[str] | None:
    """The items ``item_of`` gives for what a match of ``pattern`` can start with (None: unknown)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    try:
        items, nullable = _firsts(parsed, item_of)
    except (TypeError, ValueError):  # a parsed form other than the one read here: no hint
        return None
    return None if items is None or nullable else items


def _char_item(op: object, arg: object) -> str | None:
    return chr(arg) if op is sre_constants.LITERAL else None  # type: ignore[arg-type]


def _class_item(op: object, arg: object) -> str | None:
    c = sre_constants
    if op is c.LITERAL:
        return re.escape(chr(arg))  # type: ignore[arg-type]
    if op is c.RANGE:
        low, high = arg  # type: ignore[misc]
        return f"{re.escape(chr(low))}-{re.escape(chr(high))}"
    return CATEGORY_SOURCES.get(arg) if op is c.CATEGORY else None  # type: ignore[call-overload]


def _firsts(items: object, item_of: ItemOf) -> tuple[set[str] | None, bool]:
    """(first items or None for unknown, whether it can match empty) of a parsed sequence."""
    found: set[str] = set()
    for op, arg in items:  # type: ignore[attr-defined]
        firsts, nullable = _first_of(op, arg, item_of)
        if firsts is None:
            return None, True
        found |= firsts
        if not nullable:
            return found, False
    return found, True


def _first_of(op: object, arg: object, item_of: ItemOf) -> tuple[set[str] | None, bool]:
    c = sre_constants
    if op is c.LITERAL:
        item = item_of(op, arg)
        return (None, True) if item is None else ({item}, False)
    if op is c.IN:
        items = {item_of(item_op, item_arg) for item_op, item_arg in arg}  # type: ignore[attr-defined]
        return (None, True) if None in items else (items, False)  # type: ignore[return-value]
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg  # type: ignore[misc]
        return (None, True) if add_flags else _firsts(body, item_of)
    if op is c.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in arg[1]:  # type: ignore[index]
            firsts, nullable = _firsts(branch, item_of)
            if firsts is None:
                return None, True
            found |= firsts
            empty = empty or nullable
        return found, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = arg  # type: ignore[misc]
        firsts, nullable = _firsts(body, item_of)
        return firsts, nullable or low == 0
    if op in (c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the first character is read by what follows
    return None, True
