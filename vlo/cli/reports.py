"""``vlo export``, ``vlo import`` and ``vlo report``: CSV out, CSV in, and the manager's figures."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vlo.cli.options import CsvOption, DbOption, JsonOption, Opt, output_format
from vlo.cli.root import app, open_store
from vlo.errors import VloError
from vlo.render import Column, emit, message
from vlo.service import reports
from vlo.service.reports import EXPORT_TABLES


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


@app.command("export")
def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(metavar="TABLE", help=f"One of: {', '.join(EXPORT_TABLES)}.")],
    out: Annotated[
        Opt, typer.Option("--out", metavar="FILE", help="Write to FILE (owner-only); else stdout.")
    ] = None,
    personal: Annotated[
        bool, typer.Option("--personal", help="Include names, addresses, phone, email and free text.")
    ] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="Start with the byte-order mark spreadsheets want.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Export a table as CSV for reports: UTF-8, ISO dates, stable columns (see the README).

    Without --personal, people appear by id alone. The file is written whole or not at all, never
    through a link, and an existing one is replaced only with --force. Cells a spreadsheet would run as a formula are
    neutralised with a leading quote.

    \b
    Example:
      vlo export deadlines --out deadlines.csv --excel
      vlo export victims --personal --out victims.csv
    """
    from vlo.render import csv_rows, private_file

    header, rows = reports.export(open_store(ctx, db), table, personal=personal)
    if out is None:
        if excel:
            sys.stdout.write("\ufeff")
        csv_rows(sys.stdout, header, rows)
        return
    with private_file(Path(out).expanduser(), excel, force=force) as f:
        count = csv_rows(f, header, rows)
    message(
        f"Wrote {_plural(count, 'row')} of {table} to {out}"
        + ("." if personal else " (no personal details).")
    )


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
    from vlo.service.intake import import_file

    done = import_file(open_store(ctx, db), Path(file).expanduser(), existing=existing, check=check)
    for problem in done.problems:
        print(problem, file=sys.stderr)
    if done.problems:
        raise VloError(f"{_plural(len(done.problems), 'bad row')} in {file}; nothing imported")
    if done.checked_only:
        message(
            f"{file}: all {_plural(done.rows, 'row')} ({_plural(done.cases, 'case')}) are good; "
            "nothing written (--check)."
        )
        return
    summary = (
        f"Imported {_plural(done.added, 'new case')}, updated {done.updated:,}, "
        f"with {_plural(done.people, 'person', 'people')}."
    )
    if done.skipped:
        summary += (
            f" Skipped {_plural(done.skipped, 'case')} already in the database "
            "(use --existing update to update them)."
        )
    message(summary)


REPORT_COLUMNS = (
    Column("month", "Month", no_wrap=True),
    Column("eligible", "People", justify="right", no_wrap=True),
    Column("in_time", "In time", justify="right", no_wrap=True),
    Column("late", "Late", justify="right", no_wrap=True),
    Column("overdue", "Overdue", justify="right", no_wrap=True),
    Column("closed", "Closed", justify="right", no_wrap=True),
    Column("open", "Open", justify="right", no_wrap=True),
    Column("in_time_pct", "In time %", justify="right", no_wrap=True),
    Column("median_wd", "Median wd", justify="right", no_wrap=True),
    Column("opt_in_pct", "Opted in %", justify="right", no_wrap=True),
    Column("conditions_requested", "Conditions asked", justify="right", no_wrap=True),
    Column("conditions_agreed", "Agreed", justify="right", no_wrap=True),
    Column("breaches_reported", "Breaches", justify="right", no_wrap=True),
    Column("breaches_referred_same_day", "Referred same day", justify="right", no_wrap=True),
    Column("breach_victims_told_in_time", "Told in time", justify="right", no_wrap=True),
)


@app.command()
def report(
    ctx: typer.Context,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    months: Annotated[int, typer.Option(help="How many recent months to show.")] = 12,
    db: DbOption = None,
) -> None:
    """The manager's report: per month in which initial contacts fell due, how many were made in
    time, late, still overdue or closed (declined or opted out first), as they stood at the month's
    end: a later opt-out, decline or contact never rewrites a past month.

    Also the median working days to first contact, the share opted in at the month's end (of
    everyone offered the scheme), and licence conditions asked for and agreed; with a bar chart
    of the in-time rate. The README defines each figure.

    \b
    Example:
      vlo report
      vlo report --csv > report.csv
    """
    from vlo.domain.values import today

    fmt = output_format(as_json, as_csv)
    rows = reports.monthly_report(open_store(ctx, db), today=today(), months=months)
    if fmt != "table":
        emit(rows, REPORT_COLUMNS, fmt)
        return
    if not rows:
        message("Nothing to report yet: no initial-contact deadlines.")
        return
    emit(rows, REPORT_COLUMNS, "table", title="Initial contact by month due")
    print("\nIn time (% of initial contacts made or due)")
    for row in rows:
        pct = row["in_time_pct"]
        bar = "█" * round((pct or 0) / 5)
        print(f"{row['month']}  {bar:<20} {'' if pct is None else f'{pct}%'}")
