"""Worker processes kept across batches (`WorkerPool`): the next batch reuses warm workers,
with the same results, and every guarantee of a single batch holds (an overrunning worker
is killed and replaced, an abandoned batch gives nothing back)."""
from __future__ import annotations

from pathlib import Path

from pipeline.batch import Settings, Work, WorkerPool, run_batch
from pipeline.sources.files import discover

from conftest import RAW

SEEDS = sorted(RAW.glob("*.txt"))


def _works(folder: Path) -> list[Work]:
    records, refused = discover([folder])
    assert not refused
    return [Work(r) for r in records]


def _results(works: list[Work], settings: Settings, jobs: int, pool: WorkerPool | None = None) -> list:
    return [(o.path, o.status, o.reason, d) for _, o, d in run_batch(works, settings, jobs, pool)]


def _copies(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}-{seed.name}").write_bytes(seed.read_bytes())
    return folder


def test_the_next_batch_reuses_the_warm_workers_with_the_same_results(tmp_path: Path) -> None:
    works = _works(_copies(tmp_path / "in", 12))
    settings = Settings(timeout=60)
    alone = _results(works, settings, 2)
    with WorkerPool() as pool:
        first = _results(works[:6], settings, 2, pool)
        assert (pool.started, pool.idle) == (2, 2)
        second = _results(works[6:], settings, 2, pool)
        assert (pool.started, pool.idle) == (2, 2), "the second batch started no worker"
        assert first + second == alone
        idle = list(pool._idle)
    assert pool.idle == 0
    assert not any(worker.process.is_alive() for worker in idle), "close() stops the idle workers"


def test_each_batch_brings_its_own_settings(tmp_path: Path) -> None:
    page = tmp_path / "in"
    page.mkdir()
    (page / "a.txt").write_text("<html><body><h1>Title of it</h1><p>" + "A sentence of the article. " * 20
                                + "</p></body></html>", encoding="utf-8")
    works = _works(page)
    with WorkerPool() as pool:
        as_text = _results(works, Settings(timeout=60, format="text"), 1, pool)
        as_html = _results(works, Settings(timeout=60, format="html"), 1, pool)
        assert pool.started == 1
    assert as_text == _results(works, Settings(timeout=60, format="text"), 1)
    assert as_html == _results(works, Settings(timeout=60, format="html"), 1)
    assert as_text[0][3]["source"]["format"] == "text" and as_html[0][3]["source"]["format"] == "html"


def test_an_overrunning_worker_is_killed_and_replaced_and_only_healthy_ones_go_back(tmp_path: Path) -> None:
    src = _copies(tmp_path / "in", 4)
    (src / "002-slow.txt").write_bytes(SEEDS[1].read_bytes() * 1500)  # seconds of work
    works = _works(src)
    with WorkerPool() as pool:
        results = _results(works, Settings(timeout=0.5), 1, pool)
        assert [(Path(p).name, reason) for p, status, reason, _ in results if status == "failed"] == [
            ("002-slow.txt", "timeout")]
        assert sum(status == "cleaned" for _, status, _, _ in results) == 4
        assert pool.started == 2, "the killed worker was replaced"
        assert pool.idle == 1 and all(w.process.is_alive() for w in pool._idle)
        again = _results(works[:2], Settings(timeout=60), 1, pool)
        assert pool.started == 2 and [status for _, status, _, _ in again] == ["cleaned", "cleaned"]


def test_an_abandoned_batch_gives_no_worker_back(tmp_path: Path) -> None:
    works = _works(_copies(tmp_path / "in", 8))
    with WorkerPool() as pool:
        batch = run_batch(works, Settings(timeout=60), 2, pool)
        next(batch)
        batch.close()  # the consumer stopped half way (an interrupted run)
        assert pool.idle == 0
        assert pool.started == 2
        assert len(_results(works, Settings(timeout=60), 2, pool)) == 8
        assert pool.started == 4 and pool.idle == 2


def test_a_worker_that_died_idle_in_the_pool_is_not_lent(tmp_path: Path) -> None:
    works = _works(_copies(tmp_path / "in", 2))
    with WorkerPool() as pool:
        _results(works, Settings(timeout=60), 1, pool)
        dead = pool._idle[0]
        dead.process.kill()
        dead.process.join()
        assert [status for _, status, _, _ in _results(works, Settings(timeout=60), 1, pool)] == ["cleaned"] * 2
        assert pool.started == 2


