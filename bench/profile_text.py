"""Where the time of text-mode cleaning goes, run by hand (figures go in docs/benchmarks.md).

    .venv/bin/python bench/profile_text.py [--source ../shared/bench/scrapinghub-text] [--runs 5]
                                           [--cprofile 25] [--py-spy profile.svg]

Cleans every page of SOURCE in-process, as `clean()` + `to_json()` do, and prints CPU time
(time.process_time, so other processes on a shared machine count little) a page, for
each stage and for the labeller's passes, the median of RUNS passes:

- cold: the labeller's line caches and the date cache emptied before each pass (distinct
  pages, as in a first crawl of a site);
- warm: the same pages again with the caches kept (a site's menus and footers repeat on
  every page of a crawl, and the 10,136-document throughput bench repeats the pages).

`--cprofile N` adds cProfile's top N functions of one cold pass (by own time and by
cumulative time); `--py-spy FILE` records one cold pass, start-up included, with the py-spy
sampling profiler (`pip install py-spy`, the `bench` extra): a flame graph when FILE ends in
.svg, else py-spy's collapsed stacks, and the functions most often on top of the stack. Runs against
whichever `pipeline` is first on sys.path, so `PYTHONPATH=<checkout>` compares two checkouts.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "bench" / "scrapinghub-text"

# The labeller's passes, in the order `pipeline.text.label` runs them (those a checkout lacks are skipped).
LABEL_PASSES = ("split_blocks", "_phrase_pass", "_find_title", "_read_head", "_article_region", "_printed_headline",
                "_opening_run", "_read_dateline", "_inside_article", "_read_published", "_read_byline_names")


class Clock:
    """CPU seconds per stage; `wrap` times a module function wherever it is called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.depth = 0

    def wrap(self, module, name: str, stage: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            if self.depth:  # nested in another timed stage: counted there
                return original(*args, **kwargs)
            self.depth += 1
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[stage] += time.process_time() - start
                self.depth -= 1

        setattr(module, name, timed)


def clear_caches() -> None:
    """Empty the caches a first crawl would not have filled."""
    from pipeline import dates, text

    text.phrase_rule.cache_clear()
    dates.find_dates.cache_clear()


def one_pass(pages: list[tuple[str, bytes]], clock: Clock | None = None) -> float:
    """CPU seconds to clean and serialise every page once."""
    from pipeline.core import clean
    from pipeline.errors import CleanError

    start = time.process_time()
    for name, data in pages:
        try:
            document = clean(data, name)
        except CleanError:
            continue
        if clock is None:
            document.to_json()
        else:
            t = time.process_time()
            document.to_json()
            clock.totals["JSON (to_json)"] += time.process_time() - t
    return time.process_time() - start


def staged_pass(pages: list[tuple[str, bytes]]) -> tuple[float, dict[str, float]]:
    """One pass with every stage timed (the timers cost a little: the whole is the untimed figure)."""
    import pipeline.core as core
    import pipeline.text as text

    clock = Clock()
    saved = {(module, name): getattr(module, name) for module, name in
             [(core, "read_text"), (core, "assemble"), (core, "detect_language"), (core, "label")]
             + [(text, name) for name in LABEL_PASSES if hasattr(text, name)]}
    try:
        clock.wrap(core, "read_text", "read + decode (read_text)")
        # The language guess runs inside assemble: timed on its own, and not counted in assemble.
        clock.wrap(core, "detect_language", "language guess (py3langid)")
        for name in LABEL_PASSES:
            if hasattr(text, name):
                clock.wrap(text, name, f"label: {name.strip('_')}")
        original_label, original_assemble = saved[(core, "label")], saved[(core, "assemble")]

        def label(*args, **kwargs):
            start = time.process_time()
            inner = sum(v for k, v in clock.totals.items() if k.startswith("label: "))
            try:
                return original_label(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                passes = sum(v for k, v in clock.totals.items() if k.startswith("label: ")) - inner
                clock.totals["label: the rest (glue)"] += spent - passes

        def assemble(*args, **kwargs):
            start = time.process_time()
            guess = clock.totals["language guess (py3langid)"]
            try:
                return original_assemble(*args, **kwargs)
            finally:
                clock.totals["assemble (fields, without the language guess)"] += (
                    time.process_time() - start - (clock.totals["language guess (py3langid)"] - guess))

        core.label, core.assemble = label, assemble
        whole = one_pass(pages, clock)
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
    return whole, dict(clock.totals)


def load_pages(source: Path) -> list[tuple[str, bytes]]:
    files = sorted(source.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt pages under {source}")
    return [(path.name, path.read_bytes()) for path in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument("--py-spy", dest="py_spy", type=Path, metavar="FILE")
    parser.add_argument("--one-cold-pass", action="store_true", help=argparse.SUPPRESS)  # what py-spy records
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    pages = load_pages(args.source)
    n = len(pages)
    one_pass(pages)  # imports, the language model, Babel's month names: loaded once per process
    if args.one_cold_pass:
        clear_caches()
        one_pass(pages)
        return
    import pipeline

    print(f"pipeline from {Path(pipeline.__file__).parent.parent}, {n} pages of {args.source}, "
          f"median of {args.runs} passes, CPU ms a page (process_time)")
    cold, warm, stages = [], [], defaultdict(list)
    for _ in range(args.runs):
        clear_caches()
        cold.append(one_pass(pages))
        warm.append(one_pass(pages))
        clear_caches()
        whole, totals = staged_pass(pages)
        for stage, seconds in totals.items():
            stages[stage].append(seconds)
    print(f"cold: {statistics.median(cold) / n * 1000:.2f} ms a page   "
          f"warm: {statistics.median(warm) / n * 1000:.2f} ms a page")
    print()
    print("| stage (cold) | ms per page | share |")
    print("|---|---:|---:|")
    medians = {stage: statistics.median(values) for stage, values in stages.items()}
    total = sum(medians.values())
    for stage, seconds in sorted(medians.items(), key=lambda kv: -kv[1]):
        print(f"| {stage} | {seconds / n * 1000:.3f} | {seconds / total:.0%} |")
    print(f"| all stages (timed) | {total / n * 1000:.3f} | 100% |")
    if args.cprofile:
        clear_caches()
        profile = cProfile.Profile()
        profile.enable()
        one_pass(pages)
        profile.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.cprofile)
            print(f"\ncProfile, one cold pass, by {order}:")
            print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))
    if args.py_spy:
        # A flame graph for FILE.svg; for any other name py-spy's collapsed stacks, and the
        # functions most often on top of the stack printed here.
        flame = args.py_spy.suffix == ".svg"
        command = ["py-spy", "record", "--output", str(args.py_spy), "--rate", "100",
                   "--format", "flamegraph" if flame else "raw", "--",
                   sys.executable, __file__, "--source", str(args.source), "--one-cold-pass"]
        print("\n" + " ".join(command))
        subprocess.run(command, check=True, env={**os.environ})
        if not flame:
            print_top_frames(args.py_spy, 25)


def print_top_frames(collapsed: Path, top: int) -> None:
    """The functions most often on top of the stack in py-spy's collapsed stacks ('a;b;c 12')."""
    own: dict[str, int] = defaultdict(int)
    total = 0
    for line in collapsed.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            own[re.sub(r":\d+\)$", ")", stack.rsplit(";", 1)[-1])] += int(count)  # a function, all its lines
            total += int(count)
    print(f"\npy-spy, one cold pass (with start-up), {total} samples, by own samples:")
    for frame, count in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{count / total:6.1%}  {frame}")


if __name__ == "__main__":
    main()
