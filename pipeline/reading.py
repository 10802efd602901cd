"""Reading: raw bytes in, fixed Unicode text out; every input's bytes become text here.

Owns gzip (bounded), byte-order marks, UTF-8/UTF-16 detection, declared charsets (an HTML
page's <meta charset>, a container's HTTP charset, as browsers read their labels), legacy-
encoding detection (charset-normalizer, never a blind guess), refusing binary data, NUL
removal, and the ftfy pass, which runs only where the text can need it and reports which
fixes it applied (for HTML, on the extracted text: `pipeline.html` calls `fix_text`).
"""
from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

import ftfy

from .errors import CleanError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # per document, after decompression

# Every ftfy setting pinned, each with why (a library upgrade must not change our output silently).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,            # scraped text dumps carry &amp; / &#8217; literally; HTML mode unescapes earlier
    remove_terminal_escapes=True,  # ANSI colour codes from scraper logs are never article text
    fix_encoding=True,             # the point: mojibake such as 'â€™' back to '’'
    restore_byte_a0=True,          # mojibake that lost its 0xA0 byte to a plain space is still fixable
    replace_lossy_sequences=True,  # unrecoverable mojibake becomes U+FFFD rather than staying garbage
    decode_inconsistent_utf8=True, # pages that mix good UTF-8 with mojibake get the mojibake fixed
    fix_c1_controls=True,          # C1 controls in text are Windows-1252 bytes read as Latin-1
    fix_latin_ligatures=True,      # 'ﬁ' from PDF-ish sources splits words for search; fold to 'fi'
    fix_character_width=True,      # full-width Latin/halfwidth katakana are layout, not content
    uncurl_quotes=False,           # curly quotes are the text as published; downstream compares normalised anyway
    fix_line_breaks=True,          # CRLF / U+2028 become '\n' so block splitting sees one kind of break
    fix_surrogates=True,           # lone UTF-16 surrogates from bad JSON escaping are invalid in our output
    remove_control_chars=True,     # stray control characters (BEL, ZWNBSP misuse) are never content
    normalization="NFC",           # one canonical form for equal text (NFKC would alter content like '½')
    max_decode_length=1_000_000,   # ftfy's own default segment size; we split by line anyway
    explain=True,                  # we record which fixes ran in the document
)

# The same for text an HTML parser already decoded (entities were markup, now they are text).
# Widths stay as published: a page's full-width digits and brackets ('１３日', '＜震度4＞') are
# the Japanese and Chinese typography of the text itself, not a layout artefact.
_FTFY_PARSED = FTFY_CONFIG._replace(unescape_html=False, fix_character_width=False)

# ftfy is slow; these are the only signs that text can need it (mojibake lead bytes,
# entities, control and C1 characters, ligatures, full-width forms, odd line breaks).
# The characters and the entities are two patterns: one character class and one pattern
# starting with '&' each scan a page at C speed, where one alternation of all four tried
# every branch at every character (0.2 ms a page).
_NEEDS_FTFY_CHAR = re.compile(
    "[\u00c2-\u00c3\u00c5\u00ce\u00d0-\u00d9\u00e2\u00ef\u0080-\u009f\ufffd"  # mojibake / C1
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"                                          # control chars
    "\ufb00-\ufb06\uff01-\uff5e\u2028\u2029\r\ud800-\udfff]"                   # ligatures, widths, breaks, surrogates
)
_NEEDS_FTFY_ENTITY = re.compile("&(?:#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")  # HTML entities


def _needs_ftfy(text: str) -> bool:
    return _NEEDS_FTFY_CHAR.search(text) is not None or ("&" in text and _NEEDS_FTFY_ENTITY.search(text) is not None)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common binary formats that scrapers save under a text suffix.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"RIFF",
                 b"\x7fELF", b"BZh", b"\xfd7zXZ", b"OggS", b"ID3", b"\x00\x00\x01\x00")


@dataclass(frozen=True)
class DecodedText:
    """Text recovered from bytes, with how: the encoding and the ftfy fixes applied."""

    text: str
    encoding: str
    fixes: tuple[str, ...]


