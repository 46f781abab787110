"""Deadlines: recomputing them from the rules, and the morning list (``vlo due``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vlo.storage import Store


def recompute(store: Store, case_ids: list[int] | None) -> int:
    """Recompute the deadlines of some cases (all when None); returns how many open ones moved.

    Called by the unit of work only (:mod:`vlo.service.work`), inside the command's transaction.
    """
    from vlo.domain import deadlines as rules_of
    from vlo.domain.values import today
    from vlo.service.calendar import working_calendar
    from vlo.service.cases import dates_in_force, eligibility, release_dates
    from vlo.service.settings import rules

    store.stamp_confirmed_dates(today().isoformat())
    inputs = store.deadline_inputs(case_ids)
    calendar = working_calendar(store)
    unit_rules = rules(store)
    sentences = {r["case_id"]: dict(r) for r in inputs["sentences"]}
    contacts: dict[int, list] = defaultdict(list)
    for r in inputs["contacts"]:
        contacts[r["victim_id"]].append(
            rules_of.Contact(
                date.fromisoformat(r["date"]),
                r["created_at"],
                r["outcome"] or "made",
                frozenset((r["about"] or "").split()),
            )
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
    found: list[rules_of.Deadline] = []
    for case in map(dict, inputs["cases"]):
        sentence = sentences.get(case["id"])
        case_people = people.get(case["id"], [])
        in_force: dict[str, date | None] = {}
        # Sentence arithmetic only where someone opted in to hear of its dates.
        if sentence and any(p.opt_status == "opted-in" for p in case_people):
            in_force = dates_in_force(release_dates(case, sentence), confirmed.get(case["id"], {}))
        case_events = events.get(case["id"], [])
        release, known = _release_in_force(
            in_force.get("release"),
            release_known.get(case["id"]),
            case_events,
            "release" in confirmed.get(case["id"], {}),
        )
        facts = rules_of.CaseFacts(
            case_id=case["id"],
            eligibility=eligibility(case, sentence).verdict,
            open=case["status"] == "open",
            sentence_date=date.fromisoformat(sentence["date"]) if sentence else None,
            referral_date=date.fromisoformat(case["referral_date"]) if case["referral_date"] else None,
            end_date=in_force.get("licence_end"),
            release_date=release if in_force else None,
            release_known=known,
            known_from=date.fromisoformat(sentence["recorded_on"] or sentence["recorded_at"][:10])
            if sentence
            else None,
            people=case_people,
            events=case_events,
        )
        found.extend(rules_of.case_deadlines(facts, calendar, unit_rules))
    from vlo.service.breaches import breach_deadlines_for

    found.extend(breach_deadlines_for(store, case_ids, calendar))
    moved = store.replace_deadlines(case_ids, found)
    store.audit("recompute", "deadlines", None, [f"{len(found)} rows"])
    return moved


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

    def rows() -> Iterator[dict[str, Any]]:
        for r in store.due(**filters, limit=limit):
            due_on = date.fromisoformat(r["due_date"])
            left = working_days_left(calendar, today, due_on)
            yield {
                "case_ref": r["case_ref"],
                "victim_id": r["victim_id"],
                "victim_name": r["victim_name"],
                "kind": r["kind"],
                "what": r["what"],
                "due_date": r["due_date"],
                "due": f"{due_on:%a} {due_on.day} {due_on:%b %Y}",
                "working_days_left": left,
                "left": relative(left),
                # SPEC §4 fixes the machine status to four words; the table's word also says URGENT.
                "status": status(left, soon),
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
