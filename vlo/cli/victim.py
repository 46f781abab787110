"""``vlo victim ...`` and ``vlo contact ...``: the people to contact, their choices, the contact log."""

from typing import Annotated, Optional

import typer

from vlo.cli.root import (
    CaseFilter,
    CsvOption,
    DbOption,
    JsonOption,
    VictimFilter,
    app,
    open_store,
    output_format,
)
from vlo.domain import scheme
from vlo.domain.records import person_fields
from vlo.domain.values import LONG_TEXT, choice, clean_text, parse_date, today
from vlo.errors import VloError
from vlo.render import Column, emit, message, print_json
from vlo.service import refresh_deadlines

victim_app = typer.Typer(
    help="The people to contact on a case: victims, relatives, parents.", no_args_is_help=True
)
contact_app = typer.Typer(help="The contact log: calls, letters, meetings.", no_args_is_help=True)
app.add_typer(victim_app, name="victim")
app.add_typer(contact_app, name="contact")

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation
VictimArg = Annotated[int, typer.Argument(metavar="VICTIM", help="The person's id (vlo victim list).")]

NameOpt = Annotated[Opt, typer.Option(help='Full name, e.g. "Jane Smith".')]
TitleOpt = Annotated[Opt, typer.Option(help="Title for letters: Ms, Mr, Mx, Dr ...")]
RoleOpt = Annotated[Opt, typer.Option(help=f"One of: {', '.join(scheme.ROLES)} (default victim).")]
AddressOpt = Annotated[Opt, typer.Option(help="Postal address, lines separated by commas.")]
PostcodeOpt = Annotated[Opt, typer.Option(help="UK postcode.")]
EmailOpt = Annotated[Opt, typer.Option(help="Email address.")]
PhoneOpt = Annotated[Opt, typer.Option(help="Phone number.")]
MethodOpt = Annotated[Opt, typer.Option(help=f"Preferred method: {', '.join(scheme.CONTACT_METHODS)}.")]
SalutationOpt = Annotated[
    Opt, typer.Option(help='How letters greet them after "Dear", e.g. "Mrs O\'Reilly-Ap Rhys".')
]
NeedsOpt = Annotated[Opt, typer.Option(help="Language or format needs (Welsh, large print ...).")]


@victim_app.command("add")
def victim_add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The case reference.")],
    name: NameOpt = None,
    title: TitleOpt = None,
    role: RoleOpt = None,
    address: AddressOpt = None,
    postcode: PostcodeOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    preferred_method: MethodOpt = None,
    do_not_post: Annotated[
        bool, typer.Option("--do-not-post", help="Never send post to this person.")
    ] = False,
    needs: NeedsOpt = None,
    salutation: SalutationOpt = None,
    db: DbOption = None,
) -> None:
    """Add a person to contact to a case; prints the new person's id alone.

    \b
    Example:
      vlo victim add VLU-2025-0142 --name "Jane Smith" --title Ms \\
        --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA"
    """
    record = person_fields(
        name,
        title,
        role,
        address,
        postcode,
        email,
        phone,
        preferred_method,
        do_not_post,
        needs,
        required=True,
        salutation=salutation,
    )
    store = open_store(ctx, db)
    with store.write("victim add"):
        case = store.case(ref)
        victim_id = store.add_victim(case["id"], record)
        refresh_deadlines(store, [case["id"]])
    print(victim_id)
    message(f"Added {record['role']} {victim_id} to case {case['ref']}.")


@victim_app.command("edit")
def victim_edit(
    ctx: typer.Context,
    victim: VictimArg,
    name: NameOpt = None,
    title: TitleOpt = None,
    role: RoleOpt = None,
    address: AddressOpt = None,
    postcode: PostcodeOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    preferred_method: MethodOpt = None,
    do_not_post: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--do-not-post/--may-post", help="Never send post / post again.", show_default=False),
    ] = None,
    needs: NeedsOpt = None,
    salutation: SalutationOpt = None,
    db: DbOption = None,
) -> None:
    """Change a person's details; give only what changes ("" clears an optional field).

    \b
    Example:
      vlo victim edit 12 --address "4 New Road, Swansea" --postcode "SA1 1AA"
    """
    changes = person_fields(
        name,
        title,
        role,
        address,
        postcode,
        email,
        phone,
        preferred_method,
        do_not_post,
        needs,
        required=False,
        salutation=salutation,
    )
    if not changes:
        raise VloError("nothing to change: give at least one option, e.g. --phone NUMBER")
    store = open_store(ctx, db)
    with store.write("victim edit"):
        person = store.victim(victim)
        store.update_victim(victim, changes)
        refresh_deadlines(store, [person["case_id"]])
    message(f"Updated person {victim}: {', '.join(k.replace('_', ' ') for k in changes)}.")


@victim_app.command("opt-in")
def victim_opt_in(
    ctx: typer.Context,
    victim: VictimArg,
    level: Annotated[Opt, typer.Option(help=f"Contact level: {', '.join(scheme.CONTACT_LEVELS)}.")] = None,
    db: DbOption = None,
) -> None:
    """Record that a person has opted in, and the contact level they chose.

    \b
    Levels: release-month (the month of release only), annual (a yearly letter),
    key-stages (every key stage of the sentence).
    Example:
      vlo victim opt-in 12 --level key-stages
    """
    if level is None:
        raise VloError(f"contact level is required: --level, one of: {', '.join(scheme.CONTACT_LEVELS)}")
    chosen = choice(level, "contact level", scheme.CONTACT_LEVELS)
    _set_choice(ctx, db, victim, "opted-in", chosen, "victim opt-in")
    message(f"Person {victim} opted in: {scheme.CONTACT_LEVEL_WORDS[chosen]}.")


