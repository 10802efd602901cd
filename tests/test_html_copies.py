"""Issue 12, item 13: a paragraph an HTML page prints several times in a row appears once in
the body, and the copies the extractor (trafilatura) left out are in `removed` with the
rule that decided them (`html.repeated_paragraph`, kind `duplicate_paragraph`): nothing is
lost without a record. Copies elsewhere on the page (a teaser repeating the lead) stay
off-article and unlisted, as the contract says for HTML; a page without copies is as before.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from conftest import assert_valid
from pipeline.explain import EXTRACTOR_RULE, build_report
from pipeline.html import dropped_copies, page_blocks, parse
from test_removed_rules import rule_failures

REPEATED = ("Passengers who hold a season ticket will not have to buy a new one, and the fares stay "
            "the same until the end of the year.")
PARAGRAPHS = (
    "The harbour ferry will run on a new timetable from Monday, the council said on Tuesday, after "
    "months of complaints from commuters about late and cancelled crossings.",
    "Under the new plan the first boat leaves the north quay at six in the morning, half an hour "
    "earlier than today, and the last one returns shortly before midnight.",
    REPEATED,
    "The operator said that two older vessels would be retired in the spring and replaced by a "
    "single larger boat that can carry bicycles.",
    "Local business owners on the south side of the harbour welcomed the change, saying that the "
    "later crossings would bring evening visitors back to their restaurants.",
)
HEADLINE = "Harbour ferry timetable changes from Monday"


def page(copies: int = 1, after_article: str = "") -> bytes:
    """An article page whose third paragraph is printed `copies` times in a row."""
    paragraphs = []
    for text in PARAGRAPHS:
        paragraphs += [text] * (copies if text == REPEATED else 1)
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE} | The Coast Herald'
            f'</title></head><body>\n<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
            f"<article>\n<h1>{HEADLINE}</h1>\n{body}\n</article>\n{after_article}"
            f"<footer><p>Copyright 2026 The Coast Herald. All rights reserved.</p></footer>\n"
            f"</body></html>\n").encode()


def clean(data: bytes) -> pipeline.Document:
    doc = pipeline.clean(data, source="copies.html")
    assert_valid(doc.to_dict())
    return doc


def copies_removed(doc: pipeline.Document) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in doc.removed if r.rule == "html.repeated_paragraph"]


@pytest.mark.parametrize("copies", [2, 3, 5])
def test_copies_the_extractor_left_out_are_recorded(copies: int) -> None:
    doc = clean(page(copies))
    # The body holds the paragraph once, as trafilatura keeps it: a paragraph printed again
    # back to back is the page's template repeating itself, not the author writing it twice.
    assert doc.body.split("\n\n") == list(PARAGRAPHS)
    assert copies_removed(doc) == [("duplicate_paragraph", REPEATED)] * (copies - 1)


def test_every_copy_is_in_the_body_or_in_removed() -> None:
    doc = clean(page(3))
    kept = doc.body.split("\n\n").count(REPEATED)
    recorded = [r.text for r in doc.removed].count(REPEATED)
    assert kept + recorded == 3


def test_a_page_without_copies_is_unchanged() -> None:
    doc = clean(page(1))
    assert doc.body.split("\n\n") == list(PARAGRAPHS)
    assert [(r.kind, r.text, r.rule) for r in doc.removed] == [
        ("duplicate_title", HEADLINE, "head.duplicate_title")]


def test_menus_and_footers_stay_unlisted() -> None:
    texts = " ".join(r.text for r in clean(page(3)).removed)
    assert "Home" not in texts and "Copyright" not in texts


def test_a_copy_outside_the_article_is_not_listed() -> None:
    """The lead again in a teaser box under the article: off-article, not a copy the article lost."""
    teaser = f'<aside class="related"><h2>More news</h2><p>{PARAGRAPHS[0]}</p></aside>\n'
    doc = clean(page(1, after_article=teaser))
    assert doc.body.split("\n\n") == list(PARAGRAPHS)
    assert copies_removed(doc) == []


def test_a_short_line_printed_again_is_no_paragraph_copy() -> None:
    rule_page = page(1).replace(f"<p>{REPEATED}</p>".encode(),
                                f"<p>{REPEATED}</p><p>Advertisement</p><p>Advertisement</p>".encode())
    assert copies_removed(clean(rule_page)) == []


def test_the_removals_name_a_rule_that_accepts_them() -> None:
    assert rule_failures(page(3), "copies.html")[0] == []


def test_explain_shows_the_copies_with_their_rule_not_as_off_article() -> None:
    report = build_report(page(3), "copies.html")
    rows = [(row.kind, row.rule) for row in report.rows if row.text == REPEATED]
    assert rows == [("body", ""), ("duplicate_paragraph", "html.repeated_paragraph"),
                    ("duplicate_paragraph", "html.repeated_paragraph")]
    assert all(row.rule != EXTRACTOR_RULE for row in report.rows if row.text == REPEATED)


def test_dropped_copies_counts_only_inside_the_aligned_region() -> None:
    tree = parse("<div><p>Copy of the lead paragraph, printed in a teaser.</p></div><article>"
                 "<p>Copy of the lead paragraph, printed in a teaser.</p><p>Twice printed paragraph here.</p>"
                 "<p>Twice printed paragraph here.</p><p>The end.</p></article>")
    lines = ["Copy of the lead paragraph, printed in a teaser.", "Twice printed paragraph here.", "The end."]
    assert dropped_copies(tree, lines, {0, 1, 2}) == {1: 1}
    assert dropped_copies(tree, lines, {0}) == {}


def test_page_blocks_walks_deep_pages_without_recursion() -> None:
    # libxml2 nests up to about 2,000 elements; Python's recursion stops at 1,000 frames.
    tree = parse("<html><body>" + "<div>" * 1900 + "<p>Deep down</p>" + "</div>" * 1900 + "<p>After</p></body></html>")
    assert [block.text for block in page_blocks(tree)] == ["Deep down", "After"]
