"""The England and Wales working-day calendar (SPEC §2).

A working day is Monday to Friday, not a bank holiday and not a day the unit has closed. The
calendar is built from a set of non-working dates (bank holidays and closures, from storage),
so this module never imports ``holidays``: ``bank_holidays`` does that, and only the commands
that refresh the cache call it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vlo.errors import VloError

# The span the cache covers: old life sentences start in the 1960s, deadlines run a few years ahead.
FIRST_YEAR = 1960
LAST_YEAR = 2060


def bank_holidays(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict[date, str]:
    """England and Wales bank holidays on weekdays, substitute and one-off days included."""
    import holidays

    # subdiv="ENG" keeps Easter Monday and the summer bank holiday; observed=True the substitutes.
    days = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1), observed=True
    )
    # The library also lists a Christmas that fell on a Saturday: only weekdays change the count.
    return {day: name for day, name in sorted(days.items()) if day.weekday() < 5}


def holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")


@dataclass(frozen=True)
class WorkingCalendar:
    """Working-day arithmetic over a fixed span, by binary search on the list of working days."""

    first: date
    last: date
    _days: tuple[int, ...]  # ordinals of every working day in [first, last], ascending

    @classmethod
    def build(
        cls, closed: Iterable[date], first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR
    ) -> WorkingCalendar:
        first, last = date(first_year, 1, 1), date(last_year, 12, 31)
        shut = {d.toordinal() for d in closed}
        start = first.toordinal()
        weekday = first.weekday()
        days = []
        for offset in range(last.toordinal() - start + 1):
            ordinal = start + offset
            if (weekday + offset) % 7 < 5 and ordinal not in shut:
                days.append(ordinal)
        return cls(first, last, tuple(days))

    def _check(self, day: date) -> None:
        if not self.first <= day <= self.last:
            raise VloError(
                f"date {day.isoformat()} is outside the working-day calendar "
                f"({self.first.year} to {self.last.year})"
            )

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        ordinal = day.toordinal()
        i = bisect_left(self._days, ordinal)
        return i < len(self._days) and self._days[i] == ordinal

    def add(self, start: date, n: int) -> date:
        """The ``n``th working day after ``start`` (``start`` is day 0 whatever day it is)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        self._check(start)
        i = bisect_right(self._days, start.toordinal()) + n - 1
        if i >= len(self._days):
            raise VloError(f"{n} working days after {start.isoformat()} is past {self.last.year}")
        return date.fromordinal(self._days[i])

    def subtract(self, end: date, n: int) -> date:
        """The ``n``th working day before ``end``."""
        if n < 1:
            raise ValueError("n must be at least 1")
        self._check(end)
        i = bisect_left(self._days, end.toordinal()) - n
        if i < 0:
            raise VloError(f"{n} working days before {end.isoformat()} is before {self.first.year}")
        return date.fromordinal(self._days[i])

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

        ``between(d, add(d, n)) == n``: the count an officer reads as "working days left".
        """
        self._check(start)
        self._check(end)
        a, b = start.toordinal(), end.toordinal()
        if b >= a:
            return bisect_right(self._days, b) - bisect_right(self._days, a)
        return -(bisect_right(self._days, a) - bisect_right(self._days, b))
