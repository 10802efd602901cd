"""Benchmark: the Prefect flow against `pipeline clean` over the same 10,000+ documents.

Copies the 181 pages of /work/shared/bench/scrapinghub-text N times (default 56: 10,136
documents) into a temporary folder, starts a Prefect server (its start-up is timed apart and
excluded), then, in the same run, times `pipeline clean RAW --out A` and the flow
(`python -m flows.run RAW B` against that server), each a fresh process with all cores.
Wall time is what is compared. CPU is counted too, with every descendant: this process is
made a child subreaper, so worker processes orphaned when their parent exits come back to
it and are reaped with their CPU; the server's CPU is read from /proc. Both run from a snapshot of `pipeline/` and `flows/` copied at the start, so that edits made
to the checkout meanwhile cannot make them differ. Checks that both wrote the same bytes,
prints wall and CPU seconds (ours and the server's) and the medians of the alternating runs,
and whether the flow stays within 1.1x of the command in both median wall time and median
CPU seconds (the flow's CPU with the server's share).

    .venv/bin/python bench/flow_vs_cli.py [--copies 56] [--repeat 3] [--keep]
"""
from __future__ import annotations

import argparse
import ctypes
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows import server  # noqa: E402  (imports no Prefect)
from flows.local_env import apply_defaults  # noqa: E402

PAGES = Path("/work/shared/bench/scrapinghub-text")
LIMIT = 1.10


PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _reap_orphans(keep: int, timeout: float = 30.0) -> None:
    """Wait for every child but `keep` (the server): orphaned workers reparented to us."""
    deadline = time.monotonic() + timeout
    me = os.getpid()
    while time.monotonic() < deadline:
        children = {int(pid) for pid in Path(f"/proc/{me}/task/{me}/children").read_text().split()}
        children.discard(keep)
        if not children:
            return
        for pid in children:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.05)


def _process_cpu(pid: int) -> float:
    """CPU seconds of a live process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _timed(command: list[str], env: dict, log: Path, server_pid: int, flow: bool) -> dict:
    cpu0, server0, start = _children_cpu(), _process_cpu(server_pid), time.perf_counter()
    with open(log, "w") as out:
        status = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - start
    _reap_orphans(keep=server_pid)
    result = {"wall": wall, "status": status, "cpu": _children_cpu() - cpu0}
    if flow:  # the command does not use the server; its CPU then is anybody else's
        result["server_cpu"] = _process_cpu(server_pid) - server0
    if status not in (0, 1):  # 1: some inputs failed, which the pages hold (one has no article)
        sys.exit(f"{command[0]} ... exited with {status}; see {log}")
    return result


def _same_outputs(left: Path, right: Path) -> tuple[int, list[str]]:
    names = sorted(p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file())
    other = sorted(p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file())
    differ = sorted(set(names) ^ set(other))
    _, mismatch, errors = filecmp.cmpfiles(left, right, [n for n in names if n in other], shallow=False)
    return len(names), differ + mismatch + errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=56, help="copies of the 181 pages (default 56)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3; medians compared)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--batch-size", type=int, default=None, help="the flow's paths per task run")
    args = parser.parse_args()
    _become_subreaper()

    work = Path(tempfile.mkdtemp(prefix="flow-vs-cli-"))
    raw = work / "raw"
    pages = sorted(PAGES.glob("*.txt"))
    for copy in range(args.copies):
        folder = raw / f"copy-{copy:03d}"
        folder.mkdir(parents=True)
        for page in pages:
            shutil.copyfile(page, folder / page.name)
    documents = len(pages) * args.copies

    code = work / "code"
    for package in ("pipeline", "flows"):
        shutil.copytree(ROOT / package, code / package, ignore=shutil.ignore_patterns("__pycache__"))
    env = apply_defaults(environ={**os.environ, "PREFECT_HOME": str(work / "prefect-home"),
                                  "PYTHONPATH": str(code)})
    port = server.free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env["PREFECT_API_URL"] = api_url
    env["PYTHONWARNINGS"] = "ignore"  # dateutil's timezone warnings, one per page, in both
    started = time.perf_counter()
    process = server.start_server(port, env, log=open(work / "server.log", "w"))
    try:
        server.wait_until_answers(api_url, process)
        server_start = time.perf_counter() - started
        runs = {"pipeline clean": [], "flow": []}
        for attempt in range(args.repeat):
            cli_out, flow_out = work / f"cli-{attempt}", work / f"flow-{attempt}"
            runs["pipeline clean"].append(_timed(
                [sys.executable, "-m", "pipeline", "clean", str(raw), "--out", str(cli_out), "--quiet"],
                env, work / f"cli-{attempt}.log", process.pid, flow=False))
            runs["flow"].append(_timed(
                # Cleaning against cleaning: the command groups near-copies only when asked.
                [sys.executable, "-m", "flows.run", str(raw), str(flow_out), "--no-group-duplicates"]
                + (["--batch-size", str(args.batch_size)] if args.batch_size else []),
                env, work / f"flow-{attempt}.log", process.pid, flow=True))
            count, differences = _same_outputs(cli_out, flow_out)
            if differences:
                sys.exit(f"outputs differ in {len(differences)} files, e.g. {differences[:3]}")
            shutil.rmtree(cli_out)
            shutil.rmtree(flow_out)
    finally:
        server.stop(process)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    median = {name: {key: statistics.median(r.get(key, 0.0) for r in results) for key in ("wall", "cpu", "server_cpu")}
              for name, results in runs.items()}
    wall_ratio = median["flow"]["wall"] / median["pipeline clean"]["wall"]
    cpu_ratio = (median["flow"]["cpu"] + median["flow"]["server_cpu"]) / median["pipeline clean"]["cpu"]
    print(f"{documents} documents ({len(pages)} pages x {args.copies}), {os.cpu_count()} cores, "
          f"{args.repeat} runs each, alternating, medians; outputs byte-identical ({count} files)")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"server start (excluded): {server_start:.1f} s")
    print(f"{'':16}{'wall s':>8}{'docs/s':>8}{'CPU s':>8}{'server CPU s':>14}   all walls / all CPU s")
    for name, result in median.items():
        walls = ", ".join(f"{r['wall']:.1f}" for r in runs[name])
        cpus = ", ".join(f"{r['cpu']:.1f}" for r in runs[name])
        server_cpu = f"{result['server_cpu']:.1f}" if name == "flow" else "-"
        print(f"{name:16}{result['wall']:8.1f}{documents / result['wall']:8.0f}{result['cpu']:8.1f}"
              f"{server_cpu:>14}   {walls} / {cpus}")
    within = wall_ratio <= LIMIT and cpu_ratio <= LIMIT
    print(f"flow / pipeline clean: wall {wall_ratio:.2f}, CPU (server included) {cpu_ratio:.2f} "
          f"({'within' if within else 'OVER'} the {LIMIT}x limit)")
    return 0 if within else 1

if __name__ == "__main__":
    sys.exit(main())
