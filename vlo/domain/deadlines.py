"""What the unit owes each person, and by when (SPEC §2, "The initial-contact deadline", "The Parole
Board", "What meets a deadline").

Pure: given a case's facts, its people, their contacts and events, and the working-day calendar,
:func:`case_deadlines` lists every deadline with its due date, the day its window opens and, when
met, the date it was met.

Every deadline has a *window*: it opens when there is something to tell or ask (the sentence, an
event or decision recorded, a release date known) or a set number of working days before it is
due. A contact meets a deadline only if it was *made* (an unanswered call, a voicemail or returned
post is an attempt), fell inside the window, and, when the officer said what it was about
(``--about``), was about that kind of deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from vlo.domain.scheme import IN_SCHEME, REVIEW
from vlo.domain.terms import add_months, turns
from vlo.domain.workdays import WorkingCalendar

INITIAL = "initial-contact"
KEY_STAGE = "key-stage"
ANNUAL = "annual-update"
LICENCE_VIEWS = "licence-views"
RELEASE_MONTH = "release-month"
CONDITION_OUTCOME = "condition-outcome"
VICTIM_STATEMENT = "victim-statement"
RECONSIDERATION = "reconsideration"
KINDS = (
    INITIAL,
    KEY_STAGE,
    LICENCE_VIEWS,
    RELEASE_MONTH,
    CONDITION_OUTCOME,
    ANNUAL,
    VICTIM_STATEMENT,
    RECONSIDERATION,
)
# Not a contact: a case whose eligibility an officer must decide (SPEC §2: "flag it for review
# rather than decide") holds this for each person on it until the decision, so the 40 working days
# cannot run out unseen while nothing is due. Due 10 working days from the sentence (the Witness
# Care Unit's time to refer, DECISION_DAYS): early enough for either clock's initial contact.
SCHEME_DECISION = "scheme-decision"
DECISION_DAYS = 10
CASE_KINDS = (*KINDS, SCHEME_DECISION)  # every kind the case rules give (breaches have their own)

# What happened on a contact: only "made" reached the person (SPEC §2 "What meets a deadline").
OUTCOMES = ("made", "no-answer", "voicemail", "returned")
# Hearings at which the victim may give a victim personal statement (GOV.UK "Make a victim
# personal statement to the Parole Board"); the statement must reach the Board 28 days before.
HEARINGS = ("parole-review", "tribunal-hearing")
VPS_CALENDAR_DAYS = 28
# GOV.UK "Apply for a Parole Board decision to be reconsidered": within 21 calendar days.
RECONSIDERATION_CALENDAR_DAYS = 21
ADULT_AGE = 18

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


# Told whatever the level chose: an escape is a matter of the victim's safety, not of how much news
# they want (an annual letter after an escape would otherwise report "no significant change").
SAFETY_EVENTS = frozenset({"escape"})


def under_age(born: date | None, on: date) -> bool:
    """Whether someone born on ``born`` is under 18 on ``on``: a child is not written to directly,
    their parent or guardian is (SPEC §2 "Who is contacted"; the victim directly from 18)."""
    return born is not None and on < turns(born, ADULT_AGE)


def hears_of(level: str | None, event_type: str) -> bool:
    """Whether a person at this contact level is told of this kind of event."""
    if level == "key-stages" or event_type in SAFETY_EVENTS:
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
    outcome_days: int = 10  # tell of a licence-condition or release decision within this many working days
    annual_years: int = 25  # how long annual letters run when there is no licence end
    window_days: int = 20  # a notice's window opens this many working days before it is due
    late_days: int = 5  # a notice learnt of too late for its period is due this many working days on
    vps_lead_days: int = 5  # the unit's lead time: working days before the Board's 28-day point


@dataclass(frozen=True)
class Contact:
    """One entry of the contact log, as the rules read it."""

    date: date
    logged: str = ""  # when it was recorded (ISO timestamp): orders same-day contacts and events
    outcome: str = "made"  # or no-answer, voicemail, returned: an attempt meets nothing
    about: frozenset[str] = frozenset()  # the kinds ("key-stage:12": one event) it answers; empty: any
    by_guardian: bool = False  # made with a parent or guardian on behalf of a child victim


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
    contacts: tuple[Contact, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    role: str = "victim"
    date_of_birth: date | None = None
    choice_on: date | None = None  # when they last opted in, out or declined


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
    release_known: date | None = None  # when the unit learnt that release date
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
    opens: date | None = None  # the first day a contact can meet it (None: the start date)
    closed_on: date | None = None  # the person opted out or declined before it was met

    @property
    def opens_on(self) -> date:
        return self.opens or self.start


# What a posted letter of each packaged template tells, so the only deadlines its contact can meet
# (SPEC §2 "What meets a deadline"). A letter telling of one event, condition or breach meets
# only that one's deadline ("key-stage:12"); one that tells of nothing owed meets nothing ("none").
# A unit's own template is not known to answer anything: the officer logs what it told.
LETTER_ANSWERS = {
    "initial-contact": INITIAL,
    "key-stage-update": KEY_STAGE,
    "licence-condition-outcome": CONDITION_OUTCOME,
    "annual-letter": ANNUAL,
    "breach-outcome": "breach-outcome",
}
ANSWERS_NOTHING = "none"
# The letters whose deadline is one of many of its kind, told apart by the letter's subject.
_BY_SUBJECT = frozenset({KEY_STAGE, CONDITION_OUTCOME, "breach-outcome"})


def letter_about(template: str, subject: str) -> str:
    """A posted letter's contact ``about``: the deadline it tells of, never empty (empty is "any")."""
    kind = LETTER_ANSWERS.get(template)
    if kind is None:
        return ANSWERS_NOTHING
    return f"{kind}:{subject}" if kind in _BY_SUBJECT and subject else kind


