"""Rules as data: every decision that keeps a block out of the body has a named rule here.

Two rule types, each with a stable name, the kind it assigns (one of `pipeline.kinds.KINDS`,
checked when the rule is made), and examples it must accept and non-examples it must not:

- `Rule`, a phrase rule: a pattern and/or a test of the line alone, a position condition,
  a word limit. `RULES` are tried in order by the labeller; the first that matches wins.
  Only the rules `pipeline.prefilter` admits for a line are tried: it reads from each
  pattern (and from a test's `gate`, the patterns the test starts with) the strings a
  matching line must contain, so a new rule needs nothing more than its pattern or gate.
- `ContextRule`, a decision on a block where it sits (`Context`: its place relative to the
  article, its neighbours, how often the page repeats it, the page's links, description and
  authors). Its `test(block, context)` is the decision `pipeline.text` (`context.`, `head.`)
  and `pipeline.html` (`html.`) call, its thresholds are named fields, and its examples are
  (text, context) pairs run through the same `test`.

`tests/test_rules.py` checks every example of every rule, and `tests/test_removed_rules.py`
that every removal in real outputs names a rule whose test accepts it; a removal records
the rule's name, so "which heuristic dropped my paragraph?" has a one-word answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, ClassVar

# Babel's name tables load on first use (the first line with a digit), not at import.
from .dates import ANY_YEAR, ZONES, find_dates, vocabulary
from .kinds import kind as registered_kind
from .shapes import CLAUSE_END, SENTENCE_END, SITE_SUFFIX, count_words, is_menu_line, is_uncased, split_site_suffix

# Where a rule may fire. The labeller works out the zones from the blocks' shapes.
ANYWHERE = "anywhere"
HEAD = "head"          # before the first paragraph of the article
EDGES = "edges"        # head or tail, never between paragraphs
INSIDE = "inside"      # between the article's first and last paragraph


@dataclass(frozen=True)
class Rule:
    """One named decision: blocks it matches (at its position) get `kind`."""

    name: str
    kind: str
    pattern: re.Pattern | None = None
    test: Callable[[str], bool] | None = None
    position: str = ANYWHERE
    max_words: int | None = None
    examples: tuple[str, ...] = ()
    non_examples: tuple[str, ...] = ()
    # For a `test`: patterns one of which every line the test accepts matches (the cheap look
    # the test starts with). `pipeline.prefilter` reads its required strings from them and
    # from `pattern`; a rule with neither is tried on every line. Not checked by `matches`.
    gate: tuple[re.Pattern, ...] = ()

    def __post_init__(self) -> None:
        registered_kind(self.kind)  # a rule with a misspelt kind fails at import

    def matches(self, text: str, words: int | None = None) -> bool:
        """Whether the block's text alone fits the rule (position is the labeller's job).

        `words` is the block's word count when the caller already knows it.
        """
        if self.max_words is not None and (count_words(text) if words is None else words) > self.max_words:
            return False
        if self.pattern is not None and not self.pattern.search(text):
            return False
        if self.test is not None and not self.test(text):
            return False
        return self.pattern is not None or self.test is not None


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _cs(pattern: str) -> re.Pattern:
    """A case-sensitive pattern (capitals carry the meaning: credits, datelines)."""
    return re.compile(pattern)


# --- shapes shared by rules and the labeller -------------------------------------------

MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
WEEKDAYS = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)"
DATE_BODY = (
    rf"(?:{WEEKDAYS}\s+)?(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}"          # 26 December, 2018
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"         # December 26, 2018
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"  # ISO
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"                      # 12/26/2018
    rf")(?:\s*(?:at|[,|/-])?\s*{TIME})?"
)
# The label before a date on a date line ('Published on: ...'), read case-insensitively;
# `pipeline.metadata.parse_date` strips the same label before parsing.
DATE_LABEL = r"(?:published|posted|updated|last updated|date|first published)(?: on)?:?\s*"
# 'Updated at', 'Publicerad', 'Aktualisiert um' before a time of day alone ('Uppdaterad 15.59 |
# Publicerad 14.14'): a date line whose day the page does not print.
_TIME_LABEL = (r"(?:published|posted|updated|last updated|publiziert|veröffentlicht|aktualisiert|publié|mis à jour|"
               r"publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|uppdaterad|"
               r"publisert|oppdatert|opublikowano|zaktualizowano)(?:\s+(?:at|um|à|a las|alle|om|kl\.?|o))?:?")
DATE_LINE = re.compile(
    rf"^(?:{DATE_LABEL})?"
    rf"(?:{TIME}\s*[,|-]?\s*)?{DATE_BODY}\.?$"
    rf"|^{_TIME_LABEL}\s*{TIME}(?:\s*[|·•,]\s*{_TIME_LABEL}\s*{TIME})?\.?$",
    re.IGNORECASE,
)

# A credit at the end of a caption: 'ATTA KENARE/AFP/Getty Images', '[Getty]', '(Photo: AP)',
# 'Foto: Urs Meier (Keystone)', '— © BELGA'.
# Photo agencies and picture desks that a credit names on its own or after a slash.
_CREDIT_AGENCY = (r"(?:AFP|AP|Reuters|REUTERS|Getty(?: Images)?|EPA|Xinhua|Anadolu|Bloomberg|Shutterstock|iStock(?:photo)?|"
                  r"Alamy|PA|WireImage|Sipa|TASS|UPI|NurPhoto|SOPA|dpa|DPA|APA|EFE|ANP|ANSA|Belga|BELGA|Keystone|"
                  r"KEYSTONE|IMAGO|imago|picture alliance|Ritzau Scanpix|NTB|AAP|PAP|Kyodo|Yonhap|Pool)")
# Words that label what follows as a credit, as captions print them in several languages
# (capitalised or in capitals: 'Foto:', 'BILD:', 'Photo by', 'Crédit photo :', 'Credit:'; an
# abbreviation with its dot needs no colon: 'Fot. PAP/Jan Nowak').
# Data: add a language's word here, with an example in `CREDIT_LABEL_EXAMPLES`.
CREDIT_LABEL_WORDS = (
    "Photo", "Photos", "Photograph", "Image", "Picture", "Credit", "Credits", "Photo credit", "Image credit",  # en
    "Foto", "Fotos", "Bild", "Bilder", "Symbolfoto", "Symbolbild", "Bildquelle", "Quelle",                # de, nl, sv, no, it
    "Crédit", "Crédits", "Crédit photo", "Photographie",                                                  # fr
    "Fotografía", "Fotografia", "Imagen", "Imagem",                                                       # es, it, pt
    "Beeld", "Kuva", "Zdjęcie", "Fot.", "Fotoğraf", "Фото", "Снимка",                                     # nl, fi, pl, tr, ru, bg
)
CREDIT_LABEL_EXAMPLES = ("Der Sitzungssaal am Montag. Foto: Jana Beck", "Le port au matin. Crédit photo : Luc Marin",
                         "Ein Wahllokal in Almaty.Bild: Olga Sand/dpa", "El puerto de noche (Foto: EFE)")


# 'Foto di Luca Brambilla', 'Foto de Ana Costa', 'Photo par Luc Marin', 'Foto door Jan Smit': the
# label's 'by' in other languages, a capitalised name after it (not German 'von': 'Bilder von
# Überwachungskameras' is what the picture shows, German nouns being capitalised).
_BY_FOREIGN = "di|de|da|par|por|door|av"


def _label_alternatives() -> str:
    words = sorted({w for word in CREDIT_LABEL_WORDS for w in (word, word.upper())}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


_LABEL = _label_alternatives()
# Name words before the slash: capitalised, no sentence-ending period (initials excepted);
# a single space may stand on either side of a slash ('Ammar Awad / Reuters').
# In brackets too: '(AP Photo/Jane Doe)'.
CREDIT_SLASH = _cs(r"\s\(?((?:(?:[A-Z]\.|[A-Z][\w'’-]*)\s){0,4}(?:[A-Z]\.|[A-Z][\w'’-]*)(?: ?/ ?[A-Z][\w.'’ -]*?)+)\)?\s*$")
# `(?<!\s)`: a run of spaces is one attempt, not one per space (linear on any input).
# Names, not codes: a bracketed '[M2]' or '[MP3 SP]' after a paragraph cites a source.
CREDIT_BRACKET = _cs(r"(?<!\s)\s*\[((?:[A-Z](?:[^\W\d_]|[.'’-])*)(?:[ /][A-Z](?:[^\W\d_]|[.'’-])*){0,4})\]\s*$")
# Case-sensitive: a credit label is capitalised ('Photo: AP', 'PHOTO BY ...'); 'photographs by
# Dorothea Lange' in a sentence is not a credit. The label may be glued to the caption's last
# word ('...StadionBild: Pavel Golovkin/dpa', as some pages print it); the credit may hold one
# bracketed part ('Foto: Urs Meier (Keystone)').
CREDIT_PHOTO = _cs(rf"(?<!\s)\s*[(\[]?(?:\b|(?<=[a-z.]))(?=[A-ZÀ-ÞĀ-Ž\u0400-\u042f])((?:{_LABEL})(?:\s+(?:by|BY|(?:{_BY_FOREIGN})(?=\s+[A-ZÀ-Þ]))|\s*:|\s*(?:credit|CREDIT):?|(?<=\.))\s+"
                   r"(?:[^()\[\]]|\([^()\[\]]{1,40}\)){2,100}?)[)\]]?\s*$")
# '© Jens Kalaene', '— © BELGA', '(© dpa)': a copyright sign before a name closes the caption;
# one before a year ('© 2002, 2003 Jane Roe') is a page's copyright notice, not a photo credit.
CREDIT_COPYRIGHT = _cs(r"(?<!\s)\s*[(\[]?(©\s*(?!\d{4}\b)[^\s©][^©]{0,99}?)[)\]]?\s*$")


# 'Photo by' / 'Foto:' / 'Credit:' / '©' say what follows is a credit; they belong to neither part.
_CREDIT_LABEL = re.compile(rf"^(?:©\s*|(?:{_LABEL})(?:\s+(?:by|{_BY_FOREIGN})|\s*:|\s+credit:?|(?<=\.))\s*)", re.IGNORECASE)
_TRAILING_CREDIT_LABEL = re.compile(rf"(?<![\s(\[|—–-])[\s(\[|—–-]*(?:(?:{_LABEL})(?:\s+by|\s*:)?)?\s*$",
                                    re.IGNORECASE)
# A slash credit names an agency, or a photographer by at least two words ('John Smith/AP').
_SLASH_CREDIT_NAMES = re.compile(rf"\b{_CREDIT_AGENCY}\b|^\S+\s+\S+.*/")
_PHOTO_WORD = _cs(rf"(?:{_LABEL})|©")
# What every credit form holds: a slash, a bracket, a label word or © (`split_credit` looks first).
CREDIT_HINT = _cs(rf"[/\]]|{_PHOTO_WORD.pattern}")
# A labelled or © credit ends the caption within this many characters: only the tail is searched.
_CREDIT_TAIL = 240


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption's trailing credit off its text.

    >>> split_credit("Guards watch the border. ATTA KENARE/AFP/Getty Images")
    ('Guards watch the border.', 'ATTA KENARE/AFP/Getty Images')
    >>> split_credit("No details were given [Getty]")
    ('No details were given', 'Getty')
    >>> split_credit("The minister speaks (Photo: Reuters)")
    ('The minister speaks', 'Reuters')
    >>> split_credit("Migrants wait at the border. Photo by John Moore/Getty Images")
    ('Migrants wait at the border.', 'John Moore/Getty Images')
    >>> split_credit("Der Hafen am Abend. Foto: Urs Meier (Keystone)")
    ('Der Hafen am Abend.', 'Urs Meier (Keystone)')
    >>> split_credit("Die Feuerwehr am Einsatzort. © dpa | Jana Beck")
    ('Die Feuerwehr am Einsatzort.', 'dpa | Jana Beck')
    >>> split_credit("Melting ice on the pond (Credit: Clayton Aldern / Grist)")
    ('Melting ice on the pond', 'Clayton Aldern / Grist')
    >>> split_credit("Kładka nocą. Fot. PAP/Łukasz Gągulski")
    ('Kładka nocą.', 'PAP/Łukasz Gągulski')
    >>> split_credit("A bus waits on Market Street. (AP Photo/Jane Doe)")
    ('A bus waits on Market Street.', 'AP Photo/Jane Doe')
    >>> split_credit("John W. Nicholson")
    ('John W. Nicholson', None)
    """
    # Cheap look first: every credit form needs a slash, a bracket, a label word or ©.
    if not CREDIT_HINT.search(text):
        return text, None
    # An explicit label or © first: it says where the credit starts, a slash only guesses.
    tail = max(0, len(text) - _CREDIT_TAIL)
    for pattern in (CREDIT_PHOTO, CREDIT_COPYRIGHT, CREDIT_SLASH, CREDIT_BRACKET):
        labelled = pattern is CREDIT_PHOTO or pattern is CREDIT_COPYRIGHT
        if labelled and not _PHOTO_WORD.search(text, tail):
            continue
        match = pattern.search(text, tail if labelled else 0)
        if match and pattern is CREDIT_SLASH and not _SLASH_CREDIT_NAMES.search(match.group(1)):
            continue  # 'AC/DC': a slash between two words is no credit without an agency or a full name
        if match and match.start() > 0:
            caption = _TRAILING_CREDIT_LABEL.sub("", text[: match.start()]).rstrip()
            credit = _CREDIT_LABEL.sub("", match.group(1).strip()).strip()
            if caption and _names_someone(credit):
                return caption, credit or match.group(1).strip()
    return text, None


_AGENCY_WORD = re.compile(rf"\b{_CREDIT_AGENCY}\b")
_CREDIT_JOINERS = frozenset({"via", "for", "and", "of", "de", "da", "van", "von", "der", "den", "la", "le", "y", "et",
                             "und", "og", "och", "i", "e", "the"})


def _names_someone(credit: str) -> bool:
    """A credit names people or agencies: mostly capitalised words. 'Erstes Bild: So könnte
    die Seilbahn aussehen' is a headline whose words only follow a label word.

    >>> _names_someone("picture alliance/dpa | Hannes P Albert"), _names_someone("So könnte die Seilbahn aussehen")
    (True, False)
    """
    if "/" in credit or _AGENCY_WORD.search(credit):
        return True  # 'pressefoto_korb/picture alliance': agencies write themselves in lower case
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", credit) if w not in _CREDIT_JOINERS]
    lower = sum(1 for w in words if w[0].islower())
    return not words or lower * 2 < len(words)


def strip_credit_label(text: str) -> str:
    """A credit without its brackets and label ('(Foto: REUTERS)' is 'REUTERS').

    >>> strip_credit_label("(Foto: REUTERS)"), strip_credit_label("© BELGA")
    ('REUTERS', 'BELGA')
    """
    return _CREDIT_LABEL.sub("", text.strip(" ()[]")).strip(" ()[]")


def credit_only(text: str) -> str | None:
    """The credit when a line is nothing but one ('Foto: Jana Beck', '© BELGA', 'Getty Images').

    >>> credit_only("BILD: SN/APA/Jana Beck"), credit_only("© BELGA"), credit_only("AFP/Getty Images")
    ('SN/APA/Jana Beck', 'BELGA', 'AFP/Getty Images')
    >>> credit_only("Photos show the damage was extensive.") is None
    True
    """
    if RULES_BY_NAME["caption.photo_credit_only"].matches(text):
        return strip_credit_label(text) or None
    return None


def _has_credit(text: str) -> bool:
    return split_credit(text)[1] is not None


