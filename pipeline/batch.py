"""Batches: finding inputs, naming outputs, writing them atomically, and running them with
bounded work, in parallel.

`clean_paths()` is what `pipeline clean` and the Prefect flows run. It never modifies an
input, writes each output complete or not at all (temporary file, fsync, rename), goes on
past a failed input and reports every outcome, and skips inputs whose output already
records the same source hash and pipeline version (when asked to).

Bounded work: every input is refused past `Settings.max_bytes`; with `Settings.timeout`
set (the default) documents are cleaned in supervised worker processes, and a worker
still busy with one document past the deadline is killed, the document recorded as
failed ('timeout'), a fresh worker started and the batch continued. This needs no
signals, so it works the same for one job or many and from any thread (Prefect tasks).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import stat
import tempfile
import time
from collections import Counter, deque
from functools import lru_cache
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .core import FORMATS, clean
from .document import Document
from .errors import CleanError
from .reading import DEFAULT_MAX_BYTES

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
FAILURES_FILE = "failures.jsonl"
DEFAULT_TIMEOUT = 120.0  # seconds per document; a 50 MB text file takes about 20 s
_TMP_PREFIX = ".pipeline-tmp-"
_TMP_SUFFIX = ".part"
_STALE_AFTER = 3600.0  # a temporary file this old is stale even if its writer's pid is taken


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
    errno: int | None = None  # the OS error number of an `unreadable` failure (retry decisions)

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

    Folders are walked recursively for .txt/.html/.htm (optionally .gz) files, in sorted
    order of the path relative to the folder. Symbolic links (to files or folders) that
    lead out of their input folder are refused unless `follow_links`; links within it are
    taken as files, and linked folders inside it are not walked twice. FIFOs, sockets and
    devices are refused without being opened; of two inputs that would write the same
    output, the later one is refused ('name_clash'), so nothing is overwritten silently.
    A file named on the command line is taken wherever its link points.
    """
    found: list[InputFile] = []
    refused: list[Outcome] = []
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            in_root, refused_here = _walk(root, follow_links)
            found.extend(in_root)
            refused.extend(refused_here)
        elif root.exists() or root.is_symlink():
            problem = _check_file(root, None, True)
            if problem:
                refused.append(_refusal(root, problem))
            else:
                found.append(InputFile(str(root), output_name(root.name)))
        else:
            refused.append(Outcome(display_path(root), "failed", reason="unreadable",
                                   detail="no such file or folder"))
    unique: list[InputFile] = []
    seen: dict[str, str] = {}
    for item in found:
        if item.output in seen:
            refused.append(Outcome(display_path(item.path), "failed", reason="name_clash",
                                   detail=f"{display_path(seen[item.output])} already writes {display_path(item.output)}"))
            continue
        seen[item.output] = item.path
        unique.append(item)
    return unique, refused


def _walk(root: Path, follow_links: bool) -> tuple[list[InputFile], list[Outcome]]:
    real_root = os.path.realpath(root)
    found: list[tuple[tuple[str, ...], InputFile]] = []
    refused: list[Outcome] = []

    def on_error(exc: OSError) -> None:
        refused.append(Outcome(display_path(exc.filename or root), "failed", reason="unreadable",
                               detail=f"folder not readable: {exc.strerror or exc}"))

    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=follow_links):
        here = Path(dirpath)
        if follow_links:
            # Followed links can form cycles; walk each real folder once.
            real = os.path.realpath(here)
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
        else:
            for name in dirnames:
                sub = here / name
                if sub.is_symlink() and not _inside(os.path.realpath(sub), real_root):
                    refused.append(Outcome(display_path(sub), "failed", reason="outside_input",
                                           detail="symbolic link to a folder outside the input folder; not followed"))
        dirnames.sort()
        for name in filenames:
            if not _accepts(name):
                continue
            path = here / name
            problem = _check_file(path, real_root, follow_links)
            if problem:
                refused.append(_refusal(path, problem))
                continue
            rel = path.relative_to(root)
            found.append((rel.parts, InputFile(str(path), output_name(rel.as_posix()))))
    # Sorted by path relative to the root, whatever order the file system lists.
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found], refused


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _refusal(path: Path | str, problem: CleanError) -> Outcome:
    return Outcome(display_path(path), "failed", reason=problem.reason, detail=problem.detail)


