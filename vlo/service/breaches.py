"""Breach reports (issue 17): a victim reports a possible breach of licence; the officer passes it
on the same working day, chases the outcome, and tells the victim what was done.

Also the inputs of the breach and protection clocks (:func:`breach_deadlines_for`), the monthly
figures (:func:`breach_figures`) and a breach-outcome letter's fields (:func:`letter_fields`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vlo.domain import breaches as rules_of
from vlo.domain.deadlines import answers
from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.domain.deadlines import Deadline
    from vlo.domain.workdays import WorkingCalendar
    from vlo.storage import Store

# What a listing shows; the summary (what the victim said) is personal and only added on request.
BREACH_KEYS = (
    "id",
    "case_ref",
    "victim_id",
    "condition_id",
    "reported_on",
    "referred_on",
    "referred_to",
    "result",
    "result_on",
    "chased_on",
)


def breach_rules(store: Store) -> rules_of.BreachRules:
    """The unit's breach and protection settings (``vlo settings``), else the defaults."""
    value = {
        key: int(store.setting(key, str(default)) or default)
        for key, default in rules_of.SETTING_DEFAULTS.items()
    }
    return rules_of.BreachRules(
        outcome_days=value["breach_outcome_days"],
        chase_days=value["breach_chase_days"],
        put_days=value["protection_put_days"],
    )


@dataclass(frozen=True)
class Reported:
    id: int
    case_ref: str


def add_breach(
    store: Store, ref: str, person_id: int, record: dict[str, Any], condition_id: int | None
) -> Reported:
    """Record a victim's report of a possible breach; its referral clock starts at once."""
    with unit_of_work(store, "breach add") as work:
        case = store.case(ref)
        person = store.victim(person_id)
        if person["case_id"] != case["id"]:
            raise VloError(
                f"person {person_id} is not on case {case['ref']}; see: vlo victim list --case {case['ref']}"
            )
        if condition_id is not None and store.condition(condition_id)["case_id"] != case["id"]:
            raise VloError(
                f"condition {condition_id} is not on case {case['ref']}; see: vlo condition list --case {case['ref']}"
            )
        sentence = store.current_sentence(case["id"])
        if sentence is not None and record["reported_on"] < sentence["date"]:
            raise VloError(f"report date is before the sentence date ({sentence['date']}); check the date")
        breach_id = store.add_breach(
            {**record, "case_id": case["id"], "victim_id": person_id, "condition_id": condition_id}
        )
        work.touch(case["id"])
    return Reported(breach_id, case["ref"])


def refer_breach(store: Store, breach_id: int, to: str, when: date) -> dict[str, Any]:
    """Record that the report was passed to the probation practitioner; returns the breach,
    with ``late`` true when it was passed after the working day it was due."""
    from vlo.domain.values import today
    from vlo.service.calendar import working_calendar

    if when > today():
        raise VloError("referral date cannot be in the future")
    with unit_of_work(store, "breach referred") as work:
        found = store.breach(breach_id)
        if found["referred_on"]:
            raise VloError(f"breach report {breach_id} was already referred on {found['referred_on']}")
        if when.isoformat() < found["reported_on"]:
            raise VloError(f"referral date is before the breach was reported ({found['reported_on']})")
        store.refer_breach(breach_id, when.isoformat(), to)
        work.touch(found["case_id"])
    due = rules_of.referral_due(working_calendar(store), date.fromisoformat(found["reported_on"]))
    return {**found, "referred_on": when.isoformat(), "referred_to": to, "due": due, "late": when > due}


@dataclass(frozen=True)
class Outcome:
    breach_id: int
    result: str
    event_id: int | None  # the recall event recorded with a recall


