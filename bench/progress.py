"""What the progress bar costs a run: `python bench/progress.py [UPDATES]`.

Calls the command's bar (`pipeline.cli._Progress`, tqdm) once per document, as `pipeline
clean` does, with a fake report, drawing to /dev/null as if it were a terminal, and prints
the cost per document beside the cost of cleaning one (about 3-30 ms). Run by hand.
"""
from __future__ import annotations

import sys
import time
from types import SimpleNamespace

from pipeline.cli import _Progress


def main(updates: int = 200_000) -> None:
    with open("/dev/null", "w") as sink:
        real, sys.stderr = sys.stderr, sink
        try:
            bar = _Progress(enabled=True)
            start = time.perf_counter()
            for done in range(1, updates + 1):
                report = SimpleNamespace(cleaned=done, unchanged=0, failed=0, expected=updates, found=done)
                bar.update(report, final=done == updates)
            elapsed = time.perf_counter() - start
        finally:
            sys.stderr = real
    print(f"{updates:,} updates in {elapsed:.2f} s: {1e6 * elapsed / updates:.1f} µs a document")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
