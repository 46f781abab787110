"""What the unit owes each person, and by when (SPEC §2, "The initial-contact deadline").

Pure: given a case's facts, its people, their contacts and events, and the working-day calendar,
:func:`case_deadlines` lists every deadline with its due date and, when met, the date it was met.
:func:`status` turns a due date into the words of the morning list.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from vlo.domain.scheme import IN_SCHEME
from vlo.domain.terms import add_months
from vlo.domain.workdays import WorkingCalendar

INITIAL = "initial-contact"
KEY_STAGE = "key-stage"
ANNUAL = "annual-update"
LICENCE_VIEWS = "licence-views"
RELEASE_MONTH = "release-month"
CONDITION_OUTCOME = "condition-outcome"

CLOCKS = ("40-day", "code-2020")

# Key-stage events (SPEC §2), and which contact levels hear of each.
PRISON_EVENTS = (
    "open-conditions",
    "rotl",
    "hdc",
    "parole-review",
    "release-decision",
    "release",
    "recall",
    "licence-end",
    "release-date-change",
    "escape",
    "death",
    "deportation",
)
PATIENT_EVENTS = (
    "tribunal-hearing",
    "discharge-consideration",
    "conditional-discharge",
    "recall-to-hospital",
    "absolute-discharge",
)
EVENT_TYPES = PRISON_EVENTS + PATIENT_EVENTS
EVENT_WORDS = {
    "open-conditions": "move to open conditions",
    "rotl": "release on temporary licence",
    "hdc": "home detention curfew",
    "parole-review": "Parole Board review",
    "release-decision": "release decision and licence conditions",
    "release": "release",
    "recall": "recall to prison",
    "licence-end": "end of licence",
    "release-date-change": "change to the release date",
    "escape": "escape",
    "death": "death of the offender",
    "deportation": "deportation",
    "tribunal-hearing": "Mental Health Tribunal hearing",
    "discharge-consideration": "consideration of discharge",
    "conditional-discharge": "conditional discharge",
    "recall-to-hospital": "recall to hospital",
    "absolute-discharge": "absolute discharge",
}
# "Release month only" still hears of the offender leaving custody, and of escape: their safety.
RELEASE_MONTH_EVENTS = frozenset(
    {"hdc", "release", "release-date-change", "escape", "conditional-discharge", "absolute-discharge"}
)


def hears_of(level: str | None, event_type: str) -> bool:
    """Whether a person at this contact level is told of this kind of event."""
    if level == "key-stages":
        return True
    if level == "release-month":
        return event_type in RELEASE_MONTH_EVENTS
    return False


@dataclass(frozen=True)
class Rules:
    """The unit's settings for the clocks (``vlo settings``)."""

    clock: str = "40-day"  # or "code-2020": referral within 10 wd, then contact within 20 wd of it
    initial_days: int = 40
    referral_days: int = 10
    referral_contact_days: int = 20
    notice_days: int = 10  # tell the victim this many working days before a key-stage event
    views_days: int = 60  # seek views on licence conditions this many working days before release
    release_notice_days: int = 20  # tell of the release month this many working days before release
    outcome_days: int = 10  # tell of a licence-condition decision within this many working days
    annual_years: int = 25  # how long annual letters run when there is no licence end


@dataclass(frozen=True)
class Outcome:
    """A decision on a licence condition the person asked for."""

    condition_id: int
    step: str  # agreed, agreed-with-changes or refused
    date: date
    logged: str = ""  # when it was recorded (ISO timestamp): only contacts logged later tell of it


@dataclass(frozen=True)
class Person:
    id: int
    opt_status: str
    contact_level: str | None
    contacts: tuple[date, ...] = ()  # dates of every contact with the person, any method
    logged: tuple[str, ...] = ()  # when each of those contacts was logged (ISO timestamps), same order
    outcomes: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Event:
    id: int
    type: str
    date: date
    recorded: date  # when the unit learnt of it: the victim can only be told from then
    logged: str = ""  # when it was recorded (ISO timestamp)


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    eligibility: str
    open: bool
    sentence_date: date | None
    referral_date: date | None = None
    end_date: date | None = None  # licence end, to bound annual letters
    release_date: date | None = None  # indicative or confirmed release date
    known_from: date | None = None  # when the unit recorded the sentence: no deadlines for what was past then
    people: Sequence[Person] = ()
    events: Sequence[Event] = ()


@dataclass(frozen=True)
class Deadline:
    case_id: int
    victim_id: int
    kind: str
    due: date
    start: date  # the date the clock started from
    met_on: date | None = None
    event_id: int | None = None
    what: str = ""  # the line the officer reads: "Initial contact", "Tell of release (1 Aug 2025)"
    estimated: bool = False
    condition_id: int | None = None


def _first_on_or_after(dates: Iterable[date], start: date) -> date | None:
    return min((d for d in dates if d >= start), default=None)


def _first_told(person: Person, start: date, logged_after: str) -> date | None:
    """The first contact that could have told of something recorded on ``start`` at ``logged_after``.

    A contact the same day counts only if it was logged after the thing was recorded: a call
    taken in the morning cannot have told the victim of an event recorded that afternoon.
    """
    return min(
        (
            d
            for d, logged in zip(person.contacts, person.logged or ("",) * len(person.contacts), strict=True)
            if d > start or (d == start and logged > logged_after)
        ),
        default=None,
    )


