"""Deadlines: recomputing them from the rules, and the morning list (``vlo due``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vlo.storage import Store


# The deadline kinds counted from the sentence's release dates (the licence end bounds annual letters).
_FROM_RELEASE_DATES = frozenset({"licence-views", "release-month", "annual-update"})
# The verdicts whose cases get deadlines: in the scheme, or awaiting the officer's decision.
_WITH_DEADLINES = frozenset({"statutory", "discretionary", "review"})
# The kinds whose rules read the case's events, condition decisions or confirmed dates.
_FROM_CASE_HISTORY = _FROM_RELEASE_DATES | {
    "key-stage",
    "condition-outcome",
    "victim-statement",
    "reconsideration",
}


# The version of the rules that compute stored deadlines. Bump it with any change to them that can
# change a stored deadline: the first command of the new vlo then recomputes every case once
# (ensure_rules), so no case keeps a date from the old rules until something touches it.
# 2: scheme-decision for cases under review; every level hears of an escape; consecutive terms
#    counted on their own for eligibility; a posted letter meets only what it told of; release
#    dates: the 1991 Act's licence only before 3 Dec 2012, consecutive terms summed, DTO chains
#    capped at 24 months, 40% tranches by the whole chain.
RULES_VERSION = "2"
RULES_SETTING = "deadlines.rules_version"


def ensure_rules(store: Store) -> int | None:
    """Recompute every case when its deadlines were stored by other rules (another vlo version).
    Returns the open deadlines that moved, or None when they were current. On a team database only
    a manager may record the rules' version: an officer's command leaves it to the manager's next."""
    if store.setting(RULES_SETTING) == RULES_VERSION:
        return None
    from vlo.errors import VloError
    from vlo.service.work import unit_of_work

    try:
        with unit_of_work(store, "rules upgrade") as work:
            if store.setting(RULES_SETTING) == RULES_VERSION:  # another process did it while we waited
                return None
            _tell_what_posted_letters_told(store)
            work.touch_all()
            store.set_setting(RULES_SETTING, RULES_VERSION)
    except VloError:
        if store.backend == "sqlite":
            raise
        return None
    return work.moved


def _tell_what_posted_letters_told(store: Store) -> None:
    """Rules 2: a posted letter meets only the deadline it told of. An older vlo logged posted
    letters as contacts about anything, so posting opt-in confirmations met a "Tell of escape":
    those contacts now say what their letter told, and the recompute that follows reopens the rest."""
    from vlo.domain.deadlines import letter_about

    for contact_id, template, subject in store.untold_posted_letters():
        store.set_contact_about(contact_id, letter_about(template, subject))


def recompute(store: Store, case_ids: list[int] | None) -> Recomputed:
    """Recompute the deadlines of some cases (all when None).

    Called by the unit of work (:mod:`vlo.service.work`), inside the command's transaction; a
    large change uses one :class:`Recomputer` for all its chunks.
    """
    return Recomputer(store)(case_ids)


@dataclass(frozen=True)
class Recomputed:
    """What a recompute found: the deadlines it computed, the rows it had to write (those that
    differ from what was stored), and the open ones whose due date moved."""

    rows: int
    written: int
    moved: int


