"""``vlo settings ...``: the unit's clocks and letter details."""

from typing import Annotated

import typer

from vlo.cli.options import CsvOption, DbOption, JsonOption, output_format
from vlo.cli.root import app, open_store
from vlo.render import Column, emit, message
from vlo.service import settings

settings_app = typer.Typer(
    help="The unit's settings: clocks, name and address for letters.", no_args_is_help=True
)
app.add_typer(settings_app, name="settings")

MACHINE_COLUMNS = (Column("key", "key"), Column("value", "value"), Column("meaning", "meaning"))


@settings_app.command("show")
def settings_show(
    ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False, db: DbOption = None
) -> None:
    """Show every setting, its value and what it means.

    \b
    Example:
      vlo settings show
    """
    fmt = output_format(as_json, as_csv)
    found = settings.all_settings(open_store(ctx, db))
    if fmt != "table":
        emit((vars(s) for s in found), MACHINE_COLUMNS, fmt)
        return
    for s in found:
        print(f"{s.key:<22} {s.shown:<24} {s.meaning}")


@settings_app.command("set")
def settings_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting (see vlo settings show).")],
    value: Annotated[str, typer.Argument(help='The new value; "" removes it.')],
    db: DbOption = None,
) -> None:
    """Change a setting; deadlines that depend on it are recomputed.

    \b
    Example:
      vlo settings set clock code-2020
      vlo settings set unit.name "Cardiff Victim Liaison Unit"
    """
    changed = settings.change_setting(open_store(ctx, db), key, value)
    moved = changed.moved
    message(
        f"{key} = {changed.value if changed.value is not None else '(default)'}"
        + (f"; {moved} deadline{'' if moved == 1 else 's'} moved." if moved is not None else ".")
    )
