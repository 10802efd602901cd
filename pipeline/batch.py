"""Batches: sources -> clean -> sinks, with bounded work, in parallel.

The stages: a source (`pipeline.sources`) yields records and refusals; `run_batch` cleans
records in supervised worker processes and returns, in input order, each record's outcome
and document (it never writes); `clean_records` hands documents to a sink
(`pipeline.sinks`) and keeps the manifest (`pipeline.manifest`) that lets a later run skip
unchanged records. `clean_paths()` (what `pipeline clean` runs) and the Prefect flow in
`flows/` compose these same stages.

Bounded work: every record is refused past `Settings.max_bytes`; with `Settings.timeout`
set (the default) documents are cleaned in supervised worker processes, and a worker
still busy with one document past the deadline is killed, the document recorded as
failed ('timeout'), a fresh worker started and the batch continued. This needs no
signals, so it works the same for one job or many and from any thread (Prefect tasks).

A worker warms up (imports, the rule tables, the language model: one small document)
before it says it is ready, and a document's deadline counts from then: on a loaded machine
a cold start took longer than short time limits, and the first document paid for it. A
worker that is not ready within `_STARTUP_LIMIT` seconds is taken for dead.

Worker processes start cold (imports, the rule caches). A caller that runs many batches
(the Prefect flow, one `run_batch` per task) passes a `WorkerPool`: the workers a batch
leaves idle and healthy go back to it and serve the next batch, warm. Only a batch that
ends normally gives its workers back; a worker that overran or died is killed and replaced
as before, and a batch that is interrupted or abandoned kills its workers.
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for
from typing import Callable, Iterable, Iterator

from . import __version__
from .core import FORMATS, clean, content_format, suffix_format
from .errors import CleanError
from .manifest import Entry, Manifest, code_fingerprint, settings_fingerprint
from .reading import DEFAULT_MAX_BYTES
from .sinks import Sink
from .sinks.atomic import sweep_stale_temporaries, write_atomic
from .sinks.json_folder import FAILURES_FILE, STATE_FILE, JsonFolder, iter_documents, write_failures
from .sources import OutputNames, Record, Refusal, display_path, open_sources

__all__ = ["DEFAULT_TIMEOUT", "FAILURES_FILE", "MAX_TIMEOUT", "STATE_FILE", "Outcome", "Report", "Settings", "Work",
           "WorkerPool",
           "clean_paths", "clean_record", "clean_records", "code_fingerprint", "finish_run",
           "iter_documents", "run_batch", "sweep_stale_temporaries", "write_atomic", "write_failures"]

DEFAULT_TIMEOUT = 120.0  # seconds per document; a 50 MB text file takes about 20 s
# The longest time limit taken (about 11.6 days): beyond it the operating system's waits
# overflow (their milliseconds are a C int), and inf or nan would mean no limit by accident.
MAX_TIMEOUT = 1_000_000.0


@dataclass(frozen=True)
class Outcome:
    """What happened to one record: 'cleaned', 'unchanged' or 'failed' (with a reason from
    `CleanError.REASONS`)."""

    path: str
    status: str
    output: str | None = None
    reason: str | None = None
    detail: str | None = None
    removed_by_kind: tuple[tuple[str, int], ...] = ()
    note: str | None = None  # worth a line with --verbose (the format decided by content over suffix)
    errno: int | None = None  # the OS error number of an `unreadable` failure (retry decisions)
    sha256: str | None = None  # of the record's bytes, when they were read

    def __post_init__(self) -> None:
        if self.reason is not None and self.reason not in CleanError.REASONS:
            raise ValueError(f"unknown failure reason {self.reason!r}")

    def to_dict(self) -> dict:
        return {"path": self.path, "status": self.status, "output": self.output,
                "reason": self.reason, "detail": self.detail, "pipeline_version": __version__}


@dataclass
class Report:
    """Counts over a batch, the failures in input order, and the manifest entries made."""

    found: int = 0
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    removed_by_kind: Counter = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    # Manifest entries of lasting failures (no output), so an unchanged input is not cleaned again.
    failed_entries: dict[str, Entry] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # files in input folders not of an input type
    expected: int | None = None  # all the inputs of the run, when its sources know it up front

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.removed_by_kind.update(dict(outcome.removed_by_kind))
        if outcome.status == "failed":
            self.failures.append(outcome)

    def merge(self, part: "Report") -> None:
        """Add a later part of the same run (a flow's batch) to this report."""
        self.found += part.found
        self.cleaned += part.cleaned
        self.unchanged += part.unchanged
        self.failed += part.failed
        self.removed_by_kind.update(part.removed_by_kind)
        self.failures.extend(part.failures)
        self.entries.update(part.entries)
        self.failed_entries.update(part.failed_entries)
        self.skipped.extend(part.skipped)

    def to_dict(self) -> dict:
        return {"found": self.found, "cleaned": self.cleaned, "unchanged": self.unchanged,
                "failed": self.failed, "removed_by_kind": dict(sorted(self.removed_by_kind.items())),
                "failures": [f.to_dict() for f in self.failures], "pipeline_version": __version__}


@dataclass(frozen=True)
class Settings:
    """How a batch runs; every field has the default a one-off run wants.

    `out_dir` is the JSON folder `clean_paths` writes to when it is given no sink;
    `max_bytes` bounds each input (on disk and after gunzip); `timeout` bounds the seconds
    spent on one document (None or 0: no limit, and cleaning runs in this process when
    `jobs` is 1); `follow_links` lets folder walks follow symbolic links out of the folder.
    """

    out_dir: str | None = None
    format: str = "auto"
    skip_unchanged: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = DEFAULT_TIMEOUT
    follow_links: bool = False
    fsync: bool = True  # False: renames still atomic for readers and killed runs, not for power cuts

    def __post_init__(self) -> None:
        # A bad setting is the caller's mistake: said once here, not as a crash per document.
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {self.format!r}")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int):
            raise TypeError(f"max_bytes must be an int, not {type(self.max_bytes).__name__}")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        if self.timeout is not None:
            if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)):
                raise TypeError(f"timeout must be a number of seconds or None, not {type(self.timeout).__name__}")
            if not 0 <= self.timeout <= MAX_TIMEOUT:  # nan fails both comparisons
                raise ValueError(f"timeout must be from 0 (no limit) to {MAX_TIMEOUT:g} seconds, not {self.timeout!r}")

    @property
    def fingerprint(self) -> str:
        """Of the code and the settings that change an output (the manifest's test)."""
        return settings_fingerprint(self.format, self.max_bytes)


