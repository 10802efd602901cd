"""HTML pages: one lxml parse, trafilatura for the article, our rules for what it leaves.

Owns the HTML half of `analyse()` (the bytes are decoded by `pipeline.reading`): the single
parse, the pre-extraction pass over the tree (Cloudflare e-mail decoding, `<figcaption>`s
taken out as captions with their credits, `<br>` runs marked), the call to trafilatura
with its options pinned (and the balanced pass when the precise one keeps only a scrap),
turning its output tree into paragraphs as a reader sees them, and handing those to
`pipeline.text.label_paragraphs` so the same phrase rules as in text mode remove what
trafilatura keeps; then the structure only HTML shows (teaser links, galleries, the
standfirst, bylines); last, the copies of an article paragraph that trafilatura left out
(`dropped_copies`), recorded in `removed` instead of lost, and the page's visible text in
blocks (`page_blocks`) that this and `pipeline explain` read. Metadata from the head
(JSON-LD, OpenGraph, `<title>`) is `pipeline.html_meta`'s.
"""
from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import lxml.html
from lxml import etree

from .core import PageFacts
from .document import Caption, Removed
from .errors import CleanError
from .html_meta import PageMeta, read_meta, strip_site_suffix
from .html_title import printed_standfirst
from .reading import fix_text
from .rules import COMMENT_AREA, COMMENT_AREA_WORDS, Context, Rule, where
from .rules import CONTEXT_RULES_BY_NAME as _RULE
from .rules import credit_only, split_credit, strip_credit_label
from .shapes import CLAUSE_END, SENTENCE_END, UNSPACED_SCRIPT, count_words
from .text import BODY, Labelled, norm_key, label_paragraphs, normalise_line, phrase_rule
from .dates import find_dates

# trafilatura's options, each pinned with why (measured on the 181 shared pages, see notes/html.md).
TRAFILATURA_OPTIONS = dict(
    favor_precision=True,    # +0.006 F1: prunes link lists, teasers and comment areas the balanced mode keeps
                             # (a short result is checked against the balanced pass: `_balanced_if_much_more_prose`)
    favor_recall=False,      # recall mode brings sidebars back; precision is where the losses are
    include_comments=False,  # reader comments are not the article (+0.005 F1 on their own)
    include_tables=True,     # data tables are article content (schedules, results); -0.007 F1 without
    include_images=False,    # images carry no text; figcaptions are taken out before extraction
    include_links=False,     # with links on, trafilatura 2.3.1 splits paragraphs around them and loses leads
    include_formatting=False,  # no markdown: the body is plain text
    deduplicate=False,       # its LRU cache is process-wide: output would depend on earlier pages
    with_metadata=False,     # metadata is html_meta's cascade; trafilatura's costs a second pass (htmldate)
    fast=False,              # the readability/jusText comparison rescues pages the main pass misses
)

# Elements of trafilatura's output tree that start a new paragraph (a `code` block too, see
# `_is_code_block`); the rest are inline.
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "div",
                         "graphic", "ref_block", "body"})
_CFEMAIL_TEXT = re.compile(r"\[email(?:&#160;|\xa0|\s)*protected\]", re.IGNORECASE)
# trafilatura's own parser settings: comments and processing instructions go at parse time
# (React pages put <!-- --> between text runs, and the extractor drops a comment's tail).
# huge_tree: without it libxml2 cuts any text node or attribute over 10 MB without a word
# (an 11 MB <script> before the article lost the article); the input is already bounded
# by --max-bytes and pipeline.limits, which is what huge_tree's checks were guarding.
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True, huge_tree=True)


def parse(text: str) -> etree._Element:
    """The page's element tree; broken markup is repaired by libxml2, nothing is refused.

    Parsed from UTF-8 bytes, so an XML declaration naming another encoding cannot mislead it.

    >>> parse("<p>Unclosed <b>markup").xpath("string(//p)")
    'Unclosed markup'
    """
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        tree = None
    if tree is None or len(tree) == 0:
        raise CleanError("no_article", "the page holds no HTML elements")
    return tree


