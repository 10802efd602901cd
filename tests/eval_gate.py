"""The evaluation gate: the shared yardstick's figures may not fall below the committed floors.

    python tests/eval_gate.py [--cmd .venv/bin/pipeline] [--floors tests/eval_floors.json]

Runs `../shared/tools/score.py` (every set named in the floors file) with `--json`, then
compares each figure with its floor in `tests/eval_floors.json`: a figure named `NAME` must be
at least its floor, one named `NAME_max` (leaks) at most its ceiling. Prints one line per
figure and exits 1 when any figure falls short, 2 when the yardstick cannot be run. `make eval`
runs it and `.ci/run` runs `make eval`.

Floors are the figures reached, rounded down to three decimals: raise them as figures improve;
lower one only in a reviewed commit that says why. Speed is not gated here (it depends on the
machine); see docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOORS = REPO / "tests" / "eval_floors.json"


def shared_dir() -> Path:
    return Path(os.environ.get("PIPELINE_SHARED", REPO.parent / "shared"))


def shortfalls(results: list[dict], floors: dict) -> list[tuple[str, str, float | None, float, bool]]:
    """Every gated figure as (set, figure, value, bound, ok); a set or figure missing is a failure.

    >>> rows = shortfalls([{"set": "html", "F1": 0.97}, {"set": "seeds", "leaks": 1}],
    ...                   {"html": {"F1": 0.974}, "seeds": {"leaks_max": 0}})
    >>> [(s, f, ok) for s, f, _, _, ok in rows]
    [('html', 'F1', False), ('seeds', 'leaks_max', False)]
    >>> shortfalls([{"set": "html", "F1": 0.98}], {"html": {"F1": 0.974}})[0][-1]
    True
    """
    by_set = {r["set"]: r for r in results}
    rows = []
    for set_name in sorted(floors):
        if set_name.startswith("_"):
            continue
        for figure, bound in sorted(floors[set_name].items()):
            ceiling = figure.endswith("_max")
            value = by_set.get(set_name, {}).get(figure[: -len("_max")] if ceiling else figure)
            if value is None:
                ok = False
            else:
                ok = value <= bound if ceiling else value + 1e-9 >= bound
            rows.append((set_name, figure, value, bound, ok))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cmd", default=str(REPO / ".venv" / "bin" / "pipeline"))
    parser.add_argument("--floors", type=Path, default=FLOORS)
    args = parser.parse_args(argv)
    floors = json.loads(args.floors.read_text(encoding="utf-8"))
    score = shared_dir() / "tools" / "score.py"
    if not score.exists():
        print(f"eval: the yardstick {score} is missing (set PIPELINE_SHARED or clone beside ../shared)",
              file=sys.stderr)
        return 2
    sets = sorted({name.split("-")[0] for name in floors if not name.startswith("_")})
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.json"
        proc = subprocess.run([sys.executable, str(score), *sets, "--cmd", args.cmd, "--json", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        print(proc.stdout, end="")
        if proc.returncode or not out.exists():
            print(f"eval: score.py exited {proc.returncode}", file=sys.stderr)
            return 2
        results = json.loads(out.read_text(encoding="utf-8"))
    failed = 0
    for set_name, figure, value, bound, ok in shortfalls(results, floors):
        relation = "<=" if figure.endswith("_max") else ">="
        shown = "missing" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"eval: {'ok  ' if ok else 'FAIL'} {set_name} {figure} {shown} (floor {relation} {bound})")
        failed += not ok
    print(f"eval: {failed} figure(s) below their floor" if failed else "eval: every figure at or above its floor")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
