"""`pipeline explain`: what the cleaner kept and removed from one input, for a reviewer.

Owns the explain view only; it never changes what `clean` writes. It re-runs
`core.analyse` and `core.assemble` and lays their result out as rows (one per block:
kind, rule, input line, text), adding what the document records but the labelled blocks
do not hold (an HTML page's figcaptions, and the copies of article paragraphs the
extractor left out, `html.repeated_paragraph`) and, for HTML, the rest of the page's
visible text that the extractor (trafilatura) discarded, shown as `off_article` with the
reason (the element it sat in), so a reader can see where a missing paragraph went. Renders as text (hanging
indent under the label column) or as a self-contained HTML review page.
"""
from __future__ import annotations

import html as html_escape
import textwrap
from collections import Counter
from dataclasses import dataclass, field

from .kinds import KINDS, REMOVED_STYLE

# The rule name shown for text the extractor left out as off-article: explain-only, never in
# a document's `removed` (a copy of an article paragraph left out inside the article is in
# `removed`, as `html.repeated_paragraph`).
EXTRACTOR_RULE = "html.extractor_discarded"
LABEL_WIDTH = 44  # the label column (kind [rule]); the text column starts after it
_RESET = "\033[0m"

# Ancestors that explain why an extractor skips a block (named in the reason).
_TELLING = ("nav", "header", "footer", "aside", "form", "figure", "table", "ul", "ol", "button")


@dataclass(frozen=True)
class Row:
    """One block as explain shows it."""

    kind: str
    rule: str
    text: str
    line: int | None = None  # the input line it starts on (1-based), when found
    reason: str = ""         # why the extractor left it out (off_article rows only)

    @property
    def kept(self) -> bool:
        registered = KINDS.get(self.kind)
        return registered is not None and registered.kept


@dataclass
class Report:
    """Everything explain prints about one input."""

    path: str
    format: str = ""
    rows: list[Row] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    body_words: int = 0
    error: str | None = None  # why no document was made (the rows show what was seen)

    def counts(self) -> list[tuple[str, str, int]]:
        """Removed rows counted by (kind, rule), most first, then by name."""
        tally = Counter((row.kind, row.rule) for row in self.rows if not row.kept)
        return sorted(((k, r, n) for (k, r), n in tally.items()), key=lambda item: (-item[2], item[0], item[1]))


def build_report(data: bytes, path: str, format: str = "auto") -> Report:
    """Analyse `data` as `clean` would and lay it out for review.

    An unreadable or binary input raises `CleanError` (nothing to show); a page where no
    article was found gives a report with `error` set and the page's visible blocks.
    """
    from .core import analyse, assemble, detect_format
    from .errors import CleanError

    if format == "auto":
        format = detect_format(bytes(data), path)
    report = Report(path=path, format=format)
    page = _PageText(data) if format == "html" else None
    try:
        analysis = analyse(data, source=path, format=format)
    except CleanError as exc:
        if page is None or exc.reason != "no_article":
            raise
        report.error = str(exc)
        report.rows = [Row("off_article", EXTRACTOR_RULE, text, line, f"{exc.reason}: nothing was extracted; {why}")
                       for text, line, why in page.blocks]
        return report
    text_lines = None if page is not None else _input_lines(data)
    rows = []
    cursor = 0
    for block in analysis.labelled.blocks:
        if page is not None:
            line = page.line_of(block.text)
        else:
            line, cursor = _find_line(text_lines, block.text, cursor)
        rows.append(Row(block.kind or "?", block.rule or "", block.text, line))
    try:
        doc = assemble(analysis.labelled, analysis.source, analysis.fixes, analysis.facts)
    except CleanError as exc:
        report.error = str(exc)
        report.rows = rows
        return report
    # What the document records as removed but the labelled blocks do not hold (an HTML
    # page's figcaptions are taken out before extraction; the copies of a paragraph the
    # extractor left out never reach the labeller).
    listed = Counter((row.kind, row.text, row.rule) for row in rows)
    for item in doc.removed:
        key = (item.kind, item.text, item.rule)
        if listed[key]:
            listed[key] -= 1
            continue
        rows.append(Row(item.kind, item.rule, item.text, page.line_of(item.text) if page else None))
    if page is not None:
        shown = _squashed(" ".join(row.text for row in rows))
        long_rows = [_squashed(row.text) for row in rows if len(row.text) > 20]
        for text, line, why in page.blocks:
            key = _squashed(text)
            if key not in shown and not any(row in key for row in long_rows):
                rows.append(Row("off_article", EXTRACTOR_RULE, text, line, why))
        # In page order: where each block sits on the page (unplaced ones last, kept in order).
        rows = [row for _, row in sorted(enumerate(rows), key=lambda item: (
            item[1].line if item[1].line is not None else float("inf"), item[0]))]
    report.rows = rows
    for name in ("title", "subtitle", "authors", "published", "dateline", "language", "read_time_minutes", "tags"):
        value = getattr(doc, name)
        if value:
            report.fields[name] = list(value) if isinstance(value, tuple) else value
    report.fields["removed"] = len(doc.removed)
    report.body_words = len(doc.body.split())
    return report


