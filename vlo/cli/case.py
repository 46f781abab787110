"""``vlo case ...``, ``vlo sentence`` and ``vlo dates``: cases, their sentences and their dates."""

from typing import Annotated

import typer

from vlo.cli.options import (
    NO_CASES,
    DbOption,
    JsonOption,
    OfficerFilter,
    Opt,
    OptBool,
    OptInt,
    OptList,
    PersonalOption,
    RefArg,
    date_option,
    listing,
    with_options,
)
from vlo.cli.root import app, open_store
from vlo.domain import scheme
from vlo.render import Column, message, print_json
from vlo.service import cases

case_app = typer.Typer(help="Register, list, show, edit and close cases.", no_args_is_help=True)
app.add_typer(case_app, name="case")

CASE_FIELDS = {
    "offender": Annotated[Opt, typer.Option(help="Offender's full name.")],
    "offence": Annotated[Opt, typer.Option(help="The offence, in words.")],
    "category": Annotated[Opt, typer.Option(help="violent, sexual, terrorism or other.")],
    "court": Annotated[Opt, typer.Option(help="Sentencing court.")],
    "officer": Annotated[Opt, typer.Option(help="Allocated officer.")],
    "discretionary": Annotated[
        Opt,
        typer.Option(
            "--discretionary", metavar="REASON", help="Take the case at the unit's discretion, why."
        ),
    ],
    "prison_number": Annotated[Opt, typer.Option(help="Prison number (never printed in letters).")],
    "offence_date": Annotated[Opt, typer.Option(metavar="DATE", help="Date of the offence.")],
    "referral_date": Annotated[
        Opt, typer.Option(metavar="DATE", help="Date the Witness Care Unit's referral arrived.")
    ],
    "offender_dob": Annotated[
        Opt, typer.Option(metavar="DATE", help="Offender's date of birth (a licence follows only from 18).")
    ],
    # Yes/no facts the rules read; left unset they are "not recorded" (see the README).
    "sex_offender_registration": Annotated[
        OptBool,
        typer.Option(
            "--sex-offender-registration/--no-sex-offender-registration",
            help="Subject to sex-offender notification (excludes HDC; not the same as a sexual offence).",
            show_default=False,
        ),
    ],
    "listed_offence": Annotated[
        OptBool,
        typer.Option(
            "--listed-offence/--not-listed-offence",
            help="An offence listed for release at two-thirds of 4 to 7 years (from 28 Jun 2022).",
            show_default=False,
        ),
    ],
    "forty_percent_excluded": Annotated[
        OptBool,
        typer.Option(
            "--forty-percent-excluded/--not-forty-percent-excluded",
            help="On the list excluded from 40% release (e.g. stalking, controlling behaviour).",
            show_default=False,
        ),
    ],
    "schedule_15": Annotated[
        OptBool,
        typer.Option(
            "--schedule-15/--not-schedule-15",
            help="A terrorism offence in the Act's lists (DVCVA 2004 s.45): statutory; else a review.",
            show_default=False,
        ),
    ],
    "schedule_15b": Annotated[
        OptBool,
        typer.Option(
            "--schedule-15b/--not-schedule-15b",
            help="A Schedule 15B offence (a 2012-15 extended sentence then goes to the Parole Board).",
            show_default=False,
        ),
    ],
}


def _case_fields(fields: dict, *, required: bool) -> dict:
    from vlo.domain.records import case_fields

    return case_fields(**fields, required=required)


@case_app.command("add")
@with_options(CASE_FIELDS)
def case_add(ctx: typer.Context, ref: RefArg, db: DbOption = None, **fields) -> None:
    """Register a case.

    \b
    Example:
      vlo case add VLU-2025-0142 --offender "John Doe" --offence "Wounding with intent" \\
        --category violent --court "Cardiff Crown Court" --officer "A. Jones"
    """
    from vlo.domain.records import clean_ref

    record = {"ref": clean_ref(ref), **_case_fields(fields, required=True)}
    added = cases.add_case(open_store(ctx, db), record)
    message(f"Registered case {added}. Next: vlo sentence {added} --date DATE --type TYPE ...")


@case_app.command("edit")
@with_options(CASE_FIELDS)
def case_edit(ctx: typer.Context, ref: RefArg, db: DbOption = None, **fields) -> None:
    """Change a case's details; give only what changes ("" clears an optional field).

    \b
    Example:
      vlo case edit VLU-2025-0142 --officer "B. Evans"
    """
    changes = _case_fields(fields, required=False)
    edited = cases.edit_case(open_store(ctx, db), ref, changes)
    message(f"Updated case {edited}: {', '.join(k.replace('_', ' ') for k in changes)}.")


