"""The one storage module: the schema, its migrations, the connection and every query.

sqlite-utils runs the migrations (imported only when the schema is behind); the queries are
plain SQL on the ``sqlite3`` connection, measured faster than sqlite-utils' per-call table lookups
and never paid for by the morning's ``vlo due``. Every command's
writes happen inside :meth:`Store.write`, one ``BEGIN IMMEDIATE`` transaction, so a second
``vlo`` process waits (busy timeout) instead of failing, and a failed command writes nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_SECONDS = 60


# --- migrations -------------------------------------------------------------------------------
# Each migration is a small named function applied once (sqlite-utils ``Migrations``). The count
# is mirrored in ``PRAGMA user_version`` so that opening an up-to-date database costs one pragma.


def _migrations():
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("vlo")

    @migrations()
    def m001_foundation(db: sqlite_utils.Database) -> None:
        _run(
            db,
            """
            CREATE TABLE cases (
                id INTEGER PRIMARY KEY,
                ref TEXT NOT NULL UNIQUE,
                offender TEXT NOT NULL,
                prison_number TEXT,
                offence TEXT NOT NULL,
                category TEXT NOT NULL,
                offence_date TEXT,
                court TEXT,
                officer TEXT,
                discretionary_reason TEXT,
                referral_date TEXT,
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
                created_at TEXT NOT NULL,
                closed_at TEXT
            );
            CREATE INDEX cases_officer ON cases (officer);
            CREATE TABLE sentences (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                type TEXT NOT NULL,
                length TEXT,
                consecutive TEXT NOT NULL DEFAULT '',
                concurrent TEXT NOT NULL DEFAULT '',
                extension TEXT,
                tariff TEXT,
                remand_days INTEGER NOT NULL DEFAULT 0,
                tagged_bail_days INTEGER NOT NULL DEFAULT 0,
                ual_days INTEGER NOT NULL DEFAULT 0,
                added_days INTEGER NOT NULL DEFAULT 0,
                recorded_at TEXT NOT NULL,
                replaced_at TEXT,
                replaced_note TEXT
            );
            CREATE UNIQUE INDEX sentences_current ON sentences (case_id) WHERE replaced_at IS NULL;
            CREATE TABLE victims (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                title TEXT,
                role TEXT NOT NULL,
                address TEXT,
                postcode TEXT,
                email TEXT,
                phone TEXT,
                preferred_method TEXT,
                do_not_post INTEGER NOT NULL DEFAULT 0,
                needs TEXT,
                opt_status TEXT NOT NULL DEFAULT 'pending',
                contact_level TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX victims_case ON victims (case_id);
            CREATE TABLE contacts (
                id INTEGER PRIMARY KEY,
                victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                method TEXT NOT NULL,
                direction TEXT NOT NULL DEFAULT 'out',
                summary TEXT,
                created_at TEXT NOT NULL
            );
            CREATE INDEX contacts_victim ON contacts (victim_id, date);
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                user TEXT NOT NULL,
                command TEXT NOT NULL,
                action TEXT NOT NULL,
                table_name TEXT NOT NULL,
                row_id INTEGER,
                fields TEXT NOT NULL DEFAULT ''
            );
            """,
        )

    @migrations()
    def m002_deadlines(db: sqlite_utils.Database) -> None:
        _run(
            db,
            """
            CREATE TABLE calendar_days (
                date TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('bank-holiday', 'extra-bank-holiday', 'closure')),
                name TEXT NOT NULL
            );
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                date TEXT NOT NULL,
                note TEXT,
                recorded_on TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX events_case ON events (case_id);
            CREATE TABLE deadlines (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
                victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                due_date TEXT NOT NULL,
                start_date TEXT NOT NULL,
                met_on TEXT,
                event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
                what TEXT NOT NULL,
                estimated INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX deadlines_case ON deadlines (case_id);
            CREATE INDEX deadlines_open ON deadlines (due_date) WHERE met_on IS NULL;
            """,
        )

    @migrations()
    def m003_letters(db: sqlite_utils.Database) -> None:
        _run(
            db,
            """
            CREATE TABLE batches (
                id INTEGER PRIMARY KEY,
                template TEXT NOT NULL,
                format TEXT NOT NULL,
                out_dir TEXT NOT NULL,
                combined_file TEXT,
                created_at TEXT NOT NULL,
                posted_on TEXT
            );
            CREATE TABLE letters (
                id INTEGER PRIMARY KEY,
                batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
                victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
                template TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '',
                format TEXT NOT NULL,
                file TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                created_at TEXT NOT NULL,
                posted_on TEXT
            );
            CREATE UNIQUE INDEX letters_once ON letters (victim_id, template, subject, format);
            CREATE INDEX letters_batch ON letters (batch_id);
            """,
        )

    @migrations()
    def m004_conditions_and_dates(db: sqlite_utils.Database) -> None:
        _run(
            db,
            """
            CREATE TABLE conditions (
                id INTEGER PRIMARY KEY,
                victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                details TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'requested',
                decision_maker TEXT,
                requested_on TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX conditions_victim ON conditions (victim_id);
            CREATE TABLE condition_steps (
                id INTEGER PRIMARY KEY,
                condition_id INTEGER NOT NULL REFERENCES conditions (id) ON DELETE CASCADE,
                step TEXT NOT NULL,
                date TEXT NOT NULL,
                decision_maker TEXT,
                note TEXT,
                created_at TEXT NOT NULL
            );
            CREATE INDEX condition_steps_condition ON condition_steps (condition_id);
            ALTER TABLE sentences ADD COLUMN recorded_on TEXT;
            ALTER TABLE deadlines ADD COLUMN condition_id INTEGER REFERENCES conditions (id) ON DELETE CASCADE;
            CREATE TABLE confirmed_dates (
                case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                date TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (case_id, key)
            );
            """,
        )

    @migrations()
    def m005_references_ignore_case(db: sqlite_utils.Database) -> None:
        # Lookups compare references without case; this index makes them a seek, not a scan.
        _run(db, "CREATE UNIQUE INDEX cases_ref_nocase ON cases (ref COLLATE NOCASE)")
        _run(db, "ALTER TABLE victims ADD COLUMN salutation TEXT")

    return migrations


def _run(db: sqlite_utils.Database, script: str) -> None:
    # executescript() would COMMIT our transaction; run the statements one by one instead.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


SCHEMA_VERSION = 5


def _now() -> str:
    # Microseconds: same-day contacts and events are ordered by when they were logged.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: fall back to the uid
        return str(os.getuid())


# --- opening ----------------------------------------------------------------------------------


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    # mode=rw: a mistyped path must not silently become a new empty database.
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten, not left readable in free pages (SPEC §5: nothing leaks).
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    return conn


def create_database(path: Path) -> Store:
    """Create a new, owner-only database; never overwrite one."""
    if path.exists():
        raise VloError(f"database already exists at {path}; vlo init never overwrites one")
    old = os.umask(0o077)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise VloError(f"database already exists at {path}; vlo init never overwrites one") from None
        except OSError as exc:
            raise VloError(f"cannot create the database at {path}: {exc.strerror}") from None
        os.close(fd)
        conn = _connect(path, create=True)
        conn.execute("PRAGMA journal_mode = WAL")
        store = Store(conn, path)
        store.migrate()
        return store
    finally:
        os.umask(old)


def open_database(path: Path, source: str = "") -> Store:
    """Open an existing database, applying any pending migrations."""
    if not path.exists():
        where = f" (from {source})" if source else ""
        raise VloError(f"no database at {path}{where}; create one with: vlo init")
    try:
        conn = _connect(path, create=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise VloError(f"{path} is not a vlo database (SQLite could not read it)") from None
    store = Store(conn, path)
    if version < SCHEMA_VERSION:
        store.migrate()
    elif version > SCHEMA_VERSION:
        raise VloError(f"{path} was written by a newer vlo (schema {version}); upgrade vlo to use it")
    return store


def _row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


class Store:
    """A vlo database: a sqlite3 connection plus the queries the commands need."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None
        self._command = "vlo"
        self._user: str | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the same connection, made on first use."""
        if self._db is None:
            import sqlite_utils

            # execute_plugins=False: scanning installed plugins costs ~35 ms per open.
            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def migrate(self) -> None:
        # BEGIN IMMEDIATE: two processes opening an old database must not both migrate it.
        with self.write("migrate"):
            _migrations().apply(self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def write(self, command: str) -> Iterator[Store]:
        """One transaction for one command: all of its writes land, or none do."""
        self._command = command
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def audit(
        self, action: str, table: str, row_id: int | None, fields: list[str] | tuple[str, ...] = ()
    ) -> None:
        """Record a change: what, when and by which OS user; field names only, never values."""
        if self._user is None:
            self._user = _os_user()
        self.conn.execute(
            "INSERT INTO audit (at, user, command, action, table_name, row_id, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_now(), self._user, self._command, action, table, row_id, ",".join(fields)),
        )

    def _insert(self, table: str, record: dict[str, Any]) -> int:
        # Plain SQL: sqlite-utils' insert() looks the table up on every call, which made a
        # 100,000-row import take a minute. Table and column names come from this code, never input.
        columns = list(record)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        row_id = self.conn.execute(sql, [record[c] for c in columns]).lastrowid
        self.audit("insert", table, row_id, sorted(k for k, v in record.items() if v is not None))
        return row_id

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        if changes:
            # Plain SQL, as for inserts: sqlite-utils' update() cost 0.3 ms a call in table lookups.
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changes.values(), row_id])
            self.audit("update", table, row_id, sorted(changes))

    # --- settings -----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def settings(self) -> dict[str, str]:
        return {
            r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM settings ORDER BY key")
        }

    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        self.audit("set", "settings", None, [key])

    # --- cases --------------------------------------------------------------------------------

    def add_case(self, record: dict[str, Any]) -> int:
        if self.conn.execute("SELECT 1 FROM cases WHERE ref = ? COLLATE NOCASE", (record["ref"],)).fetchone():
            raise VloError(f"case reference {record['ref']} already exists; choose another reference")
        return self._insert("cases", {**record, "status": "open", "created_at": _now()})

    def case(self, ref: str) -> dict[str, Any]:
        row = _row(self.conn.execute("SELECT * FROM cases WHERE ref = ? COLLATE NOCASE", (ref,)).fetchone())
        if row is None:
            raise VloError(f"no case with reference {_short(ref)}; see: vlo case list")
        return row

    def case_by_id(self, case_id: int) -> dict[str, Any]:
        return dict(self.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone())

    def cases(self, *, status: str | None = None, officer: str | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT * FROM cases WHERE 1 = 1"
        args: list[Any] = []
        if status:
            sql += " AND status = ?"
            args.append(status)
        if officer:
            sql += " AND officer = ?"
            args.append(officer)
        for row in self.conn.execute(sql + " ORDER BY ref", args):
            yield dict(row)

    def update_case(self, case_id: int, changes: dict[str, Any]) -> None:
        self._update("cases", case_id, changes)

    def close_case(self, case_id: int) -> None:
        self._update("cases", case_id, {"status": "closed", "closed_at": _now()})

    def count_cases(self) -> int:
        return self.conn.execute("SELECT count(*) FROM cases").fetchone()[0]

    # --- sentences ----------------------------------------------------------------------------

    def current_sentence(self, case_id: int) -> dict[str, Any] | None:
        return _row(
            self.conn.execute(
                "SELECT * FROM sentences WHERE case_id = ? AND replaced_at IS NULL", (case_id,)
            ).fetchone()
        )

    def sentence_history(self, case_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM sentences WHERE case_id = ? ORDER BY id", (case_id,))
        return [dict(r) for r in rows]

    def current_sentences(self) -> dict[int, dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM sentences WHERE replaced_at IS NULL")
        return {r["case_id"]: dict(r) for r in rows}

    def record_sentence(self, case_id: int, record: dict[str, Any], *, replace_note: str | None) -> int:
        current = self.current_sentence(case_id)
        if current is not None:
            if replace_note is None:
                raise VloError(
                    "this case already has a sentence; to replace it on appeal add --appeal NOTE "
                    "(the old one is kept in the history)"
                )
            self._update("sentences", current["id"], {"replaced_at": _now(), "replaced_note": replace_note})
        return self._insert("sentences", {**record, "case_id": case_id, "recorded_at": _now()})

    # --- people to contact --------------------------------------------------------------------

    def add_victim(self, case_id: int, record: dict[str, Any]) -> int:
        now = _now()
        return self._insert(
            "victims",
            {"opt_status": "pending", **record, "case_id": case_id, "created_at": now, "updated_at": now},
        )

    def victim(self, victim_id: int) -> dict[str, Any]:
        row = _row(
            self.conn.execute(
                "SELECT victims.*, cases.ref AS case_ref FROM victims JOIN cases ON cases.id = victims.case_id "
                "WHERE victims.id = ?",
                (victim_id,),
            ).fetchone()
        )
        if row is None:
            raise VloError(f"no person to contact with id {victim_id}; see: vlo victim list")
        return row

    def victims(self, case_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT victims.*, cases.ref AS case_ref FROM victims JOIN cases ON cases.id = victims.case_id"
        args: tuple[Any, ...] = ()
        if case_id is not None:
            sql += " WHERE victims.case_id = ?"
            args = (case_id,)
        for row in self.conn.execute(sql + " ORDER BY cases.ref, victims.id", args):
            yield dict(row)

    def people_per_case(self) -> dict[int, int]:
        rows = self.conn.execute("SELECT case_id, count(*) FROM victims GROUP BY case_id")
        return {case_id: n for case_id, n in rows}

    def update_victim(self, victim_id: int, changes: dict[str, Any]) -> None:
        if changes:
            self._update("victims", victim_id, {**changes, "updated_at": _now()})

    # --- contact log --------------------------------------------------------------------------

    def add_contact(self, victim_id: int, record: dict[str, Any]) -> int:
        return self._insert("contacts", {**record, "victim_id": victim_id, "created_at": _now()})

    def contacts(
        self, *, victim_id: int | None = None, case_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT contacts.*, cases.ref AS case_ref FROM contacts "
            "JOIN victims ON victims.id = contacts.victim_id JOIN cases ON cases.id = victims.case_id WHERE 1 = 1"
        )
        args: list[Any] = []
        if victim_id is not None:
            sql += " AND contacts.victim_id = ?"
            args.append(victim_id)
        if case_id is not None:
            sql += " AND victims.case_id = ?"
            args.append(case_id)
        for row in self.conn.execute(sql + " ORDER BY contacts.date, contacts.id", args):
            yield dict(row)

    # --- calendar -----------------------------------------------------------------------------

    def non_working_days(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT date FROM calendar_days")]

    def calendar_days(self, year: int | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM calendar_days", ()
        if year is not None:
            sql, args = sql + " WHERE date LIKE ?", (f"{year:04d}-%",)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY date", args)]

    def replace_bank_holidays(self, days: dict[str, str]) -> None:
        self.conn.execute("DELETE FROM calendar_days WHERE kind = 'bank-holiday'")
        # A day the unit recorded itself wins over the library's copy of it.
        self.conn.executemany(
            "INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, 'bank-holiday', ?)",
            days.items(),
        )
        self.audit("refresh", "calendar_days", None, ["bank-holiday"])

    def add_calendar_day(self, day: str, kind: str, name: str) -> None:
        existing = self.conn.execute("SELECT kind FROM calendar_days WHERE date = ?", (day,)).fetchone()
        if existing:
            raise VloError(f"{day} is already a non-working day ({existing[0]})")
        self.conn.execute("INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)", (day, kind, name))
        self.audit("insert", "calendar_days", None, ["date", "kind", "name"])

    def remove_calendar_day(self, day: str) -> None:
        existing = self.conn.execute("SELECT kind FROM calendar_days WHERE date = ?", (day,)).fetchone()
        if existing is None or existing[0] == "bank-holiday":
            raise VloError(f"{day} is not a day the unit recorded; see: vlo calendar list")
        self.conn.execute("DELETE FROM calendar_days WHERE date = ?", (day,))
        self.audit("delete", "calendar_days", None, ["date"])

    # --- key-stage events ---------------------------------------------------------------------

    def add_event(self, case_id: int, record: dict[str, Any]) -> int:
        return self._insert("events", {**record, "case_id": case_id, "created_at": _now()})

    def events(self, case_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT events.*, cases.ref AS case_ref FROM events JOIN cases ON cases.id = events.case_id"
        args: tuple[Any, ...] = ()
        if case_id is not None:
            sql, args = sql + " WHERE events.case_id = ?", (case_id,)
        for row in self.conn.execute(sql + " ORDER BY events.date, events.id", args):
            yield dict(row)

    # --- deadlines ----------------------------------------------------------------------------

    def deadline_inputs(self, case_ids: list[int] | None) -> dict[str, list[sqlite3.Row]]:
        """Everything the deadline rules read, for some cases or all, in a handful of queries."""
        if case_ids is not None:
            _temp_ids(self.conn, case_ids)

        def rows(sql: str, column: str) -> list[sqlite3.Row]:
            if case_ids is not None:
                sql += f" AND {column} IN (SELECT id FROM temp.refresh_ids)"
            return self.conn.execute(sql).fetchall()

        return {
            "cases": rows("SELECT * FROM cases WHERE 1", "id"),
            "sentences": rows("SELECT * FROM sentences WHERE replaced_at IS NULL", "case_id"),
            "victims": rows("SELECT id, case_id, opt_status, contact_level FROM victims WHERE 1", "case_id"),
            "contacts": rows(
                "SELECT contacts.victim_id, contacts.date, contacts.created_at FROM contacts "
                "JOIN victims ON victims.id = contacts.victim_id WHERE 1",
                "victims.case_id",
            ),
            "events": rows("SELECT * FROM events WHERE 1", "case_id"),
            "outcomes": rows(
                "SELECT conditions.id, conditions.victim_id, steps.step, steps.date, steps.created_at "
                "FROM condition_steps steps "
                "JOIN conditions ON conditions.id = steps.condition_id "
                "JOIN victims ON victims.id = conditions.victim_id "
                "WHERE steps.step IN ('agreed', 'agreed-with-changes', 'refused')",
                "victims.case_id",
            ),
            "confirmed": rows("SELECT case_id, key, date FROM confirmed_dates WHERE 1", "case_id"),
        }

    def replace_deadlines(self, case_ids: list[int] | None, rows: list[tuple]) -> int:
        """Store freshly computed deadlines; returns how many open ones changed their due date."""
        if case_ids is None:
            old = self.conn.execute(
                "SELECT victim_id, kind, coalesce(event_id, condition_id, 0), due_date FROM deadlines WHERE met_on IS NULL"
            ).fetchall()
            self.conn.execute("DELETE FROM deadlines")
        else:
            _temp_ids(self.conn, case_ids)
            old = self.conn.execute(
                "SELECT victim_id, kind, coalesce(event_id, condition_id, 0), due_date FROM deadlines "
                "WHERE met_on IS NULL AND case_id IN (SELECT id FROM temp.refresh_ids)"
            ).fetchall()
            self.conn.execute("DELETE FROM deadlines WHERE case_id IN (SELECT id FROM temp.refresh_ids)")
        self.conn.executemany(
            "INSERT INTO deadlines (case_id, victim_id, kind, due_date, start_date, met_on, event_id, what, estimated, "
            "condition_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # Annual letters share a kind and no event: the start date tells them apart, so key on it too.
        before = {(r[0], r[1], r[2]): r[3] for r in old}
        return sum(
            1 for r in rows if r[5] is None and before.get((r[1], r[2], r[6] or r[9] or 0), r[3]) != r[3]
        )

    def due(
        self,
        *,
        horizon: str | None,
        officer: str | None = None,
        case_id: int | None = None,
        overdue_before: str | None = None,
    ) -> list[sqlite3.Row]:
        """Open deadlines due on or before ``horizon`` (all when None), most urgent first."""
        sql = (
            "SELECT deadlines.*, cases.ref AS case_ref, cases.officer, victims.name AS victim_name "
            "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
            "JOIN victims ON victims.id = deadlines.victim_id WHERE deadlines.met_on IS NULL"
        )
        sql, args = self._due_filters(sql, horizon, officer, case_id, overdue_before)
        return self.conn.execute(
            sql + " ORDER BY deadlines.due_date, cases.ref, victims.id, deadlines.id", args
        ).fetchall()

    def count_open_after(
        self, horizon: str, *, officer: str | None = None, case_id: int | None = None
    ) -> int:
        # Without an officer filter the partial index answers alone: no join to cases (330 ms -> 6 ms).
        sql = "SELECT count(*) FROM deadlines WHERE deadlines.met_on IS NULL AND deadlines.due_date > ?"
        if officer is not None:
            sql += " AND deadlines.case_id IN (SELECT id FROM cases WHERE officer = ?)"
        sql, args = self._due_filters(sql, None, None, case_id, None)
        return self.conn.execute(
            sql, [horizon, *([officer] if officer is not None else []), *args]
        ).fetchone()[0]

    @staticmethod
    def _due_filters(sql, horizon, officer, case_id, overdue_before):
        args: list[Any] = []
        if horizon is not None:
            sql += " AND deadlines.due_date <= ?"
            args.append(horizon)
        if overdue_before is not None:
            sql += " AND deadlines.due_date < ?"
            args.append(overdue_before)
        if officer is not None:
            sql += " AND cases.officer = ?"
            args.append(officer)
        if case_id is not None:
            sql += " AND deadlines.case_id = ?"
            args.append(case_id)
        return sql, args

    # --- letters ------------------------------------------------------------------------------

    # Who is due each packaged letter: (the people it goes to, the "subject" that makes it unique).
    _LETTER_SELECTIONS = {
        "initial-contact": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'initial-contact' AND d.met_on IS NULL",
            "''",
        ),
        "opt-in-confirmation": (
            "FROM victims v JOIN cases c ON c.id = v.case_id WHERE v.opt_status = 'opted-in' AND c.status = 'open'",
            "''",
        ),
        "key-stage-update": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'key-stage' AND d.met_on IS NULL",
            "CAST(d.event_id AS TEXT)",
        ),
        "annual-letter": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'annual-update' AND d.met_on IS NULL AND d.due_date <= :horizon",
            "d.start_date",
        ),
        "licence-condition-outcome": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'condition-outcome' AND d.met_on IS NULL",
            "CAST(d.condition_id AS TEXT)",
        ),
        "closure": (
            "FROM victims v JOIN cases c ON c.id = v.case_id "
            "WHERE c.status = 'closed' AND v.opt_status NOT IN ('opted-out', 'declined')",
            "''",
        ),
    }

    def letter_candidates(
        self,
        template: str,
        *,
        fmt: str,
        horizon: str,
        case_id: int | None = None,
        victim_id: int | None = None,
        again: bool = False,
    ) -> list[dict[str, Any]]:
        """The people due a letter from ``template`` and not yet sent it (all of them with ``again``).

        A template of the unit's own, with no rule of its own, goes to the people chosen by
        ``--case`` or ``--victim``.
        """
        where, subject = self._LETTER_SELECTIONS.get(
            template, ("FROM victims v JOIN cases c ON c.id = v.case_id WHERE 1", "''")
        )
        sql = f"SELECT DISTINCT v.*, c.ref AS case_ref, {subject} AS subject {where}" + (
            ""
            if again
            else f" AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.victim_id = v.id "
            f"AND l.template = :template AND l.subject = {subject})"
        )
        params: dict[str, Any] = {"template": template, "fmt": fmt, "horizon": horizon}
        if case_id is not None:
            sql += " AND v.case_id = :case_id"
            params["case_id"] = case_id
        if victim_id is not None:
            sql += " AND v.id = :victim_id"
            params["victim_id"] = victim_id
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY c.ref, v.id, subject", params)]

    def event(self, event_id: int) -> dict[str, Any]:
        return dict(self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone())

    def add_batch(self, template: str, fmt: str, out_dir: str) -> int:
        return self._insert(
            "batches", {"template": template, "format": fmt, "out_dir": out_dir, "created_at": _now()}
        )

    def set_batch_file(self, batch_id: int, combined: str) -> None:
        self.conn.execute("UPDATE batches SET combined_file = ? WHERE id = ?", (combined, batch_id))

    def add_letter(self, record: dict[str, Any]) -> int:
        # --force re-renders: the new letter replaces the old record of the same letter.
        self.conn.execute(
            "DELETE FROM letters WHERE victim_id = ? AND template = ? AND subject = ? AND format = ?",
            (record["victim_id"], record["template"], record["subject"], record["format"]),
        )
        return self._insert("letters", {**record, "created_at": _now()})

    def batch(self, batch_id: int) -> dict[str, Any]:
        row = _row(self.conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone())
        if row is None:
            raise VloError(f"no batch {batch_id}; see: vlo batch list")
        return row

    def batches(self) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT batches.*, count(letters.id) AS letters FROM batches "
            "LEFT JOIN letters ON letters.batch_id = batches.id GROUP BY batches.id ORDER BY batches.id"
        )
        for row in self.conn.execute(sql):
            yield dict(row)

    def letters(self, batch_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT letters.*, cases.ref AS case_ref FROM letters JOIN victims ON victims.id = letters.victim_id "
            "JOIN cases ON cases.id = victims.case_id"
        )
        args: tuple[Any, ...] = ()
        if batch_id is not None:
            sql, args = sql + " WHERE letters.batch_id = ?", (batch_id,)
        for row in self.conn.execute(sql + " ORDER BY letters.id", args):
            yield dict(row)

    def mark_posted(self, batch_id: int, posted_on: str) -> None:
        self.conn.execute("UPDATE batches SET posted_on = ? WHERE id = ?", (posted_on, batch_id))
        self.conn.execute("UPDATE letters SET posted_on = ? WHERE batch_id = ?", (posted_on, batch_id))
        self.audit("posted", "batches", batch_id, ["posted_on"])

    # --- licence conditions -------------------------------------------------------------------

    def add_condition(self, victim_id: int, record: dict[str, Any]) -> int:
        return self._insert(
            "conditions", {**record, "victim_id": victim_id, "status": "requested", "created_at": _now()}
        )

    def condition(self, condition_id: int) -> dict[str, Any]:
        row = _row(
            self.conn.execute(
                "SELECT conditions.*, victims.case_id, cases.ref AS case_ref FROM conditions "
                "JOIN victims ON victims.id = conditions.victim_id JOIN cases ON cases.id = victims.case_id "
                "WHERE conditions.id = ?",
                (condition_id,),
            ).fetchone()
        )
        if row is None:
            raise VloError(f"no condition {condition_id}; see: vlo condition list")
        return row

    def conditions(
        self, *, case_id: int | None = None, victim_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT conditions.*, victims.case_id, cases.ref AS case_ref, "
            "(SELECT max(date) FROM condition_steps s WHERE s.condition_id = conditions.id) AS last_step_on "
            "FROM conditions JOIN victims ON victims.id = conditions.victim_id "
            "JOIN cases ON cases.id = victims.case_id WHERE 1"
        )
        args: list[Any] = []
        if case_id is not None:
            sql += " AND victims.case_id = ?"
            args.append(case_id)
        if victim_id is not None:
            sql += " AND conditions.victim_id = ?"
            args.append(victim_id)
        for row in self.conn.execute(sql + " ORDER BY conditions.id", args):
            yield dict(row)

    def condition_steps(self, condition_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM condition_steps WHERE condition_id = ? ORDER BY id", (condition_id,)
        )
        return [dict(r) for r in rows]

    def add_condition_step(self, condition_id: int, record: dict[str, Any]) -> int:
        step_id = self._insert(
            "condition_steps", {**record, "condition_id": condition_id, "created_at": _now()}
        )
        changes = {"status": record["step"]}
        if record.get("decision_maker"):
            changes["decision_maker"] = record["decision_maker"]
        self._update("conditions", condition_id, changes)
        return step_id

    # --- dates confirmed by the prison ---------------------------------------------------------

    def confirmed_dates(self, case_id: int) -> dict[str, str]:
        rows = self.conn.execute("SELECT key, date FROM confirmed_dates WHERE case_id = ?", (case_id,))
        return {key: day for key, day in rows}

    def set_confirmed_date(self, case_id: int, key: str, day: str | None) -> None:
        if day is None:
            self.conn.execute("DELETE FROM confirmed_dates WHERE case_id = ? AND key = ?", (case_id, key))
        else:
            self.conn.execute(
                "INSERT INTO confirmed_dates (case_id, key, date, recorded_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id, key) DO UPDATE SET date = excluded.date, recorded_at = excluded.recorded_at",
                (case_id, key, day, _now()),
            )
        self.audit("set", "confirmed_dates", case_id, [key])

    # --- export -------------------------------------------------------------------------------

    def export(self, table: str, *, personal: bool) -> tuple[list[str], Iterator[tuple]]:
        """Columns and a stream of rows for ``vlo export``; personal columns only when asked."""
        columns = [(name, expr) for name, expr, private in EXPORTS[table] if personal or not private]
        sql = f"SELECT {', '.join(expr for _, expr in columns)} {EXPORT_FROM[table]}"
        return [name for name, _ in columns], iter(self.conn.execute(sql))

    def find_victim_by_name(self, case_id: int, name: str) -> dict[str, Any] | None:
        return _row(
            self.conn.execute(
                "SELECT * FROM victims WHERE case_id = ? AND lower(name) = lower(?) ORDER BY id LIMIT 1",
                (case_id, name),
            ).fetchone()
        )

    def case_or_none(self, ref: str) -> dict[str, Any] | None:
        return _row(self.conn.execute("SELECT * FROM cases WHERE ref = ? COLLATE NOCASE", (ref,)).fetchone())

    # --- the manager's report ---------------------------------------------------------------

    def initial_deadlines(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT d.victim_id, d.start_date, d.due_date, d.met_on, v.opt_status FROM deadlines d "
            "JOIN victims v ON v.id = d.victim_id WHERE d.kind = 'initial-contact'"
        ).fetchall()

    def condition_months(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT substr(requested_on, 1, 7) AS month, 'requested' AS what FROM conditions "
            "UNION ALL SELECT substr(date, 1, 7), 'agreed' FROM condition_steps "
            "WHERE step IN ('agreed', 'agreed-with-changes')"
        ).fetchall()

    # --- safety: backup, check, erase --------------------------------------------------------

    def backup(self, target: Path) -> int:
        """A consistent owner-only copy made with SQLite's online backup, checked after writing."""
        if target.exists():
            raise VloError(f"{target} already exists; choose a new file for the backup")
        old = os.umask(0o077)
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            copy = sqlite3.connect(target)
            try:
                self.conn.backup(copy)
                # A backup is a single file: no WAL beside it to lose when it is copied elsewhere.
                copy.execute("PRAGMA journal_mode = DELETE")
                problems = copy.execute("PRAGMA integrity_check").fetchall()
                cases = copy.execute("SELECT count(*) FROM cases").fetchone()[0]
            finally:
                copy.close()
        except OSError as exc:
            raise VloError(f"cannot write the backup {target}: {exc.strerror}") from None
        finally:
            os.umask(old)
        if problems != [("ok",)] or cases != self.count_cases():
            target.unlink(missing_ok=True)
            raise VloError("the backup did not verify; it was removed. Run vlo db check")
        return cases

    def check(self) -> list[str]:
        """Problems SQLite finds: integrity, then foreign keys. Empty when all is well."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points at a missing {parent} row")
        return problems

    def erase_case(self, case_id: int) -> dict[str, int]:
        """Delete a case and everyone on it, completely; the audit keeps only that it happened."""
        counts = {
            "people": self.conn.execute(
                "SELECT count(*) FROM victims WHERE case_id = ?", (case_id,)
            ).fetchone()[0],
        }
        # Letters and contacts go with the people, deadlines and events with the case (ON DELETE CASCADE).
        batches = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT batch_id FROM letters JOIN victims ON victims.id = letters.victim_id WHERE case_id = ?",
                (case_id,),
            )
        ]
        self.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        # A batch left empty would still name the case's letters in its combined file name only; drop it.
        for batch_id in batches:
            self.conn.execute(
                "DELETE FROM batches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM letters WHERE batch_id = ?)",
                (batch_id, batch_id),
            )
        self.audit("erase", "cases", case_id, ["all"])
        return counts

    def scrub(self) -> None:
        """After an erase: fold the WAL back and empty it, so old pages survive nowhere in the files."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- audit --------------------------------------------------------------------------------


# Export columns: (name, SQL expression, personal?). The names are a contract: reports rely on them.
_SENTENCE = "LEFT JOIN sentences s ON s.case_id = c.id AND s.replaced_at IS NULL"
EXPORT_FROM = {
    "cases": f"FROM cases c {_SENTENCE} ORDER BY c.id",
    "victims": f"FROM victims v JOIN cases c ON c.id = v.case_id {_SENTENCE} ORDER BY v.id",
    "deadlines": "FROM deadlines d JOIN cases c ON c.id = d.case_id ORDER BY d.due_date, d.id",
    "contacts": "FROM contacts t JOIN victims v ON v.id = t.victim_id JOIN cases c ON c.id = v.case_id ORDER BY t.id",
    "conditions": "FROM conditions k JOIN victims v ON v.id = k.victim_id JOIN cases c ON c.id = v.case_id ORDER BY k.id",
    "letters": "FROM letters l JOIN victims v ON v.id = l.victim_id JOIN cases c ON c.id = v.case_id ORDER BY l.id",
    "audit": "FROM audit a ORDER BY a.id",
}
_CASE_COLUMNS = [
    ("case_ref", "c.ref", False),
    ("offender", "c.offender", True),
    ("offence", "c.offence", False),
    ("category", "c.category", False),
    ("court", "c.court", False),
    ("officer", "c.officer", False),
    ("sentence_date", "s.date", False),
    ("sentence_type", "s.type", False),
    ("sentence_length", "s.length", False),
]
EXPORTS: dict[str, list[tuple[str, str, bool]]] = {
    "cases": [
        *_CASE_COLUMNS,
        ("prison_number", "c.prison_number", True),
        ("offence_date", "c.offence_date", False),
        ("discretionary_reason", "c.discretionary_reason", False),
        ("referral_date", "c.referral_date", False),
        ("remand_days", "s.remand_days", False),
        ("tagged_bail_days", "s.tagged_bail_days", False),
        ("status", "c.status", False),
        ("created_at", "c.created_at", False),
        ("closed_at", "c.closed_at", False),
    ],
    # One row per person with the case repeated: exactly what vlo import reads.
    "victims": [
        ("victim_id", "v.id", False),
        *_CASE_COLUMNS,
        ("prison_number", "c.prison_number", True),
        ("offence_date", "c.offence_date", False),
        ("referral_date", "c.referral_date", False),
        ("discretionary_reason", "c.discretionary_reason", False),
        ("remand_days", "s.remand_days", False),
        ("tagged_bail_days", "s.tagged_bail_days", False),
        ("victim_name", "v.name", True),
        ("victim_title", "v.title", True),
        ("victim_salutation", "v.salutation", True),
        ("victim_role", "v.role", False),
        ("victim_address", "v.address", True),
        ("victim_postcode", "v.postcode", True),
        ("victim_email", "v.email", True),
        ("victim_phone", "v.phone", True),
        ("victim_preferred_method", "v.preferred_method", False),
        ("victim_do_not_post", "v.do_not_post", False),
        ("victim_needs", "v.needs", False),
        ("opt_status", "v.opt_status", False),
        ("contact_level", "v.contact_level", False),
    ],
    "deadlines": [
        ("id", "d.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "d.victim_id", False),
        ("kind", "d.kind", False),
        ("what", "d.what", False),
        ("start_date", "d.start_date", False),
        ("due_date", "d.due_date", False),
        ("met_on", "d.met_on", False),
        ("estimated", "d.estimated", False),
    ],
    "contacts": [
        ("id", "t.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "t.victim_id", False),
        ("date", "t.date", False),
        ("method", "t.method", False),
        ("direction", "t.direction", False),
        ("summary", "t.summary", True),
    ],
    "conditions": [
        ("id", "k.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "k.victim_id", False),
        ("type", "k.type", False),
        ("details", "k.details", True),
        ("status", "k.status", False),
        ("decision_maker", "k.decision_maker", False),
        ("requested_on", "k.requested_on", False),
    ],
    "letters": [
        ("id", "l.id", False),
        ("batch_id", "l.batch_id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "l.victim_id", False),
        ("template", "l.template", False),
        ("format", "l.format", False),
        ("file", "l.file", False),
        ("sha256", "l.sha256", False),
        ("created_at", "l.created_at", False),
        ("posted_on", "l.posted_on", False),
    ],
    "audit": [
        ("id", "a.id", False),
        ("at", "a.at", False),
        ("user", "a.user", False),
        ("command", "a.command", False),
        ("action", "a.action", False),
        ("table_name", "a.table_name", False),
        ("row_id", "a.row_id", False),
        ("fields", "a.fields", False),
    ],
}


def _temp_ids(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Put ids in a temporary table, so a query can take any number of them."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS refresh_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.refresh_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.refresh_ids (id) VALUES (?)", ((i,) for i in ids))


def _short(text: str, limit: int = 40) -> str:
    """A value echoed in an error, cut short: errors never repeat a whole field."""
    return text if len(text) <= limit else text[:limit] + "..."
