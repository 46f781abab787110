"""vlo on PostgreSQL: a connection that looks, to the store, like the ``sqlite3`` one it expects.

The :class:`~vlo.storage.store.Store` and its query modules use a small slice of
``sqlite3.Connection``: ``execute`` (returning a cursor with ``fetchone``, ``fetchall``, iteration,
``lastrowid`` and ``rowcount``), ``executemany``, rows addressable by name and by position, and
``close``. :class:`Connection` gives exactly that over psycopg 3, rewriting each statement with
:func:`vlo.storage.dialect.translate`, and answers the few SQLite-only statements itself:

- ``BEGIN IMMEDIATE`` is ``BEGIN`` plus a transaction-level advisory lock, so two vlo processes
  writing at once wait for each other exactly as they do on SQLite (readers never wait: MVCC).
  SERIALIZABLE was the other choice; it makes the loser fail and retry, and a vlo command cannot be
  replayed from inside its transaction. The same lock serialises migrations.
- ``PRAGMA user_version`` reads and writes the one-row ``vlo_schema`` table; the integrity and
  foreign-key checks report nothing (the server enforces foreign keys on every write); the tuning
  pragmas (busy timeout, WAL, secure delete) have no PostgreSQL meaning and do nothing.
- ``lastrowid``: an ``INSERT INTO t (...)`` on a table with an ``id`` column gets ``RETURNING id``.

This module imports psycopg, so only a PostgreSQL location ever loads it: ``vlo due`` on a file
pays nothing for it (a test asserts so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql as pgsql

from vlo.errors import VloError
from vlo.storage.dialect import SCHEMA_TABLE, inserted_table, safe_url, translate

# pg_advisory_xact_lock key: "vlo" in ASCII. One key per database (advisory locks are per database).
WRITE_LOCK = 0x766C6F

# The tables only a manager changes; officers read them. An import records itself in imports first,
# so the server refuses an officer's import before it writes anything.
MANAGER_TABLES = ("settings", "calendar_days", "imports")
# Rows an officer's everyday commands delete (deadlines are recomputed; letters re-rendered; an
# event entered wrongly is deleted, vlo event delete).
OFFICER_DELETES = ("deadlines", "letters", "batches", "confirmed_dates", "events")
# What the grants below amount to, kept as the comment on vlo_schema: a database whose comment
# differs was granted by another vlo, and its owner's next command grants afresh (no schema change
# needed). Bump the number when _apply_roles changes in a way the two lists do not show.
ROLES = (
    f"vlo roles 2: officers also delete {', '.join(OFFICER_DELETES)}; "
    f"managers alone change {', '.join(MANAGER_TABLES)}"
)


@dataclass(frozen=True)
class Scrubbed:
    """What an erase's scrub could do on the server."""

    done: bool  # the tables were rewritten without the erased rows
    role: str
    tables: int = 0


class Row(tuple):
    """A result row, by position or by column name, like ``sqlite3.Row``; ``dict(row)`` works."""

    __slots__ = ()
    _index: dict[str, int] = {}
    _names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: psycopg.Cursor):
    if cursor.description is None:
        return tuple
    names = tuple(column.name for column in cursor.description)
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # a repeated name means its first column, as in sqlite3
    row_class = type("Row", (Row,), {"__slots__": (), "_index": index, "_names": names})
    return row_class


class Cursor(psycopg.Cursor):
    lastrowid: int | None = None


class _Empty:
    """The cursor of a statement SQLite answers and PostgreSQL need not run."""

    def __init__(self, rows: list[tuple] | None = None):
        self._rows = rows or []
        self.lastrowid = None
        self.rowcount = -1

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)

    def __iter__(self):
        return iter(self._rows)


_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)(?:\s*=\s*(\w+)|\s*\((\w+)\))?\s*;?\s*$", re.I)
_NO_OP_PRAGMAS = {"foreign_keys", "secure_delete", "busy_timeout", "journal_mode", "wal_checkpoint"}


_EXPLICIT_ID = re.compile(r"^\s*INSERT\s+INTO\s+\w+\s*\([^)]*\bid\b", re.I)


