"""Kinds: the closed set of labels a block can get, and what each one means downstream.

A kind is a plain string in the output (`removed[].kind`, the contract's vocabulary); this
module is the one table that says, per kind, whether the block's text is the article's,
which document field it feeds, whether a line that reads like a sentence may keep it
between two paragraphs of the article, how the region search scores it, and how
`pipeline explain` shows it. `pipeline.rules` refuses a rule whose kind is not here, and
`Block.label` refuses an unknown kind, so a misspelt kind fails at import or on first use
instead of silently dropping a field.

Adding a kind: one `Kind(...)` line in `_TABLE` below (and, if it feeds a new document
field, a reader in `pipeline.core.FIELD_READERS`); then rules may use its name.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# Document fields a kind can feed (names of `pipeline.document.Document` attributes).
# The block's text *is* the field (the labeller sets it; the block is not repeated in `removed`):
VERBATIM_FIELDS = ("title", "subtitle", "dateline")
# A reader turns the block's text into the field's value (`pipeline.core.FIELD_READERS`):
# a list field gathers every block's items, a single-valued one takes the first reading.
LIST_FIELDS = ("captions", "tags", "authors")
SINGLE_FIELDS = ("published", "read_time_minutes")

# How `pipeline explain` shows a block (ANSI colours; removed blocks share one colour).
KEPT_STYLE = {"body": "", "title": "\033[1;36m", "subtitle": "\033[36m"}
REMOVED_STYLE = "\033[2;31m"


@dataclass(frozen=True)
class Kind:
    """One label and its consequences.

    `feeds`: the document field the block's text goes to (None: it is only recorded in
    `removed`). `in_article_prose`: whether a line that reads like a sentence keeps this
    kind between the article's first and last paragraph (False: such a line there is the
    article talking, e.g. 'Flights are available from as little as £30', so the phrase
    rule's label only counts at the article's edges). `region_neutral`: the region search
    scores a block of this kind 0 instead of as furniture (it sits inside articles).
    `head_meta`: a line of the article's head (date, byline, read time) that closes the
    window where a standfirst is looked for. `kept`: `explain` shows it as kept text.
    """

    name: str
    meaning: str
    feeds: str | None = None
    in_article_prose: bool = True
    region_neutral: bool = False
    head_meta: bool = False
    kept: bool = False

    def __post_init__(self) -> None:
        if self.feeds is not None and self.feeds not in VERBATIM_FIELDS + LIST_FIELDS + SINGLE_FIELDS:
            raise ValueError(f"kind {self.name!r} feeds unknown field {self.feeds!r}")

    @property
    def recorded_as_removed(self) -> bool:
        """Whether a block of this kind is listed in `removed` (the verbatim fields are the
        text itself, so repeating them there would say the same thing twice)."""
        return self.name != BODY and self.feeds not in VERBATIM_FIELDS

    @property
    def explain_style(self) -> str:
        return KEPT_STYLE.get(self.name, "") if self.kept else REMOVED_STYLE


BODY = "body"

_TABLE = (
    Kind(BODY, "a paragraph of the article", kept=True),
    # The article's own metadata, printed around it.
    Kind("title", "the headline", feeds="title", region_neutral=True, kept=True),
    Kind("subtitle", "the standfirst under the headline", feeds="subtitle", region_neutral=True, kept=True),
    Kind("duplicate_title", "the headline printed again (page title, with the site's name)", region_neutral=True),
    Kind("duplicate_paragraph", "a paragraph of the article printed again, a copy the body does not repeat"),
    Kind("dateline", "the place (and agency) opening the first paragraph", feeds="dateline"),
    Kind("byline", "the author line", feeds="authors", head_meta=True),
    Kind("date_line", "the publication date line", feeds="published", head_meta=True),
    Kind("read_time", "'3 min read'", feeds="read_time_minutes", head_meta=True),
    Kind("caption", "a photo caption (its credit split off)", feeds="captions", region_neutral=True),
    Kind("tag_line", "a line of keywords", feeds="tags", region_neutral=True),
    Kind("credit_line", "'Reporting by ...', 'X contributed to this report'", in_article_prose=False),
    # Page furniture.
    Kind("navigation", "menus, account links, repeated short lines", in_article_prose=False),
    Kind("related_links", "teasers and links to other stories", in_article_prose=False),
    Kind("social_prompt", "share and follow prompts", in_article_prose=False),
    Kind("advertisement", "advertising labels", in_article_prose=False),
    Kind("newsletter", "newsletter sign-up prompts"),  # "Sign up for our newsletter ..." is never the article talking
    Kind("donation", "donation appeals", in_article_prose=False),
    Kind("publisher_blurb", "the publisher talking about itself", in_article_prose=False),
    Kind("legal_footer", "copyright, terms, disclaimers", in_article_prose=False),
    Kind("contact", "contact lines and addresses", in_article_prose=False),
    Kind("cookie_notice", "cookie consent text"),  # its phrases ("we use cookies") are never the article talking
    Kind("comment_prompt", "comment-section furniture ('Leave a Reply', '12 Comments')"),
    Kind("comment", "a reader comment"),
    Kind("off_article", "long text outside the article (another story's summary)"),
)

KINDS: MappingProxyType[str, Kind] = MappingProxyType({kind.name: kind for kind in _TABLE})
assert len(KINDS) == len(_TABLE), "a kind is listed twice"
KIND_NAMES = frozenset(KINDS)  # for membership tests on hot paths (a set is faster than the mapping proxy)


def kind(name: str) -> Kind:
    """The registered kind called `name`; a `ValueError` names an unknown one.

    >>> kind("caption").feeds
    'captions'
    >>> kind("captions")
    Traceback (most recent call last):
    ...
    ValueError: unknown kind 'captions' (not in pipeline.kinds.KINDS)
    """
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r} (not in pipeline.kinds.KINDS)") from None


def names_where(**flags: bool) -> frozenset[str]:
    """Names of the kinds whose attributes have the given values.

    >>> sorted(names_where(head_meta=True))
    ['byline', 'date_line', 'read_time']
    """
    return frozenset(k.name for k in _TABLE if all(getattr(k, flag) == value for flag, value in flags.items()))