# Labels of a keyword line, in the languages of the pages we see ('Tags:', 'Schlagworte:', 'Mots-clés :').
# Data: add a language's word here, with an example in the rule `tag_line.keywords`.
TAG_LABEL_WORDS = (
    "tags?", "topics?", "keywords?", "filed under",                                         # en
    "schlagworte", "schlagwörter", "stichworte", "stichwörter", "kategorien?", "themen",     # de
    "mots-clés", "mots clés", "étiquettes", "catégories?",                                  # fr
    "etiquetas", "categorías", "palabras clave",                                            # es
    "parole chiave", "argomenti", "categorie",                                              # it
    "palavras-chave", "categorias",                                                         # pt
    "trefwoorden", "onderwerpen", "categorieën",                                            # nl
    "taggar", "nyckelord", "ämnen",                                                         # sv
    "tagi", "kategorie", "słowa kluczowe",                                                  # pl
    "lees meer over",                                                                       # nl
    "теги", "метки", "ключевые слова", "мітки", "ключові слова", "теми",                    # ru, uk
    "etiketler", "anahtar kelimeler", "konular",                                            # tr
    "štítky", "klíčová slova", "témata",                                                    # cs
    "ετικέτες", "λέξεις-κλειδιά",                                                           # el
    "الوسوم", "كلمات مفتاحية",                                                              # ar
    "topik", "kata kunci", "từ khóa", "chủ đề",                                             # id, vi
    "タグ", "关键词", "标签",                                                                 # ja, zh
)
_TAG_LABEL = re.compile(rf"^(?:{'|'.join(TAG_LABEL_WORDS)})\s*:\s*", re.IGNORECASE)
_TAG_SEPARATOR = re.compile(r"[,|]")
_COMMA = re.compile(",")  # an unlabelled keyword line has two


def split_tags(text: str) -> list[str]:
    """Items of a keyword line, its label removed.

    >>> split_tags("Tags: Iran | Taliban | peace talks")
    ['Iran', 'Taliban', 'peace talks']
    """
    return [item.strip() for item in _TAG_SEPARATOR.split(_TAG_LABEL.sub("", text.strip())) if item.strip()]
# A tag: one to four words, not opening with a number (a year excepted: '2020 election'),
# no sentence dots ('1 tsp. nut butter' is an ingredient, '1. Prioritize' a numbered heading).
_TAG_ITEM = re.compile(r"^(?!\d(?!\d{3}\b))[\w][\w'’&.-]*(?: [\w'’&.-]+){0,3}$")


def is_tag_line(text: str) -> bool:
    """A keyword line: three or more short lower-case comma-separated items.

    >>> is_tag_line("iran, military, border, afghanistan")
    True
    >>> is_tag_line("Russia, China, India and Iran met in Tehran.")
    False
    """
    body = _TAG_LABEL.sub("", text)
    labelled = body != text  # an explicit 'Tags:' label is enough for any number of items
    if not labelled and text.count(",") < 2:
        return False
    items = [i.strip() for i in _TAG_SEPARATOR.split(body)]
    if (len(items) < 3 and not labelled) or any(not i or not _TAG_ITEM.match(i) or i.endswith(".")
                                                 or ". " in i for i in items):
        return False
    if labelled:
        return True
    lower = sum(1 for i in items if i == i.lower())
    return lower >= len(items) - 1 and not text.rstrip().endswith(".")


_NAME_WORD = r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.|Jr\.?|Sr\.?|de|van|von|der|bin|al-[A-Z][a-z]+)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}},?$")


def is_person_name(text: str) -> bool:
    """A line that is only a person's name ('John W. Nicholson').

    >>> is_person_name("John W. Nicholson")
    True
    >>> is_person_name("Complex history")
    False
    """
    return bool(_NAME.match(text.strip())) and not DATE_LINE.match(text)


# --- date lines and bylines in many languages -------------------------------------------
# Month and weekday names come from `pipeline.dates` (CLDR through Babel); what is here is the
# shape of a line around a date, and the words that introduce or follow an author's name.

# Words around a date that still leave a date line (labels, clock words): anything of this
# length beside the date is furniture ('Zuerst veröffentlicht am', 'Stand:', 'Lesezeit: 5 Min.').
_DATE_LINE_MAX_REST = 7
_WORD_RUN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_SENTENCE_TAIL = re.compile(r"[^\W\d_]{2,}[.!?][\"'”’)]*\s*$")


def _outside_dates(text: str) -> tuple[list, str]:
    found = find_dates(text)
    rest, last = [], 0
    for date in found:
        rest.append(text[last:date.start])
        last = date.end
    rest.append(text[last:])
    return found, " ".join(rest)


def _dated_caption(text: str) -> bool:
    """A photo caption with a date in it and its credit after a full stop: 'Powell testifies
    in Washington, March 6, 2024. REUTERS/Kevin Lamarque' (a date line or a byline in shape).
    ('30.04.2024 Fußball Frankfurt/Main' holds no sentence: a date line.)"""
    if not CREDIT_HINT.search(text):
        return False
    caption, credit = split_credit(text)
    return credit is not None and caption.rstrip(")]").endswith(".")


def is_date_line(text: str) -> bool:
    """A line that is a date with at most a few words of label or clock around it.

    >>> is_date_line("Publiziert 6. November 2025, 12:26"), is_date_line("22 de janeiro de 2018")
    (True, True)
    >>> is_date_line("On December 26, 2018, the talks began in Doha.")
    False
    """
    if len(text.split()) > 18:
        return False
    found, rest = _outside_dates(text)
    if not found or _dated_caption(text):
        return False
    tail = text[found[-1].end:]
    if _SENTENCE_TAIL.search(tail) and sum(1 for w in _WORD_RUN.findall(tail) if w[0].islower() and len(w) > 1) >= 2:
        return False  # the date opens a sentence ('On May 5, 2024, the talks began.'), not a label ('Lesezeit: 2 Min.')
    # A clock time left over ('..., mis à jour à 16h02') is no word of a sentence.
    return len(_WORD_RUN.findall(_CLOCK.sub(" ", rest))) <= _DATE_LINE_MAX_REST


_CLOCK = re.compile(r"\b\d{1,2}(?:[:.h]\d{2}|\s*[ap]\.?m\.?)\b", re.IGNORECASE)


def is_yearless_date_line(text: str) -> bool:
    """A day and a month without the year, and a clock time, alone on the line (a posting
    label or a weekday before them): a date line whose year the page does not print.

    >>> is_yearless_date_line("mandag 5. august kl. 14:47"), is_yearless_date_line("8 января, 17:46")
    (True, True)
    >>> is_yearless_date_line("Published March 3, 9:30 am"), is_yearless_date_line("5 August: the river rose 2.30 m")
    (True, False)
    """
    return len(text.split()) <= _YEARLESS_WORDS and bool(_yearless_date_line().match(text.strip()))


_YEARLESS_WORDS = 10


@lru_cache(maxsize=1)
def _yearless_date_line() -> re.Pattern:
    names = vocabulary()
    month, weekday = rf"(?:{names.month})\.?", rf"(?:{names.weekday})\.?"
    day = r"[0-3]?\d(?:\.|st|nd|rd|th|er)?"
    label = r"(?:(?:published|posted|updated|publiziert|veröffentlicht|aktualisiert|publié|mis à jour|publicado|"\
            r"actualizado|pubblicato|aggiornato|gepubliceerd|publicerad|publisert|oppdatert|opublikowano)\s*:?\s*)"
    return re.compile(
        rf"^{label}?(?:{weekday},?\s+)?(?:{day}\s*(?:de\s+)?{month}|{month}\s+{day}),?"
        rf"\s*(?:,|\||-|–|—|/|•|·)?\s*(?:at|um|à|a las|alle|às|om|kl\.?|o|в)?\s*"
        r"\d{1,2}[:.h]\d{2}\s*(?:uhr|h|[ap]\.?m\.?|[A-Z]{2,4})?\.?$", re.IGNORECASE)


# 'Updated' in the languages of the pages we see: a line saying it dates a revision, not the
# publication (when the head prints another date, that one is taken).
UPDATED_WORD = re.compile(
    r"(?i)\b(?:updated|modified|aktualisiert|geändert|stand|mis à jour|modifié|actualizado|actualizada|"
    r"aggiornat[oa]|modificat[oa]|modifica|atualizad[oa]|bijgewerkt|gewijzigd|uppdaterad|oppdatert|opdateret|"
    r"päivitetty|zaktualizowano|aktualizováno|aktualizované|güncelleme|uppfært|обновлено|оновлено)\b")

# 'Published' in the languages of the pages we see (a label, never part of a name).
PUBLISHED_WORD = re.compile(
    r"(?i)^(?:published|posted|publiziert|veröffentlicht|erschienen|erstellt|publié|publicado|publicada|"
    r"pubblicato|gepubliceerd|publicerad|publisert|offentliggjort|julkaistu|opublikowano|publikováno|"
    r"yayınlanma|опубликовано|опубліковано)$")
# Words beside a name in a byline's furniture ('Jane Smith Follow', 'Jane Smith Twitter').
_BYLINE_FURNITURE = re.compile(r"(?i)^(?:follow|twitter|facebook|instagram|linkedin|email|e-mail|mail|bio|more|last|"
                               # a menu's or a player's words, never in a name ('MENÜ Suche', 'Zur Playlist')
                               r"menu|menü|menú|search|suche|startseite|login|subscription|subscribe|playlist|"
                               r"newsletter|podcast|recommended?|bookmark(?:ed)?)$")

# Words that introduce an author's name, in the languages of the pages we see.
BYLINE_INTRO = re.compile(
    r"^(?:(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|PAR|[Pp]or|POR|[Dd]i|[Dd]e|[Dd]oor|[Aa]v|[Aa]f|[Oo]d|[Oo]f|[Oo]leh|"
    r"מאת|Του|Της|Των)(?:\s*:)?"
    r"|(?:Written|Words|Posted|Story|Text|Texto|Texte) by"
    r"|(?:(?:Ein|Eine|Un|Una|Une)\s+)?(?:Kommentar|Kolumne|Analyse|Gastbeitrag|Essay|Interview|Reportage|"
    r"Chronique|Tribune|Análisis|Opinión|Commento) (?:von|de|di|por|par|by)"
    r"|(?:Autor(?:in)?|Autorin/Autor|Author|Auteur|Autore|Autora|Redaktion|Text|Texto|Reporter|Interview|"
    r"Penulis|Pewarta|Wartawan|Yazar|Muhabir|Autorka|Autoři|Tác giả|Текст|Автор|Κείμενο|بقلم|كتب|रिपोर्ट|लेखक|"
    r"Szerző|Piše|Autorius|Autors|Kirjoittaja)\s*:"
    r"|(?:Autor(?:in)?|Autorin/Autor))\s+")
# An intro word inside a date line ('Posted on 10 March 2024 by Jane Smith'); capitals follow.
INNER_BYLINE_INTRO = re.compile(r"(?:^|\s)(?:by|von|par|por|di|door|av|af|od)\s+(?=[^\W\d_a-zà-ÿ])")


def names_a_writer(text: str) -> bool:
    """Whether a date line also carries a byline: 'Von Julia Brandt · 14.03.2025, 16:05 Uhr',
    'Posted on 10 March 2024 by Jane Smith'.

    >>> names_a_writer("Von Julia Brandt · 14.03.2025"), names_a_writer("Posted on 10 March 2024 by Jane Smith")
    (True, True)
    >>> names_a_writer("Updated 10 March 2024"), names_a_writer("Di 12.03.2024, 10:30 Uhr")
    (False, False)
    """
    return bool((BYLINE_INTRO.match(text) or INNER_BYLINE_INTRO.search(text)) and byline_names(text))


# Words after a name that say what the person is, not who: 'Jane Smith Education editor'.
ROLE_WORD = re.compile(
    r"(?i:editor|redakt|redact|rédact|redattor|korrespond|correspond|corrispond|reporter|journalist|periodist|"
    r"giornalist|jornalist|columnist|kolumnist|volontär|autor|author|auteur|writer|staff|chief|senior|contributor|"
    r"producer|analyst|moderator|leiter|praktikant|freelance|photograph|fotograf|chef|head|deputy|political|"
    r"director|direktor|directeur|manager|officer|verslaggever|redacteur|reporterin|"
    r"business|education|health|science|sports?|culture|economics|tech|bureau|desk|"
    r"local|foreign|international|national|parliament|community|environment|climate|crime|transport|travel|"
    r"legal|diplomatic|investigat|consumer|energy|defen[cs]e|security|digital|weather|"
    r"корреспондент|редактор|журналист|обозревател|кореспондент)")
# Articles that start an outlet's name printed after the author's ('Jane Smith The West Australian').
# ('Der', 'Van' are also parts of names: 'Fouzia Van Der Fort'.)
_OUTLET_ARTICLE = {"The", "For", "for", "für", "pour", "para", "per", "voor"}
# Words that make a byline part an outlet or a section, not a person ('CBC News', 'Lucy Thornton News').
OUTLET_WORDS = ("news", "nachrichten", "noticias", "nouvelles", "notizie", "nieuws", "nyheter", "press", "presse",
                "prensa", "times", "post", "media", "online", "zeitung", "agentur", "agency", "agencia", "tv", "radio",
                "magazine", "magazin", "journal", "lifestyle", "politics", "politik", "opinion", "sport", "world",
                "staff", "redaktion", "redacción", "rédaction", "portal", "gazette", "gazeta", "gazzetta", "tribune",
                "tribuna", "herald", "kurier", "courier", "observer", "jornal", "diário", "diario", "giornale",
                "corriere", "correio", "revista", "rundschau", "anzeiger", "dagblad", "krant", "nieuwsblad", "agência",
                "agenzia", "channel")
_OUTLET_WORD = re.compile(rf"(?i)^(?:{'|'.join(OUTLET_WORDS)})$")
# Small words inside a person's name ('Michelle de Oliveira', 'Ursula von der Leyen'); the
# name shape of `pipeline.metadata` (`PERSON_NAME`) allows the same ones.
NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "ter",
                            "bin", "al", "el", "le", "la", "du", "y", "ben", "af"})
PARTICLE_ALTERNATIVES = "|".join(sorted(NAME_PARTICLES, key=lambda w: (-len(w), w)))
# `(?<!\s)`: a run of spaces is one attempt, not one per space (linear on any input).
_BYLINE_SPLIT = re.compile(r"(?<!\s)\s*(?:,|;|\||/|·|•|\s[-–—]\s|\s(?:and|und|et|y|e|i|og|en|och|ve|és|a|и|та|і)\s|&)\s*")
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.-]*)$")


def _not_a_name_word(word: str, position: int) -> bool:
    """Labels, dates and furniture that follow a name in a byline ('Published', 'March', 'GMT').
    Month names end a name only after two words of it: 'Jan', 'May' and 'April' are first names."""
    key = word.lower().strip(".,:")
    if PUBLISHED_WORD.match(key) or UPDATED_WORD.fullmatch(key) or _BYLINE_FURNITURE.match(key):
        return True
    names = vocabulary()
    if key in names.weekdays:
        return True
    calendar = key in names.months or word.strip(".,:") in ZONES
    return calendar and position >= 2


_UNCASED_NAME_WORDS = 4  # a name in a script without capitals, after a byline's intro word, is this short


