"""``vlo event ...``: the key stages of a sentence that victims hear about."""

from typing import Annotated

import typer

from vlo.cli.options import (
    CaseFilter,
    DbOption,
    Opt,
    RefArg,
    date_option,
    listing,
)
from vlo.cli.root import app, open_store
from vlo.render import Column, message
from vlo.service import events

event_app = typer.Typer(help="Key-stage events: release, parole, recall, tribunal ...", no_args_is_help=True)
app.add_typer(event_app, name="event")


@event_app.command("add")
def event_add(
    ctx: typer.Context,
    ref: RefArg,
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help="The kind of event (see vlo event types).")
    ] = None,
    date: date_option("When it happens or happened.") = None,
    note: Annotated[Opt, typer.Option(help="A note for the file.")] = None,
    db: DbOption = None,
) -> None:
    """Record a key-stage event; the people who chose to hear of it get a "tell the victim" deadline.

    \b
    Example:
      vlo event add VLU-2025-0142 --type parole-review --date 2026-09-14
    """
    from vlo.domain.records import event_fields

    record = event_fields(type_, date, note)
    event_id, case_ref = events.add_event(open_store(ctx, db), ref, record)
    print(event_id)
    message(f"Recorded {record['type']} on {record['date']} for case {case_ref}.")


@event_app.command("types")
def event_types() -> None:
    """List the kinds of event and who hears of each.

    \b
    Example:
      vlo event types
    """
    for kind, words, levels in events.event_types():
        print(f"{kind:<24} {words} (heard by: {levels})")


EVENT_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("type", "Event", no_wrap=True),
    Column("date", "Date", no_wrap=True),
    Column("recorded_on", "Recorded", no_wrap=True),
    Column("note", "Note"),
)


@event_app.command("list")
@listing(
    EVENT_COLUMNS, empty="No events recorded. Record one with: vlo event add REF --type TYPE --date DATE"
)
def event_list(ctx: typer.Context, case: CaseFilter = None, db: DbOption = None):
    """List key-stage events.

    \b
    Example:
      vlo event list --case VLU-2025-0142
    """
    return events.events(open_store(ctx, db), case)
