"""An HTML page's publication date: the page's own date fields first, then htmldate.

Levels, the first that gives a date wins:
1. JSON-LD `datePublished`/`dateCreated` of the article object, then the `<meta>` publication
   dates (`article:published_time`, ...), as `pipeline.html_meta` reads them; the full time is
   kept where the page gives it, in the page's own offset where the page states the same
   instant twice (a UTC copy in JSON-LD and the local time in `<meta>`: the local one wins);
2. htmldate (`find_date`) over the same tree: dates in other `<meta>` names and in other
   scripts' JSON, the URL (`/2019/10/21/`), `<abbr class="published">`, `<time datetime>`. It
   gives a day only (it has no time for most of what it reads, and we never invent one); where
   a `<time datetime>`, an `itemprop="datePublished"` element or an `<abbr class="published">`
   states that day with its time, the time is kept as the page writes it;
3. a date printed in a line under the headline ('Pubblicato il 5 ottobre 2018 alle 09:40 · Di
   ...', 'Sevilla, 14 de julio de 2022 - 10:25 h'), read by the text labeller's multilingual
   date shapes (`pipeline.dates`), the earliest date of the first dated line.

htmldate's options are pinned in HTMLDATE_OPTIONS. Its default latest date is today's clock,
which would make output depend on when it runs: the latest date accepted here is the latest
the page itself states in its date fields (a modification date), else a fixed ceiling.
"""
from __future__ import annotations

import datetime as _dt

from lxml import etree

from .html_title import head_lines
from .metadata import parse_date

# The ceiling when the page states no date of its own: parse_date's own bound (never the clock).
LATEST_DATE = "2100-12-31"
HTMLDATE_OPTIONS = dict(
    original_date=True,       # the publication date, not the last update (meta set: 11 misses without, 7 with)
    extensive_search=False,   # free-text patterns found no more dates on the meta set; a date line in the
                              # body is `pipeline.core`'s own fallback (date_line), so the weaker guess stays out
    outputformat="%Y-%m-%d",  # a day: htmldate reads most dates without a time, and a time is never invented
    deferred_url_extractor=True,  # the page's own date fields beat a day in the URL (same hits on the meta set)
)
# <meta> and JSON-LD names of a later version's date: the latest date a page states.
MODIFIED_META_KEYS = ("article:modified_time", "og:updated_time", "dc.date.modified", "last-modified",
                      "lastmod", "dcterms.modified")


def latest_stated_date(modified_values: list[str]) -> str:
    """The latest day among the page's modification dates, or LATEST_DATE when it gives none.

    >>> latest_stated_date(["2020-01-02T10:00:00+01:00", "2019-05-05"])
    '2020-01-02'
    >>> latest_stated_date(["soon"])
    '2100-12-31'
    """
    days = [parsed[:10] for parsed in map(parse_date, modified_values) if parsed]
    return max(days) if days else LATEST_DATE


def local_instant(chosen: str, alternatives: list[str]) -> str:
    """`chosen` (ISO) in the page's own offset: a UTC timestamp is replaced by another the page
    gives (as written) for the same instant with a local offset (the date its reader saw).

    >>> local_instant("2017-02-24T01:18:13+00:00", ["2017-02-23T17:18:13-08:00"])
    '2017-02-23T17:18:13-08:00'
    >>> local_instant("2017-02-24T01:18:13+00:00", ["Feb 20, 2017 10:00 -0800"])
    '2017-02-24T01:18:13+00:00'
    """
    moment = _aware(chosen)
    if moment is None or moment.utcoffset() != _dt.timedelta(0):
        return chosen
    for raw in alternatives:
        other = parse_date(raw)
        candidate = _aware(other) if other else None
        if candidate is not None and candidate.utcoffset() != _dt.timedelta(0) and candidate == moment:
            return other
    return chosen


def _aware(value: str) -> _dt.datetime | None:
    try:
        moment = _dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def htmldate_day(tree: etree._Element, url: str | None, modified_values: list[str]) -> str | None:
    """htmldate's publication day for the page, never later than the page's latest stated
    date. The page's modification-date `<meta>`s are set aside while it looks: htmldate
    falls back to them when it finds nothing else, and a modification date is no
    publication date (the same day found elsewhere on the page still counts)."""
    from htmldate import find_date  # late: only pages without a date field pay for it

    latest = latest_stated_date(modified_values)
    aside = [(element, element.getparent(), element.getparent().index(element))
             for element in tree.iter("meta")
             if element.getparent() is not None and _names_a_modification(element)]
    for element, parent, _ in aside:
        parent.remove(element)
    try:
        day = find_date(tree, url=url, max_date=latest, **HTMLDATE_OPTIONS)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None  # a date library's failure on odd markup is no date, not a failed page
    finally:
        for element, parent, position in reversed(aside):
            parent.insert(position, element)
    if not day:
        return None
    return _stated_time(tree, day) or _printed_time(tree, day, modified_values) or day


def _printed_time(tree: etree._Element, day: str, modified_values: list[str]) -> str | None:
    """The date and time printed under the headline when its day is `day` ('Data publikacji:
    11.03.2025, 14:20'), or None."""
    printed = printed_date(tree, modified_values)
    return printed if printed and printed.startswith(day) and "T" in printed else None


_TIMED = etree.XPath("//time[@datetime]/@datetime | //*[@itemprop='datePublished'][not(self::meta)]/@datetime"
                     " | //*[@itemprop='datePublished']/@content"
                     " | //abbr[contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@title")


def _stated_time(tree: etree._Element, day: str) -> str | None:
    """The first time on `day` that a `<time datetime>` or a `datePublished` element of the
    page states, as written (ISO), or None."""
    for value in _TIMED(tree):
        parsed = parse_date(str(value))
        if parsed and parsed.startswith(day) and "T" in parsed:
            return parsed
    return None


def _names_a_modification(element: etree._Element) -> bool:
    names = " ".join(element.get(a, "") for a in ("property", "name", "itemprop", "http-equiv")).lower()
    return any(word in names for word in ("modified", "updated", "last-modified", "lastmod"))


def printed_date(tree: etree._Element, modified_values: list[str]) -> str | None:
    """The earliest date of the first line under the headline that prints one (with its time
    where the line gives it), never later than the page's latest stated date; or None."""
    from .dates import find_dates

    latest = latest_stated_date(modified_values)
    for text in head_lines(tree):
        found = [d for d in find_dates(text) if d.iso[:10] <= latest]
        if found:
            return min(found, key=lambda d: d.day).iso
    return None
