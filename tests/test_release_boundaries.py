"""Boundary tests at every threshold and commencement date the release rules name (issue 18).

Each expected value is from a source independent of vlo's code: the SPEC's worked examples, issue 12's
worked example, a MoJ calculator fixture (ministryofjustice/calculate-release-dates-api,
src/test/resources/test_data/...), or the statute's own date, with the arithmetic beside it.
"""

from __future__ import annotations

from datetime import date

import pytest

from vlo.domain.release import SentenceFacts, indicative_dates, validate_licence_end, validate_sentence
from vlo.domain.terms import Term
from vlo.errors import VloError


def dates(**kw: object):
    kw.setdefault("category", "other")
    return indicative_dates(SentenceFacts(**kw))  # type: ignore[arg-type]


# --- month ends, the 1st of a month, leap days (PSI 03/2015 para 5.5) -----------------------------


def test_month_end_31_aug_2020_plus_one_month():
    # Issue 12's worked example: release 15 Sep, licence end 30 Sep 2020 (30 Aug + 1m = 30 Sep; L = 31, 16th day).
    got = dates(date=date(2020, 8, 31), type="sds", term=Term(months=1))
    assert (got.release, got.licence_end) == (date(2020, 9, 15), date(2020, 9, 30))


def test_first_of_march_in_a_leap_year_ends_on_29_february():
    # PSI 5.5 (as Duration.getEndDate): 1 year from 1 Mar 2023 ends at the end of Feb 2024, the 29th.
    assert Term(years=1).end(date(2023, 3, 1)) == date(2024, 2, 29)
    # From 1 Mar 2024: end of Feb 2025, the 28th.
    assert Term(years=1).end(date(2024, 3, 1)) == date(2025, 2, 28)


def test_leap_day_sentence_date():
    # 29 Feb 2024 - 1 day = 28 Feb 2024, + 1 year = 28 Feb 2025.
    assert Term(years=1).end(date(2024, 2, 29)) == date(2025, 2, 28)


def test_moj_fixture_leap_year_490_days():
    # custom-examples/crs-1018-bug-with-leap-year-tused.json: 490 days from 31 Aug 2022, 205 remand.
    got = dates(
        date=date(2022, 8, 31),
        type="sds",
        term=Term(days=490),
        remand_days=205,
        offence_date=date(2022, 1, 1),
    )
    assert got.hdc_eligibility == date(2022, 9, 14)  # sentence date + 14 (the 14-day minimum)


# --- 40% release: 10 Sep 2024 and 22 Oct 2024 (SI 2024/844) ----------------------------------------


def test_tranche_one_reaches_a_sentence_being_served():
    # tranches/crs-2192-ac1-5.json (3y from 3 Jul 2023, 70 days UAL): CRD 22 Nov 2024, HDCED 10 Sep 2024.
    got = dates(
        date=date(2023, 7, 3), type="sds", term=Term(years=3), ual_days=70, sex_offender_registration=False
    )
    assert (got.release, got.hdc_eligibility) == (date(2024, 11, 22), date(2024, 9, 10))
    assert got.rule == "40% release: tranche 1 (sentences being served on 10 Sep 2024)"


def test_release_due_before_10_september_keeps_half():
    # 1y from 1 Jan 2024: half is day 183 = 1 Jul 2024, before 10 Sep 2024: 40% never reached it.
    got = dates(date=date(2024, 1, 1), type="sds", term=Term(years=1))
    assert (got.release, got.fraction) == (date(2024, 7, 1), "1/2")


def test_forty_percent_date_passed_means_release_on_the_tranche_date():
    # 2y from 1 Jan 2024: half = day 366 = 31 Dec 2024 (after 10 Sep); 40% = day 293 = 19 Oct 2024.
    # Later than 10 Sep, so 19 Oct 2024. For 1y6m from 1 Jan 2024: half = day 274 = 30 Sep 2024 (after),
    # 40% = day 220 = 7 Aug 2024 (passed): release on 10 Sep 2024.
    assert dates(date=date(2024, 1, 1), type="sds", term=Term(years=2)).release == date(2024, 10, 19)
    assert dates(date=date(2024, 1, 1), type="sds", term=Term(years=1, months=6)).release == date(2024, 9, 10)


