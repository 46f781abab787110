"""``vlo calendar ...``: the working-day calendar, its bank holidays and the unit's own closed days."""

from typing import Annotated

import typer

from vlo.cli.options import CsvOption, DateArg, DbOption, JsonOption, Opt, OptInt, output_format
from vlo.cli.root import app, open_store
from vlo.domain.values import parse_date
from vlo.render import Column, emit, message
from vlo.service import calendar

calendar_app = typer.Typer(
    help="Working days: bank holidays, closures and the counting.", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")


def _day(d) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _moved(n: int) -> str:
    return f"{n} deadline{'' if n == 1 else 's'} moved"


@calendar_app.command("close")
def calendar_close(
    ctx: typer.Context,
    day: DateArg,
    reason: Annotated[Opt, typer.Option(help="Why the unit is closed.")] = None,
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
    from vlo.domain.values import clean_text

    when = parse_date(day, "date")
    why = clean_text(reason, "reason")
    moved = calendar.close_day(open_store(ctx, db), when, why, bank_holiday=bank_holiday)
    message(f"{when:%A} {when.day} {when:%B %Y} is now a non-working day; {_moved(moved)}.")


@calendar_app.command("open")
def calendar_open(ctx: typer.Context, day: DateArg, db: DbOption = None) -> None:
    """Remove a day the unit recorded (a closure or an extra bank holiday).

    \b
    Example:
      vlo calendar open 24/12/2025
    """
    when = parse_date(day, "date")
    moved = calendar.open_day(open_store(ctx, db), when)
    message(f"{when:%A} {when.day} {when:%B %Y} is a working day again; {_moved(moved)}.")


DAY_COLUMNS = (
    Column("date", "Date", no_wrap=True),
    Column("weekday", "Day", no_wrap=True),
    Column("kind", "Kind", no_wrap=True),
    Column("name", "Name"),
)


@calendar_app.command("list")
def calendar_list(
    ctx: typer.Context,
    year: Annotated[OptInt, typer.Option(help="Only this year (default: this year).")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List the non-working weekdays of a year: bank holidays and the unit's own days.

    \b
    Example:
      vlo calendar list --year 2026
    """
    from vlo.domain.values import today

    fmt = output_format(as_json, as_csv)
    chosen = year if year is not None else today().year
    rows = calendar.non_working_days(open_store(ctx, db), chosen)
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
    begin = parse_date(start, "date")
    counted = calendar.add_working_days(open_store(ctx, db), begin, days)
    print(counted.end.isoformat())
    message(f"{days} working days after {_day(begin)} is {_day(counted.end)}.")
    if counted.skipped:
        message("Skipped: " + "; ".join(f"{_day(d)} ({name})" for d, name in counted.skipped) + ".")


@calendar_app.command("between")
def calendar_between(ctx: typer.Context, start: DateArg, end: DateArg, db: DbOption = None) -> None:
    """Working days after START up to and including END.

    \b
    Example:
      vlo calendar between 31/03/2025 30/05/2025     -> 40
    """
    begin, finish = parse_date(start, "start date"), parse_date(end, "end date")
    print(calendar.working_days_between(open_store(ctx, db), begin, finish))
