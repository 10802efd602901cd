"""The batch runner as a library (pipeline.batch): discovery, output names, atomic writes,
skipping unchanged inputs, the failure record, and reading a clean folder back."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.batch import FAILURES_FILE, Settings, clean_paths, iter_documents, write_atomic
from pipeline.manifest import Manifest
from pipeline.sources.files import discover, output_key

from conftest import assert_valid_folder


@pytest.fixture
def seeds_in(tmp_path: Path, seed_files: list[Path]) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for seed in seed_files:
        shutil.copy(seed, root / seed.name)
    return root


@pytest.mark.parametrize("relative, expected", [
    ("a/b.txt", "a/b"),
    ("page.html.gz", "page"),
    ("PAGE.HTM", "PAGE"),
    ("x.txt.gz", "x"),
    ("notes", "notes"),
    ("dots.in.name.txt", "dots.in.name"),
])
def test_output_key(relative: str, expected: str) -> None:
    assert output_key(relative) == expected


def test_discover_walks_recursively_and_sorts(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.html", "a/y.htm.gz", "skip.pdf", "c.TXT"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")
    found, refused = discover([tmp_path])
    assert [r.output_key for r in found] == ["a/y", "a/z", "b", "c"]
    assert refused == []


def test_run_is_complete_and_valid(seeds_in: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    out = tmp_path / "out"
    seen = []
    report = clean_paths([seeds_in], Settings(out_dir=str(out)), jobs=1,
                         on_outcome=lambda outcome, rep: seen.append(outcome.status))
    assert (report.found, report.cleaned, report.failed) == (len(seed_files), len(seed_files), 0)
    assert seen == ["cleaned"] * len(seed_files)
    assert len(assert_valid_folder(out)) == len(seed_files)
    assert sum(report.removed_by_kind.values()) > 0
    json.dumps(report.to_dict())


def test_skip_unchanged(seeds_in: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    out = tmp_path / "out"
    settings = Settings(out_dir=str(out), skip_unchanged=True)
    clean_paths([seeds_in], settings, jobs=1)
    edited = seeds_in / seed_files[0].name
    edited.write_bytes(edited.read_bytes() + b"\nOne more closing paragraph, added after the first run of the batch.\n")
    report = clean_paths([seeds_in], settings, jobs=1)
    assert (report.cleaned, report.unchanged) == (1, len(seed_files) - 1)


def test_iter_documents_reads_back_what_was_written(seeds_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean_paths([seeds_in], Settings(out_dir=str(out)), jobs=1)
    docs = list(iter_documents(out))
    assert [Path(d.source.path).name for d in docs] == sorted(p.name for p in seeds_in.iterdir())
    for doc in docs:
        path = out / (Path(doc.source.path).stem + ".json")
        assert doc.to_json() == path.read_text(encoding="utf-8"), "from_dict must round-trip to_dict"


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "x.json"
    write_atomic(target, "old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.json"]


def test_write_atomic_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, "old\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_failures_file_lists_failures_in_order(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(b"")
    (src / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "out"
    report = clean_paths([src], Settings(out_dir=str(out)), jobs=1)
    records = [json.loads(line) for line in (out / FAILURES_FILE).read_text().splitlines()]
    assert [(Path(r["path"]).name, r["reason"]) for r in records] == [("a.txt", "empty"), ("b.txt", "binary")]
    assert report.failed == 2 and report.cleaned == 0


def test_an_output_that_cannot_be_written_is_a_failure(seeds_in: Path, tmp_path: Path,
                                                       seed_files: list[Path]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    blocked = seed_files[0].stem + ".json"
    (out / blocked).mkdir()  # a folder where the output file should go
    report = clean_paths([seeds_in], Settings(out_dir=str(out), timeout=None), jobs=1)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [(seed_files[0].name, "unwritable")]
    assert report.cleaned == len(seed_files) - 1


def _run_in_daemon(folder: str, out: str) -> int:
    report = clean_paths([folder], Settings(out_dir=out), jobs=2)
    return report.cleaned


def test_runs_inside_a_daemonic_worker(seeds_in: Path, tmp_path: Path, seed_files: list[Path]) -> None:
    """Pool and Dask workers are daemonic and may not start processes: the batch still runs."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        cleaned = pool.apply(_run_in_daemon, (str(seeds_in), str(tmp_path / "out")))
    assert cleaned == len(seed_files)
    assert len(assert_valid_folder(tmp_path / "out")) == len(seed_files)


