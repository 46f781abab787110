"""The database itself: creating it, a verified backup, and checking it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def create(path: Path) -> None:
    """A new owner-only database with this year's bank holidays in its calendar."""
    from vlo.service.calendar import fill_bank_holidays
    from vlo.storage import create_database

    store = create_database(path)
    try:
        with unit_of_work(store, "init"):
            fill_bank_holidays(store)
    finally:
        store.close()


def backup(store: Store, target: Path) -> int:
    """A consistent, verified, owner-only copy; returns how many cases it holds."""
    return store.backup(target)


@dataclass(frozen=True)
class Checked:
    problems: list[str]  # empty when the database is sound
    audit_rows: int  # the last audit row's id, and its hash: note it to compare later
    audit_head: str


def check(store: Store) -> Checked:
    """Integrity, foreign keys, and the audit chain (where it breaks, and rows changed by hand)."""
    problems = store.check()
    last_id, head = store.audit_head or (0, "")
    return Checked(problems, last_id, head)
