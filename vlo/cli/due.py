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
from vlo.render import Column, emit, message, width_of

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
    Column("left", "Left", justify="right", no_wrap=True),
    Column("word", "Status", no_wrap=True),
    Column("officer", "Officer"),
)
STYLES = {"overdue": "bold red", "today": "bold", "soon": "yellow", "upcoming": None}


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
    UPCOMING.

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
    found = due_list(
        open_store(ctx, db),
        today=now,
        within=None if show_all else within,
        officer=officer,
        case_ref=case,
        overdue_only=overdue,
    )
    rows, hidden, horizon = found.rows, found.hidden, found.horizon
    if fmt != "table":
        emit(rows, MACHINE_COLUMNS, fmt)
        return
    if not rows:
        if not found.any_cases:
            message(NO_CASES)
        else:
            window = "overdue" if overdue else f"due by {_day(horizon)}" if horizon else "open"
            extra = f" ({hidden} due later: vlo due --all)" if hidden else ""
            message(f"Nothing {window}.{extra}")
        return
    for r in rows:
        r["person"] = f"{r['victim_id']} {r['victim_name']}"
        r["word"] = r["status"].upper()
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("overdue", "today", "soon", "upcoming")}
    footer = (
        f"{len(rows):,} shown: {counts['overdue']:,} overdue, {counts['today']:,} today, "
        f"{counts['soon']:,} soon, {counts['upcoming']:,} upcoming."
    )
    if hidden:
        footer += f" {hidden:,} more {'falls' if hidden == 1 else 'fall'} due after {_day(horizon)} (--within N or --all)."
    # The Officer column goes when it says nothing new, or when the screen is too narrow for it.
    show_officer = officer is None and any(r["officer"] for r in rows) and width_of(sys.stdout) >= 100
    columns = [c for c in TABLE_COLUMNS if c.key != "officer" or show_officer]
    emit(
        rows,
        columns,
        "table",
        title=f"Due as of {now:%A} {now.day} {now:%B %Y}",
        styles=(STYLES[r["status"]] for r in rows),
        footer=footer,
    )
