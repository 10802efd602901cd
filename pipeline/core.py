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
from dataclasses import dataclass, field

from . import __version__
from .document import Caption, Document, Removed, Source
from .errors import CleanError
from .limits import check_html, check_text
from .metadata import (unique_casefold, detect_language, parse_authors, parse_date,
                       parse_read_time)
from .reading import DEFAULT_MAX_BYTES, read_text
from .rules import split_credit, split_tags
from .text import BODY, Labelled, label

FORMATS = ("auto", "text", "html")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Kinds whose blocks become metadata fields verbatim, and so are not repeated in `removed`.
_FIELD_KINDS = ("title", "subtitle")


def detect_format(data: bytes, name: str = "") -> str:
    """'html' or 'text', by the name's suffix and, failing that, by the content.

    >>> detect_format(b"<!DOCTYPE html><html>", "page")
    'html'
    >>> detect_format(b"Just words", "notes.txt")
    'text'
    """
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith(".txt"):
        return "text"
    head = data[:2048]
    if head[:2] == b"\x1f\x8b":
        try:  # the first 2 KB of the content are enough: never the whole (perhaps huge) stream
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 2048)
        except zlib.error:
            return "text"
    return "html" if _HTML_SNIFF.match(head) else "text"


@dataclass(frozen=True)
class Analysis:
    """What `clean` knows before assembling: labelled blocks plus metadata found elsewhere."""

    labelled: Labelled
    source: Source
    fixes: tuple[str, ...] = ()
    known: dict = field(default_factory=dict)


def analyse(data: bytes | str, source: str = "<memory>", format: str = "auto",
            max_bytes: int = DEFAULT_MAX_BYTES, url: str | None = None) -> Analysis:
    """Read and label one input; `clean` and `pipeline explain` share this step."""
    data, source = _checked_arguments(data, source, format, max_bytes, url)
    # surrogatepass: a str with lone surrogates (bad JSON escapes) still reaches ftfy, which repairs it.
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    sha256 = hashlib.sha256(raw).hexdigest()
    if format == "auto":
        format = detect_format(raw, source)
    if format == "html":
        from .html import analyse_html, read_html  # lxml/trafilatura load only for HTML inputs

        # HTML is decoded by html.read_html (the page's <meta charset> counts) and ftfy runs
        # on the extracted text only: on the markup it would cost 8x the extraction.
        decoded = read_html(raw, max_bytes=max_bytes)
        check_html(decoded.text)  # bounded before the parse: elements, attributes per element
        labelled, known = analyse_html(decoded.text)
        src = Source(path=source, sha256=sha256, format=format, encoding=decoded.encoding, url=url)
        return Analysis(labelled, src, tuple(known.pop("text_fixes", ())), known)
    decoded = read_text(raw, max_bytes=max_bytes)
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
          max_bytes: int = DEFAULT_MAX_BYTES, url: str | None = None) -> Document:
    """Clean one input into a `Document`.

    `data` is the raw bytes (plain or gzipped, any encoding) or already-decoded text;
    `source` names it in the document and in errors; `format` is 'auto', 'text' or 'html';
    `max_bytes` bounds the (decompressed) input. Raises `CleanError` for input that cannot
    be cleaned, with a reason code, and TypeError (or ValueError) for arguments of the
    wrong type (or value): `data` must be the content, not a path. `url` is where the input was fetched from, when its
    container says so (a WARC record, a scraped record); a URL the page declares wins.

    >>> doc = clean("Headline here\\n\\nFirst paragraph of the story, long enough to count as prose.")
    >>> doc.title, doc.body
    ('Headline here', 'First paragraph of the story, long enough to count as prose.')
    """
    try:
        analysis = analyse(data, source, format, max_bytes, url)
        return assemble(analysis.labelled, analysis.source, analysis.fixes, analysis.known)
    except RecursionError:
        # Input nested deeper than a parser's recursion allows: refused, never a crash.
        raise CleanError("too_large", "nested too deeply to parse") from None


def assemble(labelled: Labelled, source: Source, fixes: tuple[str, ...] = (),
             known: dict | None = None) -> Document:
    """Turn labelled blocks into a document; `known` holds metadata found elsewhere (HTML head)."""
    known = {key: _encodable(value) for key, value in (known or {}).items()}
    body, removed, captions, tags, authors = [], [], [], [], []
    published = read_time = None
    for block in labelled.blocks:
        kind = block.kind
        if kind == BODY:
            body.append(block.text)
            continue
        if kind in _FIELD_KINDS:
            continue
        removed.append(Removed(kind, block.text, block.rule))
        if kind == "caption":
            text, credit = split_credit(block.text)
            captions.append(Caption(text, credit))
        elif kind == "tag_line":
            tags.extend(split_tags(block.text))
        elif kind == "byline" and labelled.authors is None:
            authors.extend(parse_authors(block.text))
        elif kind == "date_line" and published is None and labelled.published is None:
            published = parse_date(block.text)
        elif kind == "read_time" and read_time is None:
            read_time = parse_read_time(block.text)
    # Text mode reads the date and the authors from the article's head (see pipeline.text).
    published = labelled.published or published
    if labelled.authors is not None:
        authors = list(labelled.authors)
    body_text = "\n\n".join(body)
    if not body_text.strip():
        raise CleanError("no_article", "no article text found")
    site_name = known.get("site_name") or labelled.site_name
    return Document(
        id=source.sha256[:16],
        source=Source(path=source.path, sha256=source.sha256, format=source.format,
                      encoding=source.encoding, url=known.get("url") or source.url,
                      site_name=site_name),
        body=body_text,
        title=known.get("title") or labelled.title,
        subtitle=known.get("subtitle") or labelled.subtitle,
        # The page's own author fields, when it has them, beat names read from body lines.
        authors=tuple(unique_casefold(list(known.get("authors") or authors))),
        published=known.get("published") or published,
        dateline=labelled.dateline,
        language=known.get("language") or detect_language(body_text),
        read_time_minutes=read_time,
        tags=tuple(unique_casefold(list(known.get("tags") or []) + tags)),
        captions=tuple(list(known.get("captions") or []) + captions),
        removed=tuple(list(known.get("removed") or []) + removed),
        pipeline_version=__version__,
        text_fixes=fixes,
    )


def _encodable(value):
    """Metadata from a page's fields as UTF-8 can hold it: lone surrogates (bad JSON-LD
    escapes) become U+FFFD instead of failing when the document is written."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    return value