def _name_words(words: list[str], uncased_ok: bool = False) -> list[str]:
    """The leading words of a part that form a person's name (before a role or an outlet).
    With `uncased_ok` (a byline's intro word said a name follows), words of a script without
    capitals are a name too: 'रिपोर्ट: अंकित शर्मा', 'מאת יואב כהן'."""
    if uncased_ok and words and is_uncased(words[0]):
        name = []
        for word in words[:_UNCASED_NAME_WORDS + 1]:
            if not is_uncased(word) or not word.strip("()"):
                break
            name.append(word.strip("()"))
        return name if len(name) <= _UNCASED_NAME_WORDS else []
    name: list[str] = []
    for word in words:
        if word.startswith("(") and len(name) >= 2:
            break  # '(Enviado especial)', '(Sport)': a note after the name
        bare = word.strip("()")
        if not _NAME_TOKEN.match(bare):
            break
        if bare in NAME_PARTICLES and name:
            name.append(bare)
            continue
        if not bare[0].isupper() or _not_a_name_word(bare, len(name)):
            break
        if len(name) >= 2 and len(bare) >= 2 and bare.isupper() and not any(w.isupper() for w in name):
            break  # 'Kevin McCoy USA TODAY': capitals after a name in mixed case are the outlet
        if ROLE_WORD.match(bare) or _OUTLET_WORD.match(bare) or (len(name) >= 2 and bare in _OUTLET_ARTICLE):
            if len(name) < 2:
                return []  # the part names a role or an outlet ('Volontär (Sport)'), not a person
            break
        name.append(bare)
    while name and name[-1] in NAME_PARTICLES:
        name.pop()
    after = words[len(name)].strip("()") if len(name) < len(words) else ""
    if len(name) == 3 and after and (ROLE_WORD.match(after) or _OUTLET_WORD.match(after)):
        # 'Sina Zehrfeld Landespolitische Korrespondentin': the word before a role is the role's.
        name = name[:2]
    if name and name[0] in _OUTLET_ARTICLE | {"Der", "Die", "Das", "La", "Le", "El", "Il", "Los", "Les"}:
        return []  # 'The New York Times', 'Le Figaro': an outlet's name, not a person's
    return name


# A Korean reporter's sign-off: '김민수 기자', '순천, 광양 구현모 기자 ninek@hankookilbo.com' (places
# first), '김민수·이영희 기자', '박준석 기자 외 1명'. Hangul has no capitals to tell a name by: the
# role word after it does.
_KOREAN_SIGNOFF = re.compile(r"^(?:[가-힣]{2,}(?:,\s*|\s+)){0,3}?([가-힣]{2,4}(?:\s*·\s*[가-힣]{2,4})*)\s?"
                             r"(?:선임|수석|객원)?(?:기자|특파원|통신원)(?:\s+외\s+\d+명)?"
                             r"(?:\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?$")
KOREAN_REPORTER_WORD = re.compile(r"기자|특파원|통신원")


def korean_reporter_names(text: str) -> list[str]:
    """The names of a Korean reporter's sign-off line ([] for any other line).

    >>> korean_reporter_names("순천, 광양 구현모 기자 ninek@hankookilbo.com"), korean_reporter_names("김민수·이영희 기자")
    (['구현모'], ['김민수', '이영희'])
    >>> korean_reporter_names("기자회견에서 대통령은 이렇게 말했다.")
    []
    """
    match = _KOREAN_SIGNOFF.match(text.strip())
    return [name.strip() for name in match.group(1).split("·")] if match else []


def is_korean_signoff(text: str) -> bool:
    return bool(korean_reporter_names(text))


def byline_names(text: str) -> list[str]:
    """Person names in a byline line: after its intro word, without dates, roles and places.

    >>> byline_names("Von Christian Unger, Tobias Köberlein und Laura Wagener 09.09.2025, 14:55 Uhr")
    ['Christian Unger', 'Tobias Köberlein', 'Laura Wagener']
    >>> byline_names("By Jane Smith Education editor"), byline_names("par Marie Dupont et Jean Martin")
    (['Jane Smith'], ['Marie Dupont', 'Jean Martin'])
    >>> byline_names("Von Robin Amberg, Volontär (Sport) 06.11.2025, 21:18 Uhr")
    ['Robin Amberg']
    >>> byline_names("Posted on January 10, 2020 by Jane Smith")
    ['Jane Smith']
    >>> byline_names("Jane Smith · CBC News · Posted: Aug 08, 2024"), byline_names("By Jane Smith For Dailymail.Com")
    (['Jane Smith'], ['Jane Smith'])
    >>> byline_names("Kevin Johnson and Kevin McCoy USA TODAY"), byline_names("Par Marie DUPONT")
    (['Kevin Johnson', 'Kevin McCoy'], ['Marie DUPONT'])
    >>> byline_names("By JANE DOE, JOHN ROE and MARY POE")
    ['Jane Doe', 'John Roe', 'Mary Poe']
    """
    intro = BYLINE_INTRO.match(text)
    _, rest = _outside_dates(text[intro.end():] if intro else text)
    if not intro:
        # 'Posted on 10 March 2024 by Jane Smith': the intro word after the date.
        inner = INNER_BYLINE_INTRO.search(rest)
        if inner:
            rest = rest[inner.end():]
    names = []
    in_capitals = False  # the byline prints its names in capitals ('By JANE DOE, JOHN ROE and MARY POE')
    introduced = bool(intro)
    for part in _BYLINE_SPLIT.split(rest.strip(" .,-–—|")):
        part_intro = BYLINE_INTRO.match(part)  # 'Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch'
        words = (part[part_intro.end():] if part_intro else part).split()
        name = _name_words(words, uncased_ok=introduced or bool(part_intro))
        if introduced and name and is_uncased(name[0]):
            names.append(" ".join(name))
            introduced = False  # ('रिपोर्ट: अंकित शर्मा, जयपुर': the place after the name is no second name)
            continue
        half = len(name) // 2
        if half >= 2 and len(name) % 2 == 0 and name[:half] == name[half:]:
            name = name[:half]  # 'Martin Gramnæs Martin Gramnæs': a name printed twice
        if 2 <= len(name) <= 5:
            text_name = " ".join(name)
            if text_name.isupper() and names and not in_capitals:
                continue  # 'von David Straub, MDR THÜRINGEN': capitals after a name are the outlet
            in_capitals = in_capitals or (text_name.isupper() and not names)
            names.append(text_name.title() if text_name.isupper() else text_name)
    return names


# After a name: 'Published 4 months ago', '7 hours', '8h', '2 minutes read'.
_RELATIVE_AGO = re.compile(r"(?i)(?:\b(?:published|posted|updated)\s+)?\b(?:\d{1,2}|an?|one)\s*"
                           r"(?:(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
                           r"|h|hours?|hrs?|min(?:ute)?s?\s+read)\.?$")
_HANDLE_AFTER_NAME = re.compile(r"(?<=\w)\s*,?\s+@\w+$")


def _is_name_part(words: list[str]) -> bool:
    """Words that are one person's name, then at most a role or an outlet ('The West Australian')."""
    name = _name_words(words)
    rest = words[len(name):]
    if sum(len(word.strip(".")) > 1 for word in name) == 0:
        return False  # initials alone ('F T W M') are a menu's letters, not a person
    # After the name: nothing, a role ('Lifestyle Writer', 'Deputy Content Hub Director'), or an outlet.
    return len(name) >= 2 and (not rest or bool(ROLE_WORD.match(rest[-1])) or rest[0] in _OUTLET_ARTICLE
                               or all(w.isupper() for w in rest))  # an outlet in capitals ('USA TODAY')


def is_bare_name_line(text: str) -> bool:
    """A line holding only people's names (each perhaps with a role or an outlet after it).

    >>> is_bare_name_line("Jody Robbins"), is_bare_name_line("Ondřej Katz"), is_bare_name_line("Published Fri")
    (True, True, False)
    >>> is_bare_name_line("Julia Vergin | Clare Roth"), is_bare_name_line("Dan Jervis-Bardy The West Australian")
    (True, True)
    >>> is_bare_name_line("Jane Smith Deputy Content Hub Director"), is_bare_name_line("Jane Smith @janesmith")
    (True, True)
    >>> is_bare_name_line("Jennifer Walsh, Staff Writer"), is_bare_name_line("Staff Writer, Features")
    (True, False)
    >>> is_bare_name_line("J K Rowling"), is_bare_name_line("F T W M")
    (True, False)
    """
    text = _HANDLE_AFTER_NAME.sub("", text)  # 'Jane Smith @janesmith'
    words = text.split()
    if not 2 <= len(words) <= 14 or DATE_LINE.match(text):
        return False
    parts = [p.split() for p in _BYLINE_SPLIT.split(text.strip()) if p.strip()]
    if len(parts) >= 2 and is_role_line(" ".join(parts[-1])):
        parts = parts[:-1]  # 'Jennifer Walsh, Staff Writer', 'Sophie Laurent, journaliste'
    if len(parts) > 4 or any(len(p) > 7 for p in parts):
        return False
    return all(all(_NAME_TOKEN.match(w) for w in p) and _is_name_part(p) for p in parts)


_ROLE_LINE_WORDS = 4


def is_role_line(text: str) -> bool:
    """A job title alone, as printed under or after an author's name ('Staff Writer',
    'Redakteurin Bildung', 'journaliste').

    >>> is_role_line("Staff Writer"), is_role_line("Redakteurin Bildung"), is_role_line("Schools reopen")
    (True, True, False)
    """
    words = text.split()
    return 0 < len(words) <= _ROLE_LINE_WORDS and any(ROLE_WORD.match(w) for w in words) and not CLAUSE_END.search(text)


def is_byline_label(text: str) -> bool:
    """A line that only introduces the author named on the next line ('Von', 'Kommentar von').

    >>> is_byline_label("Kommentar von"), is_byline_label("Von der Leyen")
    (True, False)
    """
    line = text.strip()
    if _AUTHOR_LABEL.match(line):
        return True
    intro = BYLINE_INTRO.match(line + " ")
    return bool(intro) and intro.end() >= len(line)


_AUTHOR_LABEL = re.compile(r"(?i)^(?:written by|author of the article|autor(?:in)?|author|auteur|autore|autora|"
                           r"autorin/autor)\s*:?$")


def is_byline(text: str) -> bool:
    """An author line: an intro word ('By', 'Von', 'par', 'por', 'di', 'door', 'Autor:') and a
    name first, or a name beside a date; never a sentence.

    >>> is_byline("Von Eileen Wagner 10.09.2025, 09:53 Uhr"), is_byline("Von der Leyen said the plan would work.")
    (True, False)
    >>> is_byline("Stefan Trunzik, 26.04.2024 10:00 Uhr"), is_byline("Bruselas - 15 oct 2024 - 08:22")
    (True, False)
    """
    words = text.split()
    if not words or len(words) > 22 or _SENTENCE_TAIL.search(text) and len(words) > 6:
        return False
    intro = BYLINE_INTRO.match(text)
    if intro:
        rest = text[intro.end():]
        first = _BYLINE_SPLIT.split(rest, maxsplit=1)[0].split()
        name = _name_words(first, uncased_ok=True)
        if len(name) >= 2 or (len(name) == 1 and (name[0].isupper() or is_uncased(name[0])) and len(first) == 1):
            _, outside = _outside_dates(rest)
            # The name must be most of what follows the intro (no sentence after it).
            return sum(1 for w in outside.split() if w[:1].islower() and w not in NAME_PARTICLES) <= 3
        return False
    found, rest = _outside_dates(text)
    if found and _dated_caption(text):
        return False
    if not found:
        ago = _RELATIVE_AGO.search(text)  # 'Dylan Jones 5 hours ago'
        return bool(ago) and is_bare_name_line(text[:ago.start()].strip(" ,|·•-–—"))
    parts = [p for p in _BYLINE_SPLIT.split(rest.strip(" .,-–—|")) if p.strip()]
    if not parts or len(parts) > 4 or any(len(p.split()) > 5 for p in parts):
        return False
    # A part that is a name, or a name and then a label ('Jen Mills Published Jul 17, 2024').
    return any(len(name := _name_words(p.split())) >= 2 and (len(name) == len(p.split())
                                                          or _not_a_name_word(p.split()[len(name)], 0))
               for p in parts)


# --- words of furniture lines in the languages of the pages we see -------------------------
# Data: add a language's words to these lists, with an example (and an ordinary sentence
# using the same words as a non-example) in the rule that reads them.

# 'Lesezeit: 3 Min.', 'Lecture : 4 min', '3 Min. Lesezeit'.
READ_TIME_LABELS = ("lesezeit", "lesedauer", "lecture", "temps de lecture", "durée de lecture", "lectura",
                    "tiempo de lectura", "tempo di lettura", "lettura", "tempo de leitura", "leitura",
                    "leestijd", "lästid", "läsetid", "czas czytania", "время чтения", "час читання",
                    "okuma süresi", "doba čtení", "χρόνος ανάγνωσης", "waktu baca", "thời gian đọc")
READ_TIME_AFTER = ("lesezeit", "lesedauer", "de lecture", "de lectura", "di lettura", "de leitura", "leestijd",
                   "lästid", "czytania")
MINUTE_WORDS = ("min", "mins", "minutes?", "minuten", "minuti", "minutos?", "minuter", "minut(?:y|a)?",
                "мин", "минут[ыа]?", "хв", "хвилин[иа]?", "dakika", "dk", "λεπτά", "menit", "phút")
_READ_TIME_LABEL = "|".join(sorted(READ_TIME_LABELS, key=len, reverse=True))
_READ_TIME_AFTER = "|".join(sorted(READ_TIME_AFTER, key=len, reverse=True))
_MINUTE_WORD = rf"(?:{'|'.join(MINUTE_WORDS)})\b\.?"

# Share buttons: 'Teilen', 'Auf Facebook teilen', 'Partager sur Facebook', 'Delen op Facebook'.
SHARE_WORDS = ("teilen", "partager", "compartir", "condividi", "partilhar", "compartilhar", "delen", "dela",
               "udostępnij", "paylaş", "поделиться", "sdílet",
               # 'Copy link' in the same languages
               "link kopieren", "copier le lien", "copiar (?:el )?enlace", "copia (?:il )?link", "copiar (?:o )?link",
               "link kopiëren", "kopiera länk", "kopiuj link", "linki kopyala", "(?:с)?копировать ссылку",
               "zkopírovat odkaz")
_SHARE_NETWORK = r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|pinterest|telegram|reddit|bluesky|threads)"
_SHARE_FOREIGN = (rf"(?:{'|'.join(SHARE_WORDS)})(?:\s+(?:sur|en|su|no|na|op|på|via|per|por)\s+{_SHARE_NETWORK})?"
                  rf"|(?:auf|über|per)\s+{_SHARE_NETWORK}\s+teilen|artikel teilen|partager (?:cet|l')\s*article"
                  r"|compartir (?:esta noticia|este artículo)|condividi (?:questo )?articolo")

# Read-also teasers: 'Lesen Sie auch: ...', 'À lire aussi : ...', 'Lees ook: ...'.
READ_ALSO_WORDS = ("lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant", "weiterlesen",
                   "das könnte sie auch interessieren", "à lire aussi", "lire aussi", "à lire également",
                   "lire également", "voir aussi", "lee también", "lea también", "leer más", "te puede interesar",
                   "leggi anche", "leggi pure", "potrebbe interessarti", "leia também", "leia mais", "veja também",
                   "lees ook", "lees meer", "läs också", "läs mer", "czytaj także", "czytaj też", "czytaj również",
                   "zobacz także", "zobacz też", "читайте также", "читайте тоже", "смотрите также", "читайте також",
                   "дивіться також", "čtěte také", "čtěte též", "přečtěte si také", "ayrıca okuyun", "bunu da okuyun",
                   "læs også", "les også", "lue myös", "διαβάστε επίσης", "citește și", "olvassa el ezt is")
_READ_ALSO = "|".join(sorted(READ_ALSO_WORDS, key=len, reverse=True))
# Alone on a line, only the words that head a list of links ('Mehr zum Thema', 'Weiterlesen'):
# a bare 'Leggi anche' leads into a teaser printed on the next line, which stays body, and the
# html set's gold keeps such a pair (the label alone went from the body and recall fell).
_READ_ALSO_BARE = "|".join(sorted(set(READ_ALSO_WORDS) - {
    "lesen sie auch", "lee también", "lea también", "leggi anche", "leggi pure", "leia também", "lees ook",
    "läs också", "czytaj także", "czytaj też", "czytaj również"}, key=len, reverse=True))

