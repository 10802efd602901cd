"""Sources: where inputs come from. A source yields `Record`s (one input each, with what its
container knows about it) and `Refusal`s (inputs turned away on sight, with a reason).

One file per implementation: `files` (a tree of .txt/.html files, plain or gzipped),
`warc` (response records of WARC files), `jsonl` (JSON Lines of scraped records). A new
container source is one module in this package with a class that has `records()` and a
module-level `CONTAINER = Container(...)` saying how its inputs are recognised (suffixes,
first bytes) and opened: `containers()` finds it, so nothing else changes.

A `Record` is small enough to send to a worker process: it carries either its bytes or a
`Loader` that reads them there (a file's bytes are read by the worker that cleans it, so a
folder is never held in memory and a FIFO swapped in after discovery cannot hang the run).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol, Union

from ..errors import CleanError


@dataclass(frozen=True)
class Hints:
    """What the container knows about a record's bytes (all optional).

    `format` is 'html' or 'text' when the container says so (an HTTP Content-Type, a JSON
    field name); `charset` is a declared encoding (HTTP header), `fetched` an ISO 8601
    time of capture, `content_type` the declared media type."""

    url: str | None = None
    charset: str | None = None
    fetched: str | None = None
    content_type: str | None = None
    format: str | None = None


class Loader(Protocol):
    """Reads a record's bytes where it is cleaned; raises CleanError or OSError."""

    def read(self, max_bytes: int) -> bytes: ...


@dataclass(frozen=True)
class Record:
    """One input: a stable `record_id` (shown in documents and errors, the manifest's key),
    the `output_key` a sink names its output by (relative, '/'-separated, no suffix), its
    bytes or a loader for them, and hints."""

    record_id: str
    output_key: str
    content: Union[bytes, Loader]
    hints: Hints = field(default_factory=Hints)

    def read(self, max_bytes: int) -> bytes:
        """The record's bytes, refused ('too_large') past `max_bytes`."""
        if isinstance(self.content, (bytes, bytearray)):
            if len(self.content) > max_bytes:
                raise CleanError("too_large", f"{len(self.content)} bytes, over the limit of {max_bytes}")
            return bytes(self.content)
        return self.content.read(max_bytes)

    @property
    def shown(self) -> str:
        """The record id as valid UTF-8 text (for documents, messages and reports)."""
        return display_path(self.record_id)


@dataclass(frozen=True)
class Refusal:
    """An input refused without being read, and why (a CleanError reason)."""

    record_id: str
    reason: str
    detail: str


def folded(name: str) -> str:
    """An output name as a case-insensitive, normalising file system compares it (macOS,
    Windows): case-folded, canonically composed.

    >>> folded("Caf\u0065\u0301/A") == folded("café/a")
    True
    """
    import unicodedata

    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


class OutputNames:
    """The output names records have claimed so far, in input order. A record clashes with
    an earlier one when their keys are the same name once folded (`folded`: `A.txt` and
    `a.txt`, NFC and NFD spellings would overwrite each other on some file systems), or
    when one's output file is a folder the other's output needs (`p.txt` gives `p.json`;
    `p.json/b.txt` needs a folder `p.json`). Deciding here, as records are discovered and
    before anything is cleaned, makes the winner the earlier input whatever the jobs."""

    FILE_SUFFIX = ".json"  # the JSON folder's: the strictest sink decides for all, so they agree

    def __init__(self):
        self.files: dict[str, str] = {}    # folded output file name -> the record id that has it
        self.folders: dict[str, str] = {}  # folded folder an output needs -> a record id needing it

    def claim(self, record: Record) -> Refusal | None:
        """None when `record` takes its output name; else its refusal ('name_clash')."""
        key = folded(record.output_key)
        file = key + self.FILE_SUFFIX
        parts = key.split("/")
        folders = ["/".join(parts[:i]) for i in range(1, len(parts))]
        owner = self.files.get(file) or self.folders.get(file)
        owner = owner or next((self.files[f] for f in folders if f in self.files), None)
        if owner is not None:
            return clash(record, owner)
        self.files[file] = record.record_id
        for folder in folders:
            self.folders.setdefault(folder, record.record_id)
        return None


def clash(record: Record, owner: str) -> Refusal:
    """The refusal of a record whose output name an earlier record already has (see
    `OutputNames`): of two inputs that would write the same output, the later one is
    refused, never written over the first."""
    return Refusal(record.record_id, "name_clash",
                   f"{display_path(owner)} already has the output name {display_path(record.output_key)}")


