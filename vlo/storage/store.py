"""The store: opening a vlo database, its one transaction per command, and the audit.

The queries live beside this module, one per noun (``cases``, ``people``, ``deadlines``,
``letters``, ``settings``, ``reports``), as plain SQL on the ``sqlite3`` connection: measured faster
than sqlite-utils' per-call table lookups and never paid for by the morning's ``vlo due``.
sqlite-utils runs the migrations (imported only when the schema is behind). Every command's writes
happen inside :meth:`Store.write`, one ``BEGIN IMMEDIATE`` transaction, so a second ``vlo`` process
waits (busy timeout) instead of failing, and a failed command writes nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlo.errors import VloError
from vlo.paths import is_url
from vlo.storage.base import NEXT_ID, _now
from vlo.storage.breaches import BreachQueries
from vlo.storage.bulk import BulkQueries
from vlo.storage.cases import CaseQueries
from vlo.storage.deadlines import DeadlineQueries
from vlo.storage.letters import LetterQueries
from vlo.storage.migrations import MIGRATIONS
from vlo.storage.people import PeopleQueries
from vlo.storage.protection import ProtectionQueries
from vlo.storage.reports import ReportQueries
from vlo.storage.settings import SettingQueries

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_SECONDS = 60
SCHEMA_VERSION = len(MIGRATIONS)
# The tables whose rows an erase deletes and whose ids reach officers (deadlines are numbered
# afresh by every recompute and never shown).
ERASED_TABLES = (
    "cases", "sentences", "victims", "contacts", "choices", "events", "conditions",
    "condition_steps", "breaches", "breach_results", "breach_chases", "letters", "batches",
)  # fmt: skip


def _os_user() -> str:
    """The user the process runs as, from its uid: never USER or LOGNAME, which anyone can set."""
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no name (some containers): the number itself
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


def _private(path: Path) -> None:
    """Only a database no other user can reach (its folder, its -wal and -shm): see vlo.files."""
    from vlo.files import private_database
    from vlo.render import message

    private_database(path.resolve(), say=message)


def _to_wal(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:  # another process has it open: the next open tries again
        pass


def create_database(path: Path | str) -> Store:
    """Create a new, owner-only database; never overwrite one."""
    if is_url(path):  # a team database on PostgreSQL (vlo.storage.postgres)
        from vlo.storage import postgres

        return postgres.create(path)
    if path.exists():
        raise VloError(f"database already exists at {path}; vlo init never overwrites one")
    old = os.umask(0o077)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _private(path)
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


def open_database(path: Path | str, source: str = "") -> Store:
    """Open an existing database, applying any pending migrations."""
    if is_url(path):  # a team database on PostgreSQL (vlo.storage.postgres)
        from vlo.storage import postgres

        return postgres.open_(path, source, SCHEMA_VERSION)
    if not path.exists():
        where = f" (from {source})" if source else ""
        raise VloError(f"no database at {path}{where}; create one with: vlo init")
    _private(path)
    try:
        conn = _connect(path, create=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # A backup copied into place is in rollback-journal mode: readers and the writer
            # stop waiting for each other again once it is back in WAL.
            _to_wal(conn)
    except sqlite3.DatabaseError:
        raise VloError(f"{path} is not a vlo database (SQLite could not read it)") from None
    store = Store(conn, path)
    if version < SCHEMA_VERSION:
        store.migrate()
    elif version > SCHEMA_VERSION:
        raise VloError(f"{path} was written by a newer vlo (schema {version}); upgrade vlo to use it")
    return store


class Store(
    SettingQueries,
    CaseQueries,
    PeopleQueries,
    DeadlineQueries,
    LetterQueries,
    ReportQueries,
    BreachQueries,
    ProtectionQueries,
    BulkQueries,
):
    """A vlo database: a sqlite3 connection, its one transaction, the audit, and (from the
    query modules beside this one, one per noun) every query the services need."""

    def __init__(self, conn: sqlite3.Connection, path: Path | str):
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None
        self._command = "vlo"
        self._user: str | None = None
        self._chain: tuple[int, str] | None = None  # (last audit id, its hash) in this transaction
        self.audit_head: tuple[int, str] | None = None  # set by check()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return getattr(self.conn, "backend", "sqlite")

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the same connection, made on first use."""
        if self.backend != "sqlite":
            return self.conn  # migrations call db.execute(); the PostgreSQL connection translates
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
            done = self.conn.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[done:]:  # another process may have migrated while we waited
                step(self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if self.backend != "sqlite":
                self.conn.after_migrate()  # roles and grants for any new table

    @contextmanager
    def write(self, command: str) -> Iterator[Store]:
        """One transaction for one command: all of its writes land, or none do."""
        self._command = command
        self.conn.execute("BEGIN IMMEDIATE")
        self._chain = None
        try:
            yield self
            if self._chain is not None:
                from vlo.storage.audit import save_head

                save_head(self.conn, *self._chain)
        except BaseException:
            self._chain = None
            self.conn.execute("ROLLBACK")
            raise
        else:
            self._chain = None
            self.conn.execute("COMMIT")

    def audit(
        self, action: str, table: str, row_id: int | None, fields: list[str] | tuple[str, ...] = ()
    ) -> None:
        """Record a change: what, when and by which OS user; field names only, never values."""
        # Imported here: hashing is for writes, and the morning's vlo due only reads.
        from vlo.storage.audit import SEALED, current_digest, entry_hash, last_entry

        if self._user is None:
            # On a team database the server writes session_user into the audit (a trigger): the chain
            # hashes that same name.
            self._user = _os_user() if self.backend == "sqlite" else self.conn.session_user()
        if self._chain is None:
            self._chain = last_entry(self.conn)
        digest = current_digest(self.conn, table, row_id) if table in SEALED and row_id else None
        entry = (
            self._chain[0] + 1,
            _now(),
            self._user,
            self._command,
            action,
            table,
            row_id,
            ",".join(fields),
            digest,
        )
        self._chain = (entry[0], entry_hash(self._chain[1], entry))
        self.conn.execute(
            "INSERT INTO audit (id, at, user, command, action, table_name, row_id, fields, digest, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*entry, self._chain[1]),
        )

    def _insert(self, table: str, record: dict[str, Any]) -> int:
        # Plain SQL: sqlite-utils' insert() looks the table up on every call, which made a
        # 100,000-row import take a minute. Table and column names come from this code, never input.
        columns, values = list(record), list(record.values())
        marks = ", ".join("?" * len(columns))
        if self.backend == "sqlite":
            # Numbered past the ids an erase left behind (PostgreSQL's identities never go back).
            columns, marks = ["id", *columns], f"({NEXT_ID.format(table=table)}), {marks}"
            values.insert(0, table)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        row_id = self.conn.execute(sql, values).lastrowid
        self.audit("insert", table, row_id, sorted(k for k, v in record.items() if v is not None))
        return row_id

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        if changes:
            # Plain SQL, as for inserts: sqlite-utils' update() cost 0.3 ms a call in table lookups.
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changes.values(), row_id])
            self.audit("update", table, row_id, sorted(changes))

    # --- safety: backup, check, erase --------------------------------------------------------

    def backup(self, target: Path) -> int:
        """A consistent owner-only copy made with SQLite's online backup, checked, then named.

        The copy is made under a temporary name beside ``target`` and takes its name only once it
        verifies, so a killed backup never leaves at ``target`` a file that is not a backup.
        """
        from vlo import files

        if os.path.lexists(target):
            raise VloError(f"{target} already exists; choose a new file for the backup")
        if self.backend != "sqlite":  # a team database is backed up to a verified SQLite file
            from vlo.storage.postgres import copy_database

            return copy_database(self, target)["cases"]
        files.remove_stale(target.parent, target.name)  # from a backup killed earlier
        with files.temporary_path(target) as tmp:
            copy = sqlite3.connect(tmp, isolation_level=None)
            try:
                self.conn.backup(copy)
                # A backup is a single file: no WAL beside it to lose when it is copied elsewhere.
                # (Opening it with vlo after a restore turns WAL back on: see open_database.)
                copy.execute("PRAGMA journal_mode = DELETE")
                problems = copy.execute("PRAGMA integrity_check").fetchall()
                cases = copy.execute("SELECT count(*) FROM cases").fetchone()[0]
            except sqlite3.Error:
                problems, cases = [("unreadable",)], -1
            finally:
                copy.close()
            if problems != [("ok",)] or cases != self.count_cases():
                raise VloError("the backup did not verify; nothing was kept. Run vlo db check")
        return cases

    def check(self) -> list[str]:
        """Problems found: integrity, foreign keys, then the audit chain. Empty when all is well.
        On PostgreSQL: the schema (version, tables, indexes, triggers, keys), orphans, the chain; a
        role that may not read the audit (an officer) gets the rest, and ``audit_head`` stays None."""
        if self.backend != "sqlite":
            problems = self.conn.check(SCHEMA_VERSION)
            if not self.conn.can_read_audit():
                return problems
        else:
            problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points at a missing {parent} row")
        if not problems:  # a damaged file's audit cannot be read reliably
            from vlo.storage.audit import verify

            found, self.audit_head = verify(self.conn)
            problems += found
        return problems

    def erase_case(self, case_id: int) -> dict[str, int]:
        """Delete a case and everyone on it, completely; the audit keeps only that it happened.

        What must follow outside the transaction (deleting the letter files, rewriting the batch
        print files that held them, scrubbing the file) is recorded in ``pending_erasures`` in the
        same transaction, so an erase killed after its commit is finished by the next run.
        """
        counts = {
            "people": self.conn.execute(
                "SELECT count(*) FROM victims WHERE case_id = ?", (case_id,)
            ).fetchone()[0],
        }
        now = _now()
        made = self.conn.execute(
            "SELECT l.file, l.batch_id, b.out_dir FROM letters l JOIN batches b ON b.id = l.batch_id "
            "JOIN victims v ON v.id = l.victim_id WHERE v.case_id = ?",
            (case_id,),
        ).fetchall()
        for file, _, out_dir in made:
            self._pending("letter", out_dir, file, None, now)
        for batch_id in sorted({r[1] for r in made}):
            found = self.batch(batch_id)
            if found["combined_file"]:
                self._pending("batch", found["out_dir"], found["combined_file"], batch_id, now)
        self._pending("scrub", "", "", None, now)
        self._keep_id_floors()
        # Letters and contacts go with the people, deadlines and events with the case (ON DELETE CASCADE).
        self.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        # A batch left empty would still name the case's letters in its combined file name only; drop it.
        for batch_id in sorted({r[1] for r in made}):
            self.conn.execute(
                "DELETE FROM batches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM letters WHERE batch_id = ?)",
                (batch_id, batch_id),
            )
        self.audit("erase", "cases", case_id, ["all"])
        return counts

    def _keep_id_floors(self) -> None:
        """Before an erase: each table's highest id, kept, so the erased rows' ids are never given
        to new rows (``NEXT_ID``)."""
        for table in ERASED_TABLES:
            top = self.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            floor = self.conn.execute(
                "SELECT last_id FROM id_floors WHERE table_name = ?", (table,)
            ).fetchone()
            if top is not None and (floor is None or top > floor[0]):
                self.conn.execute(
                    "INSERT INTO id_floors (table_name, last_id) VALUES (?, ?) "
                    "ON CONFLICT (table_name) DO UPDATE SET last_id = excluded.last_id",
                    (table, top),
                )

    def _pending(self, kind: str, out_dir: str, file: str, batch_id: int | None, now: str) -> None:
        self.conn.execute(
            "INSERT INTO pending_erasures (kind, out_dir, file, batch_id, created_at) VALUES (?, ?, ?, ?, ?)",
            (kind, out_dir, file, batch_id, now),
        )

    def pending_erasures(self) -> list[dict[str, Any]]:
        """Work left by an erase: letter files to delete, batch files to rewrite, a scrub to run."""
        return [dict(r) for r in self.conn.execute("SELECT * FROM pending_erasures ORDER BY id")]

    def erase_interrupted(self) -> bool:
        """An erase committed but did not finish its files and scrub (killed): finish it first.
        (Files it could not reach stay recorded without this, and are retried at the next erase.)"""
        row = self.conn.execute("SELECT 1 FROM pending_erasures WHERE kind = 'scrub' LIMIT 1").fetchone()
        return row is not None

    def may_finish_erasures(self) -> bool:
        """Whether this session may finish an erase's work (on a team database, a manager or the
        owner: an officer may not delete its records, nor erase)."""
        if self.backend == "sqlite":
            return True
        return self.conn.may("DELETE", "pending_erasures")

    def erasure_done(self, pending_id: int) -> None:
        self.conn.execute("DELETE FROM pending_erasures WHERE id = ?", (pending_id,))

    def batch_letter_files(self, batch_id: int) -> list[str]:
        """The letter files still recorded in a batch, in print order."""
        return [
            r[0]
            for r in self.conn.execute("SELECT file FROM letters WHERE batch_id = ? ORDER BY id", (batch_id,))
        ]

    def forget_batch_file(self, batch_id: int) -> None:
        self.conn.execute("UPDATE batches SET combined_file = NULL WHERE id = ?", (batch_id,))
        self.audit("update", "batches", batch_id, ["combined_file"])

    def scrub(self):
        """After an erase: fold the WAL back and empty it, so old pages survive nowhere in the files.
        On PostgreSQL, what the server let vlo do (a :class:`vlo.storage.postgres.Scrubbed`)."""
        if self.backend != "sqlite":
            return self.conn.scrub()
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return None
