"""The unit's settings: the clocks' lengths and the details printed on letters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.domain.deadlines import Rules
    from vlo.storage import Store

INT_SETTINGS = {
    "initial_days": "working days to the initial contact under the 40-day clock",
    "referral_days": "working days from sentence to the police referral (code-2020 clock)",
    "referral_contact_days": "working days from referral to the initial contact (code-2020 clock)",
    "notice_days": "working days before a key-stage event to tell the victim",
    "soon_days": "working days ahead that count as SOON in vlo due",
    "views_days": "working days before release to seek views on licence conditions",
    "release_notice_days": "working days before release to tell of the release month",
    "outcome_days": "working days to tell a victim of a licence-condition or release decision",
    "window_days": "working days before a notice is due that a contact can answer it",
    "late_days": "working days to give a notice learnt of too late for its period",
    "vps_lead_days": "working days before the Parole Board's 28-day point to get a victim statement in",
    "breach_outcome_days": "working days to tell a victim the outcome of a breach they reported (default 5)",
    "breach_chase_days": "working days between reminders to chase a breach outcome; 0 for none (default 5)",
    "protection_put_days": "working days to put a proposed protection arrangement to the victim (default 10)",
}
TEXT_SETTINGS = {
    "clock": "initial-contact clock: 40-day (the scheme's 40 working days) or code-2020 (Victims' Code 2020: 10 + 20)",
    "unit.name": "the unit's name, printed on letters",
    "unit.address": "the unit's postal address, lines separated by commas",
    "unit.phone": "the unit's phone number",
    "unit.email": "the unit's email address",
    "unit.signatory": "the officer who signs letters",
    "templates": "a folder of the unit's own letter templates",
}
# Settings the deadline rules read: changing one recomputes every case.
RULE_SETTINGS = frozenset(
    {
        "clock",
        "initial_days",
        "referral_days",
        "referral_contact_days",
        "notice_days",
        "views_days",
        "release_notice_days",
        "outcome_days",
        "window_days",
        "late_days",
        "vps_lead_days",
        "breach_outcome_days",
        "breach_chase_days",
        "protection_put_days",
    }
)
# Settings only the initial-contact deadline reads.
CLOCK_SETTINGS = frozenset({"clock", "initial_days", "referral_days", "referral_contact_days"})
SOON_DAYS_DEFAULT = 5


def rules(store: Store) -> Rules:
    from vlo.domain.deadlines import Rules

    values = store.settings()
    defaults = Rules()
    return Rules(
        clock=values.get("clock", defaults.clock),
        **{k: int(values[k]) for k in INT_SETTINGS if k in values and hasattr(defaults, k)},
    )


def soon_days(store: Store) -> int:
    return int(store.setting("soon_days", str(SOON_DAYS_DEFAULT)))


def unit_details(store: Store) -> dict[str, Any]:
    from vlo.domain.records import split_lines

    values = store.settings()
    return {
        "name": values.get("unit.name", "Victim Liaison Unit"),
        "address_lines": split_lines(values.get("unit.address")),
        "phone": values.get("unit.phone"),
        "email": values.get("unit.email"),
    }


@dataclass(frozen=True)
class Setting:
    key: str
    value: str | None  # as stored; None when the default applies
    shown: str  # what the officer reads: the value, "N (default)" or "-"
    meaning: str


def all_settings(store: Store) -> list[Setting]:
    stored = store.settings()
    current = rules(store)
    out = []
    for key, meaning in {**TEXT_SETTINGS, **INT_SETTINGS}.items():
        value = stored.get(key)
        shown = value
        if value is None and hasattr(current, key):
            shown = f"{getattr(current, key)} (default)"
        if key == "soon_days" and value is None:
            shown = f"{SOON_DAYS_DEFAULT} (default)"
        out.append(Setting(key, value, shown if shown is not None else "-", meaning))
    return out


def clean_setting(key: str, value: str) -> str | None:
    """The value to store for ``key`` (None: back to the default), or an ``Error:`` naming it."""
    from vlo.domain.deadlines import CLOCKS
    from vlo.domain.values import choice, clean_text

    if key not in INT_SETTINGS and key not in TEXT_SETTINGS:
        raise VloError(f"setting must be one of: {', '.join([*TEXT_SETTINGS, *INT_SETTINGS])}")
    if value.strip() == "":
        return None
    if key in INT_SETTINGS:
        if not value.strip().isdigit() or not 0 <= int(value) <= 250:
            raise VloError(f"{key} must be a whole number of working days from 0 to 250")
        if key in ("initial_days", "referral_contact_days") and int(value) == 0:
            raise VloError(f"{key} must be at least 1")
        return str(int(value))
    if key == "clock":
        return choice(value, "clock", CLOCKS)
    if key.startswith("unit."):  # printed on every letter: no hidden characters
        from vlo.domain.records import letter_text

        return letter_text(value, key, limit=500)
    return clean_text(value, key, limit=500)


@dataclass(frozen=True)
class Changed:
    key: str
    value: str | None
    moved: int | None  # deadlines moved, when the setting is one the rules read


def change_setting(store: Store, key: str, value: str) -> Changed:
    from vlo.domain.deadlines import INITIAL

    cleaned = clean_setting(key, value)
    with unit_of_work(store, "settings set") as work:
        store.set_setting(key, cleaned)
        if key in CLOCK_SETTINGS:
            # Only the initial contact runs on the clock; cases without one have no deadlines it moves.
            work.touch_deadline_kinds([INITIAL])
        elif key in RULE_SETTINGS:
            work.touch_all()
    return Changed(key, cleaned, work.moved if key in RULE_SETTINGS else None)