def decode_cfemail(hexstring: str) -> str | None:
    """The address behind Cloudflare's e-mail obfuscation (first byte is the XOR key).

    >>> decode_cfemail("54242631272714312c35392438317a3b2633")
    'press@example.org'
    >>> decode_cfemail("zz") is None
    True
    """
    try:
        raw = bytes.fromhex(hexstring)
    except ValueError:
        return None
    if len(raw) < 2:
        return None
    key = raw[0]
    try:
        address = bytes(b ^ key for b in raw[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return address if "@" in address else None


def _replace_with_text(element: etree._Element, text: str) -> None:
    """Put `text` where `element` was, keeping its tail."""
    parent = element.getparent()
    if parent is None:
        return
    joined = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def decode_cfemails(tree: etree._Element) -> int:
    """Replace Cloudflare-protected addresses by the address itself; return how many.

    Only elements that hold the placeholder text (or a `mailto:` link) are replaced:
    the address then stands where the reader saw it, inside the article or outside it.
    """
    count = 0
    for element in tree.xpath("//*[@data-cfemail]"):
        address = decode_cfemail(element.get("data-cfemail", ""))
        if address is None:
            continue
        _replace_with_text(element, address)
        count += 1
    for link in tree.xpath("//a[starts-with(@href, '/cdn-cgi/l/email-protection#')]"):
        address = decode_cfemail(link.get("href").split("#", 1)[1])
        if address is None:
            continue
        label = normalise_line(link.text_content())
        if not label or _CFEMAIL_TEXT.fullmatch(label):
            _replace_with_text(link, address)
        else:
            link.set("href", "mailto:" + address)
        count += 1
    return count


def take_figcaptions(tree: etree._Element) -> tuple[list[Caption], list[Removed]]:
    """Remove every `<figcaption>` from the tree; return them as captions and removals.

    A caption's text and its credit stay together, whichever way the page prints them:
    in one run ('... Foto: Jana Beck'), in separate elements, or with the credit on a line
    of its own before or after the text. A figcaption that only credits the photo takes
    its text from the rest of the `<figure>` (which leaves the tree with it). One that is
    a link (a teaser for another story) or a gallery's picture count is no caption.
    """
    captions: list[Caption] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    for element in tree.xpath("//figcaption"):
        lines = _caption_lines(element)
        text = " ".join(lines)
        not_caption = _not_a_caption(element, text)
        figure_text = ""
        if not not_caption:
            caption, credit = _caption_and_credit(lines, element)
            if not caption and credit:
                figure_text = _take_figure_text(element)
                caption = figure_text
        _remove_keeping_tail(element)
        if not text or text in seen:
            continue
        seen.add(text)
        if not_caption:
            removed.append(Removed(_RULE[not_caption].kind, text, not_caption))
            continue
        whole = f"{figure_text} {text}".strip()
        if _RULE["html.figcaption"].matches(whole, context=_FIGCAPTION):
            captions.append(Caption(caption, credit))
            removed.append(Removed(_RULE["html.figcaption"].kind, whole, "html.figcaption"))
    return captions, removed


_FIGCAPTION = Context(figcaption=True)
_COMMENT_AREA = Context(comment_area=True)
# Elements that hold a line of their own inside a comment section.
_LINE_TAGS = frozenset({"p", "li", "div", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "section",
                        "article", "header", "footer", "address"})
# Elements never taken as a comment section whatever their class says: they hold the page.
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})
_CLASS_AND_ID = etree.XPath("//@class | //@id", smart_strings=False)


def take_comment_areas(tree: etree._Element) -> list[Removed]:
    """Remove reader-comment sections that the page marks in a language the extractor does
    not read (`class="kommentare"`, `id="komentarze"`, `rules.COMMENT_AREA_WORDS`); return
    their lines as removals. A marked element holding the page's `<h1>`, or half its text or
    more, is the article and stays."""
    # A cheap look first (0.7 ms a page against 3.4 for the element scan): most pages name no
    # such section anywhere in their class and id values.
    names = " ".join(_CLASS_AND_ID(tree)).casefold()
    if not any(word in names for word in COMMENT_AREA_WORDS):
        return []
    marked = [element for element in tree.xpath("//*[@class or @id]")
              if element.tag not in _PAGE_TAGS
              and COMMENT_AREA.search(f"{element.get('class', '')} {element.get('id', '')}")]
    if not marked:
        return []
    body = tree.find("body")
    page_chars = len(body.text_content()) if body is not None else 0
    rule = _RULE["html.comment_area"]
    removed: list[Removed] = []
    taken: list[etree._Element] = []
    taken_set: set[etree._Element] = set()  # (lxml keeps one proxy per node while it is referenced)
    for element in marked:
        if any(ancestor in taken_set for ancestor in element.iterancestors()):
            continue  # inside a section already taken
        if element.find(".//h1") is not None or len(element.text_content()) * 2 >= page_chars:
            continue
        for line in _element_lines(element):
            if rule.matches(line, context=_COMMENT_AREA):
                removed.append(Removed(rule.kind, line, rule.name))
        taken.append(element)
        taken_set.add(element)
    for element in taken:
        _remove_keeping_tail(element)
    return removed


def _element_lines(element: etree._Element) -> list[str]:
    """The text of each innermost line element under `element` (all of it when it has none)."""
    lines = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag not in _LINE_TAGS:
            continue
        if any(isinstance(child.tag, str) and child.tag in _LINE_TAGS for child in node.iterdescendants()):
            continue
        text = " ".join(" ".join(node.itertext()).split())
        if text:
            lines.append(text)
    whole = " ".join(" ".join(element.itertext()).split())
    return lines or ([whole] if whole else [])


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        _replace_with_text(element, "")
    else:
        parent.remove(element)


# Inline elements inside a caption; any other element (a credit <span class="credit">, a
# <small>, <cite>, <br>, <div>, <p>) is a part of its own.
_CAPTION_INLINE = frozenset({"a", "b", "i", "em", "strong", "u", "sup", "sub", "abbr", "q", "mark", "s", "time",
                             "bdi", "bdo", "font", "wbr"})
