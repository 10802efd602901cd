"""Dates printed in running text, in many languages: find them, and turn them into ISO 8601.

Owns the multilingual date vocabulary and the date shapes. Month and weekday names are not
written here: they come from the Unicode CLDR through Babel (`babel.dates`), for every
locale in `LOCALES`, built once on first use. The shapes are the ones news pages print:

* ISO (`2024-03-05`, `2024-03-05T09:30:00+01:00`) and year-first (`2025/01/31`, `2025.05.15`,
  `2025年1月13日`, `2025년 5월 15일`);
* two-digit years with dots or slashes (`25.04.24`, `10.15.15`), taken as 20xx;
* day-first with dots (`28.04.2023`, `06. 01. 2026`), always day.month.year;
* with slashes or dashes (`30/04/2024`, `7/3/2025`): day-first unless the page's language
  writes month-first (`MONTH_FIRST`) or a part above 12 decides;
* with a month name: `5. Juni 2025`, `22 de janeiro de 2018`, `15 oct 2024`, `October 23, 2025`,
  `Oct. 25, 2021`, `2025. június 5.`;

each optionally followed by a time (`14:55`, `20.15 Uhr`, `9:00AM`, `14h52`) and a zone
abbreviation. Nothing is guessed: a date missing its day or year is no date, and the
clock of the machine is never read.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .prefilter import fold  # the case folding of `re`: which characters IGNORECASE takes as one

# CLDR locales whose month and weekday names are recognised. Order matters only where two
# languages use one word for different months ('listopad' is November in Polish and Czech,
# October in Croatian): the earlier locale wins.
LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "nn", "fi", "pl", "cs", "sk",
           "hu", "ro", "tr", "id", "ms", "ca", "gl", "eu", "sl", "lt", "lv", "et", "is", "el", "ru",
           "uk", "bg", "sr", "af", "lb", "fo", "hr", "bs", "vi", "sw", "zu", "xh", "ar", "he", "fa", "ur",
           "hi", "bn")
# Languages whose numeric dates put the month first (11/20/2019). Elsewhere day first.
MONTH_FIRST = frozenset({"en"})
# Unambiguous zone abbreviations news pages print after times (UTC offsets in seconds).
ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "MEZ": 3600, "MESZ": 7200,
         "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000, "MST": -25200, "MDT": -21600,
         "PST": -28800, "PDT": -25200}


@dataclass(frozen=True)
class Vocabulary:
    """Month names (lower case, no trailing dot) to month numbers, and the patterns built from them."""

    months: dict[str, int]
    weekdays: frozenset[str]
    month: str      # regex alternation of every month name
    weekday: str    # regex alternation of every weekday name


def _names(getter, number_of: bool) -> dict[str, int]:
    """Every width and context of a CLDR name table, for every locale, to its number."""
    table: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    names = getter(width, context, locale=locale)
                except (ValueError, LookupError):  # a locale this Babel release does not ship
                    continue
                for number, name in names.items():
                    key = name.lower().strip(". ")
                    # Names with digits ('thg 1') or of one letter would match anything.
                    if len(key) < 3 or any(ch.isdigit() for ch in key):
                        continue
                    table.setdefault(key, number if number_of else 0)
    return table


def _alternation(words) -> str:
    """One regex alternation of `words` (lower case, matched case-insensitively), shaped as a
    trie ('jan(?:uary)?|juni?'): at any position it tries the names the text there spells,
    longest first, like the plain longest-first alternation, without trying each of a thousand
    names in turn (measured: the month-name shapes ran 10x faster). Where two branches of one
    node could match the same character ('ı' and 'i' under IGNORECASE) the order of a trie
    would differ, so then it is the plain alternation.

    >>> _alternation(["jan", "january", "june", "juni"])
    'j(?:an(?:uary)?|un(?:e|i))'
    """
    words = sorted(set(words), key=lambda w: (-len(w), w))
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str | None:
        branches = [ch for ch in node if ch]
        if len({fold(ch) for ch in branches}) < len(branches):
            return None  # two branches for one character: the trie's order would not be the longest first
        parts = []
        for ch in branches:
            rest = emit(node[ch])
            if rest is None:
                return None
            parts.append(re.escape(ch) + rest)
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    shaped = emit(trie)
    return "|".join(re.escape(w) for w in words) if shaped is None else shaped


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The month and weekday names of `LOCALES` from Babel's CLDR data (built once, ~0.3 s).

    >>> v = vocabulary()
    >>> v.months["janeiro"], v.months["août"], v.months["mär"], v.months["listopad"]
    (1, 8, 3, 11)
    """
    from babel.dates import get_day_names, get_month_names  # Babel loads only when a page needs dates

    months = _names(get_month_names, True)
    weekdays = _names(get_day_names, False)
    return Vocabulary(months, frozenset(weekdays), _alternation(months), _alternation(weekdays))


