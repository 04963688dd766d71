"""Shortcuts of the claim and metric checks, each compared with the plain form it replaces on many
generated inputs (invented pieces in the genre's words; no report text)."""

from __future__ import annotations

import json
import random
import re

from conftest import joined_pieces

from summarizer.numbers.claims import (
    FAR_WEIGHT,
    HEAD_GRAMS,
    Claim,
    _weighted_grams,
    explained,
    word_pairs,
)
from summarizer.numbers.claims import grams as grams_of
from summarizer.numbers.match import WORD_RUN, context_bigrams
from summarizer.numbers.tables import DATA_FILE, _alternation, tables

GENERIC_WORDS = json.loads(DATA_FILE.read_text("utf-8"))["claim_generic_words"]
OTHER_PIECES = (
    "调解",
    "纠纷",
    "行政",
    "复议",
    "案件",
    "受理",
    "法治",
    "|",
    ",",
    "。",
    "12",
    "%",
    " ",
    "个",
    "县政府",
    "\n",
)


def test_generic_words_grouped_by_first_character_cut_as_the_plain_alternation() -> None:
    plain = re.compile(_alternation(GENERIC_WORDS))
    # every generic word, its first characters alone and its longer neighbours next to each other:
    # where a word, a longer word of the same first character and other words overlap
    pieces = [*GENERIC_WORDS, *(word[:1] for word in GENERIC_WORDS), *(word[1:] for word in GENERIC_WORDS)]
    texts = [*GENERIC_WORDS, *joined_pieces(pieces + list(OTHER_PIECES), 4000, 7, 12)]
    grouped = tables().claim_generic_re
    assert grouped.pattern != plain.pattern  # the shortcut is in use
    for text in texts:
        assert grouped.sub("|", text) == plain.sub("|", text), text
    assert sum(plain.search(text) is not None for text in texts) > 3000  # the words were exercised


def _plain_weighted_grams(bigrams: list[str]) -> dict[str, float]:
    """claims._weighted_grams as first written: two dicts of the reversed bigrams, the nearest merged in."""
    backwards = bigrams[::-1]
    weights = dict.fromkeys(backwards, FAR_WEIGHT)
    weights.update(dict.fromkeys(backwards[:HEAD_GRAMS], 1.0))
    return weights


def _plain_explained(claim: Claim, fact: frozenset[str] | str) -> float:
    """claims.explained as first written: one Python loop over the claim's words."""
    after = sum(1 for gram in claim.after if gram in fact)
    if claim.before:
        found, count = 0, 0
        for gram, weight in claim.before.items():
            if gram in fact:
                found += weight
                count += 1
        weighted = (found + after) / (sum(claim.before.values()) + after)
        plain = (count + after) / (len(claim.before) + after)
        return max(weighted, plain)
    return after / len(claim.after) if claim.after else 1.0


def test_weighted_grams_and_explained_are_the_plain_forms() -> None:
    rng = random.Random(11)
    grams = ["调解", "纠纷", "行政", "复议", "案件", "受理", "法治", "政府", "会议", "学法"]
    facts = joined_pieces(grams + ["|", "审结", "调处", "。"], 300, 12, 10)
    for _ in range(3000):
        before = [rng.choice(grams) for _ in range(rng.randint(0, 9))]  # repeats: a gram weighs once
        after = frozenset(rng.sample(grams, rng.randint(0, 3)))
        weights = _weighted_grams(before)
        assert list(weights.items()) == list(_plain_weighted_grams(before).items())
        claim = Claim(weights, after)
        fact = rng.choice(facts)
        for read in (fact, grams_of(fact)):
            share = explained(claim, read)
            assert share == _plain_explained(claim, read) and type(share) is type(
                _plain_explained(claim, read)
            )


def test_a_word_pair_occurs_in_words_when_it_is_one_of_their_character_pairs() -> None:
    """match._swapped_in_paragraph looks a claim's word pairs up in the words after a number as text."""
    rng = random.Random(13)
    words = joined_pieces(["调解", "纠", "纷", "行", "政", "|", "件", "。", "12"], 500, 14, 8)
    for after in words:
        wanted = frozenset(rng.choice(words)[i : i + 2] for i in range(3)) - {""}
        wanted = frozenset(gram for gram in wanted if len(gram) == 2)
        pairs = [after[i : i + 2] for i in range(len(after) - 1)]
        assert any(map(after.__contains__, wanted)) == (not wanted.isdisjoint(pairs))


def test_context_bigrams_of_a_number_read_alone_are_the_plain_reading() -> None:
    for context in ("|", "||", "行政|", "|案件", "调解纠纷|件", "a|b", "12|%"):
        assert context_bigrams(context) == frozenset(word_pairs(WORD_RUN.findall(context)))