# What a page calls the parts of a caption, in `class` or `itemprop`.
_CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|byline|rights|author|attribution|creator|quelle|"
                           r"fotograf", re.IGNORECASE)
_CAPTION_PART_CLASS = re.compile(r"caption|text|desc", re.IGNORECASE)


def _names(node: etree._Element) -> str:
    return f"{node.get('class', '')} {node.get('itemprop', '')}"


def _caption_lines(element: etree._Element) -> list[str]:
    """A figcaption's text in parts, white space normalised: separate elements and the
    page's own line breaks make separate parts."""
    pieces: list[str] = []

    def walk(node: etree._Element, top: bool = False) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "button"):
            return
        inline = top or node.tag in _CAPTION_INLINE or (
            node.tag == "span" and not _CREDIT_CLASS.search(_names(node))
            and not _CAPTION_PART_CLASS.search(_names(node)))
        if not inline:
            pieces.append("\n")
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            pieces.append(child.tail or "")
        if not inline:
            pieces.append("\n")

    walk(element, top=True)
    parts = ("".join(pieces)).split("\n")
    return [line for line in (" ".join(part.split()) for part in parts) if line]


def _caption_and_credit(lines: list[str], element: etree._Element) -> tuple[str, str | None]:
    """The caption's text and credit from its parts (see `take_figcaptions`)."""
    if len(lines) > 1:
        for index in (0, len(lines) - 1):
            credit = credit_only(lines[index])
            if credit is None and _is_credit_element_text(element, lines[index]):
                credit = strip_credit_label(lines[index]) or lines[index]
            if credit is not None:
                rest = " ".join(lines[1:] if index == 0 else lines[:-1])
                if credit_only(rest) is not None:  # two credits, no text
                    return "", f"{credit_only(rest)}; {credit}"
                return split_credit(rest)[0], credit
    text = " ".join(lines)
    credit = credit_only(text)
    if credit is not None:
        return "", credit
    return split_credit(text)


def _is_credit_element_text(element: etree._Element, line: str) -> bool:
    """The line is the whole text of an element whose class calls it a credit."""
    for node in element.iter():
        if isinstance(node.tag, str) and _CREDIT_CLASS.search(_names(node)):
            if " ".join(node.text_content().split()) == line:
                return True
    return False


_FIGURE_TEXT_MAX = 400


def _take_figure_text(figcaption: etree._Element) -> str:
    """The caption text a `<figure>` holds beside a credit-only figcaption; taken out of the tree."""
    figure = next((a for a in figcaption.iterancestors() if a.tag == "figure"), None)
    if figure is None:
        return ""
    parts = [node for node in figure if node is not figcaption and isinstance(node.tag, str)
             and node.tag not in ("script", "style", "noscript")]
    text = " ".join(" ".join(node.text_content().split()) for node in parts).strip()
    if not text or len(text) > _FIGURE_TEXT_MAX:
        return ""
    for node in parts:
        if node.text_content().strip():
            _remove_keeping_tail(node)
    return " ".join(text.split())


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)", re.IGNORECASE)


def _not_a_caption(element: etree._Element, text: str) -> str | None:
    """The rule that says this figcaption is no caption, if one does: a teaser whose text is
    a link to another story, or a gallery's picture count ('Slideshow (15 images)')."""
    if not text:
        return None
    if _RULE["html.gallery_count"].matches(text):
        return "html.gallery_count"
    # A link around the whole figure leads to another story, unless it opens the picture itself.
    in_link = any(a.tag == "a" and not _IMAGE_FILE.search(a.get("href", "")) for a in element.iterancestors())
    link_text = " ".join(" ".join(a.text_content().split()) for a in element.iter("a"))
    context = Context(figcaption=True, figure_link=in_link or link_text == text)
    if _RULE["html.teaser_figcaption"].matches(text, context=context):
        return "html.teaser_figcaption"
    return None


def mark_break_runs(tree: etree._Element) -> int:
    """Mark every run of two or more `<br>`s with `PARAGRAPH_MARK`; return how many runs.

    A reader sees a blank line there, so it ends a paragraph; a single `<br>` is a line
    break inside one. trafilatura keeps one `<lb/>` of a run, so the run is marked in the
    page before extraction (a private-use character in the first break's tail) and
    `_lines` splits there.
    """
    runs = 0
    for br in tree.iter("br"):
        if br.tail and br.tail.strip():
            continue
        following = br.getnext()
        if following is None or following.tag != "br":
            continue
        previous = br.getprevious()
        if previous is not None and previous.tag == "br" and not (previous.tail or "").strip(PARAGRAPH_MARK + " \t\r\n"):
            continue  # not the run's first break
        br.tail = PARAGRAPH_MARK + (br.tail or "")
        runs += 1
    return runs


