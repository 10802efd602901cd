"""The sources (pipeline/sources/): a WARC file and JSON Lines of scraped records clean to
the same documents as the pages themselves; what each source passes over or refuses."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline.batch import Settings, clean_paths
from pipeline.sources import Hints, Refusal, source_kind
from pipeline.sources.jsonl import JsonlFields, JsonlRecords
from pipeline.sources.warc import WarcRecords

from conftest import assert_valid, assert_valid_folder, run_cli
from corpora import PAGES, build_jsonl, build_warc, page_bytes, without_source


def _folder_docs(out: Path) -> list[dict]:
    return assert_valid_folder(out)


def test_warc_of_real_pages_cleans_as_the_pages_do(tmp_path: Path, shared_dir: Path) -> None:
    """Shared bench pages in a WARC (response records with headers, every other body sent
    gzip-encoded, the file cut inside its last record): each complete record gives the
    document its page gives; the cut one is refused as truncated."""
    pages = sorted((shared_dir / "bench" / "scrapinghub" / "html").glob("*.html.gz"))[:6]
    assert len(pages) == 6
    warc = build_warc(tmp_path / "crawl.warc.gz",
                      [(f"https://news.example/{p.name[:12]}", page_bytes(p)) for p in pages],
                      truncate_last=True)
    report = clean_paths([warc], Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [("crawl.warc.gz#16", "truncated")]
    from_warc = _folder_docs(tmp_path / "out")  # in record order: crawl/000003.json, ...
    assert len(from_warc) == 5
    for page, doc in zip(pages, from_warc):
        direct = pipeline.clean(page.read_bytes(), source=str(page)).to_dict()
        assert without_source(doc) == without_source(direct), page.name
        assert doc["source"]["sha256"] != direct["source"]["sha256"]  # gzip vs plain bytes
        # The URL the page declares wins; the record's URL stands in where it declares none.
        assert doc["source"]["url"] == direct["source"].get("url", f"https://news.example/{page.name[:12]}")


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_warc_records_and_what_is_passed_over(tmp_path: Path, compress: bool) -> None:
    pages = [(f"https://news.example/{p.stem}", page_bytes(p)) for p in PAGES[:3]]
    warc = build_warc(tmp_path / ("small.warc.gz" if compress else "small.warc"), pages, compress=compress)
    items = list(WarcRecords(warc).records())
    assert all(not isinstance(i, Refusal) for i in items)
    # warcinfo 1; page 0: request 2, response 3, png 4, redirect 5, metadata 6; then request/response pairs.
    assert [i.output_key for i in items] == ["small/000003", "small/000008", "small/000010"]
    assert [i.hints.url for i in items] == [url for url, _ in pages]
    assert items[1].content == pages[1][1], "a gzip-encoded body is decoded"
    first = items[0].hints
    assert (first.format, first.charset, first.content_type) == ("html", "utf-8", "text/html")
    assert first.fetched and first.fetched[:2] == "20"


def test_warc_http_charset_decodes_a_page_that_declares_none(tmp_path: Path) -> None:
    """A legacy-encoded page without <meta charset> is read in the charset its HTTP header
    names, as a browser reads it: the Czech letters survive instead of being guessed."""
    story = ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl včera ředitel zoologické zahrady "
             "v Brně. Zaměstnanci zahrady se podle něj učí písně, které kůň zpívá každé ráno. ")
    html = (f"<html><head><title>Kůň zpívá</title></head><body><article><h1>Kůň zpívá</h1>"
            f"<p>{story * 3}</p><p>{story * 2}</p></article></body></html>").encode("iso-8859-2")
    warc = build_warc(tmp_path / "cz.warc.gz", [("https://news.example/kun", html, "text/html; charset=ISO-8859-2")],
                      gzip_every=5, extras=False)
    out = tmp_path / "out"
    assert run_cli("clean", str(warc), "--out", str(out)).returncode == 0
    (doc,) = _folder_docs(out)
    assert "Příliš žluťoučký kůň úpěl ďábelské ódy" in doc["body"]
    assert doc["source"]["encoding"] == "iso8859-2"


def test_warc_record_over_the_size_limit_is_refused_alone(tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"A sentence of the long page goes on and on. " * 3000 + b"</p></body></html>"
    pages = [("https://news.example/a", page_bytes(PAGES[0])), ("https://news.example/big", big),
             ("https://news.example/c", page_bytes(PAGES[1]))]
    warc = build_warc(tmp_path / "c.warc.gz", pages, extras=False)
    report = clean_paths([warc], Settings(out_dir=str(tmp_path / "out"), timeout=None, max_bytes=100_000), jobs=1)
    assert [(f.path, f.reason) for f in report.failures] == [(f"{warc}#4", "too_large")]
    assert report.cleaned == 2


def test_a_file_that_is_not_a_warc_after_all_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b" + bytes(100))
    report = clean_paths([bad], Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert [f.reason for f in report.failures] == ["truncated"]


def test_jsonl_records_clean_as_the_pages_and_texts_do(tmp_path: Path, seed_files: list[Path]) -> None:
    html = page_bytes(PAGES[2]).decode("utf-8")
    text = seed_files[0].read_text(encoding="utf-8")
    records = build_jsonl(tmp_path / "scraped.jsonl", [
        {"url": "https://news.example/page", "html": html},
        {"url": "https://news.example/text", "text": text},
        {"url": "https://news.example/none", "title": "neither html nor text"},
    ])
    (tmp_path / "bad.jsonl").write_text('{"html": "<p>x</p>"}\nnot json\n[1, 2]\n')
    report = clean_paths([records], Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [("scraped.jsonl#3", "empty")]
    out = tmp_path / "out" / "scraped"
    page_doc = json.loads((out / "000001.json").read_text())
    text_doc = json.loads((out / "000002.json").read_text())
    assert without_source(page_doc) == without_source(pipeline.clean(PAGES[2].read_bytes(), source=PAGES[2].name).to_dict())
    assert without_source(text_doc) == without_source(pipeline.clean(seed_files[0].read_bytes(), source="x.txt").to_dict())
    assert page_doc["source"]["format"] == "html" and text_doc["source"]["format"] == "text"
    assert text_doc["source"]["url"] == "https://news.example/text"
    items = list(JsonlRecords(tmp_path / "bad.jsonl").records())
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("Record", None), ("Refusal", "undecodable"), ("Refusal", "undecodable")]


def test_jsonl_field_names_are_configurable(tmp_path: Path, seed_files: list[Path]) -> None:
    records = build_jsonl(tmp_path / "feed.jsonl", [
        {"link": "https://news.example/1", "content": seed_files[1].read_text(encoding="utf-8"), "key": "a-1"}])
    fields = JsonlFields.parse("url=link,text=content,id=key")
    (item,) = JsonlRecords(records, fields).records()
    assert item.record_id == f"{records}#a-1" and item.hints == Hints(url="https://news.example/1", charset="utf-8", format="text")
    result = run_cli("clean", records, "--jsonl", "-", "--fields", "url=link,text=content,id=key")
    assert result.returncode == 0, result.stderr
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert_valid(doc)
    assert doc["source"]["url"] == "https://news.example/1" and doc["source"]["path"].endswith("#a-1")
    assert run_cli("clean", records, "--jsonl", "-", "--fields", "link").returncode == 2


def test_inputs_are_told_apart_by_suffix_and_content(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", [("https://news.example/a", page_bytes(PAGES[0]))])
    renamed = tmp_path / "crawl.bin"
    renamed.write_bytes(warc.read_bytes())
    lines = build_jsonl(tmp_path / "records.data", [{"html": "<p>x</p>"}])
    assert [source_kind(p) for p in (warc, renamed, lines, PAGES[0], tmp_path)] == ["warc", "warc", "jsonl", "files", "files"]


def test_mixed_inputs_on_one_command_line(tmp_path: Path, seed_files: list[Path]) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", [("https://news.example/a", page_bytes(PAGES[0]))])
    lines = build_jsonl(tmp_path / "feed.jsonl", [{"text": seed_files[0].read_text(encoding="utf-8")}])
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.html").write_bytes(PAGES[1].read_bytes())
    result = run_cli("clean", folder, warc, lines, seed_files[1], "--out", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert written == sorted(["crawl/000003.json", "feed/000001.json", f"{seed_files[1].stem}.json", "one.json"])


def test_two_containers_with_one_name_clash(tmp_path: Path) -> None:
    """Outputs are keyed by the container's stem: the second file of the same name is
    refused record by record, never written over the first."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        build_warc(tmp_path / folder / "crawl.warc.gz", [("https://news.example/x", page_bytes(PAGES[0]))], extras=False)
    report = clean_paths([tmp_path / "a" / "crawl.warc.gz", tmp_path / "b" / "crawl.warc.gz"],
                         Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert [(Path(f.path).parent.name, f.reason) for f in report.failures] == [("b", "name_clash")]
    assert report.cleaned == 1


def test_a_fifo_named_like_a_container_is_never_opened(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "stream.warc.gz"
    os.mkfifo(fifo)
    result = run_cli("clean", fifo, "--out", tmp_path / "out", timeout=60)
    assert result.returncode == 1 and "not_regular" in result.stderr


def test_a_new_container_source_is_one_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module in the sources package that defines CONTAINER is found, recognised by its
    suffix and its first bytes, and opened: nothing else in the package changes."""
    import pipeline.sources as sources

    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    (plugin_dir / "linestore.py").write_text('''
from pipeline.sources import Container, Hints, Record

class LineStore:
    def __init__(self, path):
        self.path = str(path)

    def records(self):
        with open(self.path, "rb") as handle:
            for number, line in enumerate(handle.read().split(b"\\n")[1:], start=1):
                if line.strip():
                    yield Record(f"{self.path}#{number}", f"lines/{number:06d}", line, Hints(format="text"))

CONTAINER = Container(name="linestore", suffixes=(".lines",), sniff=lambda head: head.startswith(b"LINESTORE"),
                      open=lambda path, options: LineStore(path))
''', encoding="utf-8")
    monkeypatch.setattr(sources, "__path__", [*sources.__path__, str(plugin_dir)])
    monkeypatch.setattr(sources, "_containers", None)
    monkeypatch.setitem(__import__("sys").modules, "pipeline.sources.linestore", None)  # import afresh
    __import__("sys").modules.pop("pipeline.sources.linestore")
    story = b"Headline\nThe council met on Monday and agreed the budget for the coming year after a long debate."
    named = tmp_path / "batch.lines"
    named.write_bytes(b"LINESTORE\n" + story.replace(b"\n", b" "))
    unnamed = tmp_path / "batch.dat"
    unnamed.write_bytes(named.read_bytes())
    assert [sources.source_kind(p) for p in (named, unnamed)] == ["linestore", "linestore"]
    (opened,) = sources.open_sources([named])
    (record,) = list(opened.records())
    assert record.output_key == "lines/000001" and record.content.startswith(b"Headline")
    monkeypatch.setattr(sources, "_containers", None)  # found again without the plugin after the test
