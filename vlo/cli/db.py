"""``vlo init`` and ``vlo db ...``: creating and locating the database."""

from typing import Annotated

import typer

from vlo.cli.root import DbOption, app, location, open_store
from vlo.errors import VloError
from vlo.render import message

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
    from vlo.service import refresh_bank_holidays
    from vlo.storage import create_database

    where = location(ctx, db)
    store = create_database(where.path)
    with store.write("init"):
        refresh_bank_holidays(store)
    store.close()
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
    from pathlib import Path

    store = open_store(ctx, db)
    cases = store.backup(Path(file).expanduser())
    message(f"Backed up {cases:,} cases to {file} and checked it. Keep it on an encrypted disk.")


@db_app.command("check")
def db_check(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the database: SQLite's integrity check and every foreign key.

    \b
    Example:
      vlo db check
    """
    store = open_store(ctx, db)
    problems = store.check()
    if problems:
        for problem in problems[:50]:
            print(problem)
        raise VloError(
            f"the database has {len(problems)} problems; restore the last backup (vlo db backup --help)"
        )
    message(f"{store.path}: integrity and foreign keys are sound.")


@app.command()
def erase(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The closed case to erase.")],
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
    store = open_store(ctx, db)
    case = store.case(ref)
    if case["status"] != "closed":
        raise VloError(f"case {case['ref']} is open; close it first (vlo case close {case['ref']})")
    if not yes:
        answer = typer.prompt(
            f"Type the case reference to erase {case['ref']} and everyone on it", default=""
        )
        if answer.strip() != case["ref"]:
            raise VloError("the reference typed did not match; nothing was erased")
    with store.write("erase"):
        counts = store.erase_case(case["id"])
    store.scrub()
    message(f"Erased case {case['ref']} and {counts['people']} people on it.")
