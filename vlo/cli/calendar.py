"""``vlo calendar ...``: the working-day calendar, its bank holidays and the unit's own closed days."""

from typing import Annotated, Optional

import typer

from vlo.cli.root import CsvOption, DbOption, JsonOption, app, open_store, output_format
from vlo.domain.values import clean_text, parse_date
from vlo.errors import VloError
from vlo.render import Column, emit, message

calendar_app = typer.Typer(
    help="Working days: bank holidays, closures and the counting.", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")

DateArg = Annotated[str, typer.Argument(metavar="DATE", help="2025-12-24 or 24/12/2025.")]


def _changed(store, command: str, change) -> int:
    from vlo.service import refresh_deadlines

    with store.write(command):
        change()
        return refresh_deadlines(store)


@calendar_app.command("close")
def calendar_close(
    ctx: typer.Context,
    day: DateArg,
    reason: Annotated[Optional[str], typer.Option(help="Why the unit is closed.")] = None,  # noqa: UP045
    bank_holiday: Annotated[
        bool, typer.Option("--bank-holiday", help="A bank holiday announced after the installed data.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Record a day the unit does not work: deadlines move past it.

    \b
    Example:
      vlo calendar close 24/12/2025 --reason "Office closed for Christmas"
      vlo calendar close 2027-06-07 --bank-holiday --reason "Coronation anniversary"
    """
    when = parse_date(day, "date")
    if when.weekday() >= 5:
        raise VloError(f"{when.isoformat()} is a {when:%A}: weekends are never working days")
    why = clean_text(reason, "reason")
    store = open_store(ctx, db)
    kind = "extra-bank-holiday" if bank_holiday else "closure"
    moved = _changed(store, "calendar close", lambda: store.add_calendar_day(when.isoformat(), kind, why))
    message(f"{when:%A} {when.day} {when:%B %Y} is now a non-working day; {moved} deadlines moved.")


@calendar_app.command("open")
def calendar_open(ctx: typer.Context, day: DateArg, db: DbOption = None) -> None:
    """Remove a day the unit recorded (a closure or an extra bank holiday).

    \b
    Example:
      vlo calendar open 24/12/2025
    """
    when = parse_date(day, "date")
    store = open_store(ctx, db)
    moved = _changed(store, "calendar open", lambda: store.remove_calendar_day(when.isoformat()))
    message(f"{when.isoformat()} is a working day again; {moved} deadlines moved.")


DAY_COLUMNS = (
    Column("date", "Date", no_wrap=True),
    Column("weekday", "Day", no_wrap=True),
    Column("kind", "Kind", no_wrap=True),
    Column("name", "Name"),
)


@calendar_app.command("list")
def calendar_list(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option(help="Only this year (default: this year).")] = None,  # noqa: UP045
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List the non-working weekdays of a year: bank holidays and the unit's own days.

    \b
    Example:
      vlo calendar list --year 2026
    """
    from datetime import date

    from vlo.domain.values import today
    from vlo.service import ensure_calendar

    fmt = output_format(as_json, as_csv)
    chosen = year if year is not None else today().year
    if not 1960 <= chosen <= 2060:
        raise VloError("year must be from 1960 to 2060")
    store = open_store(ctx, db)
    ensure_calendar(store)
    rows = [{**r, "weekday": f"{date.fromisoformat(r['date']):%a}"} for r in store.calendar_days(chosen)]
    emit(rows, DAY_COLUMNS, fmt, title=f"Non-working weekdays in {chosen}")


@calendar_app.command("add")
def calendar_add(
    ctx: typer.Context,
    start: DateArg,
    days: Annotated[int, typer.Argument(help="How many working days.")],
    db: DbOption = None,
) -> None:
    """The Nth working day after a date (the date itself is day 0), with the days skipped.

    \b
    Example:
      vlo calendar add 31/03/2025 40      -> Fri 30 May 2025
    """
    from datetime import timedelta

    from vlo.service import ensure_calendar, working_calendar

    begin = parse_date(start, "date")
    if not 1 <= days <= 2000:
        raise VloError("days must be a whole number from 1 to 2000")
    store = open_store(ctx, db)
    ensure_calendar(store)
    calendar = working_calendar(store)
    end = calendar.add(begin, days)
    print(end.isoformat())
    names = {
        r["date"]: r["name"]
        for r in store.calendar_days(None)
        if begin.isoformat() < r["date"] <= end.isoformat()
    }
    skipped = [
        f"{d:%a} {d.day} {d:%b %Y} ({names[d.isoformat()]})"
        for d in (begin + timedelta(days=i) for i in range(1, (end - begin).days + 1))
        if d.isoformat() in names
    ]
    message(
        f"{days} working days after {begin:%a} {begin.day} {begin:%b %Y} is {end:%a} {end.day} {end:%b %Y}."
    )
    if skipped:
        message("Skipped: " + "; ".join(skipped) + ".")


@calendar_app.command("between")
def calendar_between(ctx: typer.Context, start: DateArg, end: DateArg, db: DbOption = None) -> None:
    """Working days after START up to and including END.

    \b
    Example:
      vlo calendar between 31/03/2025 30/05/2025     -> 40
    """
    from vlo.service import ensure_calendar, working_calendar

    begin, finish = parse_date(start, "start date"), parse_date(end, "end date")
    store = open_store(ctx, db)
    ensure_calendar(store)
    print(working_calendar(store).between(begin, finish))
