"""What is personal, and the one way to leave it out (the README's export table, starred columns).

Two kinds: what the victim said (a contact's summary, a condition's details, a breach's summary,
and the notes on events and condition steps, which can say as much)
is shown and exported only with ``--personal``, on screen too; who people are (names, addresses,
contact details, dates of birth, the offender's name and prison number) is shown on screen, but
goes into ``--json`` and ``--csv`` (the copies that travel) only with ``--personal``.
"""

from __future__ import annotations

from typing import Any

# A key-stage event's note and a condition step's note are the officer's words, but they can say
# where the victim lives ("zone reduced to Llandaff village"): kept with what the victim said.
SAID = {"contacts": "summary", "conditions": "details", "breaches": "summary", "events": "note"}
CASE_IDENTIFYING = ("offender", "prison_number", "offender_dob")
PERSON_IDENTIFYING = (
    "name",
    "title",
    "salutation",
    "address",
    "postcode",
    "email",
    "phone",
    "needs",
    "date_of_birth",
)


def _drop(row: dict[str, Any], keys) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


def without_said(shown: dict[str, Any]) -> dict[str, Any]:
    """A case or person as shown, without what the victim said in its lists."""
    return {
        k: [_drop(item, (SAID[k],)) for item in v] if k in SAID and isinstance(v, list) else v
        for k, v in shown.items()
    }


def case_for_machines(summary: dict[str, Any]) -> dict[str, Any]:
    """``case show --json`` without ``--personal``: no names, contact details or what was said."""
    out = _drop(without_said(summary), CASE_IDENTIFYING)
    out["victims"] = [_drop(v, PERSON_IDENTIFYING) for v in out.get("victims", [])]
    return out


def person_for_machines(person: dict[str, Any]) -> dict[str, Any]:
    """``victim show --json`` without ``--personal``."""
    return _drop(without_said(person), PERSON_IDENTIFYING)