# A private-use character: never in real text, not white space (trafilatura keeps it).
PARAGRAPH_MARK = "\ue000"
_CODE_NEWLINE = "\ue001"  # a line break inside a code block while lines travel as one string
_SOFT_BREAK = "\ue002"    # a single <br> or a source line break: no new paragraph
_SOFT_BREAKS = re.compile(r"\s*\ue002[\s\ue002]*")
# Elements of trafilatura's output tree whose text runs on inside a paragraph.
_INLINE_PARENTS = frozenset({"p", "head", "item", "cell", "hi", "ref", "del", "code", "quote"})


def _is_code_block(node: etree._Element) -> bool:
    """A `<code>` that stands as a block (a `<pre>`), not a word inside a sentence.

    trafilatura gives both the same tag; an inline one sits in running text.
    """
    parent = node.getparent()
    if parent is not None and parent.tag == "code":
        return False
    text = "".join(node.itertext())
    if "\n" in text.strip() or node.find(".//lb") is not None:
        return True
    if parent is None or parent.tag not in _INLINE_PARENTS:
        return True
    # Alone in its parent: a code block in a quote or list item.
    return not (parent.text or "").strip() and not (node.tail or "").strip() and len(parent) == 1


def _lines(element: etree._Element) -> list[str]:
    """Paragraphs of trafilatura's output tree, as a reader sees them.

    Block elements and runs of `<br>` (see `mark_break_runs`) end a paragraph; inline
    elements (`hi`, `ref`, inline `code`), a single `<lb/>` and line breaks in the page's
    source text do not. A code block is one paragraph and keeps its line breaks.
    """
    pieces: list[str] = []

    def text(value: str, in_code: bool) -> None:
        if in_code:
            pieces.append(value.replace("\n", _CODE_NEWLINE).replace(PARAGRAPH_MARK, _CODE_NEWLINE))
        else:
            pieces.append(value.replace("\n", _SOFT_BREAK).replace(PARAGRAPH_MARK, "\n"))

    def walk(node: etree._Element, in_code: bool) -> None:
        tag = node.tag
        code_block = tag == "code" and not in_code and _is_code_block(node)
        block = code_block or tag in _BLOCK_TAGS
        inner_code = in_code or code_block
        if block:
            pieces.append("\n")
        elif tag == "cell":
            pieces.append(" ")
        elif tag == "lb":
            pieces.append(_CODE_NEWLINE if in_code else _SOFT_BREAK)
        if node.text and tag != "lb":
            text(node.text, inner_code)
        for child in node:
            walk(child, inner_code)
            if child.tail:
                text(child.tail, inner_code)
        if block:
            pieces.append("\n")

    walk(element, False)
    lines = []
    for line in "".join(pieces).split("\n"):
        if _CODE_NEWLINE in line:
            rows = (normalise_line(row) for row in line.split(_CODE_NEWLINE))
            line = "\n".join(row for row in rows if row)
        else:
            line = normalise_line(_SOFT_BREAKS.sub(_join_soft_break, line))
        if line:
            lines.append(line)
    return lines


def _join_soft_break(match: re.Match) -> str:
    """A line break inside a paragraph reads as a space, except between two characters of a
    script written without spaces (Chinese, Japanese), where a space would be foreign."""
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return "" if UNSPACED_SCRIPT.match(before) and UNSPACED_SCRIPT.match(after) else " "


def link_texts(tree: etree._Element) -> frozenset[str]:
    """Word keys of the page's link texts of two words or more (teasers, related stories)."""
    keys = set()
    for anchor in tree.iter("a"):
        key = norm_key(anchor.text_content())
        if key.count(" ") >= 1:
            keys.add(key)
    return frozenset(keys)


def extract_lines(tree: etree._Element) -> list[str]:
    """The article's lines as trafilatura finds them in the (already parsed) tree.

    When the page marks its article body (schema.org microdata, `itemprop="articleBody"`)
    and trafilatura's choice covers less than half of that element's text, trafilatura is
    run again on the marked element alone: the page's own statement beats a guess that
    disagrees with it (paywall notices and print banners win the guess on some pages).
    Otherwise a short result is checked against the balanced pass
    (`_balanced_if_much_more_prose`).
    """
    lines = _trafilatura_lines(tree)
    declared = tree.xpath("//*[@itemprop='articleBody']")
    if len(declared) == 1:
        declared_size = len(_visible_text(declared[0]))
        if declared_size and _size(lines) < 0.5 * declared_size:
            page = lxml.html.document_fromstring("<html><body></body></html>")
            page.find("body").append(deepcopy(declared[0]))
            retry = _trafilatura_lines(page)
            if _size(retry) > _size(lines):
                return retry
    if _size(lines) < _SHORT_ARTICLE_CHARS:
        lines = _balanced_if_much_more_prose(tree, lines)
    return lines


# Precision mode keeps less than this (characters): it may have pruned most of the article.
_SHORT_ARTICLE_CHARS = 1500
_RESCUE_GROWTH = 3          # the balanced pass must find at least this many times more text ...
_RESCUE_PROSE_SHARE = 0.8   # ... and what it adds must be this much prose (teasers and menus are not)


