"""Metadata of an HTML page from its parsed tree: JSON-LD, then OpenGraph/<meta>, then <title>/<html lang>.

Owns the cascade (the first source that has a field wins) and the normalising of what
structured data holds: dates to ISO 8601, keywords to a list of items, language tags to
ISO 639-1, urls without fragments. Works on the lxml tree `pipeline.html` parsed once.
Where the head says too little, the page body is read by three helpers: the authors'
cascade down to byline markup (`pipeline.html_authors`), htmldate for a missing date
(`pipeline.html_dates`) and the printed headline (`pipeline.html_title`).
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from .html_authors import page_authors
from .html_title import agrees, printed_headline, printed_headlines
from .html_dates import MODIFIED_META_KEYS, htmldate_day, local_instant, printed_date
from .metadata import unique_casefold, parse_date
from .shapes import split_site_suffix

# schema.org types whose objects describe the article itself.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "liveblogposting", "scholarlyarticle", "techarticle", "report", "socialmediaposting",
    "posting", "satiricalarticle", "advertisercontentarticle", "medicalscholarlyarticle",
    "claimreview",  # a fact-check page's main object: its own headline, author and date
})
# <meta> names that hold the article's author, most specific first.
AUTHOR_META_KEYS = ("author", "article:author", "og:article:author", "byl", "dc.creator", "sailthru.author",
                    "parsely-author", "cxenseparse:author", "articleauthor")
_SEPARATORS = r"\s+[|–—:»·-]\s+|\s+::\s+|\s*\|\s*"
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass
class PageMeta:
    """What the page's structured data says about the article; None/empty where it says nothing."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    site_name: str | None = None
    page_title: str | None = None
    # The page's explicit author fields in cascade order, as (source, raw value), and the
    # names the site goes by; `pipeline.html_authors` turns them into names.
    author_fields: list = field(default_factory=list, repr=False)
    site_names: set = field(default_factory=set, repr=False)
    # Every publication date the date fields give, and their modification dates (as written).
    published_values: list = field(default_factory=list, repr=False)
    modified_values: list = field(default_factory=list, repr=False)
    # Every title the metadata gives (JSON-LD headline, og:title, twitter:title), page order.
    title_values: list = field(default_factory=list, repr=False)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = _SPACE.sub(" ", value).strip()
    return value or None


# --- JSON-LD ----------------------------------------------------------------------------