def test_five_years_exactly_is_tranche_two():
    # SI 2024/844 (tranche config in the MoJ calculator: under 5 years 10 Sep 2024, the rest 22 Oct 2024).
    # 5y from 1 Jun 2022: half = day 913 = 30 Nov 2024 (after), 40% = day 731 (passed): 22 Oct 2024.
    five = dates(date=date(2022, 6, 1), type="sds", term=Term(years=5))
    assert five.release == date(2024, 10, 22)
    assert five.rule.startswith("40% release: tranche 2")
    # 4y11m from 1 Jun 2022: half = day 898 = 15 Nov 2024 (after), 40% passed: 10 Sep 2024.
    under = dates(date=date(2022, 6, 1), type="sds", term=Term(years=4, months=11))
    assert under.release == date(2024, 9, 10)
    assert under.rule.startswith("40% release: tranche 1")


def test_violent_four_years_exactly_is_excluded_from_forty_percent():
    # SI 2024/844: violent offences with 4 years or more excluded. 3y11m: 40%; 4y: half.
    assert (
        dates(date=date(2024, 11, 1), type="sds", category="violent", term=Term(years=3, months=11)).fraction
        == "40%"
    )
    assert dates(date=date(2024, 11, 1), type="sds", category="violent", term=Term(years=4)).fraction == "1/2"


# --- two-thirds: 1 Apr 2020 (SI 2020/158) and 28 Jun 2022 (PCSC 2022 s.130) ------------------------


@pytest.mark.parametrize(("when", "label"), [(date(2020, 3, 31), "1/2"), (date(2020, 4, 1), "2/3")])
def test_seven_years_violent_from_1_april_2020(when: date, label: str):
    assert dates(date=when, type="sds", category="violent", term=Term(years=7)).fraction == label


def test_six_years_eleven_months_is_not_seven_years():
    assert (
        dates(date=date(2021, 1, 1), type="sds", category="violent", term=Term(years=6, months=11)).fraction
        == "1/2"
    )


@pytest.mark.parametrize(("when", "label"), [(date(2022, 6, 27), "1/2"), (date(2022, 6, 28), "2/3")])
def test_listed_four_years_from_28_june_2022(when: date, label: str):
    got = dates(date=when, type="sds", category="violent", term=Term(years=4), listed_offence=True)
    assert got.fraction == label


# --- extended sentences: 3 Dec 2012 and 13 Apr 2015 (LASPO s.125; CJCA 2015 s.4) --------------------


def test_laspo_eds_automatic_release_at_two_thirds():
    # custom-examples/crs-870-eds-ac1.json: 4y + 4y from 21 Jan 2013: CRD 23 Jun 2015, no PED... with
    # the fixture's remand; here without adjustments: L = 1461, ceil(974) -> 21 Jan 2013 + 973 = 21 Sep 2015.
    got = dates(
        date=date(2013, 1, 21), type="eds", category="violent", term=Term(years=4), extension=Term(years=4)
    )
    assert (got.release, got.parole_eligibility, got.licence_end) == (
        date(2015, 9, 21),
        None,
        date(2021, 1, 20),
    )


@pytest.mark.parametrize(
    ("when", "parole"), [(date(2012, 12, 3), False), (date(2015, 4, 12), False), (date(2015, 4, 13), True)]
)
def test_eds_parole_from_13_april_2015(when: date, parole: bool):
    got = dates(date=when, type="eds", category="violent", term=Term(years=4), extension=Term(years=4))
    assert (got.parole_eligibility is not None) == parole


def test_eds_before_laspo_is_not_laspo():
    # 2 Dec 2012: extended sentence for public protection, automatic release at half (CJIA 2008 s.25).
    assert (
        dates(
            date=date(2012, 12, 2),
            type="eds",
            category="violent",
            term=Term(years=4),
            extension=Term(years=4),
        ).fraction
        == "1/2"
    )


# --- no licence: offences before 1 Feb 2015 (ORA 2014), one-day terms --------------------------------


