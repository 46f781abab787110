"""The scheme's vocabulary and its eligibility rule (SPEC §2).

The names here are the command contract: scripts and reports rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vlo.domain.terms import TWELVE_MONTHS, Term

CATEGORIES = ("violent", "sexual", "terrorism", "other")

CUSTODIAL_WITH_TERM = ("sds", "sds-plus", "eds", "dto")
INDETERMINATE = ("life", "ipp", "detention")
MENTAL_HEALTH = ("hospital-order", "restricted-hospital-order", "hospital-direction", "transfer-direction")
NON_CUSTODIAL = ("suspended", "community")
SENTENCE_TYPES = CUSTODIAL_WITH_TERM + INDETERMINATE + MENTAL_HEALTH + NON_CUSTODIAL
# Sentence types whose length the officer must give.
NEEDS_LENGTH = CUSTODIAL_WITH_TERM + NON_CUSTODIAL

SENTENCE_WORDS = {
    "sds": "a standard determinate sentence",
    "sds-plus": "a standard determinate sentence",
    "eds": "an extended determinate sentence",
    "dto": "a detention and training order",
    "life": "a life sentence",
    "ipp": "imprisonment for public protection",
    "detention": "detention at His Majesty's pleasure",
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


def sentence_in_words(kind: str, term: Term | None) -> str:
    """``a standard determinate sentence of 9 years for a serious offence``: how a letter says it."""
    words = SENTENCE_WORDS[kind] + (f" of {term.words()}" if term else "")
    return words + (" for a serious offence" if kind == "sds-plus" else "")


@dataclass(frozen=True)
class Sentence:
    """What eligibility needs to know of a sentence."""

    date: date
    type: str
    term: Term | None = None
    consecutive: tuple[Term, ...] = ()


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


def assess(category: str, sentence: Sentence | None, discretionary_reason: str | None = None) -> Eligibility:
    """The eligibility verdict for a case, always with its reason in words."""
    statutory = _statutory(category, sentence)
    if statutory.verdict == STATUTORY:
        return statutory
    if discretionary_reason:
        return Eligibility(DISCRETIONARY, f"Taken at the unit's discretion: {discretionary_reason}")
    return statutory


def _statutory(category: str, sentence: Sentence | None) -> Eligibility:
    if sentence is None:
        return Eligibility(REVIEW, "No sentence recorded yet: record it with `vlo sentence`.")
    words = SENTENCE_WORDS[sentence.type]
    if sentence.type in NON_CUSTODIAL:
        return Eligibility(NOT_ELIGIBLE, f"{words.capitalize()} is not a relevant sentence.")
    if category not in ("violent", "sexual", "terrorism"):
        return Eligibility(
            NOT_ELIGIBLE, "The offence is not sexual, violent or terrorism, so the scheme does not apply."
        )
    if sentence.type in MENTAL_HEALTH:
        return Eligibility(STATUTORY, f"A {category} offence and {words}, a mental-health disposal.")
    if sentence.type in INDETERMINATE:
        return Eligibility(STATUTORY, f"A {category} offence and {words}.")
    assert sentence.term is not None  # NEEDS_LENGTH guarantees a term for these types
    if sentence.term.at_least(TWELVE_MONTHS, sentence.date):
        return Eligibility(
            STATUTORY,
            f"A {category} offence and {sentence_in_words(sentence.type, sentence.term)} (12 months or more).",
        )
    total_end = aggregate_end(sentence)
    if sentence.consecutive and total_end is not None and total_end >= TWELVE_MONTHS.end(sentence.date):
        return Eligibility(
            REVIEW,
            f"{sentence.term.words().capitalize()} reaches 12 months only with consecutive terms: "
            "an officer must decide.",
        )
    return Eligibility(NOT_ELIGIBLE, f"{words.capitalize()} of {sentence.term.words()} is under 12 months.")
