"""The database itself: creating it, a verified backup, and checking it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def create(path: Path) -> None:
    """A new owner-only database with this year's bank holidays in its calendar."""
    from vlo.service.calendar import fill_bank_holidays
    from vlo.service.deadlines import RULES_SETTING, RULES_VERSION
    from vlo.storage import create_database

    store = create_database(path)
    try:
        with unit_of_work(store, "init"):
            fill_bank_holidays(store)
            store.set_setting(RULES_SETTING, RULES_VERSION)  # no deadline yet from older rules
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
    audit_checked: bool = True  # False for a team role that may not read the audit (an officer)


def check(store: Store) -> Checked:
    """Integrity, foreign keys, and the audit chain (where it breaks, and rows changed by hand).
    On PostgreSQL, the schema vlo expects in place of SQLite's integrity check."""
    problems = store.check()
    last_id, head = store.audit_head or (0, "")
    return Checked(problems, last_id, head, audit_checked=problems != [] or store.audit_head is not None)


def describe(url: str) -> str:
    """Which PostgreSQL database a URL reaches, and as which role (never the password)."""
    from vlo.storage.postgres import connect

    conn = connect(url)
    try:
        return conn.describe()
    finally:
        conn.close()


def copy(source: Store, target: Path | str) -> dict[str, int]:
    """Every row of ``source`` into a new file or an empty PostgreSQL database; counts per table."""
    from vlo.paths import is_url

    if source.backend == "sqlite" and not is_url(target):
        raise VloError(
            "vlo db copy moves a unit between a file and a postgresql:// URL; for a file, use vlo db backup"
        )
    from vlo.storage.postgres import copy_database

    return copy_database(source, target)


def grant(store: Store, user: str, role: str) -> str:
    """Make a PostgreSQL login an officer or a manager of this unit; returns the group role granted."""
    if role not in ("officer", "manager"):
        raise VloError("--role must be officer or manager")
    if store.backend == "sqlite":
        raise VloError(
            "roles are for team databases (--db postgresql://...); a file is guarded by its permissions"
        )
    from vlo.storage.postgres import grant as grant_role

    # vlo's one write path: under the unit's write lock (grants beside officers' writes wait, not
    # collide on the audit's next id), the audit's head kept, the command named.
    with unit_of_work(store, "db grant"):
        return grant_role(store, user, role)