# --- a worker's start-up is no document's time -----------------------------------------------

def test_a_fresh_worker_says_it_is_ready_before_any_document() -> None:
    from pipeline.batch import _READY, _Worker, _mp_context

    worker = _Worker(_mp_context())
    try:
        assert worker.conn.poll(60), "the worker never spoke"
        assert worker.conn.recv() == _READY
        assert not worker.conn.poll(0.2)  # nothing else until it is sent work
    finally:
        worker.stop(kill=True)


def test_a_stop_signal_to_the_process_group_leaves_the_workers_to_the_parent() -> None:
    # `kill -TERM -PGID` reaches the workers too: they must not die of it before the parent
    # unwinds (a dead worker made the parent report failures, exit 1, instead of 143).
    import os
    import signal

    from pipeline.batch import _READY, _Worker, _mp_context

    worker = _Worker(_mp_context())
    try:
        assert worker.conn.poll(60) and worker.conn.recv() == _READY
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            os.kill(worker.process.pid, signum)
        worker.process.join(0.5)
        assert worker.process.is_alive()
    finally:
        worker.stop(kill=True)
    assert not worker.process.is_alive()


def _stalled_worker(tmp_path: Path, ready: bool):
    """A supervisor with one live worker that holds a document and has been at it for
    10 s, against a 0.5 s limit. `ready`: it had said it was warmed up before; else its
    ready message is still to be read (it spent those 10 s starting)."""
    import time

    from pipeline.batch import _READY, _mp_context, _Supervisor, _Worker

    works = _works(_copies(tmp_path / "in", 1))
    supervisor = _Supervisor(iter(()), Settings(timeout=0.5), 1)
    worker = _Worker(_mp_context())
    assert worker.conn.poll(60)
    if ready:
        assert worker.conn.recv() == _READY  # read earlier: no message waits now
        worker.ready = True
    worker.pending.append((0, works[0]))  # held but never sent: the worker stays silent
    worker.started = time.monotonic() - 10
    workers = [worker]
    supervisor._collect([worker], workers)
    return supervisor, workers, worker


def test_a_worker_still_starting_is_not_timed_out(tmp_path: Path) -> None:
    supervisor, workers, worker = _stalled_worker(tmp_path, ready=False)
    try:
        assert workers == [worker] and supervisor.done == {}
        assert worker.ready  # and its document's clock starts now
    finally:
        worker.stop(kill=True)


def test_a_ready_worker_past_the_limit_is_timed_out(tmp_path: Path) -> None:
    supervisor, workers, worker = _stalled_worker(tmp_path, ready=True)
    assert workers == []
    assert supervisor.done[0][1].reason == "timeout"


# --- large records through the pipes --------------------------------------------------------

def test_records_and_documents_larger_than_a_pipe_do_not_deadlock(tmp_path: Path) -> None:
    """WARC and JSON Lines records travel to the workers through their pipes. With records and
    documents larger than a pipe's buffer, the parent sending the next record to a busy worker
    and the worker sending back its last document must not wait on each other."""
    import json
    import subprocess
    import sys

    paragraph = ("The council met on Tuesday to discuss the new bridge over the river, and the "
                 "members agreed that the work should begin in the spring. ")
    text = "\n\n".join(f"{i}. {paragraph * 4}" for i in range(400))  # about 250 KB, above a 64 KB pipe
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps({"url": f"https://news.example/{i}", "text": text}) + "\n"
                              for i in range(12)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "pipeline", "clean", str(source), "--jsonl", str(out),
                           "--jobs", "2", "--timeout", "600", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12


def test_workers_never_import_a_pipeline_package_from_the_working_directory(tmp_path: Path) -> None:
    """Run from a folder that holds another `pipeline` package (a data team's own repository),
    the workers clean with this one: the fork server starts without the working directory on
    its import path."""
    import subprocess
    import sys

    shadow = tmp_path / "pipeline"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise SystemExit('the working directory was imported')\n")
    out = tmp_path / "out"
    command = Path(sys.executable).parent / "pipeline"  # the installed command: the parent's path has no ''
    done = subprocess.run([str(command), "clean", str(RAW), "--out", str(out), "--jobs", "2", "--quiet"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.glob("*.json")) and "working directory" not in done.stderr
