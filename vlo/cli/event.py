"""``vlo event ...``: the key stages of a sentence that victims hear about."""

from typing import Annotated, Optional

import typer

from vlo.cli.root import CaseFilter, CsvOption, DbOption, JsonOption, app, open_store, output_format
from vlo.domain.values import LONG_TEXT, choice, clean_text, parse_date, today
from vlo.errors import VloError
from vlo.render import Column, emit, message

event_app = typer.Typer(help="Key-stage events: release, parole, recall, tribunal ...", no_args_is_help=True)
app.add_typer(event_app, name="event")

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation


@event_app.command("add")
def event_add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The case reference.")],
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help="The kind of event (see vlo event types).")
    ] = None,
    date: Annotated[Opt, typer.Option("--date", metavar="DATE", help="When it happens or happened.")] = None,
    note: Annotated[Opt, typer.Option(help="A note for the file.")] = None,
    db: DbOption = None,
) -> None:
    """Record a key-stage event; the people who chose to hear of it get a "tell the victim" deadline.

    \b
    Example:
      vlo event add VLU-2025-0142 --type parole-review --date 2026-09-14
    """
    from vlo.domain.deadlines import EVENT_TYPES
    from vlo.service import refresh_deadlines

    if type_ is None:
        raise VloError(f"event type is required: --type, one of: {', '.join(EVENT_TYPES)}")
    kind = choice(type_, "event type", EVENT_TYPES)
    if date is None:
        raise VloError("event date is required: --date DATE")
    when = parse_date(date, "event date")
    record = {
        "type": kind,
        "date": when.isoformat(),
        "note": clean_text(note, "note", limit=LONG_TEXT, required=False),
        "recorded_on": today().isoformat(),
    }
    store = open_store(ctx, db)
    with store.write("event add"):
        case = store.case(ref)
        sentence = store.current_sentence(case["id"])
        if sentence is None:
            raise VloError(f"case {case['ref']} has no sentence yet; record it first with vlo sentence")
        if record["date"] < sentence["date"]:
            raise VloError("event date is before the sentence date; check the date")
        event_id = store.add_event(case["id"], record)
        refresh_deadlines(store, [case["id"]])
    print(event_id)
    message(f"Recorded {kind} on {when.isoformat()} for case {case['ref']}.")


@event_app.command("types")
def event_types() -> None:
    """List the kinds of event and who hears of each.

    \b
    Example:
      vlo event types
    """
    from vlo.domain.deadlines import EVENT_TYPES, EVENT_WORDS, RELEASE_MONTH_EVENTS

    for kind in EVENT_TYPES:
        levels = "key-stages, release-month" if kind in RELEASE_MONTH_EVENTS else "key-stages"
        print(f"{kind:<24} {EVENT_WORDS[kind]} (heard by: {levels})")


EVENT_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("type", "Event", no_wrap=True),
    Column("date", "Date", no_wrap=True),
    Column("recorded_on", "Recorded", no_wrap=True),
    Column("note", "Note"),
)


@event_app.command("list")
def event_list(
    ctx: typer.Context,
    case: CaseFilter = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List key-stage events.

    \b
    Example:
      vlo event list --case VLU-2025-0142
    """
    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    case_id = store.case(case)["id"] if case else None
    emit(store.events(case_id), EVENT_COLUMNS, fmt)
