"""The skipped trafilatura comparison: skipped only where it cannot change the result, and then
the extraction is the same as with the comparison run."""
from __future__ import annotations

import lxml.html
import pytest
import trafilatura

from pipeline import html_compare
from pipeline.html import TRAFILATURA_OPTIONS, parse
from pipeline.html_compare import comparison_settled, readability_ceiling, skipping_settled_comparisons

SENTENCE = "The council approved the new budget for the harbour after a long debate on Tuesday evening. "
ARTICLE = f"<article><h1>Budget</h1>{''.join(f'<p>{SENTENCE * 3}</p>' for _ in range(6))}</article>"
MENU = "<ul>" + "".join(f"<li><a href='/s{i}'>Section number {i}</a></li>" for i in range(8)) + "</ul>"


def _page(body: str) -> str:
    return f"<html><head><title>t</title><script>var a = '{'x' * 5000}';</script></head><body>{body}</body></html>"


def _extract(html: str, hooked: bool) -> str:
    tree = parse(html)
    if hooked:
        with skipping_settled_comparisons() as installed:
            assert installed
            document = trafilatura.bare_extraction(tree, **TRAFILATURA_OPTIONS)
    else:
        document = trafilatura.bare_extraction(tree, **TRAFILATURA_OPTIONS)
    return lxml.html.tostring(document.body, encoding="unicode")


def test_an_article_that_is_most_of_the_page_skips_the_comparison_with_the_same_result():
    html = _page(f"<nav>{MENU}</nav>{ARTICLE}")
    before = html_compare.skipped
    hooked = _extract(html, hooked=True)
    assert html_compare.skipped == before + 1
    assert hooked == _extract(html, hooked=False)
    assert "harbour" in hooked


def test_an_article_among_much_more_text_runs_the_comparison():
    sidebar = "<div class='more'>" + "".join(f"<p>{SENTENCE * 4}</p>" for _ in range(12)) + "</div>"
    html = _page(f"{ARTICLE}{sidebar}")
    before = html_compare.skipped
    hooked = _extract(html, hooked=True)
    assert html_compare.skipped == before  # readability could find more than twice the text
    assert hooked == _extract(html, hooked=False)


def test_outside_the_context_trafilatura_runs_unchanged():
    with skipping_settled_comparisons():
        pass  # installs the hook
    before = html_compare.skipped
    _extract(_page(ARTICLE), hooked=False)
    assert html_compare.skipped == before


class _Options:
    focus = "precision"
    min_extracted_size = 250


def _body(markup: str):
    return lxml.html.fragment_fromstring(markup, create_parent="body")


@pytest.mark.parametrize("markup, reason", [
    (f"<p>{SENTENCE}</p>", "shorter than trafilatura's minimum: jusText is tried"),
    (f"<p>{SENTENCE * 4}</p><nav>x</nav>", "an element that makes trafilatura try jusText"),
    (f"<head>{SENTENCE * 4}</head>", "no paragraph text: a long readability result would win"),
    (f"<p>{SENTENCE * 4}</p><table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>",
     "more tables than paragraphs"),
])
def test_what_leaves_the_comparison_to_run(markup: str, reason: str):
    body = _body(markup)
    text = " ".join(body.itertext()).strip()
    raw = lxml.html.fromstring(f"<html><body>{markup}</body></html>")
    assert not comparison_settled(raw, body, text, _Options()), reason


def test_a_settled_result_and_the_ceiling():
    markup = f"<p>{SENTENCE * 4}</p>"
    body = _body(markup)
    text = " ".join(body.itertext()).strip()
    small = lxml.html.fromstring(f"<html><body>{markup}<p>{SENTENCE}</p></body></html>")
    large = lxml.html.fromstring(f"<html><body>{markup}<p>{SENTENCE * 9}</p></body></html>")
    assert comparison_settled(small, body, text, _Options())
    assert not comparison_settled(large, body, text, _Options())
    recall = type("Recall", (_Options,), {"focus": "recall"})()
    assert not comparison_settled(small, body, text, recall)


def test_the_ceiling_counts_visible_text_only():
    page = lxml.html.fromstring("<html><head><style>p {}</style></head><body><p> a \n b </p>"
                                "<script>long script text</script>tail<iframe></iframe></body></html>")
    assert readability_ceiling(page) == len("a b tail") + len(" VIDEO")
