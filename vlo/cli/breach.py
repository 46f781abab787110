"""``vlo breach ...``: a victim reports a possible breach of licence; pass it on, tell them the outcome."""

from typing import Annotated

import typer

from vlo.cli.options import (
    CaseFilter,
    CsvOption,
    DbOption,
    JsonOption,
    Opt,
    OptInt,
    RefArg,
    VictimFilter,
    date_option,
    output_format,
)
from vlo.cli.root import app, open_store
from vlo.domain import breaches as rules
from vlo.render import Column, emit, message
from vlo.service import breaches

breach_app = typer.Typer(
    help="Breaches of licence a victim reports: passed on the same day, the victim told the outcome.",
    no_args_is_help=True,
)
app.add_typer(breach_app, name="breach")

BreachArg = Annotated[int, typer.Argument(metavar="ID", help="The breach report's id (vlo breach list).")]


def _when(text: str | None, field: str):
    from vlo.domain.values import parse_date, today

    return parse_date(text, field) if text else today()


@breach_app.command("add")
def breach_add(
    ctx: typer.Context,
    ref: RefArg,
    victim: Annotated[
        OptInt, typer.Option("--victim", metavar="ID", help="Who reported it (vlo victim list).")
    ] = None,
    date: date_option("When the victim told you (the clock starts then).") = None,
    summary: Annotated[
        Opt, typer.Option(help="What the victim said happened (personal: never exported without --personal).")
    ] = None,
    condition: Annotated[
        OptInt, typer.Option("--condition", metavar="ID", help="The licence condition it may breach.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a possible breach of licence a victim (or their family) reports; prints its id.

    It must be passed to the offender's probation practitioner the same working day (a report
    made on a weekend or bank holiday, the next working day): vlo due shows it as URGENT.

    \b
    Example:
      vlo breach add VLU-2025-0142 --victim 12 --date 2025-06-02 \\
        --summary "Saw him on her street at 8pm" --condition 3
    """
    if victim is None:
        from vlo.errors import VloError

        raise VloError("who reported it is required: --victim ID (vlo victim list)")
    record = rules.report_fields(date, summary)
    reported = breaches.add_breach(open_store(ctx, db), ref, victim, record, condition)
    print(reported.id)
    message(
        f"Breach report {reported.id} on case {reported.case_ref}: pass it on today. "
        f"Next: vlo breach referred {reported.id} --to NAME"
    )


@breach_app.command("referred")
def breach_referred(
    ctx: typer.Context,
    breach: BreachArg,
    to: Annotated[
        Opt, typer.Option("--to", metavar="NAME", help="The probation practitioner it went to.")
    ] = None,
    date: date_option("When it was passed on (default today).") = None,
    db: DbOption = None,
) -> None:
    """Record that a breach report was passed to the offender's probation practitioner.

    \b
    Example:
      vlo breach referred 4 --to "P. Evans (Cardiff PDU)"
    """
    from vlo.domain.values import clean_text

    name = clean_text(to, "--to (who it was passed to)")
    done = breaches.refer_breach(open_store(ctx, db), breach, name, _when(date, "referral date"))
    late = f" That is late: it was due on {done['due'].isoformat()}." if done["late"] else ""
    message(f"Breach report {breach} referred to {name} on {done['referred_on']}.{late}")


@breach_app.command("outcome")
def breach_outcome(
    ctx: typer.Context,
    breach: BreachArg,
    result: Annotated[Opt, typer.Option("--result", help=f"One of: {', '.join(rules.RESULTS)}.")] = None,
    date: date_option("When it was decided (default today).") = None,
    db: DbOption = None,
) -> None:
    """Record what was done about a breach report; the victim must then be told.

    A recall also records a recall event on the case. Until a final result (recall, warning,
    no-further-action), vlo due reminds you to chase it.

    \b
    Example:
      vlo breach outcome 4 --result warning --date 2025-06-10
    """
    from vlo.errors import VloError

    if result is None:
        raise VloError(f"result is required: --result, one of: {', '.join(rules.RESULTS)}")
    done = breaches.record_outcome(open_store(ctx, db), breach, result, _when(date, "outcome date"))
    recall = f" Recall event {done.event_id} recorded on the case." if done.event_id else ""
    message(f"Breach report {breach}: {done.result}.{recall} Tell the victim: vlo due shows when.")


@breach_app.command("chased")
def breach_chased(
    ctx: typer.Context,
    breach: BreachArg,
    date: date_option("When you chased it (default today).") = None,
    db: DbOption = None,
) -> None:
    """Record that you chased the outcome of a breach report; the next reminder moves on.

    \b
    Example:
      vlo breach chased 4
    """
    next_due = breaches.chase_breach(open_store(ctx, db), breach, _when(date, "chase date"))
    after = f" Next chase due {next_due.isoformat()}." if next_due else ""
    message(f"Breach report {breach} chased.{after}")


BREACH_COLUMNS = (
    Column("id", "Id", justify="right", no_wrap=True),
    Column("case_ref", "Case", no_wrap=True),
    Column("victim_id", "Person", justify="right", no_wrap=True),
    Column("condition_id", "Condition", justify="right", no_wrap=True, optional=True),
    Column("reported_on", "Reported", no_wrap=True),
    Column("referred_on", "Referred", no_wrap=True, optional=True),  # "To" says it was
    Column("referred_to", "To"),
    Column("result", "Result"),  # no-further- / action
    Column("result_on", "Result on", no_wrap=True, optional=True),
    Column("chased_on", "Last chased", no_wrap=True, optional=True),
)


@breach_app.command("list")
def breach_list(
    ctx: typer.Context,
    case: CaseFilter = None,
    victim: VictimFilter = None,
    personal: Annotated[bool, typer.Option("--personal", help="Include what the victim said.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List breach reports and where each has got to.

    \b
    Example:
      vlo breach list --case VLU-2025-0142
      vlo breach list --csv > breaches.csv
    """
    fmt = output_format(as_json, as_csv)
    rows = breaches.list_breaches(open_store(ctx, db), case_ref=case, person_id=victim, personal=personal)
    columns = (*BREACH_COLUMNS, Column("summary", "Summary")) if personal else BREACH_COLUMNS
    if emit(rows, columns, fmt) == 0 and fmt == "table":
        message(
            "No breach reports. Record one with: vlo breach add REF --victim ID --date DATE --summary TEXT"
        )
