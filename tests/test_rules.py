"""Every rule's examples match it and its non-examples do not: one parametrised test over the
rule table. A context rule's examples carry their context and run through the same `test`
the labeller calls, so they exercise the real decision."""
import pytest

from pipeline.rules import ALL_RULES, Context, ContextRule, Rule
from pipeline.text import make_block


def _case(rule, example):
    return (rule.name, *example) if isinstance(rule, ContextRule) else (rule.name, example, None)


CASES = [(*_case(rule, e), True) for rule in ALL_RULES for e in rule.examples] + [
    (*_case(rule, e), False) for rule in ALL_RULES for e in rule.non_examples]
BY_NAME = {rule.name: rule for rule in ALL_RULES}


@pytest.mark.parametrize(("name", "text", "context", "expected"), CASES,
                         ids=[f"{n}:{'yes' if e else 'no'}:{t[:30]}" for n, t, _, e in CASES])
def test_rule_examples(name, text, context, expected):
    rule = BY_NAME[name]
    if context is None:
        assert rule.matches(text) is expected
    else:
        assert bool(rule.test(make_block(text), context)) is expected


def test_every_rule_has_examples_and_non_examples():
    lacking = [rule.name for rule in ALL_RULES if not rule.examples or not rule.non_examples]
    assert lacking == []


def test_rule_names_are_unique_and_dotted():
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all("." in name and name == name.lower() for name in names)


def test_a_rule_without_pattern_or_test_matches_nothing():
    assert Rule("x.none", "navigation").matches("anything") is False


def test_context_rules_decide_on_their_named_thresholds():
    """The thresholds are fields: a rule made with another one decides differently."""
    menu = BY_NAME["context.menu_item"]
    line = make_block("Markets Economy Politics World Opinion Sport Culture")  # 7 words
    assert not menu.test(line, Context())
    assert type(menu)(menu.name, menu.kind, max_words=7).test(line, Context())


def test_a_line_without_spaces_is_counted_by_characters_everywhere():
    """Issue 9: an 11-word Japanese teaser was a 'menu item' (one word by str.split)."""
    teaser = make_block("新型ロケットの打ち上げ、天候不良で延期")
    assert teaser.words > BY_NAME["context.menu_item"].max_words
    assert not BY_NAME["context.menu_item"].test(teaser, Context())
    assert BY_NAME["context.teaser_headline"].test(teaser, Context())


def test_max_words_keeps_long_paragraphs_that_mention_furniture():
    rule = BY_NAME["donation.appeal"]
    appeal = "Support The OBSERVATORY from as little as $1 – it only takes a minute."
    paragraph = ("The charity said donors could give from as little as $1 a month, and that the money raised "
                 "last year had paid for clean water in eleven villages, two clinics and a school. ") * 3
    assert rule.matches(appeal)
    assert rule.max_words is not None and len(paragraph.split()) > rule.max_words
    assert rule.matches(paragraph) is False
