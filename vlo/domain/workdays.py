"""The England and Wales working-day calendar (SPEC §2).

A working day is Monday to Friday, not a bank holiday and not a day the unit has closed. The
calendar is built from the non-working weekdays (from storage), so this module never imports
``holidays``: :func:`bank_holidays` does, and only the code that refreshes the cache calls it.

Counting is arithmetic, not a walk over days: weekdays up to a date come from a formula and the
closed days from a binary search, so a calendar costs nothing to build and any query is O(log n).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

from vlo.errors import VloError

# The years the bank-holiday cache covers: old life sentences start in the 1960s.
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


def _weekdays_upto(ordinal: int) -> int:
    """Mondays to Fridays from 1 January 1 AD (ordinal 1, a Monday) up to ``ordinal`` inclusive."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _weekday_add(ordinal: int, n: int) -> int:
    """The ``n``th weekday after ``ordinal`` (n >= 1)."""
    target = _weekdays_upto(ordinal) + n
    weeks, rest = divmod(target - 1, 5)
    return weeks * 7 + rest + 1


class WorkingCalendar:
    """Working-day arithmetic: weekdays less the given closed days, within a span of years."""

    def __init__(self, closed: Iterable[date], first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR):
        self.first = date(first_year, 1, 1)
        self.last = date(last_year, 12, 31)
        # Only closed weekdays change a count; weekends are never working days anyway.
        self._closed = sorted({d.toordinal() for d in closed if d.weekday() < 5})
        self._closed_set = frozenset(self._closed)

    def _check(self, day: date) -> int:
        if not self.first <= day <= self.last:
            raise VloError(
                f"date {day.isoformat()} is outside the working-day calendar ({self.first.year} to {self.last.year})"
            )
        return day.toordinal()

    def _index(self, ordinal: int) -> int:
        """Working days from the epoch up to ``ordinal`` inclusive."""
        return _weekdays_upto(ordinal) - bisect_right(self._closed, ordinal)

    def is_working_day(self, day: date) -> bool:
        ordinal = self._check(day)
        return day.weekday() < 5 and ordinal not in self._closed_set

    def add(self, start: date, n: int) -> date:
        """The ``n``th working day after ``start``: ``start`` is day 0 whatever day it is."""
        if n < 1:
            raise ValueError("n must be at least 1")
        begin = self._check(start)
        closed_before = bisect_right(self._closed, begin)
        # Step past as many weekdays as there are closed days in the way, until that count settles.
        extra = 0
        while True:
            candidate = _weekday_add(begin, n + extra)
            in_way = bisect_right(self._closed, candidate) - closed_before
            if in_way == extra:
                return self._checked(date.fromordinal(candidate))
            extra = in_way

    def subtract(self, end: date, n: int) -> date:
        """The working day ``n`` working days before ``end`` (so that ``add(result, n) == end``
        when ``end`` is a working day)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        target = self._index(self._check(end)) - n + (0 if self.is_working_day(end) else 1)
        # The working day whose index is ``target``: search by ordinal, counts rise with the date.
        low, high = self.first.toordinal(), end.toordinal()
        while low < high:
            mid = (low + high) // 2
            if self._index(mid) < target:
                low = mid + 1
            else:
                high = mid
        return self._checked(date.fromordinal(low))

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

        ``between(d, add(d, n)) == n``: the count an officer reads as "working days left".
        """
        return self._index(self._check(end)) - self._index(self._check(start))

    def _checked(self, day: date) -> date:
        self._check(day)
        return day
