"""Metadata values: dates to ISO 8601, bylines to author names, read times, tags, language.

Small pure functions from a line of text to a normalised value (or None when the text
does not hold one). Dates are found by `pipeline.dates` (month names of many languages from
Babel's CLDR data), python-dateutil reading what it cannot; language identification is
py3langid's model, so no table of ours encodes a language.
"""
from __future__ import annotations

import datetime as _dt
import html
import re
import warnings
from functools import lru_cache

from .dates import ZONES, find_dates
from .shapes import is_uncased
from .rules import DATE_LABEL, PARTICLE_ALTERNATIVES, TIME, byline_names, korean_reporter_names

_DATE_PREFIX = re.compile(rf"^{DATE_LABEL}", re.IGNORECASE)
_HAS_TIME = re.compile(TIME)
_ISO_TIME = re.compile(r"\dT\d")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b")
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
        return ZONES.get(name.upper())
    return offset


# Bylines and author fields: the words that introduce a name ('By', 'von', 'par', ...),
# words that make a part a role, an organisation or no name at all, and the separators.
_BY = re.compile(r"^\s*(?:by|written by|words by|author:?|autor:?|autorin:?|posted by|reporting by|von|par|por|di|"
                 r"door|av|af)\s+",
                 re.IGNORECASE)
# A job title: the name before it is kept ('Richard Adams Education editor'), alone it is no name.
_ROLE = re.compile(
    r"\b(?:staff|writer|writers|reporter|reporters|editor|editors|correspondent|contributor|columnist|guest|"
    r"senior|chief|photographer|redakteur|redakteurin|journalist|journalistin|기자|記者|特派員)\b",
    re.IGNORECASE)
# A desk, an agency, a newsroom or a company: a byline, but of no person.
_ORGANISATION = re.compile(
    r"\b(?:bureau|desk|agency|agencies|team|newsroom|news|press|presse|redaktion|associated press|reuters|afp|"
    # the words of a newspaper's or a portal's name ('Portal Regional Campinas', 'Correio do Povo')
    r"portal|gazette|gazeta|gazzetta|tribune|tribuna|herald|kurier|courier|jornal|diário|diario|giornale|"
    r"corriere|correio|revista|rundschau|anzeiger|dagblad|krant|nieuwsblad|agência|agenzia)\b"
    r"|presse-agentur|nachrichtenagentur", re.IGNORECASE)
# A company's legal form or a domain name ('ORF.at', 'mdr.de'): an organisation whose address may follow.
_COMPANY = re.compile(
    r"(?<!\w)(?:gmbh|ag|ltd|llc|inc|plc|corp|s\.a\.|s\.p\.a\.|e\.v\.|kg|bv|nv|sarl|sas|srl)(?!\w)"
    r"|\w\.(?:[a-z]{2,3}|com|net|org|info|online)\b",
    re.IGNORECASE)
# A parenthesis holding an address or a link: '(www.example.com)', '(jane@example.com)'.
_ADDRESS_ASIDE = re.compile(r"\s*\([^()]*(?:\.|@|://)[^()]*\)?")
_NOT_A_NAME = re.compile(r"\b(?:updated|published|follow|share|min read)\b", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"(?<!\s)\s*(,|;|\band\b|\bund\b|\bet\b|\by\b|\bog\b|&|\||/|·|•|—|–| - )\s*")
_LETTER_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_WHITE = re.compile(r"\s+")
_HANDLE = re.compile(r"(?<!\S)\S+@\S+|@\w+")  # e-mail addresses and @handles
# A person's name as a byline or page markup prints it: two to five capitalised words
# (particles allowed). `pipeline.html_authors` tests markup names with it too.
PERSON_NAME = re.compile(rf"^[^\W\d_a-zà-ÿ][\w'’.-]*(?:\s+(?:[^\W\d_a-zà-ÿ][\w'’.-]*|{PARTICLE_ALTERNATIVES})){{1,4}}$")


def _without_role(words: list[str]) -> list[str]:
    """The name before a job title; [] when the part is a title alone or the name is unclear.

    >>> _without_role("Richard Adams Education editor".split())
    ['Richard', 'Adams']
    >>> _without_role("Jane Smith Senior Writer".split()), _without_role("Staff Writer".split())
    (['Jane', 'Smith'], [])
    >>> _without_role("Jane Smith".split())
    ['Jane', 'Smith']
    """
    at = next((i for i, w in enumerate(words) if _ROLE.fullmatch(w)), None)
    if at is None:
        return words
    name = words[:at]
    while name and name[-1].islower():  # 'political' in 'Jane Smith political editor'
        name = name[:-1]
    if words[at].islower() and len(name) > 2:  # 'Education' in 'Richard Adams Education editor'
        name = name[:-1]
    if len(name) == 1 and name[0].lower() == name[0].upper():
        return name  # a name in a script without capitals is often one word ('신현주 기자')
    return name if len(name) >= 2 else []


# What an author-field part names (see `author_candidates`).
PERSON, AGENCY, SITE, OTHER = "person", "agency", "site", "other"


