"""Bytes to text (pipeline.reading): encodings, repairs, and what is recorded about them.

Each test builds its input bytes from a known text, so the expected text is the text we
started from, not a value copied from a previous run.
"""
from __future__ import annotations

import codecs
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.errors import CleanError
from pipeline.reading import decode_bytes, fix_text, gunzip, read_text

from conftest import assert_valid

ARTICLE = ("It’s a “naïve” café — isn’t it? Señor Müller’s résumé arrived.\n\n"
           "The second paragraph is here, and it is long enough to read as prose.")


def test_plain_utf8_is_left_alone() -> None:
    decoded = read_text(ARTICLE.encode("utf-8"))
    assert decoded.text == ARTICLE
    assert decoded.encoding == "utf-8"
    assert decoded.fixes == ()


def test_mojibake_is_repaired_and_recorded() -> None:
    # UTF-8 bytes once misread as Windows-1252 and saved again as UTF-8: 'â€™' for '’'.
    mojibake = "It’s a ‘test’ — of the café’s résumé".encode("utf-8").decode("cp1252").encode("utf-8")
    assert "â€™".encode() in mojibake
    decoded = read_text(mojibake)
    assert decoded.text == "It’s a ‘test’ — of the café’s résumé"
    assert "fix_encoding" in decoded.fixes


def test_windows_1252_bytes_are_detected_not_guessed() -> None:
    data = ARTICLE.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = read_text(data)
    assert decoded.text == ARTICLE
    assert decoded.encoding == "cp1252"


def test_other_legacy_code_page_is_detected() -> None:
    text = "Привет мир, как дела у вас сегодня? Всё хорошо, спасибо большое."
    decoded = read_text(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.encoding == "cp1251"


@pytest.mark.parametrize("bom, codec, name", [
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
])
def test_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    decoded = read_text(bom + ARTICLE.encode(codec))
    assert decoded.text == ARTICLE  # the BOM itself is not text
    assert decoded.encoding == name


def test_utf16_with_bom_through_clean() -> None:
    doc = pipeline.clean(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), source="u16.txt")
    assert "Señor Müller’s résumé" in doc.body
    assert doc.source.encoding == "utf-16-le"
    assert_valid(doc.to_dict())


def test_html_entities_are_unescaped_and_recorded() -> None:
    decoded = read_text(b"Tom &amp; Jerry&#8217;s summer, &eacute;t&eacute; &lt;3 &#x2014; done")
    assert decoded.text == "Tom & Jerry’s summer, été <3 — done"
    assert decoded.fixes == ("unescape_html",)


def test_stray_control_characters_are_removed() -> None:
    decoded = read_text(b"Hello\x07 world\x1b[31m in red\x1b[0m\x0b ok\x7f\r\nnext line")
    assert decoded.text == "Hello world in red ok\nnext line"
    assert {"remove_control_chars", "remove_terminal_escapes", "fix_line_breaks"} <= set(decoded.fixes)


def test_c1_controls_are_windows_1252_characters() -> None:
    # U+0093/U+0094 are cp1252's curly quotes decoded as Latin-1 somewhere upstream.
    decoded = read_text("He said \u0093yes\u0094 twice".encode("utf-8"))
    assert decoded.text == "He said “yes” twice"
    assert decoded.fixes


def test_text_that_needs_nothing_runs_no_fixer() -> None:
    assert fix_text("Plain ASCII, nothing to repair.") == ("Plain ASCII, nothing to repair.", ())


def test_gzip_is_transparent() -> None:
    decoded = read_text(gzip.compress(ARTICLE.encode("utf-8")))
    assert decoded.text == ARTICLE


def test_gzip_of_legacy_bytes() -> None:
    assert read_text(gzip.compress(ARTICLE.encode("cp1252"))).text == ARTICLE


def test_concatenated_gzip_members_are_read_whole() -> None:
    data = gzip.compress(b"first part, ") + gzip.compress(b"second part")
    assert gunzip(data) == b"first part, second part"


def test_decode_reports_encoding() -> None:
    assert decode_bytes("naïve".encode("utf-8")) == ("naïve", "utf-8")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t\r\n  \n", "empty"),
    (codecs.BOM_UTF8 + b"  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8, "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary"),
])
def test_refused_input_names_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(CleanError) as info:
        read_text(data)
    assert info.value.reason == reason
    assert info.value.detail


