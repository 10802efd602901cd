"""Inputs for the source and sink tests, built at test time: a WARC file (with warcio,
the library the WARC source reads with), JSON Lines of scraped records, and a folder.

The pages are the project's own small test pages (tests/data/html) or, for the check
against real pages, the shared bench pages; nothing here is committed as data."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "html"
# Our own pages that clean into a document (no_article.html is the page that fails).
PAGES = sorted(p for p in DATA.iterdir() if p.name != "no_article.html")


def page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def build_warc(target: Path, pages: list[tuple], gzip_every: int = 2,
               truncate_last: bool = False, extras: bool = True, compress: bool = True) -> Path:
    """A WARC file of one request and one response record per page, `(url, body)` or
    `(url, body, content type)` (default HTML), bodies of every
    `gzip_every`-th page sent gzip-encoded), plus, with `extras`, records the source must
    pass over (warcinfo, an image, a redirect, a metadata record). With `truncate_last`
    the file is cut inside its last record, as an interrupted download leaves it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    if extras:
        writer.write_record(writer.create_warcinfo_record(target.name, {"software": "pipeline tests"}))

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK", encode: bool = False):
        headers = [("Content-Type", content_type)]
        if encode:
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)

    for number, (url, body, *kind) in enumerate(pages):
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        content_type = kind[0] if kind else "text/html; charset=utf-8"
        writer.write_record(response(url, body, content_type, encode=number % gzip_every == 1))
        if extras and number == 0:
            writer.write_record(response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))
            writer.write_record(response("https://news.example/old", b"", "text/html", status="301 Moved Permanently"))
            writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12")))
    data = buffer.getvalue()
    if truncate_last:
        data = data[:-200]
    target.write_bytes(data)
    return target


def build_jsonl(target: Path, records: list[dict]) -> Path:
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return target


def without_source(doc: dict) -> dict:
    """A document less what depends on where its bytes came from (id, source)."""
    return {k: v for k, v in doc.items() if k not in ("id", "source")}
