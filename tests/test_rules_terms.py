"""Sentence terms (vlo/domain/terms.py): how long a term is and where it ends, each against a source.

Sources: PSI 03/2015 "Calculation of release dates" para 5.5 (a term ends on the day before the same
date that many months or years on; from the 1st of a month, at a month's end), as HMPPS's calculator
(ministryofjustice/calculate-release-dates-api) does it; SPEC §2 worked examples; SPEC §4 (LENGTH
like 18m, 2y6m, 4y, 120d) and §5 (bad input gets one line naming the field); the Gregorian calendar
(Calendar (New Style) Act 1750: a leap year every 4 years, except centuries not divisible by 400).
"""

from __future__ import annotations

from datetime import date

import pytest

from vlo.domain.terms import Term, add_months, check_total, consecutive_end, parse_term, turns
from vlo.errors import VloError

# --- Calendar months on, clamped to the month's last day ------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # a common year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # 2024: divisible by 4
        (date(1900, 1, 31), 1, date(1900, 2, 28)),  # 1900: a century not divisible by 400, common
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # 2000: divisible by 400, a leap year
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # 2100: common again
        (date(2025, 3, 31), 1, date(2025, 4, 30)),  # April has 30 days
        (date(2025, 5, 31), 1, date(2025, 6, 30)),  # June
        (date(2025, 8, 31), 1, date(2025, 9, 30)),  # September
        (date(2025, 10, 31), 1, date(2025, 11, 30)),  # November
        (date(2025, 6, 30), 1, date(2025, 7, 30)),  # July has 31: the 30th stays the 30th
        (date(2025, 7, 31), 1, date(2025, 8, 31)),  # August has 31
        (date(2025, 11, 30), 1, date(2025, 12, 30)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),  # into the next year
        (date(2024, 11, 15), 3, date(2025, 2, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a leap day a year on
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # and four years on
        (date(2025, 1, 31), 11, date(2025, 12, 31)),
        (date(2025, 3, 15), 0, date(2025, 3, 15)),
    ],
)
def test_calendar_months_on_keep_the_day_or_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


# --- Where a term ends (PSI 03/2015 para 5.5) --------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        # SPEC §2: 2 years from 21 Sep 2013; the licence ends 20 Sep 2015, the term's last day.
        (Term(years=2), date(2013, 9, 21), date(2015, 9, 20)),
        # SPEC §2: 3 years from 15 Dec 2012 ends 14 Dec 2015 (before the adjustments move it).
        (Term(years=3), date(2012, 12, 15), date(2015, 12, 14)),
        # Issue 12's worked example: 1 month from 31 Aug 2020 ends 30 Sep 2020 (30 Aug + 1 month).
        (Term(months=1), date(2020, 8, 31), date(2020, 9, 30)),
        # From the 1st: 6 months from 1 Mar 2023 ends 31 Aug 2023, 1 year from 1 Mar 2023 on 29 Feb 2024.
        (Term(months=6), date(2023, 3, 1), date(2023, 8, 31)),
        (Term(years=1), date(2023, 3, 1), date(2024, 2, 29)),
        (Term(years=1), date(2022, 3, 1), date(2023, 2, 28)),
        # From the 1st with days as well: the month's end, then the days: 31 Mar + 10 = 10 Apr 2023.
        (Term(months=1, days=10), date(2023, 3, 1), date(2023, 4, 10)),
        # 1 Jan + 18 months: the last day of June the next year.
        (Term(years=1, months=6), date(2025, 1, 1), date(2026, 6, 30)),
        # Days alone from the 1st are plain days: 120 days from 1 Jan 2025 ends 30 Apr (31+28+31+30).
        (Term(days=120), date(2025, 1, 1), date(2025, 4, 30)),
        # Days after months: 1 month 10 days from 15 Jan 2025 is 14 Feb + 10 = 24 Feb 2025.
        (Term(months=1, days=10), date(2025, 1, 15), date(2025, 2, 24)),
        # A leap-day sentence: 1 year from 29 Feb 2024 ends 28 Feb 2025 (28 Feb 2024 + 1 year).
        (Term(years=1), date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_a_term_ends_the_day_before_the_same_date_on(term, start, end):
    assert term.end(start) == end


def test_a_terms_length_counts_both_ends():
    # SPEC §2: L = end - sentence date + 1: 2 years from 21 Sep 2013 is 730 days (no 29 Feb inside),
    # 1 year from 1 Mar 2023 is 366 (29 Feb 2024 inside), 120d is 120 days, one day is 1.
    assert Term(years=2).length(date(2013, 9, 21)) == 730
    assert Term(years=1).length(date(2023, 3, 1)) == 366
    assert Term(days=120).length(date(2025, 1, 1)) == 120
    assert Term(days=1).length(date(2025, 1, 1)) == 1


def test_twelve_months_is_at_least_a_year_and_364_days_is_not():
    # DVCVA 2004 s.45's "12 months or more": 12 months from 15 Mar 2024 ends 14 Mar 2025, 365 days.
    start = date(2024, 3, 15)
    assert Term(months=12).at_least(Term(years=1), start)
    assert Term(years=1).at_least(Term(months=12), start)
    assert Term(days=365).at_least(Term(months=12), start)
    assert not Term(days=364).at_least(Term(months=12), start)
    assert Term(months=13).at_least(Term(months=12), start)


# --- How a term is written and read (SPEC §4: LENGTH like 18m, 2y6m, 4y, 120d) -----------------------


def test_a_term_is_written_as_typed_and_in_words():
    assert (str(Term(2, 6)), str(Term(months=18)), str(Term(days=120)), str(Term())) == (
        "2y6m",
        "18m",
        "120d",
        "0d",
    )
    assert Term(1, 6, 1).words() == "1 year 6 months 1 day"
    assert Term(years=2).words() == "2 years"


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("18m", Term(months=18)),
        ("2y6m", Term(2, 6)),
        ("4Y", Term(years=4)),
        (" 120d ", Term(days=120)),
        ("1y1m1d", Term(1, 1, 1)),
        ("100y", Term(years=100)),  # vlo's ceiling: 100 years (terms.LONGEST_YEARS) ...
        ("1200m", Term(months=1200)),  # ... or its months ...
        ("37200d", Term(days=37200)),  # ... or 100 x 12 x 31 days
    ],
)
def test_lengths_are_read_as_typed(text, term):
    assert parse_term(text) == term


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "length must be like 18m"),
        ("abc", "length must be like 18m"),
        ("18", "length must be like 18m"),
        ("0m", "length must be longer than zero"),
        ("0y0m0d", "length must be longer than zero"),
        ("101y", "length can be at most 100 years"),
        ("1201m", "length can be at most 100 years"),
        ("99y13m", "length can be at most 100 years"),  # 1201 months
        ("37201d", "length can be at most 100 years"),
        ("100y1d", "length can be at most 100 years"),
    ],
)
def test_bad_lengths_are_refused_with_one_line_naming_the_field(text, message):
    # SPEC §5 "Bad input": a length of 0m or abc gets one clear line naming the field.
    with pytest.raises(VloError, match=f"^{message}"):
        parse_term(text)


