"""``vlo init``, ``vlo db ...`` and ``vlo erase``: the database itself."""

from pathlib import Path
from typing import Annotated

import typer

from vlo.cli.options import DbOption, RefArg
from vlo.cli.root import app, location, open_store
from vlo.errors import VloError
from vlo.render import message
from vlo.service import database

db_app = typer.Typer(help="The database file: where it is, backups, checks.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command()
def init(ctx: typer.Context, db: DbOption = None) -> None:
    """Create the database (owner-only). Never overwrites an existing one.

    \b
    Example:
      vlo init
      vlo --db ~/vlu/vlo.db init
    """
    where = location(ctx, db)
    database.create(where.path)
    if where.is_url:
        message(
            f"Created the vlo schema in {where.display()} (from {where.source}); add people with vlo db grant."
        )
    else:
        message(f"Created {where.path} (from {where.source}), readable by you only.")


@db_app.command("path")
def db_path(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the database in use, and why (--db, VLO_DB or the default).

    \b
    Example:
      vlo db path
    """
    where = location(ctx, db)
    print(where.display())
    if where.is_url:
        message(f"from {where.source}; {database.describe(where.path)}")
        return
    exists = "" if where.path.exists() else "; it does not exist yet: create it with vlo init"
    message(f"from {where.source}{exists}")


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The new backup file (must not exist).")],
    db: DbOption = None,
) -> None:
    """Copy the database safely while it is in use (SQLite's online backup), owner-only, then verify it.

    To restore: stop using vlo, keep the damaged file aside, and copy the backup into place
    (vlo db path says where), e.g. cp BACKUP "$(vlo db path)"; then run vlo db check.

    \b
    Example:
      vlo db backup /media/encrypted/vlo-2025-06-02.db
    """
    cases = database.backup(open_store(ctx, db), Path(file).expanduser())
    message(
        f"Backed up {cases:,} case{'' if cases == 1 else 's'} to {file} and checked it. Keep it on an encrypted disk."
    )


@db_app.command("check")
def db_check(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the database: SQLite's integrity check, every foreign key, and the audit trail.

    On a team database: the schema version, every table, index, trigger and foreign key vlo makes,
    rows pointing at a missing parent, and (for a manager) the audit trail.

    The audit rows form a hash chain: a row deleted or changed by hand, or a case or person changed
    outside vlo, is named here. Note the head it prints: a later check should show the same rows.

    \b
    Example:
      vlo db check
    """
    store = open_store(ctx, db)
    checked = database.check(store)
    problems = checked.problems
    for problem in problems[:50]:
        print(problem)
    if problems:
        raise VloError(
            f"the database has {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
            "restore the last backup (vlo db backup --help)"
        )
    sound = (
        "integrity and foreign keys are sound"
        if store.backend == "sqlite"
        else "the schema (version, tables, indexes, triggers, keys) is as vlo expects; no row points at a missing one"
    )
    if not checked.audit_checked:
        message(
            f"{store.path}: {sound}. The audit trail is for a manager to check (your role may not read it)."
        )
        return
    message(
        f"{store.path}: {sound}; the audit trail is unbroken "
        f"({checked.audit_rows:,} rows, head {checked.audit_head[:16]})."
    )


@app.command()
def erase(
    ctx: typer.Context,
    ref: RefArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask: erase at once.")] = False,
    db: DbOption = None,
) -> None:
    """Erase a closed case and everyone on it, completely (retention). This cannot be undone.

    The audit trail keeps that the case was erased, when and by whom, and nothing else. Deleted
    text is overwritten in the database file; backups made before remain as they were. On a team
    database, an erase by the database's owner rewrites the tables on the server; anyone else's
    leaves the erased rows to the server's autovacuum, and says so.

    \b
    Example:
      vlo erase VLU-2019-0042
    """
    from vlo.service import cases

    store = open_store(ctx, db)
    found = cases.case_to_erase(store, ref)
    if not yes:
        answer = typer.prompt(
            f"Type the case reference to erase {found} and everyone on it", default="", show_default=False
        )
        if answer.strip() != found:
            raise VloError("the reference typed did not match; nothing was erased")
    done = cases.erase_case(store, found)
    people = done.people
    message(f"Erased case {found} and {people} {'person' if people == 1 else 'people'} on it.")
    report_erasure(done)


def report_erasure(done) -> None:
    """What an erase did to files, and what it could not reach (shared with open_store)."""
    if done.files_deleted:
        message(f"Deleted {done.files_deleted} letter file{'' if done.files_deleted == 1 else 's'}.")
    if done.batches_rewritten:
        message(
            f"Rewrote the print file of batch {', '.join(map(str, done.batches_rewritten))} without them."
        )
    if done.batch_files_deleted:
        message(
            f"Deleted the print file of batch {', '.join(map(str, done.batch_files_deleted))}; "
            "its other letters remain as separate files."
        )
    for path in done.unreachable:
        message(f"Could not reach {path} (moved, or on another machine?): delete it by hand; vlo will retry.")
    scrubbed = done.server_scrub
    if scrubbed is not None and scrubbed.done:
        message(
            f"Rewrote the unit's {scrubbed.tables} tables on the server (VACUUM FULL): the erased rows are "
            "gone from its data files. Its WAL archive and backups made before still hold them."
        )
    elif scrubbed is not None:
        message(
            f"The erased rows stay in the server's data files until its autovacuum reuses their space: "
            f"your role ({scrubbed.role}) does not own the tables, so vlo cannot rewrite them. The "
            "database's owner can, now: VACUUM FULL (see the README, 'For a team')."
        )


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="A vlo file or a postgresql:// URL.")],
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="A new file, or an empty PostgreSQL database's URL.")
    ],
) -> None:
    """Move a whole unit between a SQLite file and a PostgreSQL database, either way.

    All or nothing: the schema and every row are written in one transaction, and the row counts
    are checked before it commits. Other vlo commands wait while it runs.

    \b
    Example:
      vlo db copy ~/vlo.db postgresql://vlu-db.example/vlu_leeds
      vlo db copy postgresql://vlu-db.example/vlu_leeds leeds-copy.db
    """
    from vlo.paths import database_location

    store = open_store(ctx, source)
    where = database_location(target)
    counts = database.copy(store, where.path)
    rows = sum(counts.values())
    message(
        f"Copied {counts.get('cases', 0):,} cases ({rows:,} rows in {len(counts)} tables) to "
        f"{where.display()}; every table's count matches."
    )


@db_app.command("grant")
def db_grant(
    ctx: typer.Context,
    user: Annotated[
        str, typer.Argument(metavar="USER", help="A PostgreSQL login (the server's admin creates it).")
    ],
    role: Annotated[str, typer.Option("--role", help="officer or manager.")],
    db: DbOption = None,
) -> None:
    """Give a PostgreSQL login the unit's officer or manager rights (team databases only).

    Officers work cases, people, contacts, conditions, events and letters; managers also erase,
    change settings and the calendar, import, and read the audit. The server enforces this, not
    vlo. The database's owner (or the server's admin) grants; a manager cannot.

    \b
    Example:
      vlo db grant jsmith --role officer
    """
    group = database.grant(open_store(ctx, db), user, role)
    message(f"{user} is now a member of {group} ({role}).")
