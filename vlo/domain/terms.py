"""Sentence terms such as ``18m``, ``2y6m``, ``4y`` or ``120d``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from vlo.errors import VloError

_TERM = re.compile(r"^(?:(\d{1,3})y)?(?:(\d{1,4})m)?(?:(\d{1,5})d)?$")


@dataclass(frozen=True)
class Term:
    """A length of sentence in calendar years, months and days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = [f"{n}{unit}" for n, unit in ((self.years, "y"), (self.months, "m"), (self.days, "d")) if n]
        return "".join(parts) or "0d"

    def words(self) -> str:
        """``2 years 6 months``: how a letter or a screen says it."""
        parts = []
        for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")):
            if n:
                parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
        return " ".join(parts)

    def end(self, start: date) -> date:
        """Last day of the term: (start + the term) - 1 day, the HMPPS method.

        Adding before subtracting matters on the 1st of a month: 6 months from 1 March 2023 ends
        on 31 August, where (start - 1 day) + 6 months would give 28 August.
        """
        return add_months(start, self.years * 12 + self.months) + timedelta(days=self.days - 1)

    def at_least(self, other: Term, start: date) -> bool:
        """Whether this term, served from ``start``, lasts at least as long as ``other``."""
        return self.end(start) >= other.end(start)


def add_months(day: date, months: int) -> date:
    """Calendar months on, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb).

    The same answer as dateutil's relativedelta, at a fraction of the cost: deadlines for a whole
    unit are recomputed with it.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _month_length(year, month)))


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


TWELVE_MONTHS = Term(months=12)


def parse_term(text: str, field: str = "length") -> Term:
    """Read ``18m``, ``2y6m``, ``4y`` or ``120d``; refuse zero and anything else."""
    match = _TERM.match(text.strip().lower()) if text else None
    if not match or not any(match.groups()):
        raise VloError(f"{field} must be like 18m, 2y6m, 4y or 120d (years y, months m, days d)")
    years, months, days = (int(g) if g else 0 for g in match.groups())
    if years == months == days == 0:
        raise VloError(f"{field} must be longer than zero, like 18m, 2y6m, 4y or 120d")
    return Term(years, months, days)
