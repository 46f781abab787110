"""Sentence terms such as ``18m``, ``2y6m``, ``4y`` or ``120d``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

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
        """Last day of the term served from ``start``: PSI 03/2015 para 5.5, as HMPPS's calculator does it.

        (start - 1 day) + years + months + days, each step clamped to the month's last day, so 1 month
        from 31 Aug 2020 ends on 30 Sep 2020. A term with years or months that starts on the 1st of a
        month ends at the end of a month instead: 6 months from 1 Mar 2023 ends on 31 Aug 2023, and 1 year
        from 1 Mar 2023 on 29 Feb 2024 (a plain (start - 1) + 6 months would give 28 Aug).
        """
        months = self.years * 12 + self.months
        if start.day == 1 and months:
            last = add_months(start, months - 1)
            last = last.replace(day=_month_length(last.year, last.month))
            return last + timedelta(days=self.days)
        return add_months(start - timedelta(days=1), months) + timedelta(days=self.days)

    def length(self, start: date) -> int:
        """Days in the term served from ``start``, both ends counted."""
        return (self.end(start) - start).days + 1

    def at_least(self, other: Term, start: date) -> bool:
        """Whether this term, served from ``start``, lasts at least as long as ``other``."""
        return self.end(start) >= other.end(start)


def consecutive_end(start: date, terms: Sequence[Term]) -> date:
    """Last day of ``terms`` served one after another from ``start``, as HMPPS's calculator adds them up
    (DurationAggregator): next to each other, the years-and-months parts are added together and so
    are the day parts, and each sum is counted from the day after the one before it ends. So 7 days
    then 1 month then 1 month from 23 Jan 2022 is 7 days, then 2 months from 30 Jan: 29 Mar 2022
    (one month at a time would end on 31 Mar). Release arithmetic only; eligibility has its own.
    """
    runs: list[Term] = []
    for term in terms:
        for part in (Term(term.years, term.months), Term(days=term.days)):
            if part == Term():
                continue
            if runs and (runs[-1].days == 0) == (part.days == 0):
                last = runs[-1]
                part = Term(last.years + part.years, last.months + part.months, last.days + part.days)
                runs.pop()
            runs.append(part)
    end = start - timedelta(days=1)
    for run in runs:
        end = run.end(end + timedelta(days=1))
    return end


def add_months(day: date, months: int) -> date:
    """Calendar months on, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb).

    The same answer as dateutil's relativedelta, at a fraction of the cost: deadlines for a whole
    unit are recomputed with it.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _month_length(year, month)))


def turns(born: date, age: int) -> date:
    """The day someone born on ``born`` is ``age`` years old: the anniversary of the birth, and for
    a 29 February birthday in a common year 1 March, when they have lived ``age`` whole years. This
    is how the Ministry of Justice's calculator reckons age (``Offender.getAgeOnDate``: Java's
    ``Period.between``, which counts 29 Feb 2008 to 28 Feb 2026 as 17 years 11 months 30 days).
    """
    year = born.year + age
    if born.month == 2 and born.day == 29 and _month_length(year, 2) == 28:
        return date(year, 3, 1)
    return born.replace(year=year)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


TWELVE_MONTHS = Term(months=12)
# The longest term vlo accepts (a whole-life case has no tariff to record): far beyond any minimum
# term or determinate sentence, and short enough that every date stays in the calendar.
LONGEST_YEARS = 100
LONGEST_DAYS = LONGEST_YEARS * 12 * 31


def check_total(terms: list[Term], field: str = "length with consecutive terms") -> None:
    """Consecutive terms served one after another must also end within the calendar."""
    if sum((t.years * 12 + t.months) * 31 + t.days for t in terms) > LONGEST_DAYS:
        raise VloError(f"{field} can be at most {LONGEST_YEARS} years in all")


def parse_term(text: str, field: str = "length") -> Term:
    """Read ``18m``, ``2y6m``, ``4y`` or ``120d``; refuse zero and anything else."""
    return _term(text.strip().lower() if text else "", field)


# Remembered: an import reads the same few terms ("3y", "18m") on 100,000 rows. A Term is immutable
# and the answer depends on the text alone; a refusal is raised again every time (lru_cache keeps
# only answers).
@lru_cache(maxsize=1024)
def _term(text: str, field: str) -> Term:
    match = _TERM.match(text)
    if not match or not any(match.groups()):
        raise VloError(f"{field} must be like 18m, 2y6m, 4y or 120d (years y, months m, days d)")
    years, months, days = (int(g) if g else 0 for g in match.groups())
    if years == months == days == 0:
        raise VloError(f"{field} must be longer than zero, like 18m, 2y6m, 4y or 120d")
    # 999y9999m99999d is no sentence, and its dates would run past the year 9999.
    if (years * 12 + months) * 31 + days > LONGEST_DAYS:
        raise VloError(f"{field} can be at most {LONGEST_YEARS} years")
    return Term(years, months, days)
