"""`python -m flows.serve`: clean a raw folder on a cron schedule (what `make serve` does).

Without PREFECT_API_URL it starts a Prefect server on 127.0.0.1 (default port 4200, its home
in the project's ignored `.prefect/`, analytics off), waits until it answers, and serves the
flow there; with PREFECT_API_URL it serves the flow against that server, which must answer.
Serving needs a real server: `flow.serve` does not schedule against Prefect's temporary one.

The server and the serving process run in their own process groups. Ctrl-C (SIGINT) or
SIGTERM to this process stops them in order, each with SIGTERM (a serving process ignores
SIGINT): first the serving process (its schedule is paused), then the server.

    python -m flows.serve [--cron '0 * * * *'] [--raw raw] [--clean clean] [--port 4200]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import server
from .local_env import apply_defaults

DEFAULT_CRON = "0 * * * *"  # every hour, on the hour
DEPLOYMENT_NAME = "clean-raw-on-schedule"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--cron", default=os.environ.get("CLEAN_CRON", DEFAULT_CRON),
                        help=f"cron schedule (default: $CLEAN_CRON or '{DEFAULT_CRON}', every hour)")
    parser.add_argument("--raw", default="raw", help="folder of inputs (default: raw)")
    parser.add_argument("--clean", default="clean", help="output folder (default: clean)")
    parser.add_argument("--port", type=int, default=4200, help="port of the local server (default: 4200)")
    parser.add_argument("--no-ui", action="store_true", help="start the local server without its web UI")
    parser.add_argument("--name", default=DEPLOYMENT_NAME, help=f"deployment name (default: {DEPLOYMENT_NAME})")
    parser.add_argument("--serve-only", action="store_true", help=argparse.SUPPRESS)  # the child process
    return parser


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} | serve | {message}", flush=True)


def _serve_flow(args: argparse.Namespace) -> int:
    """The serving process: create the deployment with its schedule and run scheduled runs."""
    import warnings

    from prefect.deployments.runner import EntrypointType

    # Prefect's runner handles SIGTERM by calling its async stop() without awaiting it, which
    # prints a RuntimeWarning and two lines of traceback hint on every normal stop; the
    # graceful shutdown itself happens (deployments paused, exit 0), so the noise goes.
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited",
                            category=RuntimeWarning)

    from .clean_flow import clean_raw_folder

    clean_raw_folder.serve(name=args.name, cron=args.cron,
                           parameters={"raw_dir": args.raw, "clean_dir": args.clean},
                           limit=1,  # never two runs writing the same folder at once
                           # Prefect's starting message suggests `prefect deployment run ...`, which
                           # fails as printed (no server address, `prefect` not on PATH); the
                           # launcher prints the working command (`make deploy-run`) instead.
                           print_starting_message=False,
                           entrypoint_type=EntrypointType.MODULE_PATH)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve_only:
        return _serve_flow(args)
    env = apply_defaults(environ=dict(os.environ))
    started: list[tuple[str, subprocess.Popen]] = []
    stopping = False

    def on_signal(signum, frame) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            _log(f"{signal.Signals(signum).name} received: stopping")
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    guard = server.Guard()  # stops what is started here even if this process is killed outright
    try:
        api_url = env.get("PREFECT_API_URL")
        if api_url:
            if not server.answers(api_url):
                _log(f"no Prefect server answers at {api_url} (PREFECT_API_URL)")
                return 1
            _log(f"using the Prefect server at {api_url}")
        else:
            api_url = f"http://127.0.0.1:{args.port}/api"
            if server.answers(api_url):
                _log(f"a Prefect server already answers at {api_url}; set PREFECT_API_URL={api_url} to use it")
                return 1
            log_path = Path(env["PREFECT_HOME"]) / "server.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            _log(f"starting a Prefect server on 127.0.0.1:{args.port} (log: {log_path})")
            started.append(("server", guard.add(server.start_server(args.port, env, log=open(log_path, "a"),
                                                                    ui=not args.no_ui))))
            waited = server.wait_until_answers(api_url, started[-1][1])
            _log(f"server answers at {api_url} after {waited:.1f} s")
            env["PREFECT_API_URL"] = api_url
        _log(f"serving {args.raw} -> {args.clean} on cron '{args.cron}'; stop with Ctrl-C or SIGTERM (pid {os.getpid()})")
        _log(f"UI: {api_url.removesuffix('/api')}; a run now, from another shell: make deploy-run"
             + ("" if api_url == "http://127.0.0.1:4200/api" else f" PREFECT_API_URL={api_url}"))
        command = [sys.executable, "-m", "flows.serve", "--serve-only", "--cron", args.cron,
                   "--raw", args.raw, "--clean", args.clean, "--name", args.name]
        started.append(("serving process", guard.add(subprocess.Popen(command, env=env, start_new_session=True))))
        status = started[-1][1].wait()
        _log(f"the serving process exited with status {status}")
        return status or 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for name, process in reversed(started):  # the serving process first, then the server
            status = server.stop(process)
            _log(f"{name} (pid {process.pid}) stopped, status {status}")
        guard.close()


if __name__ == "__main__":
    sys.exit(main())
