"""WARC in, Parquet out, beside folder in, folder out: time and peak memory on the same pages.

    .venv/bin/python bench/warc_parquet.py [--records 10000] [--jobs 2] [--json OUT]

Run by hand (never by the tests). It builds, in a temporary folder (nothing is committed),
a folder of RECORDS gzipped HTML pages and a .warc.gz of the same pages as response
records (every third body gzip-encoded, as servers send them), both taken round-robin from
../shared/bench/scrapinghub/html, and runs `python -m pipeline clean` on each:

    folder -> folder    pipeline clean DIR --out OUT
    WARC   -> Parquet   pipeline clean FILE.warc.gz --parquet OUT.parquet

measuring wall time and the peak memory of the process tree (bench/memory.py's sampler:
summed PSS of the CLI, forkserver and workers, and the largest single process's RSS).
Linux only (/proc).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from memory import measure  # noqa: E402

PAGES = BENCH.parent.parent / "shared" / "bench" / "scrapinghub" / "html"


def build(work: Path, count: int) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted(PAGES.glob("*.html.gz"))
    if not pages:
        sys.exit(f"no pages under {PAGES}")
    folder = work / "pages"
    folder.mkdir()
    warc = work / "pages.warc.gz"
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i in range(count):
            page = pages[i % len(pages)]
            raw = page.read_bytes()
            (folder / f"{i:05d}-{page.name}").write_bytes(raw)
            body = gzip.decompress(raw)
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if i % 3 == 0:
                body = gzip.compress(body, compresslevel=6)
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    return folder, warc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pipeline-warc-parquet-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        folder, warc = build(work, args.records)
        print(f"built {args.records} pages: folder {sum(p.stat().st_size for p in folder.iterdir()) / 2**20:.0f} MB, "
              f"WARC {warc.stat().st_size / 2**20:.0f} MB in {time.perf_counter() - start:.0f} s", flush=True)
        jobs = str(args.jobs)
        runs = [("folder -> folder", ["clean", str(folder), "--out", str(work / "out"), "--jobs", jobs], work / "out"),
                ("WARC -> Parquet", ["clean", str(warc), "--parquet", str(work / "out.parquet"), "--jobs", jobs],
                 work / "out.parquet")]
        for label, cli, output in runs:
            result = measure([*cli, "--quiet"])
            size = (sum(p.stat().st_size for p in output.rglob("*.json")) if output.is_dir()
                    else output.stat().st_size if output.exists() else 0)
            result.update(run=label, records=args.records, jobs=args.jobs, output_mb=round(size / 2**20, 1),
                          docs_per_s=round(args.records / result["seconds"], 1))
            results.append(result)
            print(f"{label:<18} {result['seconds']:>7.1f} s  {result['docs_per_s']:>6.1f} docs/s  peak tree "
                  f"{result['peak_tree_mb']:>7.1f} MB  largest process {result['peak_process_mb']:>7.1f} MB  "
                  f"output {result['output_mb']:>6.1f} MB  exit {result['exit']}  failures {result['failures']}",
                  flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
