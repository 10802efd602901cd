"""The Prefect flow that cleans a raw folder into a clean folder, batch by batch.

Owns only what Prefect adds: batching into task runs, the task runner (a bounded thread
runner whose tasks drive the library's worker processes, or an existing Dask cluster),
retries of transient I/O errors, run logs, progress and the run report artifacts.
The stages are the library's (`pipeline.batch`): the file tree source finds the records,
each task runs `clean_records` on its batch into the JSON folder sink (the manifest says
what is unchanged), and `finish_run` writes `failures.jsonl` and the manifest; then, once,
`pipeline.duplicates.group_folder` groups near-copies over the whole run. This module only
batches them.

Task runs cost ~35-40 ms of CPU each (mostly the server recording them), so a task cleans a
batch of a few hundred records; tasks take records (ids, output keys, where to read them)
and return counts, failure records and manifest entries, never document text.
"""
from __future__ import annotations

import contextlib
import dataclasses
import errno
import math
import multiprocessing
import os

from prefect import flow, get_run_logger, task
from prefect.artifacts import (create_markdown_artifact, create_progress_artifact,
                               create_table_artifact, update_progress_artifact)
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline import __version__
from pipeline.batch import Outcome, Report, Settings, Work, WorkerPool, clean_records, finish_run, run_batch
from pipeline.duplicates import group_folder
from pipeline.manifest import Manifest
from pipeline.reading import DEFAULT_MAX_BYTES
from pipeline.sinks.json_folder import JsonFolder
from pipeline.sources import Record, Refusal
from pipeline.sources.files import discover

# Paths per task run. Each batch costs a task run (~40 ms of server CPU); its worker processes
# are the run's pool's, kept warm from batch to batch (`pipeline.batch.WorkerPool`), so smaller
# batches no longer mean cold starts. Progress is still reported per batch.
DEFAULT_BATCH_SIZE = 1000
# errno values worth another try a moment later: the device or the network file system
# hiccupped. A missing file or a refused permission will not fix itself, so those fail at once.
TRANSIENT_ERRNOS = (errno.EIO, errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.ETIMEDOUT,
                    errno.ESTALE, errno.ENOLCK, errno.ECONNRESET)
# The library records an OSError as reason "unreadable" with its errno in `Outcome.errno`.
RETRY_DELAYS_SECONDS = [1, 4, 10]
# Batches in flight at once: two, so that one batch's start and finish (task-run records,
# worker start-up, the slowest last document) overlap the other's cleaning.
CONCURRENT_BATCHES = 2


class TransientIOError(OSError):
    """A file that failed with an I/O error that may go away if tried again."""


def is_transient(outcome: Outcome) -> bool:
    """Whether a failed outcome came from an I/O error worth retrying.

    >>> is_transient(Outcome("a.txt", "failed", reason="unreadable", detail="Input/output error", errno=errno.EIO))
    True
    >>> is_transient(Outcome("a.txt", "failed", reason="unreadable", detail="Permission denied", errno=errno.EACCES))
    False
    >>> is_transient(Outcome("a.txt", "failed", reason="binary", detail="Input/output error"))
    False
    """
    return outcome.status == "failed" and outcome.reason == "unreadable" and outcome.errno in TRANSIENT_ERRNOS


def _retry_on_transient(task, task_run, state) -> bool:
    """Prefect's retry condition: retry a transient I/O error, nothing else."""
    try:
        state.result()
    except TransientIOError:
        return True
    except Exception:
        return False
    return False


def _clean_one(record: Record, settings: Settings) -> tuple[Outcome, dict | None]:
    # With the library's time limit, as batches have.
    _work, outcome, document = next(run_batch([Work(record)], settings, 1))
    return outcome, document


@task(name="clean-again", retries=len(RETRY_DELAYS_SECONDS), retry_delay_seconds=RETRY_DELAYS_SECONDS,
      retry_condition_fn=_retry_on_transient, cache_policy=NO_CACHE, persist_result=False,
      task_run_name="clean-again-{record.output_key}")