# --- Consecutive terms added up as HMPPS's calculator does (DurationAggregator) ---------------------


@pytest.mark.parametrize(
    ("terms", "end"),
    [
        # Its own examples: 3 months, 3 weeks, 3 months, 5 months is 3 months, then 21 days, then 8
        # months: 31 Mar 2023, 21 Apr 2023, then 8 months from 22 Apr: 21 Dec 2023.
        ([Term(months=3), Term(days=21), Term(months=3), Term(months=5)], date(2023, 12, 21)),
        # 3 years, 4 months, 5 months is 3 years 9 months: from 1 Jan 2023 to 30 Sep 2026.
        ([Term(years=3), Term(months=4), Term(months=5)], date(2026, 9, 30)),
        # A term's months come before its days: 1 month 10 days, then 1 month is 1 month, then 10 days,
        # then 1 month: 31 Jan 2023, 10 Feb, then 1 month from 11 Feb: 10 Mar 2023.
        ([Term(months=1, days=10), Term(months=1)], date(2023, 3, 10)),
        # Days next to days are added too: 10 days then 5 days then 1 month is 15 days, then 1 month.
        ([Term(days=10), Term(days=5), Term(months=1)], date(2023, 2, 15)),
    ],
)
def test_consecutive_terms_add_neighbouring_months_together_and_days_together(terms, end):
    assert consecutive_end(date(2023, 1, 1), terms) == end


def test_one_month_twice_from_31_january_ends_where_two_months_does():
    # One at a time would give 28 Feb, then 1 Mar to 31 Mar.
    assert consecutive_end(date(2025, 1, 31), [Term(months=1)] * 2) == Term(months=2).end(date(2025, 1, 31))


def test_consecutive_terms_may_make_100_years_in_all_and_no_more():
    # terms.check_total: consecutive terms follow one another, so their sum is held to the ceiling.
    check_total([Term(years=60), Term(years=40)])
    check_total([Term(months=600), Term(days=600 * 31)])
    with pytest.raises(VloError, match="^length with consecutive terms can be at most 100 years in all$"):
        check_total([Term(years=60), Term(years=40, days=1)])
    with pytest.raises(VloError, match="^length with consecutive terms can be at most 100 years in all$"):
        check_total([Term(years=99, months=11), Term(months=1, days=1)])


@pytest.mark.parametrize(
    ("born", "age", "day"),
    [
        (date(2007, 6, 15), 18, date(2025, 6, 15)),  # the anniversary
        (date(2008, 2, 29), 18, date(2026, 3, 1)),  # a leap day in a common year: 1 March
        (date(2008, 2, 29), 16, date(2024, 2, 29)),  # in a leap year: the day itself
        (date(2000, 2, 29), 100, date(2100, 3, 1)),  # 2100 is not a leap year
        (date(2008, 2, 28), 18, date(2026, 2, 28)),
    ],
)
def test_the_day_someone_turns_an_age_is_when_they_have_lived_that_many_whole_years(born, age, day):
    # MoJ calculate-release-dates-api Offender.getAgeOnDate: java.time.Period.between(dateOfBirth,
    # date).years, which gives 17 for 29 Feb 2008 to 28 Feb 2026 and 18 for 29 Feb 2008 to 1 Mar 2026.
    assert turns(born, age) == day