def answers(about: frozenset[str], kind: str, subject: int | None = None) -> bool:
    """Whether a contact about ``about`` (empty: whatever is open) answers a deadline of ``kind``
    (about the event, condition or breach ``subject``, when the deadline is one of many)."""
    return not about or kind in about or (subject is not None and f"{kind}:{subject}" in about)


def first_meeting(
    contacts: Iterable[Contact], kind: str, opens: date, after_logged: str = "", subject: int | None = None
) -> date | None:
    """The first contact that meets a deadline of ``kind`` whose window opens on ``opens``.

    A contact the same day as the opening counts only if it was logged after the thing was
    recorded (``after_logged``): a call taken in the morning cannot tell of an event recorded that
    afternoon. Attempts never count; a contact about other kinds, or about another ``subject``
    (event or condition) of this kind, does not count.
    """
    return min(
        (
            c.date
            for c in contacts
            if c.outcome == "made"
            and answers(c.about, kind, subject)
            and (c.date > opens or (c.date == opens and (not after_logged or c.logged > after_logged)))
        ),
        default=None,
    )


def _back(calendar: WorkingCalendar, day: date, n: int) -> date:
    """``n`` working days before ``day``; a setting of 0 means the day itself."""
    return calendar.subtract(day, n) if n > 0 else day


def _on(calendar: WorkingCalendar, day: date, n: int) -> date:
    """``n`` working days after ``day``; a setting of 0 means the day itself."""
    return calendar.add(day, n) if n > 0 else day


def _on_or_before(calendar: WorkingCalendar, day: date) -> date:
    """The last working day on or before ``day``."""
    return day if calendar.is_working_day(day) else calendar.subtract(day, 1)


def case_deadlines(
    facts: CaseFacts, calendar: WorkingCalendar, rules: Rules = Rules(), kinds: Iterable[str] | None = None
) -> list[Deadline]:
    """Every deadline on one case, met, open or closed; only those of ``kinds`` when given (a change
    of the initial-contact clock moves the initial contact alone, so that is all it recomputes)."""
    if not facts.open or facts.sentence_date is None:
        return []
    if facts.eligibility == REVIEW:
        return _scheme_decisions(facts, calendar) if kinds is None or SCHEME_DECISION in kinds else []
    if facts.eligibility not in IN_SCHEME:
        return []
    return _deadlines(facts, calendar, rules, None if kinds is None else frozenset(kinds))