class Connection:
    """The sqlite3-shaped face of one psycopg connection (autocommit; vlo issues BEGIN itself)."""

    backend = "postgresql"

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw
        self._has_id: dict[str, bool] = {}

    # --- the sqlite3.Connection slice the store uses --------------------------------------------

    def execute(self, sql: str, params: Any = ()) -> Any:
        head = sql.lstrip()[:16].upper()
        if head.startswith("PRAGMA"):
            return self._pragma(sql)
        if head.startswith("BEGIN"):
            self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            return _Empty()
        if head.startswith("VACUUM"):
            # Store.scrub() asks scrub() below, which says what it could do; VACUUM needs the owner.
            return _Empty()
        text = translate(sql)
        table = inserted_table(sql)
        returning = table is not None and self._table_has_id(table) and "RETURNING" not in text.upper()
        if returning:
            text += " RETURNING id"
        cursor = self.raw.cursor()
        try:
            cursor.execute(text, params if params is not None else ())
        except psycopg.errors.InsufficientPrivilege:
            raise VloError(
                # Not "ask for vlo db grant ... --role manager": a manager may not grant, and the
                # answer to an officer refused a manager's task is the manager doing it.
                f"your PostgreSQL role ({self.role()}) may not do this; ask the unit's manager"
            ) from None
        if returning:
            found = cursor.fetchone()
            cursor.lastrowid = found[0] if found else None
        if table is not None and _EXPLICIT_ID.match(sql):
            self._bump_identity(table)
        return cursor

    def _bump_identity(self, table: str) -> None:
        """After rows inserted with their own ids (the audit chain, an import), move the table's
        identity past them, so the next row the server numbers does not collide."""
        self.raw.execute(
            pgsql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))").format(
                pgsql.Identifier(table)
            ),
            (table,),
        )

    def executemany(self, sql: str, seq) -> Any:
        cursor = self.raw.cursor()
        try:
            cursor.executemany(translate(sql), list(seq))
        except psycopg.errors.InsufficientPrivilege:
            raise VloError(
                f"your PostgreSQL role ({self.role()}) may not do this; ask the unit's manager"
            ) from None
        table = inserted_table(sql)
        if table is not None and _EXPLICIT_ID.match(sql):
            self._bump_identity(table)
        return cursor

    def close(self) -> None:
        self.raw.close()

    # --- what SQLite answers itself ------------------------------------------------------------

    def _pragma(self, sql: str) -> Any:
        match = _PRAGMA.match(sql)
        name = match.group(1).lower() if match else ""
        if name == "user_version":
            value = match.group(2)
            if value is None:
                return self.raw.execute(f"SELECT version FROM {SCHEMA_TABLE}")
            self.raw.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (int(value),))
            return _Empty()
        if name == "integrity_check":
            return _Empty([("ok",)])
        if name == "foreign_key_check" or name in _NO_OP_PRAGMAS:
            return _Empty()
        raise VloError(f"vlo's {name or 'PRAGMA'} statement has no PostgreSQL form yet (vlo.storage.dialect)")

    def _table_has_id(self, table: str) -> bool:
        if table not in self._has_id:
            found = self.raw.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s AND column_name = 'id'",
                (table,),
            ).fetchone()
            self._has_id[table] = found is not None
        return self._has_id[table]

    def role(self) -> str:
        return self.raw.info.user

    def scrub(self) -> Scrubbed:
        """After an erase: rewrite the tables that held the erased rows, so they survive in none of
        the server's data files (SQLite's VACUUM). Only the tables' owner (or a superuser) may:
        for anyone else the rows stay, dead, until autovacuum reuses their space."""
        tables = [
            r[0]
            for r in self.raw.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename NOT IN ('audit', %s) ORDER BY tablename",
                (SCHEMA_TABLE,),
            )
        ]  # the audit only grows: an erase adds to it and deletes nothing there
        allowed = self.raw.execute(
            "SELECT bool_and(pg_has_role(current_user, t.tableowner, 'USAGE')) OR "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
            "FROM pg_tables t WHERE t.schemaname = current_schema() AND t.tablename = ANY(%s)",
            (tables,),
        ).fetchone()[0]
        if not allowed:
            return Scrubbed(done=False, role=self.session_user())
        # FULL writes each table anew and drops the old file; plain VACUUM only marks the space free,
        # leaving the bytes in the page. Each table is locked while it is rewritten (seconds).
        self.raw.execute(
            pgsql.SQL("VACUUM (FULL, ANALYZE) {}").format(pgsql.SQL(", ").join(map(pgsql.Identifier, tables)))
        )
        return Scrubbed(done=True, role=self.session_user(), tables=len(tables))

    def describe(self) -> str:
        """Which database and as whom: never the password."""
        info = self.raw.info
        where = info.host if info.host and not info.host.startswith("/") else f"socket {info.host}"
        return f"database {info.dbname} on {where} port {info.port} as role {self.session_user()}"

    def session_user(self) -> str:
        return self.raw.execute("SELECT session_user").fetchone()[0]

    def check(self, schema_version: int) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find on a file, as far as they
        mean anything on a server: the schema version, every table, index, trigger and foreign key
        vlo's migrations make (compared with the same migrations run on an empty SQLite database),
        and rows that point at a missing parent (foreign keys can be dropped or switched off)."""
        problems: list[str] = []
        versions = [r[0] for r in self.raw.execute(f"SELECT version FROM {SCHEMA_TABLE}")]
        if versions != [schema_version]:
            found = ", ".join(map(str, versions)) or "none"
            problems.append(f"the schema version is {found}; this vlo expects {schema_version}")
        expected = reference_schema()
        found_tables = self._names("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        found_indexes = self._names("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        triggers = {
            name: state
            for name, state in self.raw.execute(
                "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal"
            )
        }
        for table in sorted(expected["tables"] - found_tables):
            problems.append(f"the table {table} is missing")
        for index in sorted(expected["indexes"] - found_indexes):
            problems.append(f"the index {index} is missing (queries slow down; duplicates may get in)")
        for trigger in sorted(expected["triggers"]):
            if trigger not in triggers:
                problems.append(f"the trigger {trigger} is missing")
            elif triggers[trigger] == "D":
                problems.append(f"the trigger {trigger} is disabled")
        keys = {
            (r[0], r[1], r[2])
            for r in self.raw.execute(
                "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text "
                "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
            )
        }
        for table, column, parent, parent_column in sorted(expected["foreign_keys"]):
            if table not in found_tables or parent not in found_tables:
                continue
            if (table, column, parent) not in keys:
                problems.append(f"the foreign key from {table}.{column} to {parent} is missing")
            key = "id" if self._table_has_id(table) else column  # the row's name in the message
            orphans = self.raw.execute(
                pgsql.SQL(
                    "SELECT c.{key} FROM {t} c WHERE c.{col} IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM {p} WHERE {p}.{pc} = c.{col}) ORDER BY 1 LIMIT 50"
                ).format(
                    key=pgsql.Identifier(key),
                    t=pgsql.Identifier(table),
                    col=pgsql.Identifier(column),
                    p=pgsql.Identifier(parent),
                    pc=pgsql.Identifier(parent_column),
                )
            )
            where = "row {}" if key == "id" else f"the row with {column} {{}}"
            problems += [f"{table} {where.format(r[0])} points at a missing {parent} row" for r in orphans]
        return problems

    def _names(self, query: str) -> set[str]:
        return {r[0] for r in self.raw.execute(query)}

    def can_read_audit(self) -> bool:
        return self.may("SELECT", "audit")

    def may(self, privilege: str, table: str) -> bool:
        """Whether this session's role (or a group it belongs to) holds ``privilege`` on ``table``."""
        return self.raw.execute("SELECT has_table_privilege(%s, %s)", (table, privilege)).fetchone()[0]

    def after_migrate(self) -> None:
        """Roles, grants and the audit trigger, brought up to date with the tables (idempotent)."""
        _apply_roles(self.raw)


