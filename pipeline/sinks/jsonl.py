"""The JSON Lines sink: one document per line, in input order, to a file or to standard
output ('-'). A file is written under a temporary name beside it and renamed over it when
the run ends, so it is complete or absent (the earlier file stays until then); its
manifest (`FILE.pipeline-state`) records each document's line offset, and an unchanged
record's line is copied from the earlier file."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..manifest import Entry, output_digest, valid_document
from ..sources import Record, display_path
from . import SinkKind
from .atomic import AtomicFile, sweep_stale_temporaries


class JsonLines:
    """Documents as JSON lines (UTF-8, not indented) in FILE, or on standard output for '-'."""

    def __init__(self, path: str | os.PathLike, fsync: bool = True):
        self.stdout = os.fspath(path) == "-"
        self.path = None if self.stdout else Path(path)
        self.fsync = fsync
        self.manifest_path = None if self.stdout else f"{self.path}.pipeline-state"
        self.out: AtomicFile | None = None
        self.offset = 0
        self.failed: OSError | None = None  # the first failed write: FILE cannot be completed

    def describe(self, record: Record) -> str | None:
        return None if self.stdout else display_path(self.path)

    def open(self) -> None:
        if self.path is not None:
            sweep_stale_temporaries(self.path.parent, recursive=False)
            self.out = AtomicFile(self.path, fsync=self.fsync)

    def _put(self, line: bytes) -> int:
        if self.failed is not None:
            # A write that failed may have left part of a line: nothing after it can make FILE whole.
            raise OSError(self.failed.errno, f"an earlier write failed ({self.failed.strerror or self.failed})")
        at = self.offset
        try:
            self.out.handle.write(line)
        except OSError as exc:
            self.failed = exc
            raise
        self.offset += len(line)
        return at

    def write(self, record: Record, document: dict) -> tuple[int | None, str | None]:
        line = json.dumps(document, ensure_ascii=False) + "\n"
        if self.stdout:
            sys.stdout.write(line)
            return None, None
        data = line.encode("utf-8")
        return self._put(data), output_digest(data)

    def _line_at(self, entry: Entry) -> bytes | None:
        """The earlier file's line at `entry.at` if it has the digest `entry` recorded."""
        if self.path is None or entry.at is None:
            return None
        try:
            with open(self.path, "rb") as handle:
                handle.seek(entry.at)
                line = handle.readline()
        except (OSError, ValueError):  # ValueError: a negative offset
            return None
        return line if output_digest(line) == entry.digest else None

    def _earlier_line(self, record: Record, entry: Entry) -> bytes | None:
        line = self._line_at(entry)
        if line is None:
            return None
        try:
            old = json.loads(line)
            if (valid_document(old) and old["source"]["sha256"] == entry.sha256
                    and old["source"]["path"] == record.shown):
                return line
        except (OSError, ValueError):
            pass
        return None

    def verify(self, record: Record, entry: Entry) -> bool:
        return self._earlier_line(record, entry) is not None

    def keep(self, record: Record, entry: Entry) -> tuple[int, str]:
        # Only after `verify` passed for this entry (never for standard output: it keeps no
        # manifest): the same bytes again need no second parse and schema check.
        line = self._line_at(entry)
        if line is None:
            raise OSError(f"{display_path(self.path)} changed during the run")
        return self._put(line), entry.digest

    def recall(self, record: Record, entry: Entry) -> dict:
        line = self._earlier_line(record, entry)
        if line is None:
            raise OSError(f"{display_path(self.path)} changed during the run")
        return json.loads(line)

    def close(self, failures: list) -> None:
        if self.failed is not None:
            self.abort()  # the earlier FILE stays
            raise OSError(self.failed.errno, f"{display_path(self.path)} not written: a write failed "
                                             f"({self.failed.strerror or self.failed})")
        if self.out is not None:
            self.out.commit()
            self.out = None
        elif self.stdout:
            sys.stdout.flush()

    def abort(self) -> None:
        if self.out is not None:
            self.out.abort()
            self.out = None


# `pipeline clean --jsonl FILE|-`: after --out and --parquet when several are given, since
# standard output keeps no manifest.
SINK = SinkKind(option="--jsonl", metavar="FILE", help="every document as one JSON line in FILE ('-' for stdout)",
                writes="JSON lines", precedence=30, stdout=True,
                make=lambda target, settings: JsonLines(target, fsync=settings.fsync))