def _size(lines: list[str]) -> int:
    return sum(len(line) for line in lines)


def _balanced_if_much_more_prose(tree: etree._Element, lines: list[str]) -> list[str]:
    """The balanced pass's lines when the precision pass kept only a scrap of the article.

    `favor_precision` prunes a whole container when an article is split into several by
    ads or paywall markup, leaving a lead paragraph or two. When its result is short and
    the balanced pass finds several times more, nearly all of it sentences (not link lists
    or teasers), the balanced result is the article.
    """
    balanced = _trafilatura_lines(tree, favor_precision=False)
    if _size(balanced) < _RESCUE_GROWTH * max(_size(lines), 1):
        return lines
    kept = set(lines)
    added = [line for line in balanced if line not in kept]
    prose = sum(len(line) for line in added if len(line) > 80 and SENTENCE_END.search(line))
    return balanced if prose >= _RESCUE_PROSE_SHARE * _size(added) else lines


def _trafilatura_lines(tree: etree._Element, **options) -> list[str]:
    import trafilatura  # imported late: text inputs never pay for it

    from .html_compare import skipping_settled_comparisons

    with skipping_settled_comparisons():  # same result, without comparisons that cannot change it
        document = trafilatura.bare_extraction(tree, **{**TRAFILATURA_OPTIONS, **options})
    if document is None or document.body is None:
        return []
    return _lines(document.body)


def _visible_text(element: etree._Element) -> str:
    texts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return normalise_line(" ".join(texts))


# The page's visible text as blocks (`page_blocks`): elements whose text is one block a
# reader sees; inline elements run on inside them.
PAGE_BLOCK_TAGS = frozenset("""p div li h1 h2 h3 h4 h5 h6 td th dt dd blockquote pre figcaption
    caption section article aside header footer nav main form address summary details
    label button option legend table ul ol dl figure body""".split())
_PAGE_INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "svg", "iframe"))
_INLINE_TEXT = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")


@dataclass(frozen=True, slots=True)
class PageBlock:
    """One block of the page's visible text, where it starts and the element it sits in."""

    text: str                   # white space normalised
    line: int | None            # the source line it starts on (1-based), as libxml2 tells it
    element: etree._Element     # the block element whose own text it is


def page_blocks(tree: etree._Element) -> list[PageBlock]:
    """The visible text of the page's `<body>` as a reader sees it in blocks, in page order.

    Each block element's own text (inline elements included, scripts and styles not) is a
    block, cut where a child block element starts and again after it; a run of `<br>`s
    marked by `mark_break_runs` ends one too. Walked without recursion: a page nested
    thousands of elements deep is a page, not a crash.

    >>> [b.text for b in page_blocks(parse("<p>One <b>two</b></p><div>Three<p>Four</p>five</div>"))]
    ['One two', 'Three', 'Four', 'five']
    """
    body = tree.find("body")
    if body is None:
        return []
    blocks: list[PageBlock] = []

    def flush(parts: list[str], element: etree._Element, line: int | None) -> None:
        for piece in "".join(parts).split(PARAGRAPH_MARK):
            text = normalise_line(piece)
            if text:
                blocks.append(PageBlock(text, line, element))
        parts.clear()

    # Frames: [element, its pending text, the line that text starts on, its children left].
    stack = [[body, [body.text or ""], body.sourceline, iter(body)]]
    while stack:
        frame = stack[-1]
        element, parts = frame[0], frame[1]
        for child in frame[3]:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in _PAGE_INVISIBLE:
                if tag in PAGE_BLOCK_TAGS:
                    flush(parts, element, frame[2])
                    frame[2] = child.sourceline  # the parent's text after it starts there
                    if child.tail:
                        parts.append(child.tail)
                    stack.append([child, [child.text or ""], child.sourceline, iter(child)])
                    break
                # A leaf (most links and spans) holds its text itself: no XPath call.
                parts.append((child.text or "") if len(child) == 0 else "".join(_INLINE_TEXT(child)))
            if child.tail:
                parts.append(child.tail)
        else:
            flush(parts, element, frame[2])
            stack.pop()
    return blocks


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # as `normalise_line` drops them


def _squashed(text: str) -> str:
    """Text without white space or zero-width characters: the page's markup and the
    extractor space inline text differently.

    >>> _squashed(" Zero\\u200bwidth  and\\n spaces ")
    'Zerowidthandspaces'
    """
    for character in _ZERO_WIDTH:
        if character in text:  # a scan in C; a regular expression over the whole page costs more
            text = text.replace(character, "")
    return "".join(text.split())


