"""The Prefect flow (flows/clean_flow.py) against a session-wide `prefect_test_harness`.

What it must do: clean the seeds exactly as `pipeline clean` does; skip them all as unchanged
on a second run; clean again only an input that changed; record corrupt inputs as failed
(failures.jsonl and the flow's result) while writing the others; retry transient I/O errors;
report the run as an artifact; and give byte-identical outputs on a Dask cluster.

Marked `flow` (slow: a Prefect server starts once per session); `make test-quick` leaves
them out. Prefect is imported only by the fixtures, so deselected runs never pay for it.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.batch import FAILURES_FILE, Settings, clean_paths

from conftest import assert_valid_folder, run_cli

pytestmark = pytest.mark.flow

# A PNG signature and header: binary bytes under a .txt name.
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
             b"\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82" * 4)


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):
    """One temporary Prefect server for the session, its home in a temporary folder, offline."""
    home = tmp_path_factory.mktemp("prefect-home")
    overrides = {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                 "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "500",
                 "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "500"}
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)  # read when Prefect is first imported, just below
    try:
        from prefect.settings import (PREFECT_HOME, PREFECT_SERVER_ANALYTICS_ENABLED,
                                      temporary_settings)
        from prefect.testing.utilities import prefect_test_harness

        # In case something imported Prefect earlier in the session, set them as settings too.
        with temporary_settings(updates={PREFECT_HOME: str(home), PREFECT_SERVER_ANALYTICS_ENABLED: False}):
            with prefect_test_harness(server_startup_timeout=90):
                yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def clean_flow(prefect_harness):
    from flows import clean_flow

    return clean_flow


@pytest.fixture
def raw_dir(tmp_path: Path, seed_files: list[Path]) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    for seed in seed_files:
        shutil.copy(seed, root / seed.name)
    return root


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


def test_flow_cleans_the_seeds_as_the_command_does(clean_flow, raw_dir: Path, tmp_path: Path,
                                                   seed_files: list[Path]) -> None:
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "clean"))

    assert (report["found"], report["cleaned"], report["unchanged"], report["failed"]) == (len(seed_files), len(seed_files), 0, 0)
    assert report["pipeline_version"] == __version__
    assert sum(report["removed_by_kind"].values()) > 0
    outputs = _outputs(tmp_path / "clean")
    assert sorted(outputs) == sorted(seed.stem + ".json" for seed in seed_files)
    assert len(assert_valid_folder(tmp_path / "clean")) == len(seed_files)
    clean_paths([str(raw_dir)], Settings(out_dir=str(tmp_path / "library")), jobs=1)
    assert outputs == _outputs(tmp_path / "library"), "the flow must write what the library writes"
    assert not (tmp_path / "clean" / FAILURES_FILE).exists()


def test_second_run_skips_every_input_as_unchanged(clean_flow, raw_dir: Path, tmp_path: Path,
                                                   seed_files: list[Path]) -> None:
    clean = tmp_path / "clean"
    clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean))
    before = _mtimes(clean)

    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean))

    assert (report["cleaned"], report["unchanged"], report["failed"]) == (0, len(seed_files), 0)
    assert _mtimes(clean) == before, "unchanged outputs must not be rewritten"


def test_changed_input_is_the_only_one_cleaned_again(clean_flow, raw_dir: Path, tmp_path: Path,
                                                     seed_files: list[Path]) -> None:
    """Batches of two, two at a time: the path of folders of several batches."""
    clean = tmp_path / "clean"
    options = {"batch_size": 2, "workers": 2}
    first = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), **options)
    assert first["cleaned"] == len(seed_files)
    before = _outputs(clean)
    changed = sorted(raw_dir.iterdir())[1]
    changed.write_bytes(changed.read_bytes() + b"\n\nA paragraph added after the first run, long enough to be prose.\n")

    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), **options)

    assert (report["cleaned"], report["unchanged"], report["failed"]) == (1, len(seed_files) - 1, 0)
    after = _outputs(clean)
    differing = sorted(name for name in after if after[name] != before[name])
    assert differing == [changed.stem + ".json"]
    import hashlib

    doc = json.loads(after[changed.stem + ".json"])
    assert doc["source"]["sha256"] == hashlib.sha256(changed.read_bytes()).hexdigest()


def test_corrupt_inputs_are_recorded_as_failed_and_the_others_written(
        clean_flow, raw_dir: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    (raw_dir / "x.txt").write_bytes(PNG_BYTES)
    (raw_dir / "empty.txt").write_bytes(b"")
    clean = tmp_path / "clean"

    state = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), return_state=True)

    assert state.is_completed(), "failed inputs must not fail the run"
    report = state.result()
    assert (report["found"], report["cleaned"], report["failed"]) == (len(seed_files) + 2, len(seed_files), 2)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert reasons == {"x.txt": "binary", "empty.txt": "empty"}
    recorded = [json.loads(line) for line in (clean / FAILURES_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["path"]).name, r["reason"], r["pipeline_version"]) for r in recorded] == [
        ("empty.txt", "empty", __version__), ("x.txt", "binary", __version__)]
    assert sorted(_outputs(clean)) == sorted(seed.stem + ".json" for seed in seed_files)


def test_transient_io_error_is_retried(clean_flow, raw_dir: Path, tmp_path: Path,
                                       seed_files: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The first read of one input fails with EIO; the retry task cleans it.

    `timeout=0` cleans in the test's process, where the library is patched."""
    from pipeline import batch

    flaky = sorted(raw_dir.iterdir())[2]
    calls: list[str] = []
    real_clean = batch.clean

    def clean_failing_once(data, source, **kwargs):
        calls.append(source)
        if source == str(flaky) and calls.count(source) == 1:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_clean(data, source=source, **kwargs)

    monkeypatch.setattr(batch, "clean", clean_failing_once)
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "clean"),
                                         workers=1, timeout=0)

    assert (report["cleaned"], report["failed"]) == (len(seed_files), 0)
    assert calls.count(str(flaky)) == 2
    assert (tmp_path / "clean" / (flaky.stem + ".json")).exists()


