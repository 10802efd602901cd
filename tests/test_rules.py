"""Every rule's examples match it and its non-examples do not: one parametrised test over the rule table."""
import pytest

from pipeline.rules import ALL_RULES, Rule

CASES = [(rule.name, text, True) for rule in ALL_RULES for text in rule.examples] + [
    (rule.name, text, False) for rule in ALL_RULES for text in rule.non_examples]
BY_NAME = {rule.name: rule for rule in ALL_RULES}


@pytest.mark.parametrize(("name", "text", "expected"), CASES,
                         ids=[f"{n}:{'yes' if e else 'no'}:{t[:30]}" for n, t, e in CASES])
def test_rule_examples(name, text, expected):
    assert BY_NAME[name].matches(text) is expected


def test_every_rule_has_examples_and_non_examples():
    lacking = [rule.name for rule in ALL_RULES if not rule.examples or not rule.non_examples]
    assert lacking == []


def test_rule_names_are_unique_and_dotted():
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all("." in name and name == name.lower() for name in names)


def test_a_rule_without_pattern_or_test_matches_nothing():
    assert Rule("x.none", "navigation").matches("anything") is False


def test_max_words_keeps_long_paragraphs_that_mention_furniture():
    rule = BY_NAME["donation.appeal"]
    appeal = "Support The OBSERVATORY from as little as $1 – it only takes a minute."
    paragraph = ("The charity said donors could give from as little as $1 a month, and that the money raised "
                 "last year had paid for clean water in eleven villages, two clinics and a school. ") * 3
    assert rule.matches(appeal)
    assert rule.max_words is not None and len(paragraph.split()) > rule.max_words
    assert rule.matches(paragraph) is False