def dropped_copies(tree: etree._Element, lines: list[str], wanted: set[int]) -> dict[int, int]:
    """Copies of the extracted lines numbered `wanted` that the page prints inside the
    article but the extractor left out: {index of the line in `lines`: copies left out}.
    The tree loses its scripts and styles: call it when done with them.

    trafilatura keeps one of a run of identical paragraphs (longer than 50 characters),
    whatever its `deduplicate` option says. The page's blocks (`page_blocks`) are aligned
    with the extracted lines in order; the article region is the span of page blocks the
    alignment uses, so a copy elsewhere on the page (the lead paragraph again in a teaser)
    is off-article and not counted. This runs on every page, so the page is walked only
    when its text holds a wanted line more often than the extraction does.

    >>> page = parse("<nav><p>A lead paragraph in a teaser box.</p></nav><article>"
    ...              "<p>A lead paragraph in a teaser box.</p><p>Two.</p><p>Two.</p><p>Two.</p><p>End.</p></article>")
    >>> dropped_copies(page, ["A lead paragraph in a teaser box.", "Two.", "End."], {0, 1})
    {1: 2}
    """
    keys = [_squashed(line) for line in lines]
    extracted = Counter(keys)
    wanted_keys = {keys[index] for index in wanted}
    body = tree.find("body")
    if not wanted_keys or body is None:
        return {}
    # Scripts and styles are no reader's text (JSON-LD repeats the whole article): taken out
    # of the tree in C, which is cheaper than counting their text out.
    etree.strip_elements(body, *_PAGE_INVISIBLE, with_tail=False)
    # A necessary condition, checked in C: the page's text holds a wanted line more often
    # than the extraction does.
    page_text = _squashed(etree.tostring(body, method="text", encoding="unicode"))
    more = [key for key in wanted_keys if page_text.count(key) > extracted[key]]
    if not more:
        return {}
    # Only the page's blocks that are extracted lines matter: the alignment and its span.
    known = set(keys)
    page = [key for key in (_squashed(block.text) for block in page_blocks(tree)) if key in known]
    aligned: set[int] = set()
    for match in SequenceMatcher(None, keys, page, autojunk=False).get_matching_blocks():
        aligned.update(range(match.b, match.b + match.size))
    if not aligned:
        return {}
    region = range(min(aligned), max(aligned) + 1)
    in_region = Counter(page[position] for position in region)
    unaligned = Counter(page[position] for position in region if position not in aligned)
    first_index: dict[str, int] = {}
    for index, key in enumerate(keys):
        first_index.setdefault(key, index)
    copies = {}
    for key in more:
        # Never more than the page's surplus: a line the extractor moved is no copy.
        count = min(unaligned[key], in_region[key] - extracted[key])
        if count > 0:
            copies[first_index[key]] = count
    return dict(sorted(copies.items()))


def _removed_copies(tree: etree._Element, lines: list[str], line_blocks: list, labelled: Labelled) -> list[Removed]:
    """One removal for each copy of an article paragraph the extractor left out inside the
    article (`dropped_copies`), its text as the body holds it; `html.repeated_paragraph`
    decides. `line_blocks` are the labeller's blocks, one a line of `lines`, as they were
    made (a gallery folds some into a slide later). Copies of lines that are not body (the
    headline again in a gallery) are left out as the rest of the page's furniture is."""
    if len(line_blocks) != len(lines):
        return []  # not one block a line (a line ftfy emptied): no position to go by
    rule = _RULE["html.repeated_paragraph"]
    final = {id(block) for block in labelled.blocks}
    wanted = {index for index, block in enumerate(line_blocks)
              if id(block) in final and block.kind == BODY and rule.test(block, _COPY_IN_ARTICLE)}
    removed = []
    for index, count in dropped_copies(tree, lines, wanted).items():
        block = line_blocks[index]
        if rule.test(block, replace(_COPY_IN_ARTICLE, repeats=lines.count(lines[index]) + count)):
            removed.extend([Removed(rule.kind, block.text, rule.name)] * count)
    return removed


_COPY_IN_ARTICLE = Context(in_region=True, repeats=2)


def analyse_html(text: str) -> tuple[Labelled, PageFacts, tuple[str, ...]]:
    """Label an HTML page's article paragraphs and read its metadata (see the module docstring);
    returns the labelled paragraphs, the page's facts for `core.assemble` and the text fixes."""
    tree = parse(text)
    meta = _fix_meta(read_meta(tree))
    decode_cfemails(tree)
    captions, removed = take_figcaptions(tree)
    removed += take_comment_areas(tree)
    links = link_texts(tree)
    mark_break_runs(tree)
    lines = extract_lines(tree)
    texts, fixes = _fix_lines(lines)
    if not texts:
        raise CleanError("no_article", "trafilatura found no main content on the page")
    labelled = label_paragraphs(texts, title=meta.title)
    line_blocks = list(labelled.blocks)  # one a line, before a gallery folds some together
    body = [b for b in labelled.blocks if b.kind == BODY]
    # A paragraph, not a menu: prose, or a long line (scripts written without spaces).
    if not any(b.is_prose or len(b.text) >= 120 for b in body):
        # Without a sentence, a body made of nothing but link words (or words of a <nav>,
        # links or not: `<nav>a</nav>` is a menu too) is the page's menu.
        anchor_words = {w for anchor in tree.iter("a", "nav") for w in _WORDS.findall(anchor.text_content().lower())}
        if all(set(_WORDS.findall(b.text.lower())) <= anchor_words for b in body):
            raise CleanError("no_article", f"only navigation links were found ({len(texts)} lines, "
                                           f"first: {texts[0][:60]!r})")
    _group_gallery(labelled)
    subtitle = _mark_structure(labelled, links, meta)
    if subtitle is None and not meta.description:
        subtitle = _standfirst_left_out(tree, labelled)
    if not meta.authors:
        meta.authors = _authors_in_the_text(labelled)
    removed += _removed_copies(tree, lines, line_blocks, labelled)
    return labelled, _page_facts(meta, labelled, captions, removed, subtitle), fixes