def reference_schema() -> dict[str, set]:
    """The tables, indexes, triggers and foreign keys vlo's migrations make: run on an empty SQLite
    database in memory (55 ms), plus what only PostgreSQL gets."""
    import sqlite3

    import sqlite_utils

    from vlo.storage.dialect import OPEN_DUE_INDEX
    from vlo.storage.migrations import MIGRATIONS

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        for step in MIGRATIONS:
            step(db)
        named = {
            kind: {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
                    "AND name NOT LIKE 'sqlite_%'",
                    (kind,),
                )
            }
            for kind in ("table", "index", "trigger")
        }
        keys = {
            (table, r[3], r[2], r[4] or "id")
            for table in named["table"]
            for r in conn.execute(f"PRAGMA foreign_key_list([{table}])")
        }
    finally:
        conn.close()
    return {
        "tables": named["table"] | {SCHEMA_TABLE},
        "indexes": named["index"] | {OPEN_DUE_INDEX.split()[2]},
        "triggers": named["trigger"] | {"audit_user"},
        "foreign_keys": keys,
    }


# --- opening --------------------------------------------------------------------------------------


def connect(url: str) -> Connection:
    """A connection to ``url`` using libpq's own authentication (~/.pgpass, PGPASSFILE, services)."""
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, cursor_factory=Cursor)
    except psycopg.OperationalError as exc:
        # libpq's own words (never the password), on one line.
        reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or "no reason given"
        raise VloError(f"cannot connect to {safe_url(url)}: {reason}") from None
    except psycopg.ProgrammingError:
        raise VloError(f"{safe_url(url)} is not a PostgreSQL address vlo can read") from None
    return Connection(raw)