def test_invalid_utf8_is_read_as_the_detected_legacy_encoding() -> None:
    # Bytes that are not UTF-8 (0xE9 alone): decoded by detection, not with replacement characters.
    data = b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade, \x93quoted\x94 words and more words here."
    decoded = read_text(data)
    assert decoded.text == "Café crème brûlée, naïve façade, “quoted” words and more words here."
    assert "\ufffd" not in decoded.text


# --- one place for every input's bytes (issue 9) -----------------------------------------

def test_html_nul_bytes_are_removed_and_recorded_like_texts():
    from pipeline import clean

    page = (b"<html><head><title>Harbour cranes repainted</title></head><body><article><p>The cranes along "
            b"the north quay were repainted this week, the port authority said on Tuesday.\x00</p></article>"
            b"</body></html>")
    doc = clean(page, format="html")
    assert "\x00" not in doc.body
    assert "remove_nul_bytes" in doc.text_fixes


def test_a_container_charset_decodes_markup_that_is_not_utf8():
    from pipeline.reading import read_text

    page = '<p>Gr\u00fc\u00dfe aus K\u00f6ln</p>'.encode("cp1252")
    assert read_text(page, markup=True, charset="ISO-8859-1").encoding == "cp1252"  # WHATWG: Latin-1 is 1252
    koi = "<p>Привет, мир</p>".encode("koi8-r")
    assert read_text(koi, markup=True, charset="koi8-r").text == "<p>Привет, мир</p>"


def test_the_container_charset_goes_before_the_pages_and_utf8_before_both():
    from pipeline.reading import read_text

    page = '<meta charset="koi8-r"><p>Привет</p>'.encode("cp1251")
    assert read_text(page, markup=True, charset="windows-1251").text.endswith("Привет</p>")
    assert read_text(page, markup=True).encoding == "koi8-r"  # the page's own (wrong) word, without a better one
    utf8 = '<meta charset="koi8-r"><p>Привет</p>'.encode()
    assert read_text(utf8, markup=True, charset="windows-1251").encoding == "utf-8"


def test_a_declared_utf_charset_or_an_unknown_label_falls_back_to_detection():
    from pipeline.reading import read_text

    text = "It’s a “naïve” café — isn’t it? The committee’s “final” report arrived."
    page = f'<meta charset="utf-8"><p>{text}</p>'.encode("cp1252")
    assert read_text(page, markup=True).text.endswith(f"{text}</p>")
    assert read_text(page, markup=True, charset="x-nonsense").text.endswith(f"{text}</p>")


def test_an_xhtml_pages_xml_declaration_names_its_charset():
    from pipeline.reading import read_text

    page = '<?xml version="1.0" encoding="ISO-8859-2"?><html><body><p>Zażółć gęślą jaźń</p></body></html>'
    decoded = read_text(page.encode("iso-8859-2"), markup=True)
    assert decoded.encoding == "iso8859-2" and "Zażółć gęślą jaźń" in decoded.text


def test_utf16_text_starting_with_nul_is_not_taken_for_utf32() -> None:
    """Found by the long property run: a UTF-16-LE text whose first character is U+0000
    begins FF FE 00 00, UTF-32-LE's byte-order mark; it must still read as UTF-16."""
    story = "Der Rat tagt am Montag. " * 10  # long enough that one NUL is padding, not binary
    data = codecs.BOM_UTF16_LE + ("\x00" + story).encode("utf-16-le")
    decoded = read_text(data)
    assert decoded.text == story and decoded.encoding == "utf-16-le"
    with pytest.raises(CleanError) as refused:  # a real UTF-32 mark with broken data is still refused
        read_text(codecs.BOM_UTF32_LE + b"\xff" * 5)  # neither UTF-32 nor UTF-16 (odd length)
    assert refused.value.reason == "undecodable"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a&#;x1Fé\u00c3\u00e2\u0093\x07\r\u2028\ufb01\uff21\ufffd ")) | st.characters(),
               max_size=30))
def test_the_ftfy_check_is_one_alternation_of_every_sign(text: str) -> None:
    """The two fast scans say what one pattern of all the signs of trouble says."""
    import re

    from pipeline.reading import _needs_ftfy

    signs = re.compile("[\u00c2-\u00c3\u00c5\u00ce\u00d0-\u00d9\u00e2\u00ef\u0080-\u009f\ufffd]"
                       "|&(?:#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
                       "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ufb00-\ufb06\uff01-\uff5e\u2028\u2029\r\ud800-\udfff]")
    assert _needs_ftfy(text) == bool(signs.search(text))