class Recomputer:
    """Recomputes deadlines, a chunk of cases at a time, within one unit of work.

    What every chunk shares is read once: the working calendar, the unit's rule settings, and the
    eligibility verdicts already worked out (the same sentence on the same category gets the same
    verdict: an import of 50,000 alike cases works it out once). A chunk can limit some cases to
    deadlines of some kinds (those a closed day or a clock change can move); the rules and the
    inputs only other kinds need are then skipped.
    """

    def __init__(self, store: Store, *, facts_changed: bool = True):
        from vlo.domain.values import today
        from vlo.service.calendar import working_calendar
        from vlo.service.settings import rules

        self.store = store
        self.calendar = working_calendar(store)
        self.rules = rules(store)
        self.verdicts: dict[tuple, str] = {}
        self.worked_out: list[tuple] = []  # release dates worked out in this chunk, to keep
        self.facts_changed = facts_changed
        store.stamp_confirmed_dates(today().isoformat())

    def __call__(
        self, case_ids: list[int] | None, limits: Mapping[int, frozenset[str]] | None = None
    ) -> Recomputed:
        """Recompute ``case_ids`` (all when None): whole, or a case in ``limits`` only for its
        deadlines of those kinds."""
        from vlo.domain import deadlines as rules_of

        store, limits = self.store, limits or {}
        if case_ids is not None and not self.facts_changed and _only(limits, case_ids, {rules_of.INITIAL}):
            return self._reclock(case_ids)  # only the clock changed: no contact is read
        whole = case_ids is None or len(limits) < len(case_ids)
        history = whole or any(kinds & _FROM_CASE_HISTORY for kinds in limits.values())
        inputs = store.deadline_inputs(case_ids, history=history)
        sentences = {r["case_id"]: r for r in inputs["sentences"]}
        kept = {r[0]: r for r in inputs["release_dates"]}
        contacts: dict[int, list] = defaultdict(list)
        Contact, day = rules_of.Contact, date.fromisoformat
        nothing: frozenset[str] = frozenset()
        # By position, in deadline_inputs' column order: half a million contacts at 100k cases.
        for victim_id, on, logged, outcome, about in inputs["contacts"]:
            contacts[victim_id].append(
                Contact(day(on), logged, outcome or "made", frozenset(about.split()) if about else nothing)
            )
        outcomes: dict[int, list] = defaultdict(list)
        for r in inputs["outcomes"]:
            outcomes[r["victim_id"]].append(
                rules_of.Outcome(r["id"], r["step"], date.fromisoformat(r["date"]), r["created_at"])
            )
        confirmed: dict[int, dict[str, str]] = defaultdict(dict)
        release_known: dict[int, date] = {}
        for r in inputs["confirmed"]:
            confirmed[r["case_id"]][r["key"]] = r["date"]
            if r["key"] == "release" and r["recorded_on"]:
                release_known[r["case_id"]] = date.fromisoformat(r["recorded_on"])
        people: dict[int, list] = defaultdict(list)
        for r in inputs["victims"]:
            people[r["case_id"]].append(
                rules_of.Person(
                    r["id"],
                    r["opt_status"],
                    r["contact_level"],
                    tuple(contacts[r["id"]]),
                    tuple(outcomes[r["id"]]),
                    role=r["role"],
                    date_of_birth=_day(r["date_of_birth"]),
                    choice_on=_day(r["choice_on"]),
                )
            )
        events: dict[int, list] = defaultdict(list)
        for r in inputs["events"]:
            events[r["case_id"]].append(
                rules_of.Event(
                    r["id"],
                    r["type"],
                    date.fromisoformat(r["date"]),
                    date.fromisoformat(r["recorded_on"]),
                    r["created_at"],
                )
            )
        # Only the calendar or a rule changed, no case: a case holding a deadline of the scheme is
        # open, sentenced and in the scheme, as its last recompute found, and no other is. Only
        # those cases get deadlines again (only of their kinds in ``limits``, if there), and their
        # eligibility is not worked out anew.
        holding = reviewed = None
        if not self.facts_changed:
            holding = store.cases_with_deadline_kinds(case_ids, frozenset(rules_of.KINDS))
            reviewed = store.cases_with_deadline_kinds(case_ids, frozenset({rules_of.SCHEME_DECISION}))
        found: list[rules_of.Deadline] = []
        for case in inputs["cases"]:
            case_id = case["id"]
            sentence = sentences.get(case_id)
            if holding is None:
                verdict = self._verdict(case, sentence)
                if case["status"] != "open" or verdict not in _WITH_DEADLINES or sentence is None:
                    continue  # no deadlines: case_deadlines says the same, after more work
            elif case_id in holding and sentence is not None:
                verdict = rules_of.IN_SCHEME[0]  # the rules read only that it is in the scheme
            elif reviewed is not None and case_id in reviewed and sentence is not None:
                verdict = rules_of.REVIEW
            else:
                continue
            case_people = people.get(case_id, [])
            kinds = limits.get(case_id)
            if verdict == rules_of.REVIEW:  # only the decision is due: no release arithmetic
                facts = rules_of.CaseFacts(
                    case_id, verdict, True, date.fromisoformat(sentence["date"]), people=case_people
                )
                found.extend(rules_of.case_deadlines(facts, self.calendar, self.rules, kinds))
                continue
            in_force: dict[str, date | None] = {}
            # Sentence arithmetic only where someone opted in to hear of its dates, and a rule reads them.
            wanted = kinds is None or kinds & _FROM_RELEASE_DATES
            if wanted and any(p.opt_status == "opted-in" for p in case_people):
                in_force = self._dates(case, sentence, confirmed.get(case_id, {}), kept.get(case_id))
            case_events = events.get(case_id, [])
            release, known = _release_in_force(
                in_force.get("release"),
                release_known.get(case_id),
                case_events,
                "release" in confirmed.get(case_id, {}),
            )
            facts = rules_of.CaseFacts(
                case_id=case_id,
                eligibility=verdict,
                open=True,
                sentence_date=date.fromisoformat(sentence["date"]),
                referral_date=_day(case["referral_date"]),
                end_date=in_force.get("licence_end"),
                release_date=release if in_force else None,
                release_known=known,
                known_from=date.fromisoformat(sentence["recorded_on"] or sentence["recorded_at"][:10]),
                people=case_people,
                events=case_events,
            )
            found.extend(rules_of.case_deadlines(facts, self.calendar, self.rules, kinds))
        if whole or any(not kinds <= set(rules_of.CASE_KINDS) for kinds in limits.values()):  # a breach's
            from vlo.service.breaches import breach_deadlines_for

            found.extend(
                d
                for d in breach_deadlines_for(store, case_ids, self.calendar)
                if d.case_id not in limits or d.kind in limits[d.case_id]
            )
        moved, written = store.replace_deadlines(case_ids, found, limits)
        if self.worked_out:
            store.remember_release_dates(self.worked_out)
            self.worked_out.clear()
        return Recomputed(len(found), written, moved)

    def _reclock(self, case_ids: list[int]) -> Recomputed:
        """The initial contacts of ``case_ids`` restated on the unit's clock, from what the last
        recompute stored (``reclocked``): the cases' facts did not change, only the clock did."""
        from vlo.domain.deadlines import Deadline, reclocked

        restated = []
        calendar, rules, day = self.calendar, self.rules, date.fromisoformat
        for row in self.store.initial_deadlines_on_clock(case_ids):
            case_id, victim_id, kind, due, start, met, event_id, what, estimated, condition_id, opens = row[
                :11
            ]
            stored = Deadline(
                case_id, victim_id, kind, day(due), day(start), _day(met), event_id, what, bool(estimated),
                condition_id, day(opens), _day(row[11]),
            )  # fmt: skip
            found = reclocked(stored, day(row[14]), _day(row[15]), _day(row[16]), calendar, rules)
            restated.append((row[13], tuple(row[:13]), found))
        moved, written = self.store.restate_deadlines(restated)
        return Recomputed(len(restated), written, moved)

    def _verdict(self, case, sentence) -> str:
        from vlo.service.cases import eligibility, eligibility_inputs

        key = eligibility_inputs(case, sentence)
        verdict = self.verdicts.get(key)
        if verdict is None:
            if len(self.verdicts) >= 10_000:  # bounded: a million distinct sentences stay a few MB
                self.verdicts.clear()
            verdict = self.verdicts[key] = eligibility(dict(case), sentence and dict(sentence)).verdict
        return verdict

    def _dates(self, case, sentence, confirmed: dict[str, str], kept) -> dict[str, date | None]:
        """The case's five dates in force: the prison's confirmed ones, else the indicative ones,
        taken from those kept for the case (``kept``: case id, digest, the dates) when they were
        kept from the same inputs, else worked out and kept."""
        from vlo.domain.release import DATE_KEYS
        from vlo.service.cases import release_dates, with_confirmed

        digest = _release_inputs(case, sentence)
        if kept is not None and kept[1] == digest:
            indicative = dict(zip(DATE_KEYS, map(_day, kept[2:]), strict=True))
        else:
            found = release_dates(dict(case), dict(sentence))
            assert found is not None
            indicative = {k: getattr(found, k) for k in DATE_KEYS}
            self.worked_out.append((case["id"], digest, *(d and d.isoformat() for d in indicative.values())))
        return with_confirmed(indicative, confirmed)


