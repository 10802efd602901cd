"""A new sink is one module: dropped into the sinks package with a `SINK = SinkKind(...)`,
it is found by `pipeline.sinks.kinds()`, and `pipeline clean` offers its option, names it
in its help, its usage errors and its summary, and writes through it, with no other file
changed. The module is the CSV sink of docs/architecture.md's walk-through, read from there."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.sinks as sinks

from conftest import RAW
from test_walkthroughs import doc_example

# The module docs/architecture.md walks through ("Add a sink"), exactly as it stands there.
CSV_SINK = doc_example("pipeline/sinks/csv_rows.py")

# `python -m pipeline ARGS` with the plugin folder added to the sinks package's search path,
# as a package installed beside it would be: nothing of the repository is edited.
BOOT = ("import sys, pipeline.sinks as sinks; sinks.__path__.append(sys.argv[1]); "
        "from pipeline.cli import main; sys.exit(main(sys.argv[2:]))")


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "csv_rows.py").write_text(CSV_SINK, encoding="utf-8")
    return folder


def _run(plugin: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BOOT, str(plugin), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(RAW.glob("*.txt"))[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


def test_a_new_sink_module_is_found_in_sorted_module_order(plugin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sinks, "__path__", [*sinks.__path__, str(plugin)])
    monkeypatch.setattr(sinks, "_kinds", None)
    monkeypatch.delitem(sys.modules, "pipeline.sinks.csv_rows", raising=False)
    try:
        assert list(sinks.kinds()) == ["--csv", "--out", "--jsonl", "--parquet"]  # csv_rows < json_folder < ...
        assert sinks.kinds()["--csv"].dest == "csv"
    finally:
        monkeypatch.undo()
        sinks._kinds = None
        sys.modules.pop("pipeline.sinks.csv_rows", None)
    assert list(sinks.kinds()) == ["--out", "--jsonl", "--parquet"], "found again without the plugin"


def test_pipeline_clean_writes_through_a_new_sink_module(plugin: Path, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    table = tmp_path / "all.csv"
    result = _run(plugin, "clean", inputs, "--csv", table, "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the broken input fails alone
    lines = result.stderr.splitlines()
    assert "broken.txt" in lines[0] and "binary" in lines[0]
    assert lines[-1].startswith(f"cleaned 3, unchanged 0, failed 1 -> {table} in ")
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    reference = subprocess.run([sys.executable, "-m", "pipeline", "clean", str(inputs), "--jsonl", "-", "--jobs", "1"],
                               capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=300)
    documents = [json.loads(line) for line in reference.stdout.splitlines()]
    assert rows == [["id", "title", "body"]] + [[d["id"], d["title"], d["body"]] for d in documents]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "in", "plugins"], "no temporary, no manifest"


def test_a_new_sink_gets_the_options_messages_and_checks_of_every_sink(plugin: Path, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    usage = _run(plugin, "clean", "--help", cwd=tmp_path)
    shown = " ".join(usage.stdout.split())  # argparse wraps to the terminal's width
    assert "--csv FILE every document as one row (id, title, body) of the CSV file FILE" in shown
    assert "a CSV file (--csv)" in shown and "the first of --out, --parquet, --jsonl, --csv keeps" in shown

    needs = _run(plugin, "clean", inputs, cwd=tmp_path)
    assert needs.returncode == 2
    assert "clean needs --csv FILE, --out DIR, --jsonl FILE or --parquet FILE" in needs.stderr

    grouped = _run(plugin, "clean", inputs, "--csv", tmp_path / "x.csv", "--group-duplicates", cwd=tmp_path)
    assert grouped.returncode == 2
    assert "--group-duplicates works on an --out DIR only (not with --csv, --jsonl or --parquet)" in grouped.stderr

    inside = _run(plugin, "clean", inputs, "--csv", inputs / "x.csv", cwd=tmp_path)
    assert inside.returncode == 2 and "--csv" in inside.stderr and "inputs are never modified" in inside.stderr
    nowhere = _run(plugin, "clean", inputs, "--csv", tmp_path / "no" / "x.csv", cwd=tmp_path)
    assert nowhere.returncode == 2 and "cannot write --csv" in nowhere.stderr
    assert not (inputs / "x.csv").exists() and not (tmp_path / "x.csv").exists()


def test_a_new_sink_beside_the_folder_takes_the_folders_documents(plugin: Path, tmp_path: Path) -> None:
    """With --out too, the folder is primary (lower precedence): its manifest decides what is
    unchanged, and the CSV sink is given every document, cleaned or kept."""
    inputs = _inputs(tmp_path)
    (inputs / "broken.txt").unlink()
    out, table = tmp_path / "out", tmp_path / "all.csv"
    first = _run(plugin, "clean", inputs, "--csv", table, "--out", out, "--jobs", "1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[-1].startswith(f"cleaned 3, unchanged 0, failed 0 -> {out}/ and {table} in ")
    before = table.read_bytes()
    again = _run(plugin, "clean", inputs, "--csv", table, "--out", out, "--skip-unchanged", "--jobs", "1", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stderr.startswith("cleaned 0, unchanged 3, failed 0")
    assert table.read_bytes() == before
    assert (out / ".pipeline-state").is_file() and not (tmp_path / "all.csv.pipeline-state").exists()
