"""The HTML metadata cascade: authors (fields, then byline markup; agencies and site names by
policy), dates (date fields, then htmldate with the page's own latest date), the printed
title, declared and identified languages, tags and urls. Small pages written for each case."""
from __future__ import annotations

import json

import pytest

import pipeline
from pipeline.html import _fix_meta, parse
from pipeline.html_dates import latest_stated_date
from pipeline.html_meta import PageMeta, read_meta
from pipeline.metadata import author_candidates, author_names, detect_language

_BODY = ("<p>The council met on Tuesday evening and agreed after a long debate to rebuild the old "
         "harbour bridge, which engineers say can no longer carry buses safely.</p>")


def page(head: str = "", body: str = "", lang: str | None = "en") -> str:
    lang_attribute = f' lang="{lang}"' if lang else ""
    return (f"<!DOCTYPE html><html{lang_attribute}><head><meta charset='utf-8'>{head}</head>"
            f"<body><main><article>{body}{_BODY}</article></main></body></html>")


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def meta_of(html: str) -> PageMeta:
    return _fix_meta(read_meta(parse(html)))


# --- authors ------------------------------------------------------------------------------

def test_entities_are_decoded_before_names_are_split() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote",
                    "author": {"@type": "Person", "name": "Maeve O&#039;Connor"}}))
    assert meta_of(html).authors == ["Maeve O'Connor"]


def test_a_company_with_its_address_is_one_organisation_not_three_authors() -> None:
    assert author_candidates("Harbourside Media GmbH, Munich, Germany") == [("Harbourside Media GmbH", "agency")]
    html = page('<meta name="author" content="Harbourside Media GmbH, Munich, Germany">')
    assert meta_of(html).authors == ["Harbourside Media GmbH"]


def test_a_job_title_after_a_name_is_dropped() -> None:
    assert author_names("Tom Baker Science editor") == ["Tom Baker"]
    assert author_names("Staff Writer") == []


def test_a_writer_box_in_a_script_without_capitals_read_whole_names_nobody() -> None:
    # Label, name, desk and button all read as names: the box is left, the field's outlet stays.
    box = ('<div id="writerProfile"><div>この記事を書いた人</div><dl><dt>山田太郎</dt><dd>大阪経済部</dd></dl>'
           '<button>フォロー</button></div>')
    html = page(ld({"@type": "NewsArticle", "headline": "橋の再建が決定",
                    "author": {"@type": "Organization", "name": "港湾新聞デジタル"},
                    "publisher": {"@type": "Organization", "name": "港湾新聞デジタル"}}), box, lang="ja")
    assert meta_of(html).authors == ["港湾新聞デジタル"]


def test_given_and_family_names_make_a_person() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote",
                    "author": [{"@type": "Person", "givenName": "Anna Lena", "familyName": "Berg"}]}))
    assert meta_of(html).authors == ["Anna Lena Berg"]


def test_an_agency_byline_is_kept_when_the_field_names_no_person() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote",
                    "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
                    "author": {"@type": "Organization", "name": "Northern Press Agency"}}))
    assert meta_of(html).authors == ["Northern Press Agency"]


def test_an_agency_beside_a_person_stays_but_the_site_does_not() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote",
                    "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
                    "author": [{"@type": "Person", "name": "Maria Lopez"},
                               {"@type": "Organization", "name": "Harbour Gazette"},
                               {"@type": "Person", "name": "Reuters"}]}))
    assert meta_of(html).authors == ["Maria Lopez", "Reuters"]


def test_the_site_name_is_the_author_only_when_no_person_is_named() -> None:
    site_only = ld({"@type": "NewsArticle", "headline": "Bridge vote",
                    "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
                    "author": {"@type": "Person", "name": "Harbour Gazette"}})
    assert meta_of(page(site_only)).authors == ["Harbour Gazette"]
    with_byline = page(site_only, '<p class="article-byline">By Jonas Weber</p>')
    assert meta_of(with_byline).authors == ["Jonas Weber"]


def test_byline_markup_levels() -> None:
    itemprop = page(body='<div itemprop="author" itemscope><span itemprop="name">Clara Jung</span>, Berlin</div>')
    assert meta_of(itemprop).authors == ["Clara Jung"]
    rel = page(body='<p>By <a rel="author" href="/staff/omar">Omar Haddad</a></p>')
    assert meta_of(rel).authors == ["Omar Haddad"]
    byline = page(body='<div class="story-byline">Von Petra Lang und Ivo Marek, Wien</div>')
    assert meta_of(byline).authors == ["Petra Lang", "Ivo Marek"]