@dataclass(frozen=True)
class FoundDate:
    """One date found in a line: where it is and its ISO form (date, or date and time)."""

    start: int
    end: int
    iso: str

    @property
    def day(self) -> str:
        return self.iso[:10]


_TIME = (r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?|h(?P<hminute>\d{2})|時(?P<jminute>\d{1,2})分)"
         r"(?:\s*(?P<ampm>[aApP]\.?\s?[mM]\.?)(?![\w]))?(?:\s*(?:Uhr|h|hrs|horas)\b)?"
         r"(?:\s*\(?(?:(?P<zone>[A-Z]{1,4})\b|(?P<zoffset>[+-]\d{2}:?\d{2})(?!\d))\)?)?")
# Words between a date and its time: 'at', 'um', 'à', 'a las', 'alle', 'kl.', punctuation.
_TIME_GLUE = r"(?:\s*(?:,|\||-|–|—|/|•|·)?\s*(?:at|um|à|a las|alle|às|om|kl\.?|o)?\s*)"
_ISO_TIME = r"(?:[T ](?P<ihour>\d{2}):(?P<iminute>\d{2})(?::(?P<isecond>\d{2})(?:\.\d+)?)?(?P<ioffset>Z|[+-]\d{2}:?\d{2})?)?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    v = vocabulary()
    month = rf"(?P<mname>{v.month})\.?"
    year = r"(?P<year>(?:19|20)\d{2})(?!\d)"
    day = r"(?P<day>[0-3]?\d)"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"(?<![\d.])(?P<year>(?:19|20)\d{{2}})-(?P<month>[01]?\d)-{day}(?!\d){_ISO_TIME}",
        rf"(?<![\d.])(?P<year>(?:19|20)\d{{2}})\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*{day}\s*[日일]",
        rf"(?<![\d.])(?P<year>(?:19|20)\d{{2}})\s?[/.]\s?(?P<month>[01]?\d)\s?[/.]\s?{day}(?![\d/])",
        rf"(?<![\d.])(?P<year>(?:19|20)\d{{2}})\.\s*{month}\s*{day}\.?(?!\d)",
        rf"(?<![\d.,])(?P<day>[0-3]?\d)\.\s?(?P<month>[01]?\d)\.\s?{year}",
        rf"(?<![\d./])(?P<a>[0-3]?\d)[/-](?P<b>[0-3]?\d)[/-]{year}",
        # Two-digit years ('10.15.15', '25.04.24') are this century's: news pages are.
        rf"(?<![\d./])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<short_year>\d{{2}})(?![\d./])",
        rf"(?<![\w.])(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th|er|º|ª)?\s*(?:de\s+|of\s+)?{month},?\s*(?:de\s+|del\s+)?{year}",
        rf"(?<!\w){month}\s+{day}(?:st|nd|rd|th)?,?\s+{year}",
    ))


# Every date shape has a four-digit year or a two-digit one after dots or slashes: a line
# without this holds no date (the phrase rules' prefilter reads its strings too).
ANY_YEAR = re.compile(r"(?:19|20)\d\d|\d[./]\d{1,2}[./]\d\d")
_TIME_AFTER = re.compile(rf"{_TIME_GLUE}{_TIME}")  # used with .match(text, pos)


_TIME_BEFORE_REACH = 40  # characters before a date searched for its time ('1:33 am CST, Wednesday, ')


@lru_cache(maxsize=1)
def _time_before() -> re.Pattern:
    """A clock time printed right before a date, a weekday perhaps between (used with
    .search(text, 0, date_start)): '1:33 am CST, Wednesday, ', '10:30 Uhr, '."""
    # A colon time only ('Score 3.45, March 12' is no time), and a weekday before the date
    # only with its comma ('at 10:30 on March 3' is a sentence's time, not the line's).
    clock = (r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?P<second>)(?P<hminute>)(?P<jminute>)"
             r"(?:\s*(?P<ampm>[aApP]\.?\s?[mM]\.?)(?![\w]))?(?:\s*Uhr\b)?"
             r"(?:\s*\(?(?:(?P<zone>[A-Z]{1,4})\b|(?P<zoffset>[+-]\d{2}:?\d{2})(?!\d))\)?)?")
    return re.compile(rf"(?<![\d:.]){clock}\s*[,|·•-]?\s*(?:(?i:{vocabulary().weekday})\.?,\s*)?$")


