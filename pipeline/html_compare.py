"""trafilatura's fallback comparison, skipped where it provably keeps trafilatura's own result.

Owns one speed-up of the extraction (`pipeline.html` calls trafilatura inside `skipping_
settled_comparisons()`): after its own extractor, trafilatura (not in `fast` mode) prunes
a copy of the raw page again, runs readability over it and sometimes jusText, and keeps
its own result unless one of its tests prefers the other (trafilatura 2.3.1,
`external.compare_extraction` and `_prefer_readability`). For the precision and balanced
modes we use, its own result stays when all of these hold:

- it has at least `min_extracted_size` characters (else jusText is tried);
- it holds none of the elements that call for jusText (`aside`, `nav`, `figure`, ...);
- it has paragraph text and no more tables than paragraphs (else a long readability
  result wins for structure);
- readability cannot find more than twice its text: readability returns a part of the page
  with scripts and styles dropped (plus 'VIDEO' in each iframe), so the whole page's
  visible text, white space collapsed, bounds it from above.

Measured on the 181 shared pages: the comparison cost about 10 ms of a page's 34, and the
test (under a millisecond) settles it in 86 of the 220 extractions (about 40 %): 33.6 ms a
page without the skip, 30.0 ms with it (docs/benchmarks.md, "HTML speed"). Where the test holds
the comparison is skipped and the result is, by the argument above, the one it would have
returned; where it does not, trafilatura's own comparison runs as before. So outputs are
byte-identical either way. The hook is installed only on the pinned trafilatura release it
was written against and only acts inside `skipping_settled_comparisons()` in this thread
or task: any other caller of trafilatura in the process (bench/html_speed.py's loop) gets
the unchanged library.
"""
from __future__ import annotations

import contextlib
import contextvars
from typing import Iterator

from lxml import etree

# The release whose `compare_extraction` the tests above were read from.
TRAFILATURA_RELEASE = "2.3.1"
# trafilatura's `external.SANITIZED_XPATH`: elements of its result that make it try jusText.
_CALLS_FOR_JUSTEXT = ("aside", "audio", "button", "fencedframe", "fieldset", "figure", "footer", "iframe",
                      "input", "label", "link", "nav", "noindex", "noscript", "object", "option", "select",
                      "source", "svg", "time")
_IFRAME_TEXT = len(" VIDEO")  # readability's sanitize writes 'VIDEO' into each iframe it keeps

_active: contextvars.ContextVar[bool] = contextvars.ContextVar("skip_settled_comparisons", default=False)
_installed = False
skipped = 0  # comparisons skipped in this process (read by bench scripts and tests)


def readability_ceiling(raw_tree) -> int:
    """The most characters readability can return for `raw_tree`: all its text outside
    scripts and styles, white space collapsed as trafilatura's `trim` does, plus the text
    readability writes into iframes.

    >>> import lxml.html
    >>> readability_ceiling(lxml.html.fromstring(
    ...     "<html><body><p>Two  words</p><script>var x = 1;</script><iframe></iframe></body></html>"))
    15
    """
    # A script's or style's text is its one text child (the HTML parser reads it as raw
    # text), so testing the parent is enough, and cheaper than the ancestor axis, which a
    # fencedframe (rare, and holding elements) still needs.
    if next(raw_tree.iter("fencedframe"), None) is not None:
        texts = _TEXT_OUTSIDE_FENCEDFRAMES(raw_tree)
    else:
        texts = _TEXT_OUTSIDE_SCRIPTS(raw_tree)
    words = " ".join(texts).split()
    iframes = sum(1 for _ in raw_tree.iter("iframe"))
    return sum(map(len, words)) + max(len(words) - 1, 0) + _IFRAME_TEXT * iframes


_TEXT_OUTSIDE_SCRIPTS = etree.XPath("//text()[not(parent::script or parent::style)]", smart_strings=False)
_TEXT_OUTSIDE_FENCEDFRAMES = etree.XPath(
    "//text()[not(parent::script or parent::style or ancestor::fencedframe)]", smart_strings=False)


def comparison_settled(raw_tree, body, text: str, options) -> bool:
    """Whether trafilatura's comparison would keep `body` and `text` (its own result) as
    they are; see the module docstring for each test."""
    if options.focus not in ("precision", "balanced") or len(text) < options.min_extracted_size:
        return False
    if next(body.iter(*_CALLS_FOR_JUSTEXT), None) is not None:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    return readability_ceiling(raw_tree) <= 2 * len(text)


def _install() -> bool:
    """Wrap trafilatura's comparison once; False where the release is not the one read."""
    global _installed
    if _installed:
        return True
    import trafilatura
    import trafilatura.core

    original = getattr(trafilatura.core, "compare_extraction", None)
    if trafilatura.__version__ != TRAFILATURA_RELEASE or original is None:
        return False

    def compare_extraction(cleaned_tree, raw_tree, body, text, options):
        global skipped
        if _active.get() and comparison_settled(raw_tree, body, text, options):
            skipped += 1
            return body, text
        return original(cleaned_tree, raw_tree, body, text, options)

    compare_extraction.original = original  # type: ignore[attr-defined]
    trafilatura.core.compare_extraction = compare_extraction
    _installed = True
    return True


@contextlib.contextmanager
def skipping_settled_comparisons() -> Iterator[bool]:
    """Inside, trafilatura skips the comparisons `comparison_settled` says cannot change
    its result; yields whether the hook is in place (False: trafilatura runs unchanged)."""
    if not _install():
        yield False
        return
    token = _active.set(True)
    try:
        yield True
    finally:
        _active.reset(token)
