"""``vlo export``, ``vlo import`` and ``vlo report``: CSV out, CSV in, and the manager's figures."""

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from vlo.cli.root import CsvOption, DbOption, app, open_store
from vlo.errors import VloError
from vlo.render import message

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation
TABLES = ("cases", "victims", "deadlines", "contacts", "conditions", "letters", "audit")


def _private_file(path: Path, excel: bool):
    """An owner-only file for writing CSV (``newline=""``: the csv module writes its own ends)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise VloError(f"cannot write {path}: {exc.strerror}") from None
    os.chmod(path, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8-sig" if excel else "utf-8", newline="")


@app.command("export")
def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(TABLES)}.")],
    out: Annotated[
        Opt, typer.Option("--out", metavar="FILE", help="Write to FILE (owner-only); else stdout.")
    ] = None,
    personal: Annotated[
        bool, typer.Option("--personal", help="Include names, addresses, phone, email and free text.")
    ] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="Start with the byte-order mark spreadsheets want.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export a table as CSV for reports: UTF-8, ISO dates, stable columns (see the README).

    Without --personal, people appear by id alone. Cells a spreadsheet would run as a formula are
    neutralised with a leading quote.

    \b
    Example:
      vlo export deadlines --out deadlines.csv --excel
      vlo export victims --personal --out victims.csv
    """
    from vlo.render import csv_rows

    if table not in TABLES:
        raise VloError(f"table must be one of: {', '.join(TABLES)}")
    store = open_store(ctx, db)
    header, rows = store.export(table, personal=personal)
    if out is None:
        if excel:
            sys.stdout.write("\ufeff")
        csv_rows(sys.stdout, header, rows)
        return
    with _private_file(Path(out).expanduser(), excel) as f:
        count = csv_rows(f, header, rows)
    message(f"Wrote {count:,} {table} rows to {out}" + ("" if personal else " (no personal details)."))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="CSV with one row per person to contact.")],
    check: Annotated[
        bool, typer.Option("--check", help="Validate only: list every bad row, write nothing.")
    ] = False,
    existing: Annotated[
        str, typer.Option(help="A case already in the database: skip its rows, or update it.")
    ] = "skip",
    db: DbOption = None,
) -> None:
    """Bulk intake from CSV: all rows or none, in one transaction.

    Columns: case_ref, offender, offence, category, sentence_date, sentence_type, sentence_length,
    victim_name, victim_address, victim_postcode, victim_email, victim_phone (more are read: see
    the README). What `vlo export victims --personal` writes, this reads back.

    \b
    Example:
      vlo import referrals.csv --check
      vlo import referrals.csv --existing update
    """
    from vlo.domain.values import choice
    from vlo.intake import apply_rows, read_rows

    mode = choice(existing, "existing", ("skip", "update"))
    store = open_store(ctx, db)
    parsed, problems = read_rows(Path(file).expanduser(), store)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise VloError(
            f"{len(problems)} bad row{'s' if len(problems) != 1 else ''} in {file}; nothing imported"
        )
    if check:
        rows = sum(len(c.people) for c in parsed)
        message(f"{file}: all {rows:,} rows ({len(parsed):,} cases) are good; nothing written (--check).")
        return
    with store.write("import"):
        summary = apply_rows(store, parsed, mode)
    message(summary)


@app.command()
def report(
    ctx: typer.Context,
    as_csv: CsvOption = False,
    months: Annotated[int, typer.Option(help="How many recent months to show.")] = 12,
    db: DbOption = None,
) -> None:
    """The manager's report: per month of sentence, initial contacts in time, late and overdue.

    Also the median working days to first contact, the opt-in rate, and licence conditions asked
    for and agreed; with a bar chart of the in-time rate.

    \b
    Example:
      vlo report
      vlo report --csv > report.csv
    """
    from vlo.domain.values import today
    from vlo.render import Column, emit
    from vlo.service import ensure_calendar, monthly_report

    if not 1 <= months <= 240:
        raise VloError("months must be from 1 to 240")
    store = open_store(ctx, db)
    ensure_calendar(store)
    rows = monthly_report(store, today=today())[-months:]
    columns = [
        Column("month", "Month", no_wrap=True),
        Column("eligible", "People", justify="right", no_wrap=True),
        Column("in_time", "In time", justify="right", no_wrap=True),
        Column("late", "Late", justify="right", no_wrap=True),
        Column("overdue", "Overdue", justify="right", no_wrap=True),
        Column("open", "Open", justify="right", no_wrap=True),
        Column("in_time_pct", "In time %", justify="right", no_wrap=True),
        Column("median_wd", "Median wd", justify="right", no_wrap=True),
        Column("opt_in_pct", "Opted in %", justify="right", no_wrap=True),
        Column("conditions_requested", "Conditions asked", justify="right", no_wrap=True),
        Column("conditions_agreed", "Agreed", justify="right", no_wrap=True),
    ]
    if as_csv:
        emit(rows, columns, "csv")
        return
    if not rows:
        message("Nothing to report yet: no initial-contact deadlines.")
        return
    emit(rows, columns, "table", title="Initial contact by month of sentence")
    print("\nIn time (% of initial contacts made or due)")
    for row in rows:
        pct = row["in_time_pct"]
        bar = "█" * round((pct or 0) / 5)
        print(f"{row['month']}  {bar:<20} {'' if pct is None else f'{pct}%'}")