# Comment furniture: '3 Kommentare', 'Laisser un commentaire', 'Komentarze (12)'.
COMMENT_WORDS = ("kommentare?", "commentaires?", "comentarios?", "commenti", "commento", "comentários?",
                 "reacties?", "kommentarer?", "komentarz(?:e|y)?")
COMMENT_PROMPTS = ("hinterlasse(?:n sie)? einen kommentar", "schreiben sie einen kommentar", "kommentar schreiben",
                   "laissez un commentaire", "laisser un commentaire", "ajouter un commentaire",
                   "deja (?:un|tu) comentario", "dejar un comentario", "lascia un commento", "scrivi un commento",
                   "deixe (?:um|seu|o seu) comentário", "deixe uma resposta", "laat een reactie achter",
                   "plaats een reactie", "lämna en kommentar", "skriv en kommentar", "dodaj komentarz",
                   "napisz komentarz")
_COMMENT_WORD = "|".join(COMMENT_WORDS)
_COMMENT_FOREIGN = (rf"(?:\d+|keine|aucun|ningún|nessun|nenhum|geen|inga|brak)\s+(?:{_COMMENT_WORD})"
                    rf"|(?:{_COMMENT_WORD}|comments?)\s*\(\d+\)|{'|'.join(COMMENT_PROMPTS)}")

# Newsletter sign-ups: 'Abonnieren Sie unseren Newsletter', 'Inscrivez-vous à notre newsletter'.
NEWSLETTER_VERBS = ("abonnieren sie", "abonniere", "jetzt abonnieren", "melden sie sich", "inscrivez-vous",
                    "abonnez-vous", "inscris-toi", "suscríbete", "suscribete", "suscríbase", "iscriviti", "assine",
                    "inscreva-se", "subscreva", "schrijf je in", "meld je aan", "abonneer je", "prenumerera",
                    "anmäl dig", "zapisz się")
NEWSLETTER_WORDS = ("newsletters?", "newslettern", "boletín", "boletines", "nieuwsbrief", "nyhetsbrev",
                    "lettre d'information", "infolettre")
_NEWSLETTER_FOREIGN = (rf"^(?:{'|'.join(NEWSLETTER_VERBS)})\b.{{0,80}}\b(?:{'|'.join(NEWSLETTER_WORDS)})\b"
                       r"|^(?:newsletter abonnieren|zum newsletter|newsletter bestellen)[.!:]?$")

# Cookie notices: 'Diese Website verwendet Cookies', 'Ce site utilise des cookies'.
COOKIE_PHRASES = ("diese (?:website|webseite|seite) (?:verwendet|nutzt) cookies", "wir (?:verwenden|nutzen) cookies",
                  "ce site (?:web )?utilise des cookies", "nous utilisons des cookies",
                  "(?:este sitio|esta web|este site|este sítio)(?: web)? (?:utiliza|usa) cookies",
                  "utilizamos cookies", "usamos cookies", "questo sito (?:web )?(?:utilizza|usa) (?:i )?cookie",
                  "utilizziamo (?:i )?cookie", "deze (?:website|site) (?:gebruikt|maakt gebruik van) cookies",
                  "(?:wij|we) gebruiken cookies", "vi använder cookies", "(?:ta )?strona (?:używa|wykorzystuje) "
                  "(?:plików )?cookies?", "cookie-einstellungen", "paramètres des cookies",
                  "używamy (?:plików )?cookies?", "(?:kami|situs ini) menggunakan cookie",
                  "(?:мы )?использу(?:ем|ет) (?:файлы )?cookie", "(?:ми )?використовуємо (?:файли )?cookie",
                  "çerez(?:ler)?(?:i)? kullan(?:ıyoruz|maktadır|ılmaktadır|ılıyor)", "používáme (?:soubory )?cookies?",
                  "(?:chúng tôi|trang web này) sử dụng cookie", "χρησιμοποιούμε cookies")
_COOKIE_FOREIGN = "|".join(COOKIE_PHRASES)

# Donation appeals: 'Unterstützen Sie unabhängigen Journalismus – jetzt spenden!'. The verbs
# that could open a sentence ('spenden', 'faites un don') count only at the line's end.
DONATION_PHRASES = ("unterstützen sie (?:unseren|unabhängigen|den|guten) journalismus", "soutenez (?:notre|le|un) "
                    "(?:journalisme|rédaction|média)", "apoya (?:el|nuestro) periodismo", "sostieni (?:il nostro |il )?"
                    "giornalismo", "apoie o jornalismo", "steun (?:onafhankelijke |onze )?journalistiek",
                    "stöd (?:oberoende |vår )?journalistik", "wesprzyj (?:niezależne |nasze )?dziennikarstwo")
DONATION_ENDINGS = ("jetzt spenden", "spenden sie jetzt", "faites un don", "haz (?:una|tu) donación", "dona ora",
                    "fai una donazione", "faça (?:uma doação|um donativo)", "doe agora", "word donateur",
                    "doneer nu", "ge en gåva", "wpłać darowiznę")
_DONATION_FOREIGN = rf"(?:{'|'.join(DONATION_PHRASES)})|(?:{'|'.join(DONATION_ENDINGS)})[.!]*$"

# Advertising labels: 'Anzeige', 'Publicité', 'Reklama'.
AD_LABELS = ("anzeige", "werbung", "gesponsert", "publicité", "sponsorisé", "publicidad", "patrocinado",
             "pubblicità", "sponsorizzato", "publicidade", "advertentie", "gesponsord", "annons", "reklama")

# Legal footers: 'Alle Rechte vorbehalten', 'Tous droits réservés', 'Riproduzione riservata ©'.
RIGHTS_PHRASES = ("all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
                  "riproduzione riservata", "tutti i diritti riservati", "todos os direitos reservados",
                  "alle rechten voorbehouden", "alla rättigheter förbehållna", "wszelkie prawa zastrzeżone")
_RIGHTS = "|".join(RIGHTS_PHRASES)
# Footer links on a line of their own (or several separated by bars).
FOOTER_LINKS = ("about us", "contact us", "careers", "sitemap", "accessibility", "imprint", "impressum",
                "datenschutz", "datenschutzerklärung", "datenschutzhinweise", "nutzungsbedingungen", "agb",
                "mentions légales", "politique de confidentialité", "aviso legal", "política de privacidad",
                "note legali", "política de privacidade", "privacyverklaring", "privacybeleid", "colofon",
                "integritetspolicy", "polityka prywatności")

# Navigation words: 'Menü', 'Suche', 'Se connecter', 'Accedi'.
# A skip link in the languages of the pages we see; `_SKIP_LINK_WORD` is a word each holds
# (the prefilter's gate: the phrases themselves would be hundreds of strings to scan for).
_SKIP_LINK = _re(r"^(?:skip (?:to|navigation)(?: the)?(?: main)? (?:content|article|navigation|menu)|skip navigation|"
             r"(?:direkt )?zum (?:haupt)?inhalt(?: der seite)?(?: springen| wechseln)?|zur navigation(?: springen)?|"
             r"inhalt überspringen|aller (?:au|directement au) contenu(?: principal)?|passer au contenu(?: principal)?|"
             r"(?:ir|saltar|pasar) al contenido(?: principal)?|(?:ir|pular|saltar) para o conteúdo(?: principal)?|"
             r"(?:vai|salta|passa) al contenuto(?: principale)?|(?:ga )?naar (?:de )?(?:hoofd)?inhoud|"
             r"direct naar (?:de )?(?:hoofd)?inhoud|hopp(?:a)? til(?:l)? (?:hoved)?innhold(?:et)?|"
             r"hoppa till (?:huvud)?innehållet|gå til (?:hoved)?indhold(?:et)?|siirry (?:pää)?sisältöön|"
             r"przejdź do (?:głównej )?treści|přejít (?:k|na) (?:hlavnímu )?obsah(?:u)?|preskočiť na obsah|"
             r"ugrás a (?:fő)?tartalomhoz|sari la conținut|μετάβαση στο (?:κύριο )?περιεχόμενο|"
             r"перейти к (?:основному )?содерж(?:анию|имому)|перейти до (?:основного )?вмісту|"
             r"(?:ana )?içeriğe (?:atla|geç)|langsung ke (?:konten|isi)(?: utama)?|chuyển đến nội dung(?: chính)?|"
             r"דלג לתוכן(?: הראשי)?|(?:ت)?خط(?:ى|ي) إلى المحتوى(?: الرئيسي)?|"
             r"メインコンテンツへ(?:スキップ|移動)|本文へ(?:スキップ|移動)?|跳(?:到|至)(?:主要)?内容|본문 바로가기)[.!]?$")
_SKIP_LINK_WORD = _re(r"skip|inhalt|navigation|contenu|contenido|conteúdo|contenuto|inhoud|innhold|innehåll|indhold|"
                      r"sisältöön|treści|obsah|tartalom|conținut|περιεχόμενο|содерж|вмісту|içeriğe|konten|isi|"
                      r"nội dung|תוכן|المحتوى|コンテンツ|本文|内容|본문")


NAVIGATION_WORDS = ("menü", "menú", "suche", "rechercher", "recherche", "buscar", "cerca", "pesquisar", "zoeken",
                    "sök", "szukaj", "anmelden", "abmelden", "einloggen", "se connecter", "connexion",
                    "iniciar sesión", "accedi", "entrar", "inloggen", "logga in", "zaloguj(?: się)?", "startseite",
                    "accueil", "mein konto", "mon compte", "mi cuenta",
                    # a link to the article as a PDF
                    "(?:download|télécharger|descargar|scarica|baixar) (?:the |le |el |il |o )?pdf",
                    "pdf(?: herunterladen| download| downloaden)?")


