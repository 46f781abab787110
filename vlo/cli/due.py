"""``vlo due``: the morning list of what is overdue, due today and due soon."""

import sys
from typing import Annotated

import typer

from vlo.cli.options import (
    NO_CASES,
    CaseFilter,
    CsvOption,
    DbOption,
    JsonOption,
    OfficerFilter,
    Opt,
    output_format,
)
from vlo.cli.root import app, open_store
from vlo.render import Column, emit, message, paused_gc

MACHINE_COLUMNS = tuple(
    Column(k, k)
    for k in (
        "case_ref",
        "victim_id",
        "kind",
        "due_date",
        "working_days_left",
        "status",
        "what",
        "officer",
        "estimated",
    )
)
TABLE_COLUMNS = (
    Column("case_ref", "Case", no_wrap=True),
    Column("person", "Person"),
    Column("what", "What is due"),
    Column("due", "Due", no_wrap=True),
    Column("left", "Left", justify="right", no_wrap=True, optional=True),
    Column("word", "Status", no_wrap=True),
    Column("officer", "Officer", optional=True),
)
STYLES = {"urgent": "bold red", "overdue": "bold red", "today": "bold", "soon": "yellow", "upcoming": None}


def _day(d) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help="Show what falls due within N working days.")] = 10,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only what is overdue.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Every open deadline, however far ahead.")] = False,
    officer: OfficerFilter = None,
    case: CaseFilter = None,
    today_: Annotated[
        Opt, typer.Option("--today", metavar="DATE", help="Count from this day (else VLO_TODAY).")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """The morning list: every open deadline that is overdue, due today or due soon, most urgent first.

    Overdue deadlines always show. Status words: OVERDUE, TODAY, SOON (within 5 working days),
    UPCOMING. Items whose window has not opened yet (nothing to tell yet) are hidden and counted
    in the footer; --all shows them. A terminal shows the most urgent page; --json, --csv and
    pipes get every row.

    \b
    Example:
      vlo due
      vlo due --within 20 --officer "A. Jones"
      vlo due --json > due.json
    """
    from vlo.domain.values import parse_date, today
    from vlo.service.deadlines import due as due_list

    fmt = output_format(as_json, as_csv)
    now = parse_date(today_, "today") if today_ else today()
    # A terminal shows the most urgent page: the rows that fit its height (each takes a line at
    # least, so no more are read); pipes and --json/--csv get every row, streamed.
    height = terminal_height(sys.stdout) if fmt == "table" else None
    page = None if height is None else max(1, height)
    found = due_list(
        open_store(ctx, db),
        today=now,
        within=None if show_all else within,
        officer=officer,
        case_ref=case,
        overdue_only=overdue,
        limit=page,
    )
    if fmt != "table":
        emit(found.rows, MACHINE_COLUMNS, fmt)
        return
    with paused_gc():  # the table holds every row at once (a backlog: 19,000)
        _table(found, now, officer=officer, overdue=overdue, height=height)


def _table(found, now, *, officer: str | None, overdue: bool, height: int | None) -> None:
    """The morning list for people: a table with a footer counting what it shows and hides."""
    horizon = found.horizon
    rows = list(found.rows)
    if not rows:
        if not found.any_cases:
            message(NO_CASES)
        else:
            window = "overdue" if overdue else f"due by {_day(horizon)}" if horizon else "open"
            message(f"Nothing {window}.{_hidden(found)}")
        return
    for r in rows:
        r["person"] = f"{r['victim_id']} {r['victim_name']}"
        r["word"] = r["urgency"].upper()
    counts = found.counts

    def footer(n: int) -> str:
        """The footer under ``n`` rows: what they are of the whole list, and what it hides."""
        shown = f"{n:,} shown" if n == found.total else f"{n:,} most urgent shown of {found.total:,}"
        urgent = f"{counts['urgent']:,} urgent, " if counts["urgent"] else ""
        text = (
            f"{shown}: {urgent}{counts['overdue']:,} overdue, {counts['today']:,} today, "
            f"{counts['soon']:,} soon, {counts['upcoming']:,} upcoming."
        )
        if n < found.total:
            text += f" {found.total - n:,} more: vlo due --csv lists them all."
        return text + _hidden(found)

    # The Officer column goes when it says nothing new.
    show_officer = officer is None and any(r["officer"] for r in rows)
    columns = [c for c in TABLE_COLUMNS if c.key != "officer" or show_officer]
    emit(
        rows,
        columns,
        "table",
        title=f"Due as of {now:%A} {now.day} {now:%B %Y}",
        styles=(STYLES[r["urgency"]] for r in rows),
        footer=footer,
        height=height,
    )


def _hidden(found) -> str:
    """The footer's count of what the window hid: due later, and not open yet (Taskwarrior's wait)."""
    parts = []
    if found.later:
        verb = "falls" if found.later == 1 else "fall"
        parts.append(f" {found.later:,} more {verb} due after {_day(found.horizon)} (--within N or --all).")
    if found.not_open:
        parts.append(f" {found.not_open:,} not open yet (--all shows them).")
    return "".join(parts)


def terminal_height(stream) -> int | None:
    """A terminal's height in lines (LINES when set), or None when piped: a pipe or a file gets
    every row, whatever LINES says."""
    import os

    if not stream.isatty():
        return None
    lines = os.environ.get("LINES", "")
    if lines.isdigit():
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except OSError:
        return 24
