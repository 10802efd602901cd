#!/usr/bin/env python3
"""HTML speed: `pipeline clean --jobs 1` against trafilatura's own extraction with metadata.

    .venv/bin/python bench/html_speed.py [--pages DIR] [--repeat N]

Both run in the same invocation, on the same pages (default: the 181 shared Scrapinghub
pages), each as a fresh single-process Python run so that start-up and imports count on
both sides: ours is the `pipeline` command writing one JSON file per page; theirs is a
loop reading the same .gz files and calling `trafilatura.extract(..., with_metadata=True,
output_format="json")` with the same extraction options we pin, writing one JSON file
per page. Runs alternate; the median of N repeats is reported, in wall seconds and in CPU
seconds (user + system of the process and every descendant: the command's worker
processes are reaped here; the fair figure on a shared machine), with the
speed ratio (our pages/s over trafilatura's; above 1 means ours is faster). A third row times one lxml parse per page against Beautiful
Soup's (whole page, and restricted with SoupStrainer to what metadata needs), the
measurement behind parsing once with lxml; it needs the `bench` extra
(`.venv/bin/pip install -e '.[bench]'`, Beautiful Soup), which the project itself does not use.

    .venv/bin/python bench/html_speed.py --profile OUT.prof

instead profiles our in-process `clean()` + `to_json()` over the pages with cProfile (saved
to OUT.prof for snakeviz or pstats) and prints where the time goes: trafilatura's own calls
and their main stages, and ours.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT.parent / "shared" / "bench" / "scrapinghub" / "html"

TRAFILATURA_LOOP = r"""
import gzip, sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import trafilatura
from pipeline.html import TRAFILATURA_OPTIONS
options = {k: v for k, v in TRAFILATURA_OPTIONS.items() if k != "with_metadata"}
src, out = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(src.glob("*.gz")):
    html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    result = trafilatura.extract(html, with_metadata=True, output_format="json", **options) or "{}"
    (out / (path.name.split(".")[0] + ".json")).write_text(result, encoding="utf-8")
"""

PARSE_LOOP = r"""
import gzip, sys, time
from pathlib import Path
import lxml.html
from bs4 import BeautifulSoup, SoupStrainer
pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(Path(sys.argv[1]).glob("*.gz"))]
strainer = SoupStrainer(["title", "meta", "link", "script", "figcaption"])
def timed(fn):
    t = time.perf_counter()
    for page in pages:
        fn(page)
    return time.perf_counter() - t
print(timed(lambda p: lxml.html.document_fromstring(p.encode("utf-8"))),
      timed(lambda p: BeautifulSoup(p, "lxml")),
      timed(lambda p: BeautifulSoup(p, "lxml", parse_only=strainer)))
"""


PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    """Orphaned descendants (the command's forkserver and its workers, which do the
    cleaning) come back to this process, so their CPU is counted once they are reaped."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())}")


