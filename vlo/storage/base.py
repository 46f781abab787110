"""What every query module shares: the clock, row conversion, and short echoes of input."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

# A table's next id: one past the highest it holds, or held before an erase (``id_floors``), so an
# erased row's id is never given to another. Portable SQL (PostgreSQL has no two-argument max).
NEXT_ID = (
    "SELECT CASE WHEN f.last_id > coalesce(t.top, 0) THEN f.last_id ELSE coalesce(t.top, 0) END + 1 "
    "FROM (SELECT max(id) AS top FROM {table}) t LEFT JOIN id_floors f ON f.table_name = ?"
)


def _now() -> str:
    # Microseconds: same-day contacts and events are ordered by when they were logged.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


def _temp_ids(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Put ids in a temporary table, so a query can take any number of them."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS refresh_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.refresh_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.refresh_ids (id) VALUES (?)", ((i,) for i in ids))


def _case_rows(conn: sqlite3.Connection, case_ids: list[int] | None):
    """A query runner for "these cases, or all": each SQL (ending in a WHERE clause) is narrowed to
    ``case_ids`` through a temporary table, so any number of ids fits in one query."""
    if case_ids is not None:
        _temp_ids(conn, case_ids)

    def rows(sql: str, column: str) -> list[sqlite3.Row]:
        if case_ids is not None:
            sql += f" AND {column} IN (SELECT id FROM temp.refresh_ids)"
        return conn.execute(sql).fetchall()

    return rows


def _short(text: str, limit: int = 40) -> str:
    """A value echoed in an error, cut short: errors never repeat a whole field."""
    return text if len(text) <= limit else text[:limit] + "..."


def _where(sql: str, conditions: dict[str, Any]) -> tuple[str, list[Any]]:
    """``sql`` (ending in a WHERE clause) narrowed by each ``"column op ?": value`` given.

    A value of None leaves its condition out; a key without an operator means equality.
    """
    args: list[Any] = []
    for clause, value in conditions.items():
        if value is not None:
            sql += f" AND {clause if '?' in clause else clause + ' = ?'}"
            args.append(value)
    return sql, args
