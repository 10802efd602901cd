"""Which few phrase rules can match a line, told by one scan of it.

Owns the reading of a regular expression for the strings any match of it must contain
(`required_strings`) and `Prefilter`, which combines those strings, for every rule, into one
pattern: a scan of the line with it names the rules whose required strings occur there, and
only those rules are tried (`pipeline.text.phrase_rule`), in their order. Nothing here is
written by hand for a rule: the strings come from the rules' own patterns, and a rule decided
by a test function names, as its `gate`, patterns that any line the test accepts matches (the
cheap look the test itself starts with). A rule with neither is always tried.

A match's required strings are compared case-folded the way the `re` module folds case
(`fold`), so a case-insensitive rule and a case-sensitive one are both admitted by them; the
line's start and end are written as two control characters, so '^By' requires '\\x00by'.
`tests/test_prefilter.py` checks, for every rule, that its examples are admitted, and that
labelling with the prefilter equals labelling without it on many real and generated lines.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# The parser of the `re` module: the one source of what a pattern means. Private modules,
# but stable since Python 3.11 (the oldest Python the project supports).
import _sre
from re import _casefix, _constants as C, _parser

START, END = "\x00", "\x01"  # the line's start and end, as the scan sees them
_MAX_STRINGS = 1024         # more alternatives than this in a product and a part counts as unknown
_MAX_UNION = 2048           # ... in a choice between parts
_MAX_CLASS = 12             # a character class of at most this many characters is spelt out


# --- case folding as `re` does it ------------------------------------------------------------

def _representatives() -> dict[int, int]:
    """Characters `re` takes as equal under IGNORECASE beyond lower case ('ı' and 'i', 'ς' and
    'σ'), each to one member of its group: the plain lower-case letter."""
    rep: dict[int, int] = {}
    for code, others in _casefix._EXTRA_CASES.items():
        group = (code, *others)
        plain = [m for m in group if len(chr(m).upper()) == 1 and _sre.unicode_tolower(ord(chr(m).upper())) == m]
        chosen = min(plain or group)
        for member in group:
            if member != chosen:
                rep[member] = chosen
    return rep


_REPRESENTATIVE = _representatives()
# Characters `str.lower` does not fold as `re` does: the non-representative members above,
# 'Σ' (lowered to 'ς' at a word's end), 'İ' (lowered to two characters) and digits other than
# ASCII ones (`\d` is read as 0-9 here). A line with any of them is folded one character at a time.
_SPECIAL = re.compile("[" + re.escape("".join(chr(c) for c in _REPRESENTATIVE) + "Σİ") + "]")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # two one-class scans: faster than one scan for either


def _fold_char(ch: str) -> str:
    if ch.isdecimal() and not ch.isascii():
        return str(unicodedata.decimal(ch))
    code = _sre.unicode_tolower(ord(ch))
    return chr(_REPRESENTATIVE.get(code, code))


def fold(text: str) -> str:
    """`text` with the case folding of `re` (IGNORECASE), and every decimal digit as 0-9.

    >>> fold("Von ΟΔΟΣ İst ٣")
    'von οδοσ ist 3'
    """
    if text.isascii() or (_SPECIAL.search(text) is None and _OTHER_DIGIT.search(text) is None):
        return text.lower()
    return "".join([_fold_char(ch) for ch in text])


# --- the strings a pattern requires ------------------------------------------------------------

@dataclass(frozen=True)
class _Facts:
    """What is known of the text a part of a pattern matches (None: nothing).

    `exact`: every string it can match; `prefix`/`suffix`: one of these starts/ends every
    non-empty match ('' among them: it may start/end with anything); `empty`: it may match
    the empty string; `need`: one of these occurs in every match."""

    exact: frozenset[str] | None = None
    prefix: frozenset[str] | None = None
    suffix: frozenset[str] | None = None
    need: frozenset[str] | None = None
    empty: bool = True


def _exactly(strings: Iterable[str]) -> _Facts:
    found = frozenset(strings)
    return _Facts(found, found - {""}, found - {""}, found, "" in found)


_UNKNOWN = _Facts()
_EMPTY = _exactly({""})
_DIGITS = frozenset("0123456789")


def _cross(left: frozenset[str] | None, right: frozenset[str] | None) -> frozenset[str] | None:
    if left is None or right is None or len(left) * len(right) > _MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _union(sets: Sequence[frozenset[str] | None]) -> frozenset[str] | None:
    if any(s is None for s in sets):
        return None
    union = frozenset().union(*sets)
    return union if len(union) <= _MAX_UNION else None


def narrowing(strings: frozenset[str] | None) -> tuple[int, int]:
    """How much a set of required strings narrows: its shortest string's length (a line's
    start or end mark counts as a character beside others, alone it narrows nothing), then
    fewer strings."""
    if not strings:
        return (0, 0)
    return (min(len(s) if s.strip(START + END) else 0 for s in strings), -len(strings))


def _best(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    best = max(candidates, key=narrowing)
    return best if narrowing(best)[0] > 0 else None


def _or_empty(strings: frozenset[str] | None, empty: bool) -> frozenset[str] | None:
    """Starts (or ends) of every match, the empty one included."""
    return strings | {""} if strings is not None and empty else strings


def _starts(a: _Facts, b: _Facts) -> frozenset[str] | None:
    """Strings one of which starts every non-empty match of `a` followed by `b`."""
    if a.exact is not None:
        if b.prefix is None:
            return a.exact  # '' among them when `a` may be empty: then the start is unknown
        starts = _cross(a.exact, _or_empty(b.prefix, b.empty))
        if starts is None:
            return a.exact
        if "" in starts and not ("" in a.exact and "" in b.prefix):
            starts = starts - {""}  # only the empty match, which has no start
        return starts
    if a.empty:
        return _union([a.prefix, b.prefix])
    return a.prefix


def _ends(a: _Facts, b: _Facts) -> frozenset[str] | None:
    """Strings one of which ends every non-empty match of `a` followed by `b`."""
    if b.exact is not None:
        if a.suffix is None:
            return b.exact
        ends = _cross(_or_empty(a.suffix, a.empty), b.exact)
        if ends is None:
            return b.exact
        if "" in ends and not ("" in b.exact and "" in a.suffix):
            ends = ends - {""}
        return ends
    if b.empty:
        return _union([a.suffix, b.suffix])
    return b.suffix


def _then(a: _Facts, b: _Facts) -> _Facts:
    """Facts of `a` followed by `b`."""
    exact = _cross(a.exact, b.exact)
    if exact is not None:
        return _Facts(exact, exact - {""}, exact - {""}, _best(exact, a.need, b.need), "" in exact)
    across = _cross(_or_empty(a.suffix, a.empty), _or_empty(b.prefix, b.empty))
    return _Facts(None, _starts(a, b), _ends(a, b), _best(a.need, b.need, across), a.empty and b.empty)


def _sequence(items, multiline: bool) -> _Facts:
    facts = _EMPTY
    for op, value in items:
        facts = _then(facts, _item(op, value, multiline))
    return facts


def _class(members) -> _Facts:
    chars: set[str] = set()
    for op, value in members:
        if op is C.LITERAL:
            chars.add(_fold_char(chr(value)))
        elif op is C.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.update(_fold_char(chr(code)) for code in range(value[0], value[1] + 1))
        elif op is C.CATEGORY and value is C.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        else:
            return _UNKNOWN  # a negated class, a wide range, letters or spaces
        if len(chars) > _MAX_CLASS:
            return _UNKNOWN
    return _exactly(chars)


def _item(op, value, multiline: bool) -> _Facts:
    if op is C.LITERAL:
        return _exactly({_fold_char(chr(value))})
    if op is C.IN:
        return _class(value)
    if op is C.CATEGORY and value is C.CATEGORY_DIGIT:
        return _exactly(_DIGITS)
    if op is C.AT:
        if value is C.AT_BEGINNING_STRING or (value is C.AT_BEGINNING and not multiline):
            return _exactly({START})
        if value is C.AT_END_STRING or (value is C.AT_END and not multiline):
            return _exactly({END})
        return _EMPTY  # word boundaries, line starts under MULTILINE: no character
    if op in (C.ASSERT, C.ASSERT_NOT):
        return _EMPTY  # a lookaround consumes nothing (what it requires is not used)
    if op is C.SUBPATTERN:
        _, add_flags, _, items = value
        return _sequence(items, multiline or bool(add_flags & re.MULTILINE))
    if op is C.ATOMIC_GROUP:
        return _sequence(value, multiline)
    if op is C.BRANCH:
        branches = [_sequence(items, multiline) for items in value[1]]
        exact = _union([b.exact for b in branches])
        if exact is not None:
            return _Facts(exact, exact - {""}, exact - {""}, _best(exact, _union([b.need for b in branches])),
                          "" in exact)
        return _Facts(None, _union([b.prefix for b in branches]), _union([b.suffix for b in branches]),
                      _union([b.need for b in branches]), any(b.empty for b in branches))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, items = value
        inner = _sequence(items, multiline)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _exactly(inner.exact | {""})
            return _Facts(None, inner.prefix, inner.suffix, None, True)
        facts = inner
        for _ in range(min(low, 3) - 1):
            facts = _then(facts, inner)
        if low == high and low <= 3:
            return facts
        return _Facts(None, facts.prefix, inner.suffix, facts.need, inner.empty)
    return _UNKNOWN  # any character, a negated literal, a group reference, a conditional


def required_strings(pattern: re.Pattern | str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which any match of `pattern` contains one, case-folded (`fold`), with
    `START`/`END` standing for the line's start and end; None when the pattern requires
    nothing that narrows (then every line may match).

    >>> sorted(required_strings(r"^(?:sign in|log ?in)$"))
    ['\\x00log in\\x01', '\\x00login\\x01', '\\x00sign in\\x01']
    >>> sorted(required_strings(r"\\bwe use cookies|accept (?:all )?cookies"))
    ['accept all cookies', 'accept cookies', 'we use cookies']
    >>> required_strings(r"\\w+\\s+\\w+") is None
    True
    """
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    parsed = _parser.parse(pattern, flags)
    return _sequence(parsed, bool(parsed.state.flags & re.MULTILINE)).need  # inline '(?m)' counts too


