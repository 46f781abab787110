"""The scheme's vocabulary and its eligibility rule (SPEC §2).

The names here are the command contract: scripts and reports rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vlo.domain.terms import TWELVE_MONTHS, Term

CATEGORIES = ("violent", "sexual", "terrorism", "other")

CUSTODIAL_WITH_TERM = ("sds", "sds-plus", "eds", "dto")
# Detention for a term (Sentencing Act 2020 s.250): a term like an adult's. A "detention" record with no
# term is read as detention at His Majesty's pleasure, as recorded before the two were told apart.
DETENTION_FOR_TERM = "detention"
INDETERMINATE = ("life", "ipp", "detention-hmp")
MENTAL_HEALTH = ("hospital-order", "restricted-hospital-order", "hospital-direction", "transfer-direction")
NON_CUSTODIAL = ("suspended", "community")
# Order kept from before detention-hmp was added (scripts and messages list the types in this order).
SENTENCE_TYPES = (
    CUSTODIAL_WITH_TERM
    + ("life", "ipp", DETENTION_FOR_TERM)
    + MENTAL_HEALTH
    + NON_CUSTODIAL
    + ("detention-hmp",)
)
# Sentence types whose length the officer must give.
NEEDS_LENGTH = CUSTODIAL_WITH_TERM + NON_CUSTODIAL

SENTENCE_WORDS = {
    "sds": "a standard determinate sentence",
    "sds-plus": "a standard determinate sentence",
    "eds": "an extended determinate sentence",
    "dto": "a detention and training order",
    "life": "a life sentence",
    "ipp": "imprisonment for public protection",
    "detention": "detention for a term",
    "detention-hmp": "detention at His Majesty's pleasure",
    "hospital-order": "a hospital order",
    "restricted-hospital-order": "a hospital order with a restriction order",
    "hospital-direction": "a hospital and limitation direction",
    "transfer-direction": "a transfer and restriction direction",
    "suspended": "a suspended sentence",
    "community": "a community order",
}

ROLES = ("victim", "bereaved-relative", "family-spokesperson", "parent-guardian")
OPT_STATUSES = ("pending", "opted-in", "declined", "opted-out")
CONTACT_LEVELS = ("release-month", "annual", "key-stages")
CONTACT_LEVEL_WORDS = {
    "release-month": "the month of release only",
    "annual": "an annual letter",
    "key-stages": "every key stage of the sentence",
}
CONTACT_METHODS = ("letter", "phone", "email", "meeting", "visit")
DIRECTIONS = ("out", "in")

STATUTORY = "statutory"
DISCRETIONARY = "discretionary"
REVIEW = "review"
NOT_ELIGIBLE = "not-eligible"
# Cases on which the unit owes the victims contact, and so deadlines.
IN_SCHEME = (STATUTORY, DISCRETIONARY)

_ONE_DAY = timedelta(days=1)


def sentence_in_words(
    kind: str,
    term: Term | None,
    *,
    tariff: Term | None = None,
    extension: Term | None = None,
    consecutive: tuple[Term, ...] = (),
) -> str:
    """``a standard determinate sentence of 9 years for a serious offence``: how a letter says it.

    The whole sentence, as the victim was told it in court: a life sentence's minimum term, an
    extended sentence's extension, the terms that follow it (a letters review found "a life
    sentence of 18 years" and "3 years" for 3 years followed by 3 more)."""
    if kind in INDETERMINATE:
        return SENTENCE_WORDS[kind] + (f" with a minimum term of {tariff.words()}" if tariff else "")
    words = SENTENCE_WORDS[kind] + (f" of {term.words()}" if term else "")
    words += " for a serious offence" if kind == "sds-plus" else ""
    if extension is not None:
        words += f", with an extended licence of {extension.words()}"
    return words + "".join(f", followed by a consecutive term of {t.words()}" for t in consecutive)


@dataclass(frozen=True)
class Sentence:
    """What eligibility needs to know of a sentence."""

    date: date
    type: str
    term: Term | None = None
    consecutive: tuple[Term, ...] = ()
    concurrent: tuple[Term, ...] = ()  # the longest single term counts (DVCVA 2004 s.45)
    extension: Term | None = None  # an extended sentence's term is custody plus extension


@dataclass(frozen=True)
class Eligibility:
    verdict: str
    reason: str


def aggregate_end(sentence: Sentence) -> date | None:
    """Last day of the main term followed by its consecutive terms."""
    if sentence.term is None:
        return None
    end = sentence.term.end(sentence.date)
    for term in sentence.consecutive:
        end = term.end(end + _ONE_DAY)
    return end