@pytest.mark.parametrize(("offence", "licence"), [(date(2015, 1, 31), False), (date(2015, 2, 1), True)])
def test_short_term_licence_from_1_february_2015(offence: date, licence: bool):
    # custom-examples/crs-795-unused-ada-ac1.json: offence 2014, 7 months: ARD and SED, no SLED.
    got = dates(date=date(2015, 6, 1), type="sds", term=Term(months=11), offence_date=offence)
    assert (got.licence_end is not None) == licence


def test_twelve_months_exactly_has_a_licence_for_an_old_offence():
    # Under 12 months has none; 12 months exactly has one (psi-examples/31.json gives an SLED for 12m).
    got = dates(date=date(2009, 10, 1), type="sds", term=Term(months=12), offence_date=date(2008, 1, 1))
    assert got.licence_end == date(2010, 9, 30)


def test_one_day_term_has_no_licence():
    got = dates(date=date(2020, 5, 5), type="sds", term=Term(days=1))
    assert (got.release, got.licence_end) == (date(2020, 5, 5), None)


def test_remand_longer_than_the_custodial_part_releases_at_once():
    # custom-examples/crs-913-immediate-release-bug-ac5.json: 6m from 4 Jun 2020, 92 days remand: ARD 4 Jun 2020.
    got = dates(
        date=date(2020, 6, 4), type="sds", term=Term(months=6), remand_days=92, date_of_birth=date(2002, 7, 7)
    )
    assert (got.release, got.hdc_eligibility, got.licence_end) == (date(2020, 6, 4), None, None)


# --- HDC: 4 years exactly, 3 Jun 2025, registration ----------------------------------------------


def test_hdc_bar_at_four_years_exactly_is_said():
    got = dates(date=date(2023, 1, 10), type="sds", term=Term(years=4), sex_offender_registration=False)
    assert got.hdc_eligibility is None
    assert any("4 years or more" in n for n in got.notes)
    assert (
        dates(date=date(2023, 1, 10), type="sds", term=Term(years=3, months=11)).hdc_eligibility is not None
    )


def test_hdc_excluded_by_registration_not_by_category():
    kw = dict(date=date(2023, 1, 10), type="sds", category="sexual", term=Term(years=2))
    assert dates(**kw, sex_offender_registration=True).hdc_eligibility is None
    assert dates(**kw, sex_offender_registration=False).hdc_eligibility is not None


def test_hdc_365_day_maximum_from_3_june_2025():
    # hdc-365/crs-2386-ac6.json: 2y from 1 Nov 2024, 140 remand, 150 UAL: CRD 29 Aug 2025, HDCED 14 Apr 2025.
    got = dates(
        date=date(2024, 11, 1),
        type="sds",
        term=Term(years=2),
        remand_days=140,
        ual_days=150,
        sex_offender_registration=False,
    )
    assert (got.release, got.hdc_eligibility) == (date(2025, 8, 29), date(2025, 4, 14))


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        (SentenceFacts(date(2024, 1, 1), "sds", "other", Term(months=6), remand_days=200), "remand days"),
        (
            SentenceFacts(date(2024, 1, 1), "sds", "other", Term(months=6), tagged_bail_days=200),
            "tagged bail days",
        ),
        (SentenceFacts(date(2024, 1, 1), "dto", "violent", Term(months=25)), "length"),
        (
            SentenceFacts(date(2024, 1, 1), "eds", "violent", Term(years=4), extension=Term(years=6)),
            "extension",
        ),
        (
            SentenceFacts(date(2024, 1, 1), "sds", "other", Term(years=1), offence_date=date(2024, 1, 2)),
            "offence date",
        ),
    ],
)
def test_absurd_sentences_are_refused_naming_the_field(facts: SentenceFacts, field: str):
    with pytest.raises(VloError, match=f"^{field}"):
        validate_sentence(facts)


def test_dto_of_24_months_is_allowed():
    validate_sentence(SentenceFacts(date(2024, 1, 1), "dto", "violent", Term(months=24)))


def test_licence_end_before_sentence_date_is_refused():
    with pytest.raises(VloError, match="^licence end"):
        validate_licence_end(date(2024, 1, 2), date(2024, 1, 1))
    validate_licence_end(date(2024, 1, 2), date(2024, 1, 2))
