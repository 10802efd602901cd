"""The JSON folder sink: one file per document, `DIR/<output key>.json`, written atomically
(temporary file, fsync, rename); `DIR/failures.jsonl` lists the run's failures (the earlier
one is removed when a run starts and the new one written when it ends, so a run that dies
never leaves the old list as its own; when it cannot be written, `FailuresUnwritten` carries
the records to the caller); stale temporaries of a killed run are swept when a run starts."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from .. import __version__
from ..document import Document, RenderedDict, render_json
from ..manifest import Entry, output_digest, valid_document
from ..sources import Record, display_path
from . import SinkKind
from .atomic import TMP_PREFIX, sweep_stale_temporaries, write_atomic

FAILURES_FILE = "failures.jsonl"
STATE_FILE = ".pipeline-state"  # the manifest; not *.json: globs for documents never see it


class JsonFolder:
    """Documents as `DIR/<key>.json` (two-space indented, keys in the contract's order)."""

    def __init__(self, out_dir: str | os.PathLike, fsync: bool = True):
        self.out_dir = Path(out_dir)
        self.fsync = fsync
        self.manifest_path = str(self.out_dir / STATE_FILE)

    def target(self, record: Record) -> Path:
        return self.out_dir / (record.output_key + ".json")

    def describe(self, record: Record) -> str:
        return display_path(self.target(record))

    def open(self) -> None:
        self.had_failures_file = False
        if self.out_dir.is_dir():
            sweep_stale_temporaries(self.out_dir)
            # The earlier run's failure record goes now: a run that dies before it writes its
            # own (killed, disk full) must not leave the old list looking like this run's.
            try:
                os.unlink(self.out_dir / FAILURES_FILE)
                self.had_failures_file = True
            except FileNotFoundError:
                pass
            except OSError:
                self.had_failures_file = True  # not removable (read-only): close says so if it cannot replace it

    def verify(self, record: Record, entry: Entry) -> bool:
        return self._earlier(record, entry) is not None

    def _earlier(self, record: Record, entry: Entry) -> dict | None:
        """The earlier output if it is, byte for byte, the one `entry` was made with, for
        this record's path and bytes, and a valid document; else None (cleaned again)."""
        try:
            with open(self.target(record), "rb") as handle:
                data = handle.read()
            if output_digest(data) != entry.digest:
                return None
            old = json.loads(data)
            if (valid_document(old) and old["source"]["sha256"] == entry.sha256
                    and old["source"]["path"] == record.shown
                    and old["pipeline"]["version"] == __version__):
                return old
        except (OSError, ValueError):
            pass
        return None

    def write(self, record: Record, document: dict) -> tuple[None, str]:
        # Rendered by the worker where it can be (see RenderedDict); = Document.to_json().
        text = document.json_text if isinstance(document, RenderedDict) else render_json(document)
        data = text.encode("utf-8")
        write_atomic(self.target(record), data, fsync=self.fsync)
        return None, output_digest(data)

    def keep(self, record: Record, entry: Entry) -> tuple[None, str]:
        return None, entry.digest  # the file is where it was

    def recall(self, record: Record, entry: Entry) -> dict:
        old = self._earlier(record, entry)
        if old is None:
            raise OSError(f"{self.describe(record)} changed during the run")
        return old

    def close(self, failures: list) -> None:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            write_failures(self.out_dir, failures, fsync=self.fsync,
                           always=getattr(self, "had_failures_file", False))
        except OSError as exc:
            raise FailuresUnwritten(self.out_dir / FAILURES_FILE, failures, exc) from exc

    def abort(self) -> None:
        pass  # every file written is complete; nothing to undo


# `pipeline clean --out DIR`: primary whenever it is given (the folder keeps every output
# apart, so it is the natural home of the manifest); the one output near-copies can be
# grouped in afterwards, since its documents stay files that can be rewritten.
SINK = SinkKind(option="--out", metavar="DIR", help="output folder: one JSON file per document",
                writes="DIR/<relative path>.json", precedence=10, folder=True, groups_duplicates=True,
                make=lambda target, settings: JsonFolder(target, fsync=settings.fsync))


class FailuresUnwritten(OSError):
    """The run's failure record could not be written (disk full, read-only folder): it is
    carried here whole (`failures`, `lines()`) for the caller to put elsewhere (the command
    line prints it on standard error); no earlier record was left in its place."""

    def __init__(self, path: Path, failures: list, cause: OSError):
        super().__init__(cause.errno, f"cannot write {display_path(path)}: {cause.strerror or cause}")
        self.path = path
        self.failures = failures

    def lines(self) -> str:
        return failure_lines(self.failures)


def failure_lines(failures: list) -> str:
    """The failure record's text: one JSON object a line, in input order."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in failures)


def write_failures(out_dir: str | os.PathLike, failures: list, fsync: bool = True, always: bool = False) -> None:
    """Record a run's failures in `<out_dir>/failures.jsonl` (one JSON object a line); with
    no failures, an empty file only where one was before (`always`) or still is."""
    lines = failure_lines(failures)
    failures_path = Path(out_dir) / FAILURES_FILE
    if lines or always or failures_path.exists():
        write_atomic(failures_path, lines, fsync=fsync)


def iter_documents(folder: str | os.PathLike) -> Iterator[Document]:
    """The documents of a clean folder, in sorted path order. A folder that is not there
    is an error, raised at the call (a mistyped path must not read as an empty folder).

    >>> iter_documents("/nonexistent")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] no such folder: '/nonexistent'
    """
    root = Path(folder)
    if not root.is_dir():
        import errno

        raise FileNotFoundError(errno.ENOENT, "no such folder", os.fspath(folder))
    return _documents_under(root)


def _documents_under(root: Path) -> Iterator[Document]:
    for path in sorted(root.rglob("*.json")):
        if path.name.startswith(TMP_PREFIX):
            continue
        with open(path, encoding="utf-8") as handle:
            yield Document.from_dict(json.load(handle))
