"""Reading what an officer types: dates, bounded text and choices.

Every function raises :class:`VloError` naming the field and what is accepted, and never
repeats a long or personal value back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from vlo.errors import VloError

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EARLIEST = date(1950, 1, 1)
EARLIEST_BIRTH = date(1900, 1, 1)  # a date of birth: a victim or offender may be in their eighties
LATEST = date(2099, 12, 31)

SHORT_TEXT = 200
LONG_TEXT = 4000


def today() -> date:
    """Today, or ``VLO_TODAY`` when a report or a test must be reproducible."""
    fixed = os.environ.get("VLO_TODAY")
    if fixed:
        return _date(fixed.strip(), "VLO_TODAY")
    return date.today()


def parse_date(
    text: str, field: str = "date", *, allow_today: bool = True, earliest: date = EARLIEST
) -> date:
    """ISO ``2025-03-31`` or UK ``31/03/2025`` (day first, always); ``today`` too."""
    value = (text or "").strip()
    if allow_today and value.lower() == "today":
        return today()
    return _date(value, field, earliest)


# Remembered: an import reads the same few hundred dates on 100,000 rows, and asks for today on each.
# A date is immutable and the answer depends on the text alone ("today" never gets here); a refusal
# is raised again every time, since lru_cache keeps only answers.
@lru_cache(maxsize=4096)
def _date(value: str, field: str, earliest: date = EARLIEST) -> date:
    accepted = "a date like 2025-03-31 or 31/03/2025 (day first)"
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.match(value):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise VloError(f"{field} must be {accepted}")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise VloError(f"{field} is not a real date; give {accepted}") from None
    if not earliest <= parsed <= LATEST:
        raise VloError(f"{field} must be between {earliest.year} and {LATEST.year}")
    return parsed


def parse_optional_date(text: str | None, field: str, *, earliest: date = EARLIEST) -> date | None:
    return None if text is None or text.strip() == "" else parse_date(text, field, earliest=earliest)


def clean_text(text: str | None, field: str, *, limit: int = SHORT_TEXT, required: bool = True) -> str | None:
    """Trimmed text within ``limit`` characters; multi-line only where ``limit`` is long."""
    if text is None:
        if required:
            raise VloError(f"{field} is required")
        return None
    value = text.strip()
    if not value:
        if required:
            raise VloError(f"{field} must not be empty")
        return None
    if len(value) > limit:
        raise VloError(f"{field} is too long: at most {limit} characters (got {len(value)})")
    if _CONTROL.search(value):
        raise VloError(f"{field} contains control characters; use plain text")
    if limit <= SHORT_TEXT and ("\n" in value or "\r" in value):
        raise VloError(f"{field} must be on one line")
    return value


def choice(value: str, field: str, accepted: Iterable[str]) -> str:
    """One of ``accepted``, case-insensitive; the error lists them all."""
    options = list(accepted)
    normal = (value or "").strip().lower()
    if normal not in options:
        raise VloError(f"{field} must be one of: {', '.join(options)}")
    return normal


def non_negative(value: int | None, field: str, *, limit: int = 36500) -> int:
    if value is None:
        return 0
    if value < 0 or value > limit:
        raise VloError(f"{field} must be a whole number of days from 0 to {limit}")
    return value


def format_long_date(value: date) -> str:
    """``6 January 2025``, the way a letter writes a date."""
    return f"{value.day} {value:%B %Y}"
