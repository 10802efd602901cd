"""The clean document: the one record type every input becomes, its JSON form and its schema.

A `Document` is frozen; `to_json()` writes it with a fixed key order so that the
same input always gives byte-identical output (the contract in shared/CONTRACT.md);
`json_schema()` returns pipeline/schema.json, which every output validates against.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import orjson

SCHEMA_VERSION = "1.0"
# The minor version that added the optional `duplicates` object: a document declares it when
# it carries one, so a document without a near-copy stays byte for byte what 1.0 wrote.
DUPLICATES_SCHEMA_VERSION = "1.1"


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) every `to_dict()` output satisfies, shipped with the
    package as pipeline/schema.json.

    >>> sorted(json_schema()["required"])[:3]
    ['authors', 'body', 'captions']
    """
    from importlib.resources import files

    return json.loads(files(__package__).joinpath("schema.json").read_text(encoding="utf-8"))


def render_json(data: dict) -> str:
    """A document's contract JSON text: fixed key order (the dict's), two-space indent, newline.

    orjson writes the same bytes as `json.dumps(data, ensure_ascii=False, indent=2)` for what
    a document holds (strings, whole numbers, null, true/false, lists, objects; non-ASCII kept,
    control characters escaped alike), about 15 times faster than the standard library's
    pure-Python indented encoder. What orjson refuses (a lone surrogate, a key that is not a
    string, an integer past 64 bits) goes through the standard library as before. Floats
    would differ in their exponents (`1e-07` against `1e-7`), but the contract has no number
    that is not an integer (tests/test_document_json.py checks so).

    >>> render_json({"title": "Café", "tags": [], "n": 3})
    '{\\n  "title": "Café",\\n  "tags": [],\\n  "n": 3\\n}\\n'
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except TypeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class RenderedDict(dict):
    """A document's dict that carries its contract JSON text too.

    With an indent, the standard library encodes in pure Python (milliseconds a document):
    the worker that cleaned the document renders it once, in parallel with the others, so
    the one parent process writing a JSON folder does not encode every document serially.
    Pickles with its text (an instance attribute of a dict subclass)."""

    def __init__(self, data: dict, json_text: str):
        super().__init__(data)
        self.json_text = json_text


@dataclass(frozen=True)
class Caption:
    """A photo caption taken out of the body, its credit split off."""

    text: str
    credit: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "credit": self.credit}


@dataclass(frozen=True)
class Removed:
    """A piece of the input kept out of the body, with the rule that decided it."""

    kind: str
    text: str
    rule: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class Source:
    """Where a document came from: enough to find and verify the raw bytes again."""

    path: str
    sha256: str
    format: str
    encoding: str | None = None
    url: str | None = None
    site_name: str | None = None

    def to_dict(self) -> dict:
        out = {"path": self.path, "sha256": self.sha256, "format": self.format,
               "encoding": self.encoding}
        if self.url is not None:
            out["url"] = self.url
        if self.site_name is not None:
            out["site_name"] = self.site_name
        return out


@dataclass(frozen=True)
class Duplicates:
    """The near-copies group a document belongs to (`pipeline.duplicates`): the group's
    stable id and the id of its first member in input order."""

    group: str
    of: str

    def to_dict(self) -> dict:
        return {"group": self.group, "of": self.of}


@dataclass(frozen=True)
class Document:
    """One cleaned input: metadata split from the body, and everything removed, with why."""

    id: str
    source: Source
    body: str
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    read_time_minutes: int | None = None
    tags: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    removed: tuple[Removed, ...] = ()
    pipeline_version: str = ""
    text_fixes: tuple[str, ...] = field(default=())
    duplicates: Duplicates | None = None  # set by the grouping pass, never by cleaning

    def to_dict(self) -> dict:
        """The contract's JSON object, keys in a fixed order (`duplicates` last, when set)."""
        out = {
            "schema_version": SCHEMA_VERSION if self.duplicates is None else DUPLICATES_SCHEMA_VERSION,
            "id": self.id,
            "source": self.source.to_dict(),
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "published": self.published,
            "dateline": self.dateline,
            "language": self.language,
            "read_time_minutes": self.read_time_minutes,
            "tags": list(self.tags),
            "captions": [c.to_dict() for c in self.captions],
            "body": self.body,
            "removed": [r.to_dict() for r in self.removed],
            "pipeline": {"version": self.pipeline_version, "text_fixes": list(self.text_fixes)},
        }
        if self.duplicates is not None:
            out["duplicates"] = self.duplicates.to_dict()
        return out

    def to_json(self) -> str:
        """Deterministic JSON text (UTF-8 safe, two-space indent, trailing newline)."""
        return render_json(self.to_dict())

    def to_rendered_dict(self) -> "RenderedDict":
        """`to_dict()` with its `to_json()` text made alongside, for a worker to send back."""
        data = self.to_dict()
        return RenderedDict(data, render_json(data))

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        """Read back a document written by `to_dict` (used when iterating a clean folder)."""
        src = data["source"]
        return cls(
            id=data["id"],
            source=Source(path=src["path"], sha256=src["sha256"], format=src["format"],
                          encoding=src.get("encoding"), url=src.get("url"),
                          site_name=src.get("site_name")),
            body=data["body"],
            title=data.get("title"),
            subtitle=data.get("subtitle"),
            authors=tuple(data.get("authors") or ()),
            published=data.get("published"),
            dateline=data.get("dateline"),
            language=data.get("language"),
            read_time_minutes=data.get("read_time_minutes"),
            tags=tuple(data.get("tags") or ()),
            captions=tuple(Caption(c["text"], c.get("credit")) for c in data.get("captions") or ()),
            removed=tuple(Removed(r["kind"], r["text"], r["rule"]) for r in data.get("removed") or ()),
            pipeline_version=(data.get("pipeline") or {}).get("version", ""),
            text_fixes=tuple((data.get("pipeline") or {}).get("text_fixes") or ()),
            duplicates=Duplicates(data["duplicates"]["group"], data["duplicates"]["of"])
            if data.get("duplicates") else None,
        )