def _check_file(path: Path, real_root: str | None, follow_links: bool) -> CleanError | None:
    """Why `path` must not be opened, or None. Uses stat only: a FIFO is never opened."""
    try:
        if real_root is not None and not follow_links and path.is_symlink():
            target = os.path.realpath(path)
            if not _inside(target, real_root):
                return CleanError("outside_input", f"symbolic link to {display_path(target)}, outside the input folder")
        mode = os.stat(path).st_mode
    except OSError as exc:
        return CleanError("unreadable", exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return CleanError("not_regular", "not a regular file (FIFO, socket or device); not opened")
    return None


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


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any worker thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: Path, text: str, fsync: bool = True) -> None:
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
            if fsync:  # on disk before the rename: complete even after a power cut
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def sweep_stale_temporaries(out_dir: str | os.PathLike, now: float | None = None) -> list[str]:
    """Delete our temporary files that no live writer owns (left by a killed run).

    A temporary file is stale when the process id in its name no longer exists on this
    machine, or when it is older than an hour (pid reused, or written from another host).
    Files of a run still in progress are left alone, so two runs may share an output
    folder. Returns the paths removed.
    """
    now = time.time() if now is None else now
    removed = []
    for dirpath, _dirnames, filenames in os.walk(out_dir):
        for name in filenames:
            if not (name.startswith(_TMP_PREFIX) and name.endswith(_TMP_SUFFIX)):
                continue
            path = os.path.join(dirpath, name)
            pid_text = name[len(_TMP_PREFIX):].split("-", 1)[0]
            try:
                old = now - os.lstat(path).st_mtime > _STALE_AFTER
                if old or not (pid_text.isdigit() and _pid_alive(int(pid_text))):
                    os.unlink(path)
                    removed.append(path)
            except OSError:
                continue  # gone already (another run swept it) or not ours to remove
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    try:
        # A killed writer whose parent died too can linger as a zombie nobody reaps
        # (containers whose pid 1 does not reap): it exists, but it writes nothing.
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


STATE_FILE = ".pipeline-state"  # not *.json: globs for documents never see it


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of what decides the output: this package's code, rules and schema, and the
    versions of the libraries that shape the text. The package version alone would keep
    stale outputs after a rule change between releases."""
    import importlib.metadata as metadata

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")) + sorted(package.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("ftfy", "trafilatura", "charset-normalizer", "python-dateutil", "lxml", "justext", "htmldate",
                 "py3langid"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=missing\0".encode())
    return digest.hexdigest()[:16]


def _run_state(settings: "Settings") -> dict:
    return {"fingerprint": code_fingerprint(), "format": settings.format, "max_bytes": settings.max_bytes}


def _state_matches(out_dir: str, state_json: str) -> bool:
    # Read for every input (a few dozen bytes): runs in one process must see each other's state.
    try:
        return (Path(out_dir) / STATE_FILE).read_text(encoding="utf-8") == state_json
    except OSError:
        return False


def record_run(out_dir: str | os.PathLike, settings: "Settings", failures: list["Outcome"]) -> None:
    """End of a run: its failures in failures.jsonl, and the code and settings its outputs
    were made with (`.pipeline-state`), which the next run's unchanged-skip checks."""
    write_failures(out_dir, failures)
    write_atomic(Path(out_dir) / STATE_FILE, json.dumps(_run_state(settings), sort_keys=True), fsync=settings.fsync)


def _unchanged(target: Path, sha256: str, settings: "Settings") -> dict | None:
    """The existing output when it records these source bytes and was made by this code
    with these settings (else the input is cleaned again)."""
    if not _state_matches(str(settings.out_dir), json.dumps(_run_state(settings), sort_keys=True)):
        return None
    try:
        with open(target, encoding="utf-8") as handle:
            old = json.load(handle)
        if (old.get("source", {}).get("sha256") == sha256
                and old.get("pipeline", {}).get("version") == __version__):
            return old
    except (OSError, ValueError, AttributeError):
        pass
    return None


@dataclass(frozen=True)
class Settings:
    """How a batch runs; every field has the default a one-off run wants.

    `max_bytes` bounds each input (on disk and after gunzip); `timeout` bounds the seconds
    spent on one document (None or 0: no limit, and cleaning runs in this process when
    `jobs` is 1); `follow_links` lets folder walks follow symbolic links out of the folder.
    """

    out_dir: str | None
    format: str = "auto"
    skip_unchanged: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    want_jsonl: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    follow_links: bool = False
    fsync: bool = True  # False: renames still atomic for readers and killed runs, not for power cuts

    def __post_init__(self) -> None:
        # A bad setting is the caller's mistake: said once here, not as a crash per document.
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {self.format!r}")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")


