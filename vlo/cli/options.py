"""The options and arguments several commands share, declared once.

Typer reads a command's options from its signature, so :func:`with_options` adds a shared set of
options to a command's signature (what sqlite-utils' ``output_options`` decorator does for Click):
``case add`` and ``case edit`` take the same nine case fields from one declaration.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from vlo.errors import VloError

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation
OptInt = Optional[int]  # noqa: UP045 - Typer reads the annotation
OptBool = Optional[bool]  # noqa: UP045 - Typer reads the annotation
OptList = Optional[list[str]]  # noqa: UP045 - Typer reads the annotation

DbOption = Annotated[
    Opt,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Database file or postgresql:// URL (else VLO_DB, else the default).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
PersonalOption = Annotated[
    bool,
    typer.Option(
        "--personal",
        help="Include personal details: what the victim said, and names and contact details in --json/--csv.",
    ),
]
CaseFilter = Annotated[Opt, typer.Option("--case", metavar="REF", help="Only this case.")]
# SQLite stores 64-bit integers: a 20-digit id is refused here, in one line, before any query.
MAX_ID = 2**63 - 1


def _an_id(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_ID:
        raise typer.BadParameter("an id is a whole number from 1 (see: vlo victim list)")
    return value


VictimFilter = Annotated[
    OptInt, typer.Option("--victim", metavar="ID", callback=_an_id, help="Only this person.")
]
OfficerFilter = Annotated[Opt, typer.Option("--officer", metavar="NAME", help="Only this officer's cases.")]

NO_CASES = "No cases yet. Register one with: vlo case add REF --offender NAME --offence TEXT --category ..."

RefArg = Annotated[str, typer.Argument(metavar="REF", help="The unit's case reference, e.g. VLU-2025-0142.")]
PersonArg = Annotated[
    int, typer.Argument(metavar="ID", callback=_an_id, help="The person's id (vlo victim list).")
]
DateArg = Annotated[str, typer.Argument(metavar="DATE", help="2025-12-24 or 24/12/2025.")]


def date_option(help_text: str) -> Any:
    return Annotated[Opt, typer.Option("--date", metavar="DATE", help=help_text)]


def output_format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise VloError("choose one output format: --json or --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def with_options(options: dict[str, Any]) -> Callable[[Callable], Callable]:
    """Add keyword options (name -> ``Annotated`` type, all defaulting to None) to a command.

    The command receives them in ``**fields``.
    """

    def decorate(func: Callable) -> Callable:
        signature = inspect.signature(func)
        own = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        shared = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
            for name, annotation in options.items()
        ]
        func.__signature__ = signature.replace(parameters=[*own, *shared])
        return func

    return decorate


def listing(
    columns, *, empty: str | None = None, said: tuple[str, ...] = (), identifying: tuple[str, ...] = ()
) -> Callable[[Callable], Callable]:
    """A listing command: it returns rows, and this prints them as a table, ``--json`` or ``--csv``.

    Every listing takes the same output options from here (sqlite-utils' ``output_options``);
    ``empty`` is the sentence shown instead of an empty table. Columns in ``said`` (what the victim
    said) are printed only with ``--personal``; columns in ``identifying`` (names, contact details)
    are shown in the table but go into ``--json``/``--csv`` only with ``--personal`` (the README's
    starred export columns: the same rule as ``vlo export``).
    """

    def decorate(func: Callable) -> Callable:
        import functools

        @functools.wraps(func)
        def command(
            *args: Any, as_json: bool = False, as_csv: bool = False, personal: bool = False, **kwargs: Any
        ) -> None:
            from vlo.render import emit, message

            fmt = output_format(as_json, as_csv)
            hidden = set() if personal else {*said, *(identifying if fmt != "table" else ())}
            shown = [c for c in columns if c.key not in hidden]
            if emit(func(*args, **kwargs), shown, fmt) == 0 and fmt == "table" and empty:
                message(empty)

        signature = inspect.signature(func)
        formats = [
            inspect.Parameter(
                "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOption
            ),
            inspect.Parameter("as_csv", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=CsvOption),
        ]
        if said or identifying:
            formats.append(
                inspect.Parameter(
                    "personal", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=PersonalOption
                )
            )
        command.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *formats])
        return command

    return decorate
