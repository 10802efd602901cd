"""Metadata values: dates independent of the machine's zone, no invented parts, author names."""
import time

import pytest

from pipeline.metadata import author_names, detect_language, parse_authors, parse_date


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York"])
def test_dates_do_not_depend_on_the_machine_zone(monkeypatch, zone):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert parse_date("2019-11-20 13:38:07 IST") == "2019-11-20T13:38:07"
        assert parse_date("20 Nov 2019 10:00 EST") == "2019-11-20T10:00:00-05:00"
        assert parse_date("2019-11-20T10:30:00+00:00") == "2019-11-20T10:30:00+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(("text", "expected"), [
    ("Thursday, 26 December 2018", "2018-12-26"),   # a weekday's 'T' is no time
    ("26 December, 2018", "2018-12-26"),
    ("Nov 2019", None),                             # no day: not invented
    ("2019", None),
    ("Updated at 1:23 p.m.", None),                 # a time alone
])
def test_dates_keep_only_what_the_text_says(text, expected):
    assert parse_date(text) == expected


def test_bylines_give_person_names_only():
    assert parse_authors("By Jane Smith and Tom Jones, Reuters") == ["Jane Smith", "Tom Jones"]
    assert parse_authors("By REUTERS") == []
    assert author_names("Jane Smith, Staff Writer") == ["Jane Smith"]
    assert author_names("jane@example.com") == []


def test_language_by_stop_words_and_by_script():
    assert detect_language("The talks will continue today and we are close to a final agreement with them.") == "en"
    assert detect_language("先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで男性が逮捕された") == "ja"
