"""Structure of plain text: split it into blocks and label each one.

Owns the block model and the labeller. Text hard-wrapped at a column is joined back into its
paragraphs first (`unwrap_hard_wrapped`). The labeller works in passes, each recording the
rule that decided a block:

1. phrase rules (`pipeline.rules.RULES`) mark furniture wherever it sits, within its position;
2. the article region is the contiguous run of blocks with the highest prose score
   (maximum-sum segment: long sentence-like lines score up, short lines score down, a list
   and its lead-in line cost as short sentences), so menus, footers and link lists around the
   article fall outside it;
3. the head is read for title, duplicate title, standfirst, byline, date and read time; a
   printed headline under the page title and a kicker wins over the page title; when the
   first line is no page title (a menu, a skip link), the headline is found over the byline
   and date above the article (`_headline_above`); opening paragraphs cut off by a byline or
   date line join the article;
4. the first paragraph loses its dateline; person-name lines inside the article that the
   next paragraph names are captions; a line repeated three times is furniture;
5. whatever is left inside the region is body, whatever is outside is labelled by its shape;
6. the publication date and the authors are read from the head (`Labelled.published`,
   `Labelled.authors`): date lines and bylines in many languages, bare name lines next to
   the date or the first paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from .dates import find_dates, language_decides
from .prefilter import Prefilter, gate_strings, narrowing, required_strings
from .kinds import BODY, KIND_NAMES, kind as registered_kind, names_where
from .shapes import (ALPHA_WORD, CJK, SENTENCE_END, SITE_SUFFIX, UNSPACED_ANY, UNSPACED_SOUTHEAST, count_words,
                     split_site_suffix)
from .rules import (INNER_BYLINE_INTRO, CONTEXT_RULES_BY_NAME, EDGES, HEAD, INSIDE, NO_CONTEXT, RULES,
                    RULES_BY_NAME, DATE_LABEL, UPDATED_WORD, BETWEEN, Context, ContextRule, Rule, is_role_line,
                    names_a_writer, where)

META_KINDS = names_where(head_meta=True)
_REGION_NEUTRAL = names_where(region_neutral=True)
_SPACE_CHARS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of spaces (including exotic ones) other than one plain space: a plain space between
# two words, the most common run, is left alone instead of replaced by itself (twice as fast).
_SPACES = re.compile(rf" {_SPACE_CHARS}+|(?! ){_SPACE_CHARS}{_SPACE_CHARS}*")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+")


# Seven or more capitalised words in a row opening a line: headline case.
_HEADLINE_PREFIX = re.compile(r"^(?:[A-Z0-9‘“'\"][\w’'.&:-]*\s+){7}")
_PUNCTUATION = re.compile(r"[.,;:!?。，、！？]")


def _capitalised_share(text: str) -> float:
    """Share of words that start with a capital letter ('Home News Sport World' is 1.0)."""
    words = ALPHA_WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


@dataclass(slots=True)
class Block:
    """One non-blank line of the input and the label it was given."""

    index: int
    text: str
    gap_before: bool
    words: int
    kind: str = ""
    rule: str = ""
    _prose: bool = field(default=False, repr=False, compare=False)
    _prose_for: str | None = field(default=None, repr=False, compare=False)
    _key: str = field(default="", repr=False, compare=False)
    _key_for: str | None = field(default=None, repr=False, compare=False)
    context: Context | None = field(default=None, repr=False, compare=False)  # what a context rule decided on

    @property
    def is_prose(self) -> bool:
        """Reads like a sentence (see `_reads_as_prose`); cached until the text changes."""
        if self._prose_for != self.text:
            self._prose, self._prose_for = self._reads_as_prose(), self.text
        return self._prose

    @property
    def key(self) -> str:
        """The text reduced to lower-case words, for comparing lines."""
        if self._key_for != self.text:
            self._key, self._key_for = norm_key(self.text), self.text
        return self._key

    def _reads_as_prose(self) -> bool:
        if _HEADLINE_PREFIX.match(self.text):
            # 'Tape Gaffe Ends Hamlin's Title Run Denny Hamlin's championship run was...':
            # a teaser (headline and summary flattened onto one line), not a paragraph.
            return False
        return self._punctuated_like_prose()

    def _punctuated_like_prose(self) -> bool:
        """Reads like a sentence: of moderate length and ending like one, or long and
        punctuated like running text (a menu or tag cloud flattened onto one line is long
        too, but has no punctuation and capitalises most of its words)."""
        if self.words < 7:
            return False
        if SENTENCE_END.search(self.text):
            return _capitalised_share(self.text) < 0.8 or self.words < 12
        if (self.words >= _SOUTHEAST_PROSE_WORDS and UNSPACED_SOUTHEAST.match(self.text)
                and len(UNSPACED_SOUTHEAST.findall(self.text)) * 2 > len(self.text)):
            return True  # Thai, Lao, Khmer, Myanmar: a long line is running text, punctuated or not
        if self.words < 20:
            return False
        punctuation = len(_PUNCTUATION.findall(self.text))
        return punctuation >= 1 + self.words // 40 and _capitalised_share(self.text) < 0.6

    def label(self, kind: str, rule: str, context: Context | None = None) -> None:
        """Give the block a registered kind (or '' to take a label back), the deciding rule and,
        for a context rule, the context it decided in."""
        if kind and kind not in KIND_NAMES:
            registered_kind(kind)  # raises: a misspelt kind fails here, not silently downstream
        self.kind, self.rule, self.context = kind, rule, context


def normalise_line(line: str) -> str:
    """Collapse runs of spaces (including exotic ones) and drop zero-width characters.

    >>> normalise_line("  a\\u00a0 b\\u200b c  ")
    'a b c'
    """
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


_SOUTHEAST_PROSE_WORDS = 12  # a line of Thai, Lao, Khmer or Myanmar this long is a sentence, marked or not


def make_block(text: str, words: int | None = None, index: int = 0) -> Block:
    """A block of one line of text (for rule examples and lines met outside the labeller).

    >>> make_block("商標法違反の疑いで男性が逮捕").words
    7
    """
    return Block(index, text, True, count_words(text) if words is None else words)


def split_blocks(text: str) -> list[Block]:
    """Every non-blank line becomes a block; a blank line before it is remembered.

    >>> [(b.text, b.gap_before) for b in split_blocks("Title\\n\\nFirst.\\nSecond.")]
    [('Title', True), ('First.', True), ('Second.', False)]
    """
    blocks: list[Block] = []
    gap = True
    # `normalise_line` on the whole text at once (neither of its patterns crosses a line
    # break), then each line stripped: the same lines, for one pass over the text.
    whole = _SPACES.sub(" ", _ZERO_WIDTH.sub("", text))
    # (else a line's words are what split() gives)
    unspaced = UNSPACED_ANY.search(whole) is not None
    for raw in unwrap_hard_wrapped(whole.split("\n")):
        line = raw.strip()
        if not line:
            gap = True
            continue
        blocks.append(Block(len(blocks), line, gap, count_words(line) if unspaced else len(line.split())))
        gap = False
    return blocks


_WRAP_WIDTHS = range(40, 101)  # the columns hard-wrapped text is wrapped at
_WRAPPED_LINES = 3            # lines that must each have been cut at the column


def unwrap_hard_wrapped(lines: list[str]) -> list[str]:
    """The lines of a text hard-wrapped at a column (an e-mail, a terminal dump) joined back
    into their paragraphs; any other text unchanged.

    A text is hard-wrapped when its longest line fits a usual column and at least three
    lines, and half of the lines that another line follows, were cut there: the next line's
    first word would not have fitted. Those lines are joined to the next; a blank line or a
    line the next word would have fitted on ends a paragraph.

    >>> unwrap_hard_wrapped(["Short title", "", "a " * 5])
    ['Short title', '', 'a a a a a ']
    >>> text = ["The rail operator has ordered forty new electric trains for the coastal", "line."] * 6
    >>> len(unwrap_hard_wrapped(text)), unwrap_hard_wrapped(text)[0]
    (6, 'The rail operator has ordered forty new electric trains for the coastal line.')
    """
    stripped = [line.strip() for line in lines]
    filled = [bool(line) for line in stripped]
    if sum(filled) < _WRAPPED_LINES:
        return lines
    width = max(len(line) for line in stripped)
    if width not in _WRAP_WIDTHS:
        return lines
    followed = [i for i in range(len(stripped) - 1) if stripped[i] and stripped[i + 1]]
    cut = [i for i in followed if len(stripped[i]) + 1 + len(stripped[i + 1].split()[0]) > width]
    if len(cut) < _WRAPPED_LINES or len(cut) * 2 < len(followed):
        return lines
    joined: list[str] = []
    continues = False
    cut_at = set(cut)
    for i, line in enumerate(stripped):
        if continues:
            joined[-1] += " " + line
        else:
            joined.append(line)
        continues = i in cut_at
    return joined


def norm_key(text: str) -> str:
    """A line reduced to lower-case words, for telling repeated lines apart from new ones.

    >>> norm_key("Iran held talks — with the Taliban!")
    'iran held talks with the taliban'
    """
    return " ".join(_WORD.findall(text.lower()))


@dataclass
class Labelled:
    """The labeller's result: blocks with labels and what the head told about the article."""

    blocks: list[Block]
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    site_name: str | None = None
    published: str | None = None          # text mode: the date read from the article's head
    authors: list[str] | None = None      # text mode: names read from the head's bylines


