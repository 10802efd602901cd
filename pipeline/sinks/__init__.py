"""Sinks: where clean documents go. A sink receives each record's document (as the
contract's JSON object) and each failure, in input order, from the parent process only
(workers never write); its output is whole or absent (see `atomic`).

One file per implementation: `json_folder` (one JSON file per document), `jsonl` (one JSON
line per document, to a file or standard output), `parquet` (one row per document). A new
sink is one module in this package with a class that has the methods of `Sink` and a
module-level `SINK = SinkKind(...)` saying how the command line offers it (its option, its
help, how to make it): `kinds()` finds it, and `pipeline clean` builds its options, its
messages and its summary from that table, so nothing else changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:  # types only: the manifest itself writes through sinks.atomic
    from ..manifest import Entry
    from ..sources import Record


class Sink(Protocol):
    """What the runner needs of an output.

    `manifest_path` is where the manifest of its outputs lives (None: no incremental runs).
    `verify` says whether the output an earlier run made for `record` is still there and
    records `entry.sha256`; `keep` carries that output into this run (a folder keeps the
    file; a single-file sink copies the row) and returns where it now is; `recall` returns
    it as a document dict. Both are called only after `verify` passed for the same entry,
    so they need only check that the output is still the same bytes. `write` stores a new document; it and `keep` return where the
    output is and its digest (the manifest's `at` and `digest`: see `pipeline.manifest`),
    and raise OSError when the output cannot be written.
    `close` makes the run's output final (renames, `failures.jsonl`); `abort` drops it.
    """

    manifest_path: str | None

    def open(self) -> None: ...
    def verify(self, record: Record, entry: Entry) -> bool: ...
    def write(self, record: Record, document: dict) -> tuple[int | None, str | None]: ...
    def keep(self, record: Record, entry: Entry) -> tuple[int | None, str | None]: ...
    def recall(self, record: Record, entry: Entry) -> dict: ...
    def describe(self, record: Record) -> str | None: ...
    def close(self, failures: list) -> None: ...
    def abort(self) -> None: ...


class Tee:
    """Several sinks fed the same documents; the first one is primary: its manifest and its
    earlier outputs decide what is unchanged, and the others are given those outputs again
    (`pipeline clean --out DIR --jsonl FILE` streams every document, skipped or not)."""

    def __init__(self, primary: Sink, *others: Sink):
        self.primary = primary
        self.others = others
        self.manifest_path = primary.manifest_path

    def open(self) -> None:
        for sink in (self.primary, *self.others):
            sink.open()

    def verify(self, record: Record, entry: Entry) -> bool:
        return self.primary.verify(record, entry)

    def write(self, record: Record, document: dict) -> tuple[int | None, str | None]:
        at = self.primary.write(record, document)
        for sink in self.others:
            sink.write(record, document)
        return at

    def keep(self, record: Record, entry: Entry) -> tuple[int | None, str | None]:
        at = self.primary.keep(record, entry)
        if self.others:
            document = self.primary.recall(record, entry)
            for sink in self.others:
                sink.write(record, document)
        return at

    def recall(self, record: Record, entry: Entry) -> dict:
        return self.primary.recall(record, entry)

    def describe(self, record: Record) -> str | None:
        return self.primary.describe(record)

    def close(self, failures: list) -> None:
        for sink in (self.primary, *self.others):
            sink.close(failures)

    def abort(self) -> None:
        for sink in (self.primary, *self.others):
            sink.abort()


class SinkUnavailable(RuntimeError):
    """A sink cannot be used on this machine (a library it needs is missing): said once, as
    a usage error, before any work."""


@dataclass(frozen=True)
class SinkKind:
    """How the command line offers a sink: `pipeline clean ... OPTION TARGET`.

    `option` (`--parquet`) takes a `metavar` (`FILE`, `DIR`) and is listed with `help`;
    `writes` is what the command's description says it makes ("a Parquet file").
    `make(target, settings)` gives the sink (`settings`: the run's `pipeline.batch.Settings`,
    e.g. its `fsync`); it raises `SinkUnavailable` when the sink cannot be used here.
    `folder`: the target is a folder, made if missing, written as the run goes (else a
    file in a writable folder, written whole or not at all). `stdout`: the target `-` is
    standard output. `precedence`: of several outputs given at once, the one with the
    lowest is primary (its manifest and its earlier outputs decide what is unchanged).
    `groups_duplicates`: `--group-duplicates` can mark near-copies in its output folder.
    """

    option: str
    metavar: str
    help: str
    writes: str
    make: Callable[[str, Any], Sink]
    precedence: int
    folder: bool = False
    stdout: bool = False
    groups_duplicates: bool = False

    @property
    def dest(self) -> str:
        """The option's attribute name on the parsed command line (`--out` -> `out`)."""
        return self.option.lstrip("-").replace("-", "_")

    def shown(self, target: str) -> str:
        """The target as a run's summary names it.

        >>> SinkKind("--out", "DIR", "", "", None, 0, folder=True).shown("out")
        'out/'
        >>> SinkKind("--jsonl", "FILE", "", "", None, 0, stdout=True).shown("-")
        'standard output'
        """
        import os

        if self.stdout and target == "-":
            return "standard output"
        if self.folder and not target.endswith(os.sep):
            return target + os.sep
        return target


_kinds: dict[str, SinkKind] | None = None


def kinds() -> dict[str, SinkKind]:
    """The sinks the command line offers, by option: every module of this package that
    defines a `SINK`, in sorted module order (so the options, the help and the messages
    never depend on import order). A sink's own libraries load only when it is made.

    >>> list(kinds())
    ['--out', '--jsonl', '--parquet']
    """
    global _kinds
    if _kinds is None:
        import importlib
        import pkgutil

        found: dict[str, SinkKind] = {}
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            kind = getattr(importlib.import_module(f"{__name__}.{module}"), "SINK", None)
            if kind is not None:
                if kind.option in found:
                    raise ValueError(f"two sinks claim the option {kind.option}")
                found[kind.option] = kind
        _kinds = found
    return _kinds