def _reap_all() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd`."""
    cpu, start = _cpu_of_children(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    _reap_all()  # the descendants it left, with their CPU
    if proc.returncode not in (0, 1):  # 1: some pages failed, which is a result, not a crash
        sys.exit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-800:]}")
    return elapsed, _cpu_of_children() - cpu


# (label, pstats function-name pattern) of the stages worth a row; cumulative times.
PROFILE_ROWS = [
    ("whole clean() + to_json()", r"core\.py.*\(clean\)"),
    ("trafilatura bare_extraction (all passes)", r"trafilatura/core\.py.*\(bare_extraction\)"),
    ("  readability/jusText comparison run", r"trafilatura/external\.py.*\(compare_extraction\)"),
    ("  its main extractor", r"trafilatura/main_extractor\.py.*\(extract_content\)"),
    ("  its tree cleaning and conversion", r"trafilatura/core\.py.*\(_prepare_tree\)"),
    ("  our balanced second pass (short results)", r"html\.py.*\(_balanced_if_much_more_prose\)"),
    ("  our test that skips the comparison", r"html_compare\.py.*\(comparison_settled\)"),
    ("metadata cascade (html_meta.read_meta)", r"html_meta\.py.*\(read_meta\)"),
    ("labelling the lines (text.label_paragraphs)", r"text\.py.*\(label_paragraphs\)"),
    ("one lxml parse", r"pipeline/html\.py.*\(parse\)"),
    ("JSON (document.render_json)", r"document\.py.*\(render_json\)"),
]


def profile(pages: list[Path], out: Path) -> None:
    import cProfile
    import pstats
    import re

    sys.path.insert(0, str(ROOT))
    from pipeline.core import clean
    from pipeline.errors import CleanError

    data = [(str(p), p.read_bytes()) for p in pages]
    clean(data[0][1], source=data[0][0], format="html")  # imports and lazy loads out of the profile

    def run() -> None:
        for name, raw in data:
            try:
                clean(raw, source=name, format="html").to_json()
            except CleanError:
                pass

    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine may be shared
    profiler.runcall(run)
    profiler.dump_stats(str(out))
    stats = pstats.Stats(str(out)).stats
    total = None
    print(f"{len(data)} pages, in-process, cProfile on CPU time (its overhead included); saved to {out}\n")
    print("| stage | ms a page | share |")
    print("| --- | ---: | ---: |")
    for label, pattern in PROFILE_ROWS:
        regex = re.compile(pattern)
        seconds = sum(value[3] for (path, line, name), value in stats.items()
                      if regex.search(f"{path}:{line}({name})"))
        total = total or seconds
        print(f"| {label} | {1000 * seconds / len(data):.1f} | {100 * seconds / total:.0f}% |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of .html.gz pages")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the medians count")
    parser.add_argument("--profile", type=Path, metavar="OUT", help="profile ours in-process instead (cProfile)")
    args = parser.parse_args(argv)
    pages = sorted(args.pages.glob("*.gz"))
    if not pages:
        sys.exit(f"no .gz pages in {args.pages}")
    if args.profile:
        profile(pages, args.profile)
        return
    _become_subreaper()
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for page in pages:
            shutil.copy(page, raw / page.name)
        for i in range(args.repeat):
            for side, times in (("ours", ours), ("theirs", theirs)):
                out = Path(tmp) / f"{side}{i}"
                out.mkdir()
                if side == "ours":
                    cmd = [sys.executable, "-m", "pipeline", "clean", str(raw), "--out", str(out), "--jobs", "1",
                           "--quiet"]
                else:
                    cmd = [sys.executable, "-c", TRAFILATURA_LOOP, str(raw), str(out)]
                times.append(_run(cmd))
        parse = subprocess.run([sys.executable, "-c", PARSE_LOOP, str(raw)], capture_output=True, text=True)
    n = len(pages)
    wall_ours, wall_theirs = (statistics.median(w for w, _ in runs) for runs in (ours, theirs))
    cpu_ours, cpu_theirs = (statistics.median(c for _, c in runs) for runs in (ours, theirs))
    print(f"{n} pages, medians of {args.repeat} alternating runs, one process each\n")
    print("| run | wall s | pages/s (wall) | CPU s | pages/s (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| `pipeline clean --jobs 1` (extraction, metadata, rules, JSON) | {wall_ours:.2f} | {n / wall_ours:.1f} "
          f"| {cpu_ours:.2f} | {n / cpu_ours:.1f} |")
    print(f"| trafilatura `extract(with_metadata=True, output_format='json')` | {wall_theirs:.2f} "
          f"| {n / wall_theirs:.1f} | {cpu_theirs:.2f} | {n / cpu_theirs:.1f} |")
    print(f"\nspeed ours / trafilatura: {wall_theirs / wall_ours:.2f}x by wall time, "
          f"{cpu_theirs / cpu_ours:.2f}x by CPU time (above 1: ours is faster)")
    if parse.returncode == 0:
        lx, bs, strained = (float(x) for x in parse.stdout.split())
        print("\n| parse only (no extraction) | seconds | pages/s |")
        print("| --- | ---: | ---: |")
        print(f"| lxml `document_fromstring` (ours: one parse, shared) | {lx:.2f} | {n / lx:.0f} |")
        print(f"| `BeautifulSoup(html, 'lxml')` | {bs:.2f} | {n / bs:.0f} |")
        print(f"| `BeautifulSoup` + `SoupStrainer` (title, meta, link, script, figcaption) | {strained:.2f} | {n / strained:.0f} |")


if __name__ == "__main__":
    main()