@dataclass(frozen=True)
class RegionWeights:
    """How blocks score in the article-region search (tuned on the shared text pages)."""

    prose_threshold: float = 10.0   # a prose line scores its words minus this
    prose_cap: int = 80             # words beyond this add nothing (one huge line is not an article)
    short_penalty: float = 6.0      # a non-prose line (menu item, teaser headline, timestamp)
    furniture_penalty: float = 8.0  # a line a phrase rule already marked
    short_sentence_factor: float = 0.5  # share of the short penalty a short full sentence pays
    run_growth: float = 0.5         # the k-th non-prose line in a row costs k**run_growth times more
    run_growth_cap: int = 3         # ... up to this k
    anchor_bonus: float = 30.0      # for the first prose line under the headline
    anchor_reach: int = 10          # how far under the headline that line may be
    min_article_words: int = 60     # prose words before a comment-section head for it to end the article


WEIGHTS = RegionWeights()


def _prose_score(block: Block, weights: RegionWeights) -> float:
    """Score for the maximum-sum article region: prose counts up, furniture counts down."""
    if block.kind:
        return 0.0 if block.kind in _REGION_NEUTRAL else -weights.furniture_penalty
    if block.is_prose:
        return min(block.words, weights.prose_cap) - weights.prose_threshold
    if _sentence_like(block):
        # A short sentence ('Now get prepping!'), a line leading into a list ('The measures
        # are:') or a list item is weaker evidence against than a menu item.
        return -weights.short_penalty * weights.short_sentence_factor
    return -weights.short_penalty


_LEAD_IN_WORDS = 6  # a line leading into a list ('Here are the main announcements:') is at least this long
_LIST_ITEM = re.compile(r"^(?:[-–•*·]|\d{1,2}[.)])\s+\S")
_LEADS_ON = re.compile(r"[:;,]$")


def _in_list(blocks: list[Block], index: int) -> bool:
    """A list item ('- more bicycle parking;', '2. Norway'), or the line ending on ':' that
    leads into one."""
    block = blocks[index]
    if _LIST_ITEM.match(block.text):
        return True
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return block.text.endswith(":") and following is not None and bool(_LIST_ITEM.match(following.text))


def _sentence_like(block: Block) -> bool:
    """A short line that reads as part of running text: a sentence of four words or more,
    a line ending on ':' or ';' (it leads into what follows), or a list item."""
    text = block.text
    if block.words >= 4 and SENTENCE_END.search(text):
        return True
    return block.words >= 2 and bool(_LEADS_ON.search(text) or _LIST_ITEM.match(text))


_STATEMENT_END = re.compile(r"(?<![.…])\.[\"'”’)]*$")


def _short_sentence(block: Block) -> bool:
    """A line of two words or more that ends on one full stop, a statement ('Shopkeepers are
    divided.'); a teaser ends on '!', '?' or '...' ('You may also like...')."""
    return block.words >= 2 and bool(_STATEMENT_END.search(block.text))


def _comment_cut(blocks: list[Block], weights: RegionWeights, after: int | None = None) -> int:
    """Index of the comment-section head that ends the article (len(blocks) if none).

    Only a head that follows a fair amount of prose counts: a 'Comments' menu link at the
    top of a page does not end anything, nor does a 'Join the conversation' link under the
    headline (`after`: the headline's index; prose above it is teasers, not the article).
    """
    prose_words = 0
    for block in blocks[(after + 1) if after is not None else 0:]:
        if (block.rule == "comment_prompt.section" and prose_words >= weights.min_article_words
                and not _in_share_bar(blocks, block.index) and not _in_repeated_menu(blocks, block.index)):
            return block.index
        if not block.kind and block.is_prose:
            prose_words += block.words
    return len(blocks)


def _in_repeated_menu(blocks: list[Block], index: int) -> bool:
    """A 'No Comment' that the page prints twice, each time after the same menu item, is a
    section of the site's menu (printed in its header and again in its footer)."""
    if index == 0:
        return False
    head, before = blocks[index], blocks[index - 1]
    return any(b.index != index and b.key == head.key and b.index > 0 and blocks[b.index - 1].key == before.key
               for b in blocks if b.rule == "comment_prompt.section")


def _in_share_bar(blocks: list[Block], index: int) -> bool:
    """A 'Comments' link among Facebook/Twitter/Print links is a share bar, not a comment section."""
    neighbours = blocks[max(0, index - 2): index] + blocks[index + 1: index + 3]
    return any(b.kind == "social_prompt" for b in neighbours)


def _article_region(blocks: list[Block], weights: RegionWeights | None = None,
                    anchor: int | None = None) -> tuple[int, int]:
    """Indices [start, end) of the maximum-sum run of block scores (Kadane), before any comment section.

    `anchor` is the headline's index: the article usually starts right under it, so the
    first prose line soon after the headline gets a bonus.
    """
    weights = weights or WEIGHTS
    bonus_at = None
    if anchor is not None:
        for block in blocks[anchor + 1: anchor + 1 + weights.anchor_reach]:
            if not block.kind and block.is_prose:
                bonus_at = block.index
                break
    best = (0.0, 0, 0)
    total, start = 0.0, 0
    run = 0  # consecutive non-prose lines so far: a long run is a menu or a link list
    cut = _comment_cut(blocks, weights, anchor)
    for i in range(cut):
        score = _prose_score(blocks[i], weights)
        if i == bonus_at:
            score += weights.anchor_bonus
        if score >= 0:
            run = 0
        elif not (blocks[i].kind or blocks[i].is_prose) and _in_list(blocks, i):
            pass  # a list and its lead-in line are one piece of the text, not a growing menu
        else:
            run += 1
            if run > 1:
                score *= min(run, weights.run_growth_cap) ** weights.run_growth
        if total <= 0:
            total, start = score, i
        else:
            total += score
        if total > best[0]:
            best = (total, start, i + 1)
    start, end = best[1], best[2]
    # Short sentences right at either end ('By Friday, the river had fallen.') score below
    # zero on their own but belong to the article they touch.
    # After the article, a sentence too short to count as prose ('Shopkeepers are divided.')
    # belongs to it when prose follows it.
    # A list and the line leading into it ('Here are the main measures:' / '• ...') belong to
    # the article they touch: after it when prose follows the list or a lead-in opens it,
    # before it when the walk up meets the lead-in or prose.
    probe = end
    led_in = end > start and blocks[end - 1].text.endswith(":")
    while probe < cut and not blocks[probe].kind and (blocks[probe].is_prose or _short_sentence(blocks[probe])
                                                      or _in_list(blocks, probe)):
        led_in = led_in or blocks[probe].text.endswith(":")
        probe += 1
        if blocks[probe - 1].is_prose or led_in and _LIST_ITEM.match(blocks[probe - 1].text):
            end = probe
    end = _past_inline_link(blocks, end, cut)
    end = _past_data_run(blocks, end, cut)
    probe = start
    while probe > 0 and not blocks[probe - 1].kind and (blocks[probe - 1].is_prose or _in_list(blocks, probe - 1)):
        probe -= 1
        if blocks[probe].is_prose or _LEADS_ON.search(blocks[probe].text) and blocks[probe].words >= _LEAD_IN_WORDS:
            start = probe
    start = _before_data_run(blocks, start)
    return start, end


