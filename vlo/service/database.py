"""The database itself: creating it, a verified backup, and checking it."""

from __future__ import annotations

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


def check(store: Store) -> list[str]:
    """Problems found in the database (integrity, then foreign keys); empty when it is sound."""
    return store.check()
