"""Reading what an officer types (vlo/domain/values.py), at every limit it names.

Sources: SPEC §4 (dates accepted as ISO 2025-03-31 or UK 31/03/2025, day first, always; printed as
"31 March 2025" in letters) and SPEC §5 "Bad input" (one clear line naming the field and what is
accepted; a field of 100,000 characters refused). The limits themselves are the module's constants.
"""

from __future__ import annotations

from datetime import date

import pytest

from vlo.domain.values import (
    LONG_TEXT,
    SHORT_TEXT,
    choice,
    clean_text,
    format_long_date,
    non_negative,
    parse_date,
    parse_optional_date,
    today,
)
from vlo.errors import VloError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-31", date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),  # SPEC §4: day first, always
        ("1/4/2025", date(2025, 4, 1)),  # not 4 January
        (" 2025-03-31 ", date(2025, 3, 31)),
        ("1950-01-01", date(1950, 1, 1)),  # the earliest accepted
        ("31/12/2099", date(2099, 12, 31)),  # the latest accepted
        ("29/02/2024", date(2024, 2, 29)),  # a leap day
        ("today", date(2025, 6, 2)),  # VLO_TODAY in tests/conftest.py
        ("TODAY", date(2025, 6, 2)),
    ],
)
def test_dates_an_officer_may_type(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1949-12-31", "sentence date must be between 1950 and 2099"),
        ("01/01/2100", "sentence date must be between 1950 and 2099"),
        ("29/02/2025", "sentence date is not a real date"),
        ("2025-3-31", "sentence date must be a date like 2025-03-31 or 31/03/2025 (day first)"),
        ("20250331", "sentence date must be a date like"),  # fromisoformat would take it
        ("2025-W14-1", "sentence date must be a date like"),
        ("", "sentence date must be a date like"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_naming_the_field(text, message):
    with pytest.raises(VloError) as error:
        parse_date(text, "sentence date")
    assert str(error.value).startswith(message)


def test_today_is_a_word_only_where_allowed():
    with pytest.raises(VloError):
        parse_date("today", "VLO_TODAY", allow_today=False)
    assert today() == date(2025, 6, 2)


def test_an_optional_date_may_be_left_blank():
    assert parse_optional_date(None, "offence date") is None
    assert parse_optional_date("  ", "offence date") is None
    assert parse_optional_date("02/06/2025", "offence date") == date(2025, 6, 2)


def test_text_is_trimmed_and_may_be_exactly_as_long_as_its_limit():
    assert clean_text("  Siân O'Neil ", "name") == "Siân O'Neil"
    assert clean_text("x" * SHORT_TEXT, "name") == "x" * SHORT_TEXT
    with pytest.raises(VloError, match=r"^name is too long: at most 200 characters \(got 201\)$"):
        clean_text("x" * (SHORT_TEXT + 1), "name")
    assert clean_text("x" * 20, "title", limit=20) == "x" * 20
    with pytest.raises(VloError, match="at most 20 characters"):
        clean_text("x" * 21, "title", limit=20)


def test_a_field_of_100000_characters_is_refused_without_echoing_it():
    with pytest.raises(VloError) as error:
        clean_text("x" * 100_000, "summary", limit=LONG_TEXT)
    assert str(error.value) == "summary is too long: at most 4000 characters (got 100000)"


@pytest.mark.parametrize(
    ("text", "required", "outcome"),
    [
        (None, True, "name is required"),
        (None, False, None),
        ("  ", True, "name must not be empty"),
        ("", False, None),
    ],
)
def test_missing_or_blank_text(text, required, outcome):
    if required:
        with pytest.raises(VloError, match=f"^{outcome}$"):
            clean_text(text, "name", required=True)
    else:
        assert clean_text(text, "name", required=False) is outcome


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x0bb", "a\x0cb"])
def test_control_characters_are_refused_even_in_long_text(bad):
    with pytest.raises(VloError, match="contains control characters"):
        clean_text(bad, "summary", limit=LONG_TEXT)


@pytest.mark.parametrize("breaking", ["a\nb", "a\rb"])
def test_short_fields_are_one_line_long_fields_may_break(breaking):
    # SPEC §5: one clear line; a name or a reference on two lines would break a letter and the list.
    with pytest.raises(VloError, match="^name must be on one line$"):
        clean_text(breaking, "name")
    with pytest.raises(VloError, match="must be on one line"):
        clean_text(breaking, "name", limit=SHORT_TEXT)
    assert clean_text(breaking, "summary", limit=SHORT_TEXT + 1) == breaking
    assert clean_text(f"a\t{breaking}", "summary", limit=LONG_TEXT) == f"a\t{breaking}"


def test_choices_ignore_case_and_list_every_option():
    assert choice(" Violent ", "category", ("violent", "sexual")) == "violent"
    with pytest.raises(VloError, match="^category must be one of: violent, sexual$"):
        choice("fraud", "category", ("violent", "sexual"))
    with pytest.raises(VloError):
        choice(None, "category", ("violent",))


@pytest.mark.parametrize(("value", "expected"), [(None, 0), (0, 0), (35, 35), (36500, 36500)])
def test_days_from_0_to_100_years(value, expected):
    assert non_negative(value, "remand days") == expected


@pytest.mark.parametrize("value", [-1, 36501])
def test_days_out_of_range_are_refused(value):
    with pytest.raises(VloError, match="^remand days must be a whole number of days from 0 to 36500$"):
        non_negative(value, "remand days")
    assert non_negative(10, "remand days", limit=10) == 10
    with pytest.raises(VloError, match="from 0 to 10$"):
        non_negative(11, "remand days", limit=10)


def test_a_letter_writes_the_date_in_words_without_a_leading_zero():
    assert format_long_date(date(2025, 1, 6)) == "6 January 2025"  # SPEC §4: "31 March 2025" in letters


def test_text_is_required_unless_said_otherwise():
    # SPEC §5 "Bad input": an empty name gets one clear line naming the field.
    from vlo.domain.values import clean_text

    with pytest.raises(VloError, match="^summary is required$"):
        clean_text(None, "summary")
    with pytest.raises(VloError, match="^summary must not be empty$"):
        clean_text("   ", "summary")
    assert clean_text(None, "summary", required=False) is None


def test_vlo_today_must_itself_be_a_date(monkeypatch):
    # VLO_TODAY fixes "today" for a reproducible report; the word "today" cannot define itself.
    from vlo.domain.values import today

    monkeypatch.setenv("VLO_TODAY", "today")
    with pytest.raises(VloError, match="^VLO_TODAY must be"):
        today()


def test_a_date_of_birth_may_be_from_1900_where_other_dates_start_in_1950():
    """vlo.domain.values.EARLIEST_BIRTH: a victim or offender in their eighties has a date of birth
    before 1950, the first year of any other date vlo reads."""
    from vlo.domain.values import EARLIEST_BIRTH

    assert parse_date("1900-01-01", "date of birth", earliest=EARLIEST_BIRTH) == date(1900, 1, 1)
    assert parse_date("01/01/1900", "date of birth", earliest=EARLIEST_BIRTH) == date(1900, 1, 1)
    with pytest.raises(VloError, match="^date of birth must be between 1900 and 2099$"):
        parse_date("1899-12-31", "date of birth", earliest=EARLIEST_BIRTH)
    with pytest.raises(VloError, match="^offence date must be between 1950 and 2099$"):
        parse_date("1949-12-31", "offence date")
