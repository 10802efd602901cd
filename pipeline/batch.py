"""Batches: finding inputs, naming outputs, writing them atomically, and running in parallel.

`clean_paths()` is what `pipeline clean` and the Prefect flows run. It never modifies an
input, writes each output complete or not at all (temporary file, fsync, rename), goes on
past a failed input and reports every outcome, and skips inputs whose output already
records the same source hash and pipeline version (when asked to).
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .core import clean
from .document import Document
from .errors import CleanError
from .reading import DEFAULT_MAX_BYTES

INPUT_SUFFIXES = (".txt", ".html", ".htm")
FAILURES_FILE = "failures.jsonl"
_TMP_PREFIX = ".pipeline-tmp-"
_TMP_SUFFIX = ".part"


@dataclass(frozen=True)
class InputFile:
    """One input found under a PATH argument, and where its output goes (relative)."""

    path: str
    output: str


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: 'cleaned', 'unchanged' or 'failed' (with reason)."""

    path: str
    status: str
    output: str | None = None
    reason: str | None = None
    detail: str | None = None
    removed_by_kind: tuple[tuple[str, int], ...] = ()
    jsonl: str | None = None

    def to_dict(self) -> dict:
        return {"path": self.path, "status": self.status, "output": self.output,
                "reason": self.reason, "detail": self.detail, "pipeline_version": __version__}


@dataclass
class Report:
    """Counts over a batch, and the failures in input order."""

    found: int = 0
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    removed_by_kind: Counter = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.removed_by_kind.update(dict(outcome.removed_by_kind))
        if outcome.status == "failed":
            self.failures.append(outcome)

    def to_dict(self) -> dict:
        return {"found": self.found, "cleaned": self.cleaned, "unchanged": self.unchanged,
                "failed": self.failed, "removed_by_kind": dict(sorted(self.removed_by_kind.items())),
                "failures": [f.to_dict() for f in self.failures], "pipeline_version": __version__}


def output_name(relative: str) -> str:
    """The output path for an input path relative to its root.

    >>> output_name("a/b.txt"), output_name("page.html.gz"), output_name("notes")
    ('a/b.json', 'page.json', 'notes.json')
    """
    name = relative
    if name.lower().endswith(".gz"):
        name = name[:-3]
    for suffix in INPUT_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name + ".json"