def assess(
    category: str,
    sentence: Sentence | None,
    discretionary_reason: str | None = None,
    *,
    schedule_15: bool | None = True,
) -> Eligibility:
    """The eligibility verdict for a case, always with its reason in words.

    ``schedule_15``: whether a terrorism offence is in the Act's lists (murder, CJA 2003 Schedule 15, or
    sex-offender notification: DVCVA 2004 s.45); None when not recorded, which makes it a review. The
    default True keeps the verdict of callers that do not record it yet; pass the recorded value.
    """
    statutory = _statutory(category, sentence, schedule_15)
    if statutory.verdict == STATUTORY:
        return statutory
    if discretionary_reason:
        return Eligibility(DISCRETIONARY, f"Taken at the unit's discretion: {discretionary_reason}")
    return statutory


def _longest(sentence: Sentence) -> str | None:
    """How a reason names the longest single term of 12 months or more ("" for the main term), or None.

    Every term the court passed counts on its own (DVCVA 2004 s.45; SPEC §2): the main term (with an
    extended sentence's extension), each concurrent term and each consecutive term, each measured from
    the day it starts. Reaching 12 months only by adding consecutive terms together is for review.
    """
    assert sentence.term is not None
    main_end = sentence.term.end(sentence.date)
    whole_end = main_end
    if sentence.extension is not None:
        whole_end = sentence.extension.end(main_end + _ONE_DAY)
    # (first day, last day, how the reason names the term); the main term first, so it wins a tie.
    served = [(sentence.date, whole_end, "")]
    served += [
        (sentence.date, t.end(sentence.date), f" with a concurrent term of {t.words()}")
        for t in sentence.concurrent
    ]
    start = main_end + _ONE_DAY  # as aggregate_end: each consecutive term starts the day after the last
    for term in sentence.consecutive:
        end = term.end(start)
        served.append((start, end, f" with a consecutive term of {term.words()}"))
        start = end + _ONE_DAY
    longest = [
        (end - first, -i) for i, (first, end, _) in enumerate(served) if end >= TWELVE_MONTHS.end(first)
    ]
    if not longest:
        return None
    named = served[-max(longest)[1]][2]
    if not named and sentence.extension is not None:
        named = f" with {sentence.extension.words()} extension"
    return named


def _statutory(category: str, sentence: Sentence | None, schedule_15: bool | None = None) -> Eligibility:
    if sentence is None:
        return Eligibility(REVIEW, "No sentence recorded yet: record it with `vlo sentence`.")
    if sentence.type == DETENTION_FOR_TERM and sentence.term is None:
        # Recorded before detention-hmp existed: detention with no term is at His Majesty's pleasure.
        sentence = Sentence(sentence.date, "detention-hmp")
    words = SENTENCE_WORDS[sentence.type]
    if sentence.type in NON_CUSTODIAL:
        return Eligibility(NOT_ELIGIBLE, f"{words.capitalize()} is not a relevant sentence.")
    if category not in ("violent", "sexual", "terrorism"):
        return Eligibility(
            NOT_ELIGIBLE, "The offence is not sexual, violent or terrorism, so the scheme does not apply."
        )
    if category == "terrorism" and schedule_15 is not True:
        if schedule_15 is False:
            return Eligibility(
                NOT_ELIGIBLE,
                "A terrorism offence outside the Act's lists (murder, CJA 2003 Schedule 15, sex-offender "
                "notification): not a statutory case (DVCVA 2004 s.45).",
            )
        return Eligibility(
            REVIEW,
            "A terrorism offence counts only where it is in the Act's lists (murder, CJA 2003 Schedule 15, "
            "sex-offender notification; DVCVA 2004 s.45): an officer must check the offence.",
        )
    if sentence.type in MENTAL_HEALTH:
        return Eligibility(STATUTORY, f"A {category} offence and {words}, a mental-health disposal.")
    if sentence.type in INDETERMINATE:
        return Eligibility(STATUTORY, f"A {category} offence and {words}.")
    assert sentence.term is not None  # NEEDS_LENGTH guarantees a term for these types
    how = _longest(sentence)
    if how is not None:
        return Eligibility(
            STATUTORY,
            f"A {category} offence and {sentence_in_words(sentence.type, sentence.term)}{how} "
            "(12 months or more).",
        )
    total_end = aggregate_end(sentence)
    if sentence.consecutive and total_end is not None and total_end >= TWELVE_MONTHS.end(sentence.date):
        return Eligibility(
            REVIEW,
            f"{sentence.term.words().capitalize()} reaches 12 months only with consecutive terms: "
            "an officer must decide.",
        )
    return Eligibility(NOT_ELIGIBLE, f"{words.capitalize()} of {sentence.term.words()} is under 12 months.")
