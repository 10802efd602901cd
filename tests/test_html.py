"""HTML pages: golden JSON for shared and purpose-written pages, and the behaviour each
purpose-written page exists for (metadata cascade, captions, Cloudflare addresses,
declared charsets, broken markup, pages without an article).

Expected JSON lives in tests/golden/html/NAME.json; after reviewing a diff, rewrite it
with `pytest --update-golden`.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import pipeline
from conftest import assert_valid
from pipeline.errors import CleanError

DATA = Path(__file__).parent / "data" / "html"
GOLDEN = Path(__file__).parent / "golden" / "html"
PAGES = sorted(p.name for p in DATA.iterdir() if p.name != "no_article.html")


def _clean(name: str) -> pipeline.Document:
    # A relative source name: the JSON must not depend on where the clone lives.
    return pipeline.clean((DATA / name).read_bytes(), source=f"tests/data/html/{name}")


def _clean_page(html: str) -> pipeline.Document:
    """One page of our own writing, cleaned as an HTML file would be."""
    return pipeline.clean(html.encode("utf-8"), source="page.html")


def _stem(name: str) -> str:
    return name.removesuffix(".gz").removesuffix(".html")


@pytest.mark.parametrize("name", PAGES)
def test_page_matches_golden_json(name: str, update_golden: bool) -> None:
    actual = _clean(name).to_json()
    expected_path = GOLDEN / (_stem(name) + ".json")
    if update_golden:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
    assert expected_path.exists(), f"no golden file {expected_path}; run pytest --update-golden"
    assert actual == expected_path.read_text(encoding="utf-8"), (
        f"{name}: output differs from {expected_path.name}; review, then pytest --update-golden")


@pytest.mark.parametrize("name", PAGES)
def test_page_output_is_valid_and_deterministic(name: str) -> None:
    first, second = _clean(name), _clean(name)
    assert first.to_json() == second.to_json()
    assert first.source.format == "html"
    assert_valid(json.loads(first.to_json()))


def test_json_ld_wins_and_authors_are_names_only() -> None:
    doc = _clean("jsonld_authors.html")
    # JSON-LD outranks the page's OpenGraph title and date.
    assert doc.title == "Council votes to rebuild the harbour bridge"
    assert doc.published == "2024-03-05T09:30:00+01:00"
    # 'By', roles, a case-variant duplicate and the publishing organisation are gone.
    assert list(doc.authors) == ["Maria Lopez", "Tom Becker", "Aiko Tanaka", "Sam Reid"]
    assert doc.language == "en"
    assert list(doc.tags) == ["bridges", "city council", "transport"]
    assert doc.source.site_name == "The Harbour Gazette"
    assert doc.source.url == "https://gazette.example/news/harbour-bridge"


def test_opengraph_only_page() -> None:
    doc = _clean("opengraph_only.html")
    assert doc.title == "Council votes to rebuild the harbour bridge"
    assert list(doc.authors) == ["Jane Doe", "John Roe"]
    assert doc.published == "2024-03-05T09:30:00+01:00"
    assert doc.subtitle == "A decade of debate ends with a vote for a new crossing."
    assert doc.source.site_name == "The Harbour Gazette"
    assert doc.source.url == "https://gazette.example/news/harbour-bridge"


def test_title_tag_loses_its_site_suffix_when_nothing_better_exists() -> None:
    html = (DATA / "opengraph_only.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="og:title" content="Council votes to rebuild the harbour bridge">', "")
    doc = _clean_page(html)
    assert doc.title == "Council votes to rebuild the harbour bridge"


def test_figcaption_becomes_a_caption_with_its_credit() -> None:
    doc = _clean("figcaption_credit.html")
    assert [(c.text, c.credit) for c in doc.captions] == [
        ("The old harbour bridge at dusk.", "ATTA KENARE/AFP/Getty Images")]
    assert "harbour bridge at dusk" not in doc.body
    assert any(r.kind == "caption" and r.rule == "html.figcaption" for r in doc.removed)


def test_cloudflare_address_is_decoded_in_the_article() -> None:
    doc = _clean("cfemail.html")
    assert "write to the newsroom at press@example.org before the end" in doc.body
    assert "email protected" not in doc.body.replace("\u00a0", " ")


def test_declared_windows_1252_charset_is_used() -> None:
    doc = _clean("windows1252_meta.html")
    assert doc.source.encoding == "cp1252"
    assert "l’ouvrage construit en 1932" in doc.body
    assert "40 millions d’€" in doc.body
    assert "« Nous avons choisi l’avenir »" in doc.body
    assert doc.language == "fr"


def test_windows_1252_without_a_declaration_is_detected() -> None:
    data = (DATA / "windows1252_meta.html").read_bytes()
    data = data.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', b"")
    doc = pipeline.clean(data, source="page.html")
    assert "l’ouvrage construit en 1932" in doc.body


def test_valid_utf8_beats_a_wrong_latin1_declaration() -> None:
    html = (DATA / "figcaption_credit.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("dusk.", "dusk — café.")
    doc = _clean_page(html)
    assert doc.source.encoding == "utf-8"
    assert doc.captions[0].text == "The old harbour bridge at dusk — café."


def test_broken_markup_keeps_every_paragraph() -> None:
    doc = _clean("broken_markup.html")
    paragraphs = doc.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The city council voted on Tuesday")
    assert paragraphs[-1].startswith("Opponents of the plan")


def test_gzipped_page_is_read() -> None:
    plain = (DATA / "figcaption_credit.html").read_bytes()
    zipped = pipeline.clean(gzip.compress(plain, mtime=0), source="page.html.gz")
    assert zipped.body == pipeline.clean(plain, source="page.html").body


@pytest.mark.parametrize("html", [
    (DATA / "no_article.html").read_text(encoding="utf-8"),
    "<html><head><title>Nothing</title></head><body></body></html>",
    "<!DOCTYPE html><html><body><script>var a = 1;</script></body></html>",
])
def test_page_without_an_article_is_a_failure_with_its_reason(html: str) -> None:
    with pytest.raises(CleanError) as excinfo:
        _clean_page(html)
    assert excinfo.value.reason == "no_article"


def test_non_english_pages_keep_their_script() -> None:
    japanese = _clean("shared_85439e26c41c.html.gz")
    german = _clean("shared_ba07d1e64775.html.gz")
    assert japanese.language == "ja" and "商標" in japanese.body
    assert german.language == "de" and "DMEXCO" in german.body


def test_parsed_html_text_is_not_unescaped_twice():
    page = (b"<html><head><title>Entities</title></head><body><article><p>In HTML you write &amp;amp; to show "
            b"an ampersand and &amp;lt; to show a less-than sign, the tutorial explains to its readers at some "
            b"length and with many examples.</p></article></body></html>")
    doc = pipeline.clean(page, source="entities.html")
    assert "&amp;" in doc.body and "&lt;" in doc.body


def test_broken_json_ld_does_not_stop_the_article():
    deep = "[" * 100_000 + "]" * 100_000
    surrogate = '{"@type": "NewsArticle", "url": "https://example.com/a\\ud800b"}'
    for script in (deep, surrogate):
        page = (f"<html><head><title>Story</title><script type='application/ld+json'>{script}</script></head>"
                "<body><article><p>The council met on Monday evening to discuss the new budget, which has been "
                "delayed for months by a dispute over school funding and road repairs.</p></article></body></html>")
        doc = pipeline.clean(page.encode(), source="story.html")
        assert "council met on Monday" in doc.body
        doc.to_json().encode("utf-8")  # every field encodable


def test_inline_elements_and_line_breaks_stay_inside_their_paragraph() -> None:
    paragraphs = _clean("inline_paragraphs.html").body.split("\n\n")
    # A link after a source line break, inline <code> and <em>: one paragraph each.
    assert paragraphs[0].startswith("Since the first database courses, teachers have warned")
    assert paragraphs[1] == ("In SQL a missing value is written NULL. This means any value compared with it gives "
                             "an unknown result, which is why both x = NULL and x <> NULL select nothing.")
    # A single <br> continues the paragraph; a run of two ends it.
    assert paragraphs[4] == ("The teacher wrote the rule on the board, underlined it twice, and asked the class "
                             "to copy it into their notebooks before the bell.")
    assert paragraphs[5] == "The next morning she began the lesson by asking who still remembered the difference."
    assert len(paragraphs) == 7


def test_code_block_is_one_paragraph_with_its_lines() -> None:
    paragraphs = _clean("inline_paragraphs.html").body.split("\n\n")
    assert "SELECT name\nFROM pupils\nWHERE grade IS NULL;" in paragraphs


def test_line_break_between_japanese_sentences_adds_no_space() -> None:
    page = ("<html><head><title>t</title></head><body><article><p>通常、正規のルートで販売された商品をそのまま転売する場合は、"
            "侵害にはなりません。<br>\n しかし、改造を加えて販売した場合は、侵害と判断される場合があります。</p>"
            "<p>Second paragraph, in English, long enough to be kept by the extractor as text.</p></article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="ja.html")
    assert "侵害にはなりません。しかし、改造を加えて" in doc.body


def test_break_runs_are_marked_once_per_run() -> None:
    from pipeline.html import PARAGRAPH_MARK, mark_break_runs, parse
    tree = parse("<p>one<br>two<br><br>three<br> <br>\n<br>four</p>")
    assert mark_break_runs(tree) == 2
    assert tree.xpath("string(//p)").count(PARAGRAPH_MARK) == 2


_LEAD = ["The council met on Monday to argue about the bridge once more, and the debate went on for hours."]
_REST = [f"Speaker {n} told the council that the crossing mattered to both banks of the river, and asked for a vote soon."
         for n in range(12)]


@pytest.mark.parametrize("balanced, chosen", [
    (_LEAD + _REST, "balanced"),                                   # the rest of a split article: taken
    (_LEAD + ["Home", "News", "Sport", "Weather"] * 30, "precise"),  # a menu, however long: not taken
    (_LEAD + _REST[:1], "precise"),                                # not several times more: not taken
])
def test_short_precise_result_gives_way_to_much_more_prose(monkeypatch, balanced, chosen) -> None:
    from pipeline import html

    def fake(tree, **options):
        return balanced if options.get("favor_precision") is False else _LEAD

    monkeypatch.setattr(html, "_trafilatura_lines", fake)
    lines = html.extract_lines(html.parse("<html><body><p>x</p></body></html>"))
    assert lines == (balanced if chosen == "balanced" else _LEAD)


def _captions(name: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.credit) for c in _clean(name).captions]


def test_caption_text_and_credit_in_separate_elements_make_one_caption() -> None:
    assert ("Die alte Fähre am Anleger.", "Jana Beck") in _captions("captions.html")


def test_credit_on_its_own_line_before_or_after_the_caption() -> None:
    captions = _captions("captions.html")
    assert ("Der Bürgermeister nach der Sitzung im Rathaus", "SN/APA/Jana Beck") in captions
    # White space between the lines is normalised: no raw line breaks in a caption.
    assert ("Pendler warten am Morgen auf das Boot.", "dpa | Tom Berger") in captions


def test_credit_only_figcaption_takes_the_figure_text_out_of_the_body() -> None:
    doc = _clean("captions.html")
    assert ("Der Fluss bei Hochwasser im vergangenen Winter.", "BELGA") in [(c.text, c.credit) for c in doc.captions]
    assert "Hochwasser" not in doc.body


def test_bracketed_credit_label_with_slash() -> None:
    assert ("Melting ice on the river bank", "Clayton Aldern / Grist") in _captions("captions.html")


def test_teaser_and_gallery_count_figcaptions_are_not_captions() -> None:
    doc = _clean("captions.html")
    texts = [c.text for c in doc.captions]
    assert not any("Kräne" in t or "Slideshow" in t for t in texts)
    rules = {r.text: r.rule for r in doc.removed}
    assert rules["Neue Kräne für den Containerhafen"] == "html.teaser_figcaption"
    assert rules["Slideshow ( 15 images )"] == "html.gallery_count"
    assert "Slideshow" not in doc.body and "Kräne" not in doc.body


@pytest.mark.parametrize("caption, expected", [
    ("Der Sitzungssaal am Montag. Foto: Jana Beck", ("Der Sitzungssaal am Montag.", "Jana Beck")),
    ("Le port au matin. Crédit photo : Luc Marin", ("Le port au matin.", "Luc Marin")),
    ("El puerto de noche (Foto: EFE)", ("El puerto de noche", "EFE")),
    ("Ein Wahllokal in Almaty.Bild: Olga Sand/dpa", ("Ein Wahllokal in Almaty.", "Olga Sand/dpa")),
    ("Verlinden tijdens de crisis. — © BELGA", ("Verlinden tijdens de crisis.", "BELGA")),
    ("Rök över staden. Foto: Dan Berg/AP", ("Rök över staden.", "Dan Berg/AP")),
    ("Notes on a desktop that never worked. © 2002, 2003 Jane Roe", ("Notes on a desktop that never worked. © 2002, 2003 Jane Roe", None)),
])
def test_credit_forms_in_several_languages(caption: str, expected: tuple) -> None:
    from pipeline.rules import split_credit
    assert split_credit(caption) == expected


def test_full_width_characters_of_a_page_are_kept_as_published() -> None:
    page = ("<html><head><title>地震</title></head><body><article><p>１３日午後９時１９分ごろ、宮崎県で震度５弱の地震があった。"
            "気象庁によると、震源の深さは約３６キロ。</p><p>＜震度４＞ 宮崎県：高鍋町、新富町、宮崎市。各地の震度は次のとおり。"
            "</p></article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="jishin.html")
    assert "１３日午後９時１９分ごろ" in doc.body and "＜震度４＞" in doc.body


def test_teaser_box_between_paragraphs_is_removed_but_a_lone_linked_heading_stays() -> None:
    prose = ("The harbour board met on Thursday to discuss the new ferry timetable, which has been delayed for "
             "months by a dispute between the operator and the unions about night shifts.")
    page = f"""<html><head><title>Ferry timetable</title></head><body><article>
    <h1>Ferry timetable delayed again</h1><p>{prose}</p>
    <ul><li><a href="/a">Harbour cranes get a new coat of paint</a></li>
    <li><a href="/b">Lighthouse keeper retires after forty years</a></li>
    <li><a href="/c">Fish market moves to the north quay</a></li></ul>
    <p>{prose.replace("Thursday", "Friday")}</p>
    <h2><a href="#talks">Talks with the unions</a></h2>
    <p>{prose.replace("Thursday", "Monday")}</p></article></body></html>"""
    doc = pipeline.clean(page.encode("utf-8"), source="ferry.html")
    assert "Harbour cranes" not in doc.body and "Fish market" not in doc.body
    assert any(r.rule == "html.link_line" and r.text.startswith("Lighthouse keeper") for r in doc.removed)
    assert "Talks with the unions" in doc.body


def test_figure_linked_to_its_own_picture_keeps_its_caption() -> None:
    page = ("<html><head><title>Harbour</title></head><body><article><p>The harbour board met on Thursday to discuss "
            "the new ferry timetable, which has been delayed for months by a dispute about night shifts.</p>"
            "<a href='/img/quay.jpg'><figure><img src='/img/quay.jpg'><figcaption>The north quay at dawn. "
            "Photo: Jana Beck</figcaption></figure></a></article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="quay.html")
    assert [(c.text, c.credit) for c in doc.captions] == [("The north quay at dawn.", "Jana Beck")]


def test_gallery_inside_the_article_becomes_one_caption_a_slide() -> None:
    prose = ("Hotel owners answered questions from readers this week about what guests never see, and some of "
             "their answers surprised even people who work in the trade.")
    slides = "".join(f"<p>{n}/4 Slide title number {n}</p><p>The picture shows room {n} of the hotel after the "
                     f"cleaners have left it for the next guest.</p><p>Photo agency {n}</p>" for n in range(1, 5))
    page = (f"<html><head><title>Hotels</title></head><body><article><p>{prose}</p>{slides}"
            f"<p>{prose.replace('this week', 'last week')}</p></article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="hotels.html")
    assert "Slide title" not in doc.body and "The picture shows room" not in doc.body
    assert doc.body.count("Hotel owners answered") == 2
    gallery = [c.text for c in doc.captions]
    assert len(gallery) == 4
    assert gallery[0] == ("Slide title number 1. The picture shows room 1 of the hotel after the cleaners have "
                          "left it for the next guest. Photo agency 1")


def test_a_lone_counter_is_no_gallery() -> None:
    page = ("<html><head><title>Bank</title></head><body><article><p>The bank said on Monday that its call centre "
            "would stay open around the clock from next month, after complaints from customers.</p>"
            "<p>24/7 Support is what the customers asked for, and the bank says it will now deliver it.</p>"
            "</article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="bank.html")
    assert "24/7 Support is what the customers asked for" in doc.body and not doc.captions


def test_gallery_count_line_in_the_text_is_removed() -> None:
    prose = ("The harbour board met on Thursday to discuss the new ferry timetable, which has been delayed for "
             "months by a dispute between the operator and the unions about night shifts.")
    page = (f"<html><head><title>Ferry</title></head><body><article><p>{prose}</p><p>Slideshow ( 15 images )</p>"
            f"<p>{prose.replace('Thursday', 'Friday')}</p></article></body></html>")
    doc = pipeline.clean(page.encode("utf-8"), source="ferry.html")
    assert "Slideshow" not in doc.body
    assert any(r.rule == "html.gallery_count" for r in doc.removed)


def test_the_pages_facts_are_typed_and_a_misspelt_field_fails() -> None:
    """Issue 9: the HTML -> assemble hand-off was an untyped dict, where a misspelt key
    silently dropped a field."""
    from pipeline.core import PageFacts, analyse

    facts = analyse((DATA / "jsonld_authors.html").read_bytes(), source="jsonld_authors.html").facts
    assert isinstance(facts, PageFacts) and facts.title and facts.authors
    with pytest.raises(TypeError):
        PageFacts(titel="Misspelt")  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        facts.title = "frozen"  # type: ignore[misc]


def test_a_comment_section_marked_in_another_language_leaves_the_body() -> None:
    page = ("<html><head><title>Bäckerei Lindner schließt</title></head><body><div id='inhalt'>"
            "<h1>Bäckerei Lindner schließt</h1>"
            "<p>Die älteste Bäckerei im Ort macht Ende des Monats dicht, weil sich kein Nachfolger findet.</p>"
            "<p>Viele Stammkunden sind traurig und kommen noch einmal vorbei, um sich zu verabschieden.</p>"
            "<p>Die Räume sollen an eine Eisdiele vermietet werden, heißt es aus dem Rathaus der Gemeinde.</p>"
            "<div class='kommentare'><h3>2 Kommentare</h3>"
            "<p><b>Heike</b> schrieb: Sehr schade, der Butterkuchen war der beste weit und breit.</p></div>"
            "</div></body></html>")
    doc = pipeline.clean(page, format="html")
    assert "Butterkuchen" not in doc.body
    assert "Eisdiele" in doc.body
    assert ("comment", "html.comment_area") in {(r.kind, r.rule) for r in doc.removed}


def test_an_article_container_named_after_comments_is_not_taken() -> None:
    # A page whose whole article sits in an element with such a class keeps its article.
    page = ("<html><head><title>Bäckerei Lindner schließt</title></head><body>"
            "<div class='artikel mit-kommentarfunktion'><h1>Bäckerei Lindner schließt</h1>"
            "<p>Die älteste Bäckerei im Ort macht Ende des Monats dicht, weil sich kein Nachfolger findet.</p>"
            "<p>Viele Stammkunden sind traurig und kommen noch einmal vorbei, um sich zu verabschieden.</p>"
            "</div></body></html>")
    assert "Stammkunden" in pipeline.clean(page, format="html").body


def test_a_standfirst_the_extractor_left_out_is_the_subtitle() -> None:
    html = ("<html lang='sv'><head><title>Nya cykelbanan klar | Bladet</title></head><body><article>"
            "<h1>Nya cykelbanan klar</h1><p class='preamble'>Kommunen lovar åtgärder efter klagomål om "
            "farliga korsningar.</p><div class='article-body'><p>Efter två års byggtid invigdes i helgen den "
            "nya cykelbanan som förbinder centrum med bostadsområdet Norrstrand.</p><p>Sträckan är drygt fyra "
            "kilometer lång och har kostat kommunen omkring 38 miljoner kronor.</p></div></article></body></html>")
    doc = _clean_page(html)
    assert doc.subtitle == "Kommunen lovar åtgärder efter klagomål om farliga korsningar."
    assert "Kommunen lovar" not in doc.body


def test_the_time_printed_under_the_headline_joins_the_day_found_in_the_page() -> None:
    html = ("<html lang='pl'><head><title>Remont mostu potrwa dłużej</title></head><body><div class='art'>"
            "<h1>Remont mostu potrwa dłużej</h1><div class='art-info'><span>Autor: Katarzyna Nowak</span> | "
            "<span>Data publikacji: 11.03.2025, 14:20</span></div><div class='art-text'><p>Zarząd Dróg Miejskich "
            "poinformował, że przebudowa mostu w ciągu ulicy Kolejowej nie zakończy się w maju, jak pierwotnie "
            "zakładano. Nowy termin to koniec sierpnia.</p><p>Radni opozycji domagają się kar umownych dla "
            "wykonawcy. Sprawą zajmie się komisja infrastruktury.</p></div></div></body></html>")
    assert _clean_page(html).published == "2025-03-11T14:20:00"


@pytest.mark.parametrize("byline, names", [
    ("By <a>Tom Hardy</a> and <a>Jess Oyelaran</a><span class='byline__role'>Sports reporters</span>",
     ("Tom Hardy", "Jess Oyelaran")),
    ("Por <strong>Ana Beatriz Costa</strong>, Portal Regional Campinas", ("Ana Beatriz Costa",))])
def test_a_byline_in_markup_gives_the_persons_only(byline: str, names: tuple[str, ...]) -> None:
    html = (f"<html><head><title>Late header keeps Rovers' hopes alive</title></head><body><article>"
            f"<h1>Late header keeps Rovers' hopes alive</h1><div class='byline'>{byline}</div>"
            "<p>Rovers kept their play-off hopes alive on Saturday as a substitute headed home an 89th-minute "
            "winner to beat Town 2-1 in front of a sell-out crowd.</p><p>Rovers travel to Eastfield next "
            "Saturday for the last game of the regular season.</p></article></body></html>")
    assert _clean_page(html).authors == names


def test_a_name_signing_the_article_is_its_author_when_the_markup_names_none() -> None:
    html = ("<html lang='vi'><head><title>Hà Nội thí điểm xe buýt điện</title></head><body><article>"
            "<h1>Hà Nội thí điểm xe buýt điện</h1><p>Sở Giao thông Vận tải Hà Nội cho biết tuyến xe buýt điện mới có "
            "chiều dài khoảng 28 km, đi qua các quận Nam Từ Liêm, Cầu Giấy, Thanh Xuân và Hoàng Mai.</p><p>Giá vé dự "
            "kiến giữ nguyên 9.000 đồng mỗi lượt, hành khách có thể thanh toán bằng thẻ ngân hàng hoặc ví điện tử."
            "</p><p style='text-align:right'><strong>Minh Khôi</strong></p></article></body></html>")
    doc = _clean_page(html)
    assert doc.authors == ("Minh Khôi",) and "Minh Khôi" not in doc.body


def test_a_box_of_tag_links_gives_the_tags_when_the_metadata_names_none() -> None:
    html = ("<html lang='it'><head><title>Pasta alla Norma</title></head><body><nav class='tags'><a>Home</a>"
            "<a>Ricette</a></nav><article><h1>Pasta alla Norma</h1><p>La pasta alla Norma è il piatto che ogni "
            "famiglia di Catania rivendica come proprio. Prende il nome dall'opera di Vincenzo Bellini.</p><p>Concetta "
            "ci tiene a un ultimo consiglio: la ricotta salata va grattugiata solo all'ultimo momento.</p>"
            "<div class='tags'>Tags: <a>ricette</a> <a>cucina siciliana</a> <a>Catania</a></div></article></body></html>")
    assert _clean_page(html).tags == ("ricette", "cucina siciliana", "Catania")
