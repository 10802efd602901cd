"""Sinks: where clean documents go. A sink receives each record's document (as the
contract's JSON object) and each failure, in input order, from the parent process only
(workers never write); its output is whole or absent (see `atomic`).

One file per implementation: `json_folder` (one JSON file per document), `jsonl` (one JSON
line per document, to a file or standard output), `parquet` (one row per document). A new
sink is one module with a class that has the methods of `Sink`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

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
