"""`pipeline explain` as a reviewer uses it: filters, line numbers, hanging indent, the
counts table, every removed block of an HTML page (figcaptions, what the extractor
discarded), a `no_article` page, and the HTML review page checked in a real headless
browser (Debian's Chromium; skipped with the reason when it is not installed).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.cli import main
from pipeline.explain import EXTRACTOR_RULE, build_report

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour ferry approved</title></head><body>
<nav class="site-menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article>
<h1>Harbour ferry approved</h1>
<p>The council voted on Tuesday to buy a new ferry for the harbour after the old bridge was closed to buses and many commuters have been taking long detours for weeks.</p>
<figure><img src="a.jpg" alt=""><figcaption>The old ferry at the pier. Photo: Jana Beck</figcaption></figure>
<p>The new ferry is due in spring and will carry up to two hundred passengers and twenty bicycles, the mayor told reporters after the meeting &amp; a vote of <b>12 to 3</b>.</p>
<figure><img src="b.jpg" alt=""><figcaption>Commuters wait for the boat <script>x</script>&lt;at dawn&gt;.</figcaption></figure>
<p>Critics of the plan attacked its cost and asked for the money to go to repairing the bridge, which has joined the two banks of the river for almost a hundred years.</p>
</article>
<aside class="sidebar"><p>Most read: Tides to reach record high this weekend as storm approaches the coast</p></aside>
</main>
<footer><p>© 2026 The Harbour Gazette. All rights reserved.</p></footer>
</body></html>
"""

NAV_ONLY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Sign in</a></nav>
<footer><a href="/privacy">Privacy</a></footer></body></html>
"""

LONG = ("The harbour authority said on Monday that the new ferry would run every twenty minutes during the "
        "morning and evening rush hours and every hour at other times, starting in the spring.")
TEXT = f"""Harbour ferry approved

By Jana Beck

{LONG}

Critics of the plan attacked its cost and asked for the money to go to repairing the old bridge instead.