def _authors_in_the_text(labelled: Labelled) -> list[str]:
    """Authors for a page whose markup names none, from its extracted lines: a byline the
    phrase rules took ('By Jane Smith', '김민수 기자'), else a name alone under the last
    paragraph, signing the article ('<p><strong>Minh Khôi</strong></p>'), which is then a byline."""
    from .metadata import parse_authors

    blocks = labelled.blocks
    for block in blocks:
        if block.kind == "byline":
            names = parse_authors(block.text)
            if names:
                return names
    body = [b for b in blocks if b.kind == BODY]
    if len(body) >= 2 and body[-2].is_prose:
        signature = body[-1]
        rule = _RULE["head.byline_name"]
        if signature.words <= _SIGNATURE_WORDS and rule.matches(signature.text):
            names = parse_authors(signature.text)
            if names:
                signature.label(rule.kind, rule.name)
                return names
    return []


_SIGNATURE_WORDS = 5  # a name signing the article under its last paragraph is this short


def _standfirst_left_out(tree: etree._Element, labelled: Labelled) -> str | None:
    """The standfirst printed under the headline (`html_title.printed_standfirst`) when the
    extractor left it out of the article, or moved it below the paragraphs, and the page has
    no description to stand in for it; None when it opens the extracted lines."""
    standfirst = printed_standfirst(tree)
    if standfirst is None or phrase_rule(standfirst, count_words(standfirst)) is not None or find_dates(standfirst):
        return None  # a byline, a date line or a photo's credit under a class named 'lead'
    key = norm_key(standfirst)
    body = [block for block in labelled.blocks if block.kind == BODY]
    copies = [block for block in labelled.blocks if block.key == key]
    if not copies:
        return standfirst
    if copies[0].kind == BODY and copies[0] in body[2:]:
        # The extractor moved it below the article's paragraphs: it goes back to the head.
        copies[0].label("subtitle", "head.subtitle")
        return standfirst
    return None  # the article's first paragraph as the extractor read it


def _fix_meta(meta: PageMeta) -> PageMeta:
    """ftfy over the metadata strings too: titles in <meta> carry mojibake and entities as often as text."""
    for name in ("title", "description", "site_name", "page_title"):
        value = getattr(meta, name)
        if value:
            setattr(meta, name, fix_text(value)[0])
    meta.authors = [fix_text(a)[0] for a in meta.authors]
    meta.tags = [fix_text(t)[0] for t in meta.tags]
    return meta