# --- the rules ---------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    # Reading furniture around the headline.
    Rule("read_time.minutes", "read_time",
         _re(rf"^(?:(?:estimated\s+)?reading time:?\s*(?:about\s+)?\d{{1,3}}\s*(?:min|mins|minutes?)\.?|"
             rf"(?:about\s+)?\d{{1,3}}\s*(?:-\s*)?(?:min|mins|minutes?)\.?\s+read(?:ing)?(?:\s+time)?\.?|"
             rf"(?:{_READ_TIME_LABEL})\s*:\s*(?:ca\.\s*|environ\s+|circa\s+|ok\.\s*)?\d{{1,3}}\s*{_MINUTE_WORD}|"
             rf"\d{{1,3}}\s*{_MINUTE_WORD}\s+(?:{_READ_TIME_AFTER}))$"),
         examples=("3 min read", "Reading time: 4 minutes", "5-minute read", "12 mins read",
                   "Lesezeit: 3 Min.", "3 Min. Lesezeit", "Lecture : 4 min", "Temps de lecture : 5 minutes",
                   "Lectura: 3 min", "Tiempo de lectura: 6 minutos", "Tempo di lettura: 3 minuti",
                   "Tempo de leitura: 4 min", "Leestijd: 3 minuten", "Lästid: 2 min", "Czas czytania: 3 min",
                   "4 minutes de lecture", "2 min di lettura", "Время чтения: 3 мин", "Okuma süresi: 4 dakika",
                   "Waktu baca: 3 menit"),
         non_examples=("He waited 3 minutes for the bus.", "3 min",
                       "Die Lesezeit beträgt nur 3 Minuten, sagt der Verlag.",
                       "La lecture du rapport a duré 4 minutes devant les députés.",
                       "La lectura de la sentencia duró 3 minutos.",
                       "Il tempo di lettura medio è di 3 minuti, secondo lo studio.",
                       "De leestijd van het rapport is 3 minuten.")),
    Rule("byline.by", "byline", test=is_byline, position=EDGES, max_words=22,
         gate=(BYLINE_INTRO, ANY_YEAR, _RELATIVE_AGO),  # an intro word, a date or 'hours ago'
         examples=("By Jane Smith", "By Jane Smith and Tom Jones, Reuters", "BY JANE SMITH",
                   "Von Eileen Wagner 10.09.2025, 09:53 Uhr", "von Katja Belousova", "Von: Simone Jung",
                   "par Marie Dupont", "Por Luna González y Pedro Ruiz", "di Marco Rossi", "door Jan de Vries",
                   "Autor: Monika Bolliger und Anna Trechsel", "By Jane Smith, Education editor",
                   "Penulis: Budi Santoso", "Oleh Budi Santoso", "Текст: Дмитрий Соколов", "Interview: Felix Brandt",
                   "Szerző: Kovács Anna", "de Ana Popescu",
                   "Kolumne von Carla Siepmann - 28.04.2024 um 08:52 Uhr", "Stefan Trunzik, 26.04.2024 10:00 Uhr",
                   "Jane Smith Published Jul 17, 2024, 11:21am", "Jane Smith 5 hours ago",
                   "Jane Smith | Published 4 months ago", "Jane Smith 7 hours", "Jane Smith • 8h"),
         non_examples=("By the end of the year, prices rose sharply across the region.",
                       "by then it was too late", "By Tuesday evening, rescuers had pulled 40 people from the rubble.",
                       "By Friday, the river had fallen below flood level.",
                       "Von der Leyen said the commission would act.", "Par ailleurs, le gouvernement a tranché.",
                       "Por favor, lea las instrucciones.", "Di Maio ha detto che il governo resisterà.",
                       "De acuerdo con el informe, los precios subieron.", "De Gaulle a quitté le pouvoir en 1969.",
                       "Bruselas - 15 oct 2024 - 08:22", "Politik 28.04.2023 01:48 min")),
    Rule("byline.reporter_ko", "byline", test=is_korean_signoff, max_words=10, gate=(KOREAN_REPORTER_WORD,),
         examples=("김민수 기자 minsu.kim@hanbit-ilbo.kr", "순천, 광양 구현모 기자 ninek@hankookilbo.com", "박준석 기자 외 1명",
                   "김민수·이영희 기자", "이상현 특파원"),
         non_examples=("기자회견에서 대통령은 이렇게 말했다.", "서울시는 기자들에게 새 노선을 공개했다.")),
    Rule("date_line.date", "date_line", test=is_date_line, max_words=18, gate=(ANY_YEAR,),
         examples=("26 December, 2018", "November 20, 2019", "Published: 2019-11-20 10:30",
                   "Updated Nov. 20, 2019 5:30 pm ET", "Wednesday, 26 December 2018",
                   "Mon 20 Jan 2020 06.05 GMT", "January 10, 2020 9:00AM (UTC)", "Oct. 25, 2021,",
                   "6. August 2009", "22 de janeiro de 2018", "Publié le 30 août 2023 à 14h52",
                   "Stand: 28.04.2023 16:11 Uhr", "5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)",
                   "2025年1月13日 21時37分", "Zuerst veröffentlicht am 30/04/2024 - 16:17",
                   "15.04.2026 - 15:48 Uhr Lesedauer: 2 Min.", "Publié le 12/03/2024 à 14h35, mis à jour à 16h02"),
         non_examples=("On December 26, 2018, the talks began.", "2018 was a hard year",
                       "Nov 2019", "The vote on 12 May 2024 was the closest in the party's history.")),
    Rule("date_line.no_year", "date_line", test=is_yearless_date_line, max_words=_YEARLESS_WORDS,
         gate=(re.compile(r"\d[:.h]\d\d"),),
         examples=("mandag 5. august kl. 14:47", "8 января, 17:46", "Published March 3, 9:30 am"),
         non_examples=("5 August: the river rose 2.30 m", "At 14:47 on 5 August the river burst its banks.")),
    Rule("date_line.time_only", "date_line", DATE_LINE, max_words=12,
         examples=("Updated at 1:23 p.m.", "Uppdaterad 15.59 | Publicerad 14.14", "Aktualisiert um 15:59 Uhr"),
         non_examples=("The train left at 1:23 p.m. and arrived late.",)),
    # A date the page states relative to the day it was read ('3 hours ago', 'heute um 12:19
    # Uhr'): a date line, though no absolute date can be read from it (the rule's name says so).
    Rule("date_line.relative", "date_line",
         _re(r"^(?:(?:published|posted|updated|last updated|publiziert|veröffentlicht|aktualisiert|publié|"
             r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
             r"publisert|oppdatert|publicerad|uppdaterad|opublikowano|zaktualizowano)\s*:?\s*(?:am\s+|le\s+|el\s+|em\s+|il\s+|op\s+)?)?"
             r"(?:(?:about\s+)?(?:\d{1,2}|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago|"
             r"(?:today|yesterday|heute|gestern|aujourd'hui|aujourd’hui|hier|hoy|ayer|hoje|ontem|oggi|ieri|vandaag|"
             r"gisteren|i dag|i går|idag|igår|dzisiaj|dziś|wczoraj)\s*,?\s*(?:at|um|à|a las|às|alle|om|kl\.?|o)?\s*"
             r"\d{1,2}(?:[:.h]\d{2})?\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.)?|"
             r"vor\s+(?:\d{1,2}|einer|einem)\s+(?:sekunden?|minuten?|min\.?|stunden?|std\.?|tag(?:en)?|wochen?)|"
             r"il y a\s+\d{1,2}\s+(?:secondes?|minutes?|min|heures?|h|jours?|semaines?)|"
             r"hace\s+\d{1,2}\s+(?:segundos?|minutos?|min|horas?|h|días?|semanas?)|"
             r"há\s+\d{1,2}\s+(?:segundos?|minutos?|min|horas?|h|dias?|semanas?)|"
             r"\d{1,2}\s+(?:secondi|minuti|min|ore|ora|giorni|giorno|settimane)\s+fa|"
             r"\d{1,2}\s+(?:seconden|minuten|min|uur|dagen|dag|weken)\s+geleden|"
             r"for\s+\d{1,2}\s+(?:sekunder|minutter|min|timer|time|dager|dag|uker)\s+siden|"
             r"för\s+\d{1,2}\s+(?:sekunder|minuter|min|timmar|timme|dagar|dag|veckor)\s+sedan|"
             r"\d{1,2}\s+(?:sekund[ey]?|minut[ey]?|godzin[ey]?|godzinę|dni|dzień)\s+temu)\.?$"),
         max_words=8,
         examples=("Published 3 hours ago", "2 days ago", "Last updated an hour ago", "Publiziert heute um 12:19 Uhr",
                   "vor 3 Stunden", "Aktualisiert: gestern, 18:05 Uhr", "il y a 2 heures", "Publié aujourd'hui à 14h52",
                   "hace 5 horas", "há 3 horas", "Aggiornato 2 ore fa", "3 uur geleden", "i dag kl. 12.19",
                   "för 3 timmar sedan", "Today at 9:30 am", "2 godziny temu"),
         non_examples=("Two days ago, the minister resigned.", "Heute um 12 Uhr beginnt die Sitzung des Stadtrats.",
                       "Hier, le maire a démissionné.", "Hoy a las 12:00 se vota la ley en el pleno.")),
    Rule("credit_line.contributors", "credit_line",
         _re(r"^\(?(?:[\w’'.-]+(?: [\w’'.-]+){0,9} contributed(?: (?:to )?(?:this|the) (?:report|story|article))?\.?\)?$|"
             r"(?:additional )?reporting by\b|(?:writing|editing|edited|compiled) by\b|"
             r"this (?:story|report|article) (?:was|has been) (?:updated|corrected)\b|"
             # the editors' credit of Chinese and Japanese pages: '责任编辑：李明', '(责编：牛镛、岳弘彬)'
             r"^[(（]?(?:责任编辑|責任編輯|责编|編集|编辑|校对|审核)\s*[：:]\s*\S{1,20}(?:[、,，]\s*\S{1,20}){0,4}[)）]?$)"),
         max_words=40,
         examples=("Agencies contributed to this report.", "Reporting by Jane Smith; Editing by Tom Jones",
                   "(Reporting by Jane Smith; Editing by Tom Jones)", "Fox News’ Jessica Napoli contributed to this report.",
                   "Associated Press writers Jane Smith and Tom Jones contributed.",
                   "Additional reporting by AP", "责任编辑：李明", "(责编：牛镛、岳弘彬)"),
         non_examples=("Reporting on the war has become dangerous for local journalists.",)),

    # Captions: a credit at the end marks a photo caption wherever it sits.
    Rule("caption.credit", "caption", test=_has_credit, max_words=120, gate=(CREDIT_HINT,),
         examples=("Guards watch the border on July 19, 2011. ATTA KENARE/AFP/Getty Images",
                   "No details on where the talks took place were given [Getty]",
                   "The minister arrives in Kabul (Photo: Reuters)",
                   "Protesters march in Paris. Photo by Jane Doe", "Der Hafen am Abend. Foto: Urs Meier (Keystone)",
                   "Verlinden tijdens de crisis. — © BELGA", "Le port au matin. Crédit photo : Luc Marin",
                   "Wladimir Putin im Stadion.Bild: Jana Beck/dpa", "Ultraorthodoxe protestieren. Ammar Awad / Reuters",
                   "Melting ice on the pond (Credit: Clayton Aldern / Grist)", "Kładka nocą. Fot. PAP/Łukasz Gągulski",
                   "Il Duomo al tramonto. Foto di Luca Brambilla",
                   "A bus waits on Market Street. (AP Photo/Jane Doe)",
                   "Powell testifies in Washington, March 6, 2024. REUTERS/Kevin Lamarque"),
         non_examples=("The talks continued in October [2018]. The following month, Russia met them.",
                       "The museum is showing photographs by Dorothea Lange and Walker Evans.",
                       "The crowd sang along to AC/DC.",
                       "He told the AP/NORC poll it was close, she said.",
                       "Notes on a desktop that never worked. © 2002, 2003 Jane Roe",
                       "Erstes Bild: So könnte die neue Seilbahn über den Hafen aussehen",
                       "Ali Shamkhani announced the meeting",
                       "Few made it back. They told of a cauldron of evil. [M2]",
                       "Na zdjęciu widać most. Fot. to skrót od słowa fotografia")),
    Rule("caption.photo_credit_only", "caption",
         _cs(rf"^[(\[]?(?:(?:{_LABEL})(?:\s+(?:by|BY|(?:{_BY_FOREIGN})(?=\s+[A-ZÀ-Þ]))|\s*:|\s+(?:credit|CREDIT):?|(?<=\.)(?=\s))\s*\S.{{0,80}}|"
             # '© Tagesblatt 2018', '© Le Quotidien 2023. Tous droits réservés.': a year or a rights
             # phrase makes a © line the page's copyright notice (`legal_footer.rights`), not a credit.
             rf"©\s*(?!(?:\d{{4}}|[Cc]opyright)\b)(?!.*(?:\b(?:1[89]|20)\d\d\b|(?i:{_RIGHTS})))\S.{{0,80}}|"
             rf"{_CREDIT_AGENCY}(?:\s*/\s*{_CREDIT_AGENCY})*(?: Photo)?)$"),
         max_words=14,
         examples=("Photo: Reuters", "Getty Images", "Image credit: NASA", "AFP/Getty Images", "Foto: Jana Beck",
                   "BILD: SN/APA/Jana Beck", "© BELGA", "(Foto: dpa)", "Crédit photo : Luc Marin", "© dpa",
                   "Fot. PAP/Łukasz Gągulski"),
         non_examples=("Photos show the damage was extensive across the region and beyond.",
                       "Foto's van het feest", "© 2019 Reuters. All rights reserved.", "© Harbour Gazette, all rights reserved",
                       "© Dagens Stad 2018", "© Tagesblatt 2018 – Alle Rechte vorbehalten",
                       "© Le Quotidien du Sud 2023. Tous droits réservés.", "© Il Corriere Cittadino 2022 - Riproduzione riservata")),

    # Keyword lines.
    Rule("tag_line.keywords", "tag_line", test=is_tag_line, max_words=40, gate=(_COMMA, _TAG_LABEL),
         examples=("iran, military, border, afghanistan, pakistan, drugs", "Tags: Politics, Iran, Taliban",
                   "Tag: digitimes.com", "Schlagworte: Bahn, Verkehr, Österreich", "Mots-clés : Grève, Aviation",
                   "Etiquetas: Salario mínimo, Empleo", "Parole chiave: Roma, Metro", "Trefwoorden: Utrecht, verkeer",
                   "Tagi: Kraków, Transport", "Kategorien: Verkehr, Bonn", "Taggar: Stockholm, SL",
                   "Теги: Москва, метро, транспорт", "Etiketler: İstanbul, metro", "Lees meer over: Utrecht, fiets"),
         non_examples=("Iran, Russia and China met, officials said.", "apples, pears",
                       "Beachbody Performance Recover, 1 cup blueberries, 2 whole-grain rice cakes, 1 tsp. nut butter",
                       "1. Prioritize, prioritize, prioritize",
                       "Themen: Die Regierung will die Steuern senken, sagte der Minister am Montag.")),

    # Comment furniture.
    Rule("comment_prompt.section", "comment_prompt",
         _re(r"^\W*+(?:leave a (?:reply|comment)|post a comment|add (?:a |your )?comment|comments?|"
             r"(?:show|view|read|see) (?:all )?(?:\d+ )?comments|join the (?:conversation|discussion)|"
             r"be the first to comment|reader comments|all comments|top rated comments|"
             r"(?:\d+|no|one)\s+(?:comments?|responses?|replies|thoughts|reactions)(?:\s+(?:to|on)\b.{0,100}[^.])?|"
             rf"{_COMMENT_FOREIGN}|"
             r"[^\s,]+(?:\s[^\s,]+){0,3}\s+(?:says|said|wrote|writes):|"
             r"[^\s,]+(?:\s[^\s,]+){0,4}\s+on\s+.{4,40}\s+(?:says|said|wrote):)\W*$"),
         max_words=25,
         examples=("Leave a Reply", "12 Comments", "thelastchargersfan says:", "[ 167 comments ]",
                   "34 responses to “ Anthony Lynn: “We needed to win this game” ”",
                   "Milan Griffes on September 12, 2018 at 4:47 pm said:", "3 Kommentare", "12 commentaires",
                   "5 comentarios", "4 commenti", "7 comentários", "8 reacties", "Komentarze (12)",
                   "Hinterlasse einen Kommentar", "Laisser un commentaire", "Deja un comentario", "Lascia un commento",
                   "Deixe um comentário", "Laat een reactie achter", "Lämna en kommentar"),
         non_examples=("He did not reply to a request for comment.", "Pompeo said.",
                       "In a statement, the ministry said:", "The president, speaking on state television, said:",
                       "No comments were made by the police after the arrest on Sunday night.",
                       "Two responses to the crisis have emerged in Washington this week.",
                       "Comments from the minister were not available.",
                       "Die Kommentare des Ministers wurden am Montag veröffentlicht.",
                       "3 Kommentare des Ministers sorgten am Montag für Ärger.",
                       "Les commentaires du ministre ont été publiés lundi.",
                       "Deja un comentario amargo sobre la reforma, dijo el diputado.",
                       "Lascia un commento ironico sul governo, scrive il giornale.",
                       "De reacties van de minister werden maandag gepubliceerd.")),
    Rule("comment_prompt.furniture", "comment_prompt",
         _re(r"^(?:cancel reply|(?:you must be )?logged in to post a comment|"
             r"your email address will not be published\.?.*|required fields are marked.*|"
             r"comments are closed\.?|reply|report(?: (?:this )?comment| abuse)?|flag|"
             r"(?:\d+\s+)?(?:likes?|upvotes?|votes?)|rating: \d+ votes?)[.:!]?$"),
         max_words=25,
         examples=("Comments are closed.", "Reply", "Report abuse", "Rating: 36 Votes",
                   "Your email address will not be published. Required fields are marked *"),
         non_examples=("Report: the minister resigned on Monday after weeks of pressure.",)),
    Rule("caption.labelled", "caption",
         _re(r"^(?:image|photo|picture|video) (?:caption|copyright|source|credit)\b"),
         max_words=80,
         examples=("Image caption Scooter Braun has managed Justin Bieber", "Image copyright Getty Images"),
         non_examples=("Image quality has improved on the new phone, reviewers said.",)),

    # Social and sharing prompts, WordPress furniture.
    Rule("social_prompt.wordpress", "social_prompt",
         _re(r"^(?:%d bloggers like this:?|share this:?|like this:?|like loading\.\.\.|"
             r"click to share on \w+.*|click to (?:email|print).*|loading\.\.\.|"
             # the footer a WordPress feed adds to every post it syndicates
             r"the post .{3,200} appeared first on [^,;]{2,60})$"),
         examples=("%d bloggers like this:", "Share this:", "Like this:", "Like Loading...",
                   "The post Why I gave up on sourdough appeared first on Bread Notes."),
         non_examples=("Voters did not like this: turnout fell.",
                       "The post of mayor appeared first on the agenda, and the council voted on it.")),
    Rule("social_prompt.follow", "social_prompt",
         _re(r"^(?:follow (?:us|me|him|her|them|@\w+)\b.*|(?:find|like) us on (?:facebook|twitter|instagram).*|"
             r"stay connected with (?:us\b|[A-Z]).*|connect with us\b.*|join us on\b.*|share (?:your thoughts|with (?:your )?friends)\b.*|"
             r"follow \S+(?: \S+){0,2} on (?:instagram|facebook|twitter|youtube|tiktok|linkedin|x)\b.*|"
             r"(?:like|enjoy|enjoyed|love) this (?:story|article|post)\?.*|"
             r"(?:share|tweet|email|print|pin|whatsapp|facebook|twitter|linkedin|reddit|pinterest|"
             rf"telegram|flipboard|messenger|copy link|share (?:on|via) \w+|share (?:this )?(?:article|story|page)|{_SHARE_FOREIGN})"
             r"(?:\s*[|/,·•]\s*(?:share|tweet|email|print|pin|whatsapp|facebook|twitter|linkedin|reddit|"
             r"pinterest|telegram|flipboard|messenger|copy link))*)[.:!]?$"),
         max_words=40,
         examples=("Follow us on Twitter: @The_NewArab", "Share on Facebook", "Facebook Twitter Email".replace(" ", " | "),
                   "Stay connected with News Observatory and never lose the breaking news stories.",
                   "Share this article", "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
                   "Like this story? Share it with a friend!", "Teilen", "Auf Facebook teilen",
                   "Partager sur Facebook", "Compartir en Facebook", "Condividi su Facebook", "Partilhar no Facebook",
                   "Compartilhar", "Delen op Facebook", "Dela på Facebook", "Udostępnij", "Linki Kopyala",
                   "Link kopieren", "Copier le lien", "Скопировать ссылку", "Paylaş"),
         non_examples=("Twitter said on Monday it would follow the new rules.",
                       "Teilen Sie uns Ihre Meinung mit, bittet die Stadt.", "Partager sur Facebook est devenu un réflexe.",
                       "Compartir en Facebook fotos de menores es delito, dijo la fiscal.",
                       "Delen op Facebook is niet zonder risico, zegt de politie.")),

    # Donation appeals.
    Rule("donation.appeal", "donation",
         _re(r"\b(?:(?:support|donate|contribute|give)\b.{0,60}\bfrom as little as|donate (?:now|today)|"
             r"make a (?:donation|contribution) (?:now|today)|"
             r"support (?:our|independent|quality) journalism|become a (?:member|patron|supporter|subscriber) (?:today|now)|"
             r"(?:funding|support) (?:and \w+ )?we get from|not funded by (?:any )?(?:political|government)|"
             r"makes? \w+ possible came from you|please consider (?:supporting|donating)|"
             r"your (?:support|donation) (?:helps us|keeps us|makes (?:our|this|it))|"
             r"^support [\w'’ ]{2,40}'?s? journalism\b|^good journalism costs (?:a lot of )?money\b|"
             rf"{_DONATION_FOREIGN})"),
         max_words=70,
         examples=("Support The OBSERVATORY from as little as $1 – it only takes a minute. Thank you.",
                   "We are NEWS OBSERVATORY — the only funding and support we get from people – we are not funded by any political party.",
                   "Please consider supporting our work.", "Unterstützen Sie unabhängigen Journalismus – jetzt spenden!",
                   "Soutenez notre rédaction : faites un don", "Hazte socio y apoya el periodismo independiente",
                   "Sostieni il nostro giornalismo: fai una donazione", "Apoie o jornalismo independente.",
                   "Steun onafhankelijke journalistiek: word donateur",
                   "Support PREMIUM TIMES' journalism of integrity and credibility",
                   "Good journalism costs a lot of money. Yet only good journalism can ensure a good society."),
         non_examples=("The government said its support for the plan was firm.",
                       "Flights to Lisbon are available from as little as £30 this winter.",
                       "Many readers want to make a donation to the victims' families.",
                       "“Your support makes a difference,” the candidate told the crowd.",
                       "Viele Menschen wollen jetzt spenden, um den Opfern zu helfen, sagte der Bürgermeister.",
                       "Les habitants faites un don ont été sollicités par la mairie lundi.",
                       "Il sindaco ha chiesto ai cittadini di sostenere le famiglie colpite.")),

    # Newsletter sign-ups.
    Rule("newsletter.signup", "newsletter",
         _re(r"^(?:sign up|subscribe|join|register)\b.{0,80}\b(?:newsletters?|inbox|briefing|daily email|weekly email|email alerts?)\b|"
             r"^get\b.{0,60}\b(?:delivered )?(?:to|in) your inbox\b|"
             r"^(?:enter your email(?: address)?|your email address|email address)\s*[:*]?\s*$|"
             r"^(?:by signing up|thanks? for (?:signing up|subscribing))|"
             r"^(?:newsletter|subscribe(?: now| today| here)?|sign up(?: now| today| here)?)[.!:]?$|"
             rf"{_NEWSLETTER_FOREIGN}"),
         max_words=45,
         examples=("Sign up for our daily newsletter", "Subscribe", "Get the latest news delivered to your inbox",
                   "By signing up you agree to our terms", "Abonnieren Sie unseren Newsletter",
                   "Inscrivez-vous à notre newsletter", "Suscríbete a nuestro boletín", "Iscriviti alla newsletter",
                   "Assine nossa newsletter", "Schrijf je in voor onze nieuwsbrief", "Prenumerera på vårt nyhetsbrev"),
         non_examples=("Millions subscribe to the service, the company said in its filing.",
                       "Get ready for more weather alerts this winter, forecasters said.",
                       "Your email address may have been exposed in the breach.",
                       "Millionen Leser abonnieren den Newsletter der Zeitung, sagte der Verlag.",
                       "Le boletín oficial publicó la medida el lunes.",
                       "Die Newsletter des Ministeriums wurden eingestellt.")),

    # Advertising.
    Rule("advertisement.label", "advertisement",
         _re(r"^(?:advertisements?|advertising|ad|ads|sponsored(?: content| post| links?)?|paid (?:post|content|partner)|"
             r"story continues below(?: advertisement)?|continue reading (?:the main story|below)|"
             r"article continues below(?: advertisement)?|promoted(?: stories| content)?|partner content|"
             rf"skip (?:this )?ad(?:vert(?:isement)?)?|report (?:this )?ad|ad(?:vertising)? (?:policy|choices)|"
             rf"{'|'.join(AD_LABELS)})(?:\s*[·•|-]\s*(?:scroll to continue(?: (?:reading|with content))?|"
             r"continue reading below|article continues below))?[.:]?$"),
         examples=("Advertisement", "Story continues below advertisement", "Sponsored Content", "Anzeige", "Werbung",
                   "Advertisement · Scroll to continue",
                   "Ad Policy", "Ad Choices",
                   "Publicité", "Publicidad", "Pubblicità", "Advertentie", "Reklama"),
         non_examples=("Advertisement spending rose 5% last year.", "Die Werbung der Partei wurde am Montag kritisiert.",
                       "La publicité politique est interdite pendant la campagne.", "Anzeige gegen Unbekannt erstattet")),

    # Related-link widgets.
    Rule("related_links.widget", "related_links",
         _re(r"^(?:in other news|load more|read more|more (?:stories|news|articles|from \w+.*|on this (?:story|topic))|"
             r"related(?: articles?| posts?| stories| news| coverage| content| topics| reading)?|"
             r"you (?:may|might) (?:also )?(?:like|be interested in|enjoy)|recommended(?: for you| stories| reading)?|"
             r"most (?:read|popular|viewed|shared|commented)|trending(?: now| stories)?|see also|also read|"
             r"read (?:next|also|this next)|what to read next|up next|top stories|latest(?: news| stories)?|"
             r"editor'?s picks?|don't miss|popular (?:now|stories|posts)|further reading|more in \w+.*|"
             rf"previous (?:article|post|story)|next (?:article|post|story)|show more|view more|see more|{_READ_ALSO_BARE})[.:]?$"),
         max_words=10,
         examples=("In Other News", "Load More", "Read more", "Related", "You may also like", "Most Popular",
                   "Mehr zum Thema", "Lire aussi", "Weiterlesen", "Te puede interesar"),
         non_examples=("Read more about the deal in our earlier report, which covered the first round.",
                       "Mehr zum Thema Verkehr erfahren Sie am Montag im Rathaus.", "Leggi anche")),
    Rule("related_links.more_from", "related_links",
         _cs(r"^(?:More|Next Up|Up Next|More From|More On|More In)(?: (?:[A-Z0-9&][\w.&'’-]*|in|on|from|the|of|and|&)){1,5}$"),
         examples=("More Washington Examiner", "Next Up In Science & Health", "More World"),
         non_examples=("More than 100 people died.", "More")),
    Rule("related_links.read_more_link", "related_links",
         _re(r"^(?:read more|read also|also read|see also|related(?: \w+)?|recommended|watch|listen|"
             rf"buyer'?s guide|next up|up next|trending|most read|popular|see more|{_READ_ALSO})\s*(?::|»|>>|–|—|-|\|)\s*\S|"
             r"^also on [\w-]+\.[a-z]{2,}\b"),
         max_words=30,
         examples=("Read more: Iran held talks with Afghan Taliban", "Also read: Russia ready to help",
                   "Related Roundup: MacBook Pro", "Buyer's Guide: MacBook Pro (Buy Now)",
                   "SEE MORE: Lexus LC500 review", "Also on rt.com Iran says talks will go on",
                   "Lesen Sie auch: Warum Bahnfahren so teuer ist", "À lire aussi : Les prix en hausse",
                   "Lee también: Cuánto sube la pensión", "Leggi anche: Il Colosseo apre di notte",
                   "Leia também: Tarifa sobe em janeiro", "Lees ook: Tarieven stijgen", "Läs också: Så mycket kostar det",
                   "Czytaj także: Nowe linie tramwajowe", "Читайте также: Минфин предложил новые правила",
                   "Also Read | RBI keeps repo rate unchanged",
                   "Čtěte také: Nové tramvajové linky"),
         non_examples=("Read more carefully, the judge told the court.",
                       "Lesen Sie auch die Stellungnahme des Ministers, empfahl sie.",
                       "Lire aussi les rapports précédents permet de comprendre la crise.",
                       "Lees ook de brief van de minister, zei hij.",
                       "More - much more - is needed to protect the reef, scientists say.")),

    # The publisher talking about itself.
    Rule("publisher_blurb.about", "publisher_blurb",
         _re(r"\b(?:this article (?:is|was) (?:written|prepared|produced|published)|written and prepared by our|"
             r"^catch all the \w+ news\b.{0,200}\bupdates on\b|^download (?:the|our) \S+(?: \S+){0,3} app to get\b|"
             r"(?:edited|published) by \w+ staff|breaking news source|real-time coverage of|"
             r"is an? (?:independent |leading |award-winning )?(?:news|media) (?:source|organi[sz]ation|outlet|website|company|site)\b|"
             r"this (?:story|article) (?:was )?(?:originally )?(?:appeared|published) (?:on|in)|"
             r"(?:this|the) (?:story|article) was (?:originally )?published by|"
             # the print edition's note and the opinion pages' disclaimer
             r"^a version of this (?:article|story) appears? in print\b|"
             r"^the views (?:and opinions )?expressed (?:in this|here)\b.{0,80}\b(?:author|writer)s?(?:'s|’s)?\b|"
             r"^les tribunes publiées n['’]engagent que leurs auteurs|"
             r"^(?:die )?(?:gastbeiträge|meinungsbeiträge) geben (?:die|nicht)\b|"
             r"^las opiniones (?:expresadas|vertidas) (?:en (?:este|esta)\b.{0,40})?son (?:de )?(?:exclusiva )?responsabilidad)"),
         max_words=60,
         examples=("This article is written and prepared by our foreign editors writing for OBSERVATORY NEWS.",
                   "OBSERVATORY NEWS — Breaking news source, real-time coverage of the world’s events.",
                   "This story originally appeared on Grist.",
                   "A version of this article appears in print on Feb. 20, 2024, Section B, Page 11 of the New York edition.",
                   "Les tribunes publiées n'engagent que leurs auteurs.",
                   "Catch all the Business News, Market News and Latest News Updates on Live Mint.",
                   "The views expressed in this article are the author's own."),
         non_examples=("The report was prepared by independent auditors, the ministry said.",
                       "A version of the bill passed the Senate on Monday.")),

    # Legal footers.
    Rule("legal_footer.rights", "legal_footer",
         _re(rf"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*(?:\d{{4}}|by\b))|\b(?:{_RIGHTS})\.?(?:\s*©)?$|"
             r"^terms (?:of|and) (?:use|service|conditions)(?:\s*[|·•,:]|\.?$)|"
             r"^privacy (?:policy|notice|statement)(?:\s*[|·•,:]|\.?$)|^our standards(?:\s*[|·•,:]|\.?$)|"
             rf"^(?:{'|'.join(FOOTER_LINKS)})(?:\s*[|·•]\s*\w[\w ]*)*$"),
         max_words=30,
         examples=("Our Standards, Terms of Use: Standard Terms And Conditions.", "© 2019 Reuters. All rights reserved.",
                   "Privacy Policy | Terms of Service", "About Us | Careers | Sitemap", "Datenschutz",
                   "Datenschutzerklärung", "Impressum | Datenschutz", "Mentions légales", "Aviso legal", "Note legali",
                   "Privacyverklaring", "Alle Rechte vorbehalten", "Tous droits réservés", "Riproduzione riservata ©",
                   "Todos los derechos reservados.", "© 2023 Het Stadsblad. Alle rechten voorbehouden.",
                   "© Dagens Stad 2018", "© Tagesblatt 2018 – Alle Rechte vorbehalten",
                   "© Il Corriere Cittadino 2022 - Riproduzione riservata"),
         non_examples=("The company changed its privacy policy last year after regulators in Europe objected to it.",
                       "Our standards for food safety are among the highest in Europe, the minister said.",
                       "Privacy policy changes at Facebook were criticised by regulators on Tuesday.",
                       "Copyright lawsuits against AI companies have multiplied this year.",
                       "All rights reserved under the 1998 treaty will be honoured, the court said.",
                       "Datenschutz ist für die Regierung kein Fremdwort, sagte die Ministerin.",
                       "Alle Rechte vorbehalten hat sich der Verlag in dem Vertrag.",
                       "Les mentions légales du site ont été modifiées lundi.",
                       "Riproduzione riservata delle opere è un diritto dell'autore.")),

    Rule("legal_footer.disclaimer", "legal_footer",
         _re(r"\b(?:are (?:registered )?trademarks of|is a (?:registered )?trademark of|"
             r"not been evaluated by the food and drug administration|"
             r"may not be (?:published|reproduced|copied),? (?:broadcast|distributed|rewritten)|"
             r"quotes (?:are )?delayed (?:at least|by) \d+ minutes|"
             r"^the information (?:provided |contained )?(?:on|in) this (?:web ?site|site|page)|"
             r"^(?:disclaimer|legal notice)\b)"),
         max_words=90,
         examples=("Apple logo, Apple TV, App Store and iPhone are registered trademarks of Apple Inc.",
                   "This material may not be published, broadcast, rewritten, or redistributed.",
                   "Quotes delayed at least 15 minutes. Real-time quotes provided by BATS.",
                   "The information provided on this website is for educational purposes only."),
         non_examples=("The company said the information in the report was accurate.",)),

    # Contact lines and obfuscated addresses.
    Rule("contact.line", "contact",
         _re(r"^(?:contact(?: us)?|e-?mail(?: us)?|write to us|send (?:us )?(?:your )?(?:a )?(?:news )?tips?|"
             r"got a (?:news )?tip|reach (?:us|the author|the reporter))\b.{0,80}(?:@|\[email\s*protected\])|"
             r"^\[email\s*protected\]$|^(?:contact(?: us)?|e-?mail(?: us)?|(?:news )?tips?)\s*[.:]?$|"
             r"^(?:have|got) a (?:news )?tip\b.{0,100}(?:@|\d{3})|"
             r"\b(?:may|can) be (?:reached|contacted) (?:at|via|on) \S*(?:@|\d)|"
             # a press release's contact block: 'Pressekontakt: Sabine Kraus, ... presse@...'
             r"^(?:press|media) (?:contacts?|inquiries|enquiries|relations)\s*:|^pressekontakt\s*:|"
             r"^(?:kontakt für (?:die )?medien|contact presse|contacts? médias?|contacto de prensa|"
             r"contatto stampa|contatti stampa|contato (?:para a )?imprensa|perscontact|kontakt dla mediów|"
             r"pressekontakt|medienkontakt)\s*:"),
         max_words=25,
         examples=("Contact us: [email protected]", "[email protected]", "Email the author at jane@example.com",
                   "Have a tip? Jane Smith may be reached at jane@example.com",
                   "Contact us", "Pressekontakt: Sabine Kraus, Unternehmenskommunikation Telefon: 0341 555 123",
                   "Media contact: Jane Smith, +1 555 0100, press@example.org"),
         non_examples=("Contact between the two sides has been limited since 2017.",
                       "The summit can be reached by a three-hour hike from the village.",
                       "Tips for staying safe during the heatwave include the following:",
                       "Contact tracing apps were used by millions during the pandemic:")),

    # Cookie notices.
    Rule("cookie_notice.consent", "cookie_notice",
         _re(r"\b(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies|"
             r"cookie (?:settings|preferences|policy)|by (?:continuing to use|using) this (?:site|website)|"
             rf"{_COOKIE_FOREIGN})\b"),
         max_words=80,
         examples=("We use cookies to improve your experience. Accept all cookies",
                   "By continuing to use this site you agree to our use of cookies.",
                   "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie zu.",
                   "Ce site utilise des cookies pour améliorer votre expérience.",
                   "Utilizamos cookies propias y de terceros.", "Questo sito utilizza cookie tecnici.",
                   "Este site utiliza cookies.", "Deze website gebruikt cookies.",
                   "Vi använder cookies för att ge dig en bättre upplevelse.",
                   "Kami menggunakan cookie untuk meningkatkan pengalaman Anda. Setuju",
                   "Мы используем файлы cookie, чтобы сайт работал лучше.",
                   "Web sitemizde çerezler kullanılmaktadır."),
         non_examples=("The bakery sold cookies to the troops at the base.",
                       "Die Bäckerei verkaufte Cookies an die Soldaten.",
                       "La boulangerie vend des cookies aux enfants du quartier.")),

    # The consent manager's dialog a page carries whole (its categories, buttons and the
    # privacy law's notice), which a scraper renders with the page's text.
    Rule("cookie_notice.consent_manager", "cookie_notice",
         _re(r"^(?:(?:strictly necessary|necessary|essential|functional|functionality|performance|targeting|"
             r"analytics|analytical|advertising|marketing|social media|preference|statistics) cookies|"
             r"manage (?:consent )?preferences|allow all(?: cookies)?|reject all(?: cookies)?(?: confirm my choices)?|"
             r"confirm my choices|always active|cookie list|vendor list|save (?:my )?(?:settings|preferences)|"
             r"(?:unbedingt )?erforderliche cookies|cookies strictement nécessaires|cookies estrictamente necesarias|"
             r"cookie strettamente necessari|strikt nødvendige cookies|nödvändiga cookies)$|"
             r"^(?:these|diese|ces|estas|questi|deze|dessa|disse) cookies? (?:are|allow|enable|may|help|collect|do not|"
             r"record|track|sind|ermöglichen|werden|permettent|sont|nous|permiten|son|consentono|sono|zijn|maken)\b|"
             r"\bwhen you visit (?:our|any) web ?site, (?:we|it) (?:may )?store\b|"
             r"\b(?:california consumer privacy act|if you are a california (?:consumer|resident)|"
             r"sale of your personal (?:information|data)|opting[- ]out may not mean)\b|"
             r"\bprivacy controls on your browser\b"),
         max_words=150,
         examples=("Strictly Necessary Cookies", "Manage Consent Preferences", "Reject All Confirm My Choices",
                   "These cookies are necessary for the website to function and cannot be switched off in our systems.",
                   "When you visit our website, we store cookies on your browser to collect information.",
                   "If you are a California consumer, you have the right, at any time, to direct a business that "
                   "sells your personal information to third parties to not sell your personal information.",
                   "Diese Cookies ermöglichen es uns, Besuche zu zählen.", "Always Active"),
         non_examples=("The regulator said the cookies let advertisers follow users from site to site.",
                       "These cookies were baked by pupils of the village school for the fair.",
                       "Essential workers were exempt from the curfew.")),
    # Log-in, paywall and app prompts.
    # A paywall's offer and its log-in prompt: 'Abonnez-vous pour 1 € le premier mois.'
    Rule("navigation.subscription_offer", "navigation",
         _re(r"^(?:(?:[^.?!]{0,40}[?!]\s*)?(?:subscribe|abonnez-vous|abonnieren sie|jetzt abonnieren|abbonati|"
             r"suscríbete|assine|prenumerera|läs vidare|lesen sie weiter|lire la suite|continua a leggere|"
             r"zostań subskrybentem|start your (?:free )?trial)\b.{0,80}"
             r"(?:\d+(?:[.,]\d+)?\s*(?:€|\$|£|kr|zł|euros?)|[€$£]\s*\d|first month|premier mois|ersten monat|"
             r"primo mese|primer mes|första månaden|pierwszy miesiąc).{0,60}|"
             r"(?:déjà abonné|bereits abonnent(?:in)?|già abbonato|¿ya eres suscriptor|redan prenumerant|"
             r"já é assinante|al abonnee)\s*\??\s*(?:[.:]\s*)?(?:.{0,80})?)$"),
         max_words=40,
         examples=("Cet article vous a plu ? Abonnez-vous pour 1 € le premier mois.",
                   "Redan prenumerant? Logga in.", "Subscribe for $1 a week", "Abbonati a 1€ al mese",
                   "Déjà abonné ? Se connecter"),
         non_examples=("Subscribers paid €5 a month more after the price rise, the company said.",
                       "Readers who subscribe to the newspaper will pay 10 € more from March.")),
    # The link that lets a keyboard or screen-reader user jump past the menu, often a dump's
    # first line ('Zum Inhalt springen', 'Ana içeriğe atla', 'Hopp til hovedinnholdet').
    Rule("navigation.skip_link", "navigation", test=lambda t: bool(_SKIP_LINK.match(t)), gate=(_SKIP_LINK_WORD,),
         max_words=6,
         examples=("Skip to main content", "Skip to content", "Zum Inhalt springen", "Zum Inhalt der Seite",
                   "Direkt zum Inhalt", "Aller au contenu principal", "Ir al contenido", "Pular para o conteúdo",
                   "Vai al contenuto", "Naar de inhoud", "Hopp til hovedinnholdet", "Hoppa till innehållet",
                   "Przejdź do treści", "Перейти к содержанию", "Ana içeriğe atla", "본문 바로가기", "跳到主要内容",
                   "メインコンテンツへスキップ", "דלג לתוכן"),
         non_examples=("Skip to the end: the council voted no.", "Zum Inhalt des Vertrags äußerte sich niemand.",
                       "Ir al contenido de la ley no fue fácil.")),
    Rule("navigation.account", "navigation",
         _re(r"^(?:sign in|log in|login|register|my account|subscribe(?: now)?|sign in\s*/?\s*register|"
             r"subscribe\s*/?\s*sign in|create (?:an )?account|already a subscriber\??.*|download (?:our|the) app.*|"
             r"skip to (?:main )?content|skip to navigation|menu|search|close|open menu|toggle navigation|"
             r"view (?:blog|profile|all posts|all articles|author(?:'s)? posts)|all posts by \S+(?: \S+)?|"
             rf"back to top|home|print edition|video|more|x|{'|'.join(NAVIGATION_WORDS)})[.!]?$"),
         examples=("Sign In", "Subscribe Sign In".replace(" Sign", " / Sign"), "Skip to content", "Back to top", "Menu",
                   "Menü", "Menú", "Suche", "Rechercher", "Buscar", "Cerca", "Zoeken", "Anmelden", "Se connecter",
                   "Iniciar sesión", "Accedi", "Download PDF", "PDF herunterladen", "Télécharger le PDF", "View Blog",
                   "View all posts"),
         non_examples=("Sign in to the system was disabled for all users after the breach.",
                       "Die Suche nach den Vermissten wurde am Montag fortgesetzt.",
                       "Cerca de mil personas se manifestaron en Madrid.",
                       "Anmelden können sich Interessierte bis Freitag im Rathaus.",
                       "Download the PDF of the ruling from the court's website, the lawyers said.")),
    # The name of an icon whose font draws it, left as text when the page is rendered without
    # the font ('chevron-right', 'arrow_forward', 'expand_more').
    Rule("navigation.icon_name", "navigation",
         _cs(r"^(?:(?:keyboard_)?(?:chevron|arrow|caret|angle|navigate)[_-](?:right|left|up|down|forward|back|"
             r"upward|downward|next|before|circle)|expand[_-](?:more|less)|more[_-](?:vert|horiz)|"
             r"open[_-]in[_-]new|play[_-]arrow|arrow[_-]drop[_-](?:down|up))(?:[_-](?:alt|ios|outline|small|large))?$"),
         examples=("chevron-right", "arrow_forward", "expand_more", "keyboard_arrow_down", "more_vert", "open_in_new"),
         non_examples=("Chevron-right turns are banned at the junction.", "arrow", "forward")),
    # A menu printed on one line; at the page's edges only (a short table row inside the
    # article stays).
    Rule("navigation.menu_line", "navigation", _re(r"[|·•/›»>]"), test=is_menu_line, position=EDGES,
         examples=("Home | World | Politics | Sport", "News · Sport · Weather · Culture", "Startseite | Politik | Wirtschaft",
                   "Home > News > Education > Schools"),
         non_examples=("Flood defences hold along the river | Local News | The Times", "Home | The Daily News",
                       "Q&A: what the new rules mean / and what they do not")),
)

