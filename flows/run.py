"""`python -m flows.run RAW CLEAN`: one run of the cleaning flow (what `make run` does).

Without PREFECT_API_URL the run starts a temporary local Prefect server, with PREFECT_HOME
in the project's ignored `.prefect/` and analytics off (see `flows.local_env`), and stops it
when the run ends. It is started here rather than by Prefect's ephemeral mode so that its
life is tied to the run's (`flows.server.Guard`): a run killed outright (SIGKILL) does not
leave it listening. Prints the run report; exits 1 when some inputs failed, like
`pipeline clean`.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from . import server

from .local_env import apply_defaults


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flows.run", description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", nargs="?", default="raw", help="folder of inputs (default: raw)")
    parser.add_argument("clean_dir", nargs="?", default="clean", help="output folder (default: clean)")
    parser.add_argument("--batch-size", type=int, default=None, help="records per task run (default: 1000)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="per-document time limit in seconds (default: the library's; 0: none)")
    parser.add_argument("--dask", metavar="ADDRESS", help="run batches on the Dask scheduler at ADDRESS")
    parser.add_argument("--all", action="store_true", help="clean unchanged inputs again too")
    parser.add_argument("--max-failed-share", type=float, default=0.5,
                        help="end the run Failed when more than this share of the inputs failed (default: 0.5)")
    parser.add_argument("--no-group-duplicates", dest="group_duplicates", action="store_false",
                        help="do not group near-copies after cleaning (default: group them)")
    return parser


@contextlib.contextmanager
def _temporary_server():
    """A Prefect server for this run when PREFECT_API_URL names none, guarded (see above)."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    guard = server.Guard()
    try:
        port = server.free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        log_path = Path(os.environ["PREFECT_HOME"]) / "server.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "a") as log:
            process = guard.add(server.start_server(port, dict(os.environ), log=log))
        try:
            server.wait_until_answers(api_url, process)
            print(f"flows.run: temporary Prefect server at {api_url} (pid {process.pid})", file=sys.stderr,
                  flush=True)
            os.environ["PREFECT_API_URL"] = api_url
            yield
        finally:
            server.stop(process)
    finally:
        guard.close()


def _send_pending_logs() -> None:
    """Send the run's queued logs and events now: Prefect sends them at interpreter exit,
    after this run's server was stopped."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=10)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    apply_defaults()
    with _temporary_server():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from .clean_flow import DEFAULT_BATCH_SIZE, TooManyFailures, clean_raw_folder  # Prefect reads the settings now

    state = clean_raw_folder(raw_dir=args.raw_dir, clean_dir=args.clean_dir,
                             batch_size=args.batch_size or DEFAULT_BATCH_SIZE, workers=args.workers,
                             dask_address=args.dask, skip_unchanged=not args.all, timeout=args.timeout,
                             group_duplicates=args.group_duplicates, max_failed_share=args.max_failed_share,
                             return_state=True)
    report = state.result(raise_on_failure=False)
    if isinstance(report, TooManyFailures):
        report = report.report
    elif isinstance(report, BaseException):
        raise report
    _send_pending_logs()  # while the server still answers (it stops before the interpreter exits)
    summary = {key: report[key] for key in ("found", "cleaned", "unchanged", "failed", "removed_by_kind",
                                            "duplicates") if key in report}
    print(json.dumps(summary, sort_keys=True))
    for failure in report["failures"]:
        print(f"failed: {failure['path']}: {failure['reason']}: {failure['detail']}", file=sys.stderr)
    print(f"cleaned {report['cleaned']:,}, unchanged {report['unchanged']:,}, failed {report['failed']:,}"
          f" -> {args.clean_dir}/", file=sys.stderr)
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