def author_candidates(text: str, exclude: set[str] | None = None) -> list[tuple[str, str]]:
    """Each name in an author field, with what it names: PERSON, AGENCY (a desk, an agency,
    a company), SITE (one of the `exclude` names: the site's own) or OTHER (no person's
    name as printed: a lower-case brand or code such as 'dpa', a slug).

    Entities are decoded before splitting (`O&#039;Donnell` is one name). When the field's
    first part is a company or a domain, the parts after it are its address, not more names.

    >>> author_candidates("Lindsey O&#039;Donnell")
    [("Lindsey O'Donnell", 'person')]
    >>> author_candidates("Example.de GmbH, Munich, Germany")
    [('Example.de GmbH', 'agency')]
    >>> author_candidates("Associated Press"), author_candidates("Metro Staff")
    ([('Associated Press', 'agency')], [('Metro Staff', 'agency')])
    >>> author_candidates("Jane Smith, Senior Political Correspondent")
    [('Jane Smith', 'person')]
    >>> author_candidates("The Daily Example and iStock", {"the daily example"})
    [('The Daily Example', 'site'), ('iStock', 'other')]
    >>> author_candidates("Jane Smith / dpa"), author_candidates("Jane Smith, AFP")
    ([('Jane Smith', 'person'), ('dpa', 'agency')], [('Jane Smith', 'person'), ('AFP', 'agency')])
    >>> author_candidates("Jane Smith, Lisbon")
    [('Jane Smith', 'person'), ('Lisbon', 'other')]
    """
    exclude = {e.casefold() for e in exclude or ()}
    text = _WHITE.sub(" ", html.unescape(text)).strip()
    if not text or "://" in text or text.startswith("www.") or _NOT_A_NAME.search(text) and len(text) > 60:
        return []
    text = _HANDLE.sub(" ", _BY.sub("", _ADDRESS_ASIDE.sub("", text)))
    found: list[tuple[str, str]] = []
    pieces = _NAME_SPLIT.split(text)  # parts, with the separator before each part between them
    for at in range(0, len(pieces), 2):
        part = _BY.sub("", pieces[at].strip(" .-–—()"))
        words = part.split()
        if not words or len(words) > 6 or _NOT_A_NAME.search(part):
            continue
        if not all(_LETTER_WORD.match(w) or _COMPANY.search(w) for w in words):
            continue
        if _COMPANY.search(part) and not found:
            # the rest is the company's address
            return [(part, SITE if part.casefold() in exclude else AGENCY)]
        if part.casefold() in exclude:
            found.append((part, SITE))
        elif _ORGANISATION.search(part) or _COMPANY.search(part):
            found.append((part, AGENCY))
        elif part[0].islower():
            # Names are printed with a capital: a short lower-case word is an agency's or a desk's
            # code ('dpa', 'sid'); anything else (a brand, a slug) is no byline of a person.
            found.append((part, AGENCY if len(part) <= 4 and part.isalpha() else OTHER))
        elif len(words) == 1 and part.isupper() and 2 <= len(part) <= 5:
            found.append((part, AGENCY))  # an agency's initials: 'AFP', 'APA'
        elif (len(words) == 1 and at == len(pieces) - 1 and at and pieces[at - 1] == ","
              and found and found[-1][1] == PERSON and " " in found[-1][0]):
            found.append((part, OTHER))  # 'Jane Smith, Lisbon': where she writes from, not a name
        elif name := _without_role(words):
            found.append((" ".join(name), PERSON))
        elif any(w.casefold() == "staff" for w in words) and any(not _ROLE.fullmatch(w) for w in words):
            found.append((part, AGENCY))  # a desk's byline: 'Metro Staff', 'Guardian staff reporter'
    return found


def author_names(text: str, exclude: set[str] | None = None) -> list[str]:
    """Person names only from an author field: no 'By', roles, organisations, handles, addresses or dates.

    >>> author_names("By Jane Smith and Tom Jones, Staff Writers")
    ['Jane Smith', 'Tom Jones']
    >>> author_names("https://example.com/author/jane")
    []
    >>> author_names("Иван Петров"), author_names("BY JANE SMITH")
    (['Иван Петров'], ['Jane Smith'])
    >>> author_names("Richard Adams Education editor")
    ['Richard Adams']
    """
    return [title_if_capitals(name) for name, kind in author_candidates(text, exclude) if kind == PERSON]


def title_if_capitals(name: str) -> str:
    """A name printed in capitals ('JANE SMITH') as a name is written ('Jane Smith').

    >>> title_if_capitals("JANE SMITH"), title_if_capitals("Jane McLean"), title_if_capitals("AFP")
    ('Jane Smith', 'Jane McLean', 'AFP')
    """
    return name.title() if name.isupper() and " " in name else name


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
    korean = korean_reporter_names(text)
    if korean:
        return korean  # ('김민수 기자': one word, no capitals; the role word tells the name)
    return [name for name in byline_names(_HANDLE.sub(" ", text))
            if PERSON_NAME.match(name) or all(is_uncased(w) for w in name.split())]  # ('अंकित शर्मा')


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