_DATA_RUN_LINES = 12  # lines of a table or an ingredient list set between paragraphs, at most
_DATA_RUN_PROSE_WORDS = 15  # the article goes on beyond the run: a paragraph at least this long
_DATA_LINE_SHARE = 2 / 3  # of a run's lines must be table rows: a menu's items are words without figures
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_FIELD_SEPARATOR = re.compile(r"[;\t]")
_NO_DATA = re.compile(r"https?://|<\w|\^")  # markup, a link, a reference list's caret


def _data_line(text: str) -> bool:
    """A row of a table or a list without bullets: a figure beside words ('500 g mąki',
    'Tomate 12,4%'), a field separator or a lower-case start; never a bare number (a ranking's
    '1', '2') nor markup or a link.

    >>> _data_line("500 g mąki pszennej"), _data_line("szczypta soli"), _data_line("2"), _data_line("Home")
    (True, True, False, False)
    """
    if _NO_DATA.search(text):
        return False
    return bool(text[:1].islower() or _FIELD_SEPARATOR.search(text)
                or _DIGIT.search(text) and _LETTER.search(text))


def _across_data_run(blocks: list[Block], edge: int, step: int) -> int | None:
    """Index of the paragraph beyond a table or a list without bullets that starts at `edge`
    and runs in direction `step` (+1 down, -1 up): a run of two to twelve short lines, most
    of them holding figures or starting in lower case ('500 g mąki pszennej', 'Tomate 12,4%
    -8,1%'), with the article's prose beyond it. None when there is no such run. A menu's
    items are words in capitals without figures; a teaser's time stamps alternate with headlines.
    """
    run: list[Block] = []
    i = edge
    while 0 <= i < len(blocks) and len(run) < _DATA_RUN_LINES and not blocks[i].kind and not blocks[i].is_prose:
        run.append(blocks[i])
        i += step
    beyond = blocks[i] if 0 <= i < len(blocks) else None
    if (len(run) < 2 or beyond is None or beyond.kind or not beyond.is_prose
            or beyond.words < _DATA_RUN_PROSE_WORDS
            or sum(_data_line(b.text) for b in run) < _DATA_LINE_SHARE * len(run)):
        return None
    return i


def _past_data_run(blocks: list[Block], end: int, cut: int) -> int:
    """The article's end when a table or a list without bullets cut it short
    (`_across_data_run`): past the run and the prose under it."""
    beyond = _across_data_run(blocks[:cut], end, 1)
    if beyond is None:
        return end
    while beyond < cut and not blocks[beyond].kind and (blocks[beyond].is_prose or _short_sentence(blocks[beyond])):
        beyond += 1
    return beyond


def _before_data_run(blocks: list[Block], start: int) -> int:
    """The article's start when a table or a list without bullets cut its opening off: the
    prose over the run joins it."""
    beyond = _across_data_run(blocks, start - 1, -1)
    if beyond is None:
        return start
    while beyond > 0 and not blocks[beyond - 1].kind and blocks[beyond - 1].is_prose:
        beyond -= 1
    return beyond


def _past_inline_link(blocks: list[Block], end: int, cut: int) -> int:
    """The article's end when a link to another story, set between its paragraphs, cut it short.

    A 'Read also: ...' line, or a 'Related' label with its one headline, is no end when the
    article goes on under it: the statement right after a read-also line, the page's last line
    or followed by prose ('The next meeting is in April.'), or two paragraphs or more that run
    to the page's end or to furniture. Teasers differ: each headline has one summary under it,
    and the next headline follows. The box's headline is labelled a teaser here.
    """
    if end >= cut or blocks[end].rule not in ("related_links.read_more_link", "related_links.widget"):
        return end
    after = end + 1
    if (blocks[end].rule == "related_links.widget" and after < cut and not blocks[after].kind
            and not blocks[after].is_prose and not _short_sentence(blocks[after])):
        after += 1  # the box's headline
    stop = after
    while stop < cut and not blocks[stop].kind and (blocks[stop].is_prose or _short_sentence(blocks[stop])):
        stop += 1
    run = blocks[after:stop]
    if not run:
        return end
    ends_the_run = stop >= len(blocks) or blocks[stop].kind != ""
    if blocks[end].rule == "related_links.read_more_link" and len(run) == 1:
        if run[0].is_prose or run[0].words >= 4 and stop >= len(blocks):
            return after + 1
        return end
    if not (ends_the_run and sum(b.is_prose for b in run) >= 2):
        return end
    if after > end + 1:
        _apply(blocks[end + 1], CONTEXT_RULES_BY_NAME["related_links.box_headline"])
    return stop


def _apply(block: Block, rule: Rule | ContextRule, context: Context | None = None) -> None:
    block.label(rule.kind, rule.name, context)


def _decide(block: Block, rules: tuple[ContextRule, ...], context: Context) -> bool:
    """Label `block` by the first of `rules` whose test accepts it in `context`; whether one did."""
    for rule in rules:
        if rule.test(block, context):
            _apply(block, rule, context)
            return True
    return False


def _required_strings(rule: Rule) -> frozenset[str] | None:
    """What the prefilter looks for to admit `rule`: the better narrowing of its pattern's
    required strings and its gate's."""
    candidates = [required_strings(rule.pattern) if rule.pattern is not None else None,
                  gate_strings(rule.gate) if rule.test is not None else None]
    known = [c for c in candidates if c is not None]
    return max(known, key=narrowing) if known else None


# One scan of a line names the few phrase rules that can match it (see `pipeline.prefilter`).
PHRASE_PREFILTER = Prefilter(RULES, _required_strings)


@lru_cache(maxsize=65536)
def phrase_rule(text: str, words: int) -> Rule | None:
    """The first phrase rule that matches a line, if any.

    Only the rules the prefilter admits are tried, in their order: a rule it leaves out
    cannot match. Cached: a site's menus, share bars and footers repeat on every page of a
    crawl, and the phrase rules are most of the labeller's work.

    >>> phrase_rule("Share this:", 2).name
    'social_prompt.wordpress'
    """
    for rule in PHRASE_PREFILTER.candidates(text):
        if rule.matches(text, words):
            return rule
    return None


def phrase_rule_unfiltered(text: str, words: int) -> Rule | None:
    """`phrase_rule` trying every rule: what the prefilter must not change (tests, benchmarks).

    >>> phrase_rule_unfiltered("Share this:", 2).name
    'social_prompt.wordpress'
    """
    for rule in RULES:
        if rule.matches(text, words):
            return rule
    return None


def _phrase_pass(blocks: list[Block]) -> None:
    for block in blocks:
        rule = phrase_rule(block.text, block.words)
        if rule is not None:
            block.label(rule.kind, rule.name)


# Furniture that is sometimes worded as a sentence. Between two article paragraphs, a
# sentence-like line with such words is the article talking ('Flights are available from
# as little as £30'), so these kinds only take prose lines at the article's edges.
_EDGE_ONLY_WHEN_PROSE = names_where(in_article_prose=False)


_BYLINE_UNDER_STANDFIRST = 8  # lines under the first prose line where a byline still belongs to the head


def _position_ok(rule: Rule, block: Block, first: int, last: int) -> bool:
    """Whether a phrase rule may keep its label where the block sits."""
    index = block.index
    if rule.kind in _EDGE_ONLY_WHEN_PROSE and first < index < last and block.is_prose:
        return False
    if rule.position == HEAD:
        return index < first
    if rule.position == EDGES:
        # A byline may also sit under the standfirst, which is the first prose line.
        near_head = rule.kind == "byline" and index <= first + _BYLINE_UNDER_STANDFIRST
        return index < first or index > last or near_head
    if rule.position == INSIDE:
        return first < index < last
    return True


