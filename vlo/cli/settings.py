"""``vlo settings ...``: the unit's clocks and letter details."""

from typing import Annotated

import typer

from vlo.cli.root import DbOption, app, open_store
from vlo.errors import VloError
from vlo.render import message

settings_app = typer.Typer(
    help="The unit's settings: clocks, name and address for letters.", no_args_is_help=True
)
app.add_typer(settings_app, name="settings")


@settings_app.command("show")
def settings_show(ctx: typer.Context, db: DbOption = None) -> None:
    """Show every setting, its value and what it means.

    \b
    Example:
      vlo settings show
    """
    from vlo.service import INT_SETTINGS, TEXT_SETTINGS, rules, soon_days

    store = open_store(ctx, db)
    stored = store.settings()
    current = rules(store)
    for key, meaning in {**TEXT_SETTINGS, **INT_SETTINGS}.items():
        value = stored.get(key)
        if value is None and hasattr(current, key):
            value = f"{getattr(current, key)} (default)"
        if key == "soon_days" and value is None:
            value = f"{soon_days(store)} (default)"
        print(f"{key:<22} {value if value is not None else '-':<24} {meaning}")


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
    from vlo.domain.deadlines import CLOCKS
    from vlo.domain.values import choice, clean_text
    from vlo.service import INT_SETTINGS, RULE_SETTINGS, TEXT_SETTINGS, refresh_deadlines

    if key not in INT_SETTINGS and key not in TEXT_SETTINGS:
        raise VloError(f"setting must be one of: {', '.join([*TEXT_SETTINGS, *INT_SETTINGS])}")
    cleaned: str | None
    if value.strip() == "":
        cleaned = None
    elif key in INT_SETTINGS:
        if not value.strip().isdigit() or not 0 <= int(value) <= 250:
            raise VloError(f"{key} must be a whole number of working days from 0 to 250")
        cleaned = str(int(value))
        if key in ("initial_days", "referral_contact_days") and int(value) == 0:
            raise VloError(f"{key} must be at least 1")
    elif key == "clock":
        cleaned = choice(value, "clock", CLOCKS)
    else:
        cleaned = clean_text(value, key, limit=500)
    store = open_store(ctx, db)
    with store.write("settings set"):
        store.set_setting(key, cleaned)
        moved = refresh_deadlines(store) if key in RULE_SETTINGS else None
    message(
        f"{key} = {cleaned if cleaned is not None else '(default)'}"
        + (f"; {moved} deadlines moved." if moved is not None else ".")
    )
