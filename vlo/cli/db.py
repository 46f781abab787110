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
    message(f"Created {where.path} (from {where.source}), readable by you only.")


@db_app.command("path")
def db_path(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the database in use, and why (--db, VLO_DB or the default).

    \b
    Example:
      vlo db path
    """
    where = location(ctx, db)
    print(where.path)
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
    message(
        f"{store.path}: integrity and foreign keys are sound; the audit trail is unbroken "
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
    text is overwritten in the database file; backups made before remain as they were.

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
