"""Limits on the shape of one input, checked before it is split into blocks or parsed, so
that the memory and time one document can take are bounded by design, not by luck.

The size limit (`--max-bytes`) bounds the bytes; these bound what costs more than its
bytes: every non-blank line of a text becomes a block object (about 1 KB each however
short the line: a million short lines took 1.25 GB), every HTML element a tree node and
an extractor's pass, and libxml2 checks each attribute of an element against the others
(100,000 attributes on one <p> took 8.8 s). An input past a limit is refused
('too_many_blocks') with what was counted; the batch goes on.

The limits sit far above any news page: the largest of the 1,000 bench pages has 1,601
non-blank lines, 9,892 elements and 63 attributes on one element.

    >>> check_text("A headline\\n\\nA paragraph.")
    >>> check_html("<p class='x' id='y'>text</p>")
"""
from __future__ import annotations

import re

from .errors import CleanError

MAX_LINES = 100_000        # non-blank lines of a text input (each becomes a block)
MAX_ELEMENTS = 50_000      # start tags of an HTML page (each becomes a tree node)
MAX_ATTRIBUTES = 1_000     # attributes on one HTML element

_NON_BLANK_LINE = re.compile(r"^[^\S\n]*\S", re.MULTILINE)
_START_TAG = re.compile(r"<[A-Za-z]")
# A start tag as the HTML tokenizer reads it: a name, then attributes (quoted values may
# hold '<' or '>'), so no quoting trick hides attributes from the count. At most one more
# than the limit is matched: the regex engine's memory grows with the repetitions.
_TAG = re.compile(r"""<[A-Za-z][^\s>/]*(?:[\s/]+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?){0,%d}"""
                  % (MAX_ATTRIBUTES + 1))
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE_NAME = re.compile(r"\s[^\s\"'>/=]+")


def _more_than(pattern: re.Pattern, text: str, limit: int) -> bool:
    """Whether `pattern` matches more than `limit` times in `text` (stops counting there)."""
    for count, _ in enumerate(pattern.finditer(text), start=1):
        if count > limit:
            return True
    return False


def check_text(text: str) -> None:
    """Refuse a text with more non-blank lines than MAX_LINES."""
    if text.count("\n") >= MAX_LINES and _more_than(_NON_BLANK_LINE, text, MAX_LINES):
        raise CleanError("too_many_blocks", f"more than {MAX_LINES:,} non-blank lines; "
                                            "not an article (each line would be a block)")


def check_html(text: str) -> None:
    """Refuse a page with more elements than MAX_ELEMENTS, or an element with more
    attributes than MAX_ATTRIBUTES (libxml2's attribute checks are quadratic)."""
    if text.count("<") > MAX_ELEMENTS and _more_than(_START_TAG, text, MAX_ELEMENTS):
        raise CleanError("too_many_blocks", f"more than {MAX_ELEMENTS:,} HTML elements; not an article page")
    for tag in _TAG.finditer(text):
        # Only a tag this long can hold that many attributes (two characters each at least).
        if tag.end() - tag.start() > 2 * MAX_ATTRIBUTES:
            names = _QUOTED.sub(" ", tag.group())
            if _more_than(_ATTRIBUTE_NAME, names, MAX_ATTRIBUTES):
                raise CleanError("too_many_blocks", f"an element with more than {MAX_ATTRIBUTES:,} "
                                                    f"attributes at character {tag.start():,}")
