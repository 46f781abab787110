"""The working-day calendar: bank holidays cached in the database, and the unit's own closed days."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.domain.workdays import WorkingCalendar
    from vlo.storage import Store


def _holidays_fingerprint() -> str:
    """Identifies the installed ``holidays`` data without importing it (0.1 ms, not 100)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return "missing"
    return f"{spec.origin}:{os.stat(spec.origin).st_mtime_ns}"


@lru_cache(maxsize=1)
def _library_bank_holidays() -> dict[str, str]:
    from vlo.domain.workdays import bank_holidays

    return {d.isoformat(): name for d, name in bank_holidays().items()}


def _stale(store: Store) -> bool:
    if store.backend != "sqlite":
        # A team shares one calendar, and its officers' machines differ in install paths, not in
        # holidays data: compare the version, or every officer would refresh it in turn.
        from importlib.metadata import version

        return store.setting("calendar.holidays_version") != version("holidays")
    return store.setting("calendar.holidays") != _holidays_fingerprint()


def fill_bank_holidays(store: Store) -> list[date]:
    """Re-read bank holidays from the installed ``holidays`` (inside the caller's unit of work);
    returns the days that became, or stopped being, working days."""
    from importlib.metadata import version

    before = set(store.non_working_days())
    store.replace_bank_holidays(_library_bank_holidays())
    store.set_setting("calendar.holidays", _holidays_fingerprint())
    store.set_setting("calendar.holidays_version", version("holidays"))
    return sorted(date.fromisoformat(d) for d in before.symmetric_difference(store.non_working_days()))


def ensure_calendar(store: Store) -> int | None:
    """Refresh the bank-holiday cache when the installed ``holidays`` changed since it was filled.

    Only the cases a changed day can move are recomputed: a new virtualenv or a reinstall of the
    same data changes no day and moves nothing. Returns how many deadlines moved when it refreshed
    (None when the cache was current).
    """
    if not _stale(store):
        return None
    try:
        with unit_of_work(store, "calendar refresh") as work:
            if _stale(store):  # another process may have refreshed it while we waited
                before = working_calendar(store)
                changed = fill_bank_holidays(store)
                if changed:
                    # Each calendar's own reach: a day added counts on the old one, a day removed
                    # on the new (see _first_due_it_can_move); the earlier of the two covers both.
                    work.touch_deadlines_across(
                        changed[-1],
                        min(
                            _first_due_it_can_move(store, changed[0], before),
                            _first_due_it_can_move(store, changed[0]),
                        ),
                    )
    except VloError:
        if store.backend == "sqlite":
            raise
        return None  # an officer may not change the team's calendar: the manager's next command does
    return work.moved


def working_calendar(store: Store) -> WorkingCalendar:
    from vlo.domain.workdays import WorkingCalendar

    return WorkingCalendar(date.fromisoformat(d) for d in store.non_working_days())


def close_day(store: Store, day: date, reason: str, *, bank_holiday: bool) -> int:
    """Record a day the unit does not work; returns how many deadlines moved."""
    if day.weekday() >= 5:
        raise VloError(f"{day.isoformat()} is a {day:%A}: weekends are never working days")
    kind = "extra-bank-holiday" if bank_holiday else "closure"
    with unit_of_work(store, "calendar close") as work:
        work.touch_deadlines_across(day, _first_due_it_can_move(store, day))
        store.add_calendar_day(day.isoformat(), kind, reason)
    return work.moved


def open_day(store: Store, day: date) -> int:
    """Remove a day the unit recorded; returns how many deadlines moved."""
    with unit_of_work(store, "calendar open") as work:
        work.touch_deadlines_across(day, _first_due_it_can_move(store, day))
        store.remove_calendar_day(day.isoformat())
    return work.moved


def _first_due_it_can_move(store: Store, day: date, calendar: WorkingCalendar | None = None) -> date:
    """The earliest due date that closing or opening ``day`` can move, on the calendar as it is
    (or as ``calendar`` was).

    A count forward (sentence + 40 working days) moves only if ``day`` lies in it, so its due date
    is on or after ``day``. A count back (notice 10 working days before an event, views 60 before
    release) moves only if its anchor is after ``day``, and then its due date is at least the
    rules' longest count back from the day after. Every other case keeps its deadlines.
    """
    from dataclasses import astuple

    from vlo.service.settings import rules

    reach = max(n for n in astuple(rules(store)) if isinstance(n, int))
    calendar = calendar or working_calendar(store)
    return min(day, calendar.subtract(day + timedelta(days=1), reach))


def non_working_days(store: Store, year: int) -> list[dict[str, Any]]:
    if not 1960 <= year <= 2060:
        raise VloError("year must be from 1960 to 2060")
    return [{**r, "weekday": f"{date.fromisoformat(r['date']):%a}"} for r in store.calendar_days(year)]


@dataclass(frozen=True)
class Counted:
    end: date
    skipped: list[tuple[date, str]]  # the non-working weekdays passed over, with their names


def add_working_days(store: Store, start: date, days: int) -> Counted:
    """The Nth working day after ``start`` (day 0), and the bank holidays and closures skipped."""
    if not 1 <= days <= 2000:
        raise VloError("days must be a whole number from 1 to 2000")
    end = working_calendar(store).add(start, days)
    names = {
        r["date"]: r["name"]
        for r in store.calendar_days(None)
        if start.isoformat() < r["date"] <= end.isoformat()
    }
    skipped = [
        (d, names[d.isoformat()])
        for d in (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
        if d.isoformat() in names
    ]
    return Counted(end, skipped)


def working_days_between(store: Store, start: date, end: date) -> int:
    return working_calendar(store).between(start, end)
