"""The JSON Lines source: one scraped record per line, as Scrapy-style scrapers write them,
`{"url": ..., "html": ...}` or `{"url": ..., "text": ...}` (the field names configurable,
see `JsonlFields`). The file may be gzipped.

A record's id is `FILE#<line number>` (1-based) unless the record has an id field; its
output key is `<file stem>/<line number>` (zero-padded, so a folder of outputs sorts in
file order). The page or text is encoded as UTF-8 for cleaning (a JSON string is already
text); the URL becomes a hint. A line that is not a JSON object, or has neither field, is
refused ('undecodable' or 'empty') in its place; the other lines go on.
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from typing import Iterator

from . import Container, Hints, Record, Refusal, container_stem
from .files import refuse_unless_regular


@dataclass(frozen=True)
class JsonlFields:
    """Which field of a record holds what. `html` is tried before `text`."""

    url: str = "url"
    html: str = "html"
    text: str = "text"
    id: str = "id"

    @classmethod
    def parse(cls, spec: str) -> "JsonlFields":
        """From 'url=link,html=body_html'.

        >>> JsonlFields.parse("url=link, text=content")
        JsonlFields(url='link', html='html', text='content', id='id')
        """
        names = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            role, sep, name = part.partition("=")
            role, name = role.strip(), name.strip()
            if not sep or role not in cls.__dataclass_fields__ or not name:
                raise ValueError(f"expected ROLE=NAME with ROLE one of url, html, text, id; got {part!r}")
            names[role] = name
        return cls(**names)


class JsonlRecords:
    """The records of one JSON Lines file (see the module doc)."""

    def __init__(self, path: str | os.PathLike, fields: JsonlFields | None = None):
        self.path = os.fspath(path)
        self.fields = fields or JsonlFields()

    def records(self) -> Iterator[Record | Refusal]:
        refusal = refuse_unless_regular(self.path)
        if refusal is not None:
            yield refusal
            return
        try:
            handle = gzip.open(self.path, "rb") if _is_gzip(self.path) else open(self.path, "rb")
        except OSError as exc:
            yield Refusal(self.path, "unreadable", exc.strerror or str(exc))
            return
        stem = container_stem(self.path, (".gz", ".jsonl", ".ndjson", ".json"), "records")
        number = 0
        try:
            with handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    yield self._record(line, number, stem)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            # A damaged or truncated gzip: the lines before it were yielded; the rest is lost.
            yield Refusal(f"{self.path}#{number + 1}", "gzip_corrupt",
                          f"the file cannot be read past here: {exc}")

    def _record(self, line: bytes, number: int, stem: str) -> Record | Refusal:
        fallback_id = f"{self.path}#{number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            return Refusal(fallback_id, "undecodable", f"line {number} is not JSON: {exc}")
        if not isinstance(data, dict):
            return Refusal(fallback_id, "undecodable", f"line {number} is not a JSON object")
        given_id = data.get(self.fields.id)
        record_id = f"{self.path}#{given_id}" if isinstance(given_id, (str, int)) and str(given_id) else fallback_id
        url = data.get(self.fields.url)
        url = url if isinstance(url, str) and url.strip() else None
        for field, format in ((self.fields.html, "html"), (self.fields.text, "text")):
            value = data.get(field)
            if isinstance(value, str):
                # surrogatepass: a lone surrogate from a bad JSON escape reaches the text repair.
                content = value.encode("utf-8", "surrogatepass")
                return Record(record_id, f"{stem}/{number:06d}", content,
                              Hints(url=url, format=format, charset="utf-8"))
        return Refusal(record_id, "empty",
                       f"line {number} has no string field {self.fields.html!r} or {self.fields.text!r}")


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


__all__ = ["JsonlFields", "JsonlRecords"]


# How the command line recognises a JSON Lines file: its suffix, or a first line opening an object.
CONTAINER = Container(
    name="jsonl", suffixes=(".jsonl", ".jsonl.gz", ".ndjson"),
    sniff=lambda head: head.lstrip()[:2] in (b'{"', b"{ ", b"{\n"),
    open=lambda path, options: JsonlRecords(path, options.jsonl_fields))
