"""Decoding: our code against bs4.dammit's, for docs/html.md "Decoding" (run by hand).

    PYTHONPATH=. python bench/decoding.py [BENCH_DIR]

1. Declared encodings: `pipeline.reading.declared_charset` (a regex over the first 4 KB for
   <meta charset>, WHATWG labels mapped) against `bs4.dammit.EncodingDetector.
   find_declared_encoding(is_html=True)` (the XML declaration in the first 1 KB, then
   <meta> in the first max(2 KB, 5 %)), on every shared bench page and on small pages of
   our own that declare in awkward places; agreement and time.
2. UTF-8 mixed with Windows-1252: `pipeline.reading.read_text` (line by line, the legacy
   encoding detected, then ftfy) against `bs4.dammit.UnicodeDammit.detwingle`, then UTF-8,
   then the same ftfy pass, on texts built here: whole lines in each encoding, and the two
   mixed inside a line; exact round trips (or how alike) and time.
"""
from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from bs4.dammit import EncodingDetector, UnicodeDammit

from pipeline.errors import CleanError
from pipeline.reading import canonical_codec, declared_charset, fix_text, read_text


def _bs4_declared(data: bytes) -> str | None:
    label = EncodingDetector.find_declared_encoding(data, is_html=True)
    return canonical_codec(label) if label else None


def _timed(function, items, repeat: int = 3) -> tuple[list, float]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        results = [function(item) for item in items]
        best = min(best, time.perf_counter() - start)
    return results, best


def declared(bench: Path) -> None:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(bench.rglob("*.html.gz"))]
    own = [b'<?xml version="1.0" encoding="iso-8859-2"?><html><head><title>x</title></head></html>',
           b"<html><head>" + b"<script>var a = 1;</script>" * 400 + b'<meta charset="koi8-r"></head></html>',
           b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head></html>',
           b'<html><head><meta charset="latin1"></head></html>', b"<html><body>no declaration</body></html>"]
    ours, ours_time = _timed(declared_charset, pages)
    theirs, theirs_time = _timed(_bs4_declared, pages)
    differ = sum(1 for a, b in zip(ours, theirs) if a != b)
    print(f"declared charset, {len(pages)} bench pages ({sum(map(len, pages)) / 1e6:.1f} MB): "
          f"ours {ours_time * 1000:.1f} ms, bs4 {theirs_time * 1000:.1f} ms; they differ on {differ} pages")
    for page in own:
        print(f"  {page[:60]!r}...: ours {declared_charset(page)}, bs4 {_bs4_declared(page)}")


LINES_UTF8 = ["Grüße aus Köln, sagte die Ministerin am Montag.", "L’été à Paris — «magnifique», dit-il.",
              "Ein „Zitat“ mit Euro-Zeichen: 5 €."]
LINES_CP1252 = ["Café crème für „Ärzte“ – 10 €.", "Señor Muñoz said: “it’s done”.", "Naïve façade, déjà vu…"]


def _ours(data: bytes) -> str:
    """Our reading of a text input: decoding, then ftfy (which repairs mojibake left inside lines)."""
    try:
        return read_text(data).text
    except CleanError as error:
        return f"refused: {error.reason}"


def _detwingled(data: bytes) -> str:
    """bs4's repair, then UTF-8 (what is still invalid replaced), then the same ftfy pass."""
    return fix_text(UnicodeDammit.detwingle(data).decode("utf-8", "replace"))[0]


def _verdict(result: str, text: str) -> str:
    if result.startswith("refused"):
        return result
    if result == text:
        return "exact"
    got, want = result.split("\n"), text.split("\n")
    right = sum(1 for a, b in zip(got, want) if a == b)
    return f"{right / len(want):.0%} of lines right"


def mixed() -> None:
    whole_lines = "\n".join(a + "\n" + b for a, b in zip(LINES_UTF8 * 200, LINES_CP1252 * 200))
    whole_bytes = b"\n".join(a.encode() + b"\n" + b.encode("cp1252") for a, b in zip(LINES_UTF8 * 200, LINES_CP1252 * 200))
    in_line = "\n".join(a + " " + b for a, b in zip(LINES_UTF8 * 200, LINES_CP1252 * 200))
    in_line_bytes = b"\n".join(a.encode() + b" " + b.encode("cp1252") for a, b in zip(LINES_UTF8 * 200, LINES_CP1252 * 200))
    for name, text, data in (("whole lines", whole_lines, whole_bytes), ("within lines", in_line, in_line_bytes)):
        (ours,), ours_time = _timed(_ours, [data])
        (theirs,), theirs_time = _timed(_detwingled, [data])
        print(f"mixed UTF-8 + Windows-1252, {name} ({len(data) / 1000:.0f} KB): "
              f"ours {_verdict(ours, text)} in {ours_time * 1000:.1f} ms, "
              f"detwingle {_verdict(theirs, text)} in {theirs_time * 1000:.1f} ms")


if __name__ == "__main__":
    declared(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/bench"))
    mixed()