def label(text: str) -> Labelled:
    """Split `text` into blocks and label every one (see the module docstring)."""
    blocks = split_blocks(text)
    result = Labelled(blocks)
    if not blocks:
        return result
    _phrase_pass(blocks)
    title_block, site_name = _find_title(blocks)
    anchor = _read_head(result, title_block, site_name)
    start, end = _article_region(blocks, anchor=anchor)
    if anchor is not None and start < anchor < end and blocks[anchor].kind in ("title", "subtitle"):
        start = anchor + 1  # the article starts under its headline: prose above it is a teaser's
    prose = [b.index for b in blocks[start:end] if not b.kind and b.is_prose]
    first = prose[0] if prose else start
    last = prose[-1] if prose else max(start, end - 1)
    if prose and _in_list(blocks, start):
        first = start  # the article opens with a list's lead-in ('Here are the main measures:')
    if prose and _in_list(blocks, end - 1):
        last = end - 1  # ... or ends with a list
    # Positional phrase rules only count where they are allowed to fire.
    for block in blocks:
        rule = RULES_BY_NAME.get(block.rule)
        if rule is not None and not _position_ok(rule, block, first, last):
            block.label("", "")
    if title_block is None:
        title_block = _headline_above(result, first, prose)
    printed = _printed_headline(blocks, title_block, first)
    kicker = None
    if printed is None and title_block is blocks[0]:
        printed = _headline_under_kicker(blocks, title_block, first)
        kicker = title_block if printed is not None else None
    if kicker is not None:
        # The first line was a kicker or the site's name over the headline: furniture, not a title.
        result.title = None
        _apply(kicker, CONTEXT_RULES_BY_NAME["head.kicker"])
    if printed is not None:
        title_block = _take_printed_headline(result, title_block, printed)
        if printed.index == first:
            later = [i for i in prose if i > first]
            first = later[0] if later else first
    head_first = first  # the head (date, byline) is read down to the region's first paragraph
    lede = _opening_run(blocks, title_block, first)
    if lede:
        first = lede[0]
    before_dateline = _read_dateline(result, first)
    _inside_article(blocks, start, end, first, last, anchor, drop_repeats=True)
    if before_dateline is not None and blocks[first].kind not in ("", BODY):
        # The paragraph the dateline was read from went after all (a repeated block): the
        # dateline goes back into its text, so the removed line is recorded whole.
        result.dateline = None
        blocks[first].text = before_dateline
        blocks[first].words = count_words(before_dateline)
    head = _head_window(blocks, title_block, head_first, last)
    dated = _read_published(result, head, head_first, last)
    # Bare name lines count near the headline (when it was found under the page title), the
    # date lines and the first paragraph.
    anchors = {head_first} | ({dated} if dated is not None else set()) | {
        i for i in head if blocks[i].kind in ("date_line", "read_time", "duplicate_title")
        or (blocks[i].kind == "title" and i > 0)}
    _read_byline_names(result, head, head_first, last, anchors)
    return result


def label_paragraphs(paragraphs: list[str], title: str | None = None) -> Labelled:
    """Label paragraphs that an extractor already chose as the article (HTML mode).

    No region search (the extractor did that): the phrase rules, duplicate titles,
    the dateline and name captions apply as in text mode; the rest is body.

    >>> [b.kind for b in label_paragraphs(["Share this:", "The story goes on at some length here."]).blocks]
    ['social_prompt', 'body']
    """
    blocks: list[Block] = []
    for raw in paragraphs:
        text = normalise_line(raw)
        if text:
            blocks.append(Block(len(blocks), text, True, count_words(text)))
    result = Labelled(blocks, title=title)
    if not blocks:
        return result
    _phrase_pass(blocks)
    if title:
        title_context = Context(title_key=norm_key(title))
        for block in blocks:
            if block.kind in ("", "navigation"):
                _decide(block, (CONTEXT_RULES_BY_NAME["head.duplicate_title"],), title_context)
    prose = [b.index for b in blocks if not b.kind and b.is_prose]
    first = prose[0] if prose else 0
    last = prose[-1] if prose else len(blocks) - 1
    for block in blocks:
        rule = RULES_BY_NAME.get(block.rule)
        if rule is not None and not _position_ok(rule, block, first, last):
            block.label("", "")
    _read_dateline(result, first)
    # Everything the extractor kept and no rule removed is body, short lines included.
    _inside_article(blocks, 0, len(blocks), 0, len(blocks) - 1)
    return result


_HEADLINE_EXTENSION_WORDS = 8  # words a printed headline may add to the page title's


def _find_title(blocks: list[Block]) -> tuple[Block | None, str | None]:
    """The headline block and the site name, before any region is known.

    The first line is the headline when it looks like one. A page <title> ('Headline |
    Site') is usually printed again as the headline proper further down: that later line
    is the title and the first line a duplicate carrying the site's name.
    """
    top = blocks[0]
    # A long headline with its section and site names appended is still a headline.
    title_rule = CONTEXT_RULES_BY_NAME["head.title"]
    stem = split_site_suffix(top.text)[0]
    # 'Headline | Section | 28.04.2023': a date after the headline is the page title's tail.
    dated_tail = top.kind == "date_line" and stem != top.text and not find_dates(stem)
    if (top.kind and not dated_tail) or not (title_rule.matches(top.text) or title_rule.matches(stem)):
        return None, None
    if count_words(top.text) < _PAGE_TITLE_MIN_WORDS:
        return None, None  # 'Главная', 'ホーム', 'Culture': a menu's or a section's word, not a page title
    if dated_tail:
        top.label("", "")
    suffix = SITE_SUFFIX.search(top.text)
    if suffix and top.text[: suffix.start()].rstrip().endswith(":"):
        # 'Kicker: - Headline': the part after the kicker is the headline, not the site's name.
        tail_key = norm_key(suffix.group(1))
        for block in blocks[1:]:
            if block.key == tail_key and not block.kind:
                return block, None
        return top, None
    if suffix:
        stem_key = norm_key(top.text[: suffix.start()])
        whole_key = top.key
        for block in blocks[1:]:
            key = block.key
            if key and not block.kind and (key == stem_key or (len(key) > 20 and whole_key.startswith(key))):
                return block, suffix.group(1).strip()
        # The printed headline may run longer than the page title ('..., killing at least 26').
        for block in blocks[1:]:
            key = block.key
            if (len(stem_key) > 20 and not block.kind and key.startswith(stem_key + " ")
                    and len(key.split()) - len(stem_key.split()) <= _HEADLINE_EXTENSION_WORDS
                    and CONTEXT_RULES_BY_NAME["head.title"].matches(block.text)):
                return block, suffix.group(1).strip()
        if CJK.search(stem_key):
            # Without spaces there are no words to compare: a headline printed with a name
            # shortened ('尹錫悦大統領' / '尹大統領') is the same string but for a few characters.
            for block in blocks[1:]:
                if not block.kind and _nearly_the_same(block.key, stem_key):
                    return block, suffix.group(1).strip()
    return top, None


_NEAR_SAME_CHARACTERS = 0.9  # share of characters a reworded CJK headline keeps in place
_NEAR_SAME_MIN_CHARACTERS = 15  # ... and the shortest headline compared this way


def _nearly_the_same(key: str, other: str) -> bool:
    """Whether two long keys differ in a few characters only (for scripts without spaces).

    >>> _nearly_the_same("韓国が戒厳令、尹大統領「野党が反国家行為」", "韓国が戒厳令、尹錫悦大統領「野党が反国家行為」")
    True
    >>> _nearly_the_same("韓国が戒厳令、尹大統領「野党が反国家行為」", "韓国大統領が訪日、首相と会談へ")
    False
    """
    if min(len(key), len(other)) < _NEAR_SAME_MIN_CHARACTERS or abs(len(key) - len(other)) > len(other) // 5:
        return False
    matcher = SequenceMatcher(None, key, other, autojunk=False)
    return matcher.quick_ratio() >= _NEAR_SAME_CHARACTERS and matcher.ratio() >= _NEAR_SAME_CHARACTERS


_PAGE_TITLE_MIN_WORDS = 2  # a one-word first line is a menu item, a logo or a section label
_HEADLINE_REACH = 12  # lines above the first paragraph where the printed headline may sit
_KICKER_WORDS = 7     # a kicker ('UN-Generalversammlung', 'Nach erneuter Kritik an Papst Leo') is this short
_SHARED_STORY_WORDS = 2  # content words a rewritten page title and the printed headline share at least
_STORY_WORDS_OF_PROSE_HEADLINE = 3  # ... and a line punctuated like prose must share to be the headline
_STANDFIRSTS = 2      # prose lines (standfirst, caption) the walk up to the headline may pass
# Lines between a printed headline and the article: what the walk up from the first paragraph skips.
_UNDER_HEADLINE = frozenset({"date_line", "byline", "read_time", "caption", "social_prompt", "credit_line",
                             "comment_prompt", "advertisement", "newsletter", "subtitle"})


