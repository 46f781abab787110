"""The root ``vlo`` command, the options every command shares, and the one error path."""

import os
import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from vlo import __version__
from vlo.errors import VloError

# The order vlo --help lists the commands in: the officer's day, then the unit's housekeeping.
HELP_ORDER = (
    "due", "case", "sentence", "dates", "victim", "contact", "event", "condition", "letters", "batch",
    "template", "report", "export", "import", "calendar", "settings", "init", "db", "erase",
)  # fmt: skip


class VloGroup(TyperGroup):
    """Turns every failure into one ``Error: ...`` line: never a traceback, never local variables."""

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: HELP_ORDER.index(n) if n in HELP_ORDER else len(HELP_ORDER))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VloError as exc:
            fail(str(exc))
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except typer.TyperException as exc:
            # Click's usage errors (a missing argument, an unknown option, "abc" for a number):
            # one line like every other error, not a usage block.
            if not hasattr(exc, "format_message"):
                raise
            print(f"Error: {exc.format_message()}", file=sys.stderr)
            raise typer.Exit(getattr(exc, "exit_code", 2)) from None
        except Exception as exc:
            if os.environ.get("VLO_DEBUG"):
                raise
            fail(f"something unexpected went wrong; the details are in {_log_unexpected(exc)}")


def fail(message: str) -> None:
    print(f"Error: {message}", file=sys.stderr)
    raise typer.Exit(1)


def _log_unexpected(exc: BaseException) -> str:
    """Write the frames (file, line, function), not the message or locals: no personal data."""
    import traceback
    from datetime import datetime

    from vlo.paths import error_log

    path = error_log()
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{datetime.now().isoformat(timespec='seconds')} {type(exc).__module__}.{type(exc).__name__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    try:
        old = os.umask(0o077)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write("\n".join(lines) + "\n")
        finally:
            os.umask(old)
    except OSError:
        return "nowhere (the error log could not be written)"
    return str(path)


app = typer.Typer(
    cls=VloGroup,
    name="vlo",
    no_args_is_help=True,
    add_completion=False,
    # Plain Click help: fast, and no Rich markup to swallow text.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    Optional[str],  # noqa: UP045 - Typer reads the annotation
    typer.Option(
        "--db", metavar="FILE", help="Database file (else VLO_DB, else the default).", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CaseFilter = Annotated[
    Optional[str],  # noqa: UP045 - Typer reads the annotation
    typer.Option("--case", metavar="REF", help="Only this case."),
]
VictimFilter = Annotated[
    Optional[int],  # noqa: UP045 - Typer reads the annotation
    typer.Option("--victim", metavar="ID", help="Only this person."),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def output_format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise VloError("choose one output format: --json or --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def _version(value: bool) -> None:
    if value:
        print(f"vlo {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """vlo: cases, deadlines, letters and reports for a Victim Liaison Unit.

    \b
    A morning with vlo:
      vlo due                      what is overdue, due today or soon
      vlo contact add 12 --date today --method phone
      vlo letters initial-contact --out letters/
    """
    ctx.obj = {"db": db}


def location(ctx: typer.Context, db: str | None):
    from vlo.paths import database_location

    root_db = (ctx.find_root().obj or {}).get("db")
    return database_location(db or root_db)


def open_store(ctx: typer.Context, db: str | None):
    """The one way a command opens the database."""
    from vlo.storage import open_database

    where = location(ctx, db)
    return open_database(where.path, where.source)
