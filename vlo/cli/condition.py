"""``vlo condition ...`` and ``vlo dates``: licence conditions victims ask for, and the prison's dates."""

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
from vlo.domain import conditions
from vlo.domain.values import LONG_TEXT, choice, clean_text, parse_date, parse_optional_date, today
from vlo.errors import VloError
from vlo.render import Column, emit, message

condition_app = typer.Typer(
    help="Licence conditions victims ask for, and their progress.", no_args_is_help=True
)
app.add_typer(condition_app, name="condition")

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation


@condition_app.command("add")
def condition_add(
    ctx: typer.Context,
    victim: Annotated[int, typer.Argument(metavar="VICTIM", help="The person asking (vlo victim list).")],
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help="non-contact, exclusion-zone or other.")
    ] = None,
    details: Annotated[
        Opt, typer.Option(help="The condition in words: the area, map reference, premises or roads.")
    ] = None,
    date: Annotated[
        Opt, typer.Option("--date", metavar="DATE", help="When the victim asked (default today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a licence condition a victim asks for; prints its id.

    \b
    Example:
      vlo condition add 12 --type exclusion-zone --details "Not to enter Llandaff, Cardiff (map attached)"
      vlo condition add 12 --type non-contact --details "No contact with the victim or her children"
    """
    if type_ is None:
        raise VloError(f"condition type is required: --type, one of: {', '.join(conditions.TYPES)}")
    kind = choice(type_, "condition type", conditions.TYPES)
    record = {
        "type": kind,
        "details": clean_text(details, "details", limit=LONG_TEXT),
        "requested_on": (parse_date(date, "request date") if date else today()).isoformat(),
    }
    store = open_store(ctx, db)
    with store.write("condition add"):
        store.victim(victim)
        condition_id = store.add_condition(victim, record)
    print(condition_id)
    message(
        f"Condition {condition_id} requested by person {victim}. Next: vlo condition step {condition_id} submitted --to ..."
    )


@condition_app.command("step")
def condition_step(
    ctx: typer.Context,
    condition: Annotated[int, typer.Argument(metavar="CONDITION", help="The condition's id.")],
    step: Annotated[str, typer.Argument(help=f"One of: {', '.join(conditions.STEPS)}.")],
    date: Annotated[Opt, typer.Option("--date", metavar="DATE", help="When (default today).")] = None,
    to: Annotated[
        Opt,
        typer.Option("--to", help=f"Decision-maker when submitted: {', '.join(conditions.DECISION_MAKERS)}."),
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
    from vlo.service import refresh_deadlines

    name = choice(step, "step", conditions.STEPS)
    when = parse_date(date, "step date") if date else today()
    if when > today():
        raise VloError("step date cannot be in the future")
    maker = choice(to, "decision-maker", conditions.DECISION_MAKERS) if to else None
    text = clean_text(note, "note", limit=LONG_TEXT, required=False)
    store = open_store(ctx, db)
    with store.write("condition step"):
        found = store.condition(condition)
        steps = store.condition_steps(condition)
        last = parse_date(steps[-1]["date"] if steps else found["requested_on"], "last step")
        conditions.check_step(found["status"], name, last_date=last, when=when, decision_maker=maker)
        store.add_condition_step(
            condition, {"step": name, "date": when.isoformat(), "decision_maker": maker, "note": text}
        )
        refresh_deadlines(store, [found["case_id"]])
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
def condition_list(
    ctx: typer.Context,
    case: CaseFilter = None,
    victim: VictimFilter = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List licence conditions and where each has got to.

    \b
    Example:
      vlo condition list --case VLU-2025-0142
    """
    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    case_id = store.case(case)["id"] if case else None
    emit(store.conditions(case_id=case_id, victim_id=victim), CONDITION_COLUMNS, fmt)


DATE_OPTIONS = ("release", "parole_eligibility", "hdc_eligibility", "licence_end", "sentence_end")


@app.command()
def dates(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The case reference.")],
    release: Annotated[Opt, typer.Option(metavar="DATE", help="Confirmed release date.")] = None,
    parole_eligibility: Annotated[
        Opt, typer.Option(metavar="DATE", help="Confirmed parole eligibility date.")
    ] = None,
    hdc_eligibility: Annotated[
        Opt, typer.Option(metavar="DATE", help="Confirmed HDC eligibility date.")
    ] = None,
    licence_end: Annotated[Opt, typer.Option(metavar="DATE", help="Confirmed licence expiry date.")] = None,
    sentence_end: Annotated[Opt, typer.Option(metavar="DATE", help="Confirmed sentence expiry date.")] = None,
    db: DbOption = None,
) -> None:
    """Record dates the prison has confirmed; they win over vlo's indicative ones ("" forgets one).

    \b
    Example:
      vlo dates VLU-2025-0142 --release 2027-02-26 --licence-end 2029-03-30
    """
    from vlo.service import refresh_deadlines

    given = dict(
        zip(
            DATE_OPTIONS,
            (release, parole_eligibility, hdc_eligibility, licence_end, sentence_end),
            strict=True,
        )
    )
    changes = {
        k: parse_optional_date(v, k.replace("_", " ") + " date") for k, v in given.items() if v is not None
    }
    if not changes:
        raise VloError("give at least one date, e.g. --release DATE")
    store = open_store(ctx, db)
    with store.write("dates"):
        case = store.case(ref)
        for key, value in changes.items():
            store.set_confirmed_date(case["id"], key, value.isoformat() if value else None)
        refresh_deadlines(store, [case["id"]])
    message(
        f"Recorded the prison's dates for {case['ref']}: {', '.join(k.replace('_', ' ') for k in changes)}."
    )