def _printed_headline(blocks: list[Block], title_block: Block | None, first: int) -> Block | None:
    """The headline as the page prints it above the article, when it differs from the page <title>.

    Walking up from the first paragraph past the date, byline, captions and share buttons, the
    first headline-shaped line is the printed headline. It wins over the page title when the page
    title was not found again lower down, or when a kicker line sits between the two
    ('Page title' / 'UN-Generalversammlung' / 'Printed headline'). The first paragraph itself is
    the headline when it reads like one (no closing full stop) and prose follows it.
    """
    if first >= len(blocks) or title_block is None:
        return None
    floor = max(title_block.index + 1, first - _HEADLINE_REACH)
    title_rule = CONTEXT_RULES_BY_NAME["head.title"]
    title_words = _content_words(title_block.key)
    candidate = None
    passed = 0
    for i in range(first, floor - 1, -1):
        block = blocks[i]
        if block.kind in _UNDER_HEADLINE or block.words < 4 or block.text.endswith(":"):
            continue
        if i < first and not block.kind and CONTEXT_RULES_BY_NAME["head.byline_name"].matches(block.text):
            continue  # the author's name and role ('Jane Smith Political Correspondent')
        # A prose-like line naming the page title's story is its headline, not a standfirst
        # ('Forecast raises doubt: is the old bridge safe?').
        names_story = (not block.text.endswith(".")
                       and len(_content_words(block.key) & title_words) >= _STORY_WORDS_OF_PROSE_HEADLINE)
        if (i < first and block.kind != "title" and block.text.endswith(".") and block.is_prose
                and passed < _STANDFIRSTS and not names_story):
            passed += 1
            continue
        if i == first and (block.words > 20 or SENTENCE_END.search(block.text) and not block.text.endswith("?")
                           and not names_story):
            continue  # the first paragraph is a paragraph (unless it names the page title's story)
        if block.kind not in ("", BODY, "navigation", "related_links") or not title_rule.matches(block.text):
            return None
        if i < first and block.is_prose and block.kind != "related_links" and not names_story:
            return None
        candidate = block
        break
    if candidate is None or candidate.key == title_block.key:
        return None
    # Both name the same story: a page title rewritten for search engines keeps some of its words.
    shared = _content_words(candidate.key) & title_words
    # The page title printed again above the article (as the title or a duplicate of it).
    printed_again = [b.index for b in blocks[title_block.index: candidate.index] if b.kind in ("title", "duplicate_title")]
    again = printed_again[-1] if printed_again else 0
    if again == 0:
        # Without the page title printed above it, only naming the same story tells a headline
        # from a teaser.
        if _names_same_story(candidate.key, title_block.key):
            return candidate
        # A standfirst without a full stop under the headline ('Substitute scores late as ...'):
        # the shorter headline-shaped line over it names the page title's story.
        above = blocks[candidate.index - 1]
        if (candidate.words >= _STANDFIRST_MIN_WORDS and candidate.kind != "navigation"
                and above.index > title_block.index and above.kind in ("", "subtitle") and above.words < candidate.words
                and title_rule.matches(above.text) and _names_same_story(above.key, title_block.key)):
            return above
        return None
    between = blocks[again + 1: candidate.index]
    kicker = 0 < len(between) <= 2 and any(0 < b.words <= _KICKER_WORDS and b.kind in ("", "navigation")
                                           for b in between)
    return candidate if kicker and shared else None


def _headline_above(result: Labelled, first: int, prose: list[int]) -> Block | None:
    """The headline when the page's first line is none (a menu, a skip link, a logo): walking
    up from the first paragraph past the head's date, byline and share buttons, the nearest
    headline-shaped line, with the standfirst under it when there is one. It counts as the
    headline when it names the story the opening paragraphs (and the standfirst) tell, or
    when the head's metadata (a byline, a date) sits right above or below it; never beside
    a photo caption. Labels the headline (and standfirst) and returns the headline.
    """
    blocks = result.blocks
    rules = CONTEXT_RULES_BY_NAME
    title_rule, name_rule, standfirst_rule = rules["head.title"], rules["head.byline_name"], rules["head.subtitle"]

    def headline_shaped(block: Block) -> bool:
        return not block.kind and not block.is_prose and title_rule.matches(block.text)

    def head_meta(block: Block) -> bool:
        if block.kind in META_KINDS:
            return True
        # 'Editor: Dewi Lestari', 'Foto: Jana Beck', 'بقلم: أحمد المنصوري': a label and a name
        labelled = _LABELLED_NAME.match(block.text)
        return not block.kind and (name_rule.matches(block.text) or is_role_line(block.text)
                                   or bool(labelled and count_words(labelled.group(1)) <= _LABELLED_NAME_WORDS))

    story = set().union(*(_content_words(blocks[i].key) for i in prose[:2])) if prose else set()

    def tells_the_story(block: Block) -> bool:
        return len(_content_words(block.key) & story) >= _SHARED_STORY_WORDS

    stacked: list[Block] = []  # the headline's candidates, lowest first: [standfirst,] headline
    for i in range(first - 1, max(0, first - _HEADLINE_REACH) - 1, -1):
        block = blocks[i]
        # (a headline in title case can read as a list of names: 'Pemerintah Resmikan Jalan Tol')
        if not stacked and (block.kind in _UNDER_HEADLINE or head_meta(block) and not tells_the_story(block)):
            continue
        if headline_shaped(block) or (not stacked and not block.kind and standfirst_rule.matches(block.text)):
            stacked.append(block)
            if len(stacked) == 2 or headline_shaped(block) and i > 0 and not headline_shaped(blocks[i - 1]):
                break
            continue
        break
    if not stacked:
        return None
    headline, standfirst = stacked[0], None
    if len(stacked) == 2:
        upper, lower = stacked[1], stacked[0]
        # Over a standfirst that reads as prose, the upper line is the headline. Over another
        # headline-shaped line, it is the headline only when it names their story; else it is
        # a kicker or a menu's last item ('Politik', 'Advertise with us') over the headline.
        names_story = len(_content_words(upper.key) & (story | _content_words(lower.key))) >= _SHARED_STORY_WORDS
        # (a quoted headline over the standfirst that names the speaker shares no words with it)
        over_longer = upper.words > _HEADLINE_MIN_WORDS and lower.words >= _STANDFIRST_LONGER * upper.words
        if not headline_shaped(lower) or (
                upper.words >= _HEADLINE_MIN_WORDS and standfirst_rule.matches(lower.text) and (names_story or over_longer)):
            headline, standfirst = upper, lower
            story |= _content_words(lower.key)
    if not headline_shaped(headline):
        return None
    near = [blocks[i] for i in range(max(0, headline.index - 2), first) if blocks[i] is not headline]
    under_meta = headline.words >= _HEADLINE_MIN_WORDS and any(head_meta(b) for b in near)
    if not (tells_the_story(headline) or under_meta):  # (the story includes the standfirst by now)
        return None
    if any(blocks[i].rule == "caption.photo_credit_only"
           for i in (headline.index - 1, headline.index + 1) if 0 <= i < len(blocks)):
        return None  # the text of a photo credit's caption ('Foto: ...' / 'Protesters in Nairobi')
    headline.label("title", "head.title")
    result.title = headline.text
    if standfirst is not None:
        standfirst.label("subtitle", "head.subtitle")
        result.subtitle = standfirst.text
    return headline


_STANDFIRST_MIN_WORDS = 10  # a standfirst printed without a full stop is at least this long
_HEADLINE_MIN_WORDS = 3  # a headline known by its place alone (over a byline) is no one- or two-word menu item
_STANDFIRST_LONGER = 1.5  # a standfirst runs this much longer than the headline over it
_LABELLED_NAME = re.compile(r"^[^\W\d_][^\s:]{1,20}\s*:\s*(\S.*)$")  # 'Editor: Dewi Lestari'
_LABELLED_NAME_WORDS = 4  # a name after a label is this short (a kicker's headline is longer or tells the story)


def _names_same_story(key: str, other: str) -> bool:
    """Whether two headline keys name one story: they share at least two content words,
    and at least half of the shorter one's.

    >>> _names_same_story("rail strike ends after three weeks", "three week rail strike ends with deal")
    True
    >>> _names_same_story("mayor opens the bridge from the north", "storm closes roads from the north coast")
    False
    """
    words, others = _content_words(key), _content_words(other)
    shared = len(words & others)
    return shared >= _SHARED_STORY_WORDS and shared * 2 >= min(len(words), len(others))


def _content_words(key: str) -> set[str]:
    """Words long enough to carry a story's subject ('Klöckner', 'Stromnetz'), from a line key."""
    return {w for w in key.split() if len(w) >= 4}


