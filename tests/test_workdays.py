"""The England and Wales working-day calendar against SPEC §2's worked examples and properties."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vlo.domain.workdays import WorkingCalendar, bank_holidays


@lru_cache(maxsize=1)
def holidays_2000_2035() -> dict[date, str]:
    return bank_holidays(1999, 2036)


@lru_cache(maxsize=1)
def calendar() -> WorkingCalendar:
    return WorkingCalendar(holidays_2000_2035(), 1999, 2036)


def naive_add(start: date, n: int) -> date:
    """Walk day by day: the definition, slow and obviously right."""
    day = start
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays_2000_2035():
            n -= 1
    return day


@pytest.mark.parametrize(
    ("sentenced", "deadline"),
    [
        (date(2025, 3, 31), date(2025, 5, 30)),
        (date(2025, 12, 1), date(2026, 1, 29)),
        (date(2025, 12, 19), date(2026, 2, 18)),
        (date(2026, 3, 20), date(2026, 5, 20)),
        (date(2026, 12, 18), date(2027, 2, 17)),
    ],
)
def test_spec_worked_examples(sentenced, deadline):
    assert calendar().add(sentenced, 40) == deadline
    assert calendar().between(sentenced, deadline) == 40


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2020, 5, 8), "May Day"),  # moved to Friday 8 May for VE Day
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral"),
        (date(2023, 5, 8), "Coronation"),
        (date(2021, 12, 27), "Christmas Day (observed)"),
        (date(2021, 12, 28), "Boxing Day (observed)"),
        (date(2022, 1, 3), "New Year's Day (observed)"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 8, 25), "Late Summer Bank Holiday"),
    ],
)
def test_one_off_substitute_and_england_only_days_are_holidays(day, name):
    assert name in holidays_2000_2035()[day]
    assert not calendar().is_working_day(day)


def test_only_weekdays_are_kept_and_every_year_has_eight_or_more():
    days = holidays_2000_2035()
    assert all(d.weekday() < 5 for d in days)
    for year in range(2000, 2036):
        assert len([d for d in days if d.year == year]) >= 8, year


def test_year_boundary_and_easter():
    # Fri 19 Dec 2025: 22, 23, 24 Dec are days 1-3; 25, 26 Dec and 1 Jan 2026 are bank holidays.
    assert calendar().add(date(2025, 12, 19), 3) == date(2025, 12, 24)
    assert calendar().add(date(2025, 12, 19), 4) == date(2025, 12, 29)
    assert calendar().add(date(2025, 12, 31), 1) == date(2026, 1, 2)
    # Thu 17 Apr 2025: Good Friday and Easter Monday are skipped.
    assert calendar().add(date(2025, 4, 17), 1) == date(2025, 4, 22)


@pytest.mark.parametrize(
    "sentenced",
    [date(2025, 5, 31), date(2025, 6, 1), date(2025, 5, 26), date(2025, 12, 25), date(2022, 9, 19)],
)
def test_a_sentence_on_a_weekend_or_bank_holiday_is_still_day_0(sentenced):
    assert calendar().add(sentenced, 40) == naive_add(sentenced, 40)
    first = calendar().add(sentenced, 1)
    assert first > sentenced and calendar().is_working_day(first)


def test_a_local_closure_moves_the_deadline():
    closed = WorkingCalendar([*holidays_2000_2035(), date(2025, 5, 29)], 1999, 2036)
    assert closed.add(date(2025, 3, 31), 40) == date(2025, 6, 2)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2034, 12, 31))
counts = st.integers(min_value=1, max_value=300)


@settings(max_examples=300, deadline=None)
@given(days, counts)
def test_deadline_is_a_working_day_exactly_n_working_days_on(start, n):
    end = calendar().add(start, n)
    assert calendar().is_working_day(end)
    assert end == naive_add(start, n)
    assert calendar().between(start, end) == n


@settings(max_examples=300, deadline=None)
@given(days, days, counts)
def test_monotone_in_the_start_date(a, b, n):
    early, late = sorted((a, b))
    assert calendar().add(early, n) <= calendar().add(late, n)


@settings(max_examples=200, deadline=None)
@given(days, counts)
def test_subtract_is_the_inverse_of_add_on_working_days(start, n):
    end = calendar().add(start, n)
    back = calendar().subtract(end, n)
    assert calendar().is_working_day(back)
    assert back <= start and calendar().add(back, n) == end


@settings(max_examples=500, deadline=None)
@given(
    st.dates(min_value=date(1960, 1, 1), max_value=date(2060, 12, 31)),
    st.integers(0, 600),
    st.integers(0, 400),
)
def test_term_end_agrees_with_dateutil(start, months, days):
    from dateutil.relativedelta import relativedelta

    from vlo.domain.terms import Term

    # PSI 03/2015 para 5.5 (as ministryofjustice/calculate-release-dates-api Duration.getEndDate):
    # (start - 1 day) + months + days; from the 1st of a month, the months end at a month's end.
    term = Term(months // 12, months % 12, days)
    if start.day == 1 and months:
        expected = start + relativedelta(months=months) - timedelta(days=1) + timedelta(days=days)
    else:
        expected = start - timedelta(days=1) + relativedelta(months=months, days=days)
    assert term.end(start) == expected