@dataclass(frozen=True)
class Work:
    """A record to clean; `unchanged_if` is the sha256 whose output is still good (the
    worker skips cleaning when the record's bytes have it)."""

    record: Record
    unchanged_if: str | None = None
    # (sha256, reason, detail) of a lasting failure of the same bytes in an earlier run: the
    # same bytes fail the same way, so they are reported as failed earlier, not cleaned again.
    failed_if: tuple[str, str, str] | None = None


# --- one record, in a worker -----------------------------------------------------------------

def clean_record(work: Work, settings: Settings) -> tuple[Outcome, dict | None]:
    """Read and clean one record: its outcome and, when cleaned, its document as the
    contract's dict. Never raises for a bad input; writes nothing."""
    record = work.record
    shown = record.shown
    sha256 = None
    try:
        data = record.read(settings.max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        if work.unchanged_if is not None and sha256 == work.unchanged_if:
            return Outcome(shown, "unchanged", sha256=sha256), None
        if work.failed_if is not None and sha256 == work.failed_if[0]:
            return Outcome(shown, "failed", reason=work.failed_if[1], sha256=sha256,
                           detail=f"failed earlier, unchanged: {work.failed_if[2]}"), None
        format, note = settings.format, None
        if format == "auto":
            format, note = _decided_format(data, record)
        extra = {"url": record.hints.url} if record.hints.url else {}
        # The container's declared charset (a WARC record's HTTP Content-Type) is the first
        # guess for bytes that are not UTF-8, as a browser reads the header before <meta>.
        doc = clean(data, source=shown, format=format, max_bytes=settings.max_bytes,
                    charset=record.hints.charset, **extra)
        del data
    except CleanError as exc:
        return Outcome(shown, "failed", reason=exc.reason, detail=exc.detail, sha256=sha256), None
    except OSError as exc:
        return Outcome(shown, "failed", reason="unreadable", detail=exc.strerror or str(exc), errno=exc.errno), None
    except RecursionError:
        # Deeply nested input that a parser walks recursively: refused, not a crash.
        return Outcome(shown, "failed", reason="too_large", detail="nested too deeply to parse"), None
    except MemoryError:
        return Outcome(shown, "failed", reason="too_large", detail="ran out of memory cleaning it"), None
    except Exception as exc:  # a bug of ours on this input: recorded, and the batch goes on
        return Outcome(shown, "failed", reason="crashed", detail=f"{type(exc).__name__}: {exc}"), None
    removed = Counter(r.kind for r in doc.removed)
    return (Outcome(shown, "cleaned", removed_by_kind=tuple(sorted(removed.items())), sha256=sha256, note=note),
            doc.to_rendered_dict())


def _decided_format(data: bytes, record: Record) -> tuple[str, str | None]:
    """The format to clean `record` as, and a note when its content overrode what its
    container or suffix said: a whole HTML document is HTML even in a .txt file or a
    record's text field (cleaned as text its title would be `<!DOCTYPE html>`)."""
    said = record.hints.format if record.hints.format in ("text", "html") else suffix_format(record.shown)
    if said == "text" and content_format(data) == "html":
        where = "a .txt file" if record.hints.format is None else "an input declared as text"
        return "html", f"an HTML document in {where}: cleaned as HTML"
    return said or "auto", None


# --- the runner: records in, outcomes and documents out, in input order ---------------------

Result = tuple[Work | None, Outcome, dict | None]


def run_batch(items: Iterable[Work | Outcome], settings: Settings, jobs: int = 1,
              pool: "WorkerPool | None" = None) -> Iterator[Result]:
    """(work, outcome, document) for each item, in input order; an item that is already an
    `Outcome` (a refusal) passes through as (None, outcome, None). Items are pulled lazily,
    so a source is never held in memory whole.

    Without a time limit and with one job, or inside a daemonic process (which may not
    have children), cleaning runs in this process. Otherwise it runs in `jobs` supervised
    worker processes (see the module docstring), which also survive a worker that crashes
    ('crashed') or is killed for overrunning ('timeout'); taken from `pool` when given (and
    given back to it when the batch ends normally), else started for this call alone.
    """
    # A daemonic process (a multiprocessing pool or Dask worker) may not start processes:
    # there the batch runs in-process, with the size limit but without the time limit.
    in_process = multiprocessing.current_process().daemon
    if in_process or (jobs <= 1 and not settings.timeout):
        for item in items:
            if isinstance(item, Outcome):
                yield None, item, None
            else:
                yield (item, *clean_record(item, settings))
        return
    yield from _Supervisor(items, settings, max(1, jobs), pool).run()


def _worker_main(conn) -> None:
    """A worker process: clean the (settings, [(index, work), ...]) batches it is sent, one
    reply per item. The settings come with each batch, so a pooled worker serves any run."""
    import queue
    import signal
    import threading

    # The parent decides when to stop: Ctrl-C and a stop signal sent to the whole process group
    # (`kill -TERM -PGID`, systemd, docker stop) reach the parent, which unwinds and kills its
    # workers itself (SIGKILL). A worker dying of the signal first made the parent see a dead
    # worker, not the signal, and exit 1 instead of 143 now and then.
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    # Messages are read by a thread of their own, always: a record (a WARC page) and a
    # document can each be larger than the pipe's buffer, and a parent blocked sending the
    # next record while this process is blocked sending its last document would wait forever.
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        try:
            while True:
                message = conn.recv()
                inbox.put(message)
                if message is None:
                    return
        except (EOFError, OSError):
            inbox.put(None)  # the parent is gone

    threading.Thread(target=receive, name="receive", daemon=True).start()
    try:
        _warm_up()
        conn.send(_READY)
        while True:
            message = inbox.get()
            if message is None:
                return
            settings, batch = message
            for index, work in batch:
                conn.send((index, *clean_record(work, settings)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the parent is gone: nothing left to report to


# A worker's first message: it has started and warmed up, so its documents' time limits
# count from here (a cold start on a loaded machine is no document's fault).
_READY = "ready"
# A worker that has not said it is ready after this many seconds is taken for dead.
_STARTUP_LIMIT = 120.0
_WARM_UP_TEXT = ("A headline for warming up\n\nBy Jane Doe\n\nMarch 3, 2024\n\n"
                 "The first paragraph of a short article, long enough to be prose, is here. "
                 "It has two sentences.\n\nShare this:\n")


def _warm_up() -> None:
    """Load what the first document would load (the labeller's rule tables and prefilter,
    the date patterns, the language model) before the worker takes any document."""
    try:
        clean(_WARM_UP_TEXT, source="warm-up.txt", format="text").to_json()
    except CleanError:
        pass


_PREFETCH = 4  # items queued per worker so it never waits for the parent between documents
# How far ahead of the next result to yield work may run: bounds the finished documents held
# while one slow document holds the line (and the records' bytes held for the workers).
_WINDOW = 1024


def _mp_context():
    # forkserver: workers start from a clean single-threaded server, so starting them is
    # safe from any thread of a busy parent (Prefect); spawn where forkserver is missing.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["pipeline.batch"])
        _start_forkserver_off_the_working_directory()
    return ctx


def _start_forkserver_off_the_working_directory() -> None:
    """Start the fork server without the working directory on its import path.

    The server is a `python -c` process, so Python puts the working directory first on its
    path, and it imports the preloaded `pipeline.batch` before it learns the parent's path: run
    from a folder holding another `pipeline` package (a data team's own repository), every
    worker ran that package instead of this one. `PYTHONSAFEPATH` (Python 3.11+) keeps the
    directory off, for the server alone; the workers still receive the parent's path.
    """
    from multiprocessing import forkserver

    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.pending: deque[tuple[int, Work]] = deque()  # sent, not yet answered
        self.ready = False  # warmed up (its _READY message received)
        self.started = time.monotonic()  # when the item at pending[0] began (or the process, until ready)

    def send(self, settings: Settings, batch: list[tuple[int, Work]]) -> None:
        if not self.pending and self.ready:
            self.started = time.monotonic()
        self.pending.extend(batch)
        self.conn.send((settings, batch))

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


class WorkerPool:
    """Idle worker processes kept between `run_batch` calls, so that each batch does not
    start cold ones (imports, caches). Safe to share between threads (the flow runs two
    batches at once); `close()` (or leaving a `with` block) stops the idle workers.

    A batch takes idle workers first and starts the rest; when it ends normally it gives
    back those still alive with nothing pending; everything else it kills, as without a pool.
    """

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._ctx = None
        self._closed = False
        self.started = 0  # worker processes started through the pool (tests, benchmarks)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def take(self) -> _Worker:
        """An idle worker that is still alive, or a fresh one."""
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.stop(kill=True)
            if self._ctx is None:
                self._ctx = _mp_context()
            self.started += 1
            ctx = self._ctx
        return _Worker(ctx)

    def give(self, worker: _Worker) -> None:
        """Take back a worker a batch is done with (only one with nothing pending)."""
        keep = not worker.pending and worker.process.is_alive()
        with self._lock:
            if keep and not self._closed:
                self._idle.append(worker)
                return
        worker.stop(kill=not keep)

    @property
    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        """Stop the idle workers; workers given back later are stopped at once."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop(kill=False)


class _Supervisor:
    """Pulls items as workers need them, enforces the per-document deadline, replaces dead
    or overrunning workers, and yields results in input order with a bounded buffer."""

    def __init__(self, items: Iterable[Work | Outcome], settings: Settings, jobs: int,
                 pool: WorkerPool | None = None):
        self.items = iter(items)
        self.settings = settings
        self.jobs = jobs
        self.pool = pool
        self.pulled = 0  # items taken from the iterator so far
        self.exhausted = False
        self.todo: deque[tuple[int, Work]] = deque()  # pulled, not yet sent to a worker
        self.done: dict[int, Result] = {}

    def _pull(self, next_out: int) -> None:
        while (not self.exhausted and len(self.todo) < self.jobs * _PREFETCH
               and self.pulled < next_out + _WINDOW):
            try:
                item = next(self.items)
            except StopIteration:
                self.exhausted = True
                return
            index = self.pulled
            self.pulled += 1
            if isinstance(item, Outcome):
                self.done[index] = (None, item, None)
            else:
                self.todo.append((index, item))

    def run(self) -> Iterator[Result]:
        pool = self.pool or WorkerPool()  # a private pool: its workers end with this batch
        workers: list[_Worker] = []
        next_out = 0
        try:
            while True:
                self._pull(next_out)
                while next_out in self.done:
                    yield self.done.pop(next_out)
                    next_out += 1
                if self.exhausted and next_out >= self.pulled:
                    break
                for worker in [w for w in workers if not w.pending and not w.process.is_alive()]:
                    worker.stop(kill=True)  # died idle: nothing to blame, just replace it
                    workers.remove(worker)
                while len(workers) < self.jobs and self.todo:
                    workers.append(pool.take())
                for worker in workers:
                    self._feed(worker)
                busy = [w for w in workers if w.pending]
                if busy:
                    self._collect(busy, workers)
        finally:
            clean_exit = self.exhausted and next_out >= self.pulled
            for worker in workers:
                if clean_exit and self.pool is not None:
                    self.pool.give(worker)  # idle and alive: kept warm for the next batch
                else:
                    worker.stop(kill=not clean_exit)
            if self.pool is None:
                pool.close()

    def _feed(self, worker: _Worker) -> None:
        want = _PREFETCH - len(worker.pending)
        batch = []
        while want > 0 and self.todo:
            batch.append(self.todo.popleft())
            want -= 1
        if batch:
            worker.send(self.settings, batch)

    def _collect(self, busy: list[_Worker], workers: list[_Worker]) -> None:
        timeout = self.settings.timeout or None
        now = time.monotonic()
        wait_s = None
        deadlines = [w.started + (timeout if w.ready else _STARTUP_LIMIT) for w in busy if timeout or not w.ready]
        if deadlines:
            wait_s = max(0.0, min(deadlines) - now)
        ready = wait_for([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_s)
        for worker in busy:
            if worker.conn in ready:
                try:
                    while worker.conn.poll():
                        message = worker.conn.recv()
                        if message == _READY:
                            worker.ready = True
                        else:
                            index, outcome, document = message
                            _, work = worker.pending.popleft()
                            self.done[index] = (work, outcome, document)
                        worker.started = time.monotonic()
                    continue
                except (EOFError, OSError):
                    pass  # died mid-reply: handled as a crash below
            if worker.conn in ready or worker.process.sentinel in ready:
                if worker.process.is_alive() and worker.process.exitcode is None and worker.conn.poll() is False:
                    continue  # only the sentinel raced; nothing to do yet
                self._replace(worker, workers, "crashed",
                              f"the worker process died (exit code {worker.process.exitcode})")
            elif not worker.ready and time.monotonic() - worker.started >= _STARTUP_LIMIT:
                self._replace(worker, workers, "crashed",
                              f"the worker process did not start within {_STARTUP_LIMIT:g} s")
            elif worker.ready and timeout and time.monotonic() - worker.started >= timeout:
                self._replace(worker, workers, "timeout",
                              f"still cleaning after {timeout:g} s, the per-document time limit")

    def _replace(self, worker: _Worker, workers: list[_Worker], reason: str, detail: str) -> None:
        worker.stop(kill=True)
        workers.remove(worker)
        if worker.pending:
            index, work = worker.pending.popleft()
            self.done[index] = (work, Outcome(work.record.shown, "failed", reason=reason, detail=detail), None)
            # The rest were never started: back to the front of the queue, in order.
            for pair in reversed(worker.pending):
                self.todo.appendleft(pair)


# --- composing the stages ---------------------------------------------------------------------

def refusal_outcome(refusal: Refusal) -> Outcome:
    return Outcome(display_path(refusal.record_id), "failed", reason=refusal.reason, detail=refusal.detail)


Retry = Callable[[Record, Outcome], "tuple[Outcome, dict | None] | None"]


def clean_records(stream: Iterable[Record | Refusal], settings: Settings, sink: Sink,
                  manifest: Manifest | None = None, jobs: int = 1,
                  on_outcome: Callable[[Outcome, Report], None] | None = None,
                  retry: Retry | None = None, pool: WorkerPool | None = None) -> Report:
    """Clean the records of `stream` into `sink`; return the report (with the manifest
    entries made, which `finish_run` saves).

    Refusals are reported in their place in the stream; a record whose output key an
    earlier record already has is refused ('name_clash'); with `settings.skip_unchanged`,
    a record whose manifest entry is this run's fingerprint, whose earlier output the sink
    verifies, and whose bytes have that entry's sha256 is kept, not cleaned ('unchanged').
    `retry(record, outcome)` may give a failed record another try (the flow's retries of
    transient I/O errors). `on_outcome` is called after each record (progress, messages).
    `pool` lends warm worker processes across calls (see `WorkerPool`).
    """
    report = Report()
    fingerprint = manifest.fingerprint if manifest else settings.fingerprint
    names = OutputNames()  # decided in input order, before cleaning: the same whatever the jobs
    trusted: dict[str, Entry] = {}

    def plan() -> Iterator[Work | Outcome]:
        for item in stream:
            report.found += 1
            if isinstance(item, Refusal):
                yield refusal_outcome(item)
                continue
            refusal = names.claim(item)
            if refusal is not None:
                yield refusal_outcome(refusal)
                continue
            expected, failed_before = None, None
            if settings.skip_unchanged and manifest is not None:
                entry = manifest.trusted(item.record_id, item.output_key)
                if entry is not None and sink.verify(item, entry):
                    trusted[item.record_id] = entry
                    expected = entry.sha256
                failed = manifest.failed_before(item.record_id, item.output_key)
                if failed is not None:
                    failed_before = (failed.sha256, *failed.failed)
            yield Work(item, expected, failed_before)

    for work, outcome, document in run_batch(plan(), settings, jobs, pool):
        record = work.record if work is not None else None
        if outcome.status == "failed" and retry is not None and record is not None:
            again = retry(record, outcome)
            if again is not None:
                outcome, document = again
        if record is not None and outcome.status in ("cleaned", "unchanged"):
            try:
                if outcome.status == "cleaned":
                    at, digest = sink.write(record, document)
                else:
                    at, digest = sink.keep(record, trusted.pop(record.record_id))
            except OSError as exc:
                outcome = Outcome(outcome.path, "failed", reason="unwritable",
                                  detail=f"could not write {sink.describe(record) or 'the output'}: "
                                         f"{exc.strerror or exc}")
            else:
                report.entries[record.record_id] = Entry(outcome.sha256, record.output_key, fingerprint, at, digest)
                outcome = dataclasses.replace(outcome, output=sink.describe(record))
        elif record is not None:
            trusted.pop(record.record_id, None)
            if outcome.reason in CleanError.LASTING and outcome.sha256:
                detail = outcome.detail or ""
                detail = detail.split("failed earlier, unchanged: ", 1)[-1]
                report.failed_entries[record.record_id] = Entry(outcome.sha256, record.output_key, fingerprint,
                                                                failed=(outcome.reason, detail))
        report.add(outcome)
        if on_outcome:
            on_outcome(outcome, report)
    return report


def finish_run(sink: Sink, manifest: Manifest | None, report: Report, fsync: bool = True) -> None:
    """End of a run: the sink's output made final (its failure record written), then the
    manifest of what it holds (never before: a manifest must not vouch for an output that
    is not there)."""
    sink.close(report.failures)
    if manifest is not None:
        manifest.update(report.failed_entries)
        manifest.update(report.entries)
        manifest.save(fsync=fsync)


def clean_paths(paths: Iterable[str | os.PathLike], settings: Settings, jobs: int | None = None,
                on_outcome: Callable[[Outcome, Report], None] | None = None,
                sink: Sink | None = None, jsonl_fields=None) -> Report:
    """Clean every input under `paths` (folders, page and text files, WARC files, JSON Lines
    of scraped records) into `sink` (default: the JSON folder `settings.out_dir`); return
    the report.

    A folder's failures are recorded in `<out_dir>/failures.jsonl` (rewritten by every run)
    as well as in the report; `on_outcome` is called after each input (progress, messages).
    The input `-` is one document read from standard input (output key `stdin`); files
    under folders that are not of an input type are listed in `report.skipped`.
    Stale temporary files of a killed earlier run are swept first. When the run is
    interrupted, a single-file sink's output is dropped (the earlier file stays).
    """
    if sink is None:
        if not settings.out_dir:
            raise ValueError("clean_paths needs a sink or settings.out_dir")
        sink = JsonFolder(settings.out_dir, fsync=settings.fsync)
    manifest = Manifest(sink.manifest_path, settings.fingerprint) if sink.manifest_path else None
    sources = _open_inputs(paths, settings, jsonl_fields)
    stream = itertools.chain.from_iterable(source.records() for source in sources)
    sink.open()
    try:
        def counted(outcome: Outcome, report: Report) -> None:
            totals = [getattr(source, "total", None) for source in sources]
            report.expected = None if None in totals else sum(totals)
            if on_outcome:
                on_outcome(outcome, report)

        report = clean_records(stream, settings, sink, manifest, jobs or os.cpu_count() or 1, counted)
        for source in sources:
            report.skipped.extend(getattr(source, "skipped", ()))
        finish_run(sink, manifest, report, fsync=settings.fsync)
    except BaseException:
        sink.abort()
        raise
    return report


def _open_inputs(paths: Iterable[str | os.PathLike], settings: Settings, jsonl_fields) -> list:
    """The sources of `paths`, in order; `-` is standard input (see `StandardInput`)."""
    from .sources.files import STDIN, StandardInput

    sources: list = []
    run: list[str | os.PathLike] = []
    for path in paths:
        if os.fspath(path) != STDIN:
            run.append(path)
            continue
        if run:
            sources += open_sources(run, follow_links=settings.follow_links, jsonl_fields=jsonl_fields,
                                    max_bytes=settings.max_bytes)
            run = []
        sources.append(StandardInput(settings.max_bytes))
    if run:
        sources += open_sources(run, follow_links=settings.follow_links, jsonl_fields=jsonl_fields,
                                max_bytes=settings.max_bytes)
    return sources