def _fix_lines(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """ftfy over the extracted lines (mojibake, stray entities, control characters), one
    output line per input line so that what is known about each line stays aligned."""
    # A code block's own line breaks travel as a private-use mark through the joined text.
    fixed, fixes = fix_text("\n".join(line.replace("\n", _CODE_NEWLINE) for line in lines), unescape_html=False)
    out = fixed.split("\n")
    if len(out) != len(lines):  # ftfy turned some character into a line break
        pairs = [fix_text(line.replace("\n", _CODE_NEWLINE), unescape_html=False) for line in lines]
        out = [" ".join(text.split()) for text, _ in pairs]
        fixes = tuple(sorted({name for _, names in pairs for name in names}))
    return [(normalise_line(line) or line).replace(_CODE_NEWLINE, "\n") for line in out], fixes




def _mark_structure(labelled: Labelled, links: frozenset[str], meta: PageMeta) -> str | None:
    """Label body lines that the page's structure gives away; return a standfirst found.

    - outside the prose, a line that is the whole text of a link and no sentence is a teaser,
      and so is each of two or more such lines in a row between paragraphs (a teaser box);
    - a gallery's picture count ('Slideshow (15 images)') is no text;
    - a line at the top, no sentence, that repeats the page's description is the standfirst
      (a lead paragraph repeated as the description ends like a sentence and stays);
    - a short line before or after the prose naming a known author is a byline.
    Each is the `test` of its rule in `pipeline.rules`, in this order.
    """
    blocks = labelled.blocks
    prose = [b.index for b in blocks if b.kind == BODY and b.is_prose]
    first, last = (prose[0], prose[-1]) if prose else (0, len(blocks) - 1)
    subtitle = None
    rules = (_RULE["html.link_line"], _RULE["html.gallery_count"], _RULE["html.meta_description"],
             _RULE["html.author_line"])
    page = Context(link_keys=links, description_key=norm_key(meta.description or ""),
                   authors=tuple(a.casefold() for a in meta.authors))
    teasers = _link_runs(blocks, links)
    for block in blocks:
        if block.kind != BODY:
            continue
        context = replace(page, where=where(block.index, first, last), in_teaser_box=block.index in teasers,
                          standfirst_found=subtitle is not None)
        for rule in rules:
            if isinstance(rule, Rule):  # a shape of the line alone ('Gallery: 9 photos')
                if rule.matches(block.text, block.words):
                    block.label(rule.kind, rule.name)
                    break
            elif rule.test(block, context):
                block.label(rule.kind, rule.name, context)
                break
        if block.rule == "html.meta_description":
            subtitle = block.text
    return subtitle


def _group_gallery(labelled: Labelled) -> None:
    """Take a picture gallery printed inside the article out of the body, one caption a slide.

    A gallery shows as a run of 'number/total title' lines ('3/50 ...', one total, rising
    numbers, a few lines apart), each followed by the lines describing and crediting the
    picture; those join the slide's caption (the last slide takes as many as most others).
    At least three slides make a gallery: '24/7' alone is no counter.
    """
    blocks = labelled.blocks
    rule = _RULE["html.gallery_caption"]
    slides: dict[str, list[tuple[int, int, str]]] = {}
    for block in blocks:
        match = rule.counter(block.text) if block.kind == BODY else None
        if match:
            slides.setdefault(match.group(2), []).append((block.index, int(match.group(1)), match.group(3)))
    merged: set[int] = set()
    for run in slides.values():
        numbers = [number for _, number, _ in run]
        if len(set(numbers)) < rule.min_slides or numbers != sorted(numbers):
            continue
        positions = [index for index, _, _ in run]
        gaps = sorted(after - before for before, after in zip(positions, positions[1:]))
        if gaps[-1] > rule.max_gap:
            continue  # counters far apart: numbered sections of the article, not slides
        typical = gaps[len(gaps) // 2]  # the last slide has as many lines as most others
        for position, (index, _, title) in enumerate(run):
            end = positions[position + 1] if position + 1 < len(run) else min(len(blocks), index + typical)
            parts = [title if CLAUSE_END.search(title) else title + "."]
            for following in blocks[index + 1: end]:
                if following.kind in (BODY, "caption"):
                    parts.append(following.text)
                    merged.add(following.index)
            block, text = blocks[index], " ".join(parts)
            block.text, block.words = text, count_words(text)
            if rule.test(block, _GALLERY_SLIDE):
                block.label(rule.kind, rule.name, _GALLERY_SLIDE)
    if merged:
        labelled.blocks = [b for b in blocks if b.index not in merged]
        for position, block in enumerate(labelled.blocks):
            block.index = position


_GALLERY_SLIDE = Context(gallery_slide=True)


def _link_runs(blocks: list, links: frozenset[str]) -> set[int]:
    """Indices of body lines in runs of link lines: a box of other stories' headlines set
    between two paragraphs of the article. A lone link line there may be a heading."""
    rule = _RULE["html.link_line"]
    indices: set[int] = set()
    run: list[int] = []
    for block in blocks + [None]:
        if block is not None and block.kind == BODY and rule.link_text(block, links):
            run.append(block.index)
            continue
        if block is not None and block.kind and block.kind != BODY:
            continue  # a caption or a label between two teasers does not end the box
        if len(run) >= rule.teaser_box_lines:
            indices.update(run)
        run = []
    return indices


def _page_facts(meta: PageMeta, labelled: Labelled, captions: list[Caption], removed: list[Removed],
                printed_subtitle: str | None) -> PageFacts:
    """The facts for `core.assemble`: the head's metadata, then the body's."""
    body = [b.text for b in labelled.blocks if b.kind == BODY]
    subtitle = meta.description
    if subtitle and body and _is_body_excerpt(subtitle, body):
        subtitle = None  # a description that is the first paragraph cut short is no standfirst
    title = meta.title or (strip_site_suffix(meta.page_title, meta.site_name) if meta.page_title else None)
    return PageFacts(title=title or None, subtitle=printed_subtitle or subtitle or None,
                     authors=tuple(meta.authors), published=meta.published or None,
                     language=meta.language or None, tags=tuple(meta.tags), url=meta.url or None,
                     site_name=meta.site_name or None, captions=tuple(captions), removed=tuple(removed))


_WORDS = re.compile(r"\w+")


def _is_body_excerpt(description: str, body: list[str]) -> bool:
    """Whether the description only repeats the start of the body (or any paragraph)."""
    words = _WORDS.findall(description.lower().rstrip(".…"))
    if len(words) < 4:
        return False
    key = " ".join(words[:-1] if description.rstrip().endswith(("...", "…")) else words)
    head = " ".join(_WORDS.findall(" ".join(body[:3]).lower()))
    return key in head or any(key in " ".join(_WORDS.findall(p.lower())) for p in body)