_LEDE_REACH = 8        # lines above the first paragraph searched for the opening run
_LEDE_MIN_WORDS = 8    # an opening paragraph is at least this long


def _opening_run(blocks: list[Block], title_block: Block | None, first: int) -> list[int]:
    """Opening paragraphs cut off from the article by a byline, a date, a caption or a label.

    The region search can start the article below the lede ('Berlin. The city ... .' / 'By
    Jane Smith' / '12.03.2024' / first paragraph): sentences between the headline and the
    first paragraph, with only such short lines between them, are the article's opening
    and are labelled body here. Returns their indices (empty when there are none).
    """
    floor = first - _LEDE_REACH
    if title_block is not None and title_block.index < first:
        floor = max(floor, title_block.index + 1)
    found: list[int] = []
    for i in range(first - 1, max(floor, 0) - 1, -1):
        block = blocks[i]
        if block.kind in _UNDER_HEADLINE or (block.kind in ("", "navigation") and block.words < 6):
            continue
        if block.kind in ("", "related_links", "off_article") and block.rule.startswith("context.") is False \
                and block.words >= _LEDE_MIN_WORDS and (block.is_prose or SENTENCE_END.search(block.text)):
            if find_dates(block.text):
                break  # 'Posted on 12 March 2015 in News. 3 comments.': the head's furniture, not the lede
            found.append(i)
            continue
        break
    for i in found:
        blocks[i].label(BODY, "")
    return sorted(found)


def _headline_under_kicker(blocks: list[Block], top: Block, first: int) -> Block | None:
    """The headline when the page's first line is a kicker or the site's name printed over it:
    'Sanierung der Hauptstrecken' / headline / standfirst / 'Von Julia Brandt · 14.03.2025'.
    The first line is short; the headline under it (a short label or two between them) is
    longer, ends on no full stop, and has a standfirst that reads as a sentence under it and
    the byline or the date under that. (A headline with a standfirst written without a full
    stop right over the byline has no such line between: the standfirst is not taken for it.)
    """
    if top.words > _KICKER_WORDS or top.text.rstrip().endswith("."):
        return None
    title_rule = CONTEXT_RULES_BY_NAME["head.title"]
    for i in range(top.index + 1, min(top.index + 1 + _KICKER_REACH, first, len(blocks) - 2)):
        candidate, below, after = blocks[i], blocks[i + 1], blocks[i + 2]
        if candidate.kind not in ("", "subtitle", "navigation", "related_links"):
            return None
        if candidate.words <= top.words or not title_rule.matches(candidate.text):
            continue  # another label over the headline ('Grand format')
        standfirst = below.kind in ("", "subtitle", BODY) and below.is_prose and below.text.rstrip().endswith(".")
        return candidate if standfirst and after.kind in META_KINDS else None
    return None


_KICKER_REACH = 3  # lines from the page's first line down to the headline under it


def _take_printed_headline(result: Labelled, title_block: Block, printed: Block) -> Block:
    """Make `printed` the title; the page title it replaces stays on record as a duplicate."""
    if title_block.kind == "title":
        _decide(title_block, (CONTEXT_RULES_BY_NAME["head.duplicate_title"],), Context(replaced_title=True))
    if printed.kind == "subtitle":
        # Taken for the standfirst before: the line under it is the standfirst.
        result.subtitle = None
        under = result.blocks[printed.index + 1] if printed.index + 1 < len(result.blocks) else None
        if under is not None and under.kind in ("", "related_links") and CONTEXT_RULES_BY_NAME["head.subtitle"].matches(under.text):
            under.label("subtitle", "head.subtitle")
            result.subtitle = under.text
    printed.label("title", "head.title")
    result.title = printed.text
    return printed


_SEPARATOR = re.compile(r"[^\w\s]")


def _better_punctuated(printed: str, page_title: str) -> str:
    """The page title's wording when it is the printed headline with the separators the page
    lost between its parts (a kicker set apart only by layout: 'Hochwasser Pegel steigt weiter').

    >>> _better_punctuated("Hochwasser Pegel steigt weiter", "Hochwasser: Pegel steigt weiter")
    'Hochwasser: Pegel steigt weiter'
    >>> _better_punctuated("Floods – river keeps rising", "Floods: river keeps rising")
    'Floods – river keeps rising'
    >>> _better_punctuated("River keeps rising", "Floods: river keeps rising")
    'River keeps rising'
    """
    if norm_key(printed) == norm_key(page_title) and \
            len(_SEPARATOR.findall(page_title)) > len(_SEPARATOR.findall(printed)):
        return page_title
    return printed


def _headline_again(block: Block, title: str | None) -> bool:
    """Whether a line under the title is the headline printed in other words (no sentence
    end, the title's story): the printed headline, not a standfirst. (A closing quotation
    mark ends many headlines: 'Schubert: "Nicht mehr viel zu verlieren"'.)"""
    return (bool(title) and block.words <= count_words(title) + _HEADLINE_EXTENSION_WORDS
            and not block.text.rstrip("\"'”’»“«„ ").endswith((".", "!", "?", "…", "。"))
            and _names_same_story(block.key, norm_key(title)))


def _read_head(result: Labelled, title_block: Block | None, site_name: str | None) -> int | None:
    """Title, duplicate titles and standfirst; returns the index the article starts under."""
    blocks = result.blocks
    rules = CONTEXT_RULES_BY_NAME
    if title_block is not None:
        if title_block is not blocks[0]:
            _decide(blocks[0], (rules["head.page_title_with_site"],), Context(headline_below=True))
            result.site_name = site_name
            result.title = title_block.text
            if title_block.key == blocks[0].key:
                # The whole page title printed again, site name and all.
                result.title = split_site_suffix(title_block.text)[0]
            else:
                result.title = _better_punctuated(title_block.text, split_site_suffix(blocks[0].text)[0])
            title_block.label("title", "head.title")
        else:
            # Only the page <title> is there: the headline is its text without the site's name
            # (the whole line stays on record as removed).
            result.title, result.site_name = split_site_suffix(title_block.text)
            if not _decide(title_block, (rules["head.page_title_with_site"],), NO_CONTEXT):
                title_block.label("title", "head.title")
        title_context = Context(title_key=norm_key(result.title))
        for block in blocks:
            if block is not title_block and block.kind in ("", "navigation"):
                _decide(block, (rules["head.duplicate_title"],), title_context)
    # The standfirst: the first unlabelled line of some length between the title and the
    # last head metadata line (read time, date, byline) that precedes the article proper.
    after_title = (title_block.index + 1) if title_block is not None else 0
    window = blocks[after_title: min(len(blocks), after_title + 10)]
    last_meta = None
    prose_seen = 0
    for block in window:
        if block.kind in META_KINDS:
            last_meta = block.index
        elif not block.kind and block.is_prose:
            prose_seen += 1
            if prose_seen > 1:
                break
    if last_meta is not None and title_block is not None:  # without a title, `_headline_above` reads the head
        for block in blocks[after_title:last_meta]:
            if (not block.kind and rules["head.subtitle"].matches(block.text)
                    and not rules["head.byline_name"].matches(block.text)  # a name and role is no standfirst
                    and not _EDITORS_NOTE.match(block.text)  # the article's own note to its readers
                    and not _headline_again(block, result.title)):
                block.label("subtitle", "head.subtitle")
                result.subtitle = block.text
                return block.index
    if title_block is blocks[0]:
        # The page <title> is the first line; the article sits under its copy printed lower down.
        again = [b.index for b in blocks[1:] if b.kind == "duplicate_title"]
        if again:
            return again[0]
    return title_block.index if title_block is not None else None


# An editor's note or a correction opening the article is the article's text, never its standfirst.
_EDITORS_NOTE = re.compile(r"(?i)^(?:editor[’']?s[’']? note|note from the editor|correction|clarification|update|"
                           r"anm\. d\. red\.|anmerkung der redaktion|note de la rédaction|nota del editor|"
                           r"nota de la redacción|nota della redazione|nota da redação|noot van de redactie)\s*[:.–—-]")


def _head_window(blocks: list[Block], title_block: Block | None, first: int, last: int) -> range:
    """Indices of the article's head: from the headline to the first paragraph (at most
    a dozen lines when no headline was found, since then the head is the page's menus too)."""
    if title_block is not None and title_block.index < first:
        start = title_block.index
        # 'Posted on 3 March 2021 by Jane Smith' printed over the headline belongs to the head too.
        while start > 0 and title_block.index - start < _META_OVER_HEADLINE and _head_meta_over(
                blocks[start - 1], among_meta=start < title_block.index):
            start -= 1
    else:
        start = max(0, first - 12)
    return range(start, min(first + _BYLINE_UNDER_STANDFIRST + 1, last + 1, len(blocks)))