@pytest.mark.parametrize("line, names", [
    ("par Marie Dupont", ["Marie Dupont"]),
    ("Von Anna Schmidt und Peter Müller", ["Anna Schmidt", "Peter Müller"]),
    ("Posted on <time>21 October 2019</time> by <a href='/u/jo'>Jo Malik</a>", ["Jo Malik"]),
])
def test_a_byline_printed_under_the_headline_without_markup(line: str, names: list[str]) -> None:
    assert meta_of(page(body=f"<h1>Harbour bridge to be rebuilt</h1><p>{line}</p>")).authors == names


def test_a_byline_shaped_line_after_the_first_paragraph_is_no_printed_byline() -> None:
    body = (f"<h1>Harbour bridge to be rebuilt</h1>{_BODY}<p>By Friday</p>"
            "<div class='teaser'><p>By Someone Else</p></div>")
    assert meta_of(page(body=body)).authors == []


def test_teasers_and_comments_give_no_author() -> None:
    teasers = page(body=(
        '<div class="story-byline">By Ruth Abara</div>'
        '<ul class="related-stories"><li><span class="author">Someone Else</span></li></ul>'))
    assert meta_of(teasers).authors == ["Ruth Abara"]
    comments = page(body='<div class="comments"><span class="comment-author">Jo Reader</span></div>')
    assert meta_of(comments).authors == []
    # Microdata: only the first item's authors (a list of teasers marks each teaser's author).
    items = page(body=(
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<span itemprop="author">Lea Kovac</span></div>'
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<span itemprop="author">Teaser Writer</span></div>'))
    assert meta_of(items).authors == ["Lea Kovac"]


def test_a_place_after_a_name_is_no_author() -> None:
    html = page('<meta name="author" content="Ilse Brandt, Lisbon">')
    assert meta_of(html).authors == ["Ilse Brandt"]


def test_a_follow_this_author_widget_gives_no_author() -> None:
    html = page(body=('<ul class="more-from"><li class="author-follow">Nora Quist, Ten ways to cross a bridge</li></ul>'
                      '<p class="byline">By Ilse Brandt</p>'))
    assert meta_of(html).authors == ["Ilse Brandt"]


def test_a_desk_in_capitals_beside_a_person_is_no_author() -> None:
    html = page(body='<p class="author">von Ilse Brandt, RADIO NORD</p>')
    assert meta_of(html).authors == ["Ilse Brandt"]


def test_brands_and_slugs_in_meta_authors_are_no_persons() -> None:
    html = page('<meta name="author" content="Ilse Brandt"><meta name="author" content="stockphotos">')
    assert meta_of(html).authors == ["Ilse Brandt"]


# --- dates ------------------------------------------------------------------------------

def test_json_ld_date_keeps_its_time() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote", "datePublished": "2023-06-01T08:15:00+02:00"}))
    assert meta_of(html).published == "2023-06-01T08:15:00+02:00"


def test_a_utc_copy_yields_to_the_same_instant_in_the_page_offset() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Bridge vote", "dateCreated": "2017-02-24T01:18:13Z"})
                + '<meta property="article:published_time" content="2017-02-23T17:18:13-08:00">')
    assert meta_of(html).published == "2017-02-23T17:18:13-08:00"


@pytest.mark.parametrize("markup", [
    '<time datetime="2022-11-03T10:00:00+01:00" class="entry-date published">3 November 2022</time>',
    '<abbr class="published" title="2022-11-03">3 Nov</abbr>',
])
def test_dates_from_markup_when_no_field_gives_one(markup: str) -> None:
    assert meta_of(page(body=markup)).published[:10] == "2022-11-03"


def test_a_time_element_keeps_the_time_it_states_for_the_day() -> None:
    timed = page(body='<time datetime="2021-10-25T08:15:00+02:00">Oct. 25, 2021</time>')
    assert meta_of(timed).published == "2021-10-25T08:15:00+02:00"
    abbr = page(body='<abbr class="published" title="2012-09-30T21:15:00+02:00">September 30, 2012</abbr>')
    assert meta_of(abbr).published == "2012-09-30T21:15:00+02:00"
    day_only = page(body='<time datetime="2021-10-25">Oct. 25, 2021</time>')
    assert meta_of(day_only).published == "2021-10-25"


@pytest.mark.parametrize("line, published", [
    ("Pubblicato il 5 ottobre 2018 alle 09:40 · Di <span>Francesca Montanari</span>", "2018-10-05T09:40:00"),
    ("Sevilla, 14 de julio de 2022", "2022-07-14"),
    ("Veröffentlicht am 6. August 2009", "2009-08-06"),
])
def test_a_date_printed_under_the_headline_when_no_field_gives_one(line: str, published: str) -> None:
    assert meta_of(page(body=f"<h1>Harbour bridge to be rebuilt</h1><div>{line}</div>")).published == published


def test_a_date_printed_after_the_first_paragraph_is_no_head_date() -> None:
    body = f"<h1>Harbour bridge to be rebuilt</h1>{_BODY}<p>Sevilla, 14 de julio de 2022</p>"
    assert meta_of(page(body=body)).published is None


def test_date_from_the_url_when_nothing_else_gives_one() -> None:
    html = page('<link rel="canonical" href="https://news.example/2019/10/21/bridge-vote">')
    assert meta_of(html).published == "2019-10-21"


def test_no_date_later_than_the_page_says_and_no_clock() -> None:
    # The page's modification date bounds the publication date htmldate may give.
    bounded = page('<meta property="article:modified_time" content="2020-05-01T10:00:00Z">',
                   '<time datetime="2021-01-01">1 January 2021</time>')
    assert meta_of(bounded).published is None
    assert latest_stated_date([]) == "2100-12-31"
    # Without such a date, nothing depends on today's date: a page dated far ahead keeps it.
    ahead = page(body='<time datetime="2099-04-02" class="published">2 April 2099</time>')
    assert meta_of(ahead).published == "2099-04-02"


# --- title ------------------------------------------------------------------------------

def test_printed_headline_beats_a_site_suffix_in_og_title() -> None:
    html = page('<meta property="og:title" content="Bridge vote ends decade of debate | HG">'
                '<link rel="canonical" href="https://www.hg.example/news/1">',
                "<h1>Bridge vote ends decade of debate</h1>")
    assert meta_of(html).title == "Bridge vote ends decade of debate"


def test_site_name_from_the_address_strips_the_suffix_without_a_headline() -> None:
    html = page('<meta property="og:title" content="Bridge vote ends decade of debate | HG">'
                '<link rel="canonical" href="https://www.hg.example/news/1">')
    assert meta_of(html).title == "Bridge vote ends decade of debate"


def test_a_tail_that_og_title_and_the_page_title_share_is_the_site_name() -> None:
    html = page('<title>Lyon : les berges rouvrent | Rhône Infos</title>'
                '<meta property="og:title" content="Lyon : les berges rouvrent - Rhône Infos">')
    assert meta_of(html).title == "Lyon : les berges rouvrent"


def test_metadata_title_with_a_dash_tail_is_not_cut_without_a_site_name() -> None:
    html = page('<meta property="og:title" content="Bridge vote ends decade of debate – ferry to run">')
    assert meta_of(html).title == "Bridge vote ends decade of debate – ferry to run"


def test_kicker_printed_apart_stays_in_the_title() -> None:
    html = page('<meta property="og:title" content="Harbour: Bridge vote ends decade of debate">',
                "<h1>Bridge vote ends decade of debate</h1>")
    assert meta_of(html).title == "Harbour: Bridge vote ends decade of debate"


def test_a_metadata_title_cut_short_yields_to_the_headline() -> None:
    html = page('<meta property="og:title" content="Bridge vote ends decade of debate">',
                "<h1>Bridge vote ends decade of debate – ferry to run for three years</h1>")
    assert meta_of(html).title == "Bridge vote ends decade of debate – ferry to run for three years"


def test_a_logo_or_an_unrelated_h1_is_never_the_title() -> None:
    html = page('<meta property="og:title" content="Bridge vote ends decade of debate">',
                "<h1>Harbour Gazette</h1>")
    assert meta_of(html).title == "Bridge vote ends decade of debate"


def test_a_json_ld_headline_the_page_states_nowhere_loses_to_its_name() -> None:
    # A headline field filled with the page's type: the <title> and the <h1> tell the name.
    typed = page('<title>Ferries of the northern coast - Harbour Wiki</title>'
                 + ld({"@type": "Article", "name": "Ferries of the northern coast", "headline": "Harbour Wiki list article"}),
                 "<h1>Ferries of the northern coast</h1>")
    assert meta_of(typed).title == "Ferries of the northern coast"
    # A headline the page prints stays, however its <title> is worded for search engines.
    printed = page('<title>Bridge closed? Council explains the vote | Harbour Gazette</title>'
                   + ld({"@type": "NewsArticle", "name": "Bridge closed? Council explains the vote",
                         "headline": "Council votes to rebuild the harbour bridge"}),
                   "<h1>Council votes to rebuild the harbour bridge</h1>")
    assert meta_of(printed).title == "Council votes to rebuild the harbour bridge"


# --- language, tags, url ------------------------------------------------------------------

@pytest.mark.parametrize(("declared", "code"), [("zh-Hans", "zh"), ("pt_BR", "pt"), ("deu", "de")])
def test_declared_language_tags_become_iso_639_1(declared: str, code: str) -> None:
    assert meta_of(page(lang=declared)).language == code


def test_an_undeclared_chinese_page_is_identified_as_chinese() -> None:
    body = ("<p>市议会星期二晚上开会，经过长时间的辩论，同意重建旧港口大桥。工程师说，这座桥已经不能安全地承载公共汽车。"
            "施工预计明年春天开始，持续三年，期间临时渡轮每十五分钟往返一次。</p>") * 3
    html = f"<html><head><title>重建港口大桥</title></head><body><article>{body}</article></body></html>"
    doc = pipeline.clean(html.encode("utf-8"), source="zh.html")
    assert doc.language == "zh"
    assert detect_language("Ok.") is None


def test_tags_are_separate_items_and_urls_lose_their_fragment() -> None:
    html = page('<meta property="article:tag" content="bridges, transport">'
                '<meta property="article:tag" content="council">'
                + ld({"@type": "NewsArticle", "headline": "Bridge vote",
                      "mainEntityOfPage": {"@id": "https://news.example/bridge#webpage"}}))
    meta = meta_of(html)
    assert meta.tags == ["bridges", "transport", "council"]
    assert meta.url == "https://news.example/bridge"


# --- the two purpose-written golden pages (tests/data/html/meta_*.html) -------------------

def _golden_page(name: str) -> pipeline.Document:
    from pathlib import Path

    path = Path(__file__).parent / "data" / "html" / name
    return pipeline.clean(path.read_bytes(), source=f"tests/data/html/{name}")


def test_byline_markup_page() -> None:
    doc = _golden_page("meta_byline_markup.html")
    assert doc.title == "Ferry service to resume after storm repairs"  # the site suffix is gone
    assert list(doc.authors) == ["Helen Marsh", "Ravi Kapoor"]  # not the site, the desk or a teaser's author
    assert doc.published == "2024-02-11T07:05:00+00:00"  # from <time>, not the modification date
    assert doc.language == "en" and list(doc.tags) == ["ferries", "storms", "transport"]
    assert doc.source.url == "https://www.riverside-courier.example/news/ferry-resumes"


def test_agency_page_without_a_declared_language() -> None:
    doc = _golden_page("meta_agency_undeclared.html")
    assert doc.title == "Puerto: Vuelven los barcos de pesca tras la tormenta"  # the kicker stays
    assert list(doc.authors) == ["Agencia Costera de Noticias"]
    assert doc.published == "2023-09-14"  # from the address
    assert doc.language == "es"
    assert list(doc.tags) == ["pesca", "puerto", "tormenta"]


def test_the_pages_author_field_beats_a_name_read_from_a_body_line() -> None:
    # A photographer's or contributor's line in the article is no second author when the page names one.
    html = page('<meta name="author" content="Maeve Connor">',
                "<p>By Tomas Lindqvist</p>")
    assert pipeline.clean(html, format="html").authors == ("Maeve Connor",)


def test_a_body_byline_is_used_when_the_page_names_no_author() -> None:
    html = page("", "<p>By Tomas Lindqvist</p>")
    assert pipeline.clean(html, format="html").authors == ("Tomas Lindqvist",)
