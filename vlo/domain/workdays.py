"""The England and Wales working-day calendar (SPEC §2).

A working day is Monday to Friday, not a bank holiday and not a day the unit has closed. The
calendar is built from the non-working weekdays (from storage), so this module never imports
``holidays``: :func:`bank_holidays` does, and only the code that refreshes the cache calls it.

Counting is arithmetic, not a walk over days. A new calendar answers from a formula (weekdays up to a
date) less a binary search (closed days up to it), so it costs nothing to build: ``vlo due`` makes one
on every run and asks it a few hundred questions. A calendar asked many questions (a recompute of
every deadline asks millions) builds two tables once, after :data:`TABLES_AFTER` calls, and from then
on answers each call in O(1): working days up to each date of the span, and the date of each working
day. Both paths give the same answers; the tests check each against a walk over the days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from itertools import accumulate, compress

from vlo.errors import VloError

# The years the bank-holiday cache covers: old life sentences start in the 1960s.
FIRST_YEAR = 1960
LAST_YEAR = 2060

# Calls answered by the formula before a calendar builds its tables. The tables cost about 2 ms for the
# full span and save 1.5-16 µs a call, so they repay themselves after some hundreds of calls
# (benchmarks/workdays_bench.py); a morning list asks a few hundred questions and never builds them.
TABLES_AFTER = 1_000


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
        self._first = self.first.toordinal()
        self._last = self.last.toordinal()
        # Only closed weekdays change a count; weekends are never working days anyway.
        self._closed = sorted({d.toordinal() for d in closed if d.weekday() < 5})
        self._closed_set = frozenset(self._closed)
        self._calls = 0
        # Built by _build_tables, once the calendar has been asked enough to repay them.
        self._counts: list[int] | None = None
        self._days: list[int] = []
        self._offset = 0

    def _build_tables(self) -> None:
        """``_counts[i]``: the epoch index of day ``first + i``; ``_days[k]``: the ordinal of working day
        ``k`` of the span (so ``_days[_counts[i] - offset - 1]`` is the last working day up to it)."""
        first, span = self._first, self._last - self._first + 1
        week = b"\x01\x01\x01\x01\x01\x00\x00"  # Monday to Sunday
        start = (first - 1) % 7  # ordinal 1 is a Monday
        flags = bytearray((week[start:] + week[:start]) * (span // 7 + 1))
        del flags[span:]
        for ordinal in self._closed:
            if first <= ordinal <= self._last:
                flags[ordinal - first] = 0
        self._offset = self._index_formula(first - 1)
        self._days = list(compress(range(first, first + span), flags))
        self._counts = list(accumulate(flags, initial=self._offset))[1:]

    def _tables(self) -> list[int] | None:
        """The counts table once built (None before then); counts the calls on the way."""
        if self._counts is None:
            self._calls += 1
            if self._calls > TABLES_AFTER:
                self._build_tables()
        return self._counts

    def _check(self, day: date) -> int:
        if not self.first <= day <= self.last:
            raise VloError(
                f"date {day.isoformat()} is outside the working-day calendar ({self.first.year} to {self.last.year})"
            )
        return day.toordinal()

    def _index_formula(self, ordinal: int) -> int:
        return _weekdays_upto(ordinal) - bisect_right(self._closed, ordinal)

    def _index(self, ordinal: int) -> int:
        """Working days from the epoch up to ``ordinal`` inclusive."""
        counts = self._counts
        if counts is not None and self._first <= ordinal <= self._last:
            return counts[ordinal - self._first]
        return self._index_formula(ordinal)

    def _working_day_at(self, index: int) -> int | None:
        """The ordinal of the working day whose epoch index is ``index``, if the tables hold it."""
        position = index - self._offset - 1
        if 0 <= position < len(self._days):
            return self._days[position]
        return None

    def is_working_day(self, day: date) -> bool:
        ordinal = self._check(day)
        return day.weekday() < 5 and ordinal not in self._closed_set

    def add(self, start: date, n: int) -> date:
        """The ``n``th working day after ``start``: ``start`` is day 0 whatever day it is."""
        if n < 1:
            raise ValueError("n must be at least 1")
        begin = self._check(start)
        counts = self._tables()
        if counts is not None:
            found = self._working_day_at(counts[begin - self._first] + n)
            if found is not None:
                return date.fromordinal(found)
            # Past the end of the span: the formula below names the date in its error.
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
        ordinal = self._check(end)
        target = self._index(ordinal) - n + (0 if self.is_working_day(end) else 1)
        # The first day of the span whose index reaches ``target``: the working day with that index,
        # or the span's first day when the count runs off its start.
        counts = self._tables()
        if counts is not None:
            if target <= counts[0]:
                return self.first
            # ``target`` never passes end's own index, so the tables hold that day.
            return date.fromordinal(self._days[target - self._offset - 1])
        low, high = self._first, ordinal
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
        end_ordinal, start_ordinal = self._check(end), self._check(start)
        counts = self._tables()
        if counts is not None:
            return counts[end_ordinal - self._first] - counts[start_ordinal - self._first]
        return self._index_formula(end_ordinal) - self._index_formula(start_ordinal)

    def _checked(self, day: date) -> date:
        self._check(day)
        return day
