"""Property tests (hypothesis) over generated text, documents and bytes.

Cleaning never raises anything but `CleanError`; every document validates against
pipeline/schema.json; for text input nothing is lost (every non-blank input line is body,
metadata or `removed`); reading does not depend on how the same text was encoded.

CI runs the "ci" profile (200 examples each, fixed seed); the long fuzz run is
`pytest --hypothesis-profile=long tests/test_properties.py` (see notes/robustness.md).
"""
from __future__ import annotations

import codecs
import gzip

import pytest
from hypothesis import example, given, strategies as st

import pipeline
from pipeline.errors import CleanError
from pipeline.reading import read_text
from pipeline.rules import CONTEXT_RULES, RULES

from conftest import assert_nothing_lost, assert_valid

# --- strategies -------------------------------------------------------------------------

_WORDS = st.sampled_from(
    "the a of to and in that said president government people year police report city "
    "Iran Taliban Washington Reuters minister week officials told would could after "
    "naïve café résumé Zürich “quoted” it’s — – 2019 14,000 U.S. Mr. Dr. #tag @user".split())
_prose = st.builds(lambda ws, end: " ".join(ws).capitalize() + end,
                   st.lists(_WORDS, min_size=6, max_size=45), st.sampled_from([".", "?", "!", ".\"", ""]))
_short = st.builds(" ".join, st.lists(_WORDS.map(str.title), min_size=1, max_size=4))
_boilerplate = st.sampled_from(sorted({ex if isinstance(ex, str) else ex[0]  # context rules: (text, context)
                                       for rule in RULES + CONTEXT_RULES for ex in rule.examples}))
_date = st.sampled_from(["26 December, 2018", "December 26, 2018", "Published: 2020-02-14", "12/26/2018",
                         "Updated 10:30 a.m. ET, Feb 3, 2020", "3 min read", "By Jane Doe and John Smith"])
_caption = st.builds(lambda ws, credit: " ".join(ws).capitalize() + credit,
                     st.lists(_WORDS, min_size=4, max_size=25),
                     st.sampled_from([" ATTA KENARE/AFP/Getty Images", " [Getty]", " (Photo: AP)", " Photo by Jo Li", ""]))
_dateline = st.builds(lambda place, para: f"{place} — {para}",
                      st.sampled_from(["WASHINGTON (Reuters)", "UNITED STATES, WASHINGTON (OBSERVATORY)", "KABUL, Afghanistan"]),
                      _prose)
_noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
_line = st.one_of(_prose, _prose, _prose, _short, _boilerplate, _date, _caption, _dateline, _noise)
_separator = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n"])


@st.composite
def documents(draw) -> str:
    """Text shaped like a scraped page: a head, paragraphs, furniture and noise."""
    lines = draw(st.lists(_line, min_size=1, max_size=30))
    if draw(st.booleans()):
        lines.insert(0, draw(_short))  # a headline
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(_separator))
    return "".join(out)


def _outcome(data, **kwargs):
    """The document, or None when refused with CleanError; anything else propagates."""
    try:
        doc = pipeline.clean(data, **kwargs)
    except CleanError as exc:
        assert exc.reason in CleanError.REASONS
        return None
    assert_valid(doc.to_dict())
    return doc


# --- properties ---------------------------------------------------------------------------

@given(documents())
@example("Headline\n\nWASHINGTON (Reuters) — The first paragraph is long enough to count as prose here.\n")
@example("Share this:\nLike this:\nRelated\n")
# Found by the long run: a dateline was read off a line that then went as a repeated block.
@example("The\nThe the the the the the.\nThe the the the the the.\nThe the the the the the.\n"
         "AA(AA)\u2013 THE THE THE THE THE THE.\nThe the the the the the the.\n")
def test_generated_documents_lose_nothing(text: str) -> None:
    doc = _outcome(text, source="generated.txt", format="text")
    if doc is not None:
        assert_nothing_lost(text.encode("utf-8"), doc)


@given(st.text(max_size=3000))
def test_any_text_cleans_or_is_refused(text: str) -> None:
    doc = _outcome(text, format="text")
    if doc is not None:
        assert_nothing_lost(text.encode("utf-8"), doc)


