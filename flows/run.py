"""`python -m flows.run RAW CLEAN`: one run of the cleaning flow (what `make run` does).

Without PREFECT_API_URL the run uses Prefect's temporary local server, with PREFECT_HOME in
the project's ignored `.prefect/` and analytics off (see `flows.local_env`). Prints the run
report; exits 1 when some inputs failed, like `pipeline clean`.
"""
from __future__ import annotations

import argparse
import json
import sys

from .local_env import EPHEMERAL_DEFAULTS, apply_defaults


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
    parser.add_argument("--no-group-duplicates", dest="group_duplicates", action="store_false",
                        help="do not group near-copies after cleaning (default: group them)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    apply_defaults(EPHEMERAL_DEFAULTS)
    from .clean_flow import DEFAULT_BATCH_SIZE, clean_raw_folder  # Prefect reads the settings now

    report = clean_raw_folder(raw_dir=args.raw_dir, clean_dir=args.clean_dir,
                              batch_size=args.batch_size or DEFAULT_BATCH_SIZE, workers=args.workers,
                              dask_address=args.dask, skip_unchanged=not args.all, timeout=args.timeout,
                              group_duplicates=args.group_duplicates)
    summary = {key: report[key] for key in ("found", "cleaned", "unchanged", "failed", "removed_by_kind",
                                            "duplicates") if key in report}
    print(json.dumps(summary, sort_keys=True))
    for failure in report["failures"]:
        print(f"failed: {failure['path']}: {failure['reason']}: {failure['detail']}", file=sys.stderr)
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
