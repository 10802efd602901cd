"""The Parquet sink: one row per document in one Parquet file, the columns those of the
clean document's schema (pipeline/schema.json; nested fields as structs and lists), rows
in input order.

Rows are buffered and flushed as row groups as the run goes (every `ROW_GROUP_ROWS` rows,
or sooner past `ROW_GROUP_BYTES` of text), so memory stays bounded whatever the number of
documents. The file is written under a temporary name beside FILE and renamed over it when
the run ends: FILE is complete (with its footer) or absent, and an earlier FILE stays until
then. Its manifest (`FILE.pipeline-state`) records each document's row number; an unchanged
record's row is copied from the earlier file. Needs pyarrow (the `parquet` extra).
"""
from __future__ import annotations

import bisect
import os
from pathlib import Path

from ..manifest import Entry, document_digest, valid_document
from ..sources import Record, display_path
from . import SinkKind, SinkUnavailable
from .atomic import AtomicFile, sweep_stale_temporaries

ROW_GROUP_ROWS = 1000
ROW_GROUP_BYTES = 32 * 1024 * 1024
COMPRESSION = "zstd"  # ~25% smaller than the default snappy on news text, at a similar speed


def arrow_schema():
    """The Arrow schema of a clean document (the contract's fields, in its order)."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        ("schema_version", text),
        ("id", text),
        ("source", pa.struct([("path", text), ("sha256", text), ("format", text), ("encoding", text),
                              ("url", text), ("site_name", text)])),
        ("title", text),
        ("subtitle", text),
        ("authors", pa.list_(text)),
        ("published", text),
        ("dateline", text),
        ("language", text),
        ("read_time_minutes", pa.int32()),
        ("tags", pa.list_(text)),
        ("captions", pa.list_(pa.struct([("text", text), ("credit", text)]))),
        ("body", text),
        ("removed", pa.list_(pa.struct([("kind", text), ("text", text), ("rule", text)]))),
        ("pipeline", pa.struct([("version", text), ("text_fixes", pa.list_(text))])),
    ])


def row_to_document(row: dict) -> dict:
    """A row read back as the contract's document dict (the optional source fields a
    document leaves out are null in the row).

    >>> row_to_document({"source": {"path": "a", "url": None, "site_name": "S"}})["source"]
    {'path': 'a', 'site_name': 'S'}
    """
    source = {key: value for key, value in row["source"].items()
              if value is not None or key not in ("url", "site_name")}
    return {**row, "source": source}


class ParquetFile:
    """Documents as rows of the Parquet file FILE (see the module doc)."""

    def __init__(self, path: str | os.PathLike, fsync: bool = True):
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:  # said once, before any work
            raise SinkUnavailable("the Parquet sink needs pyarrow: pip install 'news-pipeline[parquet]'") from exc
        self.path = Path(path)
        self.fsync = fsync
        self.manifest_path = f"{self.path}.pipeline-state"
        self.schema = arrow_schema()
        self.out: AtomicFile | None = None
        self.writer = None
        self.rows: list[dict] = []
        self.buffered_bytes = 0
        self.written = 0  # rows in this run's file so far, flushed or buffered
        self.failed: OSError | None = None  # the first failed write: FILE cannot be completed
        self._earlier = None  # pyarrow.parquet.ParquetFile of the earlier FILE, opened on demand
        self._starts: list[int] = []
        self._cache: dict[int, list] = {}

    def describe(self, record: Record) -> str:
        return display_path(self.path)

    def open(self) -> None:
        import pyarrow.parquet as pq

        sweep_stale_temporaries(self.path.parent, recursive=False)
        self.out = AtomicFile(self.path, fsync=self.fsync)
        self.writer = pq.ParquetWriter(self.out.handle, self.schema, compression=COMPRESSION)

    def write(self, record: Record, document: dict) -> tuple[int, str]:
        return self._append(document), document_digest(row_to_document(document))

    def _append(self, document: dict) -> int:
        at = self.written
        self.rows.append(document)
        self.written += 1
        self.buffered_bytes += len(document.get("body") or "") + sum(len(r["text"]) for r in document.get("removed") or ())
        if len(self.rows) >= ROW_GROUP_ROWS or self.buffered_bytes >= ROW_GROUP_BYTES:
            self._flush()
        return at

    def _flush(self) -> None:
        import pyarrow as pa

        if self.failed is not None:
            # A row group half written cannot be taken back: nothing after it makes FILE whole.
            raise OSError(self.failed.errno, f"an earlier write failed ({self.failed.strerror or self.failed})")
        if self.rows:
            try:
                self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            except OSError as exc:
                self.failed = exc
                raise
            self.rows = []
            self.buffered_bytes = 0

    # --- the earlier file, for unchanged records ---

    def _earlier_row(self, at: int | None) -> dict | None:
        if at is None:
            return None
        try:
            if self._earlier is None:
                import pyarrow.parquet as pq

                self._earlier = pq.ParquetFile(self.path)
                meta = self._earlier.metadata
                self._starts, total = [], 0
                for group in range(meta.num_row_groups):
                    self._starts.append(total)
                    total += meta.row_group(group).num_rows
                self._total = total
            if not 0 <= at < self._total:
                return None
            group = bisect.bisect_right(self._starts, at) - 1
            # Whole rows: a record that verifies is recalled next, from the same group.
            if group not in self._cache:
                self._cache.clear()  # records come in file order: one row group at a time
                self._cache[group] = self._earlier.read_row_group(group).to_pylist()
            return self._cache[group][at - self._starts[group]]
        except (OSError, ValueError, IndexError):
            return None
        except Exception as exc:  # pyarrow's own errors for a damaged file: not trusted
            if type(exc).__module__.startswith("pyarrow"):
                return None
            raise

    def _matches(self, row: dict | None, record: Record, entry: Entry) -> bool:
        if row is None:
            return False
        document = row_to_document(row)
        return (document_digest(document) == entry.digest and valid_document(document)
                and document["source"]["sha256"] == entry.sha256 and document["source"]["path"] == record.shown)

    def verify(self, record: Record, entry: Entry) -> bool:
        return self._matches(self._earlier_row(entry.at), record, entry)

    def recall(self, record: Record, entry: Entry) -> dict:
        row = self._earlier_row(entry.at)
        if not self._matches(row, record, entry):
            raise OSError(f"{display_path(self.path)} changed during the run")
        return row_to_document(row)

    def keep(self, record: Record, entry: Entry) -> tuple[int, str]:
        # Only after `verify` passed for this entry: the same document again (its digest
        # says so) needs no second schema check.
        row = self._earlier_row(entry.at)
        document = row_to_document(row) if row is not None else None
        if document is None or document_digest(document) != entry.digest:
            raise OSError(f"{display_path(self.path)} changed during the run")
        return self._append(document), entry.digest

    def close(self, failures: list) -> None:
        self._flush()
        self.writer.close()  # the footer: only now is the file a Parquet file
        self.writer = None
        self.out.commit()
        self.out = None

    def abort(self) -> None:
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:  # noqa: BLE001 - the file is dropped anyway
                pass
            self.writer = None
        if self.out is not None:
            self.out.abort()
            self.out = None


# `pipeline clean --parquet FILE`: before --jsonl when several are given (a FILE always
# keeps a manifest; a --jsonl may be standard output).
SINK = SinkKind(option="--parquet", metavar="FILE", help="every document as one row of the Parquet file FILE",
                writes="a Parquet file", precedence=20,
                make=lambda target, settings: ParquetFile(target, fsync=settings.fsync))
