"""A victim reports a possible breach of licence: the clocks that follow it (issue 17).

The seed page says the officer explains "how information received from the victim or their
family relating to breaches of release conditions would be dealt with", and proposes "any special
victim protection arrangements ... and seek[s] their agreement to them". So:

- ``breach-referral``: pass the report to the offender's probation practitioner the same working
  day; a report made on a non-working day is due the next working day. Met by the referral date,
  so a referral the next day is met *late*. While open it is ``urgent``: above anything merely
  overdue in ``vlo due``.
- ``breach-outcome``: once referred, a reminder to chase the outcome every ``chase_days`` working
  days (from the referral or the last chase) until a final result is recorded; and for each
  result recorded, tell the victim within ``outcome_days`` working days of it. Told by the first
  contact with the person after the result was recorded.
- ``put-to-victim``: a protection arrangement the service proposes is put to the victim within
  ``put_days`` working days of being proposed.

Pure: plain facts in, :class:`~vlo.domain.deadlines.Deadline` objects out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# The morning list's helpers live apart so that vlo due need not load the deadline rules.
from vlo.domain.breach_urgency import BREACH_REFERRAL, URGENT, due_status  # noqa: F401
from vlo.domain.deadlines import Deadline
from vlo.domain.workdays import WorkingCalendar
from vlo.errors import VloError

BREACH_OUTCOME = "breach-outcome"
PUT_TO_VICTIM = "put-to-victim"
TELL = "Tell the victim"  # how a "tell" breach-outcome deadline's words begin (a chase's: "Chase")

RESULTS = ("recall", "warning", "no-further-action", "under-investigation")
FINAL_RESULTS = ("recall", "warning", "no-further-action")
RESULT_WORDS = {
    "recall": "the offender was recalled to prison",
    "warning": "the offender was given a warning",
    "no-further-action": "no further action was taken",
    "under-investigation": "the report is still being looked into",
}

# Settings (``vlo settings set KEY N``) and their defaults, in working days.
SETTING_DEFAULTS = {"breach_outcome_days": 5, "breach_chase_days": 5, "protection_put_days": 10}


@dataclass(frozen=True)
class BreachRules:
    outcome_days: int = 5  # tell the victim within this many working days of a result
    chase_days: int = 5  # chase the practitioner every this many working days until a final result
    put_days: int = 10  # put a proposed protection arrangement to the victim within this many


@dataclass(frozen=True)
class Result:
    result: str
    date: date
    logged: str = ""  # when it was recorded (ISO timestamp): only contacts logged later tell of it


@dataclass(frozen=True)
class BreachReport:
    id: int
    case_id: int
    victim_id: int
    reported_on: date
    referred_on: date | None = None
    referred_to: str | None = None
    results: tuple[Result, ...] = ()  # in the order recorded
    chased: tuple[date, ...] = ()  # dates the officer chased the outcome
    contacts: tuple[tuple[date, str], ...] = ()  # (date, logged) of every contact with the person


@dataclass(frozen=True)
class Proposal:
    """A protection arrangement the service proposed, and when (if yet) it was put to the victim."""

    condition_id: int
    case_id: int
    victim_id: int
    proposed_on: date
    put_on: date | None = None


@dataclass(frozen=True)
class BreachDeadline(Deadline):
    """A deadline that belongs to one breach report (stored in ``deadlines.breach_id``)."""

    breach_id: int | None = None


def within(calendar: WorkingCalendar, start: date, days: int) -> date:
    """``days`` working days after ``start``; 0 means the same day, or the next working day."""
    if days > 0:
        return calendar.add(start, days)
    return start if calendar.is_working_day(start) else calendar.add(start, 1)


def referral_due(calendar: WorkingCalendar, reported_on: date) -> date:
    """The same working day; a report on a weekend or bank holiday, the next working day."""
    return within(calendar, reported_on, 0)


def _told(contacts: Iterable[tuple[date, str]], result: Result) -> date | None:
    # A call the same morning cannot tell of a result recorded that afternoon.
    return min(
        (d for d, logged in contacts if d > result.date or (d == result.date and logged > result.logged)),
        default=None,
    )


def final_result(report: BreachReport) -> Result | None:
    return next((r for r in reversed(report.results) if r.result in FINAL_RESULTS), None)


def one_breach(report: BreachReport, calendar: WorkingCalendar, rules: BreachRules) -> list[BreachDeadline]:
    """The deadlines of one breach report, met or not."""
    n = report.id
    out = [
        BreachDeadline(
            report.case_id,
            report.victim_id,
            BREACH_REFERRAL,
            referral_due(calendar, report.reported_on),
            report.reported_on,
            report.referred_on,
            what=f"Pass breach report {n} to the probation practitioner",
            breach_id=n,
        )
    ]
    if report.referred_on is None:
        return out
    for result in report.results:
        out.append(
            BreachDeadline(
                report.case_id,
                report.victim_id,
                BREACH_OUTCOME,
                within(calendar, result.date, rules.outcome_days),
                result.date,
                _told(report.contacts, result),
                what=f"{TELL} the outcome of breach report {n} ({result.result.replace('-', ' ')})",
                breach_id=n,
            )
        )
    if final_result(report) is None and rules.chase_days > 0:
        # One open reminder at a time: due chase_days after the referral, the last chase or result.
        last = max((report.referred_on, *report.chased, *(r.date for r in report.results)))
        to = f" with {report.referred_to}" if report.referred_to else ""
        out.append(
            BreachDeadline(
                report.case_id,
                report.victim_id,
                BREACH_OUTCOME,
                calendar.add(last, rules.chase_days),
                last,
                what=f"Chase the outcome of breach report {n}{to}",
                breach_id=n,
            )
        )
    return out


def put_to_victim(proposal: Proposal, calendar: WorkingCalendar, rules: BreachRules) -> Deadline:
    return Deadline(
        proposal.case_id,
        proposal.victim_id,
        PUT_TO_VICTIM,
        within(calendar, proposal.proposed_on, rules.put_days),
        proposal.proposed_on,
        proposal.put_on,
        what=f"Put protection arrangement {proposal.condition_id} to the victim",
        condition_id=proposal.condition_id,
    )


def breach_deadlines(
    reports: Iterable[BreachReport],
    proposals: Iterable[Proposal],
    calendar: WorkingCalendar,
    rules: BreachRules = BreachRules(),
) -> list[Deadline]:
    """Every breach and protection deadline of the given reports and proposals, met or not."""
    out: list[Deadline] = []
    for report in reports:
        out.extend(one_breach(report, calendar, rules))
    out.extend(put_to_victim(p, calendar, rules) for p in proposals)
    return out


# --- what the officer types ------------------------------------------------------------------------


def report_fields(reported: str | None, summary: str | None) -> dict:
    """A validated breach report: the date the victim told us, and what they said (personal)."""
    from vlo.domain.values import LONG_TEXT, clean_text, parse_date, today

    if reported is None:
        raise VloError("report date is required: --date DATE (when the victim told you)")
    day = parse_date(reported, "report date")
    if day > today():
        raise VloError("report date cannot be in the future")
    return {"reported_on": day.isoformat(), "summary": clean_text(summary, "summary", limit=LONG_TEXT)}


def check_result_date(report: dict, results: list[dict], when: date) -> None:
    """Refuse a result that comes before the report, the referral or an earlier result, or after
    a final one."""
    if when < date.fromisoformat(report["reported_on"]):
        raise VloError(f"outcome date is before the breach was reported ({report['reported_on']})")
    if report["referred_on"] is None:
        raise VloError(
            f"breach report {report['id']} has not been referred yet; first: vlo breach referred {report['id']} --to NAME"
        )
    if when < date.fromisoformat(report["referred_on"]):
        raise VloError(f"outcome date is before the referral ({report['referred_on']})")
    final = next((r for r in results if r["result"] in FINAL_RESULTS), None)
    if final is not None:
        raise VloError(
            f"breach report {report['id']} already has its outcome ({final['result']} on {final['date']})"
        )
    if results and when < date.fromisoformat(results[-1]["date"]):
        raise VloError(f"outcome date is before the last result recorded ({results[-1]['date']})")
