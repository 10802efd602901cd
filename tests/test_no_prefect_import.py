"""`pipeline clean` and `pipeline explain` never import Prefect, so one-off cleaning starts fast.

Checked with `python -X importtime`, which lists every module a run imports (on stderr)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _imported_modules(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", *args],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header line
                modules.add(name)
    assert "pipeline.cli" in modules, f"importtime listed no pipeline module:\n{result.stderr[-2000:]}"
    return modules


def _prefect_modules(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("prefect", "prefect_dask", "flows"))


@pytest.mark.parametrize("args", [("--help",), ("clean", "--help"), ("explain", "--help")])
def test_help_imports_no_prefect(args: tuple[str, ...]) -> None:
    assert _prefect_modules(_imported_modules(*args)) == []


def test_cleaning_and_explaining_import_no_prefect(tmp_path: Path) -> None:
    seed = sorted((REPO / "raw").glob("*.txt"))[0]
    cleaning = _imported_modules("clean", str(seed), "--out", str(tmp_path), "--quiet")
    assert (tmp_path / (seed.stem + ".json")).exists()
    explaining = _imported_modules("explain", str(seed), "--color", "never")
    assert _prefect_modules(cleaning | explaining) == []