def test_lasting_io_error_is_recorded_after_the_retries(clean_flow, raw_dir: Path, tmp_path: Path,
                                                        seed_files: list[Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import batch

    broken = sorted(raw_dir.iterdir())[0]
    calls: list[str] = []
    real_clean = batch.clean

    def clean_always_failing(data, source, **kwargs):
        calls.append(source)
        if source == str(broken):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_clean(data, source=source, **kwargs)

    monkeypatch.setattr(batch, "clean", clean_always_failing)
    monkeypatch.setattr(clean_flow, "clean_again", clean_flow.clean_again.with_options(retry_delay_seconds=0))
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "clean"),
                                         workers=1, timeout=0)

    assert (report["cleaned"], report["failed"]) == (len(seed_files) - 1, 1)
    assert [(f["path"], f["reason"]) for f in report["failures"]] == [(str(broken), "unreadable")]
    assert calls.count(str(broken)) == 2 + len(clean_flow.RETRY_DELAYS_SECONDS)


def test_run_report_artifact_matches_the_result(clean_flow, raw_dir: Path, tmp_path: Path) -> None:
    from prefect.artifacts import Artifact

    (raw_dir / "x.txt").write_bytes(PNG_BYTES)
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "clean"))

    artifact = Artifact.get("clean-run-report")
    rows = artifact.data if isinstance(artifact.data, list) else json.loads(artifact.data)
    table = {row["measure"]: row["count"] for row in rows}
    assert {name: table[name] for name in ("found", "cleaned", "unchanged", "failed")} == {
        name: report[name] for name in ("found", "cleaned", "unchanged", "failed")}
    assert {k.removeprefix("removed: "): v for k, v in table.items() if k.startswith("removed: ")} == report["removed_by_kind"]
    summary = Artifact.get("clean-run-summary")
    assert "x.txt" in summary.data and "binary" in summary.data


def test_dask_cluster_gives_byte_identical_outputs(clean_flow, raw_dir: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    local = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "local"))
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        dask = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "dask"),
                                           batch_size=2, dask_address=cluster.scheduler_address)

    assert dask == local
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")
    assert _outputs(tmp_path / "local")


def test_a_batch_lost_as_a_whole_fails_its_records_as_batch_error(clean_flow, raw_dir: Path, tmp_path: Path,
                                                                  seed_files: list[Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A task run that dies (a lost Dask worker) costs its batch only; each of its records
    is a failure with the library's reason `batch_error`, and the manifest never vouches for them."""
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    real = clean_flow.clean_batch

    @task(name="clean-batch", cache_policy=NO_CACHE, persist_result=False)
    def losing_the_first(number, records, settings, jobs=1, manifest=None, pool=None):
        if number == 1:
            raise RuntimeError("the worker running this batch was lost")
        return real.fn(number, records, settings, jobs, manifest, pool)

    monkeypatch.setattr(clean_flow, "clean_batch", losing_the_first)
    clean = tmp_path / "clean"
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), batch_size=2)

    lost = sorted(raw_dir.iterdir())[:2]
    assert [(Path(f["path"]).name, f["reason"]) for f in report["failures"]] == [(p.name, "batch_error") for p in lost]
    assert (report["cleaned"], report["failed"]) == (len(seed_files) - 2, 2)
    recorded = [json.loads(line) for line in (clean / FAILURES_FILE).read_text(encoding="utf-8").splitlines()]
    assert [r["reason"] for r in recorded] == ["batch_error", "batch_error"]
    state = json.loads((clean / ".pipeline-state").read_text())
    assert sorted(Path(rid).name for rid in state["records"]) == sorted(p.name for p in sorted(raw_dir.iterdir())[2:])


