"""The sinks (pipeline/sinks/): JSON folder, JSON Lines and Parquet hold the same documents;
single-file outputs are complete or absent; skip-unchanged works for every source and sink
through the manifest, and never trusts an output the sink cannot verify; a killed run,
name clashes and the per-document limits hold for every source and sink."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import Settings, clean_paths
from pipeline.sinks import Tee
from pipeline.sinks.json_folder import JsonFolder
from pipeline.sinks.jsonl import JsonLines

from conftest import RAW, assert_valid, assert_valid_folder, run_cli
from corpora import PAGES, build_jsonl, build_warc, page_bytes

pq = pytest.importorskip("pyarrow.parquet")
from pipeline.sinks import parquet as parquet_sink  # noqa: E402
from pipeline.sinks.parquet import ParquetFile, row_to_document  # noqa: E402

SINKS = ("folder", "jsonl", "parquet")
SOURCES = ("files", "warc", "jsonl")


def _sink(kind: str, where: Path):
    return {"folder": lambda: JsonFolder(where), "jsonl": lambda: JsonLines(where),
            "parquet": lambda: ParquetFile(where)}[kind]()


def _where(kind: str, tmp_path: Path) -> Path:
    return tmp_path / {"folder": "out", "jsonl": "out.jsonl", "parquet": "out.parquet"}[kind]


def _documents(kind: str, where: Path) -> list[dict]:
    if kind == "folder":
        return assert_valid_folder(where)
    if kind == "jsonl":
        return [json.loads(line) for line in where.read_text(encoding="utf-8").splitlines()]
    return [row_to_document(row) for row in pq.read_table(where).to_pylist()]


def _snapshot(kind: str, where: Path) -> dict[str, bytes]:
    if kind == "folder":
        return {p.name: p.read_bytes() for p in sorted(where.rglob("*.json"))}
    return {where.name: where.read_bytes()}


def _inputs(kind: str, root: Path, texts: list[str]) -> Path:
    """The same articles as a folder of .txt files, a WARC of HTML pages, or JSON Lines of
    text records."""
    root.mkdir(exist_ok=True)
    if kind == "files":
        folder = root / "in"
        folder.mkdir(exist_ok=True)
        for i, text in enumerate(texts):
            (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
        return folder
    if kind == "warc":
        pages = [(f"https://news.example/{i}", f"<html><body><h1>{text.splitlines()[0]}</h1><p>"
                  f"{'</p><p>'.join(text.splitlines()[1:])}</p></body></html>".encode()) for i, text in enumerate(texts)]
        return build_warc(root / "crawl.warc.gz", pages, extras=False)
    return build_jsonl(root / "feed.jsonl", [{"url": f"https://news.example/{i}", "text": t} for i, t in enumerate(texts)])


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))[:4]]


@pytest.mark.parametrize("sink_kind", SINKS)
@pytest.mark.parametrize("source_kind", SOURCES)
def test_skip_unchanged_for_every_source_and_sink(tmp_path: Path, source_kind: str, sink_kind: str) -> None:
    texts = _texts()
    inputs = _inputs(source_kind, tmp_path / "data", texts)
    where = _where(sink_kind, tmp_path)
    settings = Settings(skip_unchanged=True, timeout=None)
    first = clean_paths([inputs], settings, jobs=1, sink=_sink(sink_kind, where))
    assert (first.cleaned, first.failed) == (len(texts), 0), first.failures
    before = _snapshot(sink_kind, where)
    docs = _documents(sink_kind, where)
    for doc in docs:
        assert_valid(doc)

    second = clean_paths([inputs], settings, jobs=1, sink=_sink(sink_kind, where))
    assert (second.cleaned, second.unchanged) == (0, len(texts))
    assert _snapshot(sink_kind, where) == before, "unchanged records give the same output bytes"

    texts[1] += "\n\nOne more paragraph, added after the first run, long enough to be read as prose.\n"
    inputs = _inputs(source_kind, tmp_path / "data", texts)
    third = clean_paths([inputs], settings, jobs=1, sink=_sink(sink_kind, where))
    assert (third.cleaned, third.unchanged) == (1, len(texts) - 1)
    after = _documents(sink_kind, where)
    assert [d["source"]["path"] for d in after] == [d["source"]["path"] for d in docs]
    changed = [i for i, (a, b) in enumerate(zip(docs, after)) if a != b]
    assert changed == [1]
    assert after[1]["source"]["sha256"] != docs[1]["source"]["sha256"]


@pytest.mark.parametrize("sink_kind", ["jsonl", "parquet"])
def test_an_output_replaced_behind_the_manifest_is_not_trusted(tmp_path: Path, sink_kind: str) -> None:
    inputs = _inputs("files", tmp_path / "data", _texts())
    where = _where(sink_kind, tmp_path)
    settings = Settings(skip_unchanged=True, timeout=None)
    clean_paths([inputs], settings, jobs=1, sink=_sink(sink_kind, where))
    other = _inputs("files", tmp_path / "other", _texts()[:2])
    clean_paths([other], Settings(timeout=None), jobs=1, sink=_sink(sink_kind, tmp_path / "elsewhere"))
    os.replace(tmp_path / "elsewhere", where)
    report = clean_paths([inputs], settings, jobs=1, sink=_sink(sink_kind, where))
    assert report.unchanged == 0 and report.cleaned == 4


def test_a_line_changed_between_verify_and_keep_is_not_kept(tmp_path: Path) -> None:
    """keep() trusts verify()'s checks only for the same bytes: a line changed in between
    (same offset, another digest) is refused, not copied into the new file."""
    from pipeline.manifest import Manifest
    from pipeline.sources import open_sources

    inputs = _inputs("files", tmp_path / "data", _texts())
    where = _where("jsonl", tmp_path)
    settings = Settings(skip_unchanged=True, timeout=None)
    clean_paths([inputs], settings, jobs=1, sink=_sink("jsonl", where))
    sink = JsonLines(where)
    (record_id, entry), *_ = Manifest(sink.manifest_path, settings.fingerprint).entries.items()
    record = next(r for r in open_sources([inputs])[0].records()
                  if r.record_id == record_id)
    assert sink.verify(record, entry)
    sink.open()
    data = bytearray(where.read_bytes())
    data[entry.at + 2] ^= 1  # the same length, other bytes
    where.write_bytes(bytes(data))
    with pytest.raises(OSError, match="changed during the run"):
        sink.keep(record, entry)
    sink.abort()


def test_the_three_sinks_hold_the_same_documents(tmp_path: Path) -> None:
    inputs = _inputs("files", tmp_path / "data", _texts())
    out, lines, table = tmp_path / "out", tmp_path / "all.jsonl", tmp_path / "all.parquet"
    result = run_cli("clean", inputs, "--out", out, "--jsonl", lines, "--parquet", table, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    folder = _documents("folder", out)
    assert folder == _documents("jsonl", lines) == _documents("parquet", table)
    assert [f.name for f in pq.read_schema(table)] == list(folder[0])


def test_parquet_row_groups_are_flushed_as_the_run_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_sink, "ROW_GROUP_ROWS", 2)
    inputs = _inputs("files", tmp_path / "data", _texts() * 2)
    table = tmp_path / "t.parquet"
    written = []
    sink = ParquetFile(table)
    real_flush = sink._flush

    def flush() -> None:
        written.append(len(sink.rows))
        real_flush()

    sink._flush = flush
    report = clean_paths([inputs], Settings(timeout=None), jobs=1, sink=sink)
    assert report.cleaned == 8
    assert pq.ParquetFile(table).metadata.num_row_groups == 4
    assert written[:4] == [2, 2, 2, 2]


def test_parquet_is_absent_when_the_run_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs("files", tmp_path / "data", _texts())
    table = tmp_path / "t.parquet"
    sink = ParquetFile(table)
    calls = []

    def broken_write(record, document):
        calls.append(record)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return ParquetFile.write(sink, record, document)

    sink.write = broken_write
    with pytest.raises(KeyboardInterrupt):
        clean_paths([inputs], Settings(timeout=None), jobs=1, sink=sink)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"], "no file, no temporary, no manifest"


OPTIONS = {"folder": "--out", "jsonl": "--jsonl", "parquet": "--parquet"}
# The folder under a kill with the file tree and WARC sources: tests/test_hostile.py
# (test_killed_run_then_rerun_leaves_complete_outputs, 400 inputs); here the rest.
KILLED = [(source, sink) for source in SOURCES for sink in ("jsonl", "parquet")] + [("jsonl", "folder")]


@pytest.mark.parametrize("source_kind, sink_kind", KILLED)
def test_killed_run_leaves_whole_outputs_and_the_rerun_finishes(tmp_path: Path, source_kind: str,
                                                                 sink_kind: str) -> None:
    """SIGKILL of the whole run (workers too) while it waits on a slow last record: a
    single file stays the earlier one byte for byte, a folder holds only whole documents;
    the next run sweeps the stale temporary and gives the earlier outputs again."""
    seeds = sorted(RAW.glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds[:4]]
    inputs = _inputs(source_kind, tmp_path / "data", texts)
    where, option = _where(sink_kind, tmp_path), OPTIONS[sink_kind]
    assert run_cli("clean", inputs, option, where, "--jobs", "2").returncode == 0
    earlier = _snapshot(sink_kind, where)
    # Several seconds of work last, so that the kill lands while the run waits for it.
    _inputs(source_kind, tmp_path / "data", texts + [_slow_text(texts[1], 2000)])
    since = max(p.stat().st_mtime_ns for p in where.rglob("*")) if sink_kind == "folder" else 0
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(inputs), option, str(where), "--jobs", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    temporaries = where if sink_kind == "folder" else tmp_path
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (sink_kind == "folder" and _rewritten(where, since)
                                               or [p for p in temporaries.iterdir() if p.name.endswith(".part")]):
        time.sleep(0.02)
    time.sleep(0.5)
    assert run.poll() is None, "the kill should land mid-run"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    if sink_kind == "folder":
        for path in where.rglob("*.json"):  # whatever the killed run wrote is whole
            assert_valid(json.loads(path.read_text(encoding="utf-8")))
    else:
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".part")], "killed while writing FILE"
        assert _snapshot(sink_kind, where) == earlier, "a killed run leaves the earlier file as it was"

    inputs = _inputs(source_kind, tmp_path / "data", texts)  # the slow record gone again
    if source_kind == "files":
        (inputs / f"{len(texts):02d}.txt").unlink()
    result = run_cli("clean", inputs, option, where, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert not [p for p in temporaries.rglob("*") if p.name.endswith(".part")], "the stale temporary is swept"
    assert _snapshot(sink_kind, where) == earlier


def _slow_text(text: str, copies: int) -> str:
    """Seconds of cleaning work from any source: `copies` of `text`, eight lines to a line
    (as a WARC page, a paragraph a line, it stays under the HTML element limit)."""
    lines = (text * copies).splitlines()
    return "\n".join([lines[0]] + [" ".join(lines[i:i + 8]) for i in range(1, len(lines), 8)])


def _rewritten(folder: Path, since: int) -> bool:
    """Whether a run has written into `folder` after the time `since` (nanoseconds)."""
    return any(p.stat().st_mtime_ns > since for p in folder.rglob("*.json"))


@pytest.mark.parametrize("sink_kind", SINKS)
@pytest.mark.parametrize("source_kind", SOURCES)
def test_clashes_and_the_size_limit_hold_for_every_source_and_sink(tmp_path: Path, source_kind: str,
                                                                    sink_kind: str) -> None:
    """The same input given twice from two folders: every record of the second is refused
    as a name clash (its output names are the first's), never written over it; a record
    over --max-bytes fails alone, in its place. Every sink holds the same documents."""
    texts = _texts()[:3]
    texts.insert(1, texts[0] * 8)  # over the limit below; the others are well under it
    first = _inputs(source_kind, tmp_path / "a", texts)
    second = _inputs(source_kind, tmp_path / "b", texts)
    where = _where(sink_kind, tmp_path)
    report = clean_paths([first, second], Settings(timeout=None, max_bytes=30_000), jobs=1,
                         sink=_sink(sink_kind, where))
    reasons = sorted((Path(f.path).parts[len(tmp_path.parts)], f.reason) for f in report.failures)
    # A WARC record over the limit is refused on sight (its declared length) and claims no
    # output name; a file's or a JSON Lines record's size is checked when it is read.
    big = "too_large" if source_kind == "warc" else "name_clash"
    assert reasons == sorted([("a", "too_large"), ("b", big)] + [("b", "name_clash")] * 3)
    assert report.cleaned == 3
    documents = _documents(sink_kind, where)
    assert [Path(d["source"]["path"]).parts[len(tmp_path.parts)] for d in documents] == ["a"] * 3
    reference = clean_paths([first], Settings(timeout=None, max_bytes=30_000), jobs=1,
                            sink=_sink("folder", tmp_path / "reference"))
    assert reference.cleaned == 3 and documents == _documents("folder", tmp_path / "reference")


@pytest.mark.parametrize("sink_kind", SINKS)
def test_a_record_over_the_time_limit_fails_alone_in_every_sink(tmp_path: Path, sink_kind: str) -> None:
    """The time limit is the runner's, whatever the sink (over every source:
    tests/test_hostile.py): the slow record fails as timeout, the others are written."""
    texts = _texts()[:3]
    texts.insert(1, _slow_text(texts[1], 1000))  # seconds of work
    inputs = _inputs("files", tmp_path / "data", texts)
    where = _where(sink_kind, tmp_path)
    report = clean_paths([inputs], Settings(timeout=1.0), jobs=2, sink=_sink(sink_kind, where))
    failed = {Path(f.path).name: f.reason for f in report.failures}
    # On a loaded machine a small document can overrun 1 s too (a replacement worker's start
    # counts against its first document): whatever fails, fails as timeout and is not written.
    assert failed.get("01.txt") == "timeout" and set(failed.values()) == {"timeout"}
    written = [Path(d["source"]["path"]).name for d in _documents(sink_kind, where)]
    assert written == [name for name in ("00.txt", "01.txt", "02.txt", "03.txt") if name not in failed]
    assert report.cleaned == len(written)


def test_tee_streams_unchanged_documents_from_the_primary(tmp_path: Path) -> None:
    inputs = _inputs("warc", tmp_path / "data", _texts())
    settings = Settings(skip_unchanged=True, timeout=None)
    out = tmp_path / "out"
    clean_paths([inputs], settings, jobs=1, sink=JsonFolder(out))
    second = clean_paths([inputs], settings, jobs=1, sink=Tee(JsonFolder(out), ParquetFile(tmp_path / "t.parquet")))
    assert second.unchanged == 4
    assert _documents("parquet", tmp_path / "t.parquet") == _documents("folder", out)
    assert not (tmp_path / "t.parquet.pipeline-state").exists(), "only the primary keeps a manifest"


def test_jsonl_sink_to_stdout_keeps_no_manifest(tmp_path: Path) -> None:
    inputs = _inputs("jsonl", tmp_path / "data", _texts())
    result = run_cli("clean", inputs, "--jsonl", "-", "--skip-unchanged", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_parquet_sink_without_a_writable_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("clean", PAGES[0], "--parquet", tmp_path / "no" / "such.parquet")
    assert result.returncode == 2 and "such.parquet" in result.stderr


def test_page_bytes_are_what_the_warc_carries() -> None:
    assert page_bytes(PAGES[0]).startswith(b"<")


def test_a_worker_renders_the_json_text_once_and_it_survives_the_pipe() -> None:
    import pickle

    import pipeline
    from pipeline.document import RenderedDict

    doc = pipeline.clean("Headline here\n\nFirst paragraph of the story, long enough to count as prose.")
    sent = pickle.loads(pickle.dumps(doc.to_rendered_dict()))
    assert isinstance(sent, RenderedDict)
    assert sent.json_text == doc.to_json()
    assert dict(sent) == doc.to_dict()


@pytest.mark.parametrize("option, name", [("--parquet", "out.parquet"), ("--jsonl", "out.jsonl")])
def test_sigterm_leaves_no_temporary_and_the_earlier_file_whole(tmp_path: Path, option: str, name: str) -> None:
    """Issue 12, defect 8: SIGTERM left FILE's temporary beside it; it now unwinds like Ctrl-C."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for i in range(10):
        (folder / f"{i:04d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes())
    elsewhere = tmp_path / "files"
    elsewhere.mkdir()
    target = elsewhere / name  # FILE outside --out
    assert run_cli("clean", folder, option, target, "--jobs", "1").returncode == 0
    earlier = target.read_bytes()
    (folder / "0005-slow.txt").write_bytes(seeds[1].read_bytes() * 1500)
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(folder), "--out", str(tmp_path / "out"),
                            option, str(target), "--jobs", "1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [p for p in elsewhere.iterdir() if p.name.endswith(".part")]:
        time.sleep(0.02)
    time.sleep(0.5)
    assert run.poll() is None, "the signal should land mid-run"
    run.send_signal(signal.SIGTERM)
    stderr = run.communicate(timeout=60)[1].decode()
    assert run.returncode == 128 + signal.SIGTERM and "Traceback" not in stderr
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".part")]
    assert not list((tmp_path / "out").glob(".pipeline-tmp-*"))
    assert target.read_bytes() == earlier
