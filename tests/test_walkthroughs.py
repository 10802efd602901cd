"""docs/architecture.md's walk-throughs run as written: its example rule accepts its examples
and not its non-examples, its example kind is a valid registry entry, and its example tar
source, dropped into the sources package as it stands in the doc, cleans an archive of pages
to the documents the pages give (its example sink: tests/test_sinks_one_module.py)."""
from __future__ import annotations

import io
import re
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

import pipeline
from pipeline.batch import Settings, clean_paths

from conftest import RAW, assert_valid_folder
from corpora import PAGES, page_bytes, without_source

ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def doc_example(name: str) -> str:
    """The code block that follows `<!-- example: NAME -->` in docs/architecture.md, dedented."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n\s*```python\n(.*?)\n\s*```\n", text, re.S)
    assert found, f"no example {name!r} in {ARCHITECTURE.name}"
    return textwrap.dedent(found.group(1)) + "\n"


def test_the_example_rule_decides_its_examples() -> None:
    import pipeline.rules as rules

    (rule,) = eval(doc_example("rule"), vars(rules))  # noqa: S307 - our own doc, a Rule(...) expression
    assert rule.name not in rules.RULES_BY_NAME and rule.kind in pipeline.kinds.KINDS
    assert [rule.matches(text) for text in rule.examples] == [True] * len(rule.examples)
    assert [rule.matches(text) for text in rule.non_examples] == [False] * len(rule.non_examples)


def test_the_example_kind_is_a_valid_new_kind() -> None:
    import pipeline.kinds as kinds

    (kind,) = eval(doc_example("kind"), vars(kinds))  # noqa: S307 - our own doc, a Kind(...) expression
    assert kind.name not in kinds.KINDS and re.fullmatch(r"[a-z][a-z_]*", kind.name)
    assert kind.recorded_as_removed and not kind.in_article_prose


def _tar(target: Path, members: list[tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(target, mode) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


@pytest.fixture
def tar_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The doc's tar source module, in a folder added to the sources package's path."""
    import pipeline.sources as sources

    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    (plugin_dir / "tar.py").write_text(doc_example("pipeline/sources/tar.py"), encoding="utf-8")
    monkeypatch.setattr(sources, "__path__", [*sources.__path__, str(plugin_dir)])
    monkeypatch.setattr(sources, "_containers", None)
    monkeypatch.delitem(sys.modules, "pipeline.sources.tar", raising=False)
    yield sources
    monkeypatch.undo()
    sources._containers = None  # found again without the plugin
    sys.modules.pop("pipeline.sources.tar", None)


def test_the_example_source_cleans_a_tar_of_pages_as_the_pages_do(tmp_path: Path, tar_source) -> None:
    seed = sorted(RAW.glob("*.txt"))[0]
    members = [(f"pages/{p.name.removesuffix('.gz')}", page_bytes(p)) for p in PAGES]
    members.insert(1, ("pages/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))  # passed over
    members.append((f"texts/{seed.name}", seed.read_bytes()))
    archive = _tar(tmp_path / "crawl.tar.gz", members)
    unnamed = tmp_path / "crawl.bin"
    _tar(unnamed, members, mode="w")
    assert [tar_source.source_kind(p) for p in (archive, unnamed)] == ["tar", "tar"]

    report = clean_paths([archive], Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert (report.cleaned, report.failed) == (len(PAGES) + 1, 0), report.failures
    documents = assert_valid_folder(tmp_path / "out")  # crawl/000001.json, ... in member order
    expected = [pipeline.clean(page_bytes(p), source=p.name, format="html").to_dict() for p in PAGES]
    expected.append(pipeline.clean(seed.read_bytes(), source=seed.name).to_dict())
    assert [without_source(d) for d in documents] == [without_source(d) for d in expected]
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json")) == [
        f"crawl/{n:06d}.json" for n in [1, *range(3, len(members) + 1)]]


def test_the_example_source_refuses_a_cut_archive_after_what_it_read(tmp_path: Path, tar_source) -> None:
    members = [(f"pages/{p.name.removesuffix('.gz')}", page_bytes(p)) for p in PAGES]
    whole = _tar(tmp_path / "whole.tar", members, mode="w")
    with tarfile.open(whole) as archive:
        last = archive.getmembers()[-1]
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole.read_bytes()[: last.offset_data + last.size // 2])  # inside the last member
    report = clean_paths([cut], Settings(out_dir=str(tmp_path / "out"), timeout=None), jobs=1)
    assert [f.reason for f in report.failures] == ["truncated"]
    assert report.cleaned == len(PAGES) - 1