@lru_cache(maxsize=8192)
def find_dates(text: str, language: str | None = None) -> tuple[FoundDate, ...]:
    """Every date in `text`, in order, with the time that follows it where there is one.

    Cached: the phrase rules ask about the same line more than once, and a site's date
    furniture repeats across a crawl.

    >>> [d.iso for d in find_dates("Publié le 30 août 2023 à 14h52, modifié le 31 août 2023")]
    ['2023-08-30T14:52:00', '2023-08-31']
    >>> [d.iso for d in find_dates("Von Eileen Wagner 10.09.2025, 09:53 Uhr")]
    ['2025-09-10T09:53:00']
    >>> find_dates("7/3/2025")[0].iso, find_dates("7/3/2025", "en")[0].iso
    ('2025-03-07', '2025-07-03')
    >>> find_dates("10.15.15")[0].iso, find_dates("Do 25.04.24 | 14:07 Uhr")[0].iso
    ('2015-10-15', '2024-04-25T14:07:00')
    >>> [d.iso for d in find_dates("Updated 3:45 PM EDT, March 12, 2024")]
    ['2024-03-12T15:45:00-04:00']
    >>> [d.iso for d in find_dates("12.03.2024 10:30 - 14.03.2024")]
    ['2024-03-12T10:30:00', '2024-03-14']
    >>> find_dates("Nov 2019"), find_dates("version 1.2.3")
    ((), ())
    """
    if not ANY_YEAR.search(text):
        return ()  # every shape has a four-digit year: most lines are done with here
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _date_of(match, language)
            if value is None:
                continue
            end, iso = match.end(), value.isoformat()
            if match.groupdict().get("ihour"):
                iso = _iso_time(value, match.group("ihour"), match.group("iminute"), match.group("isecond"),
                                offset=match.group("ioffset"))
            else:
                after = _TIME_AFTER.match(text, match.end())
                timed = after and _time_of(value, after)
                if timed:
                    end, iso = after.end(), timed
                else:  # 'Updated 1:33 am CST, Wednesday, November 20, 2019': the time first
                    # (a short look back, never into another date's span: '12.03.2024 10:30 - 14.03.2024')
                    before = _time_before().search(text, max(match.start() - _TIME_BEFORE_REACH, 0), match.start())
                    if before and any(s < before.end() and before.start() < e for s, e in taken):
                        before = None
                    timed = before and _time_of(value, before)
                    if timed:
                        iso = timed
            taken.append((match.start(), end))
            found.append(FoundDate(match.start(), end, iso))
    return tuple(sorted(found, key=lambda d: d.start))


def language_decides(text: str) -> bool:
    """Whether the page's language changes the dates found in `text`: a numeric date whose
    order only a month-first language decides.

    >>> language_decides("7/3/2025"), language_decides("30/04/2024"), language_decides("5. Juni 2025")
    (True, False, False)
    """
    plain = find_dates(text)
    return bool(plain) and any(find_dates(text, language) != plain for language in MONTH_FIRST)


def _date_of(match: re.Match, language: str | None) -> _dt.date | None:
    groups = match.groupdict()
    year = 2000 + int(groups["short_year"]) if groups.get("short_year") else int(groups["year"])
    if groups.get("mname"):
        month = vocabulary().months.get(groups["mname"].lower().strip(". "))
        day = int(groups["day"])
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        month_first = (language in MONTH_FIRST and first <= 12) or second > 12
        month, day = (first, second) if month_first else (second, first)
    else:
        month, day = int(groups["month"]), int(groups["day"])
    if not month or not 1900 <= year <= 2100:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _iso_time(value: _dt.date, hour, minute, second=None, ampm=None, offset=None, zone=None) -> str | None:
    hour, minute, second = int(hour), int(minute), int(second or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz = None
    if offset:
        tz = _dt.timezone.utc if offset == "Z" else _dt.timezone(
            (1 if offset[0] == "+" else -1) * _dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[-2:])))
    elif zone and zone.upper() in ZONES:
        tz = _dt.timezone(_dt.timedelta(seconds=ZONES[zone.upper()]))
    stamp = _dt.datetime(value.year, value.month, value.day, hour, minute, second, tzinfo=tz)
    return stamp.isoformat()


def _time_of(value: _dt.date, match: re.Match) -> str | None:
    """The ISO date-time of a date and the time printed after it, or None when that is no time."""
    minute = match.group("minute") or match.group("hminute") or match.group("jminute")
    if minute is None:
        return None
    zone = match.group("zone")
    if zone and zone.upper() not in ZONES and zone.upper() not in ("AM", "PM", "H"):
        zone = None
    return _iso_time(value, match.group("hour"), minute, match.group("second"), match.group("ampm"),
                     offset=match.group("zoffset"), zone=zone)
