"""The manager's figures and CSV exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError

if TYPE_CHECKING:
    from vlo.storage import Store


def monthly_report(store: Store, *, today: date, months: int = 12) -> list[dict[str, Any]]:
    """Per month of sentence (the clock's start): initial contacts in time, late, overdue, open."""
    from collections import defaultdict
    from statistics import median

    from vlo.service.calendar import working_calendar

    if not 1 <= months <= 240:
        raise VloError("months must be from 1 to 240")
    calendar = working_calendar(store)
    per_month: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"eligible": 0, "in_time": 0, "late": 0, "overdue": 0, "open": 0, "opted_in": 0, "days": []}
    )
    for r in store.initial_deadlines():
        m = per_month[r["start_date"][:7]]
        m["eligible"] += 1
        m["opted_in"] += r["opt_status"] == "opted-in"
        if r["met_on"]:
            m["in_time" if r["met_on"] <= r["due_date"] else "late"] += 1
            met = date.fromisoformat(r["met_on"])
            m["days"].append(max(0, calendar.between(date.fromisoformat(r["start_date"]), met)))
        elif r["due_date"] < today.isoformat():
            m["overdue"] += 1
        else:
            m["open"] += 1
    conditions: dict[str, dict[str, int]] = defaultdict(lambda: {"requested": 0, "agreed": 0})
    for r in store.condition_months():
        conditions[r["month"]][r["what"]] += 1
    rows = []
    for month in sorted(set(per_month) | set(conditions)):
        m = per_month[month]
        decided = m["in_time"] + m["late"] + m["overdue"]
        rows.append(
            {
                "month": month,
                "eligible": m["eligible"],
                "in_time": m["in_time"],
                "late": m["late"],
                "overdue": m["overdue"],
                "open": m["open"],
                "in_time_pct": round(100 * m["in_time"] / decided) if decided else None,
                # A float always (67.0, 66.5): a median of an even count can be a half day.
                "median_wd": round(float(median(m["days"])), 1) if m["days"] else None,
                "opt_in_pct": round(100 * m["opted_in"] / m["eligible"]) if m["eligible"] else None,
                "conditions_requested": conditions[month]["requested"],
                "conditions_agreed": conditions[month]["agreed"],
            }
        )
    return rows[-months:]


EXPORT_TABLES = ("cases", "victims", "deadlines", "contacts", "conditions", "letters", "audit")


def export(store: Store, table: str, *, personal: bool) -> tuple[list[str], Iterator[tuple]]:
    """The columns and a stream of rows of one table; personal columns only when asked."""
    if table not in EXPORT_TABLES:
        raise VloError(f"table must be one of: {', '.join(EXPORT_TABLES)}")
    return store.export(table, personal=personal)
