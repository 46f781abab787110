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
        from dateutil.relativedelta import relativedelta

        return start + relativedelta(years=self.years, months=self.months, days=self.days) - timedelta(days=1)

    def at_least(self, other: Term, start: date) -> bool:
        """Whether this term, served from ``start``, lasts at least as long as ``other``."""
        return self.end(start) >= other.end(start)


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
