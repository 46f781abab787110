"""The England and Wales working-day calendar against SPEC §2's worked examples and properties."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vlo.domain.workdays import TABLES_AFTER, WorkingCalendar, bank_holidays
from vlo.errors import VloError


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


# The fast path: the same answers from the precomputed tables as from the formula and from a walk.


def tabled(calendar: WorkingCalendar) -> WorkingCalendar:
    """``calendar`` with its tables built now, as a long recompute has them."""
    calendar._build_tables()
    return calendar


def both_paths(closed, first_year: int, last_year: int) -> list[WorkingCalendar]:
    return [
        WorkingCalendar(closed, first_year, last_year),
        tabled(WorkingCalendar(closed, first_year, last_year)),
    ]


class Walk:
    """The definitions, one day at a time, over a calendar of weekdays less ``closed``."""

    def __init__(self, closed, first_year: int, last_year: int):
        self.closed = set(closed)
        self.first, self.last = date(first_year, 1, 1), date(last_year, 12, 31)

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def add(self, start: date, n: int) -> date | None:
        """None when the count runs past the end of the calendar."""
        day = start
        while n:
            day += timedelta(days=1)
            if day > self.last:
                return None
            n -= self.working(day)
        return day

    def subtract(self, end: date, n: int) -> date:
        """Back from the day before ``end``, the ``n``th working day met: a Saturday release counts the
        Friday before as one. Clamped to the calendar's first day."""
        day = end
        while n:
            day -= timedelta(days=1)
            if day < self.first:
                return self.first
            n -= self.working(day)
        return day

    def between(self, start: date, end: date) -> int:
        sign, (low, high) = (1, (start, end)) if start <= end else (-1, (end, start))
        days = (low + timedelta(days=i) for i in range(1, (high - low).days + 1))
        return sign * sum(map(self.working, days))


@st.composite
def random_calendars(draw):
    """A short span (so counts run off both ends) with random closed days, weekends among them."""
    first_year = draw(st.integers(1960, 2057))
    last_year = first_year + draw(st.integers(0, 3))
    span = st.dates(min_value=date(first_year, 1, 1), max_value=date(last_year, 12, 31))
    closed = draw(st.sets(span, max_size=80))
    return closed, first_year, last_year, span


@settings(max_examples=300, deadline=None)
@given(random_calendars(), st.data(), counts)
def test_add_agrees_with_a_walk_on_random_calendars(calendar_args, data, n):
    closed, first_year, last_year, span = calendar_args
    walk = Walk(closed, first_year, last_year)
    start = data.draw(span)
    expected = walk.add(start, n)
    for calendar in both_paths(closed, first_year, last_year):
        if expected is None:
            with pytest.raises(VloError, match="outside the working-day calendar"):
                calendar.add(start, n)
        else:
            assert calendar.add(start, n) == expected
            assert calendar.between(start, expected) == n


@settings(max_examples=300, deadline=None)
@given(random_calendars(), st.data(), counts)
def test_subtract_agrees_with_a_walk_on_random_calendars(calendar_args, data, n):
    closed, first_year, last_year, span = calendar_args
    walk = Walk(closed, first_year, last_year)
    # Weekends and closed days as ends too: a release on a Saturday, a notice due on a closed day.
    end = data.draw(st.one_of(span, st.sampled_from(sorted(closed)) if closed else span))
    expected = walk.subtract(end, n)
    for calendar in both_paths(closed, first_year, last_year):
        assert calendar.subtract(end, n) == expected


@settings(max_examples=200, deadline=None)
@given(random_calendars(), st.data())
def test_between_and_is_working_day_agree_with_a_walk_on_random_calendars(calendar_args, data):
    closed, first_year, last_year, span = calendar_args
    walk = Walk(closed, first_year, last_year)
    start, end = data.draw(span), data.draw(span)
    for calendar in both_paths(closed, first_year, last_year):
        assert calendar.between(start, end) == walk.between(start, end)
        assert calendar.is_working_day(end) == walk.working(end)


