"""Text-mode throughput of `pipeline clean`, run by hand (figures go in docs/benchmarks.md).

    .venv/bin/python bench/throughput.py [--copies 56] [--source ../shared/bench/scrapinghub-text] [--jobs-1-only]

Copies the source pages COPIES times into a temporary folder (181 pages x 56 = 10,136
documents), runs `pipeline clean --jobs 1` (with the default time limit, then `--timeout 0`),
`--jobs <all cores>` and `--jobs 1 --no-fsync` on them (`--jobs-1-only`: the first two), and
prints documents per second for each, by the wall clock and by the CPU time of the command
(user + system; on a shared machine the wall clock counts other people's work). The CPU
count is whole only for `--timeout 0`, which cleans in the command's own process: with a time
limit a forkserver's worker cleans, and the command's count misses it. Repeated pages repeat
their menus and footers, as the pages of one site do in a real crawl, so the labeller's line
cache helps there. Then it cleans the 181 distinct pages once in-process with a cold cache,
timing each stage, to say where the time goes (bench/profile_text.py breaks that down further).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "bench" / "scrapinghub-text"


def _pipeline_cmd() -> list[str]:
    script = Path(sys.executable).with_name("pipeline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(raw: Path, out: Path, jobs: int, *extra: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the command and its workers) of one run."""
    if out.exists():
        shutil.rmtree(out)
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(_pipeline_cmd() + ["clean", str(raw), "--out", str(out), "--jobs", str(jobs), "--quiet",
                                             *extra], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pipeline clean failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed, _children_cpu() - cpu


def stage_profile(files: list[Path]) -> dict[str, float]:
    """Seconds per stage over one pass of `files`, in-process."""
    sys.path.insert(0, str(ROOT))
    from pipeline.core import assemble, detect_format
    from pipeline.errors import CleanError
    from pipeline.reading import decode_bytes, fix_text
    from pipeline.text import label

    warnings.simplefilter("ignore")
    totals: dict[str, float] = defaultdict(float)
    for path in files:
        t0 = time.perf_counter()
        data = path.read_bytes()
        t1 = time.perf_counter()
        detect_format(data, path.name)
        text, encoding = decode_bytes(data)
        t2 = time.perf_counter()
        text, fixes = fix_text(text)
        t3 = time.perf_counter()
        labelled = label(text)
        t4 = time.perf_counter()
        from pipeline.document import Source
        try:
            doc = assemble(labelled, Source(path.name, "0" * 64, "text", encoding), fixes)
            t5 = time.perf_counter()
            doc.to_json()
        except CleanError:
            t5 = time.perf_counter()
        t6 = time.perf_counter()
        for stage, seconds in (("read file", t1 - t0), ("decode", t2 - t1), ("ftfy (where needed)", t3 - t2),
                               ("label blocks", t4 - t3), ("assemble (metadata, language)", t5 - t4),
                               ("JSON", t6 - t5)):
            totals[stage] += seconds
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=56)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--jobs-1-only", action="store_true", help="only the `--jobs 1` runs")
    args = parser.parse_args()
    files = sorted(args.source.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt pages under {args.source}")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        for copy in range(args.copies):
            folder = raw / f"c{copy:03d}"
            folder.mkdir(parents=True)
            for path in files:
                shutil.copyfile(path, folder / path.name)
        n = len(files) * args.copies
        rows = []
        load = os.getloadavg()[0]
        # `--timeout 0` cleans in the command's own process, so its CPU count is whole (with a
        # time limit a forkserver's worker cleans, and the command's count misses that worker).
        runs = [(1, ()), (1, ("--timeout", "0"))]
        if not args.jobs_1_only:
            runs += [(j, ()) for j in sorted({cores} - {1})] + [(1, ("--no-fsync",))]
        for jobs, extra in runs:
            seconds, cpu = run_command(raw, out, jobs, *extra)
            rows.append((" ".join((f"--jobs {jobs}",) + extra), jobs, n, seconds, n / seconds, cpu))
    print(f"load average before the runs: {load:.1f} on {cores} cores")
    print("| command options | documents | seconds | documents/s | documents/s per core | CPU seconds | documents per CPU second |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for options, jobs, n, seconds, rate, cpu in rows:
        print(f"| {options} | {n} | {seconds:.1f} | {rate:.0f} | {rate / jobs:.0f} | {cpu:.1f} | {n / cpu:.0f} |")
    if args.jobs_1_only:
        return
    stage_profile(files)  # warm-up: imports, stop-word lists
    from pipeline.dates import find_dates
    from pipeline.text import phrase_rule

    phrase_rule.cache_clear()  # unique pages: no help from lines seen before
    find_dates.cache_clear()
    totals = stage_profile(files)
    whole = sum(totals.values())
    print()
    print(f"Where the time goes (one in-process pass over {len(files)} pages, {whole / len(files) * 1000:.2f} ms a page):")
    print("| stage | ms per page | share |")
    print("|---|---:|---:|")
    for stage, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"| {stage} | {seconds / len(files) * 1000:.2f} | {seconds / whole:.0%} |")


if __name__ == "__main__":
    main()