# Language identification is py3langid's (langid.py's naive Bayes model over byte n-grams,
# 97 languages, ISO 639-1 labels, shipped inside the package: no download, no network).
# Measured on the 327 meta pages that declare a language: 316 agree with the declaration
# (py3langid) against 309 (the jusText stop-word guess this replaced), and the eleven
# others are mostly the declaration's error (isiZulu and isiXhosa pages declaring 'en').
LANGUAGE_SAMPLE_CHARS = 1500  # the same agreement as the first 6000 characters, at a quarter of the cost
MIN_LETTERS = 30  # below that, no guess: a line or two is too little to tell close languages apart
MIN_CONFIDENCE = 0.5  # the model's normalised probability for its best language


@lru_cache(maxsize=1)
def _language_identifier():
    """py3langid's model, loaded once per process (about 0.2 s) and only when a guess is needed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE)


@lru_cache(maxsize=1)
def _tokenizer():
    """py3langid's byte n-gram automaton as arrays: its transition table (state, byte), the
    length of the longest n-gram (the depth of its trie: the state after any text is the
    state after its last that many bytes, read from the start state), and the features each
    state completes (CSR: `starts[s]:starts[s + 1]` into `features`)."""
    import numpy as np

    model = _language_identifier()
    # The smallest type that holds a state (9,118 states: 16 bits, 4.7 MB instead of 18.7 MB
    # a process as 64-bit integers); the walk below widens what it reads.
    table = np.asarray(model.tk_nextmove)
    table = table.astype(np.uint16 if table.max() < 2 ** 16 else np.int32).reshape(-1, 256)
    depth = np.full(table.shape[0], -1)
    depth[0], frontier, level = 0, np.array([0]), 0
    while frontier.size:  # breadth first from the start state: a state's depth is its n-gram's length
        reached = np.zeros(table.shape[0], dtype=bool)
        reached[table[frontier].ravel()] = True
        new = np.flatnonzero(reached & (depth < 0))
        level += 1
        depth[new] = level
        frontier = new
    lengths = np.zeros(table.shape[0], dtype=np.int64)
    outputs = [np.asarray(model.tk_output.get(state, ()), dtype=np.int64) for state in range(table.shape[0])]
    lengths[:] = [len(o) for o in outputs]
    starts = np.concatenate(([0], np.cumsum(lengths)))
    return table.ravel(), int(depth.max()), lengths, starts, np.concatenate(outputs), model.nb_numfeats


def _features(sample: str):
    """The n-gram feature counts of `sample`, as py3langid's `instance2fv` counts them (the same
    automaton), without its Python loop over every byte: the state at each byte is found for
    all bytes at once from the last `depth` bytes before it (measured: 0.6 ms to 0.1 ms a page)."""
    import numpy as np

    table, depth, lengths, starts, outputs, size = _tokenizer()
    data = np.frombuffer(sample.encode("utf8", errors="surrogatepass"), dtype=np.uint8).astype(np.int64)
    n = data.size
    states = np.zeros(n, dtype=np.int64)
    for back in range(depth - 1, -1, -1):  # the byte `back` places before each position, oldest first
        states[back:] = table[(states[back:] << 8) + data[: n - back]]
    counts = lengths[states]
    total = int(counts.sum())
    if total == 0:
        return np.zeros(size, dtype=np.int64)
    # The features of each position's state, all concatenated: outputs[starts[s] + k] for k < lengths[s].
    offsets = np.repeat(starts[states] - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.bincount(outputs[offsets + np.arange(total)], minlength=size)


def _classify(sample: str) -> tuple[str, float] | None:
    """The model's best language and its probability among the 97.

    py3langid's own `classify` multiplies the whole 7480-feature vector by the model with
    numpy's threaded BLAS: on a loaded machine (batch workers on every core) that took
    17 ms a page against 0.1 ms for the same sum over the features the text has, which is
    what this does (same model, same naive Bayes score, same result).
    """
    import numpy as np

    model = _language_identifier()
    features = _features(sample)
    present = np.flatnonzero(features)
    if present.size == 0:
        return None
    scores = features[present].astype(np.float64) @ model.nb_ptc[present].astype(np.float64) + model.nb_pc
    best = int(np.argmax(scores))
    probability = 1.0 / float(np.exp(scores - scores[best]).sum())
    return str(model.nb_classes[best]), probability


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or unclear.

    >>> detect_language("The talks will continue today and we are close to reach a final agreement with them.")
    'en'
    >>> detect_language("Die Gespräche werden heute fortgesetzt und wir sind nahe an einer Einigung mit ihnen und der Regierung.")
    'de'
    >>> detect_language("习近平主席向首届中国拉美和加勒比国家航天合作论坛致贺信，为中拉深化航天合作指明方向")
    'zh'
    >>> detect_language("Ok.") is None
    True
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    best = _classify(sample)
    return best[0] if best and best[1] >= MIN_CONFIDENCE else None