def clean_again(record: Record, settings: Settings) -> tuple[Outcome, dict | None]:
    """One record that failed with a transient I/O error, cleaned again; raises to be retried.
    Returns its outcome and document, which the batch's sink writes."""
    outcome, document = _clean_one(record, settings)
    if is_transient(outcome):
        raise TransientIOError(f"{record.shown}: {outcome.detail}")
    return outcome, document


def _in_daemon_process() -> bool:
    """A daemonic process (a Dask worker by default) may not start worker processes."""
    return multiprocessing.current_process().daemon


def _sink(settings: Settings) -> JsonFolder:
    return JsonFolder(settings.out_dir, fsync=settings.fsync)


@task(name="clean-batch", cache_policy=NO_CACHE, persist_result=False,
      task_run_name="clean-batch-{number}")
def clean_batch(number: int, records: list[Record], settings: Settings, jobs: int = 1,
                manifest: Manifest | None = None, pool: WorkerPool | None = None) -> Report:
    """Clean one batch of records with the library's `clean_records` on `jobs` worker
    processes into the JSON folder; return its counts, failures and manifest entries (no
    document text). `manifest` holds the earlier entries of these records.

    Records that fail with a transient I/O error are cleaned again by `clean_again`, with
    Prefect's retries; a record still failing after them is recorded as failed. `pool` (the
    run's, in this process) lends the worker processes an earlier batch left warm.
    """
    logger = get_run_logger()
    if _in_daemon_process():
        logger.warning("batch %d: in a daemonic worker process (a Dask worker), where the library "
                       "cleans in-process, without its per-document time limit", number)

    def retry(record: Record, outcome: Outcome):
        if not is_transient(outcome):
            return None
        logger.warning("%s: %s; trying again", record.shown, outcome.detail)
        try:
            return clean_again(record, settings)
        except TransientIOError:
            logger.error("%s: still failing after %d retries", record.shown, len(RETRY_DELAYS_SECONDS))
            return None

    def log_failure(outcome: Outcome, _report: Report) -> None:
        if outcome.status == "failed":
            logger.warning("%s: %s: %s", outcome.path, outcome.reason, outcome.detail)

    report = clean_records(records, settings, _sink(settings), manifest, jobs,
                           on_outcome=log_failure, retry=retry, pool=pool)
    logger.info("batch %d: %d cleaned, %d unchanged, %d failed",
                number, report.cleaned, report.unchanged, report.failed)
    return report


def _batch_failed(records: list[Record], exc: BaseException, settings: Settings) -> Report:
    """A batch whose task run failed as a whole (a lost worker, a crash): every record failed."""
    detail = f"{type(exc).__name__}: {exc}"
    return clean_records([Refusal(r.record_id, "batch_error", detail) for r in records], settings, _sink(settings))


@task(name="group-duplicates", cache_policy=NO_CACHE, persist_result=False)
def group_duplicates_task(clean_dir: str, members: list[tuple[str, str]], fsync: bool = True) -> dict:
    """Group near-copies among the run's documents and the earlier runs' ones, once, after
    every batch was written (`pipeline.duplicates.group_folder`: it reads the outputs in input
    order, so the groups do not depend on how the batches were split or in which order they
    ended). `members` are (record id, output key) pairs in input order."""
    report = group_folder(clean_dir, members, fsync=fsync)
    get_run_logger().info("duplicates: %d of %d documents in %d groups of near-copies; %d outputs rewritten",
                          report.grouped, report.documents, report.groups, report.rewritten)
    return report.to_dict()


def plan(workers: int, batches: int, dask_address: str | None = None) -> tuple[int, int]:
    """(batches in flight at once, worker processes per batch) for `workers` processes in all.

    >>> plan(2, 40), plan(8, 40), plan(8, 1), plan(1, 40), plan(8, 40, "tcp://h:8786")
    ((2, 1), (2, 4), (1, 8), (1, 1), (8, 1))
    """
    if dask_address:  # the cluster's workers are the parallelism: one batch per worker thread
        return max(1, min(workers, batches)), 1
    in_flight = max(1, min(CONCURRENT_BATCHES, workers, batches))
    return in_flight, max(1, math.ceil(workers / in_flight))


