"""How urgent a deadline is today: the words and numbers of the morning list.

Kept apart from the deadline rules so that ``vlo due`` reads stored deadlines without loading them.
"""

from __future__ import annotations

from datetime import date

from vlo.domain.workdays import WorkingCalendar


def working_days_left(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days from today to the due date; negative (at least -1) once it has passed."""
    if due >= today:
        return calendar.between(today, due)
    # A deadline on Friday seen on Saturday is overdue, though no working day has passed.
    return -max(1, calendar.between(due, today))


def status(working_days_left: int, soon_days: int = 5) -> str:
    """``overdue``, ``today``, ``soon`` or ``upcoming``: always a word, so it reads without colour."""
    if working_days_left < 0:
        return "overdue"
    if working_days_left == 0:
        return "today"
    if working_days_left <= soon_days:
        return "soon"
    return "upcoming"


def relative(working_days_left: int) -> str:
    """``-3 wd``, ``today``, ``2 wd``: the relative column of the morning list."""
    return "today" if working_days_left == 0 else f"{working_days_left} wd"
