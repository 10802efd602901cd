"""Peak memory of `pipeline clean`: one 50 MB text file, a folder of 10,000 documents, and
the shapes that cost more than their bytes, each checked against the stated bound.

    .venv/bin/python bench/memory.py [--docs 10000] [--big-mb 50] [--jobs 1 2] [--json OUT]
    .venv/bin/python bench/memory.py --shapes-only     # the shapes and the bound alone (~2 min)
    .venv/bin/python bench/memory.py --docs-only --jobs 2   # the 10,000 documents alone

The shapes (issue 12): one million short lines, 20 MB of `Home` lines, a page of 100,000
<meta> tags, a page of 300,000 short <p>, a page with an 11 MB paragraph, and each limit of
`pipeline.limits` just not reached (100,000 lines; 50,000 elements). The bound, per worker
process (the CLI and the forkserver add about 40 MB to the tree):

    text: 35 MB + 11 x input + 1 KB x non-blank lines (at most pipeline.limits.MAX_LINES)
    HTML: 35 MB + 40 x input + 4 KB x elements (at most pipeline.limits.MAX_ELEMENTS)

(an input past a limit is refused before it is split or parsed: its lines or elements count
as the limit). The run exits 1 when a shape breaks its bound.

Run by hand (never by the tests). It builds the inputs in a temporary folder (nothing is
committed): the big file is the seed articles in raw/ repeated to the size; the folder
is the pages of ../shared/bench/scrapinghub-text (or raw/ when that is missing) copied
round-robin. Each run is `python -m pipeline clean ... --quiet` in a subprocess; the
process tree (CLI, forkserver, workers) is sampled every 20 ms from /proc, and the
table gives the peak of the tree's summed PSS (shared pages counted once), the largest
single process's peak RSS, and the wall time. Linux only (/proc).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_TEXT = REPO.parent / "shared" / "bench" / "scrapinghub-text"
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> dict[int, int]:
    """RSS in bytes of `root` and all its descendants, by pid."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return {pid: rss.get(pid, 0) for pid in tree}


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (forked workers share the preloaded code) are
    split among the processes sharing them, so the sum over a tree does not count them twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(args: list[str]) -> dict:
    """Run `python -m pipeline ARGS`; peak summed and single-process RSS, seconds, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=REPO)
    peak_sum = peak_one = 0
    while proc.poll() is None:
        sample = _tree_rss(proc.pid)
        pss = sum(_pss(pid) for pid in sample)
        peak_sum = max(peak_sum, pss or sum(sample.values()))
        peak_one = max([peak_one, *sample.values()])
        time.sleep(0.02)
    stderr = proc.stderr.read().decode(errors="replace")
    return {"seconds": round(time.perf_counter() - start, 2), "exit": proc.returncode,
            "peak_tree_mb": round(peak_sum / 2**20, 1), "peak_process_mb": round(peak_one / 2**20, 1),
            "failures": stderr.count("\n")}


def build_big(path: Path, megabytes: int) -> None:
    seed = b"\n\n".join(p.read_bytes() for p in sorted((REPO / "raw").glob("*.txt")))
    size = megabytes * 1024 * 1024
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            chunk = seed[: size - written]
            handle.write(chunk)
            written += len(chunk)


def build_folder(folder: Path, count: int) -> None:
    pages = sorted(SHARED_TEXT.glob("*.txt")) or sorted((REPO / "raw").glob("*.txt"))
    folder.mkdir()
    for i in range(count):
        page = pages[i % len(pages)]
        shutil.copyfile(page, folder / f"{i:05d}-{page.name}")


# --- the shapes and the bound ----------------------------------------------------------------

TEXT_FACTOR, TEXT_KB_PER_LINE = 11, 1
HTML_FACTOR, HTML_KB_PER_ELEMENT = 40, 4
BASE_MB = 35


def _page(head: str, body: str) -> str:
    prose = "<p>The opening paragraph of the story is long enough to read as prose, and it ends.</p>"
    return f"<html><head><title>T</title>{head}</head><body><article><h1>H</h1>{prose}{body}</article></body></html>"


def shapes() -> dict[str, str]:
    """name -> content of each shape (file suffix by the name)."""
    sys.path.insert(0, str(REPO))
    from pipeline.limits import MAX_ELEMENTS, MAX_LINES

    return {
        "million_short_lines.txt": "".join(f"line {i}\n" for i in range(1_000_000)),
        "home_lines_20mb.txt": "Home\n" * (20 * 1024 * 1024 // 5),
        "meta_100k.html": _page("".join(f'<meta name="k{i}" content="value number {i} here">' for i in range(100_000)), ""),
        "p_300k.html": _page("", "".join(f"<p>Para {i} text.</p>" for i in range(300_000))),
        "paragraph_11mb.html": _page("", "<p>" + "word " * (11 * 1024 * 1024 // 5) + "</p>"),
        "short_lines_at_limit.txt": "".join(f"line {i}\n" for i in range(MAX_LINES)),
        "home_lines_at_limit.txt": "Home\n" * MAX_LINES,
        "meta_at_limit.html": _page("".join(f'<meta name="k{i}" content="v{i}">' for i in range(MAX_ELEMENTS - 10)), ""),
        "p_at_limit.html": _page("", "".join(f"<p>Para {i} text.</p>" for i in range(MAX_ELEMENTS - 10))),
    }


def bound_mb(name: str, content: str) -> float:
    """The stated per-worker bound for this input (see the module doc)."""
    import re

    from pipeline.limits import MAX_ELEMENTS, MAX_LINES

    size_mb = len(content.encode()) / 2**20
    if name.endswith(".html"):
        units = min(len(re.findall(r"<[A-Za-z]", content)), MAX_ELEMENTS)
        return BASE_MB + HTML_FACTOR * size_mb + HTML_KB_PER_ELEMENT * units / 1024
    units = min(sum(1 for line in content.splitlines() if line.strip()), MAX_LINES)
    return BASE_MB + TEXT_FACTOR * size_mb + TEXT_KB_PER_LINE * units / 1024


def run_shapes(work: Path) -> list[dict]:
    results = []
    for name, content in shapes().items():
        path = work / name
        path.write_text(content)
        result = measure(["clean", str(path), "--out", str(work / "out-shapes"), "--jobs", "1", "--quiet"])
        failures = work / "out-shapes" / "failures.jsonl"
        reason = ""
        if failures.exists() and failures.read_text().strip():
            reason = json.loads(failures.read_text().splitlines()[-1])["reason"]
        bound = bound_mb(name, content)
        result.update(run=name, input_mb=round(len(content.encode()) / 2**20, 1), bound_mb=round(bound, 1),
                      outcome=reason or "cleaned", holds=result["peak_process_mb"] <= bound)
        results.append(result)
        print(f"{name:<26} {result['input_mb']:>6.1f} MB in  largest process {result['peak_process_mb']:>7.1f} MB"
              f"  bound {bound:>7.1f} MB  {'holds' if result['holds'] else 'BROKEN'}  {result['seconds']:>6.1f} s"
              f"  {result['outcome']}", flush=True)
        path.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    parser.add_argument("--shapes-only", action="store_true", help="only the shapes and their bound")
    parser.add_argument("--docs-only", action="store_true", help="only the folder of documents (no shapes, no big file)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pipeline-memory-") as tmp:
        work = Path(tmp)
        if not args.docs_only:
            results += run_shapes(work)
        if args.shapes_only:
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
            sys.exit(0 if all(r["holds"] for r in results) else 1)
        big = work / "big.txt"
        if not args.docs_only:
            build_big(big, args.big_mb)
        folder = work / "docs"
        build_folder(folder, args.docs)
        input_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        runs = [] if args.docs_only else [
            (f"one {args.big_mb} MB file", ["clean", str(big), "--out", str(work / "out-big"), "--jobs", "1"])]
        for jobs in dict.fromkeys(args.jobs):
            runs.append((f"{args.docs} docs ({input_mb:.0f} MB), --jobs {jobs}",
                         ["clean", str(folder), "--out", str(work / f"out-{jobs}"), "--jobs", str(jobs)]))
        jobs = max(args.jobs)
        runs.append((f"{args.docs} docs, --jobs {jobs} --jsonl -",
                     ["clean", str(folder), "--jsonl", "-", "--jobs", str(jobs)]))
        for label, cli in runs:
            result = measure([*cli, "--quiet"])
            result["run"] = label
            results.append(result)
            print(f"{label:<40} peak tree {result['peak_tree_mb']:>7.1f} MB  largest process "
                  f"{result['peak_process_mb']:>7.1f} MB  {result['seconds']:>7.1f} s  exit {result['exit']}",
                  flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    sys.exit(0 if all(r.get("holds", True) for r in results) else 1)


if __name__ == "__main__":
    main()