def _input_lines(data: bytes) -> list[str]:
    from .reading import read_text
    from .text import normalise_line

    return [normalise_line(line) for line in read_text(bytes(data)).text.splitlines()]


def _find_line(lines: list[str], text: str, start: int) -> tuple[int | None, int]:
    """The 1-based number of the first line from `start` holding the start of `text`."""
    probe = text[:40]
    for at in (range(start, len(lines)), range(0, start)):
        for index in at:
            if probe and probe in lines[index]:
                return index + 1, index + 1
    return None, start


class _PageText:
    """An HTML page's visible text blocks (`pipeline.html.page_blocks`, the walk `clean` uses
    to find the copies the extractor left out), each with its source line and why the
    extractor may have skipped it."""

    def __init__(self, data: bytes):
        from .html import page_blocks, parse
        from .reading import read_text

        self.blocks: list[tuple[str, int | None, str]] = []
        try:
            tree = parse(read_text(bytes(data), markup=True).text)
        except Exception:  # explain still shows what analyse says; the page view is extra
            return
        self.blocks = [(block.text, block.line, _reason(block.element)) for block in page_blocks(tree)]

    def line_of(self, text: str) -> int | None:
        probe = text[:40]
        for block, line, _ in self.blocks:
            if block == text:
                return line
        for block, line, _ in self.blocks:
            if probe and (probe in block or block in text and len(block) > 20):
                return line
        return None


def _squashed(text: str) -> str:
    """Text without its white space: the page's markup and the extractor space inline text differently."""
    return "".join(text.split())


def _reason(element) -> str:
    """Where a discarded block sat: the nearest telling ancestor, with its class or id."""
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        # The first names only: a menu item's class list can run to a line of its own.
        names = " ".join(" ".join(filter(None, (node.get("id"), node.get("class")))).split()[:2]) if tag else ""
        if tag in _TELLING or any(word in names.lower() for word in ("nav", "menu", "footer", "sidebar",
                                                                       "related", "share", "comment", "promo")):
            return f"outside the extracted article, in <{tag}{' ' + repr(names) if names else ''}>"
        node = node.getparent()
    tag = element.tag if isinstance(element.tag, str) else "?"
    return f"outside the extracted article (in <{tag}>)"


def select(rows: list[Row], removed_only: bool = False, kind: str | None = None) -> list[Row]:
    """The rows a reviewer asked for (`--removed`, `--kind`)."""
    return [row for row in rows if (not removed_only or not row.kept) and (kind is None or row.kind == kind)]


def render_text(report: Report, rows: list[Row], colour: bool = False, width: int = 0,
                line_numbers: bool = False) -> str:
    """One block a line: marker, label column, text; with `width`, long text wraps under the text column."""
    out = []
    number_width = max((len(str(row.line)) for row in rows if row.line), default=1)
    for row in rows:
        tag = row.kind + (f" [{row.rule}]" if row.rule else "")
        prefix = (f"{row.line or '':>{number_width}} " if line_numbers else "") + ("  " if row.kept else "- ")
        head = f"{prefix}{tag:<{LABEL_WIDTH}} "
        text = row.text + (f" ({row.reason})" if row.reason else "")
        if width and width > len(head) + 20:
            indent = " " * len(head)
            wrapped = textwrap.wrap(text, width=width, initial_indent=head, subsequent_indent=indent,
                                    break_long_words=True, break_on_hyphens=False) or [head.rstrip()]
            line = "\n".join(wrapped)
            if len(tag) > LABEL_WIDTH:  # a long label pushes the text: start it on the next line
                line = head.rstrip() + "\n" + "\n".join(textwrap.wrap(text, width=width, initial_indent=indent,
                                                                       subsequent_indent=indent))
        else:
            line = head + text
        if colour:
            registered = KINDS.get(row.kind)
            line = (registered.explain_style if registered is not None else REMOVED_STYLE) + line + _RESET
        out.append(line)
    out.append("")
    if report.error:
        out.append(f"(no document: {report.error})")
    for name, value in report.fields.items():
        if name != "removed":
            out.append(f"{name}: {value}")
    if not report.error:
        removed = report.fields.get("removed", 0)
        out.append(f"removed: {_count(removed, 'block')}; body: {_count(report.body_words, 'word')}")
    out.extend(_counts_lines(report))
    return "\n".join(out) + "\n"