_META_OVER_HEADLINE = 3  # date, byline and name lines over the headline read as the head's


def _head_meta_over(block: Block, among_meta: bool) -> bool:
    """A date, byline or read-time line printed over the headline, or a name line among them
    ('Jane Smith' / '28 June 2025' / headline); never a menu item right over the headline."""
    if block.kind in META_KINDS:
        return True
    return (among_meta and (not block.kind or block.rule.startswith("context."))
            and CONTEXT_RULES_BY_NAME["head.byline_name"].matches(block.text))


_DATE_LABEL_START = re.compile(DATE_LABEL, re.IGNORECASE)
_DATE_LABEL_WORDS = 4  # words before the date on a date line taken for a teaser ('Published on Monday')
_DATE_NEAR = 5  # lines from the head within which a date line outranks those farther away
_HEAD_META_READABLE = ("date_line", "byline", "read_time", "duplicate_title", "title", "navigation",
                       "related_links", "social_prompt", "")


def _read_published(result: Labelled, head: range, first: int, last: int) -> int | None:
    """The publication date: the first dated line of the head (a date line, a byline with a
    date, the page title with its date), the earliest date when a line prints two ('Published
    ... Updated ...'); a line saying 'updated' gives way to another dated head line. Failing
    the head, the first date line inside the article, then the nearest one above the head."""
    from .metadata import detect_language

    blocks = result.blocks
    language: list[str | None] = []  # the article's language, guessed once and only when needed

    def dated(block: Block) -> str | None:
        if block.words > 30 or block.kind in (BODY, "comment", "off_article"):
            return None
        if block.kind in ("", "related_links") and block.is_prose and SENTENCE_END.search(block.text):
            return None  # a sentence naming an event's date ('Lego feiert von 1. bis 8. Mai 2022 ...')
        if not language and language_decides(block.text):
            # '7/3/2025' is March outside English and July in it.
            language.append(detect_language(" ".join(b.text for b in blocks[first: last + 1] if b.kind == BODY)[:3000]))
        found = find_dates(block.text, language[0] if language else None)
        if not found:
            return None
        lead = block.text[: found[0].start]
        if (block.kind in ("related_links", "navigation") and count_words(lead) > _DATE_LABEL_WORDS
                and not INNER_BYLINE_INTRO.search(lead) and not _DATE_LABEL_START.match(lead)):
            # (but 'Posted by kovarex, TOGos, Ernestas, Albert on 2019-02-15' is the head's)
            return None  # a teaser's or a photo's text ('... speaks at a rally, Monday, Sept. 2, 2024. (AP Photo)')
        return min(found, key=lambda d: d.day).iso

    # The head from its headline down first; date lines printed over the headline after them
    # ('Available until 06.05.2024' over a video's headline is no publication date).
    title_at = next((i for i in head if blocks[i].kind == "title"), head.start)
    # Under the first paragraph, the head goes on only until the next one ('Von Jane Smith' under
    # a standfirst); a date line past it is inside the article ('Analyse 11.04.2022' over a teaser).
    inner = next((i for i in head if i > first and blocks[i].kind == BODY), head.stop)
    candidates = [(b, dated(b)) for b in (blocks[i] for i in head if i < inner) if b.kind in _HEAD_META_READABLE]
    # (A photo's caption dates the photo, never the article: captions are not among the readable kinds.)
    candidates = [(b, iso) for b, iso in candidates if iso]
    below = [(b, iso) for b, iso in candidates if b.index >= title_at]
    above = [(b, iso) for b, iso in candidates if b.index < title_at]
    chosen = []
    for group in (below, above):
        fresh = [(b, iso) for b, iso in group if not UPDATED_WORD.search(b.text)]
        chosen = (fresh or group)[:1]
        if chosen:
            break
    if not chosen:
        inside = [b for b in blocks[first: last + 1] if b.kind in ("date_line", "byline")]
        before = [b for b in reversed(blocks[: head.start]) if b.kind in ("date_line", "byline")]
        # A date a few lines over the headline (menu items between) before one deep in the
        # article, where the dates are those of teasers and quoted events.
        near_inside = [b for b in inside if b.index - first <= _DATE_NEAR]
        near_before = [b for b in before if head.start - b.index <= _DATE_NEAR]
        # The page <title> with its date ('Headline – DW – 13.06.2023') outranks both.
        page_title = [blocks[0]] if blocks[0].kind in ("duplicate_title", "title") else []
        near = {b.index for b in near_inside + near_before}
        ordered = page_title + near_inside + near_before + [b for b in inside + before if b.index not in near]
        for block in ordered:
            iso = dated(block)
            if iso:
                chosen = [(block, iso)]
                break
    if chosen:
        result.published = chosen[0][1]
        return chosen[0][0].index
    return None


def _words_of_the_page(blocks: list[Block]) -> set[str]:
    """Words the page writes in lower case. A person's name is not among them; the words of
    a label that looks like one are ('Share Save', 'Current Issue', 'Download PDF')."""
    words: set[str] = set()
    for block in blocks:
        text = _HANDLE_OR_ADDRESS.sub(" ", block.text) if "@" in block.text else block.text
        words.update(w.casefold() for w in ALPHA_WORD.findall(text) if w[0].islower())
    return words


# A handle or an e-mail address holds a name in lower case ('@devindra', 'jane.doe@example.com'):
# not a word the page writes.
_HANDLE_OR_ADDRESS = re.compile(r"\S*@\S+")




def _signs_the_article(blocks: list[Block], last: int) -> bool:
    """A name line right under the last paragraph signs the article, unless more name-like
    lines follow it (a list of tags: 'Giorgia Meloni' / 'Donald Trump')."""
    if last + 1 >= len(blocks):
        return False
    name_rule = CONTEXT_RULES_BY_NAME["head.byline_name"]
    following = blocks[last + 2] if last + 2 < len(blocks) else None
    return following is None or not name_rule.matches(following.text)


def _the_story_names(blocks: list[Block], index: int, first: int, last: int) -> bool:
    """Whether the name line at `index` is the story's subject rather than its author: the
    opening paragraphs name that person ('Friedrich Merz, the CDU's candidate, ...'; the line
    is a photo's caption). Writers do not name themselves in their own lede, unless by their
    role ('our correspondent Jane Smith went to ...').

    The caller checks the line is a bare name; a Block stands in for one here:
    >>> page = [make_block("Jane Doe"), make_block("Jane Doe, the mayor, said on Monday ...", index=1)]
    >>> page[1].kind = BODY
    >>> _the_story_names(page, 0, 1, 1)
    True
    >>> page[1] = make_block("Our correspondent Jane Doe went to the border on Monday ...", index=1)
    >>> page[1].kind = BODY
    >>> _the_story_names(page, 0, 1, 1)
    False

    The name line itself, taken into the article by the region search, does not count:
    >>> page = [make_block("The council voted to rebuild the bridge.", index=0), make_block("Jane Doe", index=1)]
    >>> page[0].kind = page[1].kind = BODY
    >>> _the_story_names(page, 1, 0, 1)
    False
    """
    name = blocks[index].text
    opening = [b for b in blocks[first: min(last + 1, first + _OPENING_PARAGRAPHS * 3)]
               if b.kind == BODY and b.index != index]
    for block in opening[:_OPENING_PARAGRAPHS]:
        at = block.text.find(name)
        if at >= 0 and not _WRITER_ROLE.search(block.text[max(0, at - _ROLE_REACH): at]):
            return True
    return False


_OPENING_PARAGRAPHS = 3  # paragraphs of the lede searched for the name of the story's subject
_ROLE_REACH = 40  # characters before a name in the lede searched for the writer's role
# A writer's role right before their name in the lede ('our correspondent Jane Doe',
# 'специальный корреспондент “Ъ” Андрей Колесников'); a quoted outlet may sit between.
_WRITER_ROLE = re.compile(r"(?i)\b(?:correspondent|reporter|journalist|writer|columnist|editor|korrespondent|"
                          r"reporterin|redakteur|correspondant|envoyée? spéciale?|corresponsal|enviad[oa] especial|"
                          r"inviat[oa]|corrispondente|корреспондент|журналист|обозреватель)\w*\s*(?:[“\"«][^”\"»]{1,20}[”\"»]\s*)?$")