def record_outcome(store: Store, breach_id: int, result: str, when: date) -> Outcome:
    """Record what was done; a recall also records a ``recall`` key-stage event on the case, so
    the people who hear of recalls get their "tell the victim" deadline."""
    from vlo.domain.records import event_fields
    from vlo.domain.values import choice, today

    result = choice(result, "result", rules_of.RESULTS)
    if when > today():
        raise VloError("outcome date cannot be in the future")
    with unit_of_work(store, "breach outcome") as work:
        found = store.breach(breach_id)
        rules_of.check_result_date(found, store.breach_results(breach_id), when)
        event_id = None
        if result == "recall":
            # The events service's own rules, inside this command's one transaction.
            sentence = store.current_sentence(found["case_id"])
            if sentence is None:
                raise VloError(
                    f"case {found['case_ref']} has no sentence yet; record it first with vlo sentence"
                )
            if when.isoformat() < sentence["date"]:
                raise VloError("event date is before the sentence date; check the date")
            event = event_fields("recall", when.isoformat(), f"Recalled after breach report {breach_id}")
            event_id = store.add_event(found["case_id"], event)
        store.add_breach_result(breach_id, {"result": result, "date": when.isoformat(), "event_id": event_id})
        work.touch(found["case_id"])
    return Outcome(breach_id, result, event_id)


def chase_breach(store: Store, breach_id: int, when: date) -> date | None:
    """Record that the officer chased the outcome; returns when the next chase falls due."""
    from vlo.domain.values import today
    from vlo.service.calendar import working_calendar

    if when > today():
        raise VloError("chase date cannot be in the future")
    with unit_of_work(store, "breach chased") as work:
        found = store.breach(breach_id)
        if not found["referred_on"]:
            raise VloError(
                f"breach report {breach_id} has not been referred yet; first: vlo breach referred {breach_id} --to NAME"
            )
        if when.isoformat() < found["referred_on"]:
            raise VloError(f"chase date is before the referral ({found['referred_on']})")
        if any(r["result"] in rules_of.FINAL_RESULTS for r in store.breach_results(breach_id)):
            raise VloError(f"breach report {breach_id} already has its outcome; nothing to chase")
        store.add_breach_chase(breach_id, when.isoformat())
        work.touch(found["case_id"])
    days = breach_rules(store).chase_days
    return working_calendar(store).add(when, days) if days else None


def list_breaches(
    store: Store, *, case_ref: str | None = None, person_id: int | None = None, personal: bool = False
) -> list[dict[str, Any]]:
    """``vlo breach list``: the summary only with ``personal``."""
    from vlo.service.cases import case_id

    found = case_id(store, case_ref)
    if person_id is not None:
        store.victim(person_id)
    keys = (*BREACH_KEYS, "summary") if personal else BREACH_KEYS
    return [{k: b[k] for k in keys} for b in store.breaches(case_id=found, victim_id=person_id)]


def breaches_of(
    store: Store, *, case_id: int | None = None, person_id: int | None = None
) -> list[dict[str, Any]]:
    """The breach reports of a case or a person, summary included: for ``case show``/``victim show``."""
    return [
        {k: b[k] for k in (*BREACH_KEYS, "summary")}
        for b in store.breaches(case_id=case_id, victim_id=person_id)
    ]


# --- the clocks: inputs for the deadline recompute -----------------------------------------------


def _facts(
    inputs: dict[str, list], *, open_only: bool
) -> tuple[list[rules_of.BreachReport], list[rules_of.Proposal]]:
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    results: dict[int, list[rules_of.Result]] = defaultdict(list)
    for r in inputs["results"]:
        results[r["breach_id"]].append(rules_of.Result(r["result"], day(r["date"]), r["created_at"]))
    chases: dict[int, list[date]] = defaultdict(list)
    for r in inputs["chases"]:
        chases[r["breach_id"]].append(day(r["date"]))
    # Only contacts made tell of an outcome, and of this breach's when they say what they were about
    # (a posted opt-in letter tells of no breach).
    contacts: dict[int, list[tuple[date, str, frozenset[str]]]] = defaultdict(list)
    for r in inputs["contacts"]:
        if (r["outcome"] or "made") == "made":
            about = frozenset((r["about"] or "").split())
            contacts[r["victim_id"]].append((day(r["date"]), r["created_at"], about))

    def told(b: dict[str, Any]) -> tuple[tuple[date, str], ...]:
        return tuple(
            (on, logged)
            for on, logged, about in contacts[b["victim_id"]]
            if answers(about, rules_of.BREACH_OUTCOME, b["id"])
        )

    reports = [
        rules_of.BreachReport(
            id=b["id"],
            case_id=b["case_id"],
            victim_id=b["victim_id"],
            reported_on=day(b["reported_on"]),
            referred_on=day(b["referred_on"]),
            referred_to=b["referred_to"],
            results=tuple(results[b["id"]]),
            chased=tuple(chases[b["id"]]),
            contacts=told(b),
        )
        for b in inputs["breaches"]
        if not open_only or b["case_status"] == "open"
    ]
    proposals = [
        rules_of.Proposal(p["id"], p["case_id"], p["victim_id"], day(p["requested_on"]), day(p["put_on"]))
        for p in inputs["proposals"]
        if not open_only or p["case_status"] == "open"
    ]
    return reports, proposals