def _accepts(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(INPUT_SUFFIXES)


def discover(paths: Iterable[str | os.PathLike], follow_links: bool = False
             ) -> tuple[list[InputFile], list[Outcome]]:
    """Inputs under the given files and folders, sorted; and the ones refused on sight.

    Folders are walked recursively for .txt/.html/.htm (optionally .gz) files. Symbolic
    links that lead out of their input folder are refused unless `follow_links`; FIFOs,
    sockets and devices are refused without being opened; two inputs that would write the
    same output are refused (the later one in sorted order).
    """
    found: list[InputFile] = []
    refused: list[Outcome] = []
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            real_root = root.resolve()
            in_root: list[InputFile] = []
            for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
                dirnames.sort()
                for name in sorted(filenames):
                    if not _accepts(name):
                        continue
                    path = Path(dirpath) / name
                    problem = _check_file(path, real_root, follow_links)
                    if problem:
                        refused.append(Outcome(str(path), "failed", reason=problem.reason, detail=problem.detail))
                        continue
                    rel = path.relative_to(root).as_posix()
                    in_root.append(InputFile(str(path), output_name(rel)))
            # Sorted by path relative to the root, whatever order the file system lists.
            found.extend(sorted(in_root, key=lambda item: Path(item.path).relative_to(root).parts))
        elif root.exists() or root.is_symlink():
            problem = _check_file(root, None, True)
            if problem:
                refused.append(Outcome(str(root), "failed", reason=problem.reason, detail=problem.detail))
            else:
                found.append(InputFile(str(root), output_name(root.name)))
        else:
            refused.append(Outcome(str(root), "failed", reason="unreadable", detail="no such file or folder"))
    unique: list[InputFile] = []
    seen: dict[str, str] = {}
    for item in found:
        if item.output in seen:
            refused.append(Outcome(item.path, "failed", reason="name_clash",
                                   detail=f"{seen[item.output]} already writes {item.output}"))
            continue
        seen[item.output] = item.path
        unique.append(item)
    return unique, refused


def _check_file(path: Path, real_root: Path | None, follow_links: bool) -> CleanError | None:
    try:
        if path.is_symlink() and real_root is not None and not follow_links:
            target = path.resolve()
            if real_root not in target.parents:
                return CleanError("outside_input", f"symbolic link to {target}, outside the input folder")
        mode = os.stat(path).st_mode
    except OSError as exc:
        return CleanError("unreadable", exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return CleanError("not_regular", "not a regular file (FIFO, socket or device); not opened")
    return None


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any worker thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new one, never half.

    The temporary file (`.pipeline-tmp-<pid>-*.part`, beside the target so the rename stays
    on one file system) carries the writer's process id, so a later run can tell a stale
    one left by a killed run from one a live run is still writing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        # mkstemp creates 0600; an output is an ordinary file, readable as the umask allows.
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _unchanged(target: Path, sha256: str) -> bool:
    try:
        with open(target, encoding="utf-8") as handle:
            old = json.load(handle)
        return (old.get("source", {}).get("sha256") == sha256
                and old.get("pipeline", {}).get("version") == __version__)
    except (OSError, ValueError, AttributeError):
        return False


@dataclass(frozen=True)
class Settings:
    """How a batch runs; every field has the default a one-off run wants."""

    out_dir: str | None
    format: str = "auto"
    skip_unchanged: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    want_jsonl: bool = False


def clean_file(item: InputFile, settings: Settings) -> Outcome:
    """Clean one input and write its output; never raises for a bad input."""
    import hashlib

    try:
        size = os.stat(item.path).st_size
        if size > settings.max_bytes:
            raise CleanError("too_large", f"{size} bytes, over the limit of {settings.max_bytes}")
        with open(item.path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
        target = Path(settings.out_dir) / item.output if settings.out_dir else None
        if target is not None and settings.skip_unchanged:
            if _unchanged(target, hashlib.sha256(data).hexdigest()):
                return Outcome(item.path, "unchanged", output=str(target))
        doc = clean(data, source=item.path, format=settings.format, max_bytes=settings.max_bytes)
    except CleanError as exc:
        return Outcome(item.path, "failed", reason=exc.reason, detail=exc.detail)
    except OSError as exc:
        return Outcome(item.path, "failed", reason="unreadable", detail=exc.strerror or str(exc))
    text = doc.to_json()
    if target is not None:
        try:
            write_atomic(target, text)
        except OSError as exc:
            return Outcome(item.path, "failed", reason="unreadable",
                           detail=f"could not write {target}: {exc.strerror or exc}")
    removed = Counter(r.kind for r in doc.removed)
    return Outcome(item.path, "cleaned", output=str(target) if target else None,
                   removed_by_kind=tuple(sorted(removed.items())),
                   jsonl=json.dumps(doc.to_dict(), ensure_ascii=False) if settings.want_jsonl else None)


def _clean_one(args: tuple[InputFile, Settings]) -> Outcome:
    return clean_file(*args)


def run_batch(items: list[InputFile], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes of cleaning `items`, in input order; `jobs` > 1 uses worker processes."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield clean_file(item, settings)
        return
    chunk = max(1, min(64, len(items) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_clean_one, ((item, settings) for item in items), chunksize=chunk)


def clean_paths(paths: Iterable[str | os.PathLike], settings: Settings, jobs: int | None = None,
                on_outcome: Callable[[Outcome, Report], None] | None = None) -> Report:
    """Clean every input under `paths` into `settings.out_dir`; return the report.

    Failures are recorded in `<out_dir>/failures.jsonl` (rewritten by every run) as well as
    in the report; `on_outcome` is called after each input (progress, JSON lines).
    """
    items, refused = discover(paths)
    report = Report(found=len(items) + len(refused))
    for outcome in refused:
        report.add(outcome)
        if on_outcome:
            on_outcome(outcome, report)
    for outcome in run_batch(items, settings, jobs or os.cpu_count() or 1):
        report.add(outcome)
        if on_outcome:
            on_outcome(outcome, report)
    if settings.out_dir:
        write_failures(settings.out_dir, report.failures)
    return report


def write_failures(out_dir: str | os.PathLike, failures: list[Outcome]) -> None:
    """Record a run's failures in `<out_dir>/failures.jsonl` (one JSON object a line)."""
    lines = "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in failures)
    failures_path = Path(out_dir) / FAILURES_FILE
    if lines or failures_path.exists():
        write_atomic(failures_path, lines)


def iter_documents(folder: str | os.PathLike) -> Iterator[Document]:
    """The documents of a clean folder, in sorted path order.

    >>> list(iter_documents("/nonexistent"))
    []
    """
    root = Path(folder)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.json")):
        if path.name.startswith(_TMP_PREFIX):
            continue
        with open(path, encoding="utf-8") as handle:
            yield Document.from_dict(json.load(handle))
