"""The one entry point: raw text or bytes in, a `Document` out.

`clean(data, source=...)` reads the bytes, decides text or HTML, labels the blocks and
assembles the document. The command line, the batch runner and the Prefect flows all
call it; nothing else builds documents.
"""
from __future__ import annotations

import hashlib
import os
import re
import zlib
from dataclasses import dataclass, replace
from types import MappingProxyType

from . import __version__
from .document import Caption, Document, Removed, Source
from .errors import CleanError
from .kinds import BODY, KINDS, LIST_FIELDS, SINGLE_FIELDS
from .kinds import kind as registered_kind
from .limits import check_html, check_text
from .metadata import (unique_casefold, detect_language, parse_authors, parse_date,
                       parse_read_time)
from .reading import DEFAULT_MAX_BYTES, read_text
from .rules import split_credit, split_tags
from .text import Labelled, label

FORMATS = ("auto", "text", "html")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def detect_format(data: bytes, name: str = "") -> str:
    """'html' or 'text': by the name's suffix, by the content where the suffix says nothing,
    and by the content where they disagree on a whole HTML document (a page saved as .txt).

    >>> detect_format(b"<!DOCTYPE html><html>", "page")
    'html'
    >>> detect_format(b"Just words", "notes.txt")
    'text'
    >>> detect_format(b"<!DOCTYPE html><html><title>T</title>", "saved.txt")
    'html'
    """
    by_name = suffix_format(name)
    if by_name == "html":
        return "html"  # fragments without <html> are common in .html files: the suffix holds
    return content_format(data)


def suffix_format(name: str) -> str | None:
    """'html' or 'text' as the name's suffix says (also under .gz), or None.

    >>> suffix_format("a.HTM.gz"), suffix_format("b.txt"), suffix_format("c")
    ('html', 'text', None)
    """
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith(".txt"):
        return "text"
    return None


def content_format(data: bytes) -> str:
    """'html' when the bytes (gzipped or not) open as an HTML document, else 'text'."""
    head = data[:2048]
    if head[:2] == b"\x1f\x8b":
        try:  # the first 2 KB of the content are enough: never the whole (perhaps huge) stream
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 2048)
        except zlib.error:
            return "text"
    return "html" if _HTML_SNIFF.match(head) else "text"