def test_outputs_of_other_code_or_settings_are_not_skipped(seeds_in: Path, tmp_path: Path) -> None:
    """--skip-unchanged trusts an output only when the manifest entry's fingerprint (code,
    format, size limit) matches this run's."""
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    first = clean_paths([seeds_in], skipping, jobs=1)
    assert first.cleaned == first.found > 0
    assert clean_paths([seeds_in], skipping, jobs=1).unchanged == first.found
    state = out / batch.STATE_FILE
    recorded = json.loads(state.read_text())
    assert recorded["fingerprint"] == skipping.fingerprint
    assert {entry[2] for entry in recorded["records"].values()} == {skipping.fingerprint}
    other_code = {rid: [sha, key, "0" * 16, at, digest]
                  for rid, (sha, key, _fp, at, digest) in recorded["records"].items()}
    state.write_text(json.dumps({**recorded, "records": other_code}))
    assert clean_paths([seeds_in], skipping, jobs=1).cleaned == first.found   # other code: all again
    other_format = Settings(out_dir=str(out), skip_unchanged=True, timeout=None, format="text")
    assert clean_paths([seeds_in], other_format, jobs=1).cleaned == first.found  # other settings: again
    assert [p.name for p in out.glob("*.json")] and batch.STATE_FILE not in [p.name for p in out.glob("*.json")]


def test_an_output_changed_behind_the_manifest_is_cleaned_again(seeds_in: Path, tmp_path: Path) -> None:
    """The manifest never vouches for an output alone: one edited or deleted since is redone."""
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    first = clean_paths([seeds_in], skipping, jobs=1)
    outputs = sorted(out.glob("*.json"))
    outputs[0].unlink()
    doc = json.loads(outputs[1].read_text())
    outputs[1].write_text(json.dumps({**doc, "source": {**doc["source"], "sha256": "0" * 64}}))
    again = clean_paths([seeds_in], skipping, jobs=1)
    assert (again.cleaned, again.unchanged) == (2, first.found - 2)
    assert json.loads(outputs[1].read_text())["source"]["sha256"] == doc["source"]["sha256"]


def test_manifest_keeps_entries_of_other_inputs(tmp_path: Path, seed_files: list[Path]) -> None:
    """Two input folders cleaned into one output folder, one after the other: each run
    keeps the other's entries, so both skip their unchanged inputs."""
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, seeds in ((first, seed_files[:2]), (second, seed_files[2:4])):
        folder.mkdir()
        for seed in seeds:
            shutil.copy(seed, folder / seed.name)
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    clean_paths([first], skipping, jobs=1)
    clean_paths([second], skipping, jobs=1)
    assert clean_paths([first], skipping, jobs=1).unchanged == 2
    assert clean_paths([second], skipping, jobs=1).unchanged == 2
    assert len(Manifest(out / batch.STATE_FILE, skipping.fingerprint).entries) == 4


def test_fingerprint_ignores_modules_that_only_move_bytes() -> None:
    """Editing the command line's help must not invalidate every output (tests/test_fingerprint.py)."""
    from pipeline import manifest

    assert "cli.py" not in manifest.deciding_modules()
    assert "core.py" in manifest.deciding_modules()


def test_every_failure_reason_is_in_the_one_vocabulary() -> None:
    """Outcomes take their reasons from CleanError.REASONS, the flow's batch_error too."""
    from pipeline.batch import Outcome
    from pipeline.errors import CleanError

    assert {"batch_error", "truncated", "name_clash", "timeout"} <= set(CleanError.REASONS)
    Outcome("a.txt", "failed", reason="batch_error", detail="the task run was lost")
    with pytest.raises(ValueError):
        Outcome("a.txt", "failed", reason="misc", detail="a reason nobody documented")