@pytest.mark.parametrize("path", [0, 1], ids=["formula", "tables"])
def test_counting_back_from_a_saturday_release(path):
    calendar = both_paths(holidays_2000_2035(), 1999, 2036)[path]
    # Sat 14 Nov 2026: the Friday before is the first working day back, as if it were the release.
    assert calendar.subtract(date(2026, 11, 14), 1) == date(2026, 11, 13)
    assert calendar.subtract(date(2026, 11, 14), 5) == date(2026, 11, 9)
    # Mon 28 Dec 2026 is a substitute Boxing Day: Christmas Eve is one day back.
    assert calendar.subtract(date(2026, 12, 28), 1) == date(2026, 12, 24)
    # A working end: add undoes it.
    assert calendar.add(calendar.subtract(date(2026, 11, 13), 40), 40) == date(2026, 11, 13)


@pytest.mark.parametrize("path", [0, 1], ids=["formula", "tables"])
def test_counts_off_either_end_of_the_calendar(path):
    calendar = both_paths([], 2000, 2000)[path]
    with pytest.raises(VloError, match="2001-01-01 is outside"):
        calendar.add(date(2000, 12, 29), 1)
    assert calendar.subtract(date(2000, 1, 5), 10) == date(2000, 1, 1)
    with pytest.raises(VloError, match="1999-12-31 is outside"):
        calendar.between(date(1999, 12, 31), date(2000, 1, 3))


def test_a_busy_calendar_builds_its_tables_and_keeps_its_answers():
    calendar = WorkingCalendar(holidays_2000_2035(), 1999, 2036)
    start = date(2025, 3, 31)
    assert calendar._counts is None
    answers = {calendar.add(start, 40) for _ in range(TABLES_AFTER)}
    assert calendar._counts is None
    answers.add(calendar.add(start, 40))
    assert calendar._counts is not None
    assert answers == {date(2025, 5, 30)}


def test_the_default_calendar_runs_from_1960_to_2060_and_names_its_span_outside_it():
    # workdays.FIRST_YEAR/LAST_YEAR: old life sentences start in the 1960s; SPEC §5 one line naming it.
    calendar = WorkingCalendar([])
    assert calendar.add(date(1960, 1, 1), 1) == date(1960, 1, 4)  # Fri 1 Jan 1960 -> Mon 4 Jan
    assert calendar.subtract(date(2060, 12, 31), 1) == date(2060, 12, 30)  # Fri 31 Dec 2060 -> Thu
    for outside in (date(1959, 12, 31), date(2061, 1, 1)):
        with pytest.raises(VloError, match=r"outside the working-day calendar \(1960 to 2060\)$"):
            calendar.is_working_day(outside)


def test_bank_holidays_cover_the_last_year_asked_for_and_no_more():
    # GOV.UK "UK bank holidays": Christmas Day Fri 25 Dec 2026, Boxing Day substitute Mon 28 Dec 2026.
    days = bank_holidays(2025, 2026)
    assert date(2026, 12, 25) in days and date(2026, 12, 28) in days
    assert min(days) == date(2025, 1, 1) and max(days) == date(2026, 12, 28)


def test_no_working_days_on_is_not_a_count():
    # add/subtract count n >= 1 working days; a setting of 0 is the caller's "the day itself".
    for count in (calendar().add, calendar().subtract):
        with pytest.raises(ValueError, match="n must be at least 1"):
            count(date(2025, 3, 31), 0)


def test_counting_back_to_the_second_day_of_the_calendar():
    # Mon 1 Jan 2001 opens a calendar with no closed days: Fri 5 Jan less 3 wd is Tue 2 Jan.
    for calendar_ in both_paths([], 2001, 2001):
        assert calendar_.subtract(date(2001, 1, 5), 3) == date(2001, 1, 2)
        assert calendar_.subtract(date(2001, 1, 5), 4) == date(2001, 1, 1)


def test_a_count_back_that_builds_the_tables_keeps_its_answer():
    # The call that builds the tables works out its target before them: both must agree. Wed 1 Jan
    # 2003 opens the calendar; Fri 10 Jan less 3 wd is Tue 7 Jan.
    calendar_ = WorkingCalendar([], 2003, 2004)
    for _ in range(TABLES_AFTER):
        calendar_.add(date(2003, 1, 1), 1)
    assert calendar_._counts is None
    assert calendar_.subtract(date(2003, 1, 10), 3) == date(2003, 1, 7)
    assert calendar_._counts is not None