def _deadlines(
    facts: CaseFacts, calendar: WorkingCalendar, rules: Rules, wanted: frozenset[str] | None
) -> list[Deadline]:
    """The deadlines of an open case in the scheme; with ``wanted``, only the rules for those kinds
    are run, so a clock change does no release arithmetic and a closed day only what it can move."""
    assert facts.sentence_date is not None

    def want(kind: str) -> bool:
        return wanted is None or kind in wanted

    guardians = tuple(
        Contact(c.date, c.logged, c.outcome, c.about, by_guardian=True)
        for p in facts.people
        if p.role == "parent-guardian"
        for c in p.contacts
    )
    out: list[Deadline] = []
    for person in facts.people:
        contacts = person.contacts
        adult_on = None
        if person.date_of_birth is not None and person.role == "victim":
            # 1 March for a 29 February birthday in a common year, as the MoJ reckons age.
            adult_on = turns(person.date_of_birth, ADULT_AGE)
            # A parent or guardian's contact covers a child victim until 18 (SPEC §2).
            contacts = contacts + tuple(c for c in guardians if c.date < adult_on)
        if person.opt_status in ("opted-out", "declined"):
            if want(INITIAL):
                # Kept for the report's history: closed on the day of the choice if not met before it.
                initial = _initial(facts, person, contacts, calendar, rules)
                if initial.met_on is None or (person.choice_on and initial.met_on > person.choice_on):
                    closed = person.choice_on or initial.start
                    initial = replace(initial, met_on=closed, closed_on=closed)
                out.append(initial)
            continue
        if want(INITIAL):
            out.append(_initial(facts, person, contacts, calendar, rules))
            if adult_on is not None and adult_on > facts.sentence_date:
                out.append(_adult_offer(facts, person, adult_on, calendar, rules))
        if want(CONDITION_OUTCOME):
            out.extend(_outcome(facts, person, contacts, o, calendar, rules) for o in person.outcomes)
        if person.opt_status != "opted-in":
            continue
        for event in facts.events:
            if want(KEY_STAGE) and (
                hears_of(person.contact_level, event.type) or event.type == "release-decision"
            ):
                out.append(_key_stage(facts, person, contacts, event, calendar, rules))
            if want(VICTIM_STATEMENT) and event.type in HEARINGS:
                out.append(_victim_statement(facts, person, contacts, event, calendar, rules))
            if want(RECONSIDERATION) and event.type == "release-decision":
                out.append(_reconsideration(facts, person, contacts, event, calendar))
        if want(LICENCE_VIEWS) or want(RELEASE_MONTH):
            out.extend(d for d in _release(facts, person, contacts, calendar, rules) if want(d.kind))
        if want(ANNUAL) and person.contact_level == "annual":
            out.extend(_annual(facts, person, contacts, calendar, rules))
    return out


def _notice(
    due: date, known: date, deadline: date, calendar: WorkingCalendar, rules: Rules
) -> tuple[date, date]:
    """(opens, due) of a notice due on ``due`` about something known from ``known`` and happening
    on ``deadline``: the window opens ``window_days`` before it is due, never before it is known;
    learnt of too late, it is due ``late_days`` on, but before the thing itself where that can be."""
    opens = max(known, _back(calendar, due, rules.window_days))
    if due < known:
        latest = calendar.subtract(deadline, 1) if deadline > known else known
        due = max(known, min(_on(calendar, known, rules.late_days), latest))
    return opens, due


def _release(
    facts: CaseFacts, person: Person, contacts: tuple[Contact, ...], calendar: WorkingCalendar, rules: Rules
) -> list[Deadline]:
    """From the release date: seek views on licence conditions, and tell of the release month.

    Both open when the release date is known (or ``window_days`` before they fall due): a call
    made months before the date was known asked nothing about it. A recorded release event takes
    over the telling; a release already past when the unit learnt of the sentence gets neither.
    """
    release = facts.release_date
    if release is None or (facts.known_from is not None and release <= facts.known_from):
        return []
    known = facts.release_known or facts.known_from or facts.sentence_date
    assert known is not None
    out = []
    opens, due = _notice(_back(calendar, release, rules.views_days), known, release, calendar, rules)
    met = first_meeting(contacts, LICENCE_VIEWS, opens)
    what = f"Seek views on licence conditions (release {release:%b %Y})"
    out.append(Deadline(facts.case_id, person.id, LICENCE_VIEWS, due, opens, met, None, what, opens=opens))
    told_by_event = any(e.type in ("release", "release-date-change") for e in facts.events)
    if hears_of(person.contact_level, "release") and not told_by_event:
        opens, due = _notice(
            _back(calendar, release, rules.release_notice_days), known, release, calendar, rules
        )
        met = first_meeting(contacts, RELEASE_MONTH, opens)
        what = f"Tell of the release month ({release:%B %Y})"
        out.append(
            Deadline(facts.case_id, person.id, RELEASE_MONTH, due, opens, met, None, what, opens=opens)
        )
    return out


