"""The manager's figures and CSV exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError

if TYPE_CHECKING:
    from vlo.storage import Store


def monthly_report(store: Store, *, today: date, months: int = 12) -> list[dict[str, Any]]:
    """Per month in which initial contacts fell due: the figures as they stood at that month's end
    (today for the current month), so a later contact, opt-out, decline or new event never
    rewrites a month that is over. Definitions are in the README ("The manager's report")."""
    from bisect import bisect_right
    from collections import defaultdict
    from statistics import median

    from vlo.service.calendar import working_calendar

    if not 1 <= months <= 240:
        raise VloError("months must be from 1 to 240")
    calendar = working_calendar(store)
    history: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in store.choice_history():
        history[r["victim_id"]].append((r["date"], r["opt_status"]))
    per_month: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "eligible": 0,
            "in_time": 0,
            "late": 0,
            "overdue": 0,
            "closed": 0,
            "open": 0,
            "opted_in": 0,
            "days": [],
        }
    )
    for r in store.initial_deadlines():
        month = r["due_date"][:7]
        end = _month_end(month)
        # A month that is over stands as at the end of its last day; the current one as at today.
        as_at = min(end, today).isoformat()
        overdue_before = (end + timedelta(days=1)).isoformat() if end < today else today.isoformat()
        m = per_month[month]
        m["eligible"] += 1
        m["opted_in"] += _choice_at(history.get(r["victim_id"]), r, as_at, bisect_right) == "opted-in"
        closed, done = r["closed_on"], r["met_on"]
        if done is not None and done <= as_at and not closed:
            m["in_time" if done <= r["due_date"] else "late"] += 1
            start = date.fromisoformat(r["opens_on"] or r["start_date"])
            m["days"].append(max(0, calendar.between(start, date.fromisoformat(done))))
        elif closed is not None and closed <= r["due_date"] and closed <= as_at:
            m["closed"] += 1  # declined or opted out before it fell due, never reached
        elif r["due_date"] < overdue_before:
            m["overdue"] += 1
        else:
            m["open"] += 1
    conditions: dict[str, dict[str, int]] = defaultdict(lambda: {"requested": 0, "agreed": 0})
    for r in store.condition_months():
        conditions[r["month"]][r["what"]] += 1
    from vlo.service.breaches import breach_figures

    breaches = breach_figures(store, today=today)
    rows = []
    for month in sorted(set(per_month) | set(conditions) | set(breaches)):
        m = per_month[month]
        b = breaches.get(month, {})
        decided = m["in_time"] + m["late"] + m["overdue"]
        rows.append(
            {
                "month": month,
                "eligible": m["eligible"],
                "in_time": m["in_time"],
                "late": m["late"],
                "overdue": m["overdue"],
                "closed": m["closed"],
                "open": m["open"],
                "in_time_pct": round(100 * m["in_time"] / decided) if decided else None,
                # A float always (67.0, 66.5): a median of an even count can be a half day.
                "median_wd": round(float(median(m["days"])), 1) if m["days"] else None,
                "opt_in_pct": round(100 * m["opted_in"] / m["eligible"]) if m["eligible"] else None,
                "conditions_requested": conditions[month]["requested"],
                "conditions_agreed": conditions[month]["agreed"],
                "breaches_reported": b.get("breaches_reported", 0),
                "breaches_referred_same_day": b.get("breaches_referred_same_day", 0),
                "breach_victims_told_in_time": b.get("breach_victims_told_in_time", 0),
            }
        )
    return rows[-months:]


def _month_end(month: str) -> date:
    from vlo.domain.terms import add_months

    first = date.fromisoformat(month + "-01")
    return date.fromordinal(add_months(first, 1).toordinal() - 1)


def _choice_at(history, row, as_at: str, bisect_right) -> str | None:
    """The person's choice as it stood on ``as_at``: from the kept history; for a person with none
    (imported, or from before the history was kept) their current choice, if made by then."""
    if history:
        i = bisect_right(history, (as_at, "~"))
        return history[i - 1][1] if i else "pending"
    if row["choice_on"] is None or row["choice_on"] <= as_at:
        return row["opt_status"]
    return "pending"


EXPORT_TABLES = ("cases", "victims", "deadlines", "contacts", "conditions", "letters", "audit", "breaches")


def export(store: Store, table: str, *, personal: bool) -> tuple[list[str], Iterator[tuple]]:
    """The columns and a stream of rows of one table; personal columns only when asked."""
    if table not in EXPORT_TABLES:
        raise VloError(f"table must be one of: {', '.join(EXPORT_TABLES)}")
    return store.export(table, personal=personal)
