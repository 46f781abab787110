"""``vlo init`` and ``vlo db ...``: creating and locating the database."""

import typer

from vlo.cli.root import DbOption, app, location
from vlo.render import message

db_app = typer.Typer(help="The database file: where it is.", no_args_is_help=True)
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
