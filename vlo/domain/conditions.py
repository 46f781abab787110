"""Licence conditions victims ask for, and their lifecycle (SPEC §2).

requested -> submitted (to a decision-maker) -> agreed | agreed-with-changes | refused
-> in-force (from release) -> varied | suspended (on recall) | ended (at licence expiry).
Every step has a date; a step out of order is refused with the steps that may come next.
"""

from __future__ import annotations

from datetime import date

from vlo.errors import VloError

TYPES = ("non-contact", "exclusion-zone", "other")
TYPE_WORDS = {
    "non-contact": "a condition that the offender must not contact you or your family",
    "exclusion-zone": "an exclusion zone the offender must keep out of",
    "other": "a condition you asked for",
}
DECISION_MAKERS = ("governor", "parole-board", "mhcs", "tribunal")
DECISION_MAKER_WORDS = {
    "governor": "the prison governor",
    "parole-board": "the Parole Board",
    "mhcs": "the Mental Health Casework Section",
    "tribunal": "the Mental Health Tribunal",
}
OUTCOMES = ("agreed", "agreed-with-changes", "refused")
OUTCOME_WORDS = {"agreed": "agreed", "agreed-with-changes": "agreed with changes", "refused": "refused"}

# Which step may follow which: the state machine of a condition.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "requested": ("submitted", "ended"),
    "submitted": (*OUTCOMES, "ended"),
    "agreed": ("in-force", "ended"),
    "agreed-with-changes": ("in-force", "ended"),
    "refused": ("submitted",),  # resubmitted, e.g. to the Parole Board after a governor's refusal
    "in-force": ("varied", "suspended", "ended"),
    "varied": ("varied", "suspended", "ended"),
    "suspended": ("in-force", "ended"),
    "ended": (),
}
STEPS = tuple(s for s in NEXT_STEPS if s != "requested")


def check_step(current: str, step: str, *, last_date: date, when: date, decision_maker: str | None) -> None:
    """Refuse a step that cannot follow ``current`` or that goes back in time."""
    if step not in STEPS:
        raise VloError(f"step must be one of: {', '.join(STEPS)}")
    allowed = NEXT_STEPS[current]
    if step not in allowed:
        after = ", ".join(allowed) if allowed else "nothing: the condition has ended"
        raise VloError(f"a condition that is {current} cannot be {step}; next can be: {after}")
    if when < last_date:
        raise VloError(f"step date is before the condition's last step ({last_date.isoformat()})")
    if step == "submitted" and decision_maker is None:
        raise VloError(f"submitted needs --to, one of: {', '.join(DECISION_MAKERS)}")
