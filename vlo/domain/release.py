"""Indicative release dates: the release month an officer needs before the prison's calculation arrives.

Every figure here is *indicative, to be confirmed by the prison*; the caller must label it so. The
arithmetic is PSI 03/2015 as HMPPS's own calculator (ministryofjustice/calculate-release-dates-api)
does it: term end = (sentence date - 1 day) + the term, month-end from the 1st (``Term.end``), with
consecutive terms added up first, months with months and days with days (``consecutive_end``); length
L = end - sentence date + 1 days; a point at fraction f falls on sentence date + ceil(L x f) - 1;
remand and tagged-bail days are taken off and unlawfully-at-large (UAL) days added (both move the
licence end too); added days (ADAs) push the release dates only. A release or parole date is never
before the sentence date (remand longer than the custodial part means release at once).

Release fractions live in the dated table ``RELEASE_FRACTIONS``, one row per rule with its
commencement and source: add a row there when the law changes. ``indicative_dates`` names the row
used (``IndicativeDates.rule``), e.g. "40% release: tranche 1".

Simplifications (say so when an officer asks why the prison's date differs):

- Every term is taken as imposed on the sentence date: concurrent terms run from it and consecutive
  terms follow one another; one fraction applies to the whole aggregate, and the 4- and 7-year
  thresholds are judged on the longest single term (the 5-year line between the 40% tranches on the
  whole term, consecutive terms together, as HMPPS's calculator does).
- Offence category is coarse (violent, sexual, terrorism, other). The 40% rule's other exclusions
  (stalking, controlling behaviour, breach of protective orders...) need ``forty_percent_excluded``;
  the 4-7 year two-thirds rule needs ``listed_offence``; LASPO extended sentences for Schedule 15B
  offences need ``schedule_15b``.
- HDC: vlo keeps the HDC policy framework's bar on terms of 4 years or more (HMPPS's calculator gives
  a date; vlo says why it does not). Sex-offender registration (``sex_offender_registration``)
  excludes HDC; where it is not recorded, the sexual category stands in for it.
- CJA 1991 sentences (an offence before 4 April 2005 sentenced before 3 December 2012) are modelled
  only for the licence of a term of 12 months to under 4 years, which ends at three-quarters.
- Not modelled: sentences for offenders of particular concern, CJA 1991 parole (4 years or more), top-up
  supervision, the early removal scheme, recall, the SDS progression model and the HDC repeal.
- Life and IPP: parole eligibility is tariff expiry less the remand and tagged bail given here; a judge
  usually deducts remand when setting the tariff, so then record no remand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from vlo.domain.scheme import CATEGORIES, MENTAL_HEALTH, SENTENCE_TYPES
from vlo.domain.terms import Term, add_months, consecutive_end, turns
from vlo.errors import VloError

DETERMINATE = ("sds", "sds-plus", "eds", "dto", "detention")
INDETERMINATE = ("life", "ipp", "detention-hmp")
HOSPITAL = MENTAL_HEALTH

ORA_START = date(2015, 2, 1)  # Offender Rehabilitation Act 2014: licence for terms under 12 months
# Offences before it, sentenced before LASPO_START, are CJA 1991 sentences: licence to three-quarters.
CJA_2003_START = date(2005, 4, 4)
TWELVE_MONTHS = Term(months=12)

# Home detention curfew (CJA 2003 s.246; HDC policy framework). Figures as HMPPS's calculator
# (application-calculation-params.yml, hdced) and GOV.UK "Home detention curfew" set them.
HDC_BELOW = Term(years=4)  # vlo's bar: the policy framework excludes 4 years or more
HDC_MIN_CUSTODIAL_DAYS = 42  # custodial period under 6 weeks (a 12-week sentence at half): no HDC
HDC_MIN_DAYS_SERVED = 14  # at least 14 days in custody first; no HDC if release is sooner
HDC_MIN_DAYS_CURFEW_FLOOR = 28  # under the midpoint: half the custodial period, at least 28 days


@dataclass(frozen=True)
class HdcRule:
    """One period of the maximum curfew: before the midpoint HDC starts half-way through custody."""

    start: date  # HDC eligibility dates falling on or after this date
    max_curfew_days: int  # the curfew is at most this long
    midpoint_days: int  # custodial periods of this many days or more use the maximum
    source: str


HDC_RULES: tuple[HdcRule, ...] = (
    HdcRule(date(2025, 6, 3), 365, 730, "HDC policy framework, June 2025 (maximum curfew 12 months)"),
    # HMPPS's calculator applies 180 days to every earlier date too (it was 135 days before 6 June 2023).
    HdcRule(date.min, 180, 360, "HDC policy framework, June 2023 (maximum curfew 180 days)"),
)
HDC_365_START = HDC_RULES[0].start


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
    offence_date: date | None = None  # None: taken as on or after 1 Feb 2015 (a licence follows)
    sex_offender_registration: bool | None = None  # None: the sexual category stands in for it
    forty_percent_excluded: bool = False  # on the 40% exclusion list outside sexual/violent/terrorism
    schedule_15b: bool = False  # LASPO extended sentence for a Schedule 15B offence (parole, not automatic)
    date_of_birth: date | None = None  # None: taken as 18 or over at release (a licence follows)


@dataclass(frozen=True)
class IndicativeDates:
    """Indicative dates for one sentence, each None where it does not apply."""

    release: date | None  # CRD/ARD: conditional or automatic release date
    parole_eligibility: date | None  # PED where it applies (EDS, life/IPP tariff expiry)
    hdc_eligibility: date | None  # home detention curfew eligibility where it applies
    licence_end: date | None  # licence expiry (None: released without licence)
    sentence_end: date | None  # sentence expiry (end of the whole term incl. EDS extension)
    fraction: str | None  # e.g. "1/2", "40%", "2/3", None
    basis: str  # one or two plain-English sentences on how these were worked out
    rule: str = ""  # the rule used, in words an officer can quote: "40% release: tranche 1"
    notes: tuple[str, ...] = field(default=())  # caveats next to the dates (e.g. why no HDC date)


@dataclass(frozen=True)
class Tranche:
    """A commencement for sentences already being served: those shorter than ``below`` (None: the rest)."""

    name: str
    start: date
    below: Term | None = None


@dataclass(frozen=True)
class FractionRule:
    """One row of the release-fraction table; the first row that fits a sentence wins."""

    start: date  # sentences imposed on or after this date (tranche rows: any date)
    types: tuple[str, ...]  # sentence types the row covers
    fraction: Fraction
    label: str  # how an officer reads the fraction: "1/2", "40%", "2/3"
    rule: str  # plain-English name of the rule, quoted in the basis
    source: str  # the law or document the row comes from
    categories: tuple[str, ...] = CATEGORIES  # offence categories the row covers
    min_term: Term | None = None  # only terms at least this long
    below_term: Term | None = None  # only terms shorter than this
    listed_only: bool = False  # only offences marked `listed_offence`
    until: date | None = None  # sentences imposed before this date (None: still in force)
    parole: bool = False  # the fraction gives parole eligibility; automatic release at the term's end
    schedule_15b_only: bool = False  # only LASPO extended sentences for Schedule 15B offences
    excludable: bool = False  # `forty_percent_excluded` takes a sentence out of this row
    tranches: tuple[Tranche, ...] = ()  # reaches sentences being served at these commencements


HALF, FORTY_PERCENT, TWO_THIRDS = Fraction(1, 2), Fraction(2, 5), Fraction(2, 3)
SDS40_START = date(2024, 9, 10)
SDS40_TRANCHES = (
    Tranche("tranche 1", SDS40_START, below=Term(years=5)),
    Tranche("tranche 2", date(2024, 10, 22)),
)
LASPO_START, LASPO_EDS_END = date(2012, 12, 3), date(2015, 4, 13)
SDS40_SOURCE = (
    "Criminal Justice Act 2003 (Requisite and Minimum Period) (Amendment) Order 2024 (SI 2024/844); "
    "GOV.UK 'Standard determinate sentences: 40% release'"
)

# Order is precedence: the narrower, later rules come before the general ones they override.
RELEASE_FRACTIONS: tuple[FractionRule, ...] = (
    FractionRule(
        start=LASPO_EDS_END,
        types=("eds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Extended sentence from 13 April 2015: parole from two-thirds of the custodial term, "
        "automatic release at its end",
        source="Criminal Justice and Courts Act 2015 s.4; CJA 2003 s.246A",
        parole=True,
    ),
    FractionRule(
        start=LASPO_START,
        until=LASPO_EDS_END,
        types=("eds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Extended sentence (LASPO, 3 December 2012 to 12 April 2015) of 10 years' custody or more: "
        "parole from two-thirds, automatic release at the end of the custodial term",
        source="LASPO 2012 s.125, CJA 2003 s.246A(2)",
        min_term=Term(years=10),
        parole=True,
    ),
    FractionRule(
        start=LASPO_START,
        until=LASPO_EDS_END,
        types=("eds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Extended sentence (LASPO, 3 December 2012 to 12 April 2015) for a Schedule 15B offence: "
        "parole from two-thirds, automatic release at the end of the custodial term",
        source="LASPO 2012 s.125, CJA 2003 s.246A(2)",
        schedule_15b_only=True,
        parole=True,
    ),
    FractionRule(
        start=LASPO_START,
        until=LASPO_EDS_END,
        types=("eds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Extended sentence (LASPO, 3 December 2012 to 12 April 2015): automatic release at two-thirds "
        "of the custodial term, no parole eligibility date",
        source="LASPO 2012 s.125, CJA 2003 s.246A(1)",
    ),
    FractionRule(
        start=date(2008, 7, 14),
        until=LASPO_START,
        types=("eds",),
        fraction=HALF,
        label="1/2",
        rule="Extended sentence for public protection (from 14 July 2008): automatic release at half "
        "the custodial term",
        source="Criminal Justice and Immigration Act 2008 s.25 (CJA 2003 s.247)",
    ),
    FractionRule(
        start=date.min,
        until=date(2008, 7, 14),
        types=("eds",),
        fraction=HALF,
        label="1/2",
        rule="Extended sentence for public protection (before 14 July 2008): parole from half the "
        "custodial term, automatic release at its end",
        source="CJA 2003 s.247 as enacted",
        parole=True,
    ),
    FractionRule(
        start=date(2022, 6, 28),
        types=("sds-plus",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Serious offence (SDS+) of 4 years or more from 28 June 2022: release at two-thirds",
        source="Police, Crime, Sentencing and Courts Act 2022 s.130 (CJA 2003 s.244ZA)",
        min_term=Term(years=4),
    ),
    FractionRule(
        start=date(2020, 4, 1),
        types=("sds-plus",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Serious offence (SDS+) of 7 years or more from 1 April 2020: release at two-thirds",
        source="Release of Prisoners (Alteration of Relevant Proportion of Sentence) Order 2020 (SI 2020/158)",
        min_term=Term(years=7),
    ),
    FractionRule(
        start=date(2020, 4, 1),
        types=("sds",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Violent or sexual offence with 7 years or more from 1 April 2020: release at two-thirds",
        source="Release of Prisoners (Alteration of Relevant Proportion of Sentence) Order 2020 (SI 2020/158)",
        categories=("violent", "sexual"),
        min_term=Term(years=7),
    ),
    FractionRule(
        start=date(2022, 6, 28),
        types=("sds", "detention"),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Listed violent or sexual offence with 4 to 7 years from 28 June 2022: release at two-thirds",
        source="Police, Crime, Sentencing and Courts Act 2022 s.130 (CJA 2003 s.244ZA)",
        categories=("violent", "sexual"),
        min_term=Term(years=4),
        below_term=Term(years=7),
        listed_only=True,
    ),
    FractionRule(
        start=date(2022, 6, 28),
        types=("detention",),
        fraction=TWO_THIRDS,
        label="2/3",
        rule="Detention (s.250) for a violent or sexual offence with 7 years or more from 28 June 2022: "
        "release at two-thirds",
        source="Police, Crime, Sentencing and Courts Act 2022 s.130 (CJA 2003 s.244ZA)",
        categories=("violent", "sexual"),
        min_term=Term(years=7),
    ),
    FractionRule(
        start=date.min,
        types=("sds", "detention"),
        fraction=FORTY_PERCENT,
        label="40%",
        rule="40% release",
        source=SDS40_SOURCE,
        categories=("other",),
        excludable=True,
        tranches=SDS40_TRANCHES,
    ),
    FractionRule(
        start=date.min,
        types=("sds", "detention"),
        fraction=FORTY_PERCENT,
        label="40%",
        rule="40% release",
        source=SDS40_SOURCE,
        categories=("violent",),
        below_term=Term(years=4),
        excludable=True,
        tranches=SDS40_TRANCHES,
    ),
    FractionRule(
        start=date.min,  # DTOs exist from 1 April 2000
        types=("dto",),
        fraction=HALF,
        label="1/2",
        rule="Detention and training order: release at half",
        source="Crime and Disorder Act 1998 s.75 (from 1 April 2000); Sentencing Act 2020 s.241",
    ),
    FractionRule(
        start=date.min,
        types=("sds", "sds-plus", "detention"),
        fraction=HALF,
        label="1/2",
        rule="Standard determinate sentence: release at half",
        source="CJA 2003 s.244 (sentences from 4 April 2005)",
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
        return IndicativeDates(
            None, None, None, None, None, None, _NO_DATES[facts.type], rule="No release date"
        )
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
    if rule.schedule_15b_only and not facts.schedule_15b:
        return False
    if rule.excludable and facts.forty_percent_excluded:
        return False
    return facts.listed_offence or not rule.listed_only


def _fallback(facts: SentenceFacts, longest: Term, after: FractionRule) -> FractionRule:
    """The rule that governs when ``after`` (a tranche row) has not yet reached the sentence."""
    rows = RELEASE_FRACTIONS[RELEASE_FRACTIONS.index(after) + 1 :]
    return next(r for r in rows if not r.tranches and _fits(r, facts, longest))


def _tranche(rule: FractionRule, facts: SentenceFacts) -> Tranche:
    """The tranche that reached a sentence being served, judged on the whole term: consecutive terms
    count together, as one sentence (MoJ TrancheAllocationService; fixture tranches/crs-2121_2x2.5.json:
    2 years 6 months twice is 5 years, tranche 2). Unlike release, the MoJ measures this chain one term
    at a time, each from the day after the one before it ends."""
    assert facts.term is not None
    end = facts.term.end(facts.date)
    for term in facts.consecutive:
        end = term.end(end + timedelta(days=1))
    end = max([end, *(term.end(facts.date) for term in facts.concurrent)])
    for tranche in rule.tranches:
        if tranche.below is None or end < tranche.below.end(facts.date):
            return tranche
    raise AssertionError("the last tranche takes every remaining sentence")


def _longest_term(facts: SentenceFacts) -> Term:
    # Thresholds such as "7 years or more" belong to a single sentence, never to an aggregate.
    terms = [t for t in (facts.term, *facts.consecutive, *facts.concurrent) if t is not None]
    if not terms:
        raise VloError(f"a {facts.type} sentence has no custodial term to take a release fraction of")
    return max(terms, key=lambda t: t.end(facts.date))


def _custodial_end(facts: SentenceFacts) -> tuple[date, str]:
    """Last day of the aggregate term, and words describing it."""
    assert facts.term is not None
    # Consecutive terms are added up before counting, months with months and days with days.
    end = consecutive_end(facts.date, (facts.term, *facts.consecutive))
    words = facts.term.words() + "".join(f" + {term.words()} consecutive" for term in facts.consecutive)
    if facts.type == "dto" and facts.consecutive:
        # Consecutive DTOs over 24 months: the excess is remitted (PCC(S)A 2000 s.101(5), carried into
        # the Sentencing Code). The MoJ (SentenceAggregator) caps the chain at the days from the
        # sentence date to the same day 24 months on; remand then comes off the capped dates.
        cap = add_months(facts.date, DTO_MAX.months) - timedelta(days=1)
        if end >= cap:
            end, words = cap, f"{words} (capped at {DTO_MAX.words()})"
    for term in facts.concurrent:
        if term.end(facts.date) > end:
            end, words = term.end(facts.date), f"{term.words()} (the longest concurrent term)"
    return end, words


def _point(start: date, length: int, fraction: Fraction) -> date:
    """The day on which ``fraction`` of a ``length``-day term has been served."""
    return start + timedelta(days=math.ceil(length * fraction) - 1)


def _no_licence(facts: SentenceFacts, end: date, length: int, release: date) -> str | None:
    """Why a determinate sentence is served without a licence, or None when a licence follows."""
    if facts.type in ("eds", "dto"):
        return None
    if length == 1:
        return "A one-day term is served without a licence (CJA 2003 s.243A)."
    if end >= TWELVE_MONTHS.end(facts.date):
        return None
    if facts.offence_date is not None and facts.offence_date < ORA_START:
        return (
            "Offence before 1 February 2015 and a term under 12 months: released without a licence "
            "(Offender Rehabilitation Act 2014 applies only to later offences)."
        )
    if facts.date_of_birth is not None and release < turns(facts.date_of_birth, 18):
        return "A term under 12 months and under 18 at release: released without a licence (CJA 2003 s.243A)."
    return None


def _cja_1991_licence(facts: SentenceFacts, end: date) -> bool:
    """Whether the CJA 1991's licence to three-quarters applies: an offence before 4 April 2005, a
    sentence passed before 3 December 2012 (LASPO: from then the CJA 2003's licence to the end of the
    term applies whenever the offence was; MoJ StandardDeterminateSentence.isBeforeCJAAndLASPO), and
    a short-term sentence of under 4 years (CJA 1991 s.33(5))."""
    return (
        facts.offence_date is not None
        and facts.offence_date < CJA_2003_START
        and facts.date < LASPO_START
        and facts.type != "dto"
        and end < Term(years=4).end(facts.date)
    )


def _determinate(facts: SentenceFacts) -> IndicativeDates:
    rule = release_rule(facts)
    longest = _longest_term(facts)
    end, words = _custodial_end(facts)
    length = (end - facts.date).days + 1
    # Remand and tagged bail count as time served; UAL stops the clock for the whole sentence.
    shift = timedelta(days=facts.ual_days - facts.remand_days - facts.tagged_bail_days)
    # Added days lengthen the time in custody only, not the licence; a DTO takes none.
    added = 0 if facts.type == "dto" else facts.added_days
    release_shift = shift + timedelta(days=added)
    served = f"{words} from {_day(facts.date)} is {length} days"
    notes: list[str] = []

    sentence_end = end + shift
    if facts.extension is not None:
        sentence_end = facts.extension.end(end + timedelta(days=1)) + shift

    if rule.parole:
        release = max(facts.date, min(end + release_shift, sentence_end))
        parole = max(facts.date, min(_point(facts.date, length, rule.fraction) + release_shift, release))
        extension = f"{facts.extension.words()} extended licence" if facts.extension else "custodial term"
        basis = (
            f"{rule.rule}. {served}, so parole eligibility on day {math.ceil(length * rule.fraction)}"
            f"{_adjustments(facts)}; the licence runs to the end of the {extension}{_licence_moved(facts)}."
        )
        return IndicativeDates(
            release, parole, None, sentence_end, sentence_end, rule.label, basis, rule=rule.rule, notes=()
        )

    named = rule.rule
    fraction = rule.fraction
    release = _point(facts.date, length, fraction) + release_shift
    tranche = None
    if rule.tranches:
        tranche = _tranche(rule, facts)
        half = _point(facts.date, length, HALF) + release_shift
        if facts.date >= tranche.start:
            named = f"40% release (sentenced on or after {_day(tranche.start)})"
            tranche = None
        elif half < tranche.start:
            # Due for release before 40% reached this sentence: the old fraction stands.
            rule = _fallback(facts, longest, rule)
            named = (
                f"{rule.rule} (due before 40% release reached it, {tranche.name} from {_day(tranche.start)})"
            )
            fraction, release, tranche = rule.fraction, half, None
        else:
            release = max(release, tranche.start)
            named = f"40% release: {tranche.name} (sentences being served on {_day(tranche.start)})"
    label = rule.label
    # Added days beyond the sentence end are unused: they move nothing (PSI 03/2015).
    unused = max(0, (release - sentence_end).days) if added else 0
    release = max(facts.date, min(release, sentence_end))
    why_not = _no_licence(facts, end, length, release)
    licence_end = None if why_not else sentence_end
    if why_not:
        notes.append(why_not)
    elif _cja_1991_licence(facts, end):
        # CJA 1991 sentences of 12 months to under 4 years: licence to three-quarters (PSI 03/2015;
        # MoJ fixtures psi-examples/28.json, 31.json; psi-examples/30.json keeps 6 years to the end).
        licence_end = _point(facts.date, length, Fraction(3, 4)) + shift
        notes.append(
            "Offence before 4 April 2005, sentenced before 3 December 2012 (CJA 1991): the licence ends "
            "at three-quarters of the term."
        )
    noun = "supervision" if facts.type == "dto" else "licence"
    day = math.ceil(length * fraction)
    tail = (
        f"no {noun} follows" if why_not else f"the {noun} runs to the end of the term{_licence_moved(facts)}"
    )
    basis = (
        f"{named}{_not_forty(facts, rule)}. {served}, so release on day {day}{_adjustments(facts)}; {tail}."
    )
    if facts.type == "eds" and facts.extension is not None:
        basis = basis[:-1] + f", then the {facts.extension.words()} extended licence."
    hdc = _hdc(facts, fraction, length, end, release, added - unused, tranche, notes)
    return IndicativeDates(
        release, None, hdc, licence_end, sentence_end, label, basis, rule=named, notes=tuple(notes)
    )


def _hdc(
    facts: SentenceFacts,
    fraction: Fraction,
    length: int,
    end: date,
    release: date,
    added: int,
    tranche: Tranche | None,
    notes: list[str],
) -> date | None:
    """Home detention curfew eligibility, or None where the scheme does not apply."""
    if facts.type not in ("sds", "detention") or fraction == TWO_THIRDS:
        return None  # HDC is for standard determinate sentences; not SDS+, EDS or DTO
    registered = facts.sex_offender_registration
    if registered is None:
        registered = facts.category == "sexual"
        if registered:
            notes.append("No HDC date: sex-offender registration is assumed from the sexual category.")
    if registered:
        return None
    # Under 40% release the custodial period is still the days to release (L x fraction).
    if math.ceil(length * fraction) < HDC_MIN_CUSTODIAL_DAYS:
        return None
    if release < facts.date + timedelta(days=HDC_MIN_DAYS_SERVED):
        return None  # released within 14 days of sentence
    hdc = _hdc_date(facts, length * fraction)
    if tranche is not None:
        # Served when 40% began: an HDC date due before the tranche keeps the half-way custodial period.
        before = _hdc_date(facts, length * HALF)
        hdc = before if before < tranche.start else max(hdc, tranche.start)
    hdc += timedelta(days=added)
    # Added days can squeeze out the curfew period altogether: then no calculator gives a date.
    if hdc >= release:
        return None
    if end >= HDC_BELOW.end(facts.date):
        notes.append(
            f"No HDC date: vlo keeps the HDC policy framework's bar on terms of 4 years or more "
            f"(HMPPS's calculator would give {_day(hdc)}; ask the prison)."
        )
        return None
    return hdc


def _hdc_date(facts: SentenceFacts, custodial: Fraction) -> date:
    """HDC eligibility before added days, for a custodial period of ``custodial`` days."""
    deducted = facts.remand_days + facts.tagged_bail_days

    def eligible(hdc_rule: HdcRule) -> date:
        if math.ceil(custodial) < hdc_rule.midpoint_days:
            days = max(HDC_MIN_DAYS_CURFEW_FLOOR, math.ceil(custodial / 2)) - deducted
        else:
            days = math.ceil(custodial) - hdc_rule.max_curfew_days - deducted
        # At least 14 days in custody first (UAL aside).
        return facts.date + timedelta(days=max(days, HDC_MIN_DAYS_SERVED) + facts.ual_days)

    before, after = eligible(HDC_RULES[1]), eligible(HDC_RULES[0])
    if before < HDC_365_START:
        return before
    return max(after, HDC_365_START)


def _indeterminate(facts: SentenceFacts) -> IndicativeDates:
    kind = {"life": "Life sentence", "ipp": "Imprisonment for public protection"}.get(
        facts.type, "Detention at His Majesty's pleasure"
    )
    licence = "the licence is for life"
    if facts.type == "ipp":
        licence = "an IPP licence lasts until the Parole Board ends it"
    if facts.tariff is None:
        basis = f"{kind}: no automatic release; the minimum term (tariff) is not recorded, and {licence}."
        return IndicativeDates(None, None, None, None, None, None, basis, rule=f"{kind}: Parole Board")
    shift = timedelta(days=facts.ual_days - facts.remand_days - facts.tagged_bail_days)
    parole = facts.tariff.end(facts.date) + shift
    basis = (
        f"{kind}: no automatic release; the Parole Board can consider release once the minimum term of "
        f"{facts.tariff.words()} from {_day(facts.date)} has expired{_adjustments(facts, added=False)}, "
        f"and {licence}."
    )
    return IndicativeDates(
        None, parole, None, None, None, None, basis, rule=f"{kind}: Parole Board after the minimum term"
    )


def _not_forty(facts: SentenceFacts, rule: FractionRule) -> str:
    """Why the 40% rule does not apply to a half-way release after it began."""
    if rule.fraction != HALF or facts.type not in ("sds", "detention") or facts.date < SDS40_START:
        return ""
    if facts.forty_percent_excluded and facts.category in ("other", "violent"):
        return " (the 40% rule from 10 September 2024 excludes this offence)"
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


# --- refusing absurd sentences (pure checks for the service to call before it writes) -------------

DTO_MAX = Term(months=24)  # Sentencing Act 2020 s.236: 4 to 24 months
SUSPENDED_MAX = Term(years=2)  # Sentencing Act 2020 s.277: at most 2 years
COMMUNITY_MAX = Term(years=3)  # Sentencing Act 2020 s.209: at most 3 years
EXTENSION_MAX = {"violent": Term(years=5), "sexual": Term(years=8), "terrorism": Term(years=8)}  # s.256/s.281


def validate_sentence(facts: SentenceFacts) -> None:
    """Refuse a sentence no court could pass, with one line naming the field (a VloError)."""
    _check(facts)
    if facts.offence_date is not None and facts.offence_date > facts.date:
        raise VloError("offence date cannot be after the sentence date")
    if facts.term is None:
        return
    length = facts.term.length(facts.date)
    for name in ("remand_days", "tagged_bail_days"):
        if getattr(facts, name) > length:
            raise VloError(
                f"{name.replace('_', ' ')} ({getattr(facts, name)}) cannot be longer than the term ({length} days)"
            )
    limits = {"dto": DTO_MAX, "suspended": SUSPENDED_MAX, "community": COMMUNITY_MAX}
    limit = limits.get(facts.type)
    if limit is not None and not limit.at_least(facts.term, facts.date):
        raise VloError(f"length of a {facts.type} sentence can be at most {limit.words()}")
    cap = EXTENSION_MAX.get(facts.category)
    if facts.extension is not None and cap is not None and not cap.at_least(facts.extension, facts.date):
        raise VloError(f"extension for a {facts.category} offence can be at most {cap.words()}")


def validate_licence_end(sentence_date: date, licence_end: date | None) -> None:
    """Refuse a confirmed licence end before the sentence date (one line naming the field)."""
    if licence_end is not None and licence_end < sentence_date:
        raise VloError("licence end cannot be before the sentence date")


# The dates vlo works out and the prison may confirm: (key, label), in the order an officer reads them.
DATE_LABELS = (
    ("release", "Release"),
    ("parole_eligibility", "Parole eligibility"),
    ("hdc_eligibility", "HDC eligibility"),
    ("licence_end", "Licence ends"),
    ("sentence_end", "Sentence ends"),
)
DATE_KEYS = tuple(key for key, _ in DATE_LABELS)