def test_a_damaged_manifest_trusts_nothing(seeds_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    first = clean_paths([seeds_in], skipping, jobs=1)
    (out / batch.STATE_FILE).write_text('{"manifest": 3, "records": {"x": [1, 2')
    assert clean_paths([seeds_in], skipping, jobs=1).cleaned == first.found
    assert clean_paths([seeds_in], skipping, jobs=1).unchanged == first.found, "the next run's manifest is whole"


def test_the_runner_returns_documents_and_writes_nothing(seeds_in: Path, tmp_path: Path) -> None:
    from pipeline.batch import Work, run_batch
    from pipeline.sources.files import FileTree

    records = list(FileTree([seeds_in]).records())
    results = list(run_batch([Work(r) for r in records], Settings(timeout=30), jobs=2))
    assert [work.record for work, _, _ in results] == records
    assert [outcome.status for _, outcome, _ in results] == ["cleaned"] * len(records)
    assert all(doc["body"] and doc["source"]["sha256"] == outcome.sha256 for _, outcome, doc in results)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


# --- issue 12: an output is trusted only when it is the one its manifest entry was made with --

def test_an_output_rewritten_by_a_killed_run_of_other_settings_is_not_trusted(seeds_in: Path,
                                                                              tmp_path: Path) -> None:
    """Defect 1: a run with other settings killed before it saved its manifest leaves the
    earlier manifest vouching for outputs it did not make; they are cleaned again."""
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    first = clean_paths([seeds_in], skipping, jobs=1)
    fresh = {p.name: p.read_bytes() for p in out.glob("*.json")}
    state = (out / batch.STATE_FILE).read_bytes()
    clean_paths([seeds_in], Settings(out_dir=str(out), format="html", timeout=None), jobs=1)
    (out / batch.STATE_FILE).write_bytes(state)  # as if that run was killed before saving its manifest
    assert any(p.read_bytes() != fresh[p.name] for p in out.glob("*.json"))
    again = clean_paths([seeds_in], skipping, jobs=1)
    assert again.cleaned == first.found and again.unchanged == 0
    assert {p.name: p.read_bytes() for p in out.glob("*.json")} == fresh


@pytest.mark.parametrize("damage", ["stub", "title_made_a_list", "moved_input"])
def test_a_damaged_or_foreign_output_is_never_trusted(seeds_in: Path, tmp_path: Path, damage: str) -> None:
    """Defect 7: a parseable but invalid output (a stub with the right sha256, a field of
    the wrong type) or one naming another input path is cleaned again, not streamed on,
    and the folder reads back."""
    out = tmp_path / "out"
    skipping = Settings(out_dir=str(out), skip_unchanged=True, timeout=None)
    first = clean_paths([seeds_in], skipping, jobs=1)
    target = sorted(out.glob("*.json"))[0]
    doc = json.loads(target.read_text())
    state_path = out / batch.STATE_FILE
    state = json.loads(state_path.read_text())
    if damage == "stub":
        text = json.dumps({"source": {"sha256": doc["source"]["sha256"]}, "pipeline": {"version": "0.1.0"}})
    elif damage == "title_made_a_list":
        text = json.dumps({**doc, "title": [doc["title"]]}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = json.dumps({**doc, "source": {**doc["source"], "path": "/elsewhere/x.txt"}},
                          ensure_ascii=False, indent=2) + "\n"
    target.write_text(text, encoding="utf-8")
    # The worst case: the manifest entry vouches for exactly these bytes.
    import hashlib
    for entry in state["records"].values():
        if entry[1] + ".json" == target.name:
            entry[4] = hashlib.sha256(target.read_bytes()).hexdigest()
    state_path.write_text(json.dumps(state))
    jsonl = tmp_path / "all.jsonl"
    from pipeline.sinks import Tee
    from pipeline.sinks.json_folder import JsonFolder
    from pipeline.sinks.jsonl import JsonLines
    again = clean_paths([seeds_in], skipping, jobs=1, sink=Tee(JsonFolder(out), JsonLines(jsonl)))
    assert (again.cleaned, again.unchanged) == (1, first.found - 1)
    assert json.loads(target.read_text()) == doc
    assert len(list(iter_documents(out))) == first.found
    from conftest import assert_valid
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        assert_valid(json.loads(line))


# --- issue 11: nothing silent ------------------------------------------------------------------

_WHOLE_PAGE = (b"<!DOCTYPE html><html><head><title>The page title</title></head><body><article>"
               b"<h1>The page title</h1><p>" + b"A sentence of the story told in plain words. " * 30
               + b"</p></article></body></html>")


def test_files_of_other_types_are_reported_as_skipped(tmp_path: Path, seed_files: list[Path]) -> None:
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    shutil.copy(seed_files[0], src / seed_files[0].name)
    for rel in ("slides.pdf", "deep/notes.md", "deep/NOSUFFIX"):
        (src / rel).write_text("not an input")
    skipped: list[str] = []
    found, _ = discover([src], skipped=skipped)
    assert len(found) == 1
    assert [Path(p).relative_to(src).as_posix() for p in skipped] == ["deep/NOSUFFIX", "deep/notes.md", "slides.pdf"]
    report = clean_paths([src], Settings(out_dir=str(tmp_path / "out")), jobs=1)
    assert (report.found, report.cleaned, len(report.skipped)) == (1, 1, 3)
    assert report.expected == 1


@pytest.mark.parametrize("name, hinted", [("saved.txt", None), ("record", "text")])
def test_a_whole_html_document_is_html_whatever_its_suffix_or_field(name: str, hinted: str | None) -> None:
    from pipeline.sources import Hints, Record

    record = Record(record_id=name, output_key=name, content=_WHOLE_PAGE, hints=Hints(format=hinted))
    outcome, document = batch.clean_record(batch.Work(record), Settings(timeout=None))
    assert outcome.status == "cleaned" and document["source"]["format"] == "html"
    assert document["title"] == "The page title" and "<" not in document["body"]
    assert outcome.note and "cleaned as HTML" in outcome.note
    # Plain text in a .txt file is text, and says nothing.
    plain = Record(record_id="plain.txt", output_key="plain", content=b"".join(
        b"<b>Markup</b> in sentence %d is still text when no document opens the file.\n\n" % i for i in range(8)))
    outcome, document = batch.clean_record(batch.Work(plain), Settings(timeout=None))
    assert document["source"]["format"] == "text" and outcome.note is None


def test_stdin_is_one_record_named_stdin() -> None:
    import io

    from pipeline.sources.files import StandardInput

    (record,) = StandardInput(1000, io.BytesIO(b"Some words")).records()
    assert (record.record_id, record.output_key, record.read(1000)) == ("<stdin>", "stdin", b"Some words")
    (refusal,) = StandardInput(4, io.BytesIO(b"Some words")).records()
    assert refusal.reason == "too_large"


def test_a_lasting_failure_with_unchanged_bytes_is_not_cleaned_again(tmp_path: Path, seed_files: list[Path]) -> None:
    """Issue 11: a scheduled run no longer cleans (and logs afresh) the same failing input on
    every tick: the manifest remembers a lasting failure of these bytes until they change."""
    import dataclasses

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(seed_files[0], raw / seed_files[0].name)
    (raw / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    settings = Settings(out_dir=str(tmp_path / "out"), skip_unchanged=True, fsync=False)
    first = clean_paths([raw], settings, jobs=1)
    (failure,) = first.failures
    assert failure.reason == "no_article" and not failure.detail.startswith("failed earlier")

    second = clean_paths([raw], settings, jobs=1)
    (failure,) = second.failures
    assert failure.reason == "no_article" and failure.detail.startswith("failed earlier, unchanged: ")
    assert (second.cleaned, second.unchanged) == (0, 1), "neither input was cleaned again"

    (raw / "menu.html").write_bytes(b"")  # new bytes: cleaned again, failing afresh
    third = clean_paths([raw], settings, jobs=1)
    assert [(f.reason, f.detail.startswith("failed earlier")) for f in third.failures] == [("empty", False)]
    fresh = clean_paths([raw], dataclasses.replace(settings, skip_unchanged=False), jobs=1)
    assert not fresh.failures[0].detail.startswith("failed earlier"), "without skip-unchanged all is cleaned"