@victim_app.command("opt-out")
def victim_opt_out(ctx: typer.Context, victim: VictimArg, db: DbOption = None) -> None:
    """Record that a person no longer wants contact (they can opt in again at any time).

    \b
    Example:
      vlo victim opt-out 12
    """
    _set_choice(ctx, db, victim, "opted-out", None, "victim opt-out")
    message(f"Person {victim} opted out; their deadlines leave the morning list.")


@victim_app.command("decline")
def victim_decline(ctx: typer.Context, victim: VictimArg, db: DbOption = None) -> None:
    """Record that a person declined the offer of contact.

    \b
    Example:
      vlo victim decline 12
    """
    _set_choice(ctx, db, victim, "declined", None, "victim decline")
    message(f"Person {victim} declined contact.")


def _set_choice(ctx, db, victim: int, status: str, level: str | None, command: str) -> None:
    store = open_store(ctx, db)
    with store.write(command):
        person = store.victim(victim)
        store.update_victim(victim, {"opt_status": status, "contact_level": level})
        refresh_deadlines(store, [person["case_id"]])


VICTIM_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("name", "Name"),
    Column("role", "Role", no_wrap=True),
    Column("opt_status", "Choice", no_wrap=True),
    Column("contact_level", "Level", no_wrap=True),
    Column("postcode", "Postcode", no_wrap=True),
    Column("preferred_method", "Method", no_wrap=True),
    Column("do_not_post", "No post", no_wrap=True),
)


@victim_app.command("list")
def victim_list(
    ctx: typer.Context,
    case: CaseFilter = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List the people to contact.

    \b
    Example:
      vlo victim list --case VLU-2025-0142
    """
    from vlo.service import victim_json

    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    case_id = store.case(case)["id"] if case else None
    count = emit((victim_json(v) for v in store.victims(case_id)), VICTIM_COLUMNS, fmt)
    if fmt == "table" and count == 0:
        message("No people to contact yet. Add one with: vlo victim add REF --name NAME")


@victim_app.command("show")
def victim_show(
    ctx: typer.Context, victim: VictimArg, as_json: JsonOption = False, db: DbOption = None
) -> None:
    """Show one person's details, choices and contact log.

    \b
    Example:
      vlo victim show 12
    """
    from vlo.service import victim_json

    store = open_store(ctx, db)
    person = victim_json(store.victim(victim))
    contacts = list(store.contacts(victim_id=victim))
    if as_json:
        print_json({**person, "contacts": [_contact_json(c) for c in contacts]})
        return
    from rich.table import Table
    from rich.text import Text

    from vlo.render import cell, console

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    labels = {"id": "Id", "case_ref": "Case", "opt_status": "Choice", "contact_level": "Level"}
    for key, value in person.items():
        if value not in (None, "", False):
            grid.add_row(labels.get(key, key.replace("_", " ").capitalize()), Text(cell(value)))
    out = console()
    out.print(grid)
    out.print(Text(f"\nContacts: {len(contacts)}", style="bold"))
    for c in contacts:
        out.print(Text(f"{c['date']}  {c['method']} ({c['direction']})  {c['summary'] or ''}"))


CONTACT_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("victim_id", "Person", justify="right"),
    Column("date", "Date", no_wrap=True),
    Column("method", "Method", no_wrap=True),
    Column("direction", "Direction", no_wrap=True),
    Column("summary", "Summary"),
)


def _contact_json(row: dict) -> dict:
    return {c.key: row.get(c.key) for c in CONTACT_COLUMNS}


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    victim: VictimArg,
    date: Annotated[Opt, typer.Option("--date", metavar="DATE", help="When (default today).")] = None,
    method: Annotated[Opt, typer.Option(help=f"One of: {', '.join(scheme.CONTACT_METHODS)}.")] = None,
    direction: Annotated[
        str, typer.Option(help="out (we contacted them) or in (they contacted us).")
    ] = "out",
    summary: Annotated[Opt, typer.Option(help="What was said or sent.")] = None,
    db: DbOption = None,
) -> None:
    """Log a contact with a person; the first one on or after sentence meets the initial deadline.

    \b
    Example:
      vlo contact add 12 --date today --method phone --summary "Explained the scheme"
    """
    when = parse_date(date, "contact date") if date else today()
    if when > today():
        raise VloError("contact date cannot be in the future")
    if method is None:
        raise VloError(f"method is required: --method, one of: {', '.join(scheme.CONTACT_METHODS)}")
    record = {
        "date": when.isoformat(),
        "method": choice(method, "method", scheme.CONTACT_METHODS),
        "direction": choice(direction, "direction", scheme.DIRECTIONS),
        "summary": clean_text(summary, "summary", limit=LONG_TEXT, required=False),
    }
    store = open_store(ctx, db)
    with store.write("contact add"):
        person = store.victim(victim)
        contact_id = store.add_contact(victim, record)
        refresh_deadlines(store, [person["case_id"]])
    print(contact_id)
    message(f"Logged a {record['method']} contact with person {victim} on {record['date']}.")


@contact_app.command("list")
def contact_list(
    ctx: typer.Context,
    case: CaseFilter = None,
    victim: VictimFilter = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List the contact log.

    \b
    Example:
      vlo contact list --case VLU-2025-0142
    """
    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    case_id = store.case(case)["id"] if case else None
    if victim is not None:
        store.victim(victim)
    count = emit(store.contacts(victim_id=victim, case_id=case_id), CONTACT_COLUMNS, fmt)
    if fmt == "table" and count == 0:
        message("No contacts logged. Log one with: vlo contact add VICTIM --date DATE --method phone")
