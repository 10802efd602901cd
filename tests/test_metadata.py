"""Metadata values: dates independent of the machine's zone, no invented parts, author names."""
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Mon 20 Jan 2020 06.05 GMT", None, "2020-01-20T06:05:00+00:00"),   # a dotted time, a zone
    ("January 10, 2020 9:00AM (UTC)", None, "2020-01-10T09:00:00+00:00"),
    ("Oct. 25, 2021,", None, "2021-10-25"),
    ("6. August 2009", None, "2009-08-06"),                             # German day with a dot
    ("Donnerstag, 5. Juni 2025", None, "2025-06-05"),
    ("Stand: 28.04.2023 16:11 Uhr", None, "2023-04-28T16:11:00"),       # dotted: always day first
    ("06. 01. 2026, 14:59 Uhr", None, "2026-01-06T14:59:00"),
    ("Publié le 30 août 2023 à 14h52", None, "2023-08-30T14:52:00"),
    ("Publié le 18 juil. 2024 à 08:01", None, "2024-07-18T08:01:00"),   # abbreviated French month
    ("22 de enero de 2018", None, "2018-01-22"),
    ("22 de janeiro de 2018", None, "2018-01-22"),
    ("5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)", None, "2025-01-05"),
    ("3 mei 2024", None, "2024-05-03"),
    ("søndag 2. februar 2025", None, "2025-02-02"),
    ("12. MÄR 2025 18:03", None, "2025-03-12T18:03:00"),
    ("2025年1月13日 21時37分", None, "2025-01-13T21:37:00"),
    ("2025.05.15 20:00", None, "2025-05-15T20:00:00"),
    ("30/04/2024 - 16:17", None, "2024-04-30T16:17:00"),
    ("7/3/2025", "de", "2025-03-07"),                                   # day first outside English
    ("7/3/2025", "en", "2025-07-03"),
    ("7/3/2025", None, "2025-03-07"),
    ("32.13.2024", None, None),                                         # no such day
    ("Version 1.2.3, build 2024", None, None),                          # no day.month.year
])
def test_dates_in_many_languages_and_shapes(text, language, expected):
    assert parse_date(text, language) == expected


def test_bylines_in_many_languages():
    assert parse_authors("Von Anna Schmidt und Jonas Weber, dpa") == ["Anna Schmidt", "Jonas Weber"]
    assert parse_authors("par Marie Dupont et Jean Martin") == ["Marie Dupont", "Jean Martin"]
    assert parse_authors("Por Luna Pérez y Pedro Ruiz") == ["Luna Pérez", "Pedro Ruiz"]
    assert parse_authors("di Marco Rossi") == ["Marco Rossi"]
    assert parse_authors("door Jan de Vries") == ["Jan de Vries"]
    assert parse_authors("Autor: Monika Bolliger") == ["Monika Bolliger"]
    assert parse_authors("By Jane Smith, Education editor") == ["Jane Smith"]
    assert parse_authors("Jane Smith Education editor") == ["Jane Smith"]
    assert parse_authors("Von Hannah Ritzmann, Redakteurin für Finanzen 09.09.2025, 15:15 Uhr") == ["Hannah Ritzmann"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.sampled_from(["", "a", "Die Gespräche werden heute fortgesetzt.",
                                                "习近平主席向首届中国拉美和加勒比国家航天合作论坛致贺信"]))
def test_language_features_are_py3langids_own(sample: str) -> None:
    """Our vectorised run of py3langid's n-gram automaton counts what its `instance2fv` counts."""
    import numpy as np

    from pipeline.metadata import _features, _language_identifier

    assert np.array_equal(_features(sample), _language_identifier().instance2fv(sample))