def breach_deadlines_for(
    store: Store, case_ids: list[int] | None, calendar: WorkingCalendar
) -> list[Deadline]:
    """Every breach-referral, breach-outcome and put-to-victim deadline of some cases (all when
    None), met or not: for :func:`vlo.service.deadlines.recompute` to add to what it stores."""
    reports, proposals = _facts(store.breach_inputs(case_ids), open_only=True)
    return rules_of.breach_deadlines(reports, proposals, calendar, breach_rules(store))


# --- the manager's report --------------------------------------------------------------------------


def breach_figures(store: Store, *, today: date) -> dict[str, dict[str, int]]:
    """Per month of report (``YYYY-MM``): breaches reported, referred the same working day,
    referred late, not yet referred; victims told of an outcome in time, late, or not yet and
    overdue. Closed cases count too: the figures are history."""
    from vlo.service.calendar import working_calendar

    calendar = working_calendar(store)
    rules = breach_rules(store)
    reports, _ = _facts(store.breach_inputs(None), open_only=False)
    blank = {
        "breaches_reported": 0,
        "breaches_referred_same_day": 0,
        "breaches_referred_late": 0,
        "breaches_not_referred": 0,
        "breach_victims_told_in_time": 0,
        "breach_victims_told_late": 0,
        "breach_victims_told_overdue": 0,
    }
    months: dict[str, dict[str, int]] = defaultdict(lambda: dict(blank))
    for report in reports:
        m = months[report.reported_on.isoformat()[:7]]
        m["breaches_reported"] += 1
        for d in rules_of.one_breach(report, calendar, rules):
            if d.kind == rules_of.BREACH_REFERRAL:
                if d.met_on is None:
                    m["breaches_not_referred"] += 1
                else:
                    m["breaches_referred_same_day" if d.met_on <= d.due else "breaches_referred_late"] += 1
            elif d.what.startswith(rules_of.TELL):
                if d.met_on is not None:
                    m["breach_victims_told_in_time" if d.met_on <= d.due else "breach_victims_told_late"] += 1
                elif d.due < today:
                    m["breach_victims_told_overdue"] += 1
    return dict(sorted(months.items()))


# --- the breach-outcome letter ---------------------------------------------------------------------


def letter_fields(store: Store, breach_id: int) -> dict[str, Any]:
    """What ``templates/breach-outcome.txt.j2`` reads as ``breach``: dates and the result in
    words. Never the summary (the letter need not repeat it), an address or the prison."""
    from vlo.domain import conditions

    found = store.breach(breach_id)
    results = store.breach_results(breach_id)
    last = results[-1] if results else None
    condition = store.condition(found["condition_id"]) if found["condition_id"] else None
    return {
        "id": found["id"],
        "reported_on": date.fromisoformat(found["reported_on"]),
        "referred_on": date.fromisoformat(found["referred_on"]) if found["referred_on"] else None,
        "result": last["result"] if last else None,
        "result_words": rules_of.RESULT_WORDS[last["result"]] if last else None,
        "result_on": date.fromisoformat(last["date"]) if last else None,
        "condition_words": conditions.TYPE_WORDS[condition["type"]] if condition else None,
    }
