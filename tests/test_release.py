"""Indicative release dates (SPEC section 2): every expected date below is worked by hand beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlo.domain.release import (
    SENTENCE_TYPES,
    IndicativeDates,
    SentenceFacts,
    indicative_dates,
)
from vlo.domain.terms import Term
from vlo.errors import VloError


def dates(**kw: object) -> IndicativeDates:
    """Indicative dates for the given sentence facts (category "other" unless given)."""
    kw.setdefault("category", "other")
    return indicative_dates(SentenceFacts(**kw))  # type: ignore[arg-type]


# --- the SPEC's worked examples -------------------------------------------------------------------


def test_spec_two_years_from_21_sep_2013():
    # End = 20 Sep 2013 + 2y = 20 Sep 2015; L = 730; ceil(730/2) = 365 -> 21 Sep 2013 + 364 = 20 Sep 2014.
    got = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2))
    assert got.release == date(2014, 9, 20)
    assert got.licence_end == date(2015, 9, 20)
    assert got.sentence_end == date(2015, 9, 20)
    assert got.fraction == "1/2"
    assert got.parole_eligibility is None
    # HDC (custodial period 365 >= 360 days): sentence date + 365 - 180 = 25 Mar 2014, as HMPPS's
    # calculator (HdcedCalculator; fixture custom-examples/14-day-hdced-rule-1.json shows the no -1 form).
    assert got.hdc_eligibility == date(2014, 3, 25)
    assert "1/2" in got.basis or "half" in got.basis


def test_spec_three_years_with_remand_and_tagged_bail():
    # End = 14 Dec 2012 + 3y = 14 Dec 2015; L = 1095; ceil(1095/2) = 548 -> 15 Dec 2012 + 547 = 15 Jun 2014;
    # less 35 remand and 10 tagged bail (45 days) -> 1 May 2014.
    # Licence: SPEC gives 30 Oct 2015 = 14 Dec 2015 - 45 days, so remand and tagged bail move it too.
    got = dates(date=date(2012, 12, 15), type="sds", term=Term(years=3), remand_days=35, tagged_bail_days=10)
    assert got.release == date(2014, 5, 1)
    assert got.licence_end == date(2015, 10, 30)
    assert "35 days remand" in got.basis and "10 days tagged bail" in got.basis


# --- several terms --------------------------------------------------------------------------------


def test_consecutive_terms_make_one_aggregate():
    # 1y from 10 Jan 2019 ends 9 Jan 2020; 6m consecutive from 10 Jan 2020 ends 9 Jan 2020 + 6m = 9 Jul 2020.
    # L = 365 + 182 = 547; ceil(547/2) = 274 -> 10 Jan 2019 + 273 = 10 Oct 2019.
    got = dates(date=date(2019, 1, 10), type="sds", term=Term(years=1), consecutive=(Term(months=6),))
    assert got.release == date(2019, 10, 10)
    assert got.licence_end == date(2020, 7, 9)
    assert "consecutive" in got.basis


def test_longest_concurrent_term_governs():
    # 2y from 21 Sep 2013 ends 20 Sep 2015; the concurrent 3y ends 20 Sep 2016 and governs.
    # L = 1096 (29 Feb 2016); 548 -> 21 Sep 2013 + 547 = 22 Mar 2015.
    got = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2), concurrent=(Term(years=3),))
    assert got.release == date(2015, 3, 22)
    assert got.licence_end == date(2016, 9, 20)


def test_shorter_concurrent_term_changes_nothing():
    alone = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2))
    both = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2), concurrent=(Term(months=6),))
    assert (both.release, both.licence_end) == (alone.release, alone.licence_end)


# --- fractions ------------------------------------------------------------------------------------


def test_extended_sentence():
    # Custodial 6y from 5 Jul 2016 ends 4 Jul 2022; L = 2191 (29 Feb 2020); ceil(2191 x 2/3) = 1461
    # -> PED 5 Jul 2016 + 1460 = 4 Jul 2020. Automatic release at the custodial end, 4 Jul 2022.
    # Extension 4y from 5 Jul 2022 ends 4 Jul 2026: licence and sentence end.
    got = dates(
        date=date(2016, 7, 5), type="eds", category="violent", term=Term(years=6), extension=Term(years=4)
    )
    assert got.parole_eligibility == date(2020, 7, 4)
    assert got.release == date(2022, 7, 4)
    assert got.licence_end == date(2026, 7, 4)
    assert got.sentence_end == date(2026, 7, 4)
    assert got.fraction == "2/3"
    assert got.hdc_eligibility is None


def test_forty_percent_for_violent_three_years_from_october_2024():
    # End = 1 Oct 2024 + 3y = 1 Oct 2027; L = 1095; 1095 x 0.4 = 438 exactly
    # -> 2 Oct 2024 + 437 = 13 Dec 2025.
    got = dates(date=date(2024, 10, 2), type="sds", category="violent", term=Term(years=3))
    assert got.release == date(2025, 12, 13)
    assert got.licence_end == date(2027, 10, 1)
    assert got.fraction == "40%"
    # HDC: under the 180-day rule it would fall on 17 Jun 2025, after the 365-day maximum began
    # (3 Jun 2025); under that rule it is 2 Oct 2024 + 219 = 9 May 2025, before it: so 3 Jun 2025
    # (MoJ fixtures overall_calculation/hdc-365/).
    assert got.hdc_eligibility == date(2025, 6, 3)


def test_forty_percent_for_other_offences_too():
    got = dates(date=date(2024, 10, 2), type="sds", term=Term(years=3))
    assert (got.release, got.fraction) == (date(2025, 12, 13), "40%")


def test_forty_percent_starts_on_10_september_2024():
    # 3y from 9 Sep 2024 is being served on 10 Sep 2024, so 40% reaches it too (tranche 1, SI 2024/844);
    # the issue-18 review named "9 Sep 2024 gets a half" a shortcut, not the rule.
    before = dates(date=date(2024, 9, 9), type="sds", term=Term(years=3))
    assert (before.fraction, before.rule) == (
        "40%",
        "40% release: tranche 1 (sentences being served on 10 Sep 2024)",
    )
    on = dates(date=date(2024, 9, 10), type="sds", term=Term(years=3))
    assert (on.fraction, on.rule) == ("40%", "40% release (sentenced on or after 10 Sep 2024)")


def test_violent_five_years_after_september_2024_stays_at_half():
    # End = 1 Oct 2024 + 5y = 1 Oct 2029; L = 1826 (29 Feb 2028); 913 -> 2 Oct 2024 + 912 = 2 Apr 2027.
    got = dates(date=date(2024, 10, 2), type="sds", category="violent", term=Term(years=5))
    assert got.release == date(2027, 4, 2)
    assert got.fraction == "1/2"
    assert "excludes violent offences of 4 years or more" in got.basis
    assert got.hdc_eligibility is None  # 4 years or more


def test_sexual_offence_after_september_2024_stays_at_half_without_hdc():
    # L = 1095; 548 -> 2 Oct 2024 + 547 = 2 Apr 2026.
    got = dates(date=date(2024, 10, 2), type="sds", category="sexual", term=Term(years=3))
    assert (got.release, got.fraction) == (date(2026, 4, 2), "1/2")
    assert got.hdc_eligibility is None


def test_sds_plus_at_two_thirds():
    # 7y from 5 Jul 2021 ends 4 Jul 2028; L = 2557; ceil(2557 x 2/3) = 1705 -> 5 Jul 2021 + 1704 = 5 Mar 2026.
    got = dates(date=date(2021, 7, 5), type="sds-plus", category="violent", term=Term(years=7))
    assert got.release == date(2026, 3, 5)
    assert got.licence_end == date(2028, 7, 4)
    assert got.fraction == "2/3"
    assert got.hdc_eligibility is None


def test_sds_plus_before_it_commenced_is_half():
    # SDS+ began 1 Apr 2020 (SI 2020/158); 6y from 5 Jul 2016: L = 2191; 1096 -> 5 Jul 2019.
    got = dates(date=date(2016, 7, 5), type="sds-plus", category="violent", term=Term(years=6))
    assert (got.release, got.fraction) == (date(2019, 7, 5), "1/2")


def test_violent_eight_years_from_2021_at_two_thirds():
    # End = 14 Mar 2021 + 8y = 14 Mar 2029; L = 2922 (2024, 2028 leap); 2922 x 2/3 = 1948
    # -> 15 Mar 2021 + 1947 = 15 Mar 2026 (+1826) + 121 = 14 Jul 2026.
    got = dates(date=date(2021, 3, 15), type="sds", category="violent", term=Term(years=8))
    assert got.release == date(2026, 7, 14)
    assert got.licence_end == date(2029, 3, 14)
    assert got.fraction == "2/3"


def test_eight_years_at_half_before_april_2020_or_for_other_offences():
    # 8y from 15 Mar 2019: L = 2922; 1461 -> 15 Mar 2019 + 1460 = 14 Mar 2023.
    assert dates(date=date(2019, 3, 15), type="sds", category="violent", term=Term(years=8)).release == date(
        2023, 3, 14
    )
    # 8y "other" from 15 Mar 2021: half would be 14 Mar 2025, after tranche 2 (22 Oct 2024, 5 years
    # or more); 40% (day 1169, 27 May 2024) has passed by then, so release on 22 Oct 2024 (SI 2024/844).
    got = dates(date=date(2021, 3, 15), type="sds", term=Term(years=8))
    assert (got.release, got.fraction) == (date(2024, 10, 22), "40%")
    assert got.rule.startswith("40% release: tranche 2")


def test_listed_offence_four_to_seven_years_from_june_2022():
    # 5y from 1 Jul 2022 ends 30 Jun 2027; L = 1826. Listed: ceil(1826 x 2/3) = 1218
    # -> 1 Jul 2022 + 1217 = 1 Jul 2025 (+1096) + 121 = 30 Oct 2025.
    # Not listed: 913 -> 1 Jul 2022 + 912 = 1 Jul 2024 (+731) + 181 = 29 Dec 2024.
    listed = dates(
        date=date(2022, 7, 1), type="sds", category="violent", term=Term(years=5), listed_offence=True
    )
    plain = dates(date=date(2022, 7, 1), type="sds", category="violent", term=Term(years=5))
    assert (listed.release, listed.fraction) == (date(2025, 10, 30), "2/3")
    assert (plain.release, plain.fraction) == (date(2024, 12, 29), "1/2")


def test_detention_and_training_order_from_the_first_of_a_month():
    # 12m from 1 Jan 2020: end = 31 Dec 2019 + 12m = 31 Dec 2020; L = 366 (leap year);
    # 183 -> 1 Jan 2020 + 182 = 1 Jul 2020.
    got = dates(date=date(2020, 1, 1), type="dto", category="violent", term=Term(months=12))
    assert got.release == date(2020, 7, 1)
    assert got.licence_end == date(2020, 12, 31)
    assert got.fraction == "1/2"
    assert got.hdc_eligibility is None
    assert "supervision" in got.basis


def test_sentence_on_the_first_of_a_month():
    # 9m from 1 Oct 2023: end = 30 Sep 2023 + 9m = 30 Jun 2024; L = 274 (29 Feb 2024);
    # 137 -> 1 Oct 2023 + 136 = 14 Feb 2024.
    got = dates(date=date(2023, 10, 1), type="sds", term=Term(months=9))
    assert got.release == date(2024, 2, 14)
    assert got.licence_end == date(2024, 6, 30)
    # HDC: custodial period 137 days < 360, so half of it: 1 Oct 2023 + ceil(137/2) = 69 days = 9 Dec 2023.
    assert got.hdc_eligibility == date(2023, 12, 9)


def test_first_of_month_term_ends_at_the_month_end():
    # 6 months from 1 Mar 2023: 1 Sep 2023 - 1 day = 31 Aug 2023 (HMPPS), not 28 Feb + 6m = 28 Aug.
    # L = 184 days, half = 92 -> release 1 Mar + 91 days = 31 May 2023.
    got = dates(date=date(2023, 3, 1), type="sds", term=Term(months=6))
    assert got.licence_end == date(2023, 8, 31)
    assert got.release == date(2023, 5, 31)


def test_hdc_needs_twelve_weeks():
    # 2 months from 1 Jun 2020 ends 31 Jul 2020: L = 61 days, under 84.
    assert dates(date=date(2020, 6, 1), type="sds", term=Term(months=2)).hdc_eligibility is None


# --- adjustments ----------------------------------------------------------------------------------


def test_ual_and_added_days_move_release():
    # From the SPEC's first example (release 20 Sep 2014, licence end 20 Sep 2015):
    # 10 UAL + 14 added = 24 days later -> 14 Oct 2014; licence moves by UAL only -> 30 Sep 2015.
    got = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2), ual_days=10, added_days=14)
    assert got.release == date(2014, 10, 14)
    assert got.licence_end == date(2015, 9, 30)
    assert got.sentence_end == date(2015, 9, 30)
    assert "10 days unlawfully at large" in got.basis and "14 added days" in got.basis


def test_added_days_never_take_release_past_the_sentence_end():
    got = dates(date=date(2013, 9, 21), type="sds", term=Term(years=2), added_days=1000)
    assert got.release == got.sentence_end == date(2015, 9, 20)
    # Only the 365 added days used before the sentence end move HDC: 25 Mar 2014 + 365 = 25 Mar 2015
    # (unused ADA, fixture custom-examples/crs-795-unused-ada-ac1.json).
    assert got.hdc_eligibility == date(2015, 3, 25)


# --- life, IPP and no-custody disposals -----------------------------------------------------------


def test_life_with_tariff():
    # Tariff 15y from 1 Jan 2020 ends 31 Dec 2019 + 15y = 31 Dec 2034; less 100 days remand -> 22 Sep 2034.
    got = dates(
        date=date(2020, 1, 1), type="life", category="violent", tariff=Term(years=15), remand_days=100
    )
    assert got.parole_eligibility == date(2034, 9, 22)
    assert got.release is None and got.licence_end is None and got.sentence_end is None
    assert got.hdc_eligibility is None and got.fraction is None
    assert "Parole Board" in got.basis and "for life" in got.basis


def test_ipp_without_tariff_has_no_dates():
    got = dates(date=date(2010, 5, 4), type="ipp", category="violent")
    assert got.parole_eligibility is None and got.release is None
    assert "not recorded" in got.basis


def test_detention_at_his_majestys_pleasure_is_indeterminate():
    # Tariff 12y from 3 Mar 2015: 2 Mar 2015 + 12y = 2 Mar 2027.
    got = dates(date=date(2015, 3, 3), type="detention-hmp", category="violent", tariff=Term(years=12))
    assert got.parole_eligibility == date(2027, 3, 2)
    assert got.release is None


@pytest.mark.parametrize(
    "kind",
    [
        "hospital-order",
        "restricted-hospital-order",
        "hospital-direction",
        "transfer-direction",
        "suspended",
        "community",
    ],
)
def test_no_custody_or_hospital_disposals_have_no_dates(kind: str):
    got = dates(date=date(2020, 1, 1), type=kind, category="violent", term=Term(years=2))
    assert (got.release, got.parole_eligibility, got.hdc_eligibility, got.licence_end, got.sentence_end) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert got.fraction is None
    assert got.basis


def test_hospital_order_basis_names_the_tribunal():
    assert "Mental Health Tribunal" in dates(date=date(2020, 1, 1), type="hospital-order").basis


# --- refusals and the table -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        SentenceFacts(date(2020, 1, 1), "prison", "other", Term(years=1)),
        SentenceFacts(date(2020, 1, 1), "sds", "fraud", Term(years=1)),
        SentenceFacts(date(2020, 1, 1), "sds", "other"),
        SentenceFacts(date(2020, 1, 1), "sds", "other", Term(years=1), remand_days=-1),
    ],
)
def test_bad_facts_are_refused(facts: SentenceFacts):
    with pytest.raises(VloError):
        indicative_dates(facts)


@pytest.mark.parametrize(
    ("kind", "label"),
    [("sds", "1/2"), ("sds-plus", "1/2"), ("eds", "1/2"), ("dto", "1/2"), ("detention", "1/2")],
)
def test_every_determinate_type_in_2010_is_at_half(kind: str, label: str):
    # 2010: before LASPO EDS (3 Dec 2012), SDS+ (1 Apr 2020) and 40% (10 Sep 2024) (CJA 2003 s.244, s.247).
    facts = SentenceFacts(date(2010, 1, 1), kind, "other", Term(years=1))
    assert indicative_dates(facts).fraction == label


# --- properties -----------------------------------------------------------------------------------

determinate = st.builds(
    SentenceFacts,
    date=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    type=st.sampled_from(["sds", "sds-plus", "eds", "dto", "detention"]),
    category=st.sampled_from(["violent", "sexual", "terrorism", "other"]),
    term=st.builds(Term, years=st.integers(0, 15), months=st.integers(0, 11), days=st.integers(1, 30)),
    consecutive=st.lists(st.builds(Term, months=st.integers(1, 36)), max_size=2).map(tuple),
    concurrent=st.lists(st.builds(Term, months=st.integers(1, 60)), max_size=2).map(tuple),
    extension=st.builds(Term, years=st.integers(1, 8)),
    remand_days=st.integers(0, 200),
    tagged_bail_days=st.integers(0, 100),
    ual_days=st.integers(0, 100),
    added_days=st.integers(0, 100),
    listed_offence=st.booleans(),
)


@given(determinate)
def test_dates_come_in_order(facts: SentenceFacts):
    got = indicative_dates(facts)
    assert got.release is not None and got.sentence_end is not None
    assert got.release <= (got.licence_end or got.sentence_end) <= got.sentence_end
    if got.parole_eligibility is not None:
        assert got.parole_eligibility <= got.release
    if got.hdc_eligibility is not None:
        assert got.hdc_eligibility < got.release
    assert got.fraction in {"1/2", "40%", "2/3"}
    assert got.release >= facts.date


@given(determinate, st.integers(1, 300))
def test_more_remand_never_makes_release_later(facts: SentenceFacts, more: int):
    before = indicative_dates(facts)
    after = indicative_dates(replace(facts, remand_days=facts.remand_days + more))
    assert after.release <= before.release  # type: ignore[operator]
    assert after.release >= before.release - timedelta(days=more)  # type: ignore[operator]


@given(st.sampled_from(SENTENCE_TYPES), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_type_gets_a_basis(kind: str, when: date):
    two, ten = Term(years=2), Term(years=10)
    facts = SentenceFacts(when, kind, "violent", two, extension=two, tariff=ten)
    assert indicative_dates(facts).basis