@given(st.text(st.characters(blacklist_categories=()), max_size=500))
def test_text_with_surrogates_cleans_or_is_refused(text: str) -> None:
    _outcome(text, format="text")  # lone surrogates included: no UnicodeEncodeError


@given(st.binary(max_size=4000))
@example(b"\x1f\x8b")
@example(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
@example(codecs.BOM_UTF16_LE + b"\x00\xd8")
@example(codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff")
def test_any_bytes_clean_or_are_refused(data: bytes) -> None:
    _outcome(data, source="fuzz.txt")


@given(st.binary(max_size=2000))
def test_any_gzip_member_cleans_or_is_refused(data: bytes) -> None:
    packed = gzip.compress(data, mtime=0)
    _outcome(packed, source="fuzz.txt.gz")
    _outcome(packed[: len(packed) // 2], source="cut.txt.gz")


_ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
              ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)]


@given(documents(), st.sampled_from(_ENCODINGS), st.booleans())
def test_reading_does_not_depend_on_the_encoding(text: str, encoding, zipped: bool) -> None:
    codec, bom = encoding
    data = bom + text.encode(codec)
    if zipped:
        data = gzip.compress(data, mtime=0)
    try:
        plain = read_text(text.encode("utf-8"))
    except CleanError as exc:
        with pytest.raises(CleanError) as again:
            read_text(data)
        assert again.value.reason == exc.reason
        return
    assert read_text(data).text == plain.text


@given(documents())
def test_cleaning_is_deterministic(text: str) -> None:
    first, second = _outcome(text), _outcome(text)
    assert (first.to_json() if first else None) == (second.to_json() if second else None)


@given(st.one_of(st.binary(max_size=3000), documents().map(lambda t: t.encode()),
                 st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "<script>", "</script>",
                                           "<!--", "-->", "<br/>", "<html>", "<title>", "</title>", "&amp;",
                                           "<meta charset=\"utf-16\">", "<p>A sentence of some length, in prose."]),
                          max_size=200).map(lambda parts: "".join(parts).encode())))
def test_any_html_cleans_or_is_refused(data: bytes) -> None:
    pytest.importorskip("pipeline.html", reason="the HTML module is not in this checkout yet")
    _outcome(data, source="fuzz.html", format="html")


def test_text_with_lone_surrogates_is_not_a_crash() -> None:
    _outcome("A paragraph with a lone surrogate \udcff in it, long enough to read as prose here.")


# --- issue 12: arguments, limits and output names ----------------------------------------------

_ANY_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                       st.binary(max_size=20), st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                       st.builds(lambda s: __import__("pathlib").Path(s or "x"), st.text(max_size=10)))


@given(_ANY_VALUE, _ANY_VALUE, _ANY_VALUE)
def test_clean_of_any_arguments_is_a_document_a_clean_error_or_a_type_or_value_error(data, source, max_bytes) -> None:
    """Defect 10: never an AttributeError, MemoryError or OverflowError from deep inside."""
    try:
        doc = pipeline.clean(data, source=source, max_bytes=max_bytes)
    except (CleanError, TypeError, ValueError):
        return
    doc.to_json().encode("utf-8")  # whatever the source name, the document can be written


@given(st.lists(_line, min_size=1, max_size=40))
def test_the_line_limit_never_refuses_a_text_under_it(lines: list[str]) -> None:
    from pipeline.limits import check_text

    check_text("\n".join(lines))


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=8),
                min_size=1, max_size=6))
def test_output_names_that_fold_alike_are_claimed_once(names: list[str]) -> None:
    """Defect 13: of names that one case-insensitive, normalising file system would merge,
    the first in input order has the output; the rest are refused, whatever the spelling."""
    import unicodedata

    from pipeline.sources import OutputNames, Record, folded

    claims = OutputNames()
    spellings = [n for name in names for n in (name, name.upper(), unicodedata.normalize("NFD", name))]
    taken = {}
    for number, key in enumerate(spellings):
        refusal = claims.claim(Record(f"in/{number}", key, b""))
        if folded(key) in taken:
            assert refusal is not None and refusal.reason == "name_clash"
        elif refusal is None:
            taken[folded(key)] = number
