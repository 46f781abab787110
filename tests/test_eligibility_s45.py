"""Eligibility per the Domestic Violence, Crime and Victims Act 2004 s.45 (issue 12), with its boundaries.

Source for every case: DVCVA 2004 s.45 (a relevant sentence: imprisonment or detention for a term of
12 months or more, detention at His Majesty's pleasure, a DTO of 12 months or more) and SPEC section 2.
"""

from __future__ import annotations

from datetime import date

import pytest

from vlo.domain.scheme import NOT_ELIGIBLE, REVIEW, STATUTORY, Sentence, assess
from vlo.domain.terms import Term

DAY = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("term", "verdict"),
    [
        (Term(days=364), NOT_ELIGIBLE),
        (Term(days=365), STATUTORY),
        (Term(months=12), STATUTORY),
        (Term(years=1), STATUTORY),
    ],
)
def test_twelve_months_exactly(term: Term, verdict: str):
    # 12 months from 15 Mar 2024 ends 14 Mar 2025: 365 days; 364 days is a day short.
    assert assess("violent", Sentence(date(2024, 3, 15), "sds", term)).verdict == verdict


def test_the_longest_concurrent_term_counts():
    # Issue 12: 6 months with a 2-year concurrent term was judged not eligible.
    got = assess("violent", Sentence(DAY, "sds", Term(months=6), concurrent=(Term(years=2),)))
    assert got.verdict == STATUTORY
    assert "concurrent term of 2 years" in got.reason


def test_detention_for_a_term_needs_twelve_months():
    assert assess("violent", Sentence(DAY, "detention", Term(months=6))).verdict == NOT_ELIGIBLE
    assert assess("violent", Sentence(DAY, "detention", Term(months=12))).verdict == STATUTORY


def test_his_majestys_pleasure_is_its_own_type():
    got = assess("violent", Sentence(DAY, "detention-hmp"))
    assert (got.verdict, got.reason) == (
        STATUTORY,
        "A violent offence and detention at His Majesty's pleasure.",
    )
    # A "detention" recorded with no term (before detention-hmp existed) still reads as His Majesty's pleasure.
    assert assess("violent", Sentence(DAY, "detention")).reason == got.reason


def test_extended_sentence_term_is_custody_plus_extension():
    got = assess("sexual", Sentence(DAY, "eds", Term(months=8), extension=Term(months=4)))
    assert got.verdict == STATUTORY
    assert "with 4 months extension" in got.reason
    assert (
        assess("sexual", Sentence(DAY, "eds", Term(months=8), extension=Term(months=3))).verdict
        == NOT_ELIGIBLE
    )


@pytest.mark.parametrize(("listed", "verdict"), [(True, STATUTORY), (None, REVIEW), (False, NOT_ELIGIBLE)])
def test_terrorism_only_where_in_the_acts_lists(listed: bool | None, verdict: str):
    got = assess("terrorism", Sentence(DAY, "sds", Term(years=3)), schedule_15=listed)
    assert got.verdict == verdict
    if verdict != STATUTORY:
        assert "Schedule 15" in got.reason


def test_consecutive_only_route_is_review():
    got = assess("violent", Sentence(DAY, "sds", Term(months=6), consecutive=(Term(months=6),)))
    assert got.verdict == REVIEW