def _is_vlo(conn: Connection) -> bool:
    return conn.raw.execute("SELECT to_regclass(%s)", (f"{SCHEMA_TABLE}",)).fetchone()[0] is not None


def create(url: str):
    """The schema in an existing, empty PostgreSQL database (the server's admin creates that)."""
    from vlo.storage.store import Store

    conn = connect(url)
    if _is_vlo(conn):
        conn.close()
        raise VloError(f"{safe_url(url)} already holds a vlo database; vlo init never overwrites one")
    conn.raw.execute(f"CREATE TABLE {SCHEMA_TABLE} (version INTEGER NOT NULL)")
    conn.raw.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (0)")
    store = Store(conn, safe_url(url))
    store.migrate()
    return store


def open_(url: str, source: str = "", schema_version: int = 0):
    from vlo.storage.store import Store

    conn = connect(url)
    if not _is_vlo(conn):
        conn.close()
        where = f" (from {source})" if source else ""
        raise VloError(f"no vlo database at {safe_url(url)}{where}; create one with: vlo init")
    if not conn.may("SELECT", SCHEMA_TABLE):  # a login no one has granted a unit role yet
        names, owner, user = role_names(conn.raw), _owner(conn), conn.session_user()
        conn.close()
        raise VloError(
            f"your PostgreSQL role ({user}) is in neither of this unit's roles ({names['officer']}, "
            f"{names['manager']}); ask the database's owner ({owner}) to run: "
            f"vlo db grant {user} --role officer"
        )
    store = Store(conn, safe_url(url))
    version, roles = conn.raw.execute(
        f"SELECT version, obj_description(%s::regclass, 'pg_class') FROM {SCHEMA_TABLE}", (SCHEMA_TABLE,)
    ).fetchone()
    if version == schema_version and roles != ROLES and _owner_if_not_me(conn) is None:
        store.migrate()  # no migration pending: the grants of this vlo, under the write lock
    elif version < schema_version:
        owner = _owner_if_not_me(conn)
        if owner is not None:
            conn.close()
            raise VloError(
                f"{safe_url(url)} has vlo's schema {version} and this vlo needs {schema_version}: only the "
                f"database's owner ({owner}) can upgrade it, by running any vlo command once "
                "(e.g. vlo db check); then try again"
            )
        store.migrate()
    elif version > schema_version:
        raise VloError(
            f"{safe_url(url)} was written by a newer vlo (schema {version}); upgrade vlo to use it"
        )
    return store


def _owner(conn: Connection) -> str:
    """The role owning vlo's tables (the catalogue says, to anyone)."""
    return conn.raw.execute(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
        (SCHEMA_TABLE,),
    ).fetchone()[0]


def _owner_if_not_me(conn: Connection) -> str | None:
    """The role owning vlo's tables, when this session may not change them (migrations need it)."""
    owner, mine = conn.raw.execute(
        "SELECT tableowner, pg_has_role(current_user, tableowner, 'USAGE') OR "
        "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
        (SCHEMA_TABLE,),
    ).fetchone()
    return None if mine else owner


# --- roles -----------------------------------------------------------------------------------------


