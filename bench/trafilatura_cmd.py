"""trafilatura behind the project's command-line contract, so the yardstick scores it beside us.

    python ../shared/tools/score.py --cmd ".venv/bin/python bench/trafilatura_cmd.py" html meta

`clean RAW --out OUT` writes, for every `.html`/`.htm` input (gzipped or not) under RAW, the
JSON fields the scorer reads (title, authors, published, body), from
`trafilatura.bare_extraction(with_metadata=True)` with its defaults otherwise: trafilatura as a
new user runs it. Plain-text inputs are not trafilatura's job: they get no output, so a text set
scores as empty for it. Run by hand for the README's comparison table, never in CI.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def document(data: bytes) -> dict | None:
    import trafilatura

    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    result = trafilatura.bare_extraction(data, with_metadata=True)
    if result is None:
        return None
    # trafilatura joins several authors with "; " into one string.
    authors = [a.strip() for a in (result.author or "").split(";") if a.strip()]
    return {"title": result.title, "authors": authors, "published": result.date, "body": result.text or ""}


def output_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".html", ".htm"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name + ".json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["clean"])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in sorted(args.raw.rglob("*")):
        if not path.is_file() or not path.name.endswith(HTML_SUFFIXES):
            continue
        doc = document(path.read_bytes())
        if doc is None:
            failed += 1
            print(f"trafilatura_cmd: {path}: no_article", file=sys.stderr)
            continue
        (args.out / output_name(path)).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