@dataclass(frozen=True)
class PageFacts:
    """What a page says about itself outside the labelled blocks (HTML: its head's metadata,
    its figcaptions), handed to `assemble`; a field left None or empty defers to what the
    blocks say. Typed fields, so a misspelt one fails where it is written."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None
    site_name: str | None = None
    captions: tuple[Caption, ...] = ()
    removed: tuple[Removed, ...] = ()

    def encodable(self) -> "PageFacts":
        """The same facts as UTF-8 can hold them: lone surrogates (bad JSON-LD escapes)
        become U+FFFD instead of failing when the document is written.

        >>> PageFacts(title="A\\ud800B").encodable().title == "A\\ufffdB"
        True
        """
        changes = {}
        for name in ("title", "subtitle", "published", "language", "url", "site_name"):
            value = getattr(self, name)
            if value is not None and _LONE_SURROGATE.search(value):
                changes[name] = _LONE_SURROGATE.sub("\ufffd", value)
        for name in ("authors", "tags"):
            values = getattr(self, name)
            if any(_LONE_SURROGATE.search(value) for value in values):
                changes[name] = tuple(_LONE_SURROGATE.sub("\ufffd", value) for value in values)
        return replace(self, **changes) if changes else self


NO_FACTS = PageFacts()


@dataclass(frozen=True)
class Analysis:
    """What `clean` knows before assembling: labelled blocks plus facts found elsewhere."""

    labelled: Labelled
    source: Source
    fixes: tuple[str, ...] = ()
    facts: PageFacts = NO_FACTS


def analyse(data: bytes | str, source: str = "<memory>", format: str = "auto",
            max_bytes: int = DEFAULT_MAX_BYTES, url: str | None = None,
            charset: str | None = None) -> Analysis:
    """Read and label one input; `clean` and `pipeline explain` share this step."""
    data, source = _checked_arguments(data, source, format, max_bytes, url)
    # surrogatepass: a str with lone surrogates (bad JSON escapes) still reaches ftfy, which repairs it.
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    sha256 = hashlib.sha256(raw).hexdigest()
    if format == "auto":
        format = detect_format(raw, source)
    if format == "html":
        from .html import analyse_html  # lxml/trafilatura load only for HTML inputs

        # The page's declared charset counts (`markup=True`); ftfy runs on the extracted text
        # only, in analyse_html.
        decoded = read_text(raw, max_bytes=max_bytes, markup=True, charset=charset)
        check_html(decoded.text)  # bounded before the parse: elements, attributes per element
        labelled, facts, text_fixes = analyse_html(decoded.text)
        fixes = tuple(sorted(set(decoded.fixes) | set(text_fixes)))
        src = Source(path=source, sha256=sha256, format=format, encoding=decoded.encoding, url=url)
        return Analysis(labelled, src, fixes, facts)
    decoded = read_text(raw, max_bytes=max_bytes, charset=charset)
    check_text(decoded.text)  # bounded before the split: one block per non-blank line
    src = Source(path=source, sha256=sha256, format=format, encoding=decoded.encoding, url=url)
    return Analysis(label(decoded.text), src, decoded.fixes)


def _checked_arguments(data, source, format, max_bytes, url) -> tuple[bytes | str, str]:
    """The arguments of `clean` checked once, up front: a wrong type is the caller's
    mistake (TypeError naming it), never a crash deep inside or a misleading CleanError
    (an int is not 'that many zero bytes'). A `source` path-like is taken as its name; one
    holding bytes that are not UTF-8 (lone surrogates) is shown escaped, so the document
    can always be written.

    >>> _checked_arguments(b"x", "a\\udcff.txt", "auto", 10, None)[1]
    'a\\\\xff.txt'
    """
    from .sources import display_path

    if not isinstance(data, (bytes, bytearray, memoryview, str)):
        hint = " (to clean a file, pass its bytes: Path(...).read_bytes())" if isinstance(data, os.PathLike) else ""
        raise TypeError(f"data must be bytes or str, the input's content, not {type(data).__name__}{hint}")
    if isinstance(source, (str, bytes, os.PathLike)):
        source = display_path(os.fsdecode(source))
    else:
        raise TypeError(f"source must be a str naming the input, not {type(source).__name__}")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int, not {type(max_bytes).__name__}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")
    return data, source


def clean(data: bytes | str, source: str = "<memory>", format: str = "auto",
          max_bytes: int = DEFAULT_MAX_BYTES, url: str | None = None, charset: str | None = None) -> Document:
    """Clean one input into a `Document`.

    `data` is the raw bytes (plain or gzipped, any encoding) or already-decoded text;
    `source` names it in the document and in errors; `format` is 'auto', 'text' or 'html';
    `max_bytes` bounds the (decompressed) input. Raises `CleanError` for input that cannot
    be cleaned, with a reason code, and TypeError (or ValueError) for arguments of the
    wrong type (or value): `data` must be the content, not a path. `url` is where the input was fetched from, when its
    container says so (a WARC record, a scraped record); a URL the page declares wins.
    `charset` is the encoding the container declares (an HTTP header's): it decodes bytes
    that are not valid UTF-8 before the page's own declaration is tried.

    >>> doc = clean("Headline here\\n\\nFirst paragraph of the story, long enough to count as prose.")
    >>> doc.title, doc.body
    ('Headline here', 'First paragraph of the story, long enough to count as prose.')
    """
    try:
        analysis = analyse(data, source, format, max_bytes, url, charset)
        return assemble(analysis.labelled, analysis.source, analysis.fixes, analysis.facts)
    except RecursionError:
        # Input nested deeper than a parser's recursion allows: refused, never a crash.
        raise CleanError("too_large", "nested too deeply to parse") from None


# How a block's text becomes the value of the document field its kind feeds (`pipeline.kinds`).
FIELD_READERS = MappingProxyType({
    "captions": lambda text: [Caption(*split_credit(text))],
    "tags": split_tags,
    "authors": parse_authors,
    "published": parse_date,
    "read_time_minutes": parse_read_time,
})
# Per kind recorded in `removed`, the field it feeds (None: none), read once from the registry.
_RECORDED_FEEDS = {kind.name: kind.feeds for kind in KINDS.values() if kind.recorded_as_removed}
_NOT_RECORDED = object()
# Fields the labeller may read itself from the article's head (text mode); then its reading
# stands and the blocks of that kind are only recorded.
_LABELLER_READS = ("authors", "published")


def assemble(labelled: Labelled, source: Source, fixes: tuple[str, ...] = (),
             facts: PageFacts = NO_FACTS) -> Document:
    """Turn labelled blocks into a document; `facts` holds what the page says elsewhere (HTML head)."""
    facts = facts.encodable()
    body, removed = [], []
    lists: dict[str, list] = {name: [] for name in LIST_FIELDS}
    single: dict[str, object] = {name: None for name in SINGLE_FIELDS}
    decided = {name for name in _LABELLER_READS if getattr(labelled, name) is not None}
    for block in labelled.blocks:
        kind = block.kind
        if kind == BODY:
            body.append(block.text)
            continue
        field_name = _RECORDED_FEEDS.get(kind, _NOT_RECORDED)
        if field_name is _NOT_RECORDED:
            registered_kind(kind)  # an unlabelled or unknown kind is a labeller bug: fail loudly
            continue  # a verbatim field (title, subtitle): the text is the field, not a removal
        removed.append(Removed(kind, block.text, block.rule))
        if field_name is None or field_name in decided:
            continue
        if field_name in lists:
            lists[field_name].extend(FIELD_READERS[field_name](block.text))
        elif single[field_name] is None:
            single[field_name] = FIELD_READERS[field_name](block.text)
    captions, tags, authors = lists["captions"], lists["tags"], lists["authors"]
    published, read_time = single["published"], single["read_time_minutes"]
    # Text mode reads the date and the authors from the article's head (see pipeline.text).
    published = labelled.published or published
    if labelled.authors is not None:
        authors = list(labelled.authors)
    body_text = "\n\n".join(body)
    if not body_text.strip():
        raise CleanError("no_article", "no article text found")
    site_name = facts.site_name or labelled.site_name
    return Document(
        id=source.sha256[:16],
        source=Source(path=source.path, sha256=source.sha256, format=source.format,
                      encoding=source.encoding, url=facts.url or source.url,
                      site_name=site_name),
        body=body_text,
        title=facts.title or labelled.title,
        subtitle=facts.subtitle or labelled.subtitle,
        # The page's own author fields, when it has them, beat names read from body lines.
        authors=tuple(unique_casefold(list(facts.authors or authors))),
        published=facts.published or published,
        dateline=labelled.dateline,
        language=facts.language or detect_language(body_text),
        read_time_minutes=read_time,
        tags=tuple(unique_casefold(list(facts.tags) + tags)),
        captions=facts.captions + tuple(captions),
        removed=facts.removed + tuple(removed),
        pipeline_version=__version__,
        text_fixes=fixes,
    )

