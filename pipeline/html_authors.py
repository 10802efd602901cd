"""An HTML page's authors: the cascade from explicit author fields to the page's byline elements.

Sources, in the page's order of authority:
- explicit author fields: JSON-LD `author` of the article object, then `<meta>` author names
  (`pipeline.html_meta.AUTHOR_META_KEYS`), each a level of its own;
- byline markup: `itemprop="author"` (its nested `itemprop="name"` where given; one
  microdata item only), then `rel="author"` links, then elements whose class or id says
  byline/author, outside teasers, comments, figures, navigation and asides;
- a byline printed as plain text under the first headline, before the first paragraph
  ('par Marie Dupont', 'Posted on DATE by NAME'), read by the text labeller's byline rules.

Order of the cascade: the first explicit field naming a person (its persons, and agencies
beside them); else the first naming an agency; else the first markup level naming a
person; else the first explicit field naming anything (the site's own name).

Policy for bylines that name no person: an agency or desk credit ("Associated Press", "dpa")
is a real byline, so an explicit field naming one is the author before the markup levels
are tried, and an agency listed beside a person stays (the article carries its copy). The
site's own name as author is a placeholder: it is the author only when no level names a
person. Markup levels only ever give persons: a class name is weaker evidence than a field.
trafilatura's `extract_author` was measured as a last level: one more page of 329 right,
at 22 ms for each page that reaches it (it copies the tree), so it is left out.
"""
from __future__ import annotations

import html
import re

from lxml import etree

from .html_title import head_lines
from .metadata import (AGENCY, PERSON, PERSON_NAME, SITE, author_candidates, parse_authors, title_if_capitals,
                       unique_casefold)

# schema.org types of an author that is no person (an agency's or the site's byline).
ORGANISATION_TYPES = frozenset({
    "organization", "newsmediaorganization", "corporation", "governmentorganization", "ngo",
    "educationalorganization", "localbusiness", "website", "newsorganization",
})
# A person's name in page markup: `PERSON_NAME` (two to five capitalised words, particles
# allowed), or a name in a script without letter case (Chinese, Japanese, Korean, Thai, ...).
_NO_CASE = re.compile(r"^[^\W\d_]+(?:\s[^\W\d_]+)?$")
# Markup around a byline that is not the article's own (comment forms, teasers, "follow this
# author" widgets, photo credits), matched against each class/id token of the element and its
# ancestors: these words anywhere in a token ('author-follow', 'commentlist'), ...
_ELSEWHERE = re.compile(r"comment|teaser|related|recommend|promo|follow", re.IGNORECASE)
# ... these only at its start ('photo-credit', not 'photographer'; 'image-box').
_ELSEWHERE_START = re.compile(r"footer|share|sharing|social|avatar|image|photo", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"[\s_]+")
# Elements whose class or id says they hold the byline.
_BYLINE_MARKUP = re.compile(r"byline|author|autor|journalist|writer", re.IGNORECASE)
_MARKED = etree.XPath("//*[@class or @id]")
_INLINE = frozenset({"a", "span", "b", "strong", "em", "i", "u", "small", "abbr", "font"})
_MAX_BYLINE_CHARS = 160


def page_authors(tree: etree._Element, fields: list[tuple[str, object]], site_names: set[str]) -> list[str]:
    """Author names by the cascade above; `fields` are (source, raw value) of explicit fields."""
    site = {name.casefold().strip() for name in site_names if name}
    explicit = [_field_entries(source, value, site) for source, value in fields]
    for entries in explicit:
        if any(kind == PERSON for _, kind in entries):
            return _names([(n, kind) for n, kind in entries if kind in (PERSON, AGENCY)])
    for entries in explicit:
        if any(kind == AGENCY for _, kind in entries):
            return _names([(n, kind) for n, kind in entries if kind in (AGENCY, SITE)])
    for level in (_itemprop_entries, _rel_entries, _class_entries, _printed_byline_entries):
        entries = _printed_persons([(n, kind) for n, kind in level(tree, site) if kind == PERSON])
        if entries:
            return _names(entries)
    for entries in explicit:
        if entries:
            return _names(entries)
    return []


