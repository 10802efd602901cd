"""The text labeller on small documents: what stays body and what goes, with the rule."""
from pipeline import clean
from pipeline.text import label

PARAS = [
    "The city council met on Monday evening to discuss the new budget, which has been delayed for months.",
    "Officials said the plan would raise spending on schools and roads while cutting administrative costs.",
    "Residents who attended the meeting asked questions about property taxes and the future of the library.",
    "The mayor said a final vote is expected next month, after the council holds two more public hearings.",
]


def _kinds(text):
    return [(b.kind, b.text) for b in label(text).blocks]


def test_a_line_introducing_a_quote_does_not_open_a_comment_section():
    text = "\n\n".join(["Council debates budget"] + PARAS + [
        "In a statement, the ministry said:",
        "\u201cWe will review the plan carefully before the vote next month,\u201d it added in the statement.",
        "Council members said they were optimistic that a compromise could be reached before the deadline."])
    doc = clean(text)
    assert "optimistic that a compromise" in doc.body
    assert "review the plan carefully" in doc.body
    assert not [r for r in doc.removed if r.kind == "comment"]


def test_a_comment_section_head_ends_the_article():
    text = "\n\n".join(["Council debates budget"] + PARAS + [
        "3 Comments", "jsmith says:", "This is a terrible plan and the council should be ashamed of itself."])
    doc = clean(text)
    assert "terrible plan" not in doc.body
    assert {r.rule for r in doc.removed} >= {"comment_prompt.section", "context.comment_section"}


def test_by_opening_a_sentence_is_no_byline():
    text = "\n\n".join(["Floods recede", "By Friday, the river had fallen below flood level in most towns."] + PARAS)
    assert "By Friday, the river had fallen" in clean(text).body


def test_a_short_closing_sentence_stays_with_the_article():
    text = "\n\n".join(["Floods recede"] + PARAS + ["By Friday, the river had fallen below flood level."])
    assert clean(text).body.endswith("By Friday, the river had fallen below flood level.")


def test_an_acronym_opening_a_sentence_is_no_dateline():
    text = "\n\n".join(["Alliance under strain",
                        "NATO \u2014 the alliance founded in 1949 \u2014 is under strain as members argue over spending."] + PARAS)
    doc = clean(text)
    assert doc.dateline is None
    assert doc.body.startswith("NATO \u2014 the alliance")


def test_furniture_worded_as_a_sentence_stays_inside_the_article():
    middle = "Flights to Lisbon are available from as little as \u00a330 this winter, the airline said on Monday."
    doc = clean("\n\n".join(["Cheap flights"] + PARAS[:2] + [middle] + PARAS[2:]))
    assert middle.replace("\u00a0", " ") in doc.body


def test_the_same_furniture_at_the_end_is_removed_with_its_rule():
    appeal = "Support The OBSERVATORY from as little as $1 \u2013 it only takes a minute. Thank you."
    doc = clean("\n\n".join(["Cheap flights"] + PARAS + [appeal]))
    assert appeal not in doc.body
    assert [(r.kind, r.rule) for r in doc.removed if r.text == appeal] == [("donation", "donation.appeal")]
