"""Eligibility per the Domestic Violence, Crime and Victims Act 2004 s.45 (issue 12), with its boundaries.

Source for every case: DVCVA 2004 s.45 (a relevant sentence: imprisonment or detention for a term of
12 months or more, detention at His Majesty's pleasure, a DTO of 12 months or more) and SPEC section 2.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# Any single term of 12 months or more makes the case statutory, whichever place it has in the
# sentence (main, concurrent or consecutive): DVCVA 2004 s.45 and SPEC §2, where "review" is only for
# when adding consecutive terms together is the only route to 12 months. Reviewer's report: 6 months
# then 3 years consecutive was judged review and got no initial-contact deadline, while 3 years then
# 6 months was statutory.
@pytest.mark.parametrize(
    ("kind", "main", "consecutive", "named"),
    [
        ("sds", Term(months=6), (Term(years=3),), "with a consecutive term of 3 years"),
        ("sds", Term(months=3), (Term(months=2), Term(months=12)), "with a consecutive term of 12 months"),
        ("dto", Term(months=8), (Term(months=18),), "with a consecutive term of 18 months"),
        ("detention", Term(months=6), (Term(years=2),), "with a consecutive term of 2 years"),
    ],
)
def test_a_consecutive_term_of_12_months_on_its_own_is_statutory(kind, main, consecutive, named):
    got = assess("violent", Sentence(date(2025, 11, 3), kind, main, consecutive=consecutive))
    assert got.verdict == STATUTORY
    assert named in got.reason


def test_a_consecutive_term_is_measured_from_the_day_it_starts():
    # SPEC §2 sentence arithmetic (term end = start - 1 day + the term): 6 months from 1 Sep 2023 end
    # 29 Feb 2024, so the consecutive 366 days run 1 Mar 2024 to 28 Feb 2025 and 12 months from 1 Mar
    # 2024 end on 28 Feb 2025: 12 months on its own (measured from the sentence date, 1 Sep 2023, 12
    # months are 366 days and 365 would fall short).
    assert (
        assess(
            "sexual", Sentence(date(2023, 9, 1), "sds", Term(months=6), consecutive=(Term(days=365),))
        ).verdict
        == STATUTORY
    )
    assert (
        assess(
            "sexual", Sentence(date(2023, 9, 1), "sds", Term(months=6), consecutive=(Term(days=364),))
        ).verdict
        == REVIEW
    )


def test_the_officers_two_orders_of_the_same_terms_agree(vlo, monkeypatch):
    monkeypatch.setenv("VLO_TODAY", "2025-11-03")
    # The reviewer's commands: the same two terms in either order make a statutory case with an
    # initial-contact deadline (SPEC §2: 40 working days after Mon 3 Nov 2025 is Wed 31 Dec 2025).
    for ref, terms in (("CONS1", "--length 3y --consecutive 6m"), ("CONS2", "--length 6m --consecutive 3y")):
        vlo(f'case add {ref} --offender "A B" --offence "Wounding" --category violent')
        vlo(
            f"sentence {ref} --date 2025-11-03 --type sds {terms}",
        )
        vlo(f'victim add {ref} --name "C D"')
        assert json.loads(vlo(f"case show {ref} --json").stdout)["eligibility"] == STATUTORY
    due = json.loads(vlo("due --json --all").stdout)
    assert [(d["case_ref"], d["kind"], d["due_date"]) for d in due] == [
        ("CONS1", "initial-contact", "2025-12-31"),
        ("CONS2", "initial-contact", "2025-12-31"),
    ]


months = st.integers(min_value=1, max_value=36).map(lambda n: Term(months=n))


@given(
    main=months, consecutive=st.lists(months, max_size=3), day=st.dates(date(2000, 1, 1), date(2030, 12, 31))
)
def test_the_verdict_does_not_depend_on_the_order_of_consecutive_terms(main, consecutive, day):
    # DVCVA 2004 s.45, SPEC §2: statutory exactly when one term is 12 months or more; review when only
    # their sum is; whichever term the court named first.
    terms = [main, *consecutive]
    verdicts = {
        assess(
            "violent", Sentence(day, "sds", terms[i], consecutive=tuple(terms[:i] + terms[i + 1 :]))
        ).verdict
        for i in range(len(terms))
    }
    longest, total = max(t.months for t in terms), sum(t.months for t in terms)
    expected = STATUTORY if longest >= 12 else REVIEW if total >= 12 else NOT_ELIGIBLE
    assert verdicts == {expected}