def _outcome(
    facts: CaseFacts,
    person: Person,
    contacts: tuple[Contact, ...],
    outcome: Outcome,
    calendar: WorkingCalendar,
    rules: Rules,
) -> Deadline:
    due = _on(calendar, outcome.date, rules.outcome_days)
    met = first_meeting(contacts, CONDITION_OUTCOME, outcome.date, outcome.logged, outcome.condition_id)
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


def _scheme_decisions(facts: CaseFacts, calendar: WorkingCalendar) -> list[Deadline]:
    """A case under review: the officer decides whether it is in the scheme, for each person who
    has not declined or opted out, by DECISION_DAYS working days from the sentence. Nothing meets
    it: the decision (a reason, a fact such as --schedule-15, a corrected sentence) removes it."""
    sentenced = facts.sentence_date
    assert sentenced is not None
    due = calendar.add(sentenced, DECISION_DAYS)
    what = "Decide if the case is in the scheme (review)"
    return [
        Deadline(facts.case_id, person.id, SCHEME_DECISION, due, sentenced, what=what)
        for person in facts.people
        if person.opt_status not in ("opted-out", "declined")
    ]


def _initial(
    facts: CaseFacts, person: Person, contacts: tuple[Contact, ...], calendar: WorkingCalendar, rules: Rules
) -> Deadline:
    sentenced = facts.sentence_date
    assert sentenced is not None
    met = first_meeting(contacts, INITIAL, sentenced)
    due, start, what, estimated = _initial_clock(sentenced, facts.referral_date, calendar, rules)
    return Deadline(
        facts.case_id, person.id, INITIAL, due, start, met, None, what, estimated, opens=sentenced
    )


def _initial_clock(
    sentenced: date, referral: date | None, calendar: WorkingCalendar, rules: Rules
) -> tuple[date, date, str, bool]:
    """The initial contact on the unit's clock: (due, the day the clock starts, its words, whether
    the referral date is estimated)."""
    if rules.clock == "code-2020":
        estimated = referral is None
        referral = referral or calendar.add(sentenced, rules.referral_days)
        what = "Initial contact (referral date estimated)" if estimated else "Initial contact"
        return calendar.add(referral, rules.referral_contact_days), referral, what, estimated
    return calendar.add(sentenced, rules.initial_days), sentenced, "Initial contact", False


def reclocked(
    stored: Deadline,
    sentenced: date,
    referral: date | None,
    choice_on: date | None,
    calendar: WorkingCalendar,
    rules: Rules,
) -> Deadline:
    """An initial contact, as ``case_deadlines`` found it under another clock, under ``rules``'.

    The clock moves only the due date, the day the clock starts and the words: whether and when
    a contact met it does not depend on the clock, as its window opens at the sentence (or at 18,
    for a child victim's own offer) under every clock. So a change of clock needs no contacts.
    The one date that follows the clock is the closing of a declined or opted-out person's
    deadline, when no day of their choice is recorded: it closes on its start.
    tests/test_deadlines.py checks this against ``case_deadlines`` under both clocks.
    """
    if stored.opens_on != sentenced:  # the offer to a child victim on turning 18: from that day
        return replace(stored, due=calendar.add(stored.opens_on, rules.initial_days))
    due, start, what, estimated = _initial_clock(sentenced, referral, calendar, rules)
    closed = stored.closed_on if stored.closed_on is None or choice_on else start
    met = closed or stored.met_on
    return replace(stored, due=due, start=start, what=what, estimated=estimated, met_on=met, closed_on=closed)


