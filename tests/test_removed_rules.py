"""Issue 9, item 4: every removal names a rule of the table, and that rule's own `test`
accepts the removed text (a context rule: in the context the labeller decided in).

Checked on the golden outputs (each of their `removed` entries must be one the labeller
makes and accepts now), on hostile inputs, and, when the shared bench is present, on the
benchmark pages (a fixed sample; `PIPELINE_ALL_BENCH=1` checks every page).
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest

from pipeline.core import analyse, assemble
from pipeline.errors import CleanError
from pipeline.rules import ALL_RULES, Context, ContextRule
from pipeline.text import make_block

from conftest import RAW

TESTS = Path(__file__).parent
RULES = {rule.name: rule for rule in ALL_RULES}
BENCH = Path("/work/shared/bench")
# Removals the HTML reader makes outside the labeller (figcaptions, copies of a paragraph the
# extractor left out), and the context it decides them in.
_FIGCAPTION_CONTEXT = {"html.figcaption": Context(figcaption=True),
                       "html.teaser_figcaption": Context(figcaption=True, figure_link=True),
                       "html.repeated_paragraph": Context(in_region=True, repeats=2)}


def rule_failures(data: bytes, source: str) -> tuple[list[str], set[tuple[str, str]]]:
    """Removals of one input whose rule is unknown or does not accept them, and every
    (rule, text) removed (an input that fails to clean has none)."""
    try:
        analysis = analyse(data, source=source)
        doc = assemble(analysis.labelled, analysis.source, analysis.fixes, analysis.facts)
    except CleanError:
        return [], set()
    failures = []
    blocks = {}
    for block in analysis.labelled.blocks:
        if block.rule:
            blocks.setdefault((block.rule, block.text), block)
    for removed in doc.removed:
        rule = RULES.get(removed.rule)
        where = f"{source}: {removed.rule} {removed.text[:70]!r}"
        if rule is None:
            failures.append(f"{where}: no such rule")
            continue
        if rule.kind != removed.kind:
            failures.append(f"{where}: kind {removed.kind!r}, the rule's is {rule.kind!r}")
        block = blocks.get((removed.rule, removed.text))
        if block is None:  # removed before labelling (a figcaption)
            block = make_block(removed.text)
            context = _FIGCAPTION_CONTEXT.get(removed.rule)
        else:
            context = block.context
        if isinstance(rule, ContextRule):
            accepted = context is not None and rule.test(block, context)
        else:
            accepted = rule.matches(block.text, block.words)
        if not accepted:
            failures.append(f"{where}: the rule's test does not accept it")
    return failures, {(r.rule, r.text) for r in doc.removed}


def _golden_cases() -> list[tuple[Path, Path, str]]:
    seeds = [(TESTS / "golden" / "seeds" / (p.stem + ".json"), p, f"raw/{p.name}") for p in sorted(RAW.glob("*.txt"))]
    pages = [(TESTS / "golden" / "html" / (p.name.split(".")[0] + ".json"), p, f"tests/data/html/{p.name}")
             for p in sorted((TESTS / "data" / "html").iterdir())]
    return [case for case in seeds + pages if case[0].exists()]


@pytest.mark.parametrize(("golden", "page", "source"), _golden_cases(), ids=lambda v: getattr(v, "name", ""))
def test_golden_removals_name_rules_that_accept_them(golden: Path, page: Path, source: str) -> None:
    failures, made = rule_failures(page.read_bytes(), source)
    assert failures == []
    recorded = {(r["rule"], r["text"]) for r in json.loads(golden.read_text(encoding="utf-8"))["removed"]}
    assert recorded <= made  # every recorded removal is one the rules make and accept


_ARTICLE = ("A headline for the test article\n\n"
            "The first paragraph of the article is long enough to read as prose, with a full stop.\n\n"
            "Share this:\n\nFacebook | Twitter\n\n"
            "The second paragraph goes on with the story and also ends like a sentence does.\n\n"
            "Photo: Reuters\n\nLeave a Reply\n")
HOSTILE = {
    "nul_padded": _ARTICLE.encode() + b"\x00" * 3,
    "crlf": _ARTICLE.replace("\n", "\r\n").encode(),
    "utf16_no_bom": _ARTICLE.encode("utf-16-le"),
    "utf16_bom": codecs.BOM_UTF16_LE + _ARTICLE.encode("utf-16-le"),
    "cp1252": ("Caf\u00e9 \u201cnaïve\u201d " + _ARTICLE).encode("cp1252"),
    "mixed_encodings": ("café\n" + _ARTICLE).encode() + "Gr\u00fc\u00dfe aus K\u00f6ln, sagte er.\n".encode("cp1252"),
    "mojibake": ("Itâ€™s " + _ARTICLE).encode(),
    "gzip": gzip.compress(_ARTICLE.encode()),
    "tag_soup": b"<html><body><div><p>" + _ARTICLE.replace("\n\n", "</p><p>").encode() + b"<figure><figcaption>"
                b"<b>Unclosed caption</b> Photo: AP</div></body>",
    "deep_nesting": b"<html><body>" + b"<div>" * 5000 + b"<p>" + _ARTICLE.encode() + b"</p></body></html>",
    "repeated_lines": ("\n\n".join([_ARTICLE] + ["External content not available"] * 4 + [_ARTICLE])).encode(),
    "cjk_menu": ("見出しのテスト記事です\n\nトップ\n\n新型ロケットの打ち上げ、天候不良で延期\n\n"
                 "政府は新たな経済対策を来週にも取りまとめる方針で、与党との調整を急いでいる。関係者が明らかにした。\n\n"
                 "対策には物価高への支援策が盛り込まれる見通しで、規模は前年を上回るとみられている。\n").encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_removals_name_rules_that_accept_them(name: str) -> None:
    assert rule_failures(HOSTILE[name], f"hostile/{name}")[0] == []


def _bench_files() -> list[Path]:
    if not BENCH.is_dir():
        return []
    files = sorted(p for p in BENCH.rglob("*") if p.is_file() and p.name.endswith((".html.gz", ".txt")))
    return files if os.environ.get("PIPELINE_ALL_BENCH") else files[::12]


@pytest.mark.skipif(not BENCH.is_dir(), reason="the shared bench (/work/shared/bench) is not here")
def test_bench_removals_name_rules_that_accept_them() -> None:
    files = _bench_files()
    assert files
    failures = [f for path in files for f in rule_failures(path.read_bytes(), path.name)[0]]
    assert failures == []


def test_the_check_catches_removals_its_rule_would_not_make(monkeypatch) -> None:
    """The check is not vacuous: a rule table that disagrees with a removal is reported."""
    from pipeline.rules import Rule

    assert rule_failures(HOSTILE["crlf"], "crlf")[0] == []
    monkeypatch.setitem(RULES, "social_prompt.wordpress", Rule("social_prompt.wordpress", "social_prompt",
                                                                test=lambda text: False))
    monkeypatch.delitem(RULES, "comment_prompt.section")
    failures = rule_failures(HOSTILE["crlf"], "crlf")[0]
    assert any("social_prompt.wordpress" in f and "does not accept" in f for f in failures)
    assert any("comment_prompt.section" in f and "no such rule" in f for f in failures)