def _release_inputs(case, sentence) -> str:
    """A digest of all the release rules read for a case: its facts, its sentence and their code."""
    from hashlib import blake2b  # here: hashing is for recomputes, and vlo due only reads

    return blake2b(repr((_release_code(), tuple(case), tuple(sentence))).encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def _release_code() -> str:
    """A digest of the code that works release dates out: dates kept by another version of vlo
    are worked out again."""
    from hashlib import blake2b
    from pathlib import Path

    import vlo
    import vlo.domain
    import vlo.service.cases

    digest = blake2b(getattr(vlo, "__version__", "").encode(), digest_size=16)
    # The rules' source (or, in an install that ships only bytecode, the .pyc files beside it).
    for path in [*sorted(Path(vlo.domain.__file__).parent.glob("*.py*")), Path(vlo.service.cases.__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _only(limits: Mapping[int, frozenset[str]], case_ids: list[int], kinds: set[str]) -> bool:
    """Whether every one of ``case_ids`` is limited to ``kinds``."""
    return len(limits) == len(case_ids) and all(k == kinds for k in limits.values())


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _release_in_force(indicative, known, events, confirmed: bool):
    """The release date deadlines count from: the prison's confirmed date; else a recorded release
    event (the prison has told the unit), from when it was recorded; else vlo's indicative date."""
    if confirmed:
        return indicative, known
    recorded = [e for e in events if e.type == "release"]
    if not recorded:
        return indicative, known
    latest = max(recorded, key=lambda e: (e.recorded, e.logged))
    return latest.date, latest.recorded


@dataclass(frozen=True)
class DueList:
    """The morning list: its rows (SPEC §4 fields, streamed), how many there are by status, what
    the window hid (due later, or not open yet), and the window's end."""

    rows: Iterable[dict[str, Any]]
    counts: dict[str, int]
    later: int  # due after the horizon
    not_open: int  # window not open yet (shown by --all)
    horizon: date | None
    any_cases: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def hidden(self) -> int:
        return self.later + self.not_open


def due(
    store: Store,
    *,
    today: date,
    within: int | None,
    officer: str | None = None,
    case_ref: str | None = None,
    overdue_only: bool = False,
    limit: int | None = None,
) -> DueList:
    """The morning list. ``within=None`` is ``--all``: every open deadline, windows open or not.
    Otherwise what falls due within ``within`` working days and whose window has opened (overdue
    items always show). ``limit`` keeps only the most urgent rows (a terminal's page); without it
    the rows are streamed, never held in memory together."""
    from vlo.domain.breach_urgency import due_status
    from vlo.domain.urgency import relative, status, working_days_left
    from vlo.errors import VloError
    from vlo.service.calendar import working_calendar
    from vlo.service.settings import soon_days

    if within is not None and not 0 <= within <= 1000:
        raise VloError("within must be a number of working days from 0 to 1000")
    if officer is not None:
        known = store.officers()
        match = [o for o in known if o.casefold() == officer.casefold()]
        if not match:
            names = ", ".join(known) if known else "none recorded (vlo case edit REF --officer NAME)"
            raise VloError(f"no cases for officer {officer[:40]!r}; officers known: {names}")
        officer = match[0]
    calendar = working_calendar(store)
    # Not vlo.service.cases.case_id: that module's imports (the sentence rules) cost the morning list.
    case_id = store.case(case_ref)["id"] if case_ref else None
    horizon = None if within is None else today if within == 0 else calendar.add(today, within)
    soon = soon_days(store)
    filters = {
        "horizon": horizon.isoformat() if horizon else None,
        "officer": officer,
        "case_id": case_id,
        "overdue_before": today.isoformat() if overdue_only else None,
        "opens_by": None if within is None else today.isoformat(),
    }
    soon_until = calendar.add(today, soon) if soon > 0 else today
    counts = store.count_due(today=today.isoformat(), soon=soon_until.isoformat(), **filters)

    def when(due_date: str) -> tuple[str, int, str, str]:
        """A due date as the list shows it: words, working days left, and the status."""
        due_on = date.fromisoformat(due_date)
        left = working_days_left(calendar, today, due_on)
        return f"{due_on:%a} {due_on.day} {due_on:%b %Y}", left, relative(left), status(left, soon)

    def rows() -> Iterator[dict[str, Any]]:
        seen: dict[str, tuple[str, int, str, str]] = {}  # a backlog shares its due dates: each worked once
        for r in store.due(**filters, limit=limit):
            due_date = r["due_date"]
            if (shown := seen.get(due_date)) is None:
                shown = seen[due_date] = when(due_date)
            words, left, relative_left, word = shown
            yield {
                "case_ref": r["case_ref"],
                "victim_id": r["victim_id"],
                "victim_name": r["victim_name"],
                "kind": r["kind"],
                "what": r["what"],
                "due_date": due_date,
                "due": words,
                "working_days_left": left,
                "left": relative_left,
                # SPEC §4 fixes the machine status to four words; the table's word also says URGENT.
                "status": word,
                "urgency": due_status(r["kind"], left, soon),
                "officer": r["officer"],
                "estimated": bool(r["estimated"]),
            }

    later = not_open = 0
    if within is not None and not overdue_only:
        later = store.count_open_after(
            horizon.isoformat(), officer=officer, case_id=case_id, opens_by=today.isoformat()
        )
        not_open = store.count_not_open(today.isoformat(), officer=officer, case_id=case_id)
    any_cases = sum(counts.values()) > 0 or store.count_cases() > 0
    return DueList(rows(), counts, later, not_open, horizon, any_cases)
