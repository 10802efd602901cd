"""Metadata values: dates to ISO 8601, bylines to author names, read times, tags, language.

Small pure functions from a line of text to a normalised value (or None when the text
does not hold one). Dates are found by `pipeline.dates` (month names of many languages from
Babel's CLDR data), python-dateutil reading what it cannot; language guessing uses jusText's
stop-word lists (a dependency of trafilatura), so no table of ours encodes a language.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from collections import Counter
from functools import lru_cache

from .dates import find_dates
from .rules import TIME

_DATE_PREFIX = re.compile(r"^(?:published|posted|updated|last updated|date|first published)(?: on)?:?\s*",
                          re.IGNORECASE)
_HAS_TIME = re.compile(TIME)
_ISO_TIME = re.compile(r"\dT\d")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b")
# Unambiguous zone abbreviations news pages print after times (UTC offsets in seconds).
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "EST": -18000, "EDT": -14400,
          "CST": -21600, "CDT": -18000, "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200}
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")


def parse_date(text: str | None, language: str | None = None) -> str | None:
    """A date (and time, where given) in ISO 8601, or None.

    The first date `pipeline.dates` finds (any CLDR language; `language` decides whether
    '7/3/2025' is March or July); failing that, python-dateutil's reading of the whole text.

    >>> parse_date("26 December, 2018")
    '2018-12-26'
    >>> parse_date("Published: 2019-11-20T10:30:00+00:00")
    '2019-11-20T10:30:00+00:00'
    >>> parse_date("November 20th, 2019 at 5:30 pm")
    '2019-11-20T17:30:00'
    >>> parse_date("Thursday, 26 December 2018")
    '2018-12-26'
    >>> parse_date("soon"), parse_date("Updated at 1:23 p.m."), parse_date("Nov 2019")
    (None, None, None)
    >>> parse_date("Publiziert 6. November 2025, 12:26"), parse_date("22 de janeiro de 2018")
    ('2025-11-06T12:26:00', '2018-01-22')
    >>> parse_date("Tue, 05 Mar 2024 09:30:00 +0100")
    '2024-03-05T09:30:00+01:00'
    """
    if not text or not _HAS_YEAR.search(text):
        return None
    found = find_dates(text, language)
    if found:
        return found[0].iso  # a time alone ('Updated at 1:23 p.m.') is no publication date
    from dateutil import parser  # dateutil's parser is only needed when a date is present

    cleaned = _ORDINAL.sub(r"\1", _DATE_PREFIX.sub("", text.strip())).strip(" .|")
    cleaned = re.sub(r"\b(?:at|on)\b", " ", cleaned)
    values = []
    with warnings.catch_warnings():
        # Ambiguous zone names ('ET', 'PT') give a naive time, which is what the page says.
        warnings.simplefilter("ignore", parser.UnknownTimezoneWarning)
        # Parsed twice with different defaults: a part that changes with the default was not
        # in the text ('Nov 2019' has no day), and a date missing a part is no date here.
        for default in (_dt.datetime(1900, 1, 1), _dt.datetime(1901, 2, 2)):
            for fuzzy in (False, True):
                try:
                    values.append(parser.parse(cleaned, default=default, fuzzy=fuzzy, tzinfos=_zone))
                    break
                except (ValueError, OverflowError, parser.ParserError):
                    continue
    if len(values) != 2 or values[0].date() != values[1].date():
        return None
    value = values[0]
    if value.year < 1900 or value.year > 2100 or str(value.year) not in cleaned:
        return None  # a year dateutil put together from other numbers ('1.2.3, build 2024') is none
    if _HAS_TIME.search(cleaned) or _ISO_TIME.search(cleaned):
        return value.isoformat()
    return value.date().isoformat()


def _zone(name: str | None, offset: int | None):
    """dateutil's zone lookup: our table for names, the printed offset otherwise, never the
    machine's own zone (so output does not depend on where it runs)."""
    if name:
        return _ZONES.get(name.upper())
    return offset


# Bylines and author fields: the words that introduce a name ('By', 'von', 'par', ...),
# words that make a part a role or an organisation rather than a person, and the separators.
_BY = re.compile(r"^\s*(?:by|written by|words by|author:?|posted by|reporting by|von|par|por|di|door|av)\s+",
                 re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:staff|writer|writers|reporter|editor|editors|correspondent|contributor|columnist|bureau|desk|"
    r"agency|agencies|team|newsroom|guest|senior|chief|updated|published|photographer|news|"
    r"associated press|reuters|afp)\b",
    re.IGNORECASE)
_NAME_SPLIT = re.compile(r"(?<!\s)\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|\||/|·|•|—|–| - )\s*")
_LETTER_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_WHITE = re.compile(r"\s+")
_HANDLE = re.compile(r"(?<!\S)\S+@\S+|@\w+")  # e-mail addresses and @handles
# A person's name as a byline prints it: two to five capitalised words (particles allowed).
_PERSON = re.compile(r"^[^\W\d_a-zà-ÿ][\w'’.-]*(?:\s+(?:[^\W\d_a-zà-ÿ][\w'’.-]*|"
                     r"de|da|do|dos|das|del|della|di|du|van|von|der|den|ter|bin|al|el|le|la)){1,4}$")


