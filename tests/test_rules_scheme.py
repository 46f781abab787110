"""Who is in the scheme (vlo/domain/scheme.py), each verdict against its source.

Sources: Domestic Violence, Crime and Victims Act 2004 s.45 (a relevant sentence: imprisonment or
detention of 12 months or more, detention at His Majesty's pleasure, a hospital order, a hospital
and limitation direction, a transfer direction) and SPEC §2 "Eligibility" (suspended sentences and
community orders are not eligible; discretionary cases are taken by choice, with a reason; when only
consecutive terms reach 12 months, flag it for review); Sentencing Act 2020 s.256 and s.279 (the term
of an extended sentence is the custodial term plus the extension period). tests/test_eligibility_s45.py
holds the 12-months-exactly and terrorism boundaries.
"""

from __future__ import annotations

from datetime import date

import pytest

from vlo.domain.scheme import (
    DISCRETIONARY,
    NOT_ELIGIBLE,
    REVIEW,
    STATUTORY,
    Sentence,
    aggregate_end,
    assess,
    sentence_in_words,
)
from vlo.domain.terms import Term

DAY = date(
    2024, 3, 15
)  # 12 months from Fri 15 Mar 2024 end on Fri 14 Mar 2025: 365 days (29 Feb 2024 is before)


def test_a_sentence_in_words_as_a_letter_says_it():
    # SPEC §2 key stage "what the sentence means": an SDS+ is an SDS for a serious offence.
    assert sentence_in_words("sds-plus", Term(years=9)) == (
        "a standard determinate sentence of 9 years for a serious offence"
    )
    assert sentence_in_words("sds", Term(2, 6)) == "a standard determinate sentence of 2 years 6 months"
    assert sentence_in_words("life", None) == "a life sentence"
    # A letters review: the minimum term, the extension and the consecutive terms were left out.
    assert sentence_in_words("life", None, tariff=Term(years=18)) == (
        "a life sentence with a minimum term of 18 years"
    )
    assert sentence_in_words("eds", Term(years=6), extension=Term(years=4)) == (
        "an extended determinate sentence of 6 years, with an extended licence of 4 years"
    )
    assert sentence_in_words("sds", Term(years=3), consecutive=(Term(years=3), Term(months=6))) == (
        "a standard determinate sentence of 3 years, followed by a consecutive term of 3 years, "
        "followed by a consecutive term of 6 months"
    )


def test_consecutive_terms_follow_one_another():
    # 6 months from 15 Mar 2024 ends 14 Sep 2024; the next 6 months start 15 Sep and end 14 Mar 2025.
    assert aggregate_end(Sentence(DAY, "sds", Term(months=6), consecutive=(Term(months=6),))) == date(
        2025, 3, 14
    )
    # 200 days end 30 Sep 2024 (15 Mar + 199); 164 more start 1 Oct and end 13 Mar 2025.
    assert aggregate_end(Sentence(DAY, "sds", Term(days=200), consecutive=(Term(days=164),))) == date(
        2025, 3, 13
    )
    assert aggregate_end(Sentence(DAY, "life")) is None


@pytest.mark.parametrize(
    ("second", "verdict"),
    [(Term(days=165), REVIEW), (Term(days=164), NOT_ELIGIBLE), (Term(months=5), NOT_ELIGIBLE)],
)
def test_only_consecutive_terms_reaching_12_months_need_a_decision(second, verdict):
    # SPEC §2: 200 + 165 days is 365, exactly 12 months from 15 Mar 2024: a human decides. 364 days,
    # or 6 + 5 months, never reach 12 months however they are added.
    first = Term(days=200) if second.days else Term(months=6)
    got = assess("violent", Sentence(DAY, "sds", first, consecutive=(second,)))
    assert got.verdict == verdict


@pytest.mark.parametrize(
    ("extension", "verdict"), [(Term(days=165), STATUTORY), (Term(days=164), NOT_ELIGIBLE)]
)
def test_an_extended_sentences_term_is_the_custody_and_the_extension_one_after_the_other(extension, verdict):
    # Sentencing Act 2020 s.256/s.279: 200 days' custody then a 165-day extension is 365 days, 12 months.
    got = assess("sexual", Sentence(DAY, "eds", Term(days=200), extension=extension))
    assert got.verdict == verdict


def test_a_concurrent_term_no_longer_than_the_main_one_is_not_named():
    got = assess("violent", Sentence(DAY, "sds", Term(years=2), concurrent=(Term(years=2), Term(months=6))))
    assert (got.verdict, got.reason) == (
        STATUTORY,
        "A violent offence and a standard determinate sentence of 2 years (12 months or more).",
    )


@pytest.mark.parametrize(
    ("category", "sentence", "verdict", "reason"),
    [
        ("violent", None, REVIEW, "No sentence recorded yet: record it with `vlo sentence`."),
        (
            "violent",
            Sentence(DAY, "suspended", Term(years=2)),
            NOT_ELIGIBLE,
            "A suspended sentence is not a relevant sentence.",
        ),
        (
            "sexual",
            Sentence(DAY, "community", Term(years=1)),
            NOT_ELIGIBLE,
            "A community order is not a relevant sentence.",
        ),
        (
            "other",
            Sentence(DAY, "sds", Term(years=10)),
            NOT_ELIGIBLE,
            "The offence is not sexual, violent or terrorism, so the scheme does not apply.",
        ),
        (
            "violent",
            Sentence(DAY, "hospital-order"),
            STATUTORY,
            "A violent offence and a hospital order, a mental-health disposal.",
        ),
        (
            "sexual",
            Sentence(DAY, "transfer-direction"),
            STATUTORY,
            "A sexual offence and a transfer and restriction direction, a mental-health disposal.",
        ),
        ("violent", Sentence(DAY, "life"), STATUTORY, "A violent offence and a life sentence."),
        (
            "violent",
            Sentence(DAY, "sds", Term(months=11)),
            NOT_ELIGIBLE,
            "A standard determinate sentence of 11 months is under 12 months.",
        ),
    ],
)
def test_each_verdict_comes_with_its_reason(category, sentence, verdict, reason):
    # DVCVA 2004 s.45 and SPEC §2 ("Every eligibility verdict carries its reason").
    got = assess(category, sentence)
    assert (got.verdict, got.reason) == (verdict, reason)


def test_a_discretionary_reason_takes_a_case_the_act_does_not_and_changes_no_statutory_case():
    # SPEC §2: discretionary cases are taken by choice (e.g. stalking with a shorter sentence).
    short = assess("violent", Sentence(DAY, "sds", Term(months=8)), "Stalking; victim at risk")
    assert (short.verdict, short.reason) == (
        DISCRETIONARY,
        "Taken at the unit's discretion: Stalking; victim at risk",
    )
    long = assess("violent", Sentence(DAY, "sds", Term(years=3)), "Stalking; victim at risk")
    assert long.verdict == STATUTORY


def test_a_terrorism_offence_counts_unless_the_caller_says_otherwise():
    # scheme.assess: schedule_15 defaults to True for callers that do not record it yet.
    assert assess("terrorism", Sentence(DAY, "sds", Term(years=3))).verdict == STATUTORY