def case_deadlines(facts: CaseFacts, calendar: WorkingCalendar, rules: Rules = Rules()) -> list[Deadline]:
    """Every deadline on one case, met or not."""
    if not facts.open or facts.eligibility not in IN_SCHEME or facts.sentence_date is None:
        return []
    out: list[Deadline] = []
    for person in facts.people:
        if person.opt_status in ("opted-out", "declined"):
            continue
        out.append(_initial(facts, person, calendar, rules))
        out.extend(_outcome(facts, person, o, calendar, rules) for o in person.outcomes)
        if person.opt_status != "opted-in":
            continue
        for event in facts.events:
            if hears_of(person.contact_level, event.type):
                out.append(_key_stage(facts, person, event, calendar, rules))
        out.extend(_release(facts, person, calendar, rules))
        if person.contact_level == "annual":
            out.extend(_annual(facts, person, calendar, rules))
    return out


def _release(facts: CaseFacts, person: Person, calendar: WorkingCalendar, rules: Rules) -> list[Deadline]:
    """From the release date: seek views on licence conditions, and tell of the release month.

    A recorded release event takes over the telling; a release already past when the unit learnt
    of the sentence gets neither (there is nothing left to ask or to warn of).
    """
    release = facts.release_date
    if release is None or (facts.known_from is not None and release <= facts.known_from):
        return []
    out = []
    views_due = calendar.subtract(release, rules.views_days)
    window = calendar.subtract(views_due, 20)
    met = _first_on_or_after(person.contacts, window)
    what = f"Seek views on licence conditions (release {release:%b %Y})"
    out.append(Deadline(facts.case_id, person.id, LICENCE_VIEWS, views_due, window, met, None, what))
    told_by_event = any(e.type in ("release", "release-date-change") for e in facts.events)
    if hears_of(person.contact_level, "release") and not told_by_event:
        due = calendar.subtract(release, rules.release_notice_days)
        window = calendar.subtract(due, 20)
        met = _first_on_or_after(person.contacts, window)
        what = f"Tell of the release month ({release:%B %Y})"
        out.append(Deadline(facts.case_id, person.id, RELEASE_MONTH, due, window, met, None, what))
    return out


def _outcome(
    facts: CaseFacts, person: Person, outcome: Outcome, calendar: WorkingCalendar, rules: Rules
) -> Deadline:
    due = calendar.add(outcome.date, rules.outcome_days)
    met = _first_told(person, outcome.date, outcome.logged)
    what = f"Tell of the decision on condition {outcome.condition_id} ({outcome.step.replace('-', ' ')})"
    return Deadline(
        facts.case_id,
        person.id,
        CONDITION_OUTCOME,
        due,
        outcome.date,
        met,
        None,
        what,
        condition_id=outcome.condition_id,
    )


def _initial(facts: CaseFacts, person: Person, calendar: WorkingCalendar, rules: Rules) -> Deadline:
    sentenced = facts.sentence_date
    assert sentenced is not None
    met = _first_on_or_after(person.contacts, sentenced)
    if rules.clock == "code-2020":
        estimated = facts.referral_date is None
        referral = facts.referral_date or calendar.add(sentenced, rules.referral_days)
        due = calendar.add(referral, rules.referral_contact_days)
        what = "Initial contact (referral date estimated)" if estimated else "Initial contact"
        return Deadline(facts.case_id, person.id, INITIAL, due, referral, met, None, what, estimated)
    due = calendar.add(sentenced, rules.initial_days)
    what = "Initial contact"
    return Deadline(facts.case_id, person.id, INITIAL, due, sentenced, met, None, what)


def _key_stage(
    facts: CaseFacts, person: Person, event: Event, calendar: WorkingCalendar, rules: Rules
) -> Deadline:
    due = calendar.subtract(event.date, rules.notice_days) if rules.notice_days else event.date
    # Learnt of too late for the notice period (an escape, a recall): it is due at once.
    due = max(due, event.recorded)
    met = _first_told(person, event.recorded, event.logged)
    what = f"Tell of {EVENT_WORDS[event.type]} ({event.date.day} {event.date:%b %Y})"
    return Deadline(facts.case_id, person.id, KEY_STAGE, due, event.recorded, met, event.id, what)


def _annual(facts: CaseFacts, person: Person, calendar: WorkingCalendar, rules: Rules) -> list[Deadline]:
    sentenced = facts.sentence_date
    assert sentenced is not None
    last = facts.end_date or add_months(sentenced, 12 * rules.annual_years)
    contacts = sorted(person.contacts)
    out = []
    year = 1
    while (anniversary := add_months(sentenced, 12 * year)) <= last:
        window_start = add_months(sentenced, 12 * (year - 1))
        # Any contact in the year up to the anniversary counts as that year's letter.
        i = bisect_right(contacts, window_start)
        met = contacts[i] if i < len(contacts) and contacts[i] <= anniversary else None
        due = anniversary if calendar.is_working_day(anniversary) else calendar.add(anniversary, 1)
        what = f"Annual letter (year {year})"
        out.append(Deadline(facts.case_id, person.id, ANNUAL, due, window_start, met, None, what))
        year += 1
    return out
