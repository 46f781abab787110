"""``vlo condition ...``: licence conditions victims ask for, and their progress."""

from typing import Annotated

import typer

from vlo.cli.options import (
    CaseFilter,
    DbOption,
    Opt,
    VictimFilter,
    date_option,
    listing,
)
from vlo.cli.root import app, open_store
from vlo.domain import conditions as rules
from vlo.render import Column, message
from vlo.service import conditions

condition_app = typer.Typer(
    help="Licence conditions victims ask for, and their progress.", no_args_is_help=True
)
app.add_typer(condition_app, name="condition")


@condition_app.command("add")
def condition_add(
    ctx: typer.Context,
    person: Annotated[int, typer.Argument(metavar="ID", help="The person asking (vlo victim list).")],
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help="non-contact, exclusion-zone or other.")
    ] = None,
    details: Annotated[
        Opt, typer.Option(help="The condition in words: the area, map reference, premises or roads.")
    ] = None,
    date: date_option("When the victim asked (default today).") = None,
    db: DbOption = None,
) -> None:
    """Record a licence condition a victim asks for; prints its id.

    \b
    Example:
      vlo condition add 12 --type exclusion-zone --details "Not to enter Llandaff, Cardiff (map attached)"
      vlo condition add 12 --type non-contact --details "No contact with the victim or her children"
    """
    from vlo.domain.records import condition_fields

    record = condition_fields(type_, details, date)
    condition_id = conditions.add_condition(open_store(ctx, db), person, record)
    print(condition_id)
    message(
        f"Condition {condition_id} requested by person {person}. Next: vlo condition step {condition_id} submitted --to ..."
    )


@condition_app.command("step")
def condition_step(
    ctx: typer.Context,
    condition: Annotated[int, typer.Argument(metavar="CONDITION", help="The condition's id.")],
    step: Annotated[str, typer.Argument(help=f"One of: {', '.join(rules.STEPS)}.")],
    date: date_option("When (default today).") = None,
    to: Annotated[
        Opt,
        typer.Option("--to", help=f"Decision-maker when submitted: {', '.join(rules.DECISION_MAKERS)}."),
    ] = None,
    note: Annotated[Opt, typer.Option(help="A note, e.g. the changes made.")] = None,
    db: DbOption = None,
) -> None:
    """Move a condition along: submitted, agreed, agreed-with-changes, refused, in-force, varied, suspended, ended.

    A decision (agreed, agreed with changes, refused) puts "tell the victim" on the morning list.

    \b
    Example:
      vlo condition step 3 submitted --to parole-board --date 2025-09-01
      vlo condition step 3 agreed-with-changes --date 2025-10-14 --note "Zone reduced to Llandaff village"
    """
    from vlo.domain.values import LONG_TEXT, choice, clean_text, parse_date, today

    name = choice(step, "step", rules.STEPS)
    when = parse_date(date, "step date") if date else today()
    maker = choice(to, "decision-maker", rules.DECISION_MAKERS) if to else None
    text = clean_text(note, "note", limit=LONG_TEXT, required=False)
    conditions.step_condition(open_store(ctx, db), condition, name, when, maker, text)
    message(f"Condition {condition} is now {name} ({when.isoformat()}).")


CONDITION_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("victim_id", "Person", justify="right", no_wrap=True),
    Column("type", "Type", no_wrap=True),
    Column("details", "Details"),
    Column("status", "Status", no_wrap=True),
    Column("decision_maker", "Decided by", no_wrap=True),
    Column("requested_on", "Requested", no_wrap=True),
    Column("last_step_on", "Last step", no_wrap=True),
)


@condition_app.command("list")
@listing(
    CONDITION_COLUMNS,
    empty="No licence conditions recorded. Record one with: vlo condition add ID --type TYPE",
)
def condition_list(
    ctx: typer.Context, case: CaseFilter = None, victim: VictimFilter = None, db: DbOption = None
):
    """List licence conditions and where each has got to.

    \b
    Example:
      vlo condition list --case VLU-2025-0142
    """
    return conditions.list_conditions(open_store(ctx, db), case_ref=case, person_id=victim)