def make_task_runner(in_flight: int, dask_address: str | None = None) -> TaskRunner:
    """The Dask cluster at `dask_address`, or a thread runner with `in_flight` threads.

    Batch tasks only wait on worker processes, so threads are enough locally."""
    if dask_address:
        from prefect_dask import DaskTaskRunner  # only needed for scale-out

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=in_flight)


def _report_table(report: Report) -> list[dict]:
    rows = [{"measure": name, "count": getattr(report, name)}
            for name in ("found", "cleaned", "unchanged", "failed")]
    rows += [{"measure": f"removed: {kind}", "count": count}
             for kind, count in sorted(report.removed_by_kind.items())]
    return rows


def _report_markdown(raw_dir: str, clean_dir: str, report: Report) -> str:
    lines = [f"# Cleaning `{raw_dir}` into `{clean_dir}`", "",
             f"pipeline {__version__}: **{report.found}** found, **{report.cleaned}** cleaned, "
             f"**{report.unchanged}** unchanged, **{report.failed}** failed.", ""]
    if report.removed_by_kind:
        lines += ["| removed kind | blocks |", "| --- | ---: |"]
        lines += [f"| {kind} | {count} |" for kind, count in sorted(report.removed_by_kind.items())]
        lines.append("")
    if report.failures:
        shown = report.failures[:50]
        lines += [f"## Failures ({report.failed}, in `failures.jsonl`)", "",
                  "| path | reason | detail |", "| --- | --- | --- |"]
        lines += [f"| `{f.path}` | {f.reason} | {(f.detail or '').replace('|', '/')} |" for f in shown]
        if len(report.failures) > len(shown):
            lines.append(f"| ... {len(report.failures) - len(shown)} more | | |")
    return "\n".join(lines) + "\n"