def _counts_lines(report: Report) -> list[str]:
    counts = report.counts()
    if not counts:
        return []
    lines = ["", f"{'count':>5}  {'kind':<20} rule"]
    lines += [f"{n:>5}  {k:<20} {r}" for k, r, n in counts]
    lines.append(f"{sum(n for _, _, n in counts):>5}  total shown as removed")
    return lines


_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
.block{display:flex;gap:1em;border-bottom:1px solid #eee;padding:.3em 0}
.line{color:#888;min-width:3em;text-align:right;font-family:monospace}
.label{min-width:20em;max-width:20em;font-family:monospace;font-size:13px;color:#555;overflow-wrap:anywhere}
.text{flex:1}
.removed .text del{color:#a33;text-decoration:line-through}
.removed .label{color:#a33}
.kept.title .text{font-weight:bold;font-size:1.2em}
.reason{display:block;color:#888;font-size:12px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
td.count{text-align:right}
.error{background:#fee;border:1px solid #c99;padding:.5em}
"""


def render_html(report: Report, rows: list[Row]) -> str:
    """A self-contained review page: no scripts, no external resources, every text escaped."""
    e = lambda value: html_escape.escape(str(value), quote=True)  # noqa: E731 - local shorthand
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>pipeline explain: {e(report.path)}</title>", f"<style>{_CSS}</style></head><body>",
             f"<h1>pipeline explain: {e(report.path)}</h1>",
             f"<p>Format: {e(report.format)}. Removed blocks are struck through and labelled with their kind "
             "and the rule that removed them; kept blocks are plain.</p>"]
    if report.error:
        parts.append(f'<p class="error" id="error">No document: {e(report.error)}</p>')
    if report.fields:
        parts.append('<dl id="fields">')
        for name, value in report.fields.items():
            parts.append(f"<dt>{e(name)}</dt><dd>{e(value)}</dd>")
        parts.append("</dl>")
    parts.append('<section id="blocks">')
    for row in rows:
        state = "kept" if row.kept else "removed"
        label = row.kind + (f" [{row.rule}]" if row.rule else "")
        text = f"<del>{e(row.text)}</del>" if not row.kept else e(row.text)
        reason = f'<span class="reason">{e(row.reason)}</span>' if row.reason else ""
        parts.append(f'<div class="block {state} {e(row.kind)}" data-kind="{e(row.kind)}" data-rule="{e(row.rule)}">'
                     f'<span class="line">{e(row.line or "")}</span><span class="label">{e(label)}</span>'
                     f'<span class="text">{text}{reason}</span></div>')
    parts.append("</section>")
    shown = sorted({row.kind for row in rows})
    parts.append('<h2>Legend</h2><dl id="legend">')
    for name in shown:
        registered = KINDS.get(name)
        meaning = registered.meaning if registered else "unknown kind"
        state = "kept" if registered is not None and registered.kept else "removed"
        parts.append(f"<dt>{e(name)} ({state})</dt><dd>{e(meaning)}</dd>")
    parts.append(f"<dt>rule {e(EXTRACTOR_RULE)}</dt><dd>visible page text the extractor (trafilatura) did not "
                 "take as the article; shown here only, not in the document's removed list</dd></dl>")
    parts.append('<h2>Counts</h2><table id="counts"><thead><tr><th>kind</th><th>rule</th><th>count</th></tr>'
                 "</thead><tbody>")
    counts = report.counts()
    for kind, rule, n in counts:
        parts.append(f'<tr><td class="kind">{e(kind)}</td><td class="rule">{e(rule)}</td>'
                     f'<td class="count">{n}</td></tr>')
    parts.append(f'</tbody><tfoot><tr><th colspan="2">total</th><td class="count" id="total">'
                 f"{sum(n for _, _, n in counts)}</td></tr></tfoot></table></body></html>")
    return "\n".join(parts) + "\n"


def _count(number: int, noun: str) -> str:
    """'1 block', '6 blocks'.

    >>> _count(1, "block"), _count(6, "word")
    ('1 block', '6 words')
    """
    return f"{number} {noun if number == 1 else noun + 's'}"