@pytest.mark.parametrize("module", ["flows.clean_flow", "flows.local_env"])
def test_flows_doctests(module: str, prefect_harness) -> None:
    """pytest's --doctest-modules covers tests/ and pipeline/ only; the examples in flows/ run here."""
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0


def test_a_killed_run_does_not_leave_its_prefect_server_running(tmp_path: Path, raw_dir: Path) -> None:
    """Issue 12, defect 11: SIGKILL of `python -m flows.run` left Prefect's temporary server
    listening; the run's server is now stopped by a watcher when the run dies."""
    import re
    import signal
    import subprocess
    import sys
    import time

    from flows import server

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    run = subprocess.Popen([sys.executable, "-m", "flows.run", str(raw_dir), str(tmp_path / "clean")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                           cwd=Path(__file__).resolve().parents[1])
    api_url = None
    deadline = time.monotonic() + 120
    while api_url is None and time.monotonic() < deadline:
        line = run.stderr.readline()
        if not line and run.poll() is not None:
            break
        found = re.search(r"temporary Prefect server at (\S+)", line)
        api_url = found.group(1) if found else None
    assert api_url and server.answers(api_url), "the run should have started its server"
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 30
    while server.answers(api_url, timeout=1) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not server.answers(api_url, timeout=1), "the server outlived the killed run"


def test_flow_groups_near_copies_once_after_its_batches(clean_flow, raw_dir: Path, tmp_path: Path,
                                                        seed_files: list[Path]) -> None:
    copy = raw_dir / "zz-copy.txt"
    copy.write_bytes(b"Home | News | Sport\n\n" + seed_files[0].read_bytes())
    clean = tmp_path / "clean"
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), batch_size=2)
    assert report["duplicates"]["groups"] == 1 and report["duplicates"]["grouped"] == 2
    original = json.loads((clean / (seed_files[0].stem + ".json")).read_text(encoding="utf-8"))
    copied = json.loads((clean / "zz-copy.json").read_text(encoding="utf-8"))
    assert original["duplicates"] == copied["duplicates"] == {"group": original["duplicates"]["group"],
                                                               "of": original["id"]}
    command = tmp_path / "command"
    result = run_cli("clean", raw_dir, "--out", command, "--group-duplicates", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert _outputs(clean) == _outputs(command), "the flow groups as the command does"
    again = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean))
    assert (again["unchanged"], again["duplicates"]["rewritten"]) == (len(seed_files) + 1, 0)


def test_a_run_with_too_many_failures_ends_failed_and_says_why(clean_flow, raw_dir: Path, tmp_path: Path,
                                                                seed_files: list[Path]) -> None:
    """Issue 11: a run with failures no longer shows a green Completed whatever their share."""
    for number in range(len(seed_files) + 1):  # more bad inputs than good ones
        (raw_dir / f"zz-empty-{number}.txt").write_bytes(b"")
    found, failed = 2 * len(seed_files) + 1, len(seed_files) + 1
    state = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "clean"), return_state=True)
    assert state.is_failed()
    assert state.message == f"{found} found, {len(seed_files)} cleaned, 0 unchanged, {failed} failed"
    report = state.result(raise_on_failure=False).report
    assert report["failed"] == failed and len(assert_valid_folder(tmp_path / "clean")) == len(seed_files)
    with pytest.raises(clean_flow.TooManyFailures):  # a direct call says it as an exception
        clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "again"))
    # Under the threshold the same run completes (and logs a warning).
    tolerant = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "tolerant"),
                                           max_failed_share=0.9, return_state=True)
    assert tolerant.is_completed() and tolerant.result()["failed"] == failed
    with pytest.raises(ValueError):
        clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(tmp_path / "x"), max_failed_share=1.5)


def test_the_batches_share_warm_worker_processes(clean_flow, raw_dir: Path, tmp_path: Path,
                                                 seed_files: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """One batch per record, yet no batch starts its own worker processes: each takes the
    ones an earlier batch left warm in the run's pool, and the pool is closed at the end."""
    from pipeline.batch import WorkerPool

    pools: list[WorkerPool] = []

    class CountedPool(WorkerPool):
        def __init__(self) -> None:
            super().__init__()
            pools.append(self)

    monkeypatch.setattr(clean_flow, "WorkerPool", CountedPool)
    clean = tmp_path / "clean"
    report = clean_flow.clean_raw_folder(raw_dir=str(raw_dir), clean_dir=str(clean), batch_size=1, workers=2,
                                         group_duplicates=False)
    assert (report["cleaned"], report["failed"]) == (len(seed_files), 0)
    in_flight, jobs = clean_flow.plan(2, len(seed_files))
    assert len(pools) == 1
    assert 1 <= pools[0].started <= in_flight * jobs < len(seed_files)
    assert pools[0].idle == 0, "closed at the end of the run"
    assert len(assert_valid_folder(clean)) == len(seed_files)
