"""How a breach report ranks in the morning list (issue 17): an open referral is ``urgent``.

Apart from :mod:`vlo.domain.breaches` (and as light as :mod:`vlo.domain.urgency`) because
``vlo due`` reads stored deadlines and must not pay for loading the rules that made them.
"""

from __future__ import annotations

BREACH_REFERRAL = "breach-referral"
URGENT = "urgent"


def due_status(kind: str, working_days_left: int, soon_days: int = 5) -> str:
    """The status word of a row of ``vlo due``: an open breach referral is always ``urgent``,
    whether due today, already overdue, or (reported at the weekend) due on Monday."""
    from vlo.domain.urgency import status

    return URGENT if kind == BREACH_REFERRAL else status(working_days_left, soon_days)
