"""The audit trail as a hash chain, and the check that finds where it was tampered with.

Each audit row holds ``hash``: a SHA-256 of its own content and of the previous row's hash, so a row
changed or deleted by hand breaks the chain at that point. ``audit_head`` keeps the last row's id and
hash, so rows cut from the end (or ``delete from audit``) show too. A change to one of the ``SEALED``
tables also stores ``digest``, a SHA-256 of the row as it stood after the change: a row edited by
hand (``update victims ...``) no longer matches its last audit row. Values are never stored, only
hashes of whole rows, and neither hash column is exported.

This shows tampering by someone who does not know the scheme; anyone who can write the file can
recompute the chain. Keep backups, and note the head ``vlo db check`` prints. (Team databases will
write the audit from PostgreSQL triggers: :func:`entry_hash` is the one function to port.)
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

# Tables whose every write goes through Store._insert/_update (and so is audited, with a digest).
SEALED = ("cases", "sentences", "victims", "contacts", "events", "conditions", "condition_steps")
ENTRY_COLUMNS = ("id", "at", "user", "command", "action", "table_name", "row_id", "fields", "digest")


def entry_hash(previous: str, entry: Sequence[Any]) -> str:
    """The chain: SHA-256 of the previous row's hash and this row's ``ENTRY_COLUMNS`` values."""
    text = json.dumps([previous, *entry], ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_digest(row: sqlite3.Row | dict[str, Any]) -> str:
    """A row's content as one hash: its non-empty columns by name (a column added later as NULL
    does not change it; a value set to NULL by hand does)."""
    values = {k: row[k] for k in row.keys() if row[k] is not None}
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_digest(conn: sqlite3.Connection, table: str, row_id: int) -> str | None:
    conn_row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if conn_row is None:
        return None
    return row_digest(_named(conn, conn_row, table))


def _named(conn: sqlite3.Connection, row: Any, table: str) -> dict[str, Any]:
    if isinstance(row, sqlite3.Row) or hasattr(row, "keys"):  # SQLite's rows, or PostgreSQL's
        return {key: row[key] for key in row.keys()}
    names = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
    return dict(zip(names, row, strict=True))


def last_entry(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1] or "") if row else (0, "")


def save_head(conn: sqlite3.Connection, last_id: int, head: str) -> None:
    # An upsert both SQLite and PostgreSQL read the same way.
    conn.execute(
        "INSERT INTO audit_head (one, last_id, hash) VALUES (1, ?, ?) "
        "ON CONFLICT (one) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash",
        (last_id, head),
    )


def verify(conn: sqlite3.Connection) -> tuple[list[str], tuple[int, str]]:
    """Problems in the chain and in the sealed tables (empty: none), and the head (id, hash)."""
    problems: list[str] = []
    previous, last_id = "", 0
    columns = ", ".join(ENTRY_COLUMNS)
    for entry in conn.execute(f"SELECT {columns}, hash FROM audit ORDER BY id"):
        *content, stored = tuple(entry)
        if stored != entry_hash(previous, content):
            if content[0] != last_id + 1:
                problems.append(
                    f"audit trail broken at row {content[0]}: it does not follow row {last_id} "
                    f"(rows deleted or changed by hand)"
                )
            else:
                problems.append(f"audit trail broken at row {content[0]}: the row was changed by hand")
        previous, last_id = stored or "", content[0]
    head = conn.execute("SELECT last_id, hash FROM audit_head").fetchone()
    if head is None and last_id:  # every write since the chain began keeps it: deleted by hand
        problems.append(
            f"audit trail's head is gone after row {last_id}: rows may have been cut from its end"
        )
    if head is not None and (head[0], head[1]) != (last_id, previous):
        if head[0] > last_id:
            problems.append(
                f"audit trail broken after row {last_id}: rows up to {head[0]} were written and are gone"
            )
        else:
            problems.append(f"audit trail broken after row {head[0]}: rows were added by hand")
    problems.extend(_sealed_problems(conn))
    return problems, (last_id, previous)


def _imported(conn: sqlite3.Connection) -> dict[str, list[tuple[int, int]]]:
    """The ids each import added, table by table: ``vlo import`` writes one audit row for a whole
    file, naming them as ``cases 1-2,sentences 1-2,victims 1-3`` (its rows carry no digest)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for (fields,) in conn.execute("SELECT fields FROM audit WHERE command = 'import' AND action = 'import'"):
        for part in (fields or "").split(","):
            table, _, span = part.partition(" ")
            first, _, last = span.partition("-")
            if first.isdigit() and last.isdigit():
                ranges.setdefault(table, []).append((int(first), int(last)))
    return ranges


def _sealed_problems(conn: sqlite3.Connection) -> Iterable[str]:
    imported = _imported(conn)
    for table in SEALED:
        # Each row's latest digest: in id order the last one wins. (SQLite's "max(id) with a bare
        # column" shortcut is not SQL PostgreSQL accepts.)
        latest = {
            row_id: (audit_id, digest)
            for row_id, audit_id, digest in conn.execute(
                "SELECT row_id, id, digest FROM audit WHERE table_name = ? AND digest IS NOT NULL ORDER BY id",
                (table,),
            )
        }
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
            named = _named(conn, row, table)
            found = latest.get(named["id"])
            if found is None:
                # Added by an import and not changed since: the import's audit row records it.
                if not any(first <= named["id"] <= last for first, last in imported.get(table, ())):
                    yield f"{table} row {named['id']} was added outside vlo (no audit row records it)"
            elif found[1] != row_digest(named):
                yield f"{table} row {named['id']} was changed outside vlo (after audit row {found[0]})"


def seal_existing(conn: sqlite3.Connection, now: str) -> None:
    """For the migration: digest every sealed row on its last audit row (or a new 'seal' row),
    then chain every audit row in order and record the head."""
    for table in SEALED:
        latest = dict(
            conn.execute(
                "SELECT row_id, max(id) FROM audit WHERE table_name = ? AND action IN ('insert', 'update') "
                "GROUP BY row_id",
                (table,),
            ).fetchall()
        )
        for row in conn.execute(f"SELECT * FROM {table}").fetchall():
            named = _named(conn, row, table)
            digest = row_digest(named)
            if named["id"] in latest:
                conn.execute("UPDATE audit SET digest = ? WHERE id = ?", (digest, latest[named["id"]]))
            else:
                conn.execute(
                    "INSERT INTO audit (at, user, command, action, table_name, row_id, fields, digest) "
                    "VALUES (?, 'vlo', 'migrate', 'seal', ?, ?, '', ?)",
                    (now, table, named["id"], digest),
                )
    previous, last_id = "", 0
    columns = ", ".join(ENTRY_COLUMNS)
    for entry in conn.execute(f"SELECT {columns} FROM audit ORDER BY id").fetchall():
        previous, last_id = entry_hash(previous, tuple(entry)), entry[0]
        conn.execute("UPDATE audit SET hash = ? WHERE id = ?", (previous, last_id))
    save_head(conn, last_id, previous)
