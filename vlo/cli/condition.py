"""``vlo condition ...``: licence conditions victims ask for, protection arrangements the service
proposes, their progress, and exclusion-zone maps."""

from pathlib import Path
from typing import Annotated

import typer

from vlo.cli.options import (
    CaseFilter,
    DbOption,
    JsonOption,
    Opt,
    PersonalOption,
    VictimFilter,
    date_option,
    listing,
)
from vlo.cli.root import app, open_store
from vlo.domain import conditions as rules
from vlo.render import Column, message, print_json
from vlo.service import conditions

condition_app = typer.Typer(
    help="Licence conditions victims ask for, protection arrangements, and their progress.",
    no_args_is_help=True,
)
MapOption = Annotated[
    Opt,
    typer.Option(
        "--map",
        metavar="FILE",
        help="Exclusion zone only: its map, a PDF or image (.pdf .png .jpg .gif), 5 MB at most.",
    ),
]
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
    map_file: MapOption = None,
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
    condition_id = conditions.add_condition(
        open_store(ctx, db), person, record, Path(map_file).expanduser() if map_file else None
    )
    print(condition_id)
    message(
        f"Condition {condition_id} requested by person {person}. Next: vlo condition step {condition_id} submitted --to ..."
    )


@condition_app.command("propose")
def condition_propose(
    ctx: typer.Context,
    person: Annotated[int, typer.Argument(metavar="ID", help="The person it protects (vlo victim list).")],
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help="non-contact, exclusion-zone or other.")
    ] = None,
    details: Annotated[Opt, typer.Option(help="The arrangement in words.")] = None,
    date: date_option("When the service proposed it (default today).") = None,
    map_file: MapOption = None,
    db: DbOption = None,
) -> None:
    """Record a protection arrangement the service proposes (not one the victim asked for); prints its id.

    It must be put to the victim for their agreement (vlo due shows by when); then
    vlo condition step ID victim-agreed, victim-declined or victim-asked-changes.

    \b
    Example:
      vlo condition propose 12 --type exclusion-zone --details "Not to enter Pontcanna" --map zone.pdf
      vlo condition step 5 put-to-victim --date 2025-06-04
    """
    from vlo.domain.records import condition_fields

    record = condition_fields(type_, details, date)
    condition_id = conditions.propose_protection(
        open_store(ctx, db), person, record, Path(map_file).expanduser() if map_file else None
    )
    print(condition_id)
    message(
        f"Protection arrangement {condition_id} proposed for person {person}. "
        f"Next: vlo condition step {condition_id} put-to-victim"
    )


@condition_app.command("map")
def condition_map(
    ctx: typer.Context,
    condition: Annotated[int, typer.Argument(metavar="CONDITION", help="The condition's id.")],
    file: Annotated[str, typer.Argument(metavar="FILE", help="A PDF or image of the exclusion zone.")],
    db: DbOption = None,
) -> None:
    """Attach (or replace) the map of an exclusion zone, kept in the database.

    The file must be what its name says (a .pdf must be a PDF), 5 MB at most.

    \b
    Example:
      vlo condition map 3 llandaff-zone.pdf
    """
    done = conditions.attach_map(open_store(ctx, db), condition, Path(file).expanduser())
    message(f"Map {done['name']} ({done['size']:,} bytes) attached to condition {condition}.")


@condition_app.command("show")
def condition_show(
    ctx: typer.Context,
    condition: Annotated[int, typer.Argument(metavar="CONDITION", help="The condition's id.")],
    map_out: Annotated[
        Opt, typer.Option("--map-out", metavar="FILE", help="Write its map to FILE (a new file, owner-only).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    personal: PersonalOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one condition: its kind, its steps, and its map by name (written out with --map-out).

    The details (what the victim asked for) are shown only with --personal.

    \b
    Example:
      vlo condition show 3
      vlo condition show 3 --map-out ~/zone.pdf
    """
    store = open_store(ctx, db)
    found = conditions.condition_detail(store, condition)
    if map_out:
        written = conditions.write_map(store, condition, Path(map_out).expanduser(), force=force)
        message(f"Wrote the map {written['name']} to {map_out} (owner-only).")
    shown_map = {k: found["map"][k] for k in ("name", "media_type", "size")} if found["map"] else None
    if as_json:
        keys = (
            "id",
            "case_ref",
            "victim_id",
            "kind",
            "type",
            *(("details",) if personal else ()),
            "status",
            "decision_maker",
            "requested_on",
        )
        print_json(
            {
                **{k: found[k] for k in keys},
                "map": shown_map,
                "steps": [
                    {k: s[k] for k in ("step", "date", "decision_maker", *(("note",) if personal else ()))}
                    for s in found["steps"]
                ],
            }
        )
        return
    first = "Proposed" if found["origin"] == "service" else "Requested"
    print(
        f"Condition {found['id']} on case {found['case_ref']}, person {found['victim_id']}: {found['kind']}"
    )
    print(f"Type: {found['type']}")
    print(f"Details: {found['details']}" if personal else "Details: not shown (add --personal)")
    print(f"Status: {found['status']}")
    print(f"{first}: {found['requested_on']}")
    for step in found["steps"]:
        extra = f" ({step['decision_maker']})" if step["decision_maker"] else ""
        note = f": {step['note']}" if step["note"] and personal else ""
        print(f"  {step['date']}  {step['step']}{extra}{note}")
    if shown_map:
        hint = "" if map_out else f" (write it out with: vlo condition show {found['id']} --map-out FILE)"
        print(f"Map: {shown_map['name']}, {shown_map['media_type']}, {shown_map['size']:,} bytes{hint}")


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

    A protection arrangement is first put-to-victim, then victim-agreed, victim-declined or
    victim-asked-changes; once agreed it is submitted like a request. A decision (agreed, agreed with changes, refused) puts "tell the victim" on the morning list.

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
    Column("kind", "Kind", no_wrap=True, optional=True),
    Column("type", "Type"),  # breaks after a hyphen: exclusion- / zone
    Column("details", "Details"),
    Column("status", "Status"),  # agreed-with- / changes
    Column("decision_maker", "Decided by", no_wrap=True, optional=True),
    Column("requested_on", "Requested", no_wrap=True, optional=True),
    Column("last_step_on", "Last step", no_wrap=True, optional=True),
    Column("map", "Map", no_wrap=True, optional=True),
)


@condition_app.command("list")
@listing(
    CONDITION_COLUMNS,
    empty="No licence conditions recorded. Record one with: vlo condition add ID --type TYPE",
    said=("details",),
)
def condition_list(
    ctx: typer.Context, case: CaseFilter = None, victim: VictimFilter = None, db: DbOption = None
):
    """List licence conditions (the victim's requests and the service's protection arrangements,
    told apart by Kind) and where each has got to. The details (what the victim asked for, often
    where they live) only with --personal.

    \b
    Example:
      vlo condition list --case VLU-2025-0142
      vlo condition list --victim 12 --personal
    """
    return conditions.list_conditions(open_store(ctx, db), case_ref=case, person_id=victim)
