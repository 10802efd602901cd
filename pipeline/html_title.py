"""An HTML page's title as printed: the article's headline element, checked against its metadata.

The metadata titles (JSON-LD headline, og:title, <title>) are often written for search
engines and social feeds: a site suffix ("... | DW"), a kicker glued on ("Kicker: Headline"),
or a different wording altogether. The headline the reader sees is the page's `<h1>` (or
the element marked `itemprop="headline"`). It is taken when it agrees with a metadata
title (see `agrees`), so a logo or a section name in an `<h1>` is never the title. A kicker
printed apart inside the headline element (a child whose class says kicker/overline/...)
is left out, as the reader sees it as a label above the headline.

It also owns the lines printed under that headline (`head_lines`), where the byline and the
date of a page without date and author fields are read (`pipeline.html_authors`,
`pipeline.html_dates`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

# Shared words (of the shorter title) for a headline and a metadata title to be the same story.
AGREEMENT = 0.6
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Class names of a kicker/label printed inside the headline element.
_KICKER = re.compile(r"kicker|overline|topline|dachzeile|eyebrow|supertitle|pretitle|spitzmarke|rubric|flag|label",
                     re.IGNORECASE)
_HIDDEN = re.compile(r"offscreen|sr-only|visually-hidden|screen-reader|visuallyhidden", re.IGNORECASE)
_OUTSIDE = frozenset({"header", "nav", "footer", "aside", "figure", "form"})
_MAX_TITLE_CHARS = 400
_BREAK = "\x00"
_BREAK_BEFORE_PUNCTUATION = re.compile(r"\x00+(?=\s*[:,.!?;])")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def agrees(headline: str, title: str) -> bool:
    """Whether a printed headline and a metadata title tell the same story: one holds the
    other, or most words of the shorter are in the longer.

    >>> agrees("Pendler zahlen 60 Prozent weniger", "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger | Example")
    True
    >>> agrees("Example News", "Pendler zahlen 60 Prozent weniger")
    False
    """
    a, b = _words(headline), _words(title)
    if not a or not b:
        return False
    if " ".join(a) in " ".join(b) or " ".join(b) in " ".join(a):
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    pool = set(longer)
    return sum(1 for w in shorter if w in pool) / len(shorter) >= AGREEMENT


def headline_text(element: etree._Element, kickers: bool = True) -> str:
    """The headline element's text without screen-reader-only pieces (and kicker labels
    printed inside it, unless `kickers`)."""
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "noscript"):
                marks = f"{child.get('class', '')} {child.get('id', '')}"
                if not (not kickers and _KICKER.search(marks) or _HIDDEN.search(marks)):
                    pieces.append(_BREAK)
                    walk(child)
                    pieces.append(_BREAK)
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    # A break between elements is a space only where the text has none and no punctuation
    # follows ('<span>Kicker</span><span>: Headline</span>' reads 'Kicker: Headline').
    text = _BREAK_BEFORE_PUNCTUATION.sub("", "".join(pieces))
    return _SPACE.sub(" ", text.replace(_BREAK, " ")).strip()


def _headline_elements(tree: etree._Element) -> list[etree._Element]:
    """The page's `<h1>`s and `itemprop="headline"` elements outside headers, menus and asides."""
    found = []
    for element in tree.xpath("//h1|//*[@itemprop='headline'][not(self::meta)]"):
        if any(node.tag in _OUTSIDE for node in element.iterancestors()):
            continue
        found.append(element)
    return found


def printed_headlines(tree: etree._Element) -> list[str]:
    """The texts of the page's headline elements (`<h1>`, `itemprop="headline"`), page order."""
    return [headline_text(element) for element in _headline_elements(tree)]


def printed_headline(tree: etree._Element, title: str | None, titles: list[str], site_names: set[str]) -> str | None:
    """The page's printed headline where it is a better title than the metadata `title`, or None.

    The first headline element that agrees with one of the metadata `titles` is compared
    with `title` word by word:
    - `title` is the headline and a tail ("Headline | Site", "Headline - section"): the headline;
    - `title` is a kicker and the headline ("Kicker: Headline"): `title` stays, the page prints
      the two apart and both belong to the title;
    - the headline holds `title` and more: `title` was cut short, the headline wins, unless what
      it adds is a kicker label printed inside the headline element;
    - the two tell the story in other words: `title` stays (measured: the printed wording wins
      as often as it loses against the metadata's, so the cheaper, steadier source stays).
    """
    titles = [t for t in titles if t]
    if not title or not titles:
        return None
    sites = {" ".join(_words(name)) for name in site_names if name}
    key = " ".join(_words(title))
    for element in _headline_elements(tree):
        text = headline_text(element)
        words = " ".join(_words(text))
        if not words or len(text) > _MAX_TITLE_CHARS or words in sites:
            continue
        if not any(agrees(text, other) for other in titles):
            continue
        if words == key:
            return None
        if key.startswith(words + " "):
            return text
        if words in key:
            return None
        if key in words:
            bare = " ".join(_words(headline_text(element, kickers=False)))
            return None if bare == key else text
        return None
    return None


