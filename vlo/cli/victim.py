"""``vlo victim ...`` and ``vlo contact ...``: the people to contact, their choices, the contact log."""

from typing import Annotated, Optional

import typer

from vlo.cli.options import (
    CaseFilter,
    DbOption,
    JsonOption,
    Opt,
    OptList,
    PersonalOption,
    PersonArg,
    RefArg,
    VictimFilter,
    date_option,
    listing,
    with_options,
)
from vlo.cli.root import app, open_store
from vlo.domain import scheme
from vlo.render import Column, message, print_json
from vlo.service import people

victim_app = typer.Typer(
    help="The people to contact on a case: victims, relatives, parents.", no_args_is_help=True
)
contact_app = typer.Typer(help="The contact log: calls, letters, meetings.", no_args_is_help=True)
app.add_typer(victim_app, name="victim")
app.add_typer(contact_app, name="contact")

PERSON_FIELDS = {
    "name": Annotated[Opt, typer.Option(help='Full name, e.g. "Jane Smith".')],
    "title": Annotated[Opt, typer.Option(help="Title for letters: Ms, Mr, Mx, Dr ...")],
    "salutation": Annotated[
        Opt, typer.Option(help='How letters greet them after "Dear", e.g. "Mrs O\'Reilly-Ap Rhys".')
    ],
    "role": Annotated[Opt, typer.Option(help=f"One of: {', '.join(scheme.ROLES)} (default victim).")],
    "address": Annotated[Opt, typer.Option(help="Postal address, lines separated by commas.")],
    "postcode": Annotated[Opt, typer.Option(help="UK postcode.")],
    "email": Annotated[Opt, typer.Option(help="Email address.")],
    "phone": Annotated[Opt, typer.Option(help="Phone number.")],
    "preferred_method": Annotated[
        Opt, typer.Option(help=f"Preferred method: {', '.join(scheme.CONTACT_METHODS)}.")
    ],
    "needs": Annotated[Opt, typer.Option(help="Other needs: an interpreter, braille, a carer to read ...")],
    "language": Annotated[
        Opt, typer.Option(help="Letters in: en (English), cy (Welsh) or bilingual (default en).")
    ],
    "format": Annotated[
        Opt, typer.Option(help="Letters printed: standard (12 pt), large-print (16 pt) or easy-read (14 pt).")
    ],
    "date_of_birth": Annotated[
        Opt,
        typer.Option(
            metavar="DATE", help="A child victim's date of birth: their own offer comes when they turn 18."
        ),
    ],
}


def _person_fields(fields: dict, do_not_post: bool | None, *, required: bool) -> dict:
    from vlo.domain.records import person_fields

    return person_fields(**fields, do_not_post=do_not_post, required=required)


@victim_app.command("add")
@with_options(PERSON_FIELDS)
def victim_add(
    ctx: typer.Context,
    ref: RefArg,
    do_not_post: Annotated[
        bool, typer.Option("--do-not-post", help="Never send post to this person.")
    ] = False,
    db: DbOption = None,
    **fields,
) -> None:
    """Add a person to contact to a case; prints the new person's id alone.

    \b
    Example:
      vlo victim add VLU-2025-0142 --name "Jane Smith" --title Ms \\
        --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA"
    """
    record = _person_fields(fields, do_not_post, required=True)
    added = people.add_person(open_store(ctx, db), ref, record)
    print(added.id)
    message(f"Added {record['role']} {added.id} to case {added.case_ref}.")


@victim_app.command("edit")
@with_options(PERSON_FIELDS)
def victim_edit(
    ctx: typer.Context,
    person: PersonArg,
    do_not_post: Annotated[
        Optional[bool],  # noqa: UP045 - Typer reads the annotation
        typer.Option("--do-not-post/--may-post", help="Never send post / post again.", show_default=False),
    ] = None,
    db: DbOption = None,
    **fields,
) -> None:
    """Change a person's details; give only what changes ("" clears an optional field).

    \b
    Example:
      vlo victim edit 12 --address "4 New Road, Swansea" --postcode "SA1 1AA"
    """
    changes = _person_fields(fields, do_not_post, required=False)
    people.edit_person(open_store(ctx, db), person, changes)
    message(f"Updated person {person}: {', '.join(k.replace('_', ' ') for k in changes)}.")


