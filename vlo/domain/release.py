"""Indicative release dates: the release month an officer needs before the prison's calculation arrives.

Every figure here is *indicative, to be confirmed by the prison*; the caller must label it so. The
arithmetic follows SPEC section 2 (the HMPPS method): term end = (sentence date + term) - 1 day
(``Term.end``); length L = end - sentence date + 1 days; a point at fraction f of the term falls on
sentence date + ceil(L x f) - 1; remand and tagged-bail days are taken off, unlawfully-at-large (UAL)
days added; added days (ADAs) push the release dates only. Release fractions live in the dated table
``RELEASE_FRACTIONS``: add a row there when the law changes.

Simplifications (say so when an officer asks why the prison's date differs):

- Every term is taken as imposed on the sentence date: concurrent terms run from it and consecutive
  terms follow one another; one fraction applies to the whole aggregate, and the 4- and 7-year
  thresholds are judged on the longest single term.
- Offence category is coarse (violent, sexual, terrorism, other): the 4-7 year two-thirds rule for
  listed offences needs ``listed_offence``; the 40% rule's other exclusions (e.g. stalking, controlling
  behaviour) are not modelled; 40% is applied by sentence date, though in law it also reached
  prisoners already serving in September/October 2024.
- Terrorist determinate sentences (Parole Board release from 2020, sentences for offenders of
  particular concern) are not modelled beyond their exclusion from 40%; HDC excludes only the
  sexual category (standing in for sex-offender notification).
- Extended sentences are all treated as post-April-2015 (Parole Board from two-thirds); sentences
  under 12 months show no post-sentence supervision.
- HDC uses the 180-day maximum (from June 2023) and the one-quarter minimum only; the other
  statutory exclusions and the suitability assessment are the prison's.
- Release is never put after the sentence end; a date on or before the sentence date (remand longer
  than the custodial part) means release at once.
- Life and IPP: parole eligibility is tariff expiry less the remand and tagged bail given here; a judge
  usually deducts remand when setting the tariff, so then record no remand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from vlo.domain.scheme import CATEGORIES, MENTAL_HEALTH, SENTENCE_TYPES
from vlo.domain.terms import Term
from vlo.errors import VloError

# Detention at His Majesty's pleasure counts as determinate when a term is given, else like life.
DETERMINATE = ("sds", "sds-plus", "eds", "dto", "detention")
INDETERMINATE = ("life", "ipp")
HOSPITAL = MENTAL_HEALTH

# Home detention curfew: 12 weeks up to (not including) 4 years, at most 180 days before release.
HDC_MIN_DAYS = 84
HDC_BELOW = Term(years=4)
HDC_MAX_DAYS_EARLY = 180


@dataclass(frozen=True)
class SentenceFacts:
    """What the officer knows about one sentence, as recorded from the court result."""

    date: date  # sentence date
    type: str  # one of SENTENCE_TYPES
    category: str  # violent | sexual | terrorism | other (offence category)
    term: Term | None = None  # custodial term (None for life/ipp/hospital disposals)
    consecutive: tuple[Term, ...] = ()  # further terms served one after the other after `term`
    concurrent: tuple[Term, ...] = ()  # terms served at the same time as `term`
    extension: Term | None = None  # EDS extended licence period
    tariff: Term | None = None  # life / IPP minimum term
    remand_days: int = 0
    tagged_bail_days: int = 0  # days credited (already halved by the court)
    ual_days: int = 0
    added_days: int = 0
    listed_offence: bool = False  # offence listed for two-thirds release at 4-7 years (from 28 Jun 2022)


@dataclass(frozen=True)
class IndicativeDates:
    """Indicative dates for one sentence, each None where it does not apply."""

    release: date | None  # CRD/ARD: conditional or automatic release date
    parole_eligibility: date | None  # PED where it applies (EDS, life/IPP tariff expiry)
    hdc_eligibility: date | None  # home detention curfew eligibility where it applies
    licence_end: date | None  # licence expiry
    sentence_end: date | None  # sentence expiry (end of the whole term incl. EDS extension)
    fraction: str | None  # e.g. "1/2", "40%", "2/3", None
    basis: str  # one or two plain-English sentences on how these were worked out


@dataclass(frozen=True)
class FractionRule:
    """One row of the release-fraction table; the first row that fits a sentence wins."""

    start: date  # sentences imposed on or after this date
    types: tuple[str, ...]  # sentence types the row covers
    fraction: Fraction
    label: str  # how an officer reads the fraction: "1/2", "40%", "2/3"
    rule: str  # plain-English name of the rule, quoted in the basis
    categories: tuple[str, ...] = CATEGORIES  # offence categories the row covers
    min_term: Term | None = None  # only terms at least this long
    below_term: Term | None = None  # only terms shorter than this
    listed_only: bool = False  # only offences marked `listed_offence`
    until: date | None = None  # sentences imposed before this date (None: still in force)
    parole: bool = False  # the fraction gives parole eligibility; automatic release at the term's end


HALF, FORTY_PERCENT, TWO_THIRDS = Fraction(1, 2), Fraction(2, 5), Fraction(2, 3)
SDS40_START = date(2024, 9, 10)

# Order is precedence: the narrower, later rules come before the general ones they override.
RELEASE_FRACTIONS: tuple[FractionRule, ...] = (
    FractionRule(
        start=date.min,
        types=("eds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Extended sentence: parole from two-thirds of the custodial term, automatic release at its end",
        parole=True,
    ),
    FractionRule(
        start=date.min,
        types=("sds-plus",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Serious offence (SDS+): release at two-thirds",
    ),
    FractionRule(
        start=date(2020, 4, 1),
        types=("sds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Violent or sexual offence with 7 years or more from 1 April 2020: release at two-thirds",
        categories=("violent", "sexual"),
        min_term=Term(years=7),
    ),
    FractionRule(
        start=date(2022, 6, 28),
        types=("sds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Listed violent or sexual offence with 4 to 7 years from 28 June 2022: release at two-thirds",
        categories=("violent", "sexual"),
        min_term=Term(years=4),
        below_term=Term(years=7),
        listed_only=True,
    ),
    FractionRule(
        start=SDS40_START,
        types=("sds", "detention"),
        fraction=FORTY_PERCENT,
        label="40%",
        rule="Standard determinate sentence from 10 September 2024: release at 40%",
        categories=("other",),
    ),
    FractionRule(
        start=SDS40_START,
        types=("sds", "detention"),
        fraction=FORTY_PERCENT,
        label="40%",
        rule="Standard determinate sentence from 10 September 2024 (violent, under 4 years): release at 40%",
        categories=("violent",),
        below_term=Term(years=4),
    ),
    FractionRule(
        start=date.min,
        types=("dto",),
        fraction=HALF,
        label="1/2",
        rule="Detention and training order: release at half",
    ),
    FractionRule(
        start=date.min,
        types=("sds", "detention"),
        fraction=HALF,
        label="1/2",
        rule="Standard determinate sentence: release at half",
    ),
)

_NO_DATES = {
    "hospital-order": "Hospital order: there is no release date; the responsible clinician, the hospital "
    "managers or a Mental Health Tribunal can discharge the patient at any time.",
    "restricted-hospital-order": "Restricted hospital order: there is no release date; discharge needs the "
    "Secretary of State (Mental Health Casework Section) or a Mental Health Tribunal.",
    "hospital-direction": "Hospital and limitation direction: no dates while the offender is a patient; "
    "if remitted to prison the prison sentence's dates apply: ask the prison or the Mental Health "
    "Casework Section.",
    "transfer-direction": "Transfer and restriction direction: no dates while the offender is a patient; "
    "if returned to prison the prison sentence's dates apply: ask the prison or the Mental Health "
    "Casework Section.",
    "suspended": "Suspended sentence: it is not served in custody unless the court activates it, so there "
    "are no release dates.",
    "community": "Community order: there is no custody, so there are no release dates.",
}


def indicative_dates(facts: SentenceFacts) -> IndicativeDates:
    """Work out the indicative release, parole, HDC, licence and sentence end dates for one sentence."""
    _check(facts)
    if facts.type in _NO_DATES:
        return IndicativeDates(None, None, None, None, None, None, _NO_DATES[facts.type])
    if facts.type in INDETERMINATE or (facts.type == "detention" and facts.term is None):
        return _indeterminate(facts)
    return _determinate(facts)


def release_rule(facts: SentenceFacts) -> FractionRule:
    """The row of ``RELEASE_FRACTIONS`` that governs a determinate sentence."""
    longest = _longest_term(facts)
    for rule in RELEASE_FRACTIONS:
        if _fits(rule, facts, longest):
            return rule
    raise VloError(f"no release fraction is known for a {facts.type} sentence dated {_day(facts.date)}")


def _check(facts: SentenceFacts) -> None:
    if facts.type not in SENTENCE_TYPES:
        raise VloError(f"sentence type must be one of {', '.join(SENTENCE_TYPES)}")
    if facts.category not in CATEGORIES:
        raise VloError(f"offence category must be one of {', '.join(CATEGORIES)}")
    for name in ("remand_days", "tagged_bail_days", "ual_days", "added_days"):
        if getattr(facts, name) < 0:
            raise VloError(f"{name.replace('_', ' ')} cannot be negative")
    if facts.type in ("sds", "sds-plus", "eds", "dto") and facts.term is None:
        raise VloError(f"a {facts.type} sentence needs its custodial term, like 2y6m")


def _fits(rule: FractionRule, facts: SentenceFacts, longest: Term) -> bool:
    if facts.type not in rule.types or facts.category not in rule.categories:
        return False
    if facts.date < rule.start or (rule.until is not None and facts.date >= rule.until):
        return False
    if rule.min_term is not None and not longest.at_least(rule.min_term, facts.date):
        return False
    if rule.below_term is not None and longest.at_least(rule.below_term, facts.date):
        return False
    return facts.listed_offence or not rule.listed_only


def _longest_term(facts: SentenceFacts) -> Term:
    # Thresholds such as "7 years or more" belong to a single sentence, never to an aggregate.
    terms = [t for t in (facts.term, *facts.consecutive, *facts.concurrent) if t is not None]
    if not terms:
        raise VloError(f"a {facts.type} sentence has no custodial term to take a release fraction of")
    return max(terms, key=lambda t: t.end(facts.date))


def _custodial_end(facts: SentenceFacts) -> tuple[date, str]:
    """Last day of the aggregate term, and words describing it."""
    assert facts.term is not None
    end = facts.term.end(facts.date)
    words = facts.term.words()
    for term in facts.consecutive:
        # A consecutive term starts the day after the one before it ends.
        end = term.end(end + timedelta(days=1))
        words += f" + {term.words()} consecutive"
    for term in facts.concurrent:
        if term.end(facts.date) > end:
            end, words = term.end(facts.date), f"{term.words()} (the longest concurrent term)"
    return end, words


def _point(start: date, length: int, fraction: Fraction) -> date:
    """The day on which ``fraction`` of a ``length``-day term has been served."""
    return start + timedelta(days=math.ceil(length * fraction) - 1)


def _determinate(facts: SentenceFacts) -> IndicativeDates:
    rule = release_rule(facts)
    end, words = _custodial_end(facts)
    length = (end - facts.date).days + 1
    # Remand and tagged bail count as time served; UAL stops the clock for the whole sentence.
    shift = timedelta(days=facts.ual_days - facts.remand_days - facts.tagged_bail_days)
    # Added days lengthen the time in custody only, not the licence.
    release_shift = shift + timedelta(days=facts.added_days)
    point = _point(facts.date, length, rule.fraction) + release_shift
    served = f"{words} from {_day(facts.date)} is {length} days"

    if rule.parole:
        licence_end = end + shift
        if facts.extension is not None:
            licence_end = facts.extension.end(end + timedelta(days=1)) + shift
        release = min(end + release_shift, licence_end)
        parole = min(point, release)
        extension = f"{facts.extension.words()} extended licence" if facts.extension else "custodial term"
        basis = (
            f"{rule.rule}. {served}, so parole eligibility on day {math.ceil(length * rule.fraction)}"
            f"{_adjustments(facts)}; the licence runs to the end of the {extension}{_licence_moved(facts)}."
        )
        return IndicativeDates(release, parole, None, licence_end, licence_end, rule.label, basis)

    licence_end = end + shift
    release = min(point, licence_end)
    noun = "supervision" if facts.type == "dto" else "licence"
    day = math.ceil(length * rule.fraction)
    basis = (
        f"{rule.rule}{_not_forty(facts, rule)}. {served}, so release on day {day}"
        f"{_adjustments(facts)}; the {noun} runs to the end of the term{_licence_moved(facts)}."
    )
    hdc = _hdc(facts, rule, end, release, release_shift)
    return IndicativeDates(release, None, hdc, licence_end, licence_end, rule.label, basis)


def _hdc(facts: SentenceFacts, rule: FractionRule, end: date, release: date, shift: timedelta) -> date | None:
    """Home detention curfew eligibility, or None where the scheme does not apply."""
    # Sexual offences stand in for "subject to sex-offender notification", the statutory exclusion.
    if facts.type != "sds" or rule.fraction == TWO_THIRDS or facts.category == "sexual":
        return None
    # The aggregate term decides: 12 weeks up to, but not including, 4 years.
    length = (end - facts.date).days + 1
    if length < HDC_MIN_DAYS or end >= HDC_BELOW.end(facts.date):
        return None
    quarter = _point(facts.date, length, Fraction(1, 4)) + shift
    hdc = max(release - timedelta(days=HDC_MAX_DAYS_EARLY), quarter)
    # Added days can squeeze out the curfew period altogether.
    return hdc if hdc < release else None


def _indeterminate(facts: SentenceFacts) -> IndicativeDates:
    kind = {"life": "Life sentence", "ipp": "Imprisonment for public protection"}.get(
        facts.type, "Detention at His Majesty's pleasure"
    )
    licence = "the licence is for life"
    if facts.type == "ipp":
        licence = "an IPP licence lasts until the Parole Board ends it"
    if facts.tariff is None:
        basis = f"{kind}: no automatic release; the minimum term (tariff) is not recorded, and {licence}."
        return IndicativeDates(None, None, None, None, None, None, basis)
    shift = timedelta(days=facts.ual_days - facts.remand_days - facts.tagged_bail_days)
    parole = facts.tariff.end(facts.date) + shift
    basis = (
        f"{kind}: no automatic release; the Parole Board can consider release once the minimum term of "
        f"{facts.tariff.words()} from {_day(facts.date)} has expired{_adjustments(facts, added=False)}, "
        f"and {licence}."
    )
    return IndicativeDates(None, parole, None, None, None, None, basis)


def _not_forty(facts: SentenceFacts, rule: FractionRule) -> str:
    """Why the 40% rule does not apply to a half-way release after it began."""
    if rule.fraction != HALF or facts.type == "dto" or facts.date < SDS40_START:
        return ""
    why = {"sexual": "sexual offences", "terrorism": "terrorism offences"}.get(
        facts.category, "violent offences of 4 years or more"
    )
    return f" (the 40% rule from 10 September 2024 excludes {why})"


def _adjustments(facts: SentenceFacts, added: bool = True) -> str:
    """``, less 35 days remand and 10 days tagged bail``: the adjustments in words, or nothing."""
    taken = ((facts.remand_days, "remand"), (facts.tagged_bail_days, "tagged bail"))
    less = [f"{n} days {what}" for n, what in taken if n]
    plus = [f"{facts.ual_days} days unlawfully at large"] if facts.ual_days else []
    if added and facts.added_days:
        plus.append(f"{facts.added_days} added days")
    parts = []
    if less:
        parts.append("less " + " and ".join(less))
    if plus:
        parts.append("plus " + " and ".join(plus))
    return (", " + ", ".join(parts)) if parts else ""


def _licence_moved(facts: SentenceFacts) -> str:
    """``, moved by the same remand and UAL days``: what also shifts the licence end, or nothing."""
    shifts = ((facts.remand_days, "remand"), (facts.tagged_bail_days, "tagged-bail"), (facts.ual_days, "UAL"))
    moved = [what for n, what in shifts if n]
    if not moved:
        return ""
    names = moved[0] if len(moved) == 1 else ", ".join(moved[:-1]) + " and " + moved[-1]
    return f", moved by the same {names} days"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


# The dates vlo works out and the prison may confirm: (key, label), in the order an officer reads them.
DATE_LABELS = (
    ("release", "Release"),
    ("parole_eligibility", "Parole eligibility"),
    ("hdc_eligibility", "HDC eligibility"),
    ("licence_end", "Licence ends"),
    ("sentence_end", "Sentence ends"),
)
DATE_KEYS = tuple(key for key, _ in DATE_LABELS)