RULES_BY_NAME = {rule.name: rule for rule in RULES}

# --- context rules: decisions on a block where it sits --------------------------------------
# A phrase rule reads a line alone. A context rule decides from the line *and* where it sits
# (`Context`): its `test(block, context)` is the very decision the labeller calls, its
# thresholds are named fields, and its examples are (text, context) pairs run through the
# same `test`, so they prove what the labeller does.

# Where a block sits relative to the article's first and last paragraph.
BEFORE, FIRST, BETWEEN, LAST, AFTER = "before", "first", "between", "last", "after"


def where(index: int, first: int, last: int) -> str:
    """`BEFORE`, `FIRST`, `BETWEEN`, `LAST` or `AFTER` the article's first/last paragraph.

    >>> where(2, 2, 9), where(5, 2, 9), where(10, 2, 9)
    ('first', 'between', 'after')
    """
    if index < first:
        return BEFORE
    if index == first:
        return FIRST
    if index < last:
        return BETWEEN
    return LAST if index == last else AFTER


@dataclass(slots=True)
class Context:
    """What a context rule sees besides the block's text. The labeller fills in what it
    knows; the defaults describe a line alone, after the article, on a page with no links.

    Read-only by convention, not frozen: the labeller makes one per open line of every page,
    and a frozen dataclass's constructor costs four times as much (measured: 3.7 µs to 0.9 µs)."""

    where: str = AFTER               # relative to the article's first and last paragraph
    in_region: bool = False          # inside the run of lines taken as the article (text mode:
                                     # the region search; HTML: what the extractor kept)
    article_line: bool = False       # a line the labeller keeps as the article's unless a rule
                                     # takes it (between the first and last paragraph, or prose above)
    drop_repeats: bool = False       # repeated lines inside the region are furniture (text mode)
    repeats: int = 1                 # lines of the page with the same words, this one included
    after_comments: bool = False     # below the head of the page's comment section
    following: str = ""              # the next two lines' text (given between the article's
                                     # paragraphs, the one place a name caption can be)
    title_key: str | None = None     # the headline's words (`norm_key`), once it is known
    replaced_title: bool = False     # the page title a headline printed lower down replaced
    headline_below: bool = False     # the page title, its headline printed again lower down
    link_keys: frozenset[str] = frozenset()  # the page's link texts of two words or more (HTML)
    in_teaser_box: bool = False      # in a run of link lines between paragraphs (HTML)
    description_key: str = ""        # the page's meta description's words (HTML)
    standfirst_found: bool = False   # an earlier line was already taken as the standfirst (HTML)
    authors: tuple[str, ...] = ()    # the page's author names, case-folded (HTML)
    figcaption: bool = False         # the text of a <figcaption> (HTML)
    figure_link: bool = False        # ... whose figure links to another page, or which is all link text
    gallery_slide: bool = False      # a slide of a gallery run ('3/50 ...', see `GalleryCaption`)
    comment_area: bool = False       # inside an element whose class or id names a comment section (HTML)