def _names(entries: list[tuple[str, str]]) -> list[str]:
    return unique_casefold(title_if_capitals(name) for name, _ in entries)


def _printed_persons(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names that read as a person's; beside names in mixed case, one in capitals is a desk
    ('von Anna Berg, RADIO NORD')."""
    entries = [(n, kind) for n, kind in entries if _looks_like_person(n)]
    if any(not n.isupper() for n, _ in entries):
        entries = [(n, kind) for n, kind in entries if not n.isupper()]
    return entries


def _looks_like_person(name: str) -> bool:
    """
    >>> _looks_like_person("Jemima Kelly"), _looks_like_person("松岡大地"), _looks_like_person("capital")
    (True, True, False)
    >>> _looks_like_person("EXAMPLE Speech")  # an acronym beside a word in mixed case: an organisation
    False
    """
    words = name.split()
    if any(w.isupper() and len(w) > 2 for w in words) and not name.isupper():
        return False
    if PERSON_NAME.match(name):
        return True
    # Scripts without letter case have no capitals to go by: a short run of letters will do.
    return bool(_NO_CASE.match(name)) and name.lower() == name.upper() and len(name) <= 12


def _field_entries(source: str, value, site: set[str]) -> list[tuple[str, str]]:
    if source == "json-ld":
        return ld_author_entries(value, site)
    return [entry for item in value for entry in author_candidates(item, site)]


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def ld_author_entries(value, site: set[str]) -> list[tuple[str, str]]:
    """(name, kind) for each entry of a schema.org author value (string, object, list).

    >>> ld_author_entries([{"@type": "Person", "givenName": "Anna", "familyName": "Berg"},
    ...                    {"@type": "Organization", "name": "Example Press Agency"}], set())
    [('Anna Berg', 'person'), ('Example Press Agency', 'agency')]
    """
    items = value if isinstance(value, list) else [value]
    found: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, list):
            found.extend(ld_author_entries(item, site))
            continue
        if isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                found.extend(ld_author_entries(name, site))
                continue
            if not isinstance(name, str) or not name.strip():
                # a Person given by its parts only
                parts = [item.get(k) for k in ("givenName", "familyName")]
                name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            if _types(item) & ORGANISATION_TYPES:
                name = " ".join(html.unescape(name or "").split())
                if name and "://" not in name:
                    found.append((name, SITE if name.casefold() in site else AGENCY))
                continue
            item = name
        if isinstance(item, str):
            found.extend(author_candidates(item, site))
    return found


# --- the page's byline markup --------------------------------------------------------------

def _outside_article(element: etree._Element, strict: bool = True) -> bool:
    """Inside a figure, a comment area, a teaser or a form; when `strict` (markup that only
    hints at a byline), also inside the page's footer, navigation or an aside."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("figure", "figcaption", "form") or strict and node.tag in ("footer", "nav", "aside"):
            return True
        if node.tag in ("html", "body", "main"):
            continue  # they wrap everything: their classes describe the page, not a part of it
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if any(_ELSEWHERE.search(token) or _ELSEWHERE_START.match(token) for token in _TOKEN_SPLIT.split(marks)):
            return True
    return element.tag in ("figcaption", "input", "textarea", "label", "button")


# An inline element whose class says it holds the writer's role, set apart like a block.
_ROLE_MARK = re.compile(r"(?:^|[\s_-])(?:role|job|jobtitle|job-title|position|title|description|bio)(?:$|\s|__)",
                        re.IGNORECASE)


def _marked_text(element: etree._Element) -> str:
    """The element's text, with a comma where a block element or a line break separates names."""
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in ("script", "style", "time") or not isinstance(node.tag, str):
            return
        if node.text:
            pieces.append(node.text)
        previous = None
        for child in node:
            block = child.tag not in _INLINE or bool(_ROLE_MARK.search(child.get("class", "")))
            if block:
                pieces.append(", ")
            elif previous is not None and not previous.tail:
                pieces.append(" ")  # '<a>Jess Oyelaran</a><span>...</span>': two words, not one
            previous = child
            walk(child)
            if block:
                pieces.append(", ")
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    text = " ".join("".join(pieces).split())
    return re.sub(r"(?:\s*,)+", ",", text).strip(" ,")


def _entries_of(elements, site: set[str], strict: bool = True) -> list[tuple[str, str]]:
    """Names of the first element (page order) whose text names a person."""
    for element in elements:
        if _outside_article(element, strict):
            continue
        text = _marked_text(element)
        if not text or len(text) > _MAX_BYLINE_CHARS:
            continue
        entries = author_candidates(text, site)
        uncased = [name for name, kind in entries if kind == PERSON and _NO_CASE.match(name)]
        if len(uncased) > _UNCASED_BOX_NAMES:
            # A writer box in a script without capitals read whole: its label, the name, the
            # desk and a button ('この記事を書いた人, 渡辺洋介, 東京社会部, フォロー'); nothing
            # tells the name from the rest.
            continue
        if any(kind == PERSON and _looks_like_person(name) for name, kind in entries):
            return entries
    return []


_UNCASED_BOX_NAMES = 2  # more 'names' than this from one box in a script without capitals: its labels too


def _itemprop_entries(tree: etree._Element, site: set[str]) -> list[tuple[str, str]]:
    """Microdata authors of the first item (page order) that names a person: a teaser list
    marks each teaser's author the same way, so only one item's authors count."""
    groups: dict[int, list[tuple[str, str]]] = {}
    order: list[int] = []
    for element in tree.xpath("//*[@itemprop='author' or @itemprop='creator']"):
        if _outside_article(element, strict=False):
            continue
        scope = next((node for node in element.iterancestors() if node.get("itemscope") is not None), None)
        key = id(scope)
        if key not in groups:
            groups[key] = []
            order.append(key)
        names = element.xpath(".//*[@itemprop='name']")
        if names:
            for name in names:
                groups[key].extend(author_candidates(name.get("content") or _marked_text(name), site))
        elif element.tag == "meta" or element.get("content"):
            groups[key].extend(author_candidates(element.get("content") or "", site))
        else:
            groups[key].extend(_entries_of([element], site, strict=False))
    for key in order:
        if any(kind == PERSON and _looks_like_person(name) for name, kind in groups[key]):
            return groups[key]
    return []


def _rel_entries(tree: etree._Element, site: set[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for link in tree.xpath("//a[@rel='author' or contains(concat(' ', @rel, ' '), ' author ')]"):
        if not _outside_article(link):
            found.extend(author_candidates(_marked_text(link), site))
    return found


def _class_entries(tree: etree._Element, site: set[str]) -> list[tuple[str, str]]:
    marked = [element for element in _MARKED(tree)
              if _BYLINE_MARKUP.search(f"{element.get('class', '')} {element.get('id', '')}")
              and element.tag not in ("html", "body", "article", "main", "section", "meta", "link", "img")]
    return _entries_of(marked, site)


def _printed_byline_entries(tree: etree._Element, site: set[str]) -> list[tuple[str, str]]:
    """Names from a byline printed as plain text under the headline, with no markup saying so
    ('par Marie Dupont', 'Von Anna Schmidt und Peter Müller'): the byline rule of the text
    labeller on each short line between the first headline and the first paragraph."""
    from .rules import RULES_BY_NAME, names_a_writer

    byline, date_line = RULES_BY_NAME["byline.by"], RULES_BY_NAME["date_line.date"]
    for text in head_lines(tree, _outside_article):
        if byline.matches(text) or date_line.matches(text) and names_a_writer(text):
            entries = [entry for name in parse_authors(text) for entry in author_candidates(name, site)]
            if entries:
                return entries  # (a line the byline rule takes may still name nobody: read on)
    return []
