"""``vlo case ...`` and ``vlo sentence``: registering cases and recording sentences."""

from typing import Annotated, Optional

import typer

from vlo.cli.root import CsvOption, DbOption, JsonOption, app, open_store, output_format
from vlo.domain import scheme
from vlo.domain.records import case_fields, clean_ref, sentence_fields
from vlo.domain.values import (
    LONG_TEXT,
    clean_text,
)
from vlo.errors import VloError
from vlo.render import Column, emit, message, print_json
from vlo.service import eligibility, refresh_deadlines

case_app = typer.Typer(help="Register, list, show, edit and close cases.", no_args_is_help=True)
app.add_typer(case_app, name="case")

RefArg = Annotated[str, typer.Argument(help="The unit's case reference, e.g. VLU-2025-0142.")]
Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation

OffenderOpt = Annotated[Opt, typer.Option(help="Offender's full name.")]
OffenceOpt = Annotated[Opt, typer.Option(help="The offence, in words.")]
CategoryOpt = Annotated[Opt, typer.Option(help="violent, sexual, terrorism or other.")]
CourtOpt = Annotated[Opt, typer.Option(help="Sentencing court.")]
OfficerOpt = Annotated[Opt, typer.Option(help="Allocated officer.")]
DiscretionaryOpt = Annotated[
    Opt,
    typer.Option("--discretionary", metavar="REASON", help="Take the case at the unit's discretion, why."),
]
PrisonNumberOpt = Annotated[Opt, typer.Option(help="Prison number (never printed in letters).")]
OffenceDateOpt = Annotated[Opt, typer.Option(metavar="DATE", help="Date of the offence.")]
ReferralDateOpt = Annotated[
    Opt, typer.Option(metavar="DATE", help="Date the Witness Care Unit's referral arrived.")
]


@case_app.command("add")
def case_add(
    ctx: typer.Context,
    ref: RefArg,
    offender: OffenderOpt = None,
    offence: OffenceOpt = None,
    category: CategoryOpt = None,
    court: CourtOpt = None,
    officer: OfficerOpt = None,
    discretionary: DiscretionaryOpt = None,
    prison_number: PrisonNumberOpt = None,
    offence_date: OffenceDateOpt = None,
    referral_date: ReferralDateOpt = None,
    db: DbOption = None,
) -> None:
    """Register a case.

    \b
    Example:
      vlo case add VLU-2025-0142 --offender "John Doe" --offence "Wounding with intent" \\
        --category violent --court "Cardiff Crown Court" --officer "A. Jones"
    """
    record = {
        "ref": clean_ref(ref),
        **case_fields(
            offender,
            offence,
            category,
            court,
            officer,
            discretionary,
            prison_number,
            offence_date,
            referral_date,
            required=True,
        ),
    }
    store = open_store(ctx, db)
    with store.write("case add"):
        store.add_case(record)
    message(
        f"Registered case {record['ref']}. Next: vlo sentence {record['ref']} --date DATE --type TYPE ..."
    )


@case_app.command("edit")
def case_edit(
    ctx: typer.Context,
    ref: RefArg,
    offender: OffenderOpt = None,
    offence: OffenceOpt = None,
    category: CategoryOpt = None,
    court: CourtOpt = None,
    officer: OfficerOpt = None,
    discretionary: DiscretionaryOpt = None,
    prison_number: PrisonNumberOpt = None,
    offence_date: OffenceDateOpt = None,
    referral_date: ReferralDateOpt = None,
    db: DbOption = None,
) -> None:
    """Change a case's details; give only what changes ("" clears an optional field).

    \b
    Example:
      vlo case edit VLU-2025-0142 --officer "B. Evans"
    """
    changes = case_fields(
        offender,
        offence,
        category,
        court,
        officer,
        discretionary,
        prison_number,
        offence_date,
        referral_date,
        required=False,
    )
    if not changes:
        raise VloError("nothing to change: give at least one option, e.g. --officer NAME")
    store = open_store(ctx, db)
    with store.write("case edit"):
        case = store.case(ref)
        store.update_case(case["id"], changes)
        refresh_deadlines(store, [case["id"]])
    message(f"Updated case {case['ref']}: {', '.join(k.replace('_', ' ') for k in changes)}.")


@case_app.command("close")
def case_close(ctx: typer.Context, ref: RefArg, db: DbOption = None) -> None:
    """Close a case: its deadlines leave the morning list.

    \b
    Example:
      vlo case close VLU-2025-0142
    """
    store = open_store(ctx, db)
    with store.write("case close"):
        case = store.case(ref)
        if case["status"] == "closed":
            raise VloError(f"case {case['ref']} is already closed")
        store.close_case(case["id"])
        refresh_deadlines(store, [case["id"]])
    message(f"Closed case {case['ref']}.")