def _json_objects(tree: etree._Element) -> list[dict]:
    """Every object in the page's JSON-LD scripts, @graph and nested lists flattened."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json' or @type='application/json+ld']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except RecursionError:
            continue  # nested past Python's limit: no metadata there, the article still counts
        except ValueError:
            # CMSs often leave a trailing comma or HTML comment markers around the JSON.
            raw = re.sub(r",\s*([}\]])", r"\1", raw.replace("<!--", "").replace("-->", ""))
            try:
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[0:0] = item
            elif isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack[0:0] = graph
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _article_object(objects: list[dict]) -> dict | None:
    """The first article-typed object (or a WebPage's mainEntity that is one)."""
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            return obj
    for obj in objects:
        entity = obj.get("mainEntity")
        if isinstance(entity, dict) and _types(entity) & ARTICLE_TYPES:
            return entity
    return None


def _keywords(value) -> list[str]:
    """Keyword items from a comma-separated string or a list, entities decoded, quotes trimmed.

    >>> _keywords('water, &quot;icy moon&quot;, ,nasa')
    ['water', 'icy moon', 'nasa']
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            for keyword in html.unescape(item).split(","):
                keyword = keyword.strip(" \"'“”‘’")
                if any(ch.isalnum() for ch in keyword):
                    out.append(keyword)
    return out


def _from_json_ld(objects: list[dict], meta: PageMeta) -> None:
    article = _article_object(objects)
    publisher_name = None
    for obj in objects:
        if _types(obj) & {"newsmediaorganization", "organization"} and not publisher_name:
            publisher_name = _clean(obj.get("name"))
    if publisher_name:
        meta.site_names.add(publisher_name)
    if article is None:
        meta.site_name = meta.site_name or publisher_name
        return
    publisher = article.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        publisher_name = _clean(publisher.get("name")) or publisher_name
    meta.site_name = meta.site_name or publisher_name
    meta.title = meta.title or _clean(article.get("headline")) or _clean(article.get("name"))
    meta.title_values.extend(t for t in (_clean(article.get("headline")), _clean(article.get("name"))) if t)
    meta.description = meta.description or _clean(article.get("description"))
    if publisher_name:
        meta.site_names.add(publisher_name)
    meta.author_fields.append(("json-ld", article.get("author")))
    meta.published = meta.published or _date(article.get("datePublished") or article.get("dateCreated"))
    meta.published_values.extend(v for v in (article.get("datePublished"), article.get("dateCreated"))
                                 if isinstance(v, str))
    meta.modified_values.extend(v for v in (article.get("dateModified"),) if isinstance(v, str))
    meta.tags = meta.tags or _keywords(article.get("keywords"))
    language = article.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    meta.language = meta.language or _language(language)
    url = article.get("url")
    if not isinstance(url, str):
        entity = article.get("mainEntityOfPage")
        url = entity.get("@id") if isinstance(entity, dict) else entity
    meta.url = meta.url or _http_url(url)


# --- <meta>, <title>, <html lang> ----------------------------------------------------------

def _meta_map(tree: etree._Element) -> dict[str, list[str]]:
    """<meta> contents by lower-cased property/name/itemprop/http-equiv, in page order."""
    values: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        content = _clean(element.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), []).append(content)
    return values


def _first(values: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if values.get(key):
            return values[key][0]
    return None


def _from_meta(tree: etree._Element, meta: PageMeta) -> None:
    values = _meta_map(tree)
    meta.site_name = meta.site_name or _first(values, "og:site_name", "application-name")
    meta.title = meta.title or _first(values, "og:title", "twitter:title")
    meta.title_values.extend(values.get("og:title", []) + values.get("twitter:title", []))
    meta.description = meta.description or _first(values, "og:description", "description", "twitter:description")
    meta.site_names.update(values.get("og:site_name", []) + values.get("application-name", []))
    for key in AUTHOR_META_KEYS:
        if values.get(key):
            meta.author_fields.append((f"meta:{key}", values[key]))
    published_keys = ("article:published_time", "datepublished", "pubdate", "publishdate", "date",
                      "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date", "og:pubdate")
    meta.published = meta.published or _date(_first(values, *published_keys))
    meta.published_values.extend(v for key in published_keys for v in values.get(key, []))
    meta.modified_values.extend(v for key in MODIFIED_META_KEYS for v in values.get(key, []))
    if not meta.tags:
        tags = _keywords(values.get("article:tag") or _first(values, "keywords", "news_keywords"))
        meta.tags = list(tags or [])
    meta.language = meta.language or _language(_first(values, "og:locale", "language", "content-language"))
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    meta.url = meta.url or _http_url(_first(values, "og:url")) or _http_url(canonical[0] if canonical else None)


def strip_site_suffix(title: str, site_name=None, guess: bool = True) -> str:
    """A title without the site's name after (or before) a separator.

    `site_name` is one name or a set of them (the site's names and its address's). With
    `guess` (a `<title>`, which sites fill with their name), a short last segment is taken
    for the site's name even when no name is known; a headline from the metadata loses only
    a segment that is a known name ('Headline - Starke Worte' keeps its tail).

    >>> strip_site_suffix("Talks resume in Doha | The Daily News", "The Daily News")
    'Talks resume in Doha'
    >>> strip_site_suffix("Talks resume in Doha - Reuters")
    'Talks resume in Doha'
    >>> strip_site_suffix("Talks resume in Doha - more delays", guess=False)
    'Talks resume in Doha - more delays'
    >>> strip_site_suffix("Gespräche in Doha | Börsen-Zeitung", {"boersen-zeitung"}, guess=False)
    'Gespräche in Doha'
    >>> strip_site_suffix("Milan Design Week | A light installation by Michael Anastassiades for FLOS")
    'Milan Design Week | A light installation by Michael Anastassiades for FLOS'
    >>> strip_site_suffix("Lyon : les berges rouvrent | Rhône Infos"), strip_site_suffix("Floods: city in chaos: Mayor speaks")
    ('Lyon : les berges rouvrent', 'Floods: city in chaos: Mayor speaks')
    """
    names = {site_name} if isinstance(site_name, str) else set(site_name or ())
    keys = {_simple(n) for n in names if n and len(_simple(n)) >= 2}
    parts = [p for p in re.split(_SEPARATORS, title) if p.strip()]
    if len(parts) < 2:
        return title
    if any(_same_site(parts[-1], key) for key in keys):
        return re.split(_SEPARATORS, title)[0] if len(parts) == 2 else _drop_last(title)
    if any(_simple(parts[0]) == key for key in keys):
        return title[title.find(parts[1]):].strip()
    last = parts[-1]
    # Without a known site name, only a short last segment after a headline of some length
    # reads as one ('Lyon : les berges rouvrent | Rhône Infos'); never a segment after a
    # colon, which ends a kicker ('Floods: city in chaos: Mayor speaks').
    stem = _drop_last(title)
    separator = title[len(stem):].lstrip()[:1]
    if guess and len(last.split()) <= 3 and len(stem.split()) >= 3 and separator != ":":
        return stem
    return title


def _shared_tail(title: str | None, page_title: str | None) -> str | None:
    """The site's name when the metadata title and the `<title>` end on the same short segment
    after a separator ('... - Rhône Infos' and '... | Rhône Infos'), or None.

    >>> _shared_tail("Lyon : les berges rouvrent - Rhône Infos", "Lyon : les berges rouvrent | Rhône Infos")
    'Rhône Infos'
    >>> _shared_tail("Talks resume in Doha", "Talks resume in Doha | The Daily News") is None
    True
    """
    if not title or not page_title:
        return None
    tail, page_tail = split_site_suffix(title)[1], split_site_suffix(page_title)[1]
    return tail if tail and page_tail and tail.casefold() == page_tail.casefold() else None


def _same_site(segment: str, key: str) -> bool:
    """Whether a title segment is the site's name: equal, holding it, or spelt alike
    ('Börsen-Zeitung' for the address 'boersen-zeitung').

    >>> _same_site("DW", "dw"), _same_site("Die Neue Südtiroler Tageszeitung", "tageszeitung")
    (True, True)
    >>> _same_site("Börsen-Zeitung", "boersenzeitung"), _same_site("Starke Rauchentwicklung", "morgenpost")
    (True, False)
    """
    from difflib import SequenceMatcher

    simple = _simple(segment)
    if not simple:
        return False
    if simple == key or (len(key) >= 4 and key in simple):
        return True
    folded = _simple(unicodedata.normalize("NFKD", segment).encode("ascii", "ignore").decode())
    return len(key) >= 4 and SequenceMatcher(None, folded, key).ratio() >= 0.85


def _drop_last(title: str) -> str:
    matches = list(re.finditer(_SEPARATORS, title))
    return title[: matches[-1].start()].strip() if matches else title


def _simple(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _date(value) -> str | None:
    return parse_date(value) if isinstance(value, str) and value.strip() else None


def _language(value) -> str | None:
    """A declared language tag as an ISO 639-1 code: region and script dropped, three-letter
    and deprecated codes mapped by CLDR's aliases (Babel's data), anything else None.

    >>> [_language(t) for t in ("zh-Hans", "pt_BR", "EN", "deu", "iw", "x-default", "English")]
    ['zh', 'pt', 'en', 'de', 'he', None, None]
    """
    if not isinstance(value, str):
        return None
    match = _LANG.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    from babel.core import get_global  # CLDR's alias table, loaded once per process

    code = get_global("language_aliases").get(code, code)
    return code if len(code) == 2 else None


def _host_names(url: str | None, labels: bool = False) -> set[str]:
    """The names a site's address gives it, as bylines print them ('example.de' for
    www.example.de), and with `labels` its first name label as titles print it ('example').

    >>> sorted(_host_names("https://www.example.co.uk/news/1", labels=True))
    ['example', 'example.co.uk', 'www.example.co.uk']
    """
    if not url:
        return set()
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    if not host:
        return set()
    bare = host[4:] if host.startswith("www.") else host
    names = {host, bare}
    if labels and "." in bare:
        names.add(bare.split(".", 1)[0])
    return names


def _http_url(value) -> str | None:
    """An absolute web address without its fragment (a JSON-LD '@id' such as '.../#webpage'
    names a node of the graph, not another page).

    >>> _http_url("https://example.com/news/1#webpage"), _http_url("/news/1")
    ('https://example.com/news/1', None)
    """
    value = _clean(value)
    if not value or not value.startswith(("http://", "https://")):
        return None
    return value.split("#", 1)[0] or None


def _title_the_page_states(title: str | None, json_ld_titles: list[str], page_title: str | None,
                           printed: list[str]) -> str | None:
    """When the JSON-LD headline and name disagree, the one the page's <title> tells, unless
    the page prints the headline: a headline filled with the page's type ('Wikimedia list
    article') loses to the name.

    >>> _title_the_page_states("Wikimedia list article", ["Wikimedia list article", "List of films"],
    ...                        "List of films - Wikipedia", ["List of films"])
    'List of films'
    >>> _title_the_page_states("Dams hold", ["Dams hold", "Flood news"], "Flood news: dams hold | Site", [])
    'Dams hold'
    >>> _title_the_page_states("Dams hold", ["Dams hold", "River news"], "River news | Site", ["Dams hold"])
    'Dams hold'
    """
    if not title or not page_title or title not in json_ld_titles or agrees(title, page_title):
        return title
    if any(agrees(title, headline) for headline in printed):
        return title
    stated = [other for other in json_ld_titles if other != title and agrees(other, page_title)]
    return stated[0] if stated else title


def read_meta(tree: etree._Element) -> PageMeta:
    """The cascade: JSON-LD first, then <meta>, then <title> and <html lang>; authors are
    `pipeline.html_authors`' cascade, a missing date `pipeline.html_dates`'."""
    meta = PageMeta()
    _from_json_ld(_json_objects(tree), meta)
    json_ld_titles = list(meta.title_values)
    _from_meta(tree, meta)
    titles = tree.xpath("//title")
    page_title = _clean(titles[0].text_content()) if titles else None
    meta.title = _title_the_page_states(meta.title, json_ld_titles, page_title, printed_headlines(tree))
    meta.page_title = page_title
    site_names = meta.site_names | _host_names(meta.url, labels=True)
    shared_tail = _shared_tail(meta.title, page_title)
    if shared_tail:
        site_names = site_names | {shared_tail}
    if meta.title:
        meta.title = strip_site_suffix(meta.title, site_names, guess=False)
    elif page_title:
        meta.title = strip_site_suffix(page_title, site_names)
    printed = printed_headline(tree, meta.title, [meta.title, *meta.title_values, page_title], meta.site_names)
    meta.title = printed or meta.title
    if meta.published:
        meta.published = local_instant(meta.published, meta.published_values)
    else:
        meta.published = (htmldate_day(tree, meta.url, meta.modified_values)
                          or printed_date(tree, meta.modified_values))
    if not meta.language:
        meta.language = _language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
    meta.authors = page_authors(tree, meta.author_fields, meta.site_names | _host_names(meta.url))
    meta.tags = unique_casefold(meta.tags or _tag_box(tree))
    return meta


# Class or id words of the box of links to an article's tags (whole words of the attribute).
_TAG_BOX = re.compile(r"(?:^|[\s_-])(?:tags|tag-list|taglist|tag-links|post-tags|entry-tags|article-tags|"
                      r"story-tags|keywords|schlagworte|schlagwoerter|stichworte|etiquetas|etichette|tagi|"
                      r"mots-cles|trefwoorden|taggar|themen-tags)(?:$|[\s_-])", re.IGNORECASE)
_TAG_BOX_LINKS = (1, 20)  # links in a tag box; more is a site-wide tag cloud
_TAG_WORDS = 6            # a tag is this short
_OUTSIDE_ARTICLE = frozenset({"nav", "header", "footer", "aside"})


def _tag_box(tree: etree._Element) -> list[str]:
    """Tags from the article's box of tag links ('<div class="tags">Tags: <a>ricette</a> ...'),
    for a page whose metadata names none; never from a menu, a header, a footer or a sidebar."""
    for element in tree.iter("div", "ul", "p", "section", "span"):
        if not _TAG_BOX.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            continue
        if any(ancestor.tag in _OUTSIDE_ARTICLE for ancestor in element.iterancestors()):
            continue
        links = [" ".join("".join(a.itertext()).split()) for a in element.iter("a")]
        links = [text.lstrip("#") for text in links if text and len(text.split()) <= _TAG_WORDS]
        if _TAG_BOX_LINKS[0] <= len(links) <= _TAG_BOX_LINKS[1]:
            return links
    return []