@flow(name="clean-raw-folder", log_prints=False, persist_result=False)
def clean_raw_folder(raw_dir: str = "raw", clean_dir: str = "clean",
                     batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
                     dask_address: str | None = None, skip_unchanged: bool = True,
                     format: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES,
                     timeout: float | None = None, group_duplicates: bool = True,
                     max_failed_share: float = 0.5) -> dict:
    """Clean every input under `raw_dir` into `clean_dir`; return the run report.

    Inputs are discovered in sorted order and cleaned in batches of `batch_size` records, one
    task run per batch, on `workers` worker processes (default: all cores), or on the Dask
    cluster at `dask_address` (its workers must see the same files at the same paths).
    Inputs whose manifest entry (`<clean_dir>/.pipeline-state`) has the same bytes, code and
    settings, and whose output still records those bytes, are skipped as unchanged unless
    `skip_unchanged` is false. `timeout` is the library's per-document
    time limit in seconds (None: its default; 0: none, and with one worker the cleaning then
    runs in the task's own thread). Failed inputs do not stop the run: they are logged, listed in
    `<clean_dir>/failures.jsonl` and in the returned report (path, reason, detail,
    pipeline version). With `group_duplicates` (the default), near-copies of one article are
    grouped after the batches, once, across this and earlier runs (as `pipeline clean
    --group-duplicates` does; the report's `duplicates` says how many).

    A run where more than `max_failed_share` of the inputs found failed ends Failed, with the
    summary as its message (its data, a `TooManyFailures`, carries the report; every output
    that could be made is still written); a run with fewer failures ends Completed and logs
    the summary as a warning.
    """
    logger = get_run_logger()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if not 0.0 <= max_failed_share <= 1.0:
        raise ValueError(f"max_failed_share must be between 0 and 1, not {max_failed_share!r}")
    settings = Settings(out_dir=clean_dir, format=format, skip_unchanged=skip_unchanged,
                        max_bytes=max_bytes)
    if timeout is not None:
        settings = dataclasses.replace(settings, timeout=timeout)
    sink = _sink(settings)
    sink.open()  # sweeps temporary files left by a run that was killed
    manifest = Manifest(sink.manifest_path, settings.fingerprint)
    items, refused = discover([raw_dir], settings.follow_links)
    for refusal in refused:
        logger.warning("%s: %s: %s", refusal.record_id, refusal.reason, refusal.detail)
    batches = [items[start:start + batch_size] for start in range(0, len(items), batch_size)]
    in_flight, jobs = plan(workers or os.cpu_count() or 1, len(batches), dask_address)
    logger.info("%s under %s (%d refused on sight); %s of up to %d, %d at a time%s",
                _count(len(items) + len(refused), "input"), raw_dir, len(refused), _count(len(batches), "batch"),
                batch_size, in_flight,
                f" on {dask_address}" if dask_address else f", {_count(jobs, 'worker process')} each")

    progress_id = create_progress_artifact(progress=0.0, description=f"Cleaning {raw_dir} into {clean_dir}")
    parts: list[Report | None] = [None] * len(batches)
    done_inputs = 0
    # One pool of worker processes for the run's batches (local runs only: a Dask worker cleans
    # in-process): each batch takes the workers the one before left warm, instead of starting
    # cold ones (imports, caches) per task. Closed when the batches are done or the run stops.
    pool = None if dask_address else WorkerPool()
    with pool or contextlib.nullcontext(), make_task_runner(in_flight, dask_address) as task_runner:
        futures = {task_runner.submit(clean_batch, {"number": number, "records": batch,
                                                    "settings": settings, "jobs": jobs,
                                                    "manifest": manifest.subset(r.record_id for r in batch),
                                                    "pool": pool}): number
                   for number, batch in enumerate(batches, start=1)}
        for future in as_completed(list(futures)):
            number = futures[future]
            batch = batches[number - 1]
            try:
                parts[number - 1] = future.result()
            except Exception as exc:  # noqa: BLE001 - the run goes on without this batch
                logger.error("batch %d failed as a whole: %s: %s", number, type(exc).__name__, exc)
                parts[number - 1] = _batch_failed(batch, exc, settings)
            done_inputs += len(batch)
            percent = 100.0 * done_inputs / max(len(items), 1)
            update_progress_artifact(progress_id, progress=percent)
            logger.info("progress: %d of %d inputs (%.0f%%), batch %d done", done_inputs, len(items),
                        percent, number)

    # Merged in input order (refused first, as `pipeline clean` does), so that failures.jsonl
    # is the same whatever order the batches ended in.
    report = clean_records(refused, settings, sink)
    for part in parts:
        report.merge(part)
    finish_run(sink, manifest, report, fsync=settings.fsync)
    grouping = None
    if group_duplicates:
        grouping = group_duplicates_task(clean_dir, [(rid, entry.key) for rid, entry in report.entries.items()],
                                         settings.fsync)
    if not batches:
        update_progress_artifact(progress_id, progress=100.0)

    create_table_artifact(key="clean-run-report", table=_report_table(report),
                          description=f"Cleaning {raw_dir} into {clean_dir} (pipeline {__version__})")
    create_markdown_artifact(key="clean-run-summary", markdown=_report_markdown(raw_dir, clean_dir, report),
                             description="Run report with failures")
    summary = run_summary(report)
    logger.info("%s; removed blocks: %s", summary, dict(sorted(report.removed_by_kind.items())) or "none")
    result = report.to_dict()
    if grouping is not None:
        result["duplicates"] = grouping
    if report.failed and report.failed > max_failed_share * report.found:
        logger.error("more than %.0f%% of the inputs failed: %s", 100 * max_failed_share, summary)
        return Failed(message=summary, data=TooManyFailures(summary, result))
    if report.failed:
        logger.warning("%s (see %s/failures.jsonl)", summary, clean_dir)
    return result


class TooManyFailures(Exception):
    """A run's failed share was over `max_failed_share`; `report` is the run's report."""

    def __init__(self, summary: str, report: dict):
        super().__init__(summary)
        self.report = report


def _count(number: int, noun: str) -> str:
    """'1 input', '2 inputs'.

    >>> _count(1, "batch"), _count(3, "batch"), _count(1_000, "input")
    ('1 batch', '3 batches', '1,000 inputs')
    """
    plural = noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
    return f"{number:,} {noun if number == 1 else plural}"


def run_summary(report: Report) -> str:
    """One line saying what a run did: '5 found, 4 cleaned, 0 unchanged, 1 failed'."""
    return (f"{report.found:,} found, {report.cleaned:,} cleaned, {report.unchanged:,} unchanged, "
            f"{report.failed:,} failed")

