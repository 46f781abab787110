"""Indicative release dates (vlo/domain/release.py): the rules no other test pinned, each from a source.

Sources, named beside each test: SPEC §2 "Indicative release dates" (the HMPPS method: term end =
sentence date - 1 day + the term; L = end - sentence date + 1; release on day ceil(L x fraction);
remand and tagged bail off, UAL and added days on); PSI 03/2015 "Calculation of release dates";
the Ministry of Justice calculator, ministryofjustice/calculate-release-dates-api
(src/main/kotlin/.../service/ImportantDates.kt: CJA_DATE 2005-04-04, ORA_DATE 2015-02-01,
LASPO_DATE 2012-12-03, SDS_PLUS_COMMENCEMENT_DATE 2020-04-01, PCSC_COMMENCEMENT_DATE 2022-06-28;
src/main/resources/application-calculation-params.yml, hdced: minimum-custodial-period-days 42,
minimum-days-on-hdc 14, custodial-period-below-midpoint-minimum-deduction-days 28); the Acts and
orders named. Every expected date is worked by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlo.domain.release import SentenceFacts, indicative_dates
from vlo.domain.terms import Term


def dates(**kw: object):
    kw.setdefault("category", "other")
    return indicative_dates(SentenceFacts(**kw))  # type: ignore[arg-type]


# --- HDC needs a custodial period of 6 weeks (a 12-week sentence at half) ----------------------------


@pytest.mark.parametrize(
    ("days", "release", "hdc"),
    [
        (82, date(2023, 4, 10), None),  # custodial period ceil(41) = 41 days (day 41, Mon 10 Apr): no HDC
        (83, date(2023, 4, 11), date(2023, 3, 29)),  # ceil(41.5) = 42 days (day 42, Tue 11 Apr): eligible
        (84, date(2023, 4, 11), date(2023, 3, 29)),  # 12 weeks: 42 days
    ],
)
def test_hdc_needs_a_custodial_period_of_42_days(days: int, release: date, hdc: date | None):
    # MoJ hdced minimum-custodial-period-days 42. From Wed 1 Mar 2023 (before 40%, at half); HDC after
    # max(28, half of 42) = 28 days in custody: 1 Mar + 28 = Wed 29 Mar 2023.
    got = dates(date=date(2023, 3, 1), type="sds", term=Term(days=days), sex_offender_registration=False)
    assert (got.release, got.hdc_eligibility) == (release, hdc)


# --- CJA 1991 licences: offences before 4 April 2005 (CJA 2003 commencement; MoJ CJA_DATE) ------------


@pytest.mark.parametrize(
    ("offence", "licence_end"),
    [
        (date(2005, 4, 3), date(2006, 11, 30)),  # the day before: CJA 1991, licence to three-quarters
        (date(2005, 4, 4), date(2007, 5, 31)),  # CJA 2003: licence to the end of the term
    ],
)
def test_a_cja_1991_licence_ends_at_three_quarters_for_offences_before_4_april_2005(offence, licence_end):
    # PSI 03/2015 (MoJ fixtures psi-examples/28.json, 31.json): 12 months to under 4 years for an offence
    # before 4 Apr 2005, licence to three-quarters. 2 years from Wed 1 Jun 2005: end 31 May 2007, L = 730;
    # release on day 365, Wed 31 May 2006; three-quarters is day ceil(547.5) = 548: 1 Jun 2005 + 547 days
    # = Thu 30 Nov 2006.
    got = dates(date=date(2005, 6, 1), type="sds", term=Term(years=2), offence_date=offence)
    assert (got.release, got.licence_end, got.sentence_end) == (
        date(2006, 5, 31),
        licence_end,
        date(2007, 5, 31),
    )


def test_exactly_four_years_for_an_old_offence_keeps_its_licence_to_the_end():
    # CJA 1991 s.33(5): a short-term prisoner serves under four years; four years or more is long-term,
    # which vlo (as MoJ psi-examples/30.json) licenses to the end. 4 years from Wed 1 Jun 2005 end
    # 31 May 2009 (1461 days); 3 years 11 months end 30 Apr 2009 (1430 days): three-quarters is day
    # ceil(1072.5) = 1073, 1 Jun 2005 + 1072 days = Thu 8 May 2008.
    old = date(2005, 1, 1)
    assert dates(date=date(2005, 6, 1), type="sds", term=Term(years=4), offence_date=old).licence_end == date(
        2009, 5, 31
    )
    assert dates(
        date=date(2005, 6, 1), type="sds", term=Term(years=3, months=11), offence_date=old
    ).licence_end == date(2008, 5, 8)


# --- Under 18 at release: no licence for a term under 12 months (CJA 2003 s.243A) --------------------


@pytest.mark.parametrize(
    ("born", "licence_end"),
    [
        (date(2005, 5, 31), date(2023, 8, 31)),  # 18 on the release day: a licence follows
        (date(2005, 6, 1), None),  # 18 the day after release: under 18, released without one
    ],
)
def test_a_child_released_from_a_short_term_has_no_licence(born: date, licence_end: date | None):
    # MoJ ReleaseDateTypes.kt: under eighteen means the age on the release date is under 18. 6 months
    # from Wed 1 Mar 2023 end 31 Aug 2023 (L = 184): release on day 92, Wed 31 May 2023.
    got = dates(date=date(2023, 3, 1), type="sds", term=Term(months=6), date_of_birth=born)
    assert (got.release, got.licence_end) == (date(2023, 5, 31), licence_end)


@pytest.mark.parametrize(
    ("born", "licence_end"),
    [
        (date(2008, 2, 28), date(2026, 5, 29)),  # 18 on the release day: a licence follows
        (date(2008, 2, 29), None),  # a leap-day birthday: 17 years 11 months 30 days that day
        (date(2008, 3, 1), None),
    ],
)
def test_someone_born_on_29_february_is_under_18_on_28_february_of_a_common_year(born, licence_end):
    # MoJ Offender.kt: getAgeOnDate is java.time.Period.between(dateOfBirth, date), under 18 below 18
    # whole years; Period.between(29 Feb 2008, 28 Feb 2026) is 17 years 11 months 30 days. 6 months
    # from Sun 30 Nov 2025 end Fri 29 May 2026 (L = 181); an offence excluded from 40% release is
    # released at half, day ceil(90.5) = 91: Sat 28 Feb 2026.
    got = dates(
        date=date(2025, 11, 30),
        type="sds",
        term=Term(months=6),
        date_of_birth=born,
        forty_percent_excluded=True,
    )
    assert (got.release, got.licence_end) == (date(2026, 2, 28), licence_end)


# --- LASPO extended sentences from 3 December 2012 (LASPO 2012 s.125; MoJ LASPO_DATE) ----------------


@pytest.mark.parametrize(
    ("sentenced", "release", "sentence_end"),
    [
        # 6 years' custody from Mon 3 Dec 2012 end 2 Dec 2018 (L = 2191, 29 Feb 2016 inside). LASPO,
        # under 10 years and no Schedule 15B: automatic release at two-thirds, day ceil(1460.7) = 1461:
        # Fri 2 Dec 2016. The 4-year extension runs 3 Dec 2018 to 2 Dec 2022.
        (date(2012, 12, 3), date(2016, 12, 2), date(2022, 12, 2)),
        # The day before LASPO: an extended sentence for public protection (CJIA 2008), release at
        # half: 6 years from Sun 2 Dec 2012 end 1 Dec 2018 (L = 2191), day 1096: Wed 2 Dec 2015.
        (date(2012, 12, 2), date(2015, 12, 2), date(2022, 12, 1)),
    ],
)
def test_a_laspo_extended_sentence_from_3_december_2012(sentenced: date, release: date, sentence_end: date):
    got = dates(date=sentenced, type="eds", category="violent", term=Term(years=6), extension=Term(years=4))
    assert (got.release, got.parole_eligibility, got.sentence_end) == (release, None, sentence_end)
    assert got.basis.endswith("; the licence runs to the end of the term, then the 4 years extended licence.")


# --- HDC: the curfew is at most 180 days, and 365 days for HDC dates from 3 June 2025 -----------------
# CJA 2003 s.246 and the HDC policy framework: HDC from the later of half the custodial period (at
# least 28 days in: MoJ hdced custodial-period-below-midpoint-minimum-deduction-days 28) and the
# custodial period less the maximum curfew (180 days; 12 months, 365 days, from 3 Jun 2025).


@pytest.mark.parametrize(
    ("days", "release", "hdc"),
    [
        # 718 days from Wed 1 Mar 2023 (before 40%, at half): custodial period 359 days, release Thu
        # 22 Feb 2024 (1 Mar 2023 + 358). Half of 359 is 179.5, so 180 days in: Mon 28 Aug 2023
        # (359 - 180 = 179 would be a day earlier, and is not the later of the two).
        (718, date(2024, 2, 22), date(2023, 8, 28)),
        # 800 days: custodial period 400, release Wed 3 Apr 2024 (+ 399); half is 200 days in, but the
        # curfew may be 180 days at most: 400 - 180 = 220 days in, Sat 7 Oct 2023.
        (800, date(2024, 4, 3), date(2023, 10, 7)),
    ],
)
def test_hdc_before_june_2025_is_half_the_custodial_period_with_a_curfew_of_at_most_180_days(
    days, release, hdc
):
    got = dates(date=date(2023, 3, 1), type="sds", term=Term(days=days), sex_offender_registration=False)
    assert (got.release, got.hdc_eligibility) == (release, hdc)


@pytest.mark.parametrize(
    ("days", "release"),
    [
        (1460, date(2026, 6, 30)),  # custodial 730: 730 - 365 = 365 days in, as is half of 730
        (
            1458,
            date(2026, 6, 29),
        ),  # custodial 729: half is 364.5, so 365 days in (729 - 365 = 364 is earlier)
    ],
)
def test_hdc_from_june_2025_allows_a_curfew_of_up_to_a_year(days: int, release: date):
    # A sexual offence is outside 40% (SI 2024/844), so at half; recorded as not registered, so HDC
    # applies. From Mon 1 Jul 2024, under 4 years (4 years are 1461 days here): 365 days in is Tue
    # 1 Jul 2025, after 3 Jun 2025, so the 12-month curfew applies (180 days would give 2 Jan 2026).
    got = dates(
        date=date(2024, 7, 1),
        type="sds",
        category="sexual",
        term=Term(days=days),
        sex_offender_registration=False,
    )
    assert (got.release, got.hdc_eligibility) == (release, date(2025, 7, 1))


# --- What the officer reads: the basis of the dates (SPEC §2 examples; "label every figure") ---------


def test_the_basis_of_the_spec_examples_says_how_they_were_worked_out():
    # SPEC §2: 2 years from 21 Sep 2013 at half: 730 days, release on day 365. A sexual offence, so no
    # 40% rule applies, before or after it began; an equal concurrent term changes nothing.
    two = dates(
        date=date(2013, 9, 21), type="sds", category="sexual", term=Term(years=2), concurrent=(Term(years=2),)
    )
    assert two.basis == (
        "Standard determinate sentence: release at half. 2 years from 21 Sep 2013 is 730 days, so release on "
        "day 365; the licence runs to the end of the term."
    )
    # SPEC §2: 3 years from 15 Dec 2012 (1095 days) with 35 days remand and 10 days tagged bail: day 548.
    three = dates(
        date=date(2012, 12, 15),
        type="sds",
        category="sexual",
        term=Term(years=3),
        remand_days=35,
        tagged_bail_days=10,
    )
    assert (three.release, three.licence_end) == (date(2014, 5, 1), date(2015, 10, 30))
    assert three.basis == (
        "Standard determinate sentence: release at half. 3 years from 15 Dec 2012 is 1095 days, so release on "
        "day 548, less 35 days remand and 10 days tagged bail; the licence runs to the end of the term, "
        "moved by the same remand and tagged-bail days."
    )


@pytest.mark.parametrize(
    ("remand", "release", "hdc"),
    [
        (26, date(2023, 3, 16), date(2023, 3, 15)),  # release day 15: HDC after the 14 days, a day before it
        (27, date(2023, 3, 15), None),  # release day 14: an HDC date would be the release day itself
    ],
)
def test_an_hdc_date_must_come_before_release(remand: int, release: date, hdc: date | None):
    # 84 days from Wed 1 Mar 2023: release day 42 less the remand; HDC at 28 days in less the remand,
    # but never before 14 days in custody (MoJ hdced minimum-days-on-hdc 14): 1 Mar + 14 = Wed 15 Mar.
    # HDC is release *before* the release date (CJA 2003 s.246): on the release day it is no HDC.
    got = dates(
        date=date(2023, 3, 1),
        type="sds",
        term=Term(days=84),
        remand_days=remand,
        sex_offender_registration=False,
    )
    assert (got.release, got.hdc_eligibility) == (release, hdc)


@pytest.mark.parametrize(("remand", "release"), [(720, date(2023, 3, 11)), (716, date(2023, 3, 15))])
def test_a_prisoner_released_within_14_days_gets_no_hdc_note_either(remand: int, release: date):
    # 4 years from Wed 1 Mar 2023 (1461 days) at half is day 731; with 720 days remand, release on Sat
    # 11 Mar 2023, inside 14 days; with 716, on Wed 15 Mar, the 14th day, the earliest HDC date, so no
    # curfew before release. No HDC at all, so no calculator gives a date the 4-year note could quote.
    got = dates(
        date=date(2023, 3, 1),
        type="sds",
        category="sexual",
        term=Term(years=4),
        remand_days=remand,
        sex_offender_registration=False,
    )
    assert (got.release, got.hdc_eligibility, got.notes) == (release, None, ())


# --- Why the 40% rule does not apply (SI 2024/844 from 10 September 2024; GOV.UK "Standard
# determinate sentences: 40% release": sexual offences, terrorism, violent offences of 4 years or
# more, and listed offences such as stalking are excluded) --------------------------------------------


@pytest.mark.parametrize(
    ("kw", "why"),
    [
        (
            dict(date=date(2024, 9, 10), category="sexual"),
            " (the 40% rule from 10 September 2024 excludes sexual offences)",
        ),
        (dict(date=date(2024, 9, 9), category="sexual"), ""),  # before it began: nothing to explain
        (
            dict(date=date(2025, 1, 6), category="other", forty_percent_excluded=True),
            " (the 40% rule from 10 September 2024 excludes this offence)",
        ),
        (
            dict(date=date(2025, 1, 6), category="violent", forty_percent_excluded=True),
            " (the 40% rule from 10 September 2024 excludes this offence)",
        ),
        (
            dict(date=date(2025, 1, 6), category="terrorism"),
            " (the 40% rule from 10 September 2024 excludes terrorism offences)",
        ),
    ],
)
def test_a_half_way_release_after_10_september_2024_says_why_40_percent_does_not_apply(kw: dict, why: str):
    got = dates(type="sds", term=Term(years=2), **kw)
    assert got.basis.startswith(f"Standard determinate sentence: release at half{why}. 2 years from ")


# --- Sentences no court could pass (Sentencing Act 2020 s.277: a suspended sentence is at most 2
# years; s.209: a community order at most 3 years) --------------------------------------------------


@pytest.mark.parametrize(("kind", "longest"), [("suspended", Term(years=2)), ("community", Term(years=3))])
def test_suspended_and_community_sentences_have_their_statutory_maximum(kind: str, longest: Term):
    from vlo.domain.release import validate_sentence
    from vlo.errors import VloError

    validate_sentence(SentenceFacts(date(2024, 1, 1), kind, "violent", longest))
    over = Term(longest.years, longest.months, 1)
    with pytest.raises(VloError, match=f"^length of a {kind} sentence can be at most {longest.years} years$"):
        validate_sentence(SentenceFacts(date(2024, 1, 1), kind, "violent", over))


def test_an_offence_on_the_sentence_day_and_remand_for_the_whole_term_are_possible():
    # Only an offence *after* the sentence date, or more remand than the term, is impossible.
    from vlo.domain.release import validate_sentence

    validate_sentence(
        SentenceFacts(date(2024, 1, 2), "sds", "other", Term(months=6), offence_date=date(2024, 1, 2))
    )
    # 6 months from Tue 2 Jan 2024 end 1 Jul 2024: 182 days (29 Feb inside).
    validate_sentence(SentenceFacts(date(2024, 1, 2), "sds", "other", Term(months=6), remand_days=182))
    validate_sentence(SentenceFacts(date(2024, 1, 2), "sds", "other", Term(months=6), tagged_bail_days=182))


def test_an_extended_sentence_before_14_july_2008_has_parole_at_half_and_release_at_the_end():
    # CJA 2003 s.247 as enacted (EPP before the CJIA 2008 changes): the Parole Board from half the
    # custodial term, automatic release at its end. 4 years from Tue 1 Jan 2008 end Sat 31 Dec 2011
    # (L = 1461, 29 Feb 2008 inside); half is day ceil(730.5) = 731: 1 Jan 2008 + 730 = Thu 31 Dec 2009.
    got = dates(
        date=date(2008, 1, 1), type="eds", category="violent", term=Term(years=4), extension=Term(years=4)
    )
    assert (got.parole_eligibility, got.release, got.sentence_end) == (
        date(2009, 12, 31),
        date(2011, 12, 31),
        date(2015, 12, 31),
    )


def test_detention_recorded_without_a_term_is_at_his_majestys_pleasure():
    # scheme.py: a "detention" record with no term is detention at His Majesty's pleasure (recorded so
    # before detention-hmp existed): the Parole Board after the minimum term. 10 years from the 1st,
    # Sun 1 Mar 2020, end at the month's end: Thu 28 Feb 2030 (PSI 03/2015 para 5.5).
    got = dates(date=date(2020, 3, 1), type="detention", category="violent", tariff=Term(years=10))
    assert (got.release, got.parole_eligibility, got.licence_end) == (None, date(2030, 2, 28), None)
    assert got.rule == "Detention at His Majesty's pleasure: Parole Board after the minimum term"


def test_a_half_way_point_on_10_september_2024_is_reached_by_tranche_one():
    # SI 2024/844 reaches sentences being served on 10 Sep 2024 (tranche 1: under 5 years): a prisoner
    # due out at half on that very day is still serving then, so 40% applies, and since the 40% point
    # has passed, release is on the commencement day. 2 years from Mon 11 Sep 2023 end 10 Sep 2025
    # (L = 731, 29 Feb 2024 inside); half is day 366, Tue 10 Sep 2024; 40% is day 293, 29 Jun 2024.
    got = dates(date=date(2023, 9, 11), type="sds", term=Term(years=2))
    assert (got.release, got.fraction, got.rule) == (
        date(2024, 9, 10),
        "40%",
        "40% release: tranche 1 (sentences being served on 10 Sep 2024)",
    )


def test_a_life_tariff_is_moved_by_remand_tagged_bail_and_ual():
    # SPEC §2 (minus remand and tagged-bail days, plus unlawfully-at-large days), applied to the
    # minimum term. 15 years from Fri 15 Jan 2010 end Tue 14 Jan 2025; less 100 remand and 20 tagged
    # bail, plus 10 UAL: 110 days earlier, Thu 26 Sep 2024.
    got = dates(
        date=date(2010, 1, 15),
        type="life",
        category="violent",
        tariff=Term(years=15),
        remand_days=100,
        tagged_bail_days=20,
        ual_days=10,
    )
    assert (got.release, got.parole_eligibility) == (None, date(2024, 9, 26))


@pytest.mark.parametrize(
    ("sentenced", "parole", "release"),
    [
        # From Mon 14 Jul 2008 (CJIA 2008 s.25): automatic release at half. 4 years end 13 Jul 2012
        # (L = 1461, 29 Feb 2012 inside): day 731, 14 Jul 2008 + 730 = Wed 14 Jul 2010.
        (date(2008, 7, 14), None, date(2010, 7, 14)),
        # The day before: parole from half (13 Jul 2008 + 730 = Tue 13 Jul 2010), release at the end.
        (date(2008, 7, 13), date(2010, 7, 13), date(2012, 7, 12)),
    ],
)
def test_extended_sentences_for_public_protection_release_at_half_from_14_july_2008(
    sentenced, parole, release
):
    got = dates(date=sentenced, type="eds", category="violent", term=Term(years=4), extension=Term(years=4))
    assert (got.parole_eligibility, got.release) == (parole, release)


@pytest.mark.parametrize(("category", "years"), [("violent", 5), ("sexual", 8), ("terrorism", 8)])
def test_an_extension_period_has_its_statutory_maximum(category: str, years: int):
    # Sentencing Act 2020 s.256 and s.281: an extension of at most 5 years for a specified violent
    # offence, 8 years for a specified sexual or terrorism offence.
    from vlo.domain.release import validate_sentence
    from vlo.errors import VloError

    def eds(extension: Term) -> SentenceFacts:
        return SentenceFacts(date(2024, 1, 1), "eds", category, Term(years=6), extension=extension)

    validate_sentence(eds(Term(years=years)))
    with pytest.raises(VloError, match=f"^extension for a {category} offence can be at most {years} years$"):
        validate_sentence(eds(Term(years=years, days=1)))


def test_ual_alone_is_said_once_in_the_basis():
    # SPEC §2: plus unlawfully-at-large days, which move the licence end too. 2 years from 21 Sep 2013
    # (a sexual offence: plain half), release day 365 plus 10 days UAL: 20 Sep 2014 + 10 = 30 Sep 2014.
    got = dates(date=date(2013, 9, 21), type="sds", category="sexual", term=Term(years=2), ual_days=10)
    assert (got.release, got.licence_end) == (date(2014, 9, 30), date(2015, 9, 30))
    assert got.basis.endswith(
        "so release on day 365, plus 10 days unlawfully at large; the licence runs to the end of the term, "
        "moved by the same UAL days."
    )


# --- The two-thirds rules at their commencement dates and thresholds (SI 2020/158 from 1 Apr 2020:
# 7 years or more; PCSC Act 2022 s.130 from 28 Jun 2022: SDS+ of 4 years or more, listed offences of
# 4 to 7 years, s.250 detention of 7 years or more; MoJ ImportantDates.kt SDS_PLUS_COMMENCEMENT_DATE
# 2020-04-01, PCSC_COMMENCEMENT_DATE 2022-06-28) ----------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "label"),
    [
        (
            dict(date=date(2020, 3, 31), type="sds-plus", term=Term(years=7)),
            "1/2",
        ),  # the day before 1 Apr 2020
        (dict(date=date(2020, 4, 1), type="sds-plus", term=Term(years=7)), "2/3"),
        (
            dict(date=date(2021, 4, 1), type="sds-plus", term=Term(years=6)),
            "1/2",
        ),  # under 7, before 28 Jun 2022
        (dict(date=date(2022, 6, 27), type="sds-plus", term=Term(years=5)), "1/2"),
        (dict(date=date(2022, 6, 28), type="sds-plus", term=Term(years=5)), "2/3"),
        (dict(date=date(2022, 7, 1), type="sds-plus", term=Term(years=4)), "2/3"),  # 4 years exactly
        (dict(date=date(2022, 7, 1), type="sds-plus", term=Term(years=3)), "1/2"),
        (dict(date=date(2022, 6, 27), type="detention", term=Term(years=8)), "1/2"),
        (dict(date=date(2022, 6, 28), type="detention", term=Term(years=8)), "2/3"),
        (dict(date=date(2022, 7, 1), type="detention", term=Term(years=7)), "2/3"),  # 7 years exactly
        (dict(date=date(2022, 7, 1), type="detention", term=Term(years=6)), "1/2"),  # not listed
        (dict(date=date(2022, 7, 1), type="sds", term=Term(years=6), listed_offence=True), "2/3"),
        (dict(date=date(2022, 7, 1), type="sds", term=Term(years=3), listed_offence=True), "1/2"),
    ],
)
def test_two_thirds_release_from_its_commencement_dates(kw: dict, label: str):
    assert dates(category="violent", **kw).fraction == label


def test_detention_of_7_years_for_a_listed_offence_is_the_7_year_rule_not_the_4_to_7():
    got = dates(
        date=date(2022, 7, 1), type="detention", category="violent", term=Term(years=7), listed_offence=True
    )
    assert got.rule == (
        "Detention (s.250) for a violent or sexual offence with 7 years or more from 28 June 2022: release at two-thirds"
    )


def test_a_laspo_extended_sentence_of_10_years_custody_has_parole_at_two_thirds():
    # LASPO 2012 s.125, CJA 2003 s.246A(2): 10 years' custody or more, parole from two-thirds and
    # automatic release at the end. 10 years from Mon 1 Jul 2013 end Fri 30 Jun 2023 (L = 3652, two
    # leap days); two-thirds is day ceil(2434.7) = 2435: 1 Jul 2013 + 2434 days = Sat 29 Feb 2020.
    got = dates(
        date=date(2013, 7, 1), type="eds", category="violent", term=Term(years=10), extension=Term(years=4)
    )
    assert (got.parole_eligibility, got.release) == (date(2020, 2, 29), date(2023, 6, 30))


def test_a_release_due_before_40_percent_began_keeps_the_standard_half_rule():
    # SI 2024/844 reaches only those still serving on 10 Sep 2024: 2 years from Thu 1 Sep 2022 (other
    # offence) end 31 Aug 2024, L = 731; half is day 366, Fri 1 Sep 2023, a year before.
    got = dates(date=date(2022, 9, 1), type="sds", term=Term(years=2))
    assert (got.release, got.fraction, got.rule) == (
        date(2023, 9, 1),
        "1/2",
        "Standard determinate sentence: release at half (due before 40% release reached it, tranche 1 from 10 Sep 2024)",
    )


# --- CJA 1991 licences only for sentences passed before LASPO (3 Dec 2012) ---------------------------


@pytest.mark.parametrize(
    ("sentenced", "licence_end"),
    [
        (date(2012, 12, 2), date(2014, 6, 2)),  # the day before LASPO: CJA 1991, licence to three-quarters
        (date(2012, 12, 3), date(2014, 12, 2)),  # from LASPO: licence to the end of the term
    ],
)
def test_the_cja_1991_licence_is_only_for_sentences_passed_before_3_december_2012(sentenced, licence_end):
    # MoJ StandardDeterminateSentence.isBeforeCJAAndLASPO (sentencedAt before LASPO_DATE 2012-12-03 and
    # the offence before CJA_DATE 2005-04-04; fixture tranches/crs-2105-rwe-3.json in test_release_moj).
    # 2 years from Sun 2 Dec 2012 end 1 Dec 2014, L = 730: three-quarters is day 548, 2 Dec 2012 + 547
    # days = Mon 2 Jun 2014. 2 years from Mon 3 Dec 2012 end Tue 2 Dec 2014.
    got = dates(date=sentenced, type="sds", term=Term(years=2), offence_date=date(2005, 4, 3))
    assert got.licence_end == licence_end


def test_the_reviewers_historic_case_is_licensed_to_the_end_of_the_term():
    # Reviewer's case HIST1: a sexual offence of 1 Jun 1998, 3 years from Mon 2 Jun 2025 (after LASPO):
    # the term ends Thu 1 Jun 2028 and so does the licence (vlo gave three-quarters, 1 Sep 2027).
    got = dates(
        date=date(2025, 6, 2),
        type="sds",
        category="sexual",
        term=Term(years=3),
        offence_date=date(1998, 6, 1),
    )
    assert (got.release, got.licence_end, got.sentence_end) == (
        date(2026, 12, 1),
        date(2028, 6, 1),
        date(2028, 6, 1),
    )


@given(
    sentenced=st.dates(date(2012, 12, 3), date(2030, 12, 31)),
    months=st.integers(12, 240),
    offence=st.dates(date(1970, 1, 1), date(2005, 4, 3)),
    category=st.sampled_from(["violent", "sexual", "terrorism", "other"]),
)
def test_from_laspo_an_old_offence_gets_the_dates_of_a_cja_2003_one(sentenced, months, offence, category):
    # MoJ isBeforeCJAAndLASPO: from 3 Dec 2012 an offence before 4 Apr 2005 is released and licensed as
    # one committed on 4 Apr 2005 (both before ORA, 1 Feb 2015, so ORA makes no difference between them).
    old = dates(date=sentenced, type="sds", category=category, term=Term(months=months), offence_date=offence)
    new = dates(
        date=sentenced, type="sds", category=category, term=Term(months=months), offence_date=date(2005, 4, 4)
    )
    assert (old.release, old.licence_end, old.hdc_eligibility) == (
        new.release,
        new.licence_end,
        new.hdc_eligibility,
    )
    assert old.licence_end == old.sentence_end