def author_names(text: str, exclude: set[str] | None = None) -> list[str]:
    """Names only from an author field: no 'By', roles, handles, addresses or dates.

    >>> author_names("By Jane Smith and Tom Jones, Staff Writers")
    ['Jane Smith', 'Tom Jones']
    >>> author_names("https://example.com/author/jane")
    []
    >>> author_names("Иван Петров")
    ['Иван Петров']
    """
    exclude = {e.casefold() for e in exclude or ()}
    text = _WHITE.sub(" ", text).strip()
    if not text or "://" in text or text.startswith("www."):
        return []
    text = _HANDLE.sub(" ", _BY.sub("", text))
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        part = _BY.sub("", part.strip(" .-–—()"))
        words = part.split()
        if not words or len(words) > 5 or _ROLE.search(part) or part.casefold() in exclude:
            continue
        if not all(_LETTER_WORD.match(w) for w in words):
            continue
        if part.isupper() and len(part) > 3:
            part = part.title()
        names.append(part)
    return names


def parse_authors(text: str) -> list[str]:
    """Person names from a byline line in running text (stricter than an author field:
    a byline line can carry the outlet's name, a role or a date, so one-word parts are left out).
    Intro words and name splitting in many languages are `pipeline.rules.byline_names`.

    >>> parse_authors("By Jane Smith and Tom Jones, Reuters")
    ['Jane Smith', 'Tom Jones']
    >>> parse_authors("BY JANE SMITH | Staff Writer")
    ['Jane Smith']
    >>> parse_authors("Catherine Shu @catherineshu / 2 days")
    ['Catherine Shu']
    >>> parse_authors("Von Hannah Ritzmann, Redakteurin für Finanzen 09.09.2025, 15:15 Uhr")
    ['Hannah Ritzmann']
    """
    from .rules import byline_names

    return [name for name in byline_names(_HANDLE.sub(" ", text)) if _PERSON.match(name)]


def unique_casefold(names) -> list[str]:
    """Names (or any strings) in first-seen order, case-insensitively unique.

    >>> unique_casefold(["Jane Smith", "jane smith", "Tom Jones"])
    ['Jane Smith', 'Tom Jones']
    """
    seen, out = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def parse_read_time(text: str) -> int | None:
    """Minutes from a read-time line.

    >>> parse_read_time("3 min read")
    3
    """
    match = re.search(r"\d{1,3}", text)
    return int(match.group()) if match else None


# jusText's stop-word lists, by the ISO 639-1 code of the language they belong to.
_LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "pl": "Polish",
    "cs": "Czech", "ru": "Russian", "uk": "Ukrainian", "tr": "Turkish", "id": "Indonesian",
    "ro": "Romanian", "hu": "Hungarian", "fi": "Finnish", "el": "Greek", "ca": "Catalan",
}
_TOKEN = re.compile(r"[^\W\d_]+")


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CJK_ANY = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _script_language(sample: str) -> str | None:
    """Languages told by their script alone (no spaces to count stop words by).

    >>> _script_language("商標法違反の疑いで"), _script_language("엘제이의 리벤지인가"), _script_language("abc")
    ('ja', 'ko', None)
    """
    if not _CJK_ANY.search(sample):
        return None
    kana, hangul, han = len(_KANA.findall(sample)), len(_HANGUL.findall(sample)), len(_HAN.findall(sample))
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    if (kana + hangul + han) / letters < 0.3:
        return None
    if hangul >= max(kana, han):
        return "ko"
    return "ja" if kana else "zh"


@lru_cache(maxsize=1)
def _stop_word_languages() -> dict[str, tuple[str, ...]]:
    """Each stop word of jusText's lists and the languages (ISO 639-1) it belongs to."""
    import justext

    index: dict[str, list[str]] = {}
    for code, name in sorted(_LANGUAGES.items()):
        for word in justext.get_stoplist(name):
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def detect_language(text: str, min_tokens: int = 20) -> str | None:
    """ISO 639-1 code of the language whose stop words cover most of the text, or None.

    >>> detect_language("The talks will continue today and we are close to reach a final agreement with them.")
    'en'
    >>> detect_language("Die Gespräche werden heute fortgesetzt und wir sind nahe an einer Einigung mit ihnen und der Regierung.")
    'de'
    """
    sample = text[:6000]
    script = _script_language(sample)
    if script:
        return script
    tokens = _TOKEN.findall(sample.lower())[:600]
    if len(tokens) < min_tokens // 2:
        return None
    hits: Counter = Counter()
    index = _stop_word_languages()
    for token, n in Counter(tokens).items():
        for code in index.get(token, ()):
            hits[code] += n
    if not hits:
        return None
    # Highest share wins; ties go to the first code in sorted order (deterministic).
    best = min(hits, key=lambda code: (-hits[code], code))
    return best if hits[best] / len(tokens) >= 0.15 else None