_BYLINE_ABOVE_REACH = 40  # lines above the head searched for a byline when the head has none
_NAME_REACH = 3  # how near the headline, the date or the first paragraph a bare name line must be


def _read_byline_names(result: Labelled, head: range, first: int, last: int, anchors: set[int]) -> None:
    """Authors from the head's bylines; a line holding only a person's name next to the
    headline, the date line or the first paragraph is a byline too. No byline in the head:
    the bylines just after the article."""
    from .metadata import parse_authors

    blocks = result.blocks
    names: list[str] = []
    for i in head:
        if blocks[i].kind == "byline" or blocks[i].kind == "date_line" and names_a_writer(blocks[i].text):
            names.extend(_byline_authors(blocks[i].text, result.site_name))
    if not names:
        names = _labelled_name(blocks, head)
    if not names:
        # No byline with an intro word: the bare name line nearest the date or the first paragraph.
        rule = CONTEXT_RULES_BY_NAME["head.byline_name"]
        # The head's top line is the headline, or (none found) a menu's last item: no name.
        top = next((i for i in head if blocks[i].kind == "title"), head.start)
        nearest = None
        page_words: set[str] | None = None
        # The head, and the lines around a date line found above it.
        around = [a for a in anchors if a < head.start]
        search = sorted(set(head) | {i for a in around
                                     for i in range(max(0, a - _NAME_REACH), min(len(blocks), a + _NAME_REACH + 1))}
                        | ({last + 1} if _signs_the_article(blocks, last) else set()))
        anchors = anchors | {last}
        for i in search:
            block = blocks[i]
            if i == top or not (block.kind == "" or block.rule.startswith("context.")
                                or block.kind == BODY and _beside_a_date_line(blocks, i)):
                continue
            distance = min(abs(i - a) for a in anchors)
            if (distance <= _NAME_REACH and rule.matches(block.text) and (nearest is None or distance < nearest[0])
                    and not _in_a_menu(blocks, i)):
                page_words = _words_of_the_page(blocks) if page_words is None else page_words
                # Only the name's own words count: a role after it ('Education editor') is
                # written in lower case by the line itself and by the article.
                name_words = {w.casefold() for name in parse_authors(block.text) for w in name.split()}
                if name_words and not page_words & name_words and not _the_story_names(blocks, i, first, last):
                    nearest = (distance, block)
        if nearest is not None:
            _apply(nearest[1], rule)
            names.extend(parse_authors(nearest[1].text))
    if not names:
        for block in blocks[last + 1: last + _SIGNATURE_REACH]:
            if block.kind == "byline":
                names.extend(parse_authors(block.text))
    if not names:
        # The author's box under the article ('Kommentar von' / 'Nicole Opitz' / 'Redakteurin').
        names = _labelled_name(blocks, range(last + 1, min(len(blocks), last + _AUTHOR_BOX_REACH)))
    if not names:
        # The head was not where the region search put it: the byline nearest above the article.
        for block in reversed(blocks[max(0, head.start - _BYLINE_ABOVE_REACH): head.start]):
            if block.rule == "byline.by":
                names.extend(parse_authors(block.text))
                break
    result.authors = names


_SIGNATURE_REACH = 8  # lines under the article where its byline may stand
_AUTHOR_BOX_REACH = 16  # ... and its author's box, past the feedback, topic and date lines


def _labelled_name(blocks: list[Block], lines: range) -> list[str]:
    """A byline's intro alone ('Von', 'Kommentar von', 'Author of the article:') and the name
    on the next line, among `lines`: the name's persons (both lines labelled), or none."""
    from .metadata import parse_authors

    label_rule, name_rule = CONTEXT_RULES_BY_NAME["head.byline_label"], CONTEXT_RULES_BY_NAME["head.byline_name"]
    for i in lines:
        label, following = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
        if following is not None and label_rule.matches(label.text) and name_rule.matches(following.text):
            _apply(label, label_rule)
            _apply(following, name_rule)
            return parse_authors(following.text)
    return []


def _beside_a_date_line(blocks: list[Block], i: int) -> bool:
    """Whether a date line sits right above or below the line: a name there, inside what the
    region search took as the article ('Standfirst.' / 'Edgar Schuler' / 'Publiziert ...'),
    is the byline."""
    return any(0 <= j < len(blocks) and blocks[j].kind == "date_line" for j in (i - 1, i + 1))


def _in_a_menu(blocks: list[Block], i: int) -> bool:
    """Whether a line sits inside a run of menu items (two on each side of it): capitalised
    words there are a menu's ('Shaping New Tomorrow' between shop links), not a byline. (One
    menu line on each side is too little: a byline sits between 'Share Save' and the outlet's
    name.)"""
    return (_MENU_RUN <= i < len(blocks) - _MENU_RUN
            and all(blocks[j].kind == "navigation" for j in range(i - _MENU_RUN, i + _MENU_RUN + 1) if j != i))


_MENU_RUN = 2  # menu lines on each side of a line that make it a menu's


def _byline_authors(text: str, site_name: str | None) -> list[str]:
    """A byline's persons; when it names no person, the agency it names ('By AP', 'Von dpa'),
    never the site's own name. (Beside a person, an agency is left out: measured on the meta
    set's text pages, keeping it loses more author sets than it wins.)"""
    from .metadata import AGENCY, author_candidates, parse_authors

    names = parse_authors(text)
    if names:
        return names
    site = {site_name.casefold()} if site_name else set()
    agencies = [name for name, kind in author_candidates(text, site)
                if kind == AGENCY and not (" " in name and name[0].islower())]  # 'in News': where it is filed
    return agencies[:1]  # 'By TPN, in News, Portugal, Business': the first names the byline


def _read_dateline(result: Labelled, first: int) -> str | None:
    """Read a dateline ('WASHINGTON (Reuters) -') off the first paragraph; return the
    paragraph's text as it was before, or None when nothing was read."""
    blocks = result.blocks
    if first >= len(blocks) or blocks[first].kind:
        return None
    rule = CONTEXT_RULES_BY_NAME["head.dateline"]
    match = rule.pattern.match(blocks[first].text)
    if match:
        dateline = match.group(1).strip().rstrip(",")
        rest = blocks[first].text[match.end():].strip()
        if len(rest.split()) >= 5:
            before = blocks[first].text
            result.dateline = dateline
            blocks[first].text = rest
            blocks[first].words = count_words(rest)
            return before
    return None


def _inside_article(blocks: list[Block], start: int, end: int, first: int, last: int,
                    anchor: int | None = None, drop_repeats: bool = False) -> None:
    """Label every block still open: body inside the article, the rest by the context rules.

    [start, end) is the article region, `first`/`last` its first and last paragraph; with
    `drop_repeats` (text mode, where no extractor chose the lines) a line printed often
    inside the region is furniture too."""
    rules = CONTEXT_RULES_BY_NAME
    before_body = (rules["context.name_caption"], rules["context.repeated_block"])
    outside = tuple(rules[name] for name in ("context.comment_section", "context.repeated_block",
                                             "context.menu_item", "context.teaser_headline",
                                             "context.off_article_text"))
    following_lines = rules["context.name_caption"].following_lines
    cut = _comment_cut(blocks, WEIGHTS, anchor)
    counts: dict[str, int] = {}
    for block in blocks:
        key = block.key
        counts[key] = counts.get(key, 0) + 1
    for block in blocks:
        if block.kind:
            continue
        index = block.index
        in_region = start <= index < end
        position = where(index, first, last)
        following = (" ".join(b.text for b in blocks[index + 1: index + 1 + following_lines])
                     if in_region and position == BETWEEN else "")
        context = Context(
            where=position, in_region=in_region,
            article_line=in_region and (first <= index <= last or (index < first and block.is_prose)),
            drop_repeats=drop_repeats, repeats=counts.get(block.key, 0), after_comments=index >= cut,
            following=following)
        # `_decide`, inlined: this loop runs for every line of every page.
        for rule in before_body:
            if rule.test(block, context):
                block.label(rule.kind, rule.name, context)
                break
        else:
            if context.article_line:
                block.label(BODY, "")
                continue
            for rule in outside:
                if rule.test(block, context):
                    block.label(rule.kind, rule.name, context)
                    break
            else:
                raise AssertionError(f"no context rule took line {index}")  # the length rules cover every line