def _read_input(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them.

    Opened non-blocking and checked again after opening: a file swapped for a FIFO after
    discovery must not hang the run."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CleanError("not_regular", "not a regular file (FIFO, socket or device)")
        if info.st_size > max_bytes:
            raise CleanError("too_large", f"{info.st_size} bytes, over the limit of {max_bytes}")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(max_bytes + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:
        raise CleanError("too_large", f"grew past the limit of {max_bytes} bytes while being read")
    return data


def clean_file(item: InputFile, settings: Settings) -> Outcome:
    """Clean one input and write its output; never raises for a bad input.

    Bounded in size (`settings.max_bytes`); the time limit is enforced by `run_batch`."""
    shown = display_path(item.path)
    target = Path(settings.out_dir) / item.output if settings.out_dir else None
    try:
        data = _read_input(item.path, settings.max_bytes)
        if target is not None and settings.skip_unchanged:
            old = _unchanged(target, hashlib.sha256(data).hexdigest(), settings)
            if old is not None:
                # The JSON lines stream still gets every document, skipped or not.
                return Outcome(shown, "unchanged", output=display_path(target),
                               jsonl=json.dumps(old, ensure_ascii=False) if settings.want_jsonl else None)
        doc = clean(data, source=shown, format=settings.format, max_bytes=settings.max_bytes)
        del data
    except CleanError as exc:
        return Outcome(shown, "failed", reason=exc.reason, detail=exc.detail)
    except OSError as exc:
        return Outcome(shown, "failed", reason="unreadable", detail=exc.strerror or str(exc), errno=exc.errno)
    except RecursionError:
        # Deeply nested input that a parser walks recursively: refused, not a crash.
        return Outcome(shown, "failed", reason="too_large", detail="nested too deeply to parse")
    except MemoryError:
        return Outcome(shown, "failed", reason="too_large", detail="ran out of memory cleaning it")
    except Exception as exc:  # a bug of ours on this input: recorded, and the batch goes on
        return Outcome(shown, "failed", reason="crashed", detail=f"{type(exc).__name__}: {exc}")
    text = doc.to_json()
    if target is not None:
        try:
            write_atomic(target, text, fsync=settings.fsync)
        except OSError as exc:
            return Outcome(shown, "failed", reason="unwritable",
                           detail=f"could not write {display_path(target)}: {exc.strerror or exc}")
    removed = Counter(r.kind for r in doc.removed)
    return Outcome(shown, "cleaned", output=display_path(target) if target else None,
                   removed_by_kind=tuple(sorted(removed.items())),
                   jsonl=json.dumps(doc.to_dict(), ensure_ascii=False) if settings.want_jsonl else None)


def run_batch(items: list[InputFile], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes of cleaning `items`, in input order.

    Without a time limit and with one job, or inside a daemonic process (which may not
    have children), cleaning runs in this process. Otherwise it
    runs in `jobs` supervised worker processes (see the module docstring), which also
    survive a worker that crashes ('crashed') or is killed for overrunning ('timeout').
    """
    if not items:
        return
    # A daemonic process (a multiprocessing pool or Dask worker) may not start processes:
    # there the batch runs in-process, with the size limit but without the time limit.
    in_process = multiprocessing.current_process().daemon
    if in_process or (jobs <= 1 and not settings.timeout):
        for item in items:
            yield clean_file(item, settings)
        return
    yield from _Supervisor(items, settings, max(1, min(jobs, len(items)))).run()


def _worker_main(conn, settings: Settings) -> None:
    """A worker process: clean the (index, item) batches it is sent, one reply per item."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    try:
        while True:
            batch = conn.recv()
            if batch is None:
                return
            for index, item in batch:
                conn.send((index, clean_file(item, settings)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the parent is gone: nothing left to report to


_PREFETCH = 4  # items queued per worker so it never waits for the parent between documents


def _mp_context():
    # forkserver: workers start from a clean single-threaded server, so starting them is
    # safe from any thread of a busy parent (Prefect); spawn where forkserver is missing.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["pipeline.batch"])
    return ctx


class _Worker:
    def __init__(self, ctx, settings: Settings):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, settings), daemon=True)
        self.process.start()
        child.close()
        self.pending: deque[tuple[int, InputFile]] = deque()  # sent, not yet answered
        self.started = time.monotonic()  # when the item at pending[0] began

    def send(self, batch: list[tuple[int, InputFile]]) -> None:
        if not self.pending:
            self.started = time.monotonic()
        self.pending.extend(batch)
        self.conn.send(batch)

    def stop(self, kill: bool) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Supervisor:
    """Hands items to worker processes, enforces the per-document deadline, replaces dead
    or overrunning workers, and yields outcomes in input order with a bounded buffer."""

    def __init__(self, items: list[InputFile], settings: Settings, jobs: int):
        self.items = items
        self.settings = settings
        self.jobs = jobs
        self.todo: deque[int] = deque(range(len(items)))
        self.done: dict[int, Outcome] = {}
        # How far ahead of the next outcome to yield work may run: bounds the buffer of
        # finished outcomes (JSON lines can be large) while one slow document holds the line.
        self.window = 2048 if settings.want_jsonl else 1 << 30

    def run(self) -> Iterator[Outcome]:
        ctx = _mp_context()
        workers: list[_Worker] = []
        next_out = 0
        try:
            while next_out < len(self.items):
                for worker in [w for w in workers if not w.pending and not w.process.is_alive()]:
                    worker.stop(kill=True)  # died idle: nothing to blame, just replace it
                    workers.remove(worker)
                while len(workers) < self.jobs and self.todo:
                    workers.append(_Worker(ctx, self.settings))
                for worker in workers:
                    self._feed(worker, next_out)
                busy = [w for w in workers if w.pending]
                if busy:
                    self._collect(busy, workers)
                while next_out in self.done:
                    yield self.done.pop(next_out)
                    next_out += 1
        finally:
            clean_exit = next_out >= len(self.items)
            for worker in workers:
                worker.stop(kill=not clean_exit)

    def _feed(self, worker: _Worker, next_out: int) -> None:
        want = _PREFETCH - len(worker.pending)
        batch = []
        while want > 0 and self.todo and self.todo[0] < next_out + self.window:
            index = self.todo.popleft()
            batch.append((index, self.items[index]))
            want -= 1
        if batch:
            worker.send(batch)

    def _collect(self, busy: list[_Worker], workers: list[_Worker]) -> None:
        timeout = self.settings.timeout or None
        now = time.monotonic()
        wait_s = None
        if timeout:
            wait_s = max(0.0, min(w.started + timeout for w in busy) - now)
        ready = wait_for([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_s)
        for worker in busy:
            if worker.conn in ready:
                try:
                    while worker.conn.poll():
                        index, outcome = worker.conn.recv()
                        self.done[index] = outcome
                        worker.pending.popleft()
                        worker.started = time.monotonic()
                    continue
                except (EOFError, OSError):
                    pass  # died mid-reply: handled as a crash below
            if worker.conn in ready or worker.process.sentinel in ready:
                if worker.process.is_alive() and worker.process.exitcode is None and worker.conn.poll() is False:
                    continue  # only the sentinel raced; nothing to do yet
                self._replace(worker, workers, "crashed",
                              f"the worker process died (exit code {worker.process.exitcode})")
            elif timeout and time.monotonic() - worker.started >= timeout:
                self._replace(worker, workers, "timeout",
                              f"still cleaning after {timeout:g} s, the per-document time limit")

    def _replace(self, worker: _Worker, workers: list[_Worker], reason: str, detail: str) -> None:
        worker.stop(kill=True)
        workers.remove(worker)
        if worker.pending:
            index, item = worker.pending.popleft()
            self.done[index] = Outcome(display_path(item.path), "failed", reason=reason, detail=detail)
            # The rest were never started: back to the front of the queue, in order.
            for index, _ in reversed(worker.pending):
                self.todo.appendleft(index)


def clean_paths(paths: Iterable[str | os.PathLike], settings: Settings, jobs: int | None = None,
                on_outcome: Callable[[Outcome, Report], None] | None = None) -> Report:
    """Clean every input under `paths` into `settings.out_dir`; return the report.

    Failures are recorded in `<out_dir>/failures.jsonl` (rewritten by every run) as well as
    in the report; `on_outcome` is called after each input (progress, JSON lines). Stale
    temporary files of a killed earlier run are swept from `out_dir` first.
    """
    if settings.out_dir and os.path.isdir(settings.out_dir):
        sweep_stale_temporaries(settings.out_dir)
    items, refused = discover(paths, follow_links=settings.follow_links)
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
        record_run(settings.out_dir, settings, report.failures)
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
