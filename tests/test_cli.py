"""The command line as a user runs it: `python -m pipeline clean|explain` in a subprocess.

Checks the contract in shared/CONTRACT.md: output names, exit codes, one stderr line per
failed input naming the file and the reason, failures.jsonl, --jsonl, and byte-identical
outputs whatever the number of jobs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RAW, assert_valid, assert_valid_folder, run_cli

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


@pytest.fixture
def mixed_folder(tmp_path: Path, seed_files: list[Path]) -> Path:
    """The seeds (one in a subfolder) plus one PNG saved as .txt."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for i, seed in enumerate(seed_files):
        shutil.copy(seed, root / ("sub" if i == 0 else "") / seed.name)
    (root / "broken.txt").write_bytes(PNG)
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folder_with_one_bad_file(mixed_folder: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    before = _tree(mixed_folder)
    out = tmp_path / "out"
    result = run_cli("clean", mixed_folder, "--out", out, "--jobs", "1")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr  # the failure, then the summary
    assert "broken.txt" in lines[0] and "binary" in lines[0]
    assert lines[1].startswith(f"cleaned {len(seed_files)}, unchanged 0, failed 1 -> {out}/ in ")
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    expected = sorted([f"sub/{seed_files[0].stem}.json"] + [f"{s.stem}.json" for s in seed_files[1:]])
    assert written == expected
    assert len(assert_valid_folder(out)) == len(seed_files)
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert [(Path(f["path"]).name, f["reason"], f["status"]) for f in failures] == [("broken.txt", "binary", "failed")]
    assert _tree(mixed_folder) == before, "inputs must never be modified"


def test_all_good_exits_zero_and_rewrites_failures(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("clean", mixed_folder, "--out", out, "--jobs", "1").returncode == 1
    (mixed_folder / "broken.txt").unlink()
    result = run_cli("clean", mixed_folder, "--out", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("cleaned ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert (out / "failures.jsonl").read_text() == "", "a run with no failures clears the old record"


def test_single_file_argument_writes_stem(tmp_path: Path, seed_files: list[Path]) -> None:
    out = tmp_path / "out"
    result = run_cli("clean", seed_files[1], "--out", out)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.glob("*.json")] == [f"{seed_files[1].stem}.json"]


@pytest.mark.parametrize("args", [
    ("clean",),                                 # no PATH
    ("clean", "raw"),                           # none of --out, --jsonl, --parquet
    ("clean", "raw", "--jsonl", "-", "--fields", "body"),  # a field without its role
    ("clean", "raw", "--out", "x", "--jobs", "0"),
    ("clean", "raw", "--out", "x", "--format", "pdf"),
    ("frobnicate",),
    (),
])
def test_usage_errors_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "usage" in result.stderr.lower() or "error" in result.stderr.lower()
    assert not (tmp_path / "x").exists()


def test_help_exits_zero() -> None:
    result = run_cli("clean", "--help")
    assert result.returncode == 0
    for option in ("--out", "--jsonl", "--parquet", "--fields", "WARC"):
        assert option in result.stdout


def test_missing_path_fails_with_its_name(tmp_path: Path) -> None:
    result = run_cli("clean", tmp_path / "nope.txt", "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "nope.txt" in result.stderr


def test_jsonl_to_stdout(mixed_folder: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    result = run_cli("clean", mixed_folder, "--jsonl", "-", "--jobs", "1")
    assert result.returncode == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == len(seed_files)
    for doc in docs:
        assert_valid(doc)
    assert {Path(d["source"]["path"]).name for d in docs} == {s.name for s in seed_files}
    assert "broken.txt" in result.stderr


def test_jsonl_file_matches_the_json_outputs(mixed_folder: Path, tmp_path: Path) -> None:
    out, jsonl = tmp_path / "out", tmp_path / "all.jsonl"
    run_cli("clean", mixed_folder, "--out", out, "--jsonl", jsonl, "--jobs", "1")
    from_lines = sorted(json.dumps(json.loads(line), sort_keys=True) for line in jsonl.read_text().splitlines())
    from_files = sorted(json.dumps(d, sort_keys=True) for d in assert_valid_folder(out))
    assert from_lines == from_files
    assert not list(tmp_path.glob("*.part"))


def test_jobs_do_not_change_outputs(mixed_folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_cli("clean", mixed_folder, "--out", one, "--jobs", "1")
    run_cli("clean", mixed_folder, "--out", two, "--jobs", "2")
    assert _tree(one) == _tree(two)


def test_two_runs_give_identical_bytes(mixed_folder: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("clean", mixed_folder, "--out", first)
    run_cli("clean", mixed_folder, "--out", second)
    assert _tree(first) == _tree(second)


def test_outputs_are_readable_by_others(tmp_path: Path, seed_files: list[Path]) -> None:
    out = tmp_path / "out"
    run_cli("clean", seed_files[0], "--out", out)
    mode = (out / f"{seed_files[0].stem}.json").stat().st_mode & 0o777
    assert mode & 0o444 == 0o444 & ~_umask(), oct(mode)


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current


def test_explain_marks_removed_blocks_plain_when_piped() -> None:
    seed = sorted(RAW.glob("*.txt"))[2]
    result = run_cli("explain", seed)
    assert result.returncode == 0, result.stderr
    assert "\033[" not in result.stdout, "no colour codes when stdout is not a terminal"
    lines = result.stdout.splitlines()
    removed = [line for line in lines if line.startswith("- ")]
    kept = [line for line in lines if line.startswith("  ")]
    assert removed and kept
    # Each removed block names its kind and the rule that decided it.
    for line in removed:
        kind, _, rest = line[2:].partition(" ")
        assert rest.lstrip().startswith("[") and "]" in rest, line
    assert any("duplicate_title [head.duplicate_title]" in line for line in removed)
    assert any(line.startswith("  title [head.title]") for line in kept)


def test_explain_colour_when_asked() -> None:
    seed = sorted(RAW.glob("*.txt"))[2]
    result = run_cli("explain", seed, "--color", "always")
    assert "\033[" in result.stdout


def test_explain_bad_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG)
    result = run_cli("explain", bad)
    assert result.returncode == 1
    assert "photo.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_skip_unchanged_still_streams_every_document(mixed_folder: Path, tmp_path: Path,
                                                     seed_files: list[Path]) -> None:
    out, first, second = tmp_path / "out", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    run_cli("clean", mixed_folder, "--out", out, "--jsonl", first, "--skip-unchanged", "--jobs", "1")
    run_cli("clean", mixed_folder, "--out", out, "--jsonl", second, "--skip-unchanged", "--jobs", "1")
    assert len(second.read_text().splitlines()) == len(seed_files)
    assert first.read_text() == second.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.jsonl", "in", "out", "second.jsonl"]


def test_jsonl_into_a_missing_folder_is_a_usage_error(tmp_path: Path, seed_files: list[Path]) -> None:
    result = run_cli("clean", seed_files[0], "--jsonl", tmp_path / "no" / "such.jsonl")
    assert result.returncode == 2
    assert "such.jsonl" in result.stderr


def test_no_fsync_writes_the_same_outputs(tmp_path, seed_files):
    """--no-fsync changes durability only: the outputs are byte-identical."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seed_files[:2]:
        (raw / path.name).write_bytes(path.read_bytes())
    synced, unsynced = tmp_path / "synced", tmp_path / "unsynced"
    assert run_cli("clean", str(raw), "--out", str(synced), "--jobs", "1").returncode == 0
    assert run_cli("clean", str(raw), "--out", str(unsynced), "--jobs", "1", "--no-fsync").returncode == 0
    names = sorted(p.name for p in synced.glob("*.json"))
    assert names and names == sorted(p.name for p in unsynced.glob("*.json"))
    for name in names:
        assert (synced / name).read_bytes() == (unsynced / name).read_bytes()


def test_out_naming_an_existing_file_is_a_usage_error(tmp_path, seed_files):
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    result = run_cli("clean", str(seed_files[0]), "--out", str(target))
    assert result.returncode == 2
    assert "not a folder" in result.stderr
    assert target.read_text() == "not a folder"


# --- issue 12: outputs that would touch an input, and values no run can use -----------------

@pytest.mark.parametrize("option, where", [
    ("--jsonl", "story.txt"),            # the input itself
    ("--jsonl", "sub/new.jsonl"),        # a new file inside the input folder
    ("--parquet", "story.txt"),
    ("--jsonl", "link-to-story.jsonl"),  # a symbolic link to the input (outside the folder)
])
def test_an_output_on_or_inside_an_input_is_a_usage_error(tmp_path: Path, seed_files: list[Path],
                                                           option: str, where: str) -> None:
    """Defect 2: inputs are never modified; said before any work, exit 2."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    story = folder / "story.txt"
    story.write_bytes(seed_files[0].read_bytes())
    (tmp_path / "link-to-story.jsonl").symlink_to(story)
    before = _tree(folder)
    target = folder / where if where != "link-to-story.jsonl" else tmp_path / where
    result = run_cli("clean", folder, option, target)
    assert result.returncode == 2, result.stderr
    assert "input" in result.stderr and "never modified" in result.stderr
    assert _tree(folder) == before


def test_out_under_a_file_is_a_usage_error_before_any_cleaning(tmp_path: Path, seed_files: list[Path]) -> None:
    """Defect 6: `--out afile/sub` is one usage error, not one `unwritable` per input."""
    (tmp_path / "afile").write_text("x")
    result = run_cli("clean", seed_files[0], "--out", tmp_path / "afile" / "sub")
    assert result.returncode == 2
    assert "afile" in result.stderr and "unwritable" not in result.stderr


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e308", "-1", "2e6"])
def test_timeouts_no_run_can_keep_are_usage_errors(tmp_path: Path, seed_files: list[Path], value: str) -> None:
    """Defect 10: inf and 1e308 overflowed into a traceback; nan meant no limit and a busy loop."""
    result = run_cli("clean", seed_files[0], "--out", tmp_path / "x", f"--timeout={value}")
    assert result.returncode == 2, result.stderr
    assert "--timeout" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


# --- issue 12, defect 6: the failure record survives an output folder that cannot be written --

def _limited_file_size(limit: int):
    """A child's preexec: files may not grow past `limit` bytes (writes fail with EFBIG, as
    they would with ENOSPC on a full disk), without needing a mount."""
    import resource
    import signal

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _full_disk_run(out: Path, folder: Path, preexec=None) -> "subprocess.CompletedProcess":
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pipeline", "clean", str(folder), "--out", str(out), "--jobs", "1"],
                          capture_output=True, text=True, preexec_fn=preexec, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _assert_failure_record_kept(result, out: Path, inputs: int) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failures_file = out / "failures.jsonl"
    if failures_file.exists():  # written after all: it is this run's record, whole
        records = [json.loads(line) for line in failures_file.read_text().splitlines()]
    assert not any(r.get("path") == "old" for r in records), "the earlier run's record was left as this run's"
    written = len(list(out.glob("*.json")))
    assert len(records) == inputs - written and all(r["reason"] == "unwritable" for r in records)


def test_a_full_disk_keeps_the_failure_record(tmp_path: Path, seed_files: list[Path]) -> None:
    """Simulated with RLIMIT_FSIZE in the child (no mount needed): outputs past the limit fail
    as `unwritable`, failures.jsonl cannot be written either, and its records all reach
    stderr; the earlier failures.jsonl is not left behind as if it were this run's."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        for seed in seed_files:
            (folder / f"{i}-{seed.name}").write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "failures.jsonl").write_text('{"path": "old"}\n')
    result = _full_disk_run(out, folder, _limited_file_size(1))  # every write past 1 byte fails
    _assert_failure_record_kept(result, out, len(list(folder.iterdir())))
    assert "failure records follow" in result.stderr


def test_a_real_full_tmpfs_keeps_the_failure_record(tmp_path: Path, seed_files: list[Path]) -> None:
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN); the RLIMIT_FSIZE variant covers it")
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        for i in range(12):
            for seed in seed_files:
                (folder / f"{i}-{seed.name}").write_bytes(seed.read_bytes())
        out = mount / "out"
        out.mkdir()
        (out / "failures.jsonl").write_text('{"path": "old"}\n')
        result = _full_disk_run(out, folder)
        _assert_failure_record_kept(result, out, len(list(folder.iterdir())))
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_jsonl_file_is_not_completed_after_a_failed_write(tmp_path: Path, seed_files: list[Path]) -> None:
    """With --jsonl on a full disk the earlier FILE stays and every document after the
    failed write is reported, not a half-written FILE renamed into place."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in seed_files:
        (folder / seed.name).write_bytes(seed.read_bytes())
    target = tmp_path / "all.jsonl"
    target.write_text("earlier\n")
    result = subprocess.run([sys.executable, "-m", "pipeline", "clean", str(folder), "--jsonl", str(target),
                             "--jobs", "1"], capture_output=True, text=True, timeout=300,
                            preexec_fn=_limited_file_size(3000), env={**os.environ})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert target.read_text() == "earlier\n"
    assert result.stderr.count("unwritable") >= len(seed_files) - 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


# --- issue 11: say what happened, hide nothing -------------------------------------------------

SAVED_PAGE = (b"<!DOCTYPE html><html><head><title>A page saved as text</title></head><body><article>"
              b"<h1>A page saved as text</h1>" + b"<p>" + b"Words of the story, one after another. " * 30
              + b"</p></article></body></html>")


def test_summary_counts_cleaned_unchanged_failed_and_skipped(mixed_folder: Path, tmp_path: Path,
                                                             seed_files: list[Path]) -> None:
    (mixed_folder / "notes.md").write_text("# not an input\n")
    (mixed_folder / "sub" / "README").write_text("not an input either\n")
    out = tmp_path / "out"
    first = run_cli("clean", mixed_folder, "--out", out, "--jobs", "1")
    summary = first.stderr.splitlines()[-1]
    assert re.fullmatch(rf"cleaned {len(seed_files)}, unchanged 0, failed 1, skipped 2 \(not an input type\) "
                        rf"-> {re.escape(str(out))}/ in \d+\.\d s", summary), first.stderr
    assert "notes.md" not in first.stderr, "skipped files are listed only with --verbose"
    again = run_cli("clean", mixed_folder, "--out", out, "--jobs", "1", "--skip-unchanged", "--verbose")
    lines = again.stderr.splitlines()
    assert lines[-1].startswith(f"cleaned 0, unchanged {len(seed_files)}, failed 1, skipped 2 "), again.stderr
    skipped = [line for line in lines if "skipped: not an input type" in line]
    assert [Path(line.split(": ")[1]).name for line in skipped] == ["notes.md", "README"]


def test_quiet_silences_the_summary_but_not_failures(mixed_folder: Path, tmp_path: Path) -> None:
    result = run_cli("clean", mixed_folder, "--out", tmp_path / "out", "--jobs", "1", "--quiet")
    (line,) = result.stderr.splitlines()
    assert "broken.txt" in line and "binary" in line


def test_summary_names_the_output_file(tmp_path: Path, seed_files: list[Path]) -> None:
    target = tmp_path / "all.jsonl"
    result = run_cli("clean", seed_files[0], "--jsonl", target)
    assert result.returncode == 0
    assert result.stderr.startswith(f"cleaned 1, unchanged 0, failed 0 -> {target} in "), result.stderr


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    result = run_cli("clean", empty, "--out", tmp_path / "out")
    assert result.returncode == 0
    assert result.stderr == f"no inputs found under {empty}\n"
    (empty / "sub" / "slides.pdf").write_bytes(b"%PDF-1.4")
    result = run_cli("clean", empty, "--out", tmp_path / "out")
    assert result.stderr == f"no inputs found under {empty} (1 file of other types skipped)\n"


def test_an_html_page_saved_as_txt_is_cleaned_as_html(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "saved.txt").write_bytes(SAVED_PAGE)
    out = tmp_path / "out"
    result = run_cli("clean", tmp_path / "in", "--out", out, "--verbose")
    assert result.returncode == 0, result.stderr
    doc = json.loads((out / "saved.json").read_text())
    assert doc["source"]["format"] == "html"
    assert doc["title"] == "A page saved as text" and "<" not in doc["body"]
    assert "saved.txt: an HTML document in a .txt file: cleaned as HTML" in result.stderr
    quiet = run_cli("clean", tmp_path / "in", "--out", tmp_path / "out2")
    assert "cleaned as HTML" not in quiet.stderr, "said only with --verbose"


def _run_with_stdin(data: bytes, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "pipeline", *map(os.fsdecode, args)], input=data,
                          capture_output=True, timeout=120, env=env)


def test_dash_reads_one_document_from_stdin(tmp_path: Path, seed_files: list[Path]) -> None:
    data = seed_files[0].read_bytes()
    out = tmp_path / "out"
    result = _run_with_stdin(data, "clean", "-", "--out", out)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.glob("*.json")] == ["stdin.json"]
    from_file = run_cli("clean", seed_files[0], "--jsonl", "-")
    from_stdin = _run_with_stdin(data, "clean", "-", "--jsonl", "-")
    doc, reference = json.loads(from_stdin.stdout), json.loads(from_file.stdout)
    assert doc["source"]["path"] == "<stdin>" and doc["body"] == reference["body"]
    assert json.loads((out / "stdin.json").read_text()) == doc


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_says_one_line_and_leaves_no_temporary(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for i in range(300):
        shutil.copy(seeds[i % len(seeds)], folder / f"{i:04d}.txt")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(folder), "--out", str(out), "--jobs", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 10:
        time.sleep(0.01)
    assert run.poll() is None, "the signal should land mid-run"
    os.killpg(run.pid, signum)  # Ctrl-C reaches the whole process group, workers included
    stderr = run.communicate(timeout=60)[1].decode()
    assert run.returncode == 128 + signum
    line = re.fullmatch(r"interrupted: (\d+) of 300 written; run again to finish\n", stderr)
    assert line, stderr
    written = len(list(out.glob("*.json")))
    # The signal may land between a file's rename and its count: one more on disk than said.
    assert int(line[1]) in (written, written - 1)
    assert not list(out.rglob(".pipeline-tmp-*"))
    assert 0 < written < 300
    assert_valid_folder(out)


def test_jobs_0_shows_the_usage_of_clean(tmp_path: Path) -> None:
    result = run_cli("clean", tmp_path, "--out", tmp_path / "x", "--jobs", "0")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: pipeline clean ") and "--jobs must be at least 1" in result.stderr


def test_skip_unchanged_help_says_what_is_compared() -> None:
    text = " ".join(run_cli("clean", "--help").stdout.split())
    for said in ("sha256", "cleaning code", "--format, --max-bytes", "output is still as written"):
        assert said in text


def test_iter_documents_of_a_missing_folder_raises(tmp_path: Path) -> None:
    from pipeline import iter_documents

    with pytest.raises(FileNotFoundError):
        iter_documents(tmp_path / "nope")


def test_the_progress_bar_on_a_terminal_shows_the_counts(tmp_path: Path, seed_files: list[Path]) -> None:
    """On a terminal (a pseudo-terminal here) the bar shows done/total and the cleaned,
    unchanged and failed counts, then gives way to the summary line."""
    import pty
    import subprocess
    import sys

    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(12):
        shutil.copy(seed_files[number % len(seed_files)], inputs / f"s{number:02d}.txt")
    (inputs / "empty.txt").write_bytes(b"")
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(inputs), "--out", str(tmp_path / "out"),
                              "--jobs", "1"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert child.wait(timeout=120) == 1  # the empty input failed
    os.close(master)
    text = seen.decode("utf-8", "replace").replace("\r", "\n")
    assert "13/13, cleaned 12, unchanged 0, failed 1" in text, text[-2000:]
    last = text.rstrip().splitlines()[-1]
    assert last.startswith(f"cleaned 12, unchanged 0, failed 1 -> {tmp_path / 'out'}/ in "), last
