"""The phrase rules' prefilter leaves the labelling as it was: every rule's examples are
admitted, and the first matching rule with the prefilter is the first without it on every
line of the bench's text pages (when they are there) and on generated lines."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import text as text_module
from pipeline.prefilter import END, START, Prefilter, _fold_char, fold, required_strings
from pipeline.reading import read_text
from pipeline.rules import RULES
from pipeline.text import (PHRASE_PREFILTER, label, phrase_rule, phrase_rule_unfiltered, split_blocks)

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
BENCH_SETS = ("scrapinghub-text", "meta-text")


def _same_rule(line: str) -> None:
    words = split_blocks(line)[0].words if split_blocks(line) else len(line.split())
    assert phrase_rule.__wrapped__(line, words) is phrase_rule_unfiltered(line, words), line


@pytest.mark.parametrize("rule, example", [(r, e) for r in RULES for e in r.examples],
                         ids=lambda v: getattr(v, "name", None) or str(v)[:30])
def test_the_prefilter_admits_every_example_of_its_rule(rule, example) -> None:
    assert rule in PHRASE_PREFILTER.candidates(example)


@pytest.mark.parametrize("line", sorted({e for r in RULES for e in r.examples + r.non_examples}))
def test_examples_and_non_examples_get_the_same_rule_with_and_without_the_prefilter(line: str) -> None:
    _same_rule(line)


def test_most_lines_try_few_rules() -> None:
    """The point of it: a line of prose is tried against a handful of rules, not all."""
    line = "The council voted on Tuesday to close the old bridge to lorries from next spring."
    assert len(PHRASE_PREFILTER.candidates(line)) <= 3 < len(RULES)


def test_required_strings_of_patterns() -> None:
    assert required_strings(r"^(?:Von|By)\s+") == {START + "von", START + "by"}
    assert required_strings(r"(?:(?:Ein|Eine)\s+)?Kommentar von") == {"kommentar von"}
    assert required_strings(r"\d[./]\d") >= {"1.2", "0/9"}
    assert required_strings(r"ago\.?$") == {"ago" + END, "ago." + END}
    assert required_strings(r"(?m)^x$") == {"x"}  # under MULTILINE '^' and '$' are no line marks
    assert required_strings(r"a?b?") is None and required_strings(r".+") is None


def test_a_line_ending_in_a_newline_is_tried_against_every_rule() -> None:
    # '$' matches before a final newline, so the end mark would not stand where the scan looks.
    assert PHRASE_PREFILTER.candidates("Advertisement\n") == tuple(RULES)


def test_fold_is_the_case_folding_of_re() -> None:
    """For every cased character, digit and character `re` treats specially: the fast fold of
    a line is the per-character one, and characters `re` matches to each other fold alike."""
    chars = [chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000
             and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c) or chr(c).isdecimal())]
    for ch in chars:
        assert fold(ch) == _fold_char(ch) or ch in "Σ", ch  # 'Σ' alone: str.lower() gives 'σ', folded alike
        if ch.isdecimal():
            continue
        for other in {ch.lower(), ch.upper(), ch.swapcase(), _fold_char(ch)}:
            if len(other) == 1 and re.fullmatch(re.escape(other), ch, re.IGNORECASE):
                assert _fold_char(other) == _fold_char(ch), (ch, other)
    assert fold("ΟΔΟΣ ΟΔΟΣ") == fold("οδοσ οδος") and fold("İSTANBUL") == "istanbul" and fold("x٣") == "x3"


def test_a_rule_with_no_required_strings_is_always_tried() -> None:
    class Stub:
        def __init__(self, name: str) -> None:
            self.name = name

    rules = [Stub("a"), Stub("b"), Stub("c")]
    table = {"a": frozenset({"share"}), "b": None, "c": frozenset({"sha", "x"})}
    prefilter = Prefilter(rules, lambda rule: table[rule.name])
    assert [r.name for r in prefilter.candidates("Share this")] == ["a", "b", "c"]  # 'sha' inside 'share' too
    assert [r.name for r in prefilter.candidates("Nothing")] == ["b"]


def _bench_pages():
    pages = [path for name in BENCH_SETS if (BENCH / name).is_dir() for path in sorted((BENCH / name).rglob("*.txt"))]
    if not pages:
        pytest.skip("the shared bench pages are not here")
    return pages


def test_every_line_of_the_bench_text_pages_gets_the_same_rule() -> None:
    lines = {(b.text, b.words) for path in _bench_pages() for b in split_blocks(read_text(path.read_bytes()).text)}
    differing = [text for text, words in lines
                 if phrase_rule.__wrapped__(text, words) is not phrase_rule_unfiltered(text, words)]
    assert differing == []


def test_bench_pages_are_labelled_alike_with_and_without_the_prefilter(monkeypatch) -> None:
    pages = [read_text(path.read_bytes()).text for path in _bench_pages()[::7]]
    with_prefilter = [[(b.kind, b.rule, b.text) for b in label(page).blocks] for page in pages]
    monkeypatch.setattr(text_module, "phrase_rule", phrase_rule_unfiltered)
    without = [[(b.kind, b.rule, b.text) for b in label(page).blocks] for page in pages]
    assert with_prefilter == without


# Generated lines: pieces of the rules' own examples and non-examples, words and characters
# that fold specially, in any case, joined any way.
_PIECES = sorted({piece for rule in RULES for line in rule.examples + rule.non_examples
                  for piece in [line, *line.split(), *line.split(":"), *line.split(",")] if piece.strip()})
_ODD = ["ı", "İ", "ſ", "Σ", "ς", "µ", "K", "٣", "２０２４", "\u00a0", "\u200b", "—", "©", "/", "]", "(", ")", ".", ",", ":"]
_piece = st.one_of(st.sampled_from(_PIECES), st.sampled_from(_ODD), st.text(max_size=8),
                   st.integers(0, 3000).map(str))
_case = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase])
_line = st.lists(st.tuples(_piece, _case).map(lambda pc: pc[1](pc[0])), min_size=1, max_size=8).flatmap(
    lambda parts: st.sampled_from([" ", "", ", ", " | ", ". ", ": "]).map(lambda sep: sep.join(parts).strip()))


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(_line)
def test_generated_lines_get_the_same_rule(line: str) -> None:
    if line and "\n" not in line:
        _same_rule(line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