CASE_COLUMNS = (
    Column("case_ref", "Case", no_wrap=True),
    Column("offender", "Offender"),
    Column("category", "Category", no_wrap=True),
    Column("sentence", "Sentence"),
    Column("eligibility", "Eligibility", no_wrap=True),
    Column("officer", "Officer"),
    Column("people", "People", justify="right", no_wrap=True),
    Column("status", "Status", no_wrap=True),
)


@case_app.command("list")
def case_list(
    ctx: typer.Context,
    officer: Annotated[Opt, typer.Option(help="Only this officer's cases.")] = None,
    closed: Annotated[bool, typer.Option("--closed", help="Include closed cases.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List cases with their sentence and eligibility.

    \b
    Example:
      vlo case list --officer "A. Jones"
      vlo case list --csv > cases.csv
    """
    from vlo.service import case_rows

    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    count = emit(case_rows(store, officer=officer, include_closed=closed), CASE_COLUMNS, fmt)
    if fmt == "table" and count == 0:
        message(
            "No cases yet. Register one with: vlo case add REF --offender NAME --offence TEXT --category ..."
        )


@case_app.command("show")
def case_show(ctx: typer.Context, ref: RefArg, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show the whole case: offender, sentence, eligibility, dates and the people to contact.

    \b
    Example:
      vlo case show VLU-2025-0142
      vlo case show VLU-2025-0142 --json
    """
    from vlo.service import case_summary

    store = open_store(ctx, db)
    summary = case_summary(store, ref)
    if as_json:
        print_json(summary)
    else:
        from vlo.render_case import print_case

        print_case(summary)


@app.command()
def sentence(
    ctx: typer.Context,
    ref: RefArg,
    date: Annotated[
        Opt, typer.Option("--date", metavar="DATE", help="Date the sentence was imposed.")
    ] = None,
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help=f"One of: {', '.join(scheme.SENTENCE_TYPES)}.")
    ] = None,
    length: Annotated[
        Opt, typer.Option(metavar="LENGTH", help="Custodial term: 18m, 2y6m, 4y or 120d.")
    ] = None,
    consecutive: Annotated[
        Optional[list[str]], typer.Option(metavar="LENGTH", help="A consecutive term (repeatable).")  # noqa: UP045
    ] = None,
    concurrent: Annotated[
        Optional[list[str]], typer.Option(metavar="LENGTH", help="A concurrent term (repeatable).")  # noqa: UP045
    ] = None,
    extension: Annotated[Opt, typer.Option(metavar="LENGTH", help="Extended licence period (eds).")] = None,
    tariff: Annotated[
        Opt, typer.Option(metavar="LENGTH", help="Minimum term (life, ipp, detention).")
    ] = None,
    remand_days: Annotated[Optional[int], typer.Option(help="Days on remand.")] = None,  # noqa: UP045
    tagged_bail_days: Annotated[Optional[int], typer.Option(help="Tagged bail credit days.")] = None,  # noqa: UP045
    ual_days: Annotated[Optional[int], typer.Option(help="Days unlawfully at large.")] = None,  # noqa: UP045
    added_days: Annotated[Optional[int], typer.Option(help="Additional days awarded.")] = None,  # noqa: UP045
    appeal: Annotated[
        Opt, typer.Option(metavar="NOTE", help="Replace the current sentence on appeal (history kept).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a case's sentence (or replace it on appeal with --appeal NOTE).

    \b
    Example:
      vlo sentence VLU-2025-0142 --date 31/03/2025 --type sds --length 4y --remand-days 35
    """

    record = sentence_fields(
        date,
        type_,
        length,
        consecutive=consecutive or [],
        concurrent=concurrent or [],
        extension=extension,
        tariff=tariff,
        remand_days=remand_days,
        tagged_bail_days=tagged_bail_days,
        ual_days=ual_days,
        added_days=added_days,
    )
    note = clean_text(appeal, "appeal note", limit=LONG_TEXT) if appeal is not None else None
    store = open_store(ctx, db)
    with store.write("sentence"):
        case = store.case(ref)
        if case["offence_date"] and case["offence_date"] > record["date"]:
            raise VloError("sentence date is before the offence date; check both dates")
        store.record_sentence(case["id"], record, replace_note=note)
        refresh_deadlines(store, [case["id"]])
        verdict = eligibility(case, store.current_sentence(case["id"]))
    message(f"Recorded the sentence for {case['ref']}. Eligibility: {verdict.verdict}. {verdict.reason}")