class Source(Protocol):
    """Yields the records of one input (a folder, a file, a container file), in a stable
    order, and the inputs it refuses on sight."""

    def records(self) -> Iterator[Record | Refusal]: ...


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for messages.

    >>> import stat
    >>> file_kind(stat.S_IFDIR), file_kind(stat.S_IFIFO)
    ('a folder', 'a FIFO')
    """
    import stat

    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a file"


def display_path(path: str | os.PathLike) -> str:
    """A path as text that is always valid UTF-8: bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) are shown as `\\xNN`.

    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def input_overlapping(output: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> str | None:
    """The input that the output file `output` would overwrite or land inside (the input
    itself, the same file by another name or link, or a file inside an input folder), or
    None. Inputs are never modified, so such an output is refused before any work.

    >>> input_overlapping("/tmp/out.jsonl", ["/srv/in"]) is None
    True
    >>> input_overlapping("/srv/in/story.txt", ["/srv/in"])
    '/srv/in'
    """
    target = os.path.realpath(output)
    for given in inputs:
        real = os.path.realpath(given)
        if target == real or target.startswith(real.rstrip(os.sep) + os.sep):
            return os.fspath(given)
        try:
            if os.path.samefile(output, given):  # a hard link: another name for the input
                return os.fspath(given)
        except OSError:
            pass
    return None


def container_stem(path: str, suffixes: tuple[str, ...], default: str) -> str:
    """The folder a container file's outputs are named under: its file name with each of
    `suffixes` dropped in turn where the name ends with it, or `default` if nothing is left.

    >>> container_stem("/data/CC-NEWS-1.warc.gz", (".gz", ".warc"), "warc")
    'CC-NEWS-1'
    """
    name = os.path.basename(path)
    for suffix in suffixes:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or default


@dataclass(frozen=True)
class OpenOptions:
    """What the command line says about opening containers (each takes what it needs)."""

    jsonl_fields: object = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class Container:
    """How a container source is recognised and opened: `suffixes` (lower case, tried
    first), `sniff(head)` on the first 4 KB (gunzipped when gzipped) for files of other
    names, and `open(path, options)` giving the source."""

    name: str
    suffixes: tuple[str, ...]
    sniff: "Callable[[bytes], bool]"
    open: "Callable[[str | os.PathLike, OpenOptions], Source]"


_PAGE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".txt.gz", ".html.gz", ".htm.gz", ".xhtml.gz")
_containers: dict[str, Container] | None = None


def containers() -> dict[str, Container]:
    """The container sources of this package, by name: every module here that defines a
    `CONTAINER`, in sorted module order (so recognising an input never depends on import
    order). Their readers' libraries load only when an input of theirs is opened."""
    global _containers
    if _containers is None:
        import importlib
        import pkgutil

        found = {}
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            container = getattr(importlib.import_module(f"{__name__}.{module}"), "CONTAINER", None)
            if container is not None:
                found[container.name] = container
        _containers = found
    return _containers


def source_kind(path: str | os.PathLike) -> str:
    """Which source reads `path`: a container's name ('warc', 'jsonl', ...) or 'files' (a
    folder, or a page or text file), by suffix and, for files of other names, by their
    first bytes.

    >>> source_kind("crawl.warc.gz"), source_kind("scraped.jsonl"), source_kind("page.html")
    ('warc', 'jsonl', 'files')
    """
    name = os.fspath(path).lower()
    if os.path.isdir(path):
        return "files"
    for container in containers().values():
        if name.endswith(container.suffixes):
            return container.name
    if name.endswith(_PAGE_SUFFIXES):
        return "files"
    try:
        if not os.path.isfile(path):  # folders, FIFOs, missing paths: the file tree decides
            return "files"
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return "files"
    if head[:2] == b"\x1f\x8b":
        import zlib

        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return "files"
    for container in containers().values():
        if container.sniff(head):
            return container.name
    return "files"


def open_sources(paths: Iterable[str | os.PathLike], follow_links: bool = False,
                 jsonl_fields=None, max_bytes: int | None = None) -> list[Source]:
    """The sources for a command line's inputs, in order. Consecutive folders and page
    files form one file tree source, so that output-name clashes among them are decided
    together, in input order, before anything is cleaned."""
    from .files import FileTree

    options = OpenOptions(jsonl_fields=jsonl_fields, max_bytes=max_bytes)
    sources: list[Source] = []
    pending: list[str | os.PathLike] = []
    for path in paths:
        kind = source_kind(path)
        if kind == "files":
            pending.append(path)
            continue
        if pending:
            sources.append(FileTree(pending, follow_links))
            pending = []
        sources.append(containers()[kind].open(path, options))
    if pending:
        sources.append(FileTree(pending, follow_links))
    return sources