def _adult_offer(
    facts: CaseFacts, person: Person, adult_on: date, calendar: WorkingCalendar, rules: Rules
) -> Deadline:
    """A child victim's own offer on turning 18: only a contact with them, not their parent, meets it."""
    own = tuple(c for c in person.contacts if not c.by_guardian)
    met = first_meeting(own, INITIAL, adult_on)
    due = calendar.add(adult_on, rules.initial_days)
    what = f"Initial offer to the victim at 18 ({adult_on.day} {adult_on:%b %Y})"
    return Deadline(facts.case_id, person.id, INITIAL, due, adult_on, met, None, what, opens=adult_on)


def _key_stage(
    facts: CaseFacts,
    person: Person,
    contacts: tuple[Contact, ...],
    event: Event,
    calendar: WorkingCalendar,
    rules: Rules,
) -> Deadline:
    if event.type == "release-decision":
        # A decision is told after it is made: within the outcome period (SPEC §2).
        due = _on(calendar, event.date, rules.outcome_days)
    else:
        due = calendar.subtract(event.date, rules.notice_days) if rules.notice_days else event.date
    # Learnt of too late for the notice period (an escape, a recall): it is due at once.
    due = max(due, event.recorded)
    met = first_meeting(contacts, KEY_STAGE, event.recorded, event.logged, event.id)
    what = f"Tell of {EVENT_WORDS[event.type]} ({event.date.day} {event.date:%b %Y})"
    return Deadline(facts.case_id, person.id, KEY_STAGE, due, event.recorded, met, event.id, what)


def _victim_statement(
    facts: CaseFacts,
    person: Person,
    contacts: tuple[Contact, ...],
    event: Event,
    calendar: WorkingCalendar,
    rules: Rules,
) -> Deadline:
    """The victim personal statement must reach the Board at least 28 calendar days before the
    hearing (GOV.UK "Make a victim personal statement to the Parole Board"), less the unit's lead
    time for getting it there."""
    latest = _on_or_before(calendar, event.date - timedelta(days=VPS_CALENDAR_DAYS))
    due = max(_back(calendar, latest, rules.vps_lead_days), event.recorded)
    met = first_meeting(contacts, VICTIM_STATEMENT, event.recorded, event.logged)
    body = "Board" if event.type == "parole-review" else "Tribunal"
    what = f"Offer a victim personal statement (reach the {body} by {latest.day} {latest:%b %Y})"
    return Deadline(facts.case_id, person.id, VICTIM_STATEMENT, due, event.recorded, met, event.id, what)


def _reconsideration(
    facts: CaseFacts, person: Person, contacts: tuple[Contact, ...], event: Event, calendar: WorkingCalendar
) -> Deadline:
    """Reconsideration can be asked for within 21 calendar days of the decision (GOV.UK "Apply
    for a Parole Board decision to be reconsidered"): hear the victim's view inside that window."""
    closes = event.date + timedelta(days=RECONSIDERATION_CALENDAR_DAYS)
    due = max(_on_or_before(calendar, closes), event.recorded)
    met = first_meeting(contacts, RECONSIDERATION, event.recorded, event.logged)
    what = f"Hear the victim's view on reconsideration (window closes {closes.day} {closes:%b %Y})"
    return Deadline(facts.case_id, person.id, RECONSIDERATION, due, event.recorded, met, event.id, what)


def _annual(
    facts: CaseFacts, person: Person, contacts: tuple[Contact, ...], calendar: WorkingCalendar, rules: Rules
) -> list[Deadline]:
    """Annual letters, one at a time: those sent, and the next. Each opens ``window_days`` before
    its anniversary, so an opt-in call does not answer a letter a year away."""
    sentenced = facts.sentence_date
    assert sentenced is not None
    last = facts.end_date or add_months(sentenced, 12 * rules.annual_years)
    out = []
    year = 1
    while (anniversary := add_months(sentenced, 12 * year)) <= last:
        window_start = add_months(sentenced, 12 * (year - 1))
        due = anniversary if calendar.is_working_day(anniversary) else calendar.add(anniversary, 1)
        opens = _back(calendar, due, rules.window_days)
        met = first_meeting(contacts, ANNUAL, opens)
        what = f"Annual letter (year {year})"
        out.append(
            Deadline(facts.case_id, person.id, ANNUAL, due, window_start, met, None, what, opens=opens)
        )
        if met is None:
            break  # the next year's letter appears once this one is sent
        year += 1
    return out