def role_names(raw: psycopg.Connection) -> dict[str, str]:
    """The unit's two group roles, named after its database (roles are shared by a whole server)."""
    db = raw.info.dbname
    return {"officer": f"{db}_officer", "manager": f"{db}_manager"}


def _apply_roles(raw: psycopg.Connection) -> None:
    names = role_names(raw)
    can_create = raw.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()[0]
    for role in names.values():
        exists = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            if not can_create:
                return  # the server's admin creates the roles; vlo db grant says so
            raw.execute(pgsql.SQL("CREATE ROLE {} NOLOGIN").format(pgsql.Identifier(role)))
    officer, manager = (pgsql.Identifier(names[k]) for k in ("officer", "manager"))
    raw.execute(pgsql.SQL("GRANT {} TO {}").format(officer, manager))  # a manager can do all an officer can
    db = pgsql.Identifier(raw.info.dbname)
    for role in (officer, manager):
        raw.execute(pgsql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(db, role))
        raw.execute(pgsql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    tables = [
        r[0]
        for r in raw.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    for table in tables:
        t = pgsql.Identifier(table)
        if table == "audit":
            # Officers add to the audit and never read, change or remove it; managers read it.
            raw.execute(pgsql.SQL("REVOKE ALL ON audit FROM {}, {}").format(officer, manager))
            # SELECT (id, hash) only: the chain's next row needs the last one's id and hash (a
            # digest, no content); INSERT ... RETURNING id needs the id.
            raw.execute(pgsql.SQL("GRANT INSERT, SELECT (id, hash) ON audit TO {}").format(officer))
            raw.execute(pgsql.SQL("GRANT SELECT ON audit TO {}").format(manager))
        elif table == SCHEMA_TABLE or table in MANAGER_TABLES:
            raw.execute(pgsql.SQL("GRANT SELECT ON {} TO {}").format(t, officer))
            if table != SCHEMA_TABLE:
                raw.execute(pgsql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(t, manager))
        else:
            privileges = "SELECT, INSERT, UPDATE" + (", DELETE" if table in OFFICER_DELETES else "")
            raw.execute(pgsql.SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(t, officer))
            raw.execute(pgsql.SQL("GRANT DELETE ON {} TO {}").format(t, manager))  # erase
    # Rows written with their own ids (the audit chain, an import) move the identity past them.
    for role in (officer, manager):
        raw.execute(
            pgsql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role)
        )
    # The audit's user is the server's session user: no client can write another name.
    raw.execute(
        "CREATE OR REPLACE FUNCTION vlo_audit_user() RETURNS trigger LANGUAGE plpgsql AS $$ "
        'BEGIN NEW."user" := session_user; RETURN NEW; END $$'
    )
    raw.execute(
        "CREATE OR REPLACE TRIGGER audit_user BEFORE INSERT ON audit "
        "FOR EACH ROW EXECUTE FUNCTION vlo_audit_user()"
    )
    raw.execute(
        pgsql.SQL("COMMENT ON TABLE {} IS {}").format(pgsql.Identifier(SCHEMA_TABLE), pgsql.Literal(ROLES))
    )


def grant(store, user: str, role: str) -> str:
    """Make the login ``user`` an officer or a manager of this unit; returns the group role. Called
    inside the command's unit of work: the audit row, its head and the roles commit together."""
    raw = store.conn.raw
    names = role_names(raw)
    group = names[role]
    if not raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone():
        raise VloError(
            f"the role {group} does not exist; ask the server's admin to run vlo init or "
            f"CREATE ROLE {group} NOLOGIN, then vlo db grant again"
        )
    if not raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone():
        raise VloError(
            f"there is no PostgreSQL login {user}; the server's admin creates it (CREATE ROLE ... LOGIN)"
        )
    other = names["manager" if role == "officer" else "officer"]
    owner = _owner(store.conn)  # for the refusal: once refused, the transaction reads nothing more
    try:
        raw.execute(pgsql.SQL("GRANT {} TO {}").format(pgsql.Identifier(group), pgsql.Identifier(user)))
        if role == "officer":  # a manager stepping down keeps only the officer's rights
            raw.execute(
                pgsql.SQL("REVOKE {} FROM {}").format(pgsql.Identifier(other), pgsql.Identifier(user))
            )
    except psycopg.errors.InsufficientPrivilege:
        raise VloError(
            f"your role ({raw.info.user}) may not grant {group}; the database's owner "
            f"({owner}) or the server's admin can"
        ) from None
    store.audit("grant", "roles", None, [role])
    return group


# --- moving a whole unit between a SQLite file and a PostgreSQL database ---------------------------


def _table_order(sqlite_conn) -> list[str]:
    """vlo's tables, each after the tables its foreign keys point at."""
    tables = [
        r[0]
        for r in sqlite_conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        )
    ]
    parents = {
        t: {r[2] for r in sqlite_conn.execute(f"PRAGMA foreign_key_list([{t}])")} - {t} for t in tables
    }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            raise VloError("the schema's foreign keys form a loop; vlo db copy cannot order the tables")
        ordered += ready
    return ordered