@case_app.command("close")
def case_close(ctx: typer.Context, ref: RefArg, db: DbOption = None) -> None:
    """Close a case: its deadlines leave the morning list.

    \b
    Example:
      vlo case close VLU-2025-0142
    """
    message(f"Closed case {cases.close_case(open_store(ctx, db), ref)}.")


CASE_COLUMNS = (
    Column("case_ref", "Case", no_wrap=True),
    Column("offender", "Offender"),
    Column("category", "Category", no_wrap=True, optional=True),
    Column("sentence", "Sentence"),
    Column("eligibility", "Eligibility", no_wrap=True),
    Column("officer", "Officer", optional=True),
    Column("people", "People", justify="right", no_wrap=True, optional=True),
    Column("status", "Status", no_wrap=True, optional=True),
)


@case_app.command("list")
@listing(CASE_COLUMNS, empty=NO_CASES, identifying=("offender",))
def case_list(
    ctx: typer.Context,
    officer: OfficerFilter = None,
    closed: Annotated[bool, typer.Option("--closed", help="Include closed cases.")] = False,
    db: DbOption = None,
):
    """List cases with their sentence and eligibility.

    \b
    Example:
      vlo case list --officer "A. Jones"
      vlo case list --csv > cases.csv
    """
    return cases.case_rows(open_store(ctx, db), officer=officer, include_closed=closed)


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    ref: RefArg,
    personal: PersonalOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show the whole case: offender, sentence, eligibility, dates and the people to contact.

    What victims said (condition details, breach summaries) is shown only with --personal; --json
    leaves out names, contact details and the prison number too unless --personal.

    \b
    Example:
      vlo case show VLU-2025-0142
      vlo case show VLU-2025-0142 --json
    """
    from vlo.privacy import case_for_machines, without_said

    summary = cases.case_summary(open_store(ctx, db), ref)
    if as_json:
        print_json(summary if personal else case_for_machines(summary))
    else:
        from vlo.render_case import print_case

        print_case(summary if personal else without_said(summary))


@app.command()
def sentence(
    ctx: typer.Context,
    ref: RefArg,
    date: date_option("Date the sentence was imposed.") = None,
    type_: Annotated[
        Opt, typer.Option("--type", metavar="TYPE", help=f"One of: {', '.join(scheme.SENTENCE_TYPES)}.")
    ] = None,
    length: Annotated[
        Opt, typer.Option(metavar="LENGTH", help="Custodial term: 18m, 2y6m, 4y or 120d.")
    ] = None,
    consecutive: Annotated[
        OptList, typer.Option(metavar="LENGTH", help="A consecutive term (repeatable).")
    ] = None,
    concurrent: Annotated[
        OptList, typer.Option(metavar="LENGTH", help="A concurrent term (repeatable).")
    ] = None,
    extension: Annotated[Opt, typer.Option(metavar="LENGTH", help="Extended licence period (eds).")] = None,
    tariff: Annotated[
        Opt, typer.Option(metavar="LENGTH", help="Minimum term (life, ipp, detention).")
    ] = None,
    remand_days: Annotated[OptInt, typer.Option(help="Days on remand.")] = None,
    tagged_bail_days: Annotated[OptInt, typer.Option(help="Tagged bail credit days.")] = None,
    ual_days: Annotated[OptInt, typer.Option(help="Days unlawfully at large.")] = None,
    added_days: Annotated[OptInt, typer.Option(help="Additional days awarded.")] = None,
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
    from vlo.domain.records import sentence_fields
    from vlo.domain.values import LONG_TEXT, clean_text

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
    done = cases.record_sentence(open_store(ctx, db), ref, record, appeal=note)
    verdict = done.eligibility
    message(f"Recorded the sentence for {done.case_ref}. Eligibility: {verdict.verdict}. {verdict.reason}")


def _date_options() -> dict:
    from vlo.domain.release import DATE_LABELS

    return {
        key: Annotated[Opt, typer.Option(metavar="DATE", help=f"Confirmed {key.replace('_', ' ')} date.")]
        for key, _ in DATE_LABELS
    }


@app.command()
@with_options(_date_options())
def dates(ctx: typer.Context, ref: RefArg, db: DbOption = None, **given) -> None:
    """Record dates the prison has confirmed; they win over vlo's indicative ones ("" forgets one).

    \b
    Example:
      vlo dates VLU-2025-0142 --release 2027-02-26 --licence-end 2029-03-30
    """
    from vlo.domain.values import parse_optional_date

    changes = {
        k: parse_optional_date(v, k.replace("_", " ") + " date") for k, v in given.items() if v is not None
    }
    done = cases.confirm_dates(open_store(ctx, db), ref, changes)
    message(f"Recorded the prison's dates for {done}: {', '.join(k.replace('_', ' ') for k in changes)}.")