# How far under the headline its head (byline, date) may sit: elements in page order, and the
# longest line that still belongs to the head (a first paragraph is longer).
_HEAD_REACH_ELEMENTS = 60
_HEAD_LINE_WORDS = 25
_FOLLOWING = etree.XPath(f"following::*[position() <= {_HEAD_REACH_ELEMENTS}]")
_IN_LINE = frozenset({"a", "span", "b", "strong", "em", "i", "u", "small", "abbr", "font", "time", "br", "img"})
_LINE_ELEMENTS = frozenset({"p", "div", "span", "address", "li", "dd", "section", "header", "small", "em", "strong"})


# Class names of a standfirst printed under the headline, in the words CMSs use for one
# (whole words of a class: 'c-standfirst', 'article__lead', 'entry-summary', 'chapo').
_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|stand-first|dek|deck|lede|lead|leadin|intro|preamble|summary|excerpt|subtitle|"
    r"sub-title|subheadline|subhead|strapline|sapo|chapo|chapeau|entradilla|sumario|sottotitolo|sommario|"
    r"catenaccio|ingress|ingres|vorspann|anreisser|teaser-text|bigode|linha-fina|perex|perex-text|lid|"
    r"article-lead|article-intro|article-summary)(?:$|\s|__)", re.IGNORECASE)  # ('lead-image' is no standfirst)
_STANDFIRST_WORDS = (6, 80)  # a standfirst holds a sentence or two
# Text elements (a <figure> or a list item named 'lead' is a picture's or a teaser's)
_STANDFIRST_ELEMENTS = frozenset({"p", "div", "h2", "h3", "span", "section", "header", "strong"})


def printed_standfirst(tree: etree._Element) -> str | None:
    """The standfirst printed under the page's first `<h1>`: the first element there whose
    class names it so, holding a sentence or two; None when the article's first paragraph
    comes first.

    >>> page = etree.HTML('<h1>Bridge reopens</h1><p class="article-lead">The town waited two years '
    ...                   'for the crossing.</p><p>It opened on Monday.</p>')
    >>> printed_standfirst(page)
    'The town waited two years for the crossing.'
    """
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return None
    for element in _FOLLOWING(headline):
        if not isinstance(element.tag, str):
            continue
        named = element.tag in _STANDFIRST_ELEMENTS and _STANDFIRST_CLASS.search(
            f"{element.get('class') or ''} {element.get('id') or ''}")
        if not named and element.tag != "p":
            continue  # (only a candidate's or a paragraph's text is read)
        text = " ".join(" ".join(element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")).split())
        words = len(text.split())
        if named and _STANDFIRST_WORDS[0] <= words <= _STANDFIRST_WORDS[1]:
            return text
        if element.tag == "p" and words > _HEAD_LINE_WORDS:
            return None  # the article has begun
    return None


def head_lines(tree: etree._Element, elsewhere: Callable[[etree._Element], bool] = lambda element: False
               ) -> Iterator[str]:
    """The short lines printed under the page's first `<h1>` down to the first paragraph (a
    line: an element holding only inline markup, its text with dates and links), skipping
    elements `elsewhere` says are not the article's (teasers, comments)."""
    for headline in tree.iter("h1"):
        if elsewhere(headline):
            continue
        for element in _FOLLOWING(headline):
            if not isinstance(element.tag, str) or element.tag not in _LINE_ELEMENTS or elsewhere(element):
                continue
            if any(isinstance(child.tag, str) and child.tag not in _IN_LINE for child in element):
                continue  # a container: its lines are read one by one
            text = " ".join(" ".join(element.itertext()).split())
            if len(text.split()) > _HEAD_LINE_WORDS:
                return  # the article has begun
            if text:
                yield text
        return