@victim_app.command("opt-in")
def victim_opt_in(
    ctx: typer.Context,
    person: PersonArg,
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
    chosen = people.set_choice(open_store(ctx, db), person, "opt-in", level)
    message(f"Person {person} opted in: {scheme.CONTACT_LEVEL_WORDS[chosen]}.")


@victim_app.command("opt-out")
def victim_opt_out(ctx: typer.Context, person: PersonArg, db: DbOption = None) -> None:
    """Record that a person no longer wants contact (they can opt in again at any time).

    \b
    Example:
      vlo victim opt-out 12
    """
    people.set_choice(open_store(ctx, db), person, "opt-out")
    message(f"Person {person} opted out; their deadlines leave the morning list.")


@victim_app.command("decline")
def victim_decline(ctx: typer.Context, person: PersonArg, db: DbOption = None) -> None:
    """Record that a person declined the offer of contact.

    \b
    Example:
      vlo victim decline 12
    """
    people.set_choice(open_store(ctx, db), person, "decline")
    message(f"Person {person} declined contact.")


PERSON_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("name", "Name"),
    Column("role", "Role", no_wrap=True),
    Column("opt_status", "Choice", no_wrap=True),
    Column("contact_level", "Level", no_wrap=True, optional=True),
    Column("postcode", "Postcode", no_wrap=True, optional=True),
    Column("preferred_method", "Method", no_wrap=True, optional=True),
    Column("do_not_post", "No post", no_wrap=True, optional=True),
)


@victim_app.command("list")
@listing(
    PERSON_COLUMNS,
    empty="No people to contact yet. Add one with: vlo victim add REF --name NAME",
    identifying=("name", "postcode"),
)
def victim_list(ctx: typer.Context, case: CaseFilter = None, db: DbOption = None):
    """List the people to contact (names and postcodes go into --json/--csv only with --personal).

    \b
    Example:
      vlo victim list --case VLU-2025-0142
    """
    return people.people(open_store(ctx, db), case)


@victim_app.command("show")
def victim_show(
    ctx: typer.Context,
    person: PersonArg,
    personal: PersonalOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one person's details, choices and contact log.

    What the victim said (contact and breach summaries) is shown only with --personal; --json
    leaves out their name and contact details too unless --personal.

    \b
    Example:
      vlo victim show 12
      vlo victim show 12 --personal
    """
    from vlo.privacy import person_for_machines, without_said

    detail = people.person_detail(open_store(ctx, db), person)
    if as_json:
        print_json(detail if personal else person_for_machines(detail))
    else:
        from vlo.render_case import print_person

        print_person(detail if personal else without_said(detail))


CONTACT_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("victim_id", "Person", justify="right"),
    Column("date", "Date", no_wrap=True),
    Column("method", "Method", no_wrap=True, optional=True),
    Column("direction", "Direction", no_wrap=True, optional=True),
    Column("outcome", "Outcome", no_wrap=True),
    Column("about", "About", optional=True),
    Column("summary", "Summary"),
)


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    person: PersonArg,
    date: date_option("When (default today).") = None,
    method: Annotated[Opt, typer.Option(help=f"One of: {', '.join(scheme.CONTACT_METHODS)}.")] = None,
    direction: Annotated[
        str, typer.Option(help="out (we contacted them) or in (they contacted us).")
    ] = "out",
    summary: Annotated[Opt, typer.Option(help="What was said or sent.")] = None,
    outcome: Annotated[
        Opt,
        typer.Option(
            help="made (default), or an attempt: no-answer, voicemail, returned (post came back).",
            show_default=False,
        ),
    ] = None,
    about: Annotated[
        OptList,
        typer.Option(
            metavar="KIND",
            help="The kind of deadline it answers (repeatable; see vlo due --json kinds). "
            "Without it, it answers every deadline open on its date.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Log a contact with a person, or an attempt to reach them.

    A contact made meets the deadlines whose window is open on its date (something to tell or ask
    was known); with --about, only deadlines of those kinds. An attempt (--outcome no-answer,
    voicemail or returned) shows in the log and meets nothing; returned post flags the address
    so letters skip it until the address is changed.

    \b
    Example:
      vlo contact add 12 --date today --method phone --summary "Explained the scheme"
      vlo contact add 12 --method phone --about victim-statement --about key-stage
      vlo contact add 12 --method letter --outcome returned
    """
    from vlo.domain.records import contact_fields

    record = contact_fields(date, method, direction, summary)
    store = open_store(ctx, db)
    contact_id = people.add_contact(store, person, record, outcome=outcome, about=about)
    print(contact_id)
    if outcome and outcome != "made":
        extra = "; the address is flagged until it is changed" if outcome == "returned" else ""
        message(f"Logged an attempt ({outcome}) to reach person {person} on {record['date']}{extra}.")
    else:
        message(f"Logged a {record['method']} contact with person {person} on {record['date']}.")


@contact_app.command("list")
@listing(
    CONTACT_COLUMNS,
    empty="No contacts logged. Log one with: vlo contact add ID --date DATE --method phone",
    said=("summary",),
)
def contact_list(
    ctx: typer.Context, case: CaseFilter = None, victim: VictimFilter = None, db: DbOption = None
):
    """List the contact log (what was said, the summary, only with --personal).

    \b
    Example:
      vlo contact list --case VLU-2025-0142
      vlo contact list --victim 12 --personal
    """
    return people.contacts(open_store(ctx, db), case_ref=case, person_id=victim)