Share on Facebook
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def explain(capsys: pytest.CaptureFixture, *args: str | os.PathLike) -> tuple[int, str, str]:
    code = main(["explain", *map(str, args), "--color", "never"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def block_lines(out: str) -> list[str]:
    """The block lines of explain's text output (before the blank line that ends them)."""
    return out.split("\n\n", 1)[0].splitlines()


def test_html_lists_every_removed_block_of_the_document(page: Path) -> None:
    from pipeline.core import clean

    report = build_report(page.read_bytes(), str(page))
    doc = clean(page.read_bytes(), source=str(page))
    recorded = sorted((r.kind, r.rule, r.text) for r in doc.removed)
    shown = sorted((row.kind, row.rule, row.text) for row in report.rows
                   if not row.kept and row.rule != EXTRACTOR_RULE)
    assert shown == recorded
    assert ("caption", "html.figcaption") in {(kind, rule) for kind, rule, _ in shown}, "figcaptions are listed"


def test_html_shows_what_the_extractor_discarded_with_where_it_sat(page: Path) -> None:
    report = build_report(page.read_bytes(), str(page))
    discarded = {row.text: row for row in report.rows if row.rule == EXTRACTOR_RULE}
    assert set(discarded) == {"Home News", "Most read: Tides to reach record high this weekend as storm approaches "
                                           "the coast", "© 2026 The Harbour Gazette. All rights reserved."}
    assert all(row.kind == "off_article" for row in discarded.values())
    assert "<nav 'site-menu'>" in discarded["Home News"].reason
    assert "<aside 'sidebar'>" in discarded["Most read: Tides to reach record high this weekend as storm "
                                            "approaches the coast"].reason
    # Kept paragraphs are not repeated as discarded, whatever the spacing around inline markup.
    assert not any("12 to 3" in text for text in discarded)


def test_html_rows_follow_the_page_with_their_source_lines(page: Path) -> None:
    report = build_report(page.read_bytes(), str(page))
    lines = [row.line for row in report.rows]
    assert None not in lines and lines == sorted(lines)
    by_text = {row.text: row.line for row in report.rows}
    assert by_text["Home News"] == 2
    assert by_text["The old ferry at the pier. Photo: Jana Beck"] == 6
    assert by_text["© 2026 The Harbour Gazette. All rights reserved."] == 13


def test_explain_does_not_change_what_clean_writes(page: Path) -> None:
    from pipeline.core import clean

    before = clean(page.read_bytes(), source=str(page)).to_json()
    build_report(page.read_bytes(), str(page))
    assert clean(page.read_bytes(), source=str(page)).to_json() == before


def test_removed_shows_only_what_was_taken_out(capsys: pytest.CaptureFixture, page: Path) -> None:
    code, out, _ = explain(capsys, page, "--removed")
    assert code == 0
    lines = block_lines(out)
    assert lines and all(line.startswith("- ") for line in lines)
    assert any("caption [html.figcaption]" in line for line in lines)
    assert not any("Critics of the plan" in line for line in lines)


def test_kind_shows_only_that_kind(capsys: pytest.CaptureFixture, page: Path) -> None:
    code, out, _ = explain(capsys, page, "--kind", "caption")
    assert code == 0
    lines = block_lines(out)
    assert len(lines) == 2 and all(line.startswith("- caption [html.figcaption]") for line in lines)


def test_unknown_kind_is_a_usage_error_naming_the_kinds(capsys: pytest.CaptureFixture, page: Path) -> None:
    code, out, err = explain(capsys, page, "--kind", "captions")
    assert code == 2 and out == ""
    assert "unknown kind 'captions'" in err and "caption," in err


def test_line_numbers_are_the_input_lines(capsys: pytest.CaptureFixture, text_file: Path) -> None:
    code, out, _ = explain(capsys, text_file, "-n")
    assert code == 0
    numbered = {}
    for line in block_lines(out):
        match = re.fullmatch(r"\s*(\d+) [- ] \S+(?: \[[^\]]+\])?\s+(.*)", line)
        assert match, line
        numbered[match.group(2)] = int(match.group(1))
    source = TEXT.splitlines()
    for text, number in numbered.items():
        assert source[number - 1].endswith(text.split()[-1]), (text, number)
    assert numbered.get(LONG) == 5


def test_long_lines_wrap_under_the_text_column(capsys: pytest.CaptureFixture, text_file: Path) -> None:
    code, out, _ = explain(capsys, text_file, "--width", "80")
    assert code == 0
    lines = block_lines(out)
    assert all(len(line) <= 80 for line in lines)
    start = next(i for i, line in enumerate(lines) if "The harbour authority" in line)
    column = lines[start].index("The harbour authority")
    continuation = lines[start + 1]
    assert continuation[:column].strip() == "" and continuation[column] != " ", "hanging indent"
    # Joined back, the wrapped text is the block's text.
    joined = " ".join([lines[start][column:]] + [line.strip() for line in lines[start + 1:start + 6]
                                                 if line[:column].strip() == ""])
    assert joined.startswith(LONG)


def test_piped_output_does_not_wrap(capsys: pytest.CaptureFixture, text_file: Path) -> None:
    code, out, _ = explain(capsys, text_file)
    assert code == 0
    assert any(line.endswith(LONG) for line in block_lines(out))


def test_counts_table_by_kind_and_rule(capsys: pytest.CaptureFixture, page: Path) -> None:
    code, out, _ = explain(capsys, page)
    assert code == 0
    table = out.split("count  kind", 1)[1].splitlines()[1:]
    rows = {tuple(line.split()[1:]): int(line.split()[0]) for line in table if "total" not in line}
    assert rows[("off_article", EXTRACTOR_RULE)] == 3
    assert rows[("caption", "html.figcaption")] == 2
    assert table[-1].split()[0] == str(sum(rows.values()))


def test_no_article_page_shows_what_was_seen(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    path = tmp_path / "login.html"
    path.write_text(NAV_ONLY, encoding="utf-8")
    code, out, err = explain(capsys, path)
    assert code == 1
    assert "no_article" in err and "login.html" in err
    lines = block_lines(out)
    assert any("Home News Sign in" in line for line in lines)
    assert all(line.startswith("- off_article") for line in lines)
    assert "(no document: no_article" in out


def test_missing_file_is_named(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    code, out, err = explain(capsys, tmp_path / "absent.html")
    assert code == 1 and out == "" and "absent.html" in err
    assert "no such file or folder" in err, "worded as `clean` words it"


def test_html_report_escapes_and_needs_nothing_outside(capsys: pytest.CaptureFixture, page: Path,
                                                        tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    code, out, _ = explain(capsys, page, "--report", "html", "--output", target)
    assert code == 0 and out == ""
    report = target.read_text(encoding="utf-8")
    assert "<script" not in report, "the page's script text is escaped, and the report runs none"
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", report), "no external resources"
    assert "&lt;at dawn&gt;" in report
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pipeline-tmp-")] == []


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; "
                                              ".ci/run installs it when apt-get is usable)")
def test_html_report_in_a_headless_browser(capsys: pytest.CaptureFixture, page: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    assert explain(capsys, page, "--report", "html", "-o", target)[0] == 0
    profile = tmp_path / "profile"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--dump-dom", target.as_uri()],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    dom = lxml_html.fromstring(result.stdout)
    removed = dom.xpath("//div[contains(concat(' ', @class, ' '), ' removed ')]")
    kept = dom.xpath("//div[contains(concat(' ', @class, ' '), ' kept ')]")
    assert kept and removed
    # Every removed block is struck through and labelled with its kind and rule.
    for block in removed:
        assert block.xpath(".//del"), lxml_html.tostring(block)
        label = block.xpath("string(.//span[@class='label'])")
        assert label == f"{block.get('data-kind')} [{block.get('data-rule')}]"
    captions = [b.xpath("string(.//del)") for b in removed if b.get("data-kind") == "caption"]
    assert captions == ["The old ferry at the pier. Photo: Jana Beck", "Commuters wait for the boat <at dawn>."]
    assert not any(block.xpath(".//del") for block in kept)
    # The counts table, as the browser built it.
    counts = {(row.xpath("string(td[@class='kind'])"), row.xpath("string(td[@class='rule'])")):
              int(row.xpath("string(td[@class='count'])")) for row in dom.xpath("//table[@id='counts']/tbody/tr")}
    assert counts[("caption", "html.figcaption")] == 2
    assert counts[("off_article", EXTRACTOR_RULE)] == 3
    assert int(dom.xpath("string(//td[@id='total'])")) == sum(counts.values()) == len(removed)
    assert dom.xpath("//dl[@id='legend']/dt[starts-with(., 'caption')]"), "the legend names each kind shown"
    # The page's script was text, not code: the browser ran nothing and built no script element.
    assert dom.xpath("//script") == []


def test_the_summary_line_counts_in_words(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Issue 11's small items: 'removed: 1 block', never '1 blocks'."""
    page = tmp_path / "one.txt"
    page.write_text("The harbour reopens\n\nThe harbour reopened on Monday after two weeks of repairs to the "
                    "old stone quay, the port authority said in a statement.\n\nShare this:\n", encoding="utf-8")
    _code, out, _err = explain(capsys, page)
    assert "removed: 1 block; body: " in out and "1 blocks" not in out
