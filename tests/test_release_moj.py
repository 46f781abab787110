"""vlo's indicative dates against the Ministry of Justice's own calculator (issue 12).

Each row of ``data/moj_release_cases.csv`` is one single-sentence fixture from
ministryofjustice/calculate-release-dates-api (the row cites its path): the booking's facts in, the
official dates out (CRD/ARD/MTD as release, SLED/LED as licence end, PED, HDCED). Rebuild it with
``data/build_moj_release_cases.py``. Where vlo differs on purpose, ``data/moj_release_deviations.csv``
names the fixture, the date and the reason; those dates are asserted to differ, so a deviation that
stops being one is noticed.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from random import Random

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vlo.domain.release import SentenceFacts, indicative_dates
from vlo.domain.terms import Term, add_months, parse_term

DATA = Path(__file__).parent / "data"
DATES = ("release", "licence_end", "parole_eligibility", "hdc_eligibility")


def _rows() -> list[dict[str, str]]:
    with open(DATA / "moj_release_cases.csv", newline="") as f:
        return list(csv.DictReader(f))


def _deviations() -> dict[tuple[str, str], str]:
    with open(DATA / "moj_release_deviations.csv", newline="") as f:
        return {(r["fixture"], r["date"]): r["reason"] for r in csv.DictReader(f)}


def facts_of(row: dict[str, str]) -> SentenceFacts:
    def day(key: str) -> date | None:
        return date.fromisoformat(row[key]) if row[key] else None

    return SentenceFacts(
        date=date.fromisoformat(row["sentence_date"]),
        type=row["type"],
        category=row["category"],
        term=parse_term(row["term"]),
        extension=parse_term(row["extension"]) if row["extension"] else None,
        remand_days=int(row["remand_days"]),
        tagged_bail_days=int(row["tagged_bail_days"]),
        ual_days=int(row["ual_days"]),
        added_days=int(row["added_days"]),
        offence_date=day("offence_date"),
        date_of_birth=day("date_of_birth"),
        sex_offender_registration=row["sex_offender_registration"] == "1",
        forty_percent_excluded=row["forty_percent_excluded"] == "1",
        schedule_15b=row["schedule_15b"] == "1",
    )


ROWS = _rows()
DEVIATIONS = _deviations()


def test_the_set_is_large_enough():
    assert len(ROWS) >= 100
    assert all(r["fixture"].startswith("src/test/resources/test_data/overall_calculation/") for r in ROWS)


def test_every_deviation_names_a_fixture_in_the_set():
    fixtures = {r["fixture"] for r in ROWS}
    assert {f for f, _ in DEVIATIONS} <= fixtures


@pytest.mark.parametrize("row", ROWS, ids=[r["fixture"].split("overall_calculation/")[1] for r in ROWS])
def test_dates_match_the_ministry_of_justice_calculator(row: dict[str, str]):
    got = indicative_dates(facts_of(row))
    for name in DATES:
        want = row[name] or None
        value = getattr(got, name)
        have = value.isoformat() if value else None
        reason = DEVIATIONS.get((row["fixture"], name))
        if reason:
            assert have != want, f"{name} now matches; remove the deviation: {reason}"
        else:
            assert have == want, f"{name}: MoJ {want}, vlo {have} ({got.rule})"


def test_an_old_offence_sentenced_after_laspo_is_licensed_to_the_end_of_the_term():
    # MoJ fixture src/test/resources/test_data/overall_calculation/tranches/crs-2105-rwe-3.json (and
    # overall_calculation_response/tranches/crs-2105-rwe-3.json). Not in moj_release_cases.csv, which
    # holds single sentences: four terms passed on Fri 28 Jun 2024 for sexual offences of 1992-94
    # (8 months; 4 months concurrent; 4 months consecutive to the 8, and 4 more consecutive to that),
    # 42 days' remand, an active sex offender. The calculator gives CRD 2025-01-15 and SLED 2025-09-15:
    # the CJA 1991 licence to three-quarters is only for sentences passed before 3 Dec 2012 (MoJ
    # StandardDeterminateSentence.isBeforeCJAAndLASPO: sentencedAt before LASPO_DATE and the offence
    # before CJA_DATE). 16 months from 28 Jun 2024 end Mon 27 Oct 2025 (ESED), L = 487; release on day
    # 244, 26 Feb 2025, less 42 days = 15 Jan 2025; licence to 27 Oct 2025 less 42 days = 15 Sep 2025
    # (three-quarters would have been day 366 less 42 days, 17 May 2025).
    got = indicative_dates(
        SentenceFacts(
            date=date(2024, 6, 28),
            type="sds",
            category="sexual",
            term=parse_term("8m"),
            consecutive=(parse_term("4m"), parse_term("4m")),
            concurrent=(parse_term("4m"),),
            remand_days=42,
            offence_date=date(1992, 12, 31),  # vlo keeps one offence date: the earliest of the four
            sex_offender_registration=True,
            date_of_birth=date(1971, 1, 1),
        )
    )
    assert (got.release, got.licence_end, got.parole_eligibility, got.hdc_eligibility) == (
        date(2025, 1, 15),
        date(2025, 9, 15),
        None,
        None,
    )


TRANCHES = "src/test/resources/test_data/overall_calculation/tranches/"


@pytest.mark.parametrize(
    ("fixture", "facts", "release", "licence_end", "hdc", "tranche"),
    [
        # 2y6m + 2y6m consecutive from Thu 16 Feb 2023 (273 days' remand) is 5 years: tranche 2.
        (
            "crs-2121_2x2.5.json",
            SentenceFacts(
                date(2023, 2, 16), "sds", "other", parse_term("2y6m"), consecutive=(parse_term("2y6m"),),
                remand_days=273, offence_date=date(2021, 9, 12), sex_offender_registration=False,
            ),
            date(2024, 10, 22), date(2027, 5, 18), date(2024, 5, 21), "tranche 2",
        ),
        # A day shorter (2y6m + 2y5m30d): under 5 years, tranche 1.
        (
            "crs-2121_2.5_plus_2.49.json",
            SentenceFacts(
                date(2023, 2, 16), "sds", "other", parse_term("2y6m"), consecutive=(parse_term("2y5m30d"),),
                remand_days=273, offence_date=date(2021, 9, 12), sex_offender_registration=False,
            ),
            date(2024, 9, 10), date(2027, 5, 17), date(2024, 5, 21), "tranche 1",
        ),
        # Five 1-year terms one after another from Mon 3 Apr 2023 (23 days' remand): 5 years, tranche 2.
        (
            "crs-2121_5x1.json",
            SentenceFacts(
                date(2023, 4, 3), "sds", "other", parse_term("1y"), consecutive=(parse_term("1y"),) * 4,
                remand_days=23, offence_date=date(2023, 3, 3), sex_offender_registration=False,
            ),
            date(2025, 3, 10), date(2028, 3, 10), date(2024, 10, 22), "tranche 2",
        ),
    ],
)  # fmt: skip
def test_the_40_percent_tranche_counts_consecutive_terms_together(
    fixture, facts, release, licence_end, hdc, tranche
):
    # MoJ fixtures <TRANCHES><fixture> and their overall_calculation_response twins (CRD, SLED, HDCED;
    # sdsEarlyReleaseAllocatedTranche): TrancheAllocationService judges the 5-year line between tranche 1
    # (10 Sep 2024) and tranche 2 (22 Oct 2024) on a consecutive chain's whole length, not its parts.
    # Multi-sentence bookings, so not in moj_release_cases.csv. vlo gives no HDC date for 4 years or more
    # (the deviation named in moj_release_deviations.csv) but names the calculator's date in a note.
    got = indicative_dates(facts)
    assert (got.release, got.licence_end, got.hdc_eligibility) == (release, licence_end, None)
    assert tranche in got.rule
    assert f"HMPPS's calculator would give {hdc.day} {hdc:%b %Y}" in " ".join(got.notes), TRANCHES + fixture


CUSTOM = "src/test/resources/test_data/overall_calculation/custom-examples/"


@pytest.mark.parametrize(
    ("fixture", "facts", "release", "sentence_end"),
    [
        # 14m + 14m consecutive from Wed 13 Jul 2022 (the second passed on 2 Sep 2022), 5 days' remand:
        # 24 months from 13 Jul 2022 is 731 days to Fri 12 Jul 2024 (ESED); day 366 is 13 Jul 2023,
        # less 5 days = MTD 8 Jul 2023; SED 12 Jul 2024 less 5 days = 7 Jul 2024.
        (
            "crs-1164-ac6.json",
            SentenceFacts(
                date(2022, 7, 13), "dto", "other", parse_term("14m"), consecutive=(parse_term("14m"),),
                remand_days=5, date_of_birth=date(1990, 1, 1),  # its offence dates follow 13 Jul: none kept
            ),
            date(2023, 7, 8), date(2024, 7, 7),
        ),
        # 8m + 18m consecutive from Thu 1 May 2025 (the 18m passed on 11 Jul 2025), 6m concurrent:
        # 24 months from 1 May 2025 is 730 days to Fri 30 Apr 2027 (SED); day 365 is MTD 30 Apr 2026.
        (
            "crs-2523-ac2.json",
            SentenceFacts(
                date(2025, 5, 1), "dto", "other", parse_term("8m"), consecutive=(parse_term("18m"),),
                concurrent=(parse_term("6m"),), offence_date=date(2025, 5, 1), date_of_birth=date(1990, 1, 1),
            ),
            date(2026, 4, 30), date(2027, 4, 30),
        ),
    ],
)  # fmt: skip
def test_consecutive_dtos_over_24_months_are_capped_at_24(fixture, facts, release, sentence_end):
    # MoJ fixtures <CUSTOM><fixture> and their overall_calculation_response twins (MTD as release, SED):
    # SentenceAggregator.getDaysInGroup caps a chain of DTOs alone at the days from the sentence date to
    # the same day 24 months on (the law remits the excess); remand comes off the capped dates. Without
    # the cap vlo gave 2023-09-07 / 2024-11-07 and 2026-05-31 / 2027-06-30. Multi-sentence bookings, so
    # not in moj_release_cases.csv.
    got = indicative_dates(facts)
    assert (got.release, got.licence_end, got.sentence_end) == (release, sentence_end, sentence_end), (
        CUSTOM + fixture
    )
    assert "(capped at 24 months)" in got.basis


@given(
    sentenced=st.dates(date(2000, 4, 1), date(2035, 12, 31)),
    months=st.lists(st.integers(4, 24), min_size=2, max_size=5),
    remand=st.integers(0, 120),
)
def test_a_dto_chain_never_releases_later_than_12_months_after_sentence_less_remand(
    sentenced, months, remand
):
    # Half of the 24-month cap: the midpoint of any DTO chain is at most 12 months on, less remand.
    first, *rest = (Term(months=m) for m in months)
    facts = SentenceFacts(sentenced, "dto", "other", first, consecutive=tuple(rest), remand_days=remand)
    got = indicative_dates(facts)
    assert got.release <= max(sentenced, add_months(sentenced, 12) - timedelta(days=remand))
    assert got.sentence_end <= add_months(sentenced, 24) - timedelta(days=1 + remand)


def test_consecutive_terms_are_added_up_months_with_months_before_counting():
    # MoJ fixture <CUSTOM>crs-1008-consec-week-years.json (and its overall_calculation_response twin):
    # 1 week, then 1 month, then 1 month, each consecutive to the one before, all passed on Sun 23 Jan
    # 2022. The calculator adds neighbouring parts in the same units before counting
    # (DurationAggregator): 7 days to 29 Jan, then 2 months from 30 Jan to 29 Mar; L = 66, release on
    # day 33, 24 Feb 2022 (CRD); SLED 29 Mar 2022. One month at a time (1 month from 30 Jan ends 28 Feb,
    # the next from 1 Mar ends 31 Mar) gave 25 Feb and 31 Mar.
    got = indicative_dates(
        SentenceFacts(
            date(2022, 1, 23), "sds", "other", parse_term("7d"), consecutive=(parse_term("1m"), parse_term("1m")),
            offence_date=date(2022, 1, 22), date_of_birth=date(1990, 1, 1), sex_offender_registration=False,
        )
    )  # fmt: skip
    assert (got.release, got.licence_end, got.hdc_eligibility) == (date(2022, 2, 24), date(2022, 3, 29), None)


@given(
    sentenced=st.dates(date(2024, 10, 22), date(2035, 12, 31)),
    months=st.lists(st.integers(1, 36), min_size=2, max_size=4),
    order=st.randoms(use_true_random=False),
    category=st.sampled_from(["violent", "sexual", "terrorism", "other"]),
    remand=st.integers(0, 60),
)
# 1 month twice from 31 Jan 2025 ends 30 Mar, as 2 months does (one at a time: 28 Feb, then 31 Mar).
@example(sentenced=date(2025, 1, 31), months=[1, 1], order=Random(0), category="other", remand=0)
def test_the_order_of_consecutive_terms_in_months_does_not_change_the_dates(
    sentenced, months, order, category, remand
):
    # Terms in whole months are added up before counting (DurationAggregator): the sentence ends where
    # one term of their sum would, and their order cannot matter. (From 22 Oct 2024 no tranche applies,
    # which the MoJ measures one term at a time.)
    def got(terms: list[int]):
        first, *rest = (Term(months=m) for m in terms)
        facts = SentenceFacts(sentenced, "sds", category, first, consecutive=tuple(rest), remand_days=remand)
        d = indicative_dates(facts)
        return d.release, d.licence_end, d.sentence_end, d.hdc_eligibility, d.fraction

    shuffled = list(months)
    order.shuffle(shuffled)
    assert got(months) == got(shuffled)
    assert got(months)[2] == Term(months=sum(months)).end(sentenced) - timedelta(days=remand)
