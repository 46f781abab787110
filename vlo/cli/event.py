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

YesOption = Annotated[bool, typer.Option("--yes", help="Record it even though it contradicts the sentence.")]

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
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Record a key-stage event; the people who chose to hear of it get a "tell the victim" deadline.

    \b
    Example:
      vlo event add VLU-2025-0142 --type parole-review --date 2026-09-14
    """
    from vlo.domain.records import event_fields

    record = event_fields(type_, date, note)
    event_id, case_ref = events.add_event(open_store(ctx, db), ref, record, yes=yes)
    print(event_id)
    message(f"Recorded {record['type']} on {record['date']} for case {case_ref}.")


EventArg = Annotated[int, typer.Argument(metavar="ID", help="The event's id (vlo event list).")]


@event_app.command("edit")
def event_edit(
    ctx: typer.Context,
    event: EventArg,
    type_: Annotated[Opt, typer.Option("--type", metavar="TYPE", help="The kind of event.")] = None,
    date: date_option("When it happens or happened.") = None,
    note: Annotated[Opt, typer.Option(help='A note for the file ("" clears it).')] = None,
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Correct an event recorded wrongly; the deadlines it raised follow (the audit keeps the change).

    \b
    Example:
      vlo event edit 7 --date 2026-10-12
    """
    from vlo.domain.records import event_changes

    changes = event_changes(type_, date, note)
    case_ref = events.edit_event(open_store(ctx, db), event, changes, yes=yes)
    message(f"Updated event {event} on case {case_ref}: {', '.join(changes)}.")


@event_app.command("delete")
def event_delete(ctx: typer.Context, event: EventArg, db: DbOption = None) -> None:
    """Delete an event recorded in error, and the deadlines it raised (the audit keeps that it was).

    \b
    Example:
      vlo event delete 7
    """
    case_ref = events.delete_event(open_store(ctx, db), event)
    message(f"Deleted event {event} from case {case_ref}; its deadlines went with it.")


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
    EVENT_COLUMNS,
    empty="No events recorded. Record one with: vlo event add REF --type TYPE --date DATE",
    said=("note",),
)
def event_list(ctx: typer.Context, case: CaseFilter = None, db: DbOption = None):
    """List key-stage events.

    \b
    Example:
      vlo event list --case VLU-2025-0142
    """
    return events.events(open_store(ctx, db), case)
