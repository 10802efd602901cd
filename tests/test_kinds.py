"""The kind registry (pipeline/kinds.py) is the one vocabulary of labels: every rule's kind
is in it, every kind that feeds a field has a reader, and a misspelt kind fails loudly."""
import pytest

import pipeline
from pipeline.core import FIELD_READERS
from pipeline.document import Document, json_schema
from pipeline.kinds import BODY, KINDS, LIST_FIELDS, SINGLE_FIELDS, VERBATIM_FIELDS, Kind, kind
from pipeline.rules import ALL_RULES, Rule
from pipeline.text import Block


def test_every_rule_kind_is_registered():
    assert sorted({rule.kind for rule in ALL_RULES} - set(KINDS)) == []


def test_a_rule_with_a_misspelt_kind_fails_when_it_is_made():
    with pytest.raises(ValueError, match="unknown kind 'captions'"):
        Rule("caption.typo", "captions", test=bool, examples=("x",), non_examples=("",))


def test_labelling_a_block_with_an_unknown_kind_fails():
    block = Block(0, "Share", True, 1)
    with pytest.raises(ValueError, match="unknown kind"):
        block.label("navigaton", "context.menu_item")
    block.label("", "")  # taking a label back is allowed
    assert block.kind == ""


def test_every_field_a_kind_feeds_is_a_document_field_with_a_reader():
    fields = set(Document.__dataclass_fields__)
    for registered in KINDS.values():
        if registered.feeds is None:
            continue
        assert registered.feeds in fields, registered.name
        if registered.feeds not in VERBATIM_FIELDS:
            assert registered.feeds in FIELD_READERS, registered.name
    assert set(FIELD_READERS) == set(LIST_FIELDS) | set(SINGLE_FIELDS)


def test_a_kind_feeding_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="unknown field"):
        Kind("x", "nothing", feeds="captoins")


def test_kinds_are_lower_case_names_as_the_schema_requires():
    schema_kind = json_schema()["properties"]["removed"]["items"]["properties"]["kind"]["pattern"]
    import re

    assert all(re.fullmatch(schema_kind, name) for name in KINDS)


def test_only_body_title_and_subtitle_are_shown_as_kept():
    assert sorted(k.name for k in KINDS.values() if k.kept) == [BODY, "subtitle", "title"]


def test_verbatim_kinds_are_not_repeated_in_removed():
    assert not kind("title").recorded_as_removed and not kind(BODY).recorded_as_removed
    assert kind("caption").recorded_as_removed


def test_the_fields_kinds_feed_reach_the_document():
    text = ("Harbour cranes get a new coat of paint\n\nBy Jane Smith\n\nNovember 20, 2019\n\n3 min read\n\n"
            "The cranes along the north quay were repainted this week, the port authority said on Tuesday.\n\n"
            "Workers on the quay at dawn. Photo: Jana Beck/dpa\n\n"
            "The work took four months and cost less than planned, a spokesman told reporters later.\n\n"
            "Tags: Port, Cranes, Paint\n")
    doc = pipeline.clean(text)
    assert doc.authors == ("Jane Smith",)
    assert doc.published and doc.published.startswith("2019-11-20")
    assert doc.read_time_minutes == 3
    assert [c.credit for c in doc.captions] == ["Jana Beck/dpa"]
    assert doc.tags == ("Port", "Cranes", "Paint")
    assert {r.kind for r in doc.removed} >= {"byline", "date_line", "read_time", "caption", "tag_line"}