NO_CONTEXT = Context()


@dataclass(frozen=True)
class ContextRule:
    """A named decision on a block in its context; subclasses define `test` and their thresholds."""

    name: str
    kind: str
    examples: tuple[tuple[str, Context], ...] = ()
    non_examples: tuple[tuple[str, Context], ...] = ()
    position: str = ANYWHERE
    pattern: ClassVar[re.Pattern | None] = None  # the shapes a context rule reads live in pipeline.shapes

    def __post_init__(self) -> None:
        registered_kind(self.kind)  # a rule with a misspelt kind fails at import

    def test(self, block, context: Context) -> bool:
        """Whether `block` (a `pipeline.text.Block`) gets this rule's kind where it sits."""
        raise NotImplementedError

    def matches(self, text: str, words: int | None = None, context: Context = NO_CONTEXT) -> bool:
        """`test` on a block made of `text` alone (examples, and lines outside the labeller)."""
        from .text import make_block  # late: pipeline.text imports this module

        return self.test(make_block(text, words), context)


@dataclass(frozen=True)
class DuplicateTitle(ContextRule):
    """The headline printed again (its words, once the headline is known), or the page title
    that a headline printed lower down replaced."""

    def test(self, block, context: Context) -> bool:
        return context.replaced_title or (context.title_key is not None and block.key == context.title_key)


@dataclass(frozen=True)
class PageTitleWithSite(ContextRule):
    """The page's <title>: the headline and the site's name after a separator, either split off
    by `split_site_suffix` or shown by the headline being printed again lower down."""

    def test(self, block, context: Context) -> bool:
        if context.headline_below and SITE_SUFFIX.search(block.text):
            return True
        return split_site_suffix(block.text)[1] is not None


@dataclass(frozen=True)
class NameCaption(ContextRule):
    """A line that is only a person's name between two paragraphs, named again in the next
    lines: the caption of the person's portrait."""

    following_lines: int = 2  # how many lines after it must name the person

    def test(self, block, context: Context) -> bool:
        return (context.in_region and context.where == BETWEEN and is_person_name(block.text)
                and block.text.rstrip(",") in context.following)


@dataclass(frozen=True)
class RepeatedLine(ContextRule):
    """A line the page prints several times: inside the article (text mode) only often, since a
    gallery's caption or a widget's placeholder repeats but paragraphs do not; outside it, any
    short line printed twice (menus printed in header and footer)."""

    min_repeats_in_article: int = 3
    min_repeats: int = 2
    max_words: int = 6

    def test(self, block, context: Context) -> bool:
        if (context.drop_repeats and context.in_region and context.repeats >= self.min_repeats_in_article
                and block.key):
            return True
        return (not context.article_line and context.repeats >= self.min_repeats
                and block.words <= self.max_words)


@dataclass(frozen=True)
class CommentSection(ContextRule):
    """Prose below the head of the page's comment section: a reader's comment."""

    def test(self, block, context: Context) -> bool:
        return not context.article_line and context.after_comments and block.is_prose


@dataclass(frozen=True)
class OutsideByLength(ContextRule):
    """A line outside the article, told by its length (words as `count_words` counts them,
    scripts without spaces too): menu items, teaser headlines, other stories' summaries."""

    min_words: int = 0
    max_words: int | None = None

    def test(self, block, context: Context) -> bool:
        return (not context.article_line and block.words >= self.min_words
                and (self.max_words is None or block.words <= self.max_words))


_CREDIT_ONLY_SHAPE = re.compile(r"^\W*©")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")


@dataclass(frozen=True)
class Figcaption(ContextRule):
    """The text of a page's <figcaption> (the teaser and gallery-count rules go first)."""

    def test(self, block, context: Context) -> bool:
        return context.figcaption and bool(block.text.strip())


# Class and id words of a reader-comment section, in the languages the extractor's own
# ('comment', which also finds 'commentaires', 'commenti') misses. Data: add a language here.
COMMENT_AREA_WORDS = ("kommentar", "komentarz", "komentář", "comentario", "comentário", "reacties", "kommentit",
                      "yorum", "hozzászól")
COMMENT_AREA = re.compile("|".join(COMMENT_AREA_WORDS), re.IGNORECASE)


@dataclass(frozen=True)
class CommentArea(ContextRule):
    """A line inside a reader-comment section the page marks by name ('kommentare',
    'komentarze', 'comentarios'): a reader's comment or the section's furniture."""

    def test(self, block, context: Context) -> bool:
        return context.comment_area and bool(block.text.strip())


@dataclass(frozen=True)
class TeaserFigcaption(ContextRule):
    """A short <figcaption> of a figure that links to another story: that story's headline."""

    max_words: int = 30

    def test(self, block, context: Context) -> bool:
        return (context.figcaption and context.figure_link and 0 < block.words <= self.max_words
                and not _CREDIT_ONLY_SHAPE.search(block.text))


@dataclass(frozen=True)
class LinkLine(ContextRule):
    """A short line, no sentence, that is the whole text of one of the page's links: outside
    the prose, or in a box of such lines between paragraphs, it is a teaser for another story."""

    max_words: int = 25
    teaser_box_lines: int = 2  # link lines in a row that make a teaser box between paragraphs

    def link_text(self, block, link_keys: frozenset[str]) -> bool:
        """The line is a link's whole text and reads like no sentence."""
        return block.words <= self.max_words and not CLAUSE_END.search(block.text) and block.key in link_keys

    def test(self, block, context: Context) -> bool:
        return ((context.where in (BEFORE, AFTER) or context.in_teaser_box)
                and self.link_text(block, context.link_keys)
                and not _URL.match(block.text))  # a URL printed as itself is the author's text