def gate_strings(patterns: Sequence[re.Pattern]) -> frozenset[str] | None:
    """Strings of which a line matching any of `patterns` contains one (None: unknown)."""
    if not patterns:
        return None
    return _union([required_strings(p) for p in patterns])


# --- the combined scan ------------------------------------------------------------------------

class Prefilter:
    """The rules that can match a line, in their order: those whose required strings occur in
    it, and those that require nothing known.

    The strings of all rules are one Aho-Corasick automaton (pyahocorasick): one pass over the
    folded line reports every occurrence of every string, overlapping ones too. Measured on the
    16,000 distinct lines of the text bench: 3.5 µs a line, folding included, against 12 µs
    for the same strings as one regular expression (a trie-shaped alternation, searched again
    after each hit)."""

    def __init__(self, rules: Sequence, strings_of) -> None:
        """`strings_of(rule)`: the strings one of which a line the rule matches contains, or None."""
        import ahocorasick

        self.rules = tuple(rules)
        always = 0
        masks: dict[str, int] = {}
        for index, rule in enumerate(self.rules):
            strings = strings_of(rule)
            if strings is None:
                always |= 1 << index
                continue
            for string in strings:
                masks[string] = masks.get(string, 0) | (1 << index)
        self.always = always
        self.strings = masks  # each string to the rules (bits by index) that require it
        self._automaton = ahocorasick.Automaton()
        for string, mask in sorted(masks.items()):
            self._automaton.add_word(string, mask)
        if masks:
            self._automaton.make_automaton()

    def candidates(self, text: str) -> tuple:
        """The rules that may match `text`, in their order."""
        if not self.strings or text.endswith("\n"):  # '$' also matches before a final newline
            return self.rules
        mask = self.always
        for _, rules in self._automaton.iter(START + fold(text) + END):
            mask |= rules
        return self._rules_of(mask)

    @lru_cache(maxsize=4096)
    def _rules_of(self, mask: int) -> tuple:
        return tuple(rule for index, rule in enumerate(self.rules) if mask >> index & 1)
