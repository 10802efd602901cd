"""Shapes of text that several modules decide on, defined once: what a word is (scripts
written without spaces count too), how a sentence ends, how a page title carries its site's
name. The rules, the labeller and the HTML reader import them from here.
"""
from __future__ import annotations

import re

# Letters of scripts whose words are counted by characters (Han, kana, Hangul, CJK
# compatibility ideographs): `count_words` counts two of them a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Scripts written without spaces between words (Han, kana, their punctuation and full-width
# forms; Hangul is written with spaces): a line break between two of them joins without one.
UNSPACED_SCRIPT = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Thai, Lao, Myanmar and Khmer: written without spaces between words (spaces part phrases and
# sentences) and without capitals, their sentences often without a closing mark.
UNSPACED_SOUTHEAST = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_SOUTHEAST_LETTERS_A_WORD = 4  # letters and marks of a word, on average
# Either kind of script whose words `count_words` counts by letters: one look tells a text needs it.
UNSPACED_ANY = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                          r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# A word of letters (apostrophes and hyphens inside), for capitalisation tests.
ALPHA_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A line that ends like a sentence: a full stop, question or exclamation mark (Latin, CJK,
# the Devanagari danda, the Arabic question mark, the Urdu full stop) before any closing
# quotes and brackets, or a closing quotation mark itself.
SENTENCE_END = re.compile(r"[.!?…。！？।॥؟۔။។][\"'”’)\]」』]*$|[\"”’」』]$")
# A line whose punctuation ends a sentence or a clause (':' or ';' too), before any closing
# quotes and brackets: no headline or link text ends so. (A bare closing quote does not:
# a headline may end on a quoted phrase.)
CLAUSE_END = re.compile(r"[.!?:;…。！？।॥؟۔][\"'”’)\]」』]*$")
# 'Headline | Site': the tail may hold hyphens ('Rhein-Zeitung') but no spaced separator, so
# 'Headline | Section - Site' gives the site first, then the section.
SITE_SUFFIX = re.compile(r"(?<!\s)\s+[|–—:»·-]\s+((?:(?!\s-\s)[^|–—»·]){1,60})$")
# Pages in scripts written without spaces join the site's name on without them ('見出し:中日新聞Web').
UNSPACED_SITE_SUFFIX = re.compile(r"(?<!\s)\s*[:：|｜]\s*([^:：|｜]{1,30})$")


def is_uncased(word: str) -> bool:
    """A word of a script without capitals (Devanagari, Hebrew, Arabic, Thai, Han ...): its
    letters are neither upper nor lower case (combining marks aside).

    >>> is_uncased("अंकित"), is_uncased("יואב"), is_uncased("Jane"), is_uncased("2024")
    (True, True, False, False)
    """
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and not any(c.isupper() or c.islower() for c in letters)


def count_words(text: str) -> int:
    """Words for length decisions; scripts written without spaces count two characters a word.

    >>> count_words("Three short words"), count_words("商標法違反の疑いで男性が逮捕")
    (3, 7)
    >>> count_words("จังหวัดเชียงใหม่ประกาศปิดโรงเรียน")
    8
    """
    cjk = len(CJK.findall(text))
    southeast = len(UNSPACED_SOUTHEAST.findall(text)) if UNSPACED_SOUTHEAST.search(text) else 0
    if not cjk and not southeast:
        return len(text.split())
    if southeast:
        text = UNSPACED_SOUTHEAST.sub(" ", text)
    return len(CJK.sub(" ", text).split()) + cjk // 2 + southeast // _SOUTHEAST_LETTERS_A_WORD


def split_site_suffix(text: str) -> tuple[str, str | None]:
    """'Headline - Site Name' to ('Headline', 'Site Name') when the tail is short and the head is not.

    >>> split_site_suffix("Disney+ glitches blamed on heavy demand - Los Angeles Times")
    ('Disney+ glitches blamed on heavy demand', 'Los Angeles Times')
    >>> split_site_suffix("Dare to Play 3 / October pack")
    ('Dare to Play 3 / October pack', None)
    >>> split_site_suffix("Taliban talks resume in Doha - officials")
    ('Taliban talks resume in Doha - officials', None)
    >>> split_site_suffix("南海トラフ、一時調査 巨大地震、基準達せず:中日新聞Web")
    ('南海トラフ、一時調査 巨大地震、基準達せず', '中日新聞Web')
    >>> split_site_suffix("Five key policies announced in state opening | Politics News")
    ('Five key policies announced in state opening', 'Politics News')
    >>> split_site_suffix("Flood defences hold along the river | Local News - The Times of Riverside")
    ('Flood defences hold along the river', 'The Times of Riverside')
    """
    stem, site = text, None
    for _ in range(3):  # 'Headline | Section | Site | Date': the date, the site, then the section
        suffix = SITE_SUFFIX.search(stem)
        if suffix is None and CJK.search(stem):
            suffix = UNSPACED_SITE_SUFFIX.search(stem)
        if suffix is None:
            break
        tail = suffix.group(1).strip()
        head = stem[: suffix.start()].strip()
        if not looks_like_site(tail) or count_words(head) < 3:
            break
        stem, site = head, site or tail
    return stem, site


def looks_like_site(tail: str) -> bool:
    """A site's name is short and capitalised ('CBS News', 'TechCrunch', 'nytimes.com'), or
    short in a script without capitals ('日本経済新聞'); 'Taliban talks resume - officials'
    ends in a word of the headline, not a site."""
    if any(ch in tail for ch in "\"'“”„«»‘’「」") or tail.endswith(("?", "!")):
        return False  # a quotation ends the headline ('... – „Extreme Gefahr“')
    if any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in tail):
        return len(tail) <= 20
    return len(tail.split()) <= 5 and (capitalised_name(tail) or "." in tail)


def capitalised_name(text: str) -> bool:
    """Every word capitalised, short linking words inside the name aside.

    >>> capitalised_name("The Times of India"), capitalised_name("Voice of America")
    (True, True)
    >>> capitalised_name("Man bites dog"), capitalised_name("Friends of")
    (False, False)
    """
    words = ALPHA_WORD.findall(text)
    return bool(words) and words[0][0].isupper() and words[-1][0].isupper() and all(
        w[0].isupper() or len(w) <= 3 for w in words)


# Items of a menu or a breadcrumb printed on one line: 'Home | World | Politics | Sport',
# 'News · Sport · Weather', 'Home > News > Education'.
_MENU_SEPARATOR = re.compile(r"\s(?:[|·•/›»]|>>?)\s")  # one space each side: linear on long runs
_MENU_ITEMS = 3       # at least this many items ('Headline | Site' has two parts)
_MENU_ITEM_WORDS = 2  # and none longer than this (a headline is longer)
_MENU_MANY_ITEMS = 4  # with fewer items than this, every item is one word ('Standings 2024 | Racing | F1' is a title)


def is_menu_line(text: str) -> bool:
    """Whether a line is a menu's items (or a breadcrumb) on one line rather than a page title.

    >>> is_menu_line("Home | World | Politics | Sport"), is_menu_line("Startseite | Politik | Wirtschaft")
    (True, True)
    >>> is_menu_line("Home > Top Stories > Education > Article"), is_menu_line("首页 >> 教育资讯 >> 教育新闻 >> 正文")
    (True, True)
    >>> is_menu_line("Flood defences hold | Local News | The Times"), is_menu_line("Home | The Times")
    (False, False)
    >>> is_menu_line("Race standings | Motorsport | F1")
    False
    """
    items = [item.strip() for item in _MENU_SEPARATOR.split(text.strip())]
    if len(items) < _MENU_ITEMS:
        return False
    sizes = [count_words(item) for item in items]
    return all(0 < size <= _MENU_ITEM_WORDS for size in sizes) and (
        len(items) >= _MENU_MANY_ITEMS or max(sizes) == 1)