@dataclass(frozen=True)
class MetaDescription(ContextRule):
    """A line at the top, no sentence, that is the page's description word for word: the
    standfirst (a description that only starts the line is a lead cut short)."""

    min_words: int = 4

    def test(self, block, context: Context) -> bool:
        key = block.key
        return (context.where in (BEFORE, FIRST) and not context.standfirst_found
                and not CLAUSE_END.search(block.text) and bool(context.description_key)
                and len(key.split()) >= self.min_words and key == context.description_key)


@dataclass(frozen=True)
class AuthorLine(ContextRule):
    """A short line before or after the prose that names one of the page's authors."""

    max_words: int = 15

    def test(self, block, context: Context) -> bool:
        return (context.where in (BEFORE, AFTER) and block.words <= self.max_words
                and any(name in block.text.casefold() for name in context.authors))


# A gallery slide's counter and title, 'number/total title' ('3/50 Harbour cranes repainted').
GALLERY_SLIDE = _cs(r"^(\d{1,3}) ?/ ?(\d{1,3}) +([A-Z0-9„“\"‘'«¿¡]\S*.*)$")


@dataclass(frozen=True)
class GalleryCaption(ContextRule):
    """A slide of a picture gallery printed inside the article: a run of 'number/total title'
    lines with one total and rising numbers, a few lines apart, each with the lines that
    describe and credit its picture (`pipeline.html` groups them; '24/7' alone is no counter)."""

    min_slides: int = 3
    max_gap: int = 4  # lines from one slide's counter to the next: title, text, credit

    def counter(self, text: str) -> re.Match | None:
        """The slide counter opening a line: (number, total, title)."""
        match = GALLERY_SLIDE.match(text)
        return match if match and 0 < int(match.group(1)) <= int(match.group(2)) else None

    def test(self, block, context: Context) -> bool:
        return context.gallery_slide and bool(block.text.strip())


@dataclass(frozen=True)
class RepeatedParagraph(ContextRule):
    """A paragraph the page prints again inside the article, a copy the extractor left out
    (trafilatura keeps one of a run of identical paragraphs): recorded, not lost. `repeats`
    counts the copies inside the article; a short line printed again is furniture, not this."""

    min_repeats: int = 2
    min_words: int = 7

    def test(self, block, context: Context) -> bool:
        return context.in_region and context.repeats >= self.min_repeats and block.words >= self.min_words


def _ctx(**fields) -> Context:
    return Context(**fields)


_OUTSIDE = _ctx()
_ARTICLE = _ctx(in_region=True, where=BETWEEN, article_line=True)
# Capital letters of the Latin, Greek and Cyrillic alphabets (a dateline's place is printed in them).
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽΑ-ΩА-ЯЁЄІЇҐ"

CONTEXT_RULES: tuple[Rule | ContextRule, ...] = (
    # Words split on spaces: a headline in a script written without spaces is one long "word"
    # (counted by characters, long Chinese headlines would fail the limit and be lost).
    Rule("head.title", "title", test=lambda t: 0 < len(t.split()) <= 30 and not t.rstrip().endswith("."),
         position=HEAD,
         examples=("Iran held talks with Afghan Taliban amid peace push",),
         non_examples=("The Taliban is still angling for a complete withdrawal of U.S. troops in Afghanistan.",)),
    DuplicateTitle(
        "head.duplicate_title", "duplicate_title",
        examples=(("Iran held talks with Afghan Taliban amid peace push!",
                   _ctx(title_key="iran held talks with afghan taliban amid peace push")),
                  ("Talks in Doha | The Daily News", _ctx(replaced_title=True))),
        non_examples=(("Iran held talks with the Taliban", _ctx(title_key="iran held talks with afghan taliban")),
                      ("Iran held talks with Afghan Taliban", _OUTSIDE))),
    PageTitleWithSite(
        "head.page_title_with_site", "duplicate_title", position=HEAD,
        examples=(("New York State Attorney General reportedly investigating WeWork – TechCrunch", _OUTSIDE),
                  ("Taliban talks resume in Doha - officials", _ctx(headline_below=True))),
        non_examples=(("Iran held talks with Afghan Taliban amid peace push", _ctx(headline_below=True)),
                      ("Taliban talks resume in Doha - officials", _OUTSIDE))),
    # A label over the headline on a dump's first line, or the site's name ('Grand format'),
    # told by the headline, standfirst and byline under it (`pipeline.text._headline_under_kicker`).
    Rule("head.kicker", "navigation", test=lambda t: 0 < count_words(t) <= 7 and not t.rstrip().endswith("."),
         position=HEAD,
         examples=("Sanierung der Hauptstrecken", "Le Courrier de l'Ouest"),
         non_examples=("The council met on Monday to discuss the budget.",)),
    Rule("head.subtitle", "subtitle", test=lambda t: 6 <= count_words(t) <= 60, position=HEAD,
         examples=("Ali Shamkhani, secretary of Iran's Supreme National Security Council, announced the meeting",),
         non_examples=("3 min read",)),
    Rule("head.dateline", "dateline",
         _cs(rf"^((?:[{_UPPER}][{_UPPER}.'’-]+,?\s+){{0,5}}[{_UPPER}][{_UPPER}.'’-]+,?(?:\s+[{_UPPER}][a-z]+\.?)?"
             rf"(?:,?\s+[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}|,\s+\d{{1,2}}\s+[a-z]{{3,10}}\.?)?"
             rf"(?:\s*\([{_UPPER}a-z .&/-]{{2,40}}\))?"
             # 'Jakarta (ANTARA) -': a place in title case before an agency in capitals
             rf"|[{_UPPER}][^\W\d_]+(?:\s+[{_UPPER}][^\W\d_]+){{0,2}}\s*\([{_UPPER}][{_UPPER}a-z]{{1,9}}\))"
             rf"\s*\.?(?:[—–]|-{{1,2}})\s+(?=[\"“‘'0-9{_UPPER}])"),
         examples=("UNITED STATES, WASHINGTON (OBSERVATORY) — Russia expressed a desire to help.",
                   "WASHINGTON (Reuters) - The Senate voted on Tuesday.", "LONDON — Prices rose.",
                   "NEW YORK, Nov. 20 (Reuters) - Stocks rose on Wednesday.",
                   "MÜNCHEN (dpa) - Die Stadt hat am Montag neue Radwege beschlossen.",
                   "SÃO PAULO — A prefeitura anunciou novas linhas de ônibus.",
                   "İSTANBUL (AA) - Belediye yeni otobüs hatlarını açıkladı.",
                   "Jakarta (ANTARA) - Pemerintah meresmikan jalan tol baru pada Senin.",
                   "Brasília (ABr) - O governo anunciou o novo plano nesta segunda-feira.",
                   "MADRID, 12 mar (EFE).- El Gobierno aprobó el martes el nuevo plan."),
         non_examples=("U.S. officials told Newsweek last month that a deal was near.",
                       "The Taliban — and its allies — refused.",
                       "NATO — the alliance founded in 1949 — is under strain.")),
    Rule("head.byline_label", "byline", test=is_byline_label, position=HEAD,
         examples=("Von", "By", "Author of the article:", "Autor:", "Kommentar von", "Eine Analyse von"),
         non_examples=("Von der Leyen", "Authorities", "Kommentar")),
    Rule("head.byline_name", "byline", test=is_bare_name_line, position=HEAD,
         examples=("Jody Robbins", "Michelle de Oliveira", "Daniel Großert Redakteur"),
         non_examples=("Complex history", "26 December, 2018", "Published Updated", "Jane Smith Follow")),
    NameCaption(
        "context.name_caption", "caption", position=INSIDE,
        examples=(("John W. Nicholson", _ctx(in_region=True, where=BETWEEN,
                                              following="John W. Nicholson, the commander, said the talks were useful.")),),
        non_examples=(("John W. Nicholson", _ctx(in_region=True, where=BETWEEN, following="The talks went on.")),
                      ("John W. Nicholson", _ctx(where=AFTER, following="John W. Nicholson said so.")),
                      ("Complex history", _ctx(in_region=True, where=BETWEEN, following="Complex history matters.")))),
    CommentSection(
        "context.comment_section", "comment",
        examples=(("It’s a good thing we have no fans left because this is a dumpster fire.", _ctx(after_comments=True)),),
        non_examples=(("Reply", _ctx(after_comments=True)),
                      ("It’s a good thing we have no fans left because this is a dumpster fire.", _OUTSIDE))),
    OutsideByLength(
        "context.menu_item", "navigation", max_words=6,
        examples=(("Business", _OUTSIDE), ("Tech/WSJ.D", _OUTSIDE), ("Real Time Economics", _OUTSIDE)),
        non_examples=(("This is a longer line that reads like a sentence of prose.", _OUTSIDE),
                      ("政府は新たな経済対策を来週にも取りまとめる方針です", _OUTSIDE),  # 13 words, one without spaces
                      ("Business", _ARTICLE))),
    # The headline a 'Related' box between two paragraphs shows (`pipeline.text._past_inline_link`).
    Rule("related_links.box_headline", "related_links",
         test=lambda t: 0 < count_words(t) <= 25 and not SENTENCE_END.search(t),
         examples=("Cyclists call for safer junctions on the ring road",),
         non_examples=("The lanes will operate from 7am to 7pm on weekdays, the council said.",)),
    OutsideByLength(
        "context.teaser_headline", "related_links", min_words=7, max_words=25,
        examples=(("Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play", _OUTSIDE),
                  ("政府は新たな経済対策を来週にも取りまとめる方針です", _OUTSIDE)),
        non_examples=(("Business", _OUTSIDE),
                      ("Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play", _ARTICLE))),
    OutsideByLength(
        "context.off_article_text", "off_article", min_words=26,
        examples=(("A long paragraph outside the article, such as a reader comment or the summary of another "
                   "story that the page lists under the article with a picture and a link to it.", _OUTSIDE),),
        non_examples=(("Business", _OUTSIDE),)),
    RepeatedLine(
        "context.repeated_block", "navigation",
        examples=(("Share", _ctx(repeats=2)),
                  ("External content not available", _ctx(in_region=True, article_line=True, drop_repeats=True,
                                                           repeats=3))),
        non_examples=(("Share", _OUTSIDE), ("Share", _ctx(repeats=2, article_line=True, in_region=True)),
                      ("A quote the article prints twice, long enough to be a sentence.", _ctx(repeats=2)))),
)

# HTML-only context rules: decided by `pipeline.html` from the page's structure (links,
# <figcaption>, the meta description, the page's authors, gallery runs).
HTML_RULES: tuple[Rule | ContextRule, ...] = (
    Figcaption(
        "html.figcaption", "caption",
        examples=(("Protesters in Hong Kong on Monday. Photo: Reuters", _ctx(figcaption=True)),),
        non_examples=((" ", _ctx(figcaption=True)), ("Protesters in Hong Kong on Monday.", _OUTSIDE))),
    CommentArea(
        "html.comment_area", "comment",
        examples=(("Heike schrieb: Sehr schade, der Butterkuchen war der beste weit und breit.",
                   _ctx(comment_area=True)),),
        non_examples=(("Heike schrieb: Sehr schade, der Butterkuchen war der beste weit und breit.", _OUTSIDE),
                      (" ", _ctx(comment_area=True)))),
    TeaserFigcaption(
        "html.teaser_figcaption", "related_links",
        examples=(("Council approves the new ferry timetable", _ctx(figcaption=True, figure_link=True)),),
        non_examples=(("© BELGA", _ctx(figcaption=True, figure_link=True)),
                      ("Council approves the new ferry timetable", _ctx(figcaption=True)))),
    Rule("html.gallery_count", "navigation",
         _re(r"^(?:(?:slide ?show|gallery|photo gallery|galerie|bildergalerie|fotostrecke|fotogalerie|galería|"
             r"galleria|diaporama)\s*[(:]?\s*\d{1,4}\s*(?:images?|photos?|pictures?|slides?|bilder|fotos|imágenes|"
             r"immagini)?\s*\)?|\d{1,4}\s+(?:images?|photos?|pictures?|bilder|fotos))$"),
         examples=("Slideshow ( 15 images )", "Gallery: 9 photos", "Fotostrecke (12 Bilder)", "14 Photos"),
         non_examples=("The gallery reopened after 15 months.",)),
    GalleryCaption(
        "html.gallery_caption", "caption",
        examples=(("Harbour cranes get a new coat of paint. Workers on the quay.", _ctx(gallery_slide=True)),),
        non_examples=(("24/7 support is available to every customer of the bank.", _OUTSIDE),)),
    LinkLine(
        "html.link_line", "related_links",
        examples=(("Russia: Israeli strikes on Syria wrong move",
                   _ctx(where=AFTER, link_keys=frozenset({"russia israeli strikes on syria wrong move"}))),
                  ("Russia: Israeli strikes on Syria wrong move",
                   _ctx(where=BETWEEN, in_teaser_box=True,
                        link_keys=frozenset({"russia israeli strikes on syria wrong move"})))),
        non_examples=(("The talks will continue today, the spokesman said.",
                       _ctx(where=AFTER, link_keys=frozenset({"the talks will continue today the spokesman said"}))),
                      ("Russia: Israeli strikes on Syria wrong move",
                       _ctx(where=BETWEEN, link_keys=frozenset({"russia israeli strikes on syria wrong move"}))),
                      ("Russia: Israeli strikes on Syria wrong move", _ctx(where=AFTER)))),
    MetaDescription(
        "html.meta_description", "subtitle",
        examples=(("The home-improvement retailer earned $2.8 billion in the third quarter",
                   _ctx(where=BEFORE, description_key="the home improvement retailer earned 2 8 billion in the "
                                                      "third quarter")),),
        non_examples=(("Iran has met with the Afghan Taliban, a top official said.",
                       _ctx(where=BEFORE, description_key="iran has met with the afghan taliban a top official said")),
                      ("The home-improvement retailer earned $2.8 billion",
                       _ctx(where=BEFORE, description_key="the home improvement retailer earned 2 8 billion in the "
                                                          "third quarter")))),
    AuthorLine(
        "html.author_line", "byline",
        examples=(("Sarah E. Needleman", _ctx(where=BEFORE, authors=("sarah e. needleman",))),),
        non_examples=(("A long line that names the author somewhere in the middle of a sentence, "
                       "which is body text and not a byline at all: Sarah E. Needleman.",
                       _ctx(where=AFTER, authors=("sarah e. needleman",))),
                      ("Sarah E. Needleman", _ctx(where=BETWEEN, authors=("sarah e. needleman",))))),
    RepeatedParagraph(
        "html.repeated_paragraph", "duplicate_paragraph",
        examples=(("Passengers with a season ticket will not have to buy a new one this year.",
                   _ctx(in_region=True, repeats=3)),
                  ("Passengers with a season ticket will not have to buy a new one this year.",
                   _ctx(in_region=True, repeats=2))),
        non_examples=(("Passengers with a season ticket will not have to buy a new one this year.",
                       _ctx(in_region=True, repeats=1)),
                      ("Passengers with a season ticket will not have to buy a new one this year.",
                       _ctx(repeats=2)),  # a copy outside the article is off-article text, not listed
                      ("Advertisement", _ctx(in_region=True, repeats=3)))),
)
CONTEXT_RULES = CONTEXT_RULES + HTML_RULES
CONTEXT_RULES_BY_NAME = {rule.name: rule for rule in CONTEXT_RULES}
ALL_RULES = RULES + CONTEXT_RULES