def copy_database(source, target: Path | str) -> dict[str, int]:
    """Copy every row of ``source`` (a Store) into a new database at ``target``: all or nothing.

    ``target`` is a file that must not exist, or an empty PostgreSQL database. The schema and the
    rows are written in one transaction, the row counts compared before it commits, and a file is
    only moved into place once complete. Returns the rows copied per table.
    """
    from vlo.storage.migrations import MIGRATIONS
    from vlo.storage.store import Store, create_database

    partial: Path | None = None
    if isinstance(target, Path):
        if target.exists():
            raise VloError(f"{target} already exists; vlo db copy writes a new file")
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        dest = create_database(partial)
        fresh = False
    else:
        conn = connect(target)
        if _is_vlo(conn):
            conn.close()
            raise VloError(f"{safe_url(target)} already holds a vlo database; copy into an empty one")
        dest = Store(conn, safe_url(target))
        fresh = True
    sqlite_side = source if source.backend == "sqlite" else dest
    try:
        with source.write("db copy"), dest.write("db copy"):  # writers wait; the copy is one snapshot
            if fresh:  # the schema in the same transaction as the rows: a failed copy leaves nothing
                dest.conn.raw.execute(f"CREATE TABLE {SCHEMA_TABLE} (version INTEGER NOT NULL)")
                dest.conn.raw.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (%s)", (len(MIGRATIONS),))
                for step in MIGRATIONS:
                    step(dest.db)
            tables = _table_order(sqlite_side.conn)
            for table in reversed(tables):  # rows a migration may have seeded give way to the copy's
                dest.conn.execute(f'DELETE FROM "{table}"')
            counts = {table: _copy_table(source, dest, table) for table in tables}
            for table, copied in counts.items():
                found = dest.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                if found != copied:
                    raise VloError(
                        f"the copy of {table} holds {found} rows, not {copied}; nothing was copied"
                    )
            if dest.backend != "sqlite":
                _past_id_floors(dest)
            if fresh:  # after the rows: the audit trigger would stamp copied rows with our name
                dest.conn.after_migrate()
    except BaseException:
        dest.close()
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    if partial is not None:
        dest.close()
        partial.rename(target)
    else:
        # Fresh statistics and visibility map: without them the first mornings plan badly.
        dest.conn.raw.execute("VACUUM ANALYZE")
        dest.close()
    return counts


def _past_id_floors(dest) -> None:
    """Identities continue past the ids erases left behind (``id_floors``) as well as the copied ones."""
    from vlo.storage.store import ERASED_TABLES

    for table, last_id in dest.conn.execute("SELECT table_name, last_id FROM id_floors").fetchall():
        if table in ERASED_TABLES:  # a name from the data: only ever one of vlo's own tables
            dest.conn.raw.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), greatest(coalesce(max(id), 0), %s) + 1, false) "
                f'FROM "{table}"',
                (table, last_id),
            )


def _copy_table(source, dest, table: str) -> int:
    cursor = source.conn.execute(f'SELECT * FROM "{table}"')
    columns = [d[0] for d in cursor.description]
    insert = (
        f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) '
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    copied = 0
    while rows := cursor.fetchmany(5000):
        dest.conn.executemany(insert, rows)
        copied += len(rows)
    if dest.backend != "sqlite" and "id" in columns:
        # Identity columns continue after the copied ids, not from 1.
        dest.conn.raw.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM \"{table}\"",
            (table,),
        )
    return copied