def gunzip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Decompress gzip data, refusing truncated streams and output past `max_bytes`.

    >>> import gzip; gunzip(gzip.compress(b"hello"))
    b'hello'
    """
    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = []
    size = 0
    view = data
    try:
        while view:
            chunk = decomp.decompress(view, max_bytes + 1 - size)
            size += len(chunk)
            out.append(chunk)
            if size > max_bytes:
                raise CleanError("gzip_too_large", f"expands past the limit of {max_bytes} bytes")
            if decomp.eof:
                # Concatenated gzip members are legal: continue with what follows.
                view = decomp.unused_data
                if view:
                    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                continue
            view = decomp.unconsumed_tail
            if not view and not chunk:
                break
    except zlib.error as exc:
        raise CleanError("gzip_corrupt", f"damaged gzip data ({exc})") from None
    if not decomp.eof:
        raise CleanError("gzip_corrupt", "truncated gzip data (the stream ends early)")
    return b"".join(out)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM shows NULs in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > 0.1 * len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Bytes to text and the encoding used: BOM, then UTF-8, then UTF-16, then detection.

    >>> decode_bytes("It’s a “naïve” café — isn’t it?".encode("cp1252"))
    ('It’s a “naïve” café — isn’t it?', 'cp1252')
    >>> decode_bytes("Привет мир, как дела у вас сегодня".encode("cp1251"))[1]
    'cp1251'
    >>> decode_bytes(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    ('hi', 'utf-16-le')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "\\x00hi".encode("utf-16-le"))  # looks like UTF-32's mark
    ('\\x00hi', 'utf-16-le')
    """
    # The UTF-32-LE mark FF FE 00 00 is also UTF-16-LE's FF FE before a text that starts with
    # U+0000, so every mark the bytes start with is tried, longest first; the first that decodes wins.
    failed = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                failed = failed or f"invalid {encoding} after its byte-order mark ({exc.reason})"
    if failed:
        raise CleanError("undecodable", failed)
    # UTF-16 without a BOM first: ASCII text in UTF-16 is also valid (NUL-riddled) UTF-8.
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # UTF-8 with surrogates encoded one by one (CESU-8 / WTF-8, as Java and JSON escapes
        # produce): decoded as such; ftfy's fix_surrogates then joins pairs into characters.
        return data.decode("utf-8", "surrogatepass"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise CleanError("binary", "binary data, not text")
    mixed = _decode_mixed_lines(data)
    if mixed is not None:
        return mixed
    return _detect_legacy(data)


def _decode_mixed_lines(data: bytes) -> tuple[str, str] | None:
    r"""Files concatenated from sources in different encodings: decode line by line.

    Applies only when some lines hold real UTF-8 (multi-byte sequences) and others are not
    UTF-8 at all: those lines are decoded with the legacy encoding detected on them alone,
    so neither half is turned into mojibake. The encoding is reported as 'utf-8+<legacy>'.
    A line mixing both within itself is left to the legacy reading and ftfy's
    `decode_inconsistent_utf8`.

    >>> _decode_mixed_lines("café\n".encode() + "café\n".encode("cp1252"))
    ('café\ncafé\n', 'utf-8+cp1252')
    """
    lines = data.splitlines(keepends=True)
    utf8_lines: list[str | None] = []
    has_multibyte = False
    legacy_parts = []
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            utf8_lines.append(None)
            legacy_parts.append(line)
            continue
        utf8_lines.append(text)
        has_multibyte = has_multibyte or not line.isascii()
    if not has_multibyte or not legacy_parts:
        return None
    _, legacy = _detect_legacy(b"".join(legacy_parts))
    out = [text if text is not None else line.decode(legacy, errors="replace")
           for text, line in zip(utf8_lines, lines)]
    return "".join(out), f"utf-8+{legacy}"


def _detect_legacy(data: bytes) -> tuple[str, str]:
    """Name the legacy encoding: charset-normalizer's verdict, with Windows-1252 preferred
    when it reads the bytes at least as cleanly (on short English text the detector's
    ranking among Western code pages is close to arbitrary; WHATWG maps Latin-1 to it too)."""
    import charset_normalizer  # imported late: only legacy-encoded inputs pay for it
    from charset_normalizer.md import mess_ratio

    sample = data[:200_000]
    best = charset_normalizer.from_bytes(sample).best()
    cp1252_mess = None
    if _decodes(sample, "cp1252"):
        cp1252_mess = mess_ratio(sample.decode("cp1252"), maximum_threshold=1.0)
    if cp1252_mess is not None and cp1252_mess <= 0.1 and (best is None or cp1252_mess <= best.chaos + 0.02):
        encoding = "cp1252"
    elif best is not None and best.encoding:
        encoding = best.encoding
    else:
        raise CleanError("undecodable", "not UTF-8, and no legacy encoding fits these bytes")
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise CleanError("undecodable", f"bytes do not decode as the detected {encoding}") from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def fix_text(text: str, unescape_html: bool = True) -> tuple[str, tuple[str, ...]]:
    """Run ftfy where the text can need it; return the text and the fixes that ran.

    `unescape_html=False` for text an HTML parser already decoded: a second unescape would
    turn the page's literal '&amp;lt;' into '<'.

    >>> fix_text("It\u00e2\u20ac\u2122s fine &amp; done")
    ('It’s fine & done', ('fix_encoding', 'unescape_html'))
    >>> fix_text("Plain text is left alone.")
    ('Plain text is left alone.', ())
    >>> fix_text("Windows\\r\\nline breaks")
    ('Windows\\nline breaks', ('fix_line_breaks',))
    """
    fixes = set()
    if "\r" in text:
        # Line breaks first and by hand (what ftfy's fix_line_breaks does for CR and CRLF),
        # so that a Windows file does not send every line through ftfy.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fixes.add("fix_line_breaks")
    if not _needs_ftfy(text):
        return text, tuple(sorted(fixes))
    # Only the lines that show a sign of trouble go through ftfy (most pages have a handful).
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _needs_ftfy(line):
            continue
        fixed, explanation = ftfy.fix_and_explain(line, config=FTFY_CONFIG if unescape_html else _FTFY_PARSED)
        lines[i] = fixed
        for action, name in explanation or ():
            if action == "apply":
                fixes.add(name)
            elif action in ("encode", "decode", "transcode"):
                fixes.add("fix_encoding")
    return "\n".join(lines), tuple(sorted(fixes))


def unwrap(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The input's own bytes: gunzipped when gzipped, refused when too large or blank.

    >>> unwrap(b"  ")
    Traceback (most recent call last):
    ...
    pipeline.errors.CleanError: empty: the input holds no text
    """
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, max_bytes)
    if len(data) > max_bytes:
        raise CleanError("too_large", f"{len(data)} bytes, over the limit of {max_bytes}")
    if not data.strip():
        raise CleanError("empty", "the input holds no text")
    return data


# WHATWG: these labels mean Windows-1252 (and kin) in a browser, and pages rely on it.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
                   "tis-620": "cp874", "x-sjis": "shift_jis", "gb2312": "gbk", "x-user-defined": "cp1252"}
# <meta charset="...">, <meta http-equiv="Content-Type" content="...; charset=...">, and the XML
# declaration an XHTML page may open with (<?xml version="1.0" encoding="...">).
_DECLARED_CHARSET = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)"""
                               rb"""|<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOM_PREFIXES = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def canonical_codec(label: str) -> str | None:
    """The Python codec a charset label names, read as browsers read it; None if unknown.

    >>> canonical_codec("ISO-8859-1"), canonical_codec(" Shift_JIS "), canonical_codec("nonsense")
    ('cp1252', 'shift_jis', None)
    """
    label = label.strip().lower()
    try:
        return codecs.lookup(_WHATWG_ALIASES.get(label, label)).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The codec of the charset an HTML page declares in its first 4 KB (<meta>, or an XML
    declaration), or None. bs4's `EncodingDetector.find_declared_encoding` does the same
    job; measured against it in bench/decoding.py (docs/html.md, "Decoding").

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b'<meta charset="koi8-r">')
    'koi8-r'
    >>> declared_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?><html>')
    'iso8859-2'
    >>> declared_charset(b'<meta charset="nonsense">') is None
    True
    """
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    return canonical_codec((match.group(1) or match.group(2)).decode("ascii", "replace"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_declared(data: bytes, labels: tuple[str | None, ...]) -> tuple[str, str] | None:
    """The bytes decoded by the first declared charset that decodes them. Declarations only
    count for bytes that are not valid UTF-8 (a page that says Latin-1 but is valid UTF-8
    was saved as UTF-8) and never for a BOM, which says more than any label."""
    if data.startswith(_BOM_PREFIXES) or _is_utf8(data):
        return None
    for label in labels:
        codec = canonical_codec(label) if label else None
        if codec is None or codec.startswith("utf"):
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None


def read_text(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES, markup: bool = False,
              charset: str | None = None) -> DecodedText:
    """Raw input bytes (plain or gzipped) to text.

    Plain text is fixed with ftfy here. A charset the container declares (`charset`, an
    HTTP header's) decodes bytes that are not valid UTF-8; with `markup=True` (an HTML page)
    so does then the one the page declares, and ftfy is left to the extracted text (on the
    markup it would cost 8x the extraction).

    >>> read_text(b"caf\\xc3\\xa9").text
    'café'
    >>> read_text('<meta charset="windows-1252"><p>caf\xe9 \x93quoted\x94</p>'.encode("latin-1"),
    ...           markup=True).text[-20:]
    '<p>café “quoted”</p>'
    """
    data = unwrap(data, max_bytes)
    labels = (charset, declared_charset(data)) if markup else (charset,)
    declared = _decode_declared(data, labels) if charset or markup else None
    text, encoding = declared or decode_bytes(data)
    nul_fix: tuple[str, ...] = ()
    if "\x00" in text:
        # NULs inside otherwise decodable text: a binary file, or text with padding.
        if text.count("\x00") > 0.01 * len(text):
            raise CleanError("binary", "binary data (NUL bytes), not text")
        text = text.replace("\x00", "")
        nul_fix = ("remove_nul_bytes",)
    text, fixes = fix_text(text) if not markup else (text, ())
    fixes = tuple(sorted(fixes + nul_fix))
    if not text.strip():
        raise CleanError("empty", "the input holds no text")
    return DecodedText(text=text, encoding=encoding, fixes=fixes)
