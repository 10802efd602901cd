#!/usr/bin/env python3
"""HTML speed: `pipeline clean --jobs 1` against trafilatura's own extraction with metadata.

    .venv/bin/python bench/html_speed.py [--pages DIR] [--repeat N]

Both run in the same invocation, on the same pages (default: the 181 shared Scrapinghub
pages), each as a fresh single-process Python run so that start-up and imports count on
both sides: ours is the `pipeline` command writing one JSON file per page; theirs is a
loop reading the same .gz files and calling `trafilatura.extract(..., with_metadata=True,
output_format="json")` with the same extraction options we pin, writing one JSON file
per page. The best of N repeats is reported, with the ratio (ours / trafilatura; below
1 means ours is faster). A third row times one lxml parse per page against Beautiful
Soup's (whole page, and restricted with SoupStrainer to what metadata needs), the
measurement behind parsing once with lxml; it needs the `bench` extra
(`.venv/bin/pip install -e '.[bench]'`, Beautiful Soup), which the project itself does not use.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT.parent / "shared" / "bench" / "scrapinghub" / "html"
BIN = Path(sys.executable).parent

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


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: some pages failed, which is a result, not a crash
        sys.exit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-800:]}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of .html.gz pages")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best counts")
    args = parser.parse_args(argv)
    pages = sorted(args.pages.glob("*.gz"))
    if not pages:
        sys.exit(f"no .gz pages in {args.pages}")
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
                    cmd = [str(BIN / "pipeline"), "clean", str(raw), "--out", str(out), "--jobs", "1", "--quiet"]
                else:
                    cmd = [sys.executable, "-c", TRAFILATURA_LOOP, str(raw), str(out)]
                times.append(_run(cmd))
        parse = subprocess.run([sys.executable, "-c", PARSE_LOOP, str(raw)], capture_output=True, text=True)
    n = len(pages)
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"{n} pages, best of {args.repeat} runs, one process each\n")
    print("| run | seconds | pages/s |")
    print("| --- | ---: | ---: |")
    print(f"| `pipeline clean --jobs 1` (extraction, metadata, rules, JSON) | {best_ours:.2f} | {n / best_ours:.1f} |")
    print(f"| trafilatura `extract(with_metadata=True, output_format='json')` | {best_theirs:.2f} | {n / best_theirs:.1f} |")
    print(f"\nratio ours / trafilatura: {best_ours / best_theirs:.2f} (below 1: ours is faster)")
    if parse.returncode == 0:
        lx, bs, strained = (float(x) for x in parse.stdout.split())
        print("\n| parse only (no extraction) | seconds | pages/s |")
        print("| --- | ---: | ---: |")
        print(f"| lxml `document_fromstring` (ours: one parse, shared) | {lx:.2f} | {n / lx:.0f} |")
        print(f"| `BeautifulSoup(html, 'lxml')` | {bs:.2f} | {n / bs:.0f} |")
        print(f"| `BeautifulSoup` + `SoupStrainer` (title, meta, link, script, figcaption) | {strained:.2f} | {n / strained:.0f} |")


if __name__ == "__main__":
    main()
