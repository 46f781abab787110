"""The root ``vlo`` command, the one way to open the database, and the one error path."""

import errno
import os
import re
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from vlo import __version__
from vlo.cli.options import DbOption
from vlo.errors import VloError

# Control characters (a CR or LF typed into a reference, say) never reach the terminal in an
# error: one error is one line.
# Write failures that are the disk's or the device's, not vlo's: said in one line.
_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name)}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class VloGroup(TyperGroup):
    """Turns every failure into one ``Error: ...`` line: never a traceback, never local variables."""

    def list_commands(self, ctx):
        from vlo.cli import help_order

        return sorted(super().list_commands(ctx), key=help_order)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VloError as exc:
            fail(str(exc))
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (vlo due | head): nothing is wrong, and nothing more to say.
            _quiet_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:
            if exc.errno not in _FULL:
                fail(f"something unexpected went wrong; the details are in {_log_unexpected(exc)}")
            # A full disk or a failed device under stdout (vlo due --csv > /dev/full), or under a
            # file vlo writes: one line, not a traceback, and stdout drained so exit cannot fail.
            _quiet_stdout()
            fail(cannot_write(exc))
        except typer.TyperException as exc:
            # Click's usage errors (a missing argument, an unknown option, "abc" for a number):
            # one line like every other error, not a usage block.
            if not hasattr(exc, "format_message"):
                raise
            fail(exc.format_message(), getattr(exc, "exit_code", 2))
        except Exception as exc:
            known = _known_failure(exc)
            if known:
                fail(known)
            if os.environ.get("VLO_DEBUG"):
                raise
            fail(f"something unexpected went wrong; the details are in {_log_unexpected(exc)}")


def _known_failure(exc: Exception) -> str | None:
    """Failures from outside vlo's own checks that still deserve their own sentence."""
    import sqlite3

    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        from vlo.storage.store import BUSY_TIMEOUT_SECONDS

        return (
            f"the database is busy: another vlo command has held it for over {BUSY_TIMEOUT_SECONDS} "
            "seconds; nothing was changed. Try again when it has finished"
        )
    if isinstance(exc, OverflowError) and "SQLite INTEGER" in text:
        # An id of 20 digits that slipped past the option's bounds: SQLite stores 64-bit numbers.
        return "a number given is too large: ids and counts go up to 9223372036854775807"
    if isinstance(exc, OverflowError) and "date value out of range" in text:
        return "a length or number of days given is too large: the date it gives falls outside the calendar"
    return None


def cannot_write(exc: OSError) -> str:
    return f"cannot write the output: {exc.strerror or 'write failed'} (is the disk full?); it is incomplete"


def one_line(text: str) -> str:
    """A message as one printable line: control and invisible characters shown as ``?``."""
    return _UNPRINTABLE.sub("?", text)


def fail(message: str, code: int = 1) -> None:
    print(f"Error: {one_line(message)}", file=sys.stderr)
    raise typer.Exit(code)


def _quiet_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
        from vlo import files

        files.private_folder(path.parent, create=True)
        files.append_line(path, "\n".join(lines) + "\n")
    except (OSError, VloError):
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
    """The one way a command opens the database; it is closed when the command ends."""
    from vlo.service.calendar import ensure_calendar
    from vlo.service.deadlines import ensure_rules
    from vlo.storage import open_database

    where = location(ctx, db)
    store = open_database(where.path, where.source)
    ctx.call_on_close(store.close)
    if store.erase_interrupted():
        _finish_interrupted_erase(ctx, store)
    moved = ensure_calendar(store)
    if moved:
        print(
            f"Bank holidays refreshed from the installed holidays data: {moved} deadlines moved.",
            file=sys.stderr,
        )
    moved = ensure_rules(store)
    if moved is not None:
        print(
            f"Deadlines recomputed by this version of vlo's rules: {moved} open deadlines moved.",
            file=sys.stderr,
        )
    return store


def _finish_interrupted_erase(ctx: typer.Context, store) -> None:
    """An erase was killed after its commit: finish deleting its files and scrubbing first. On a
    team database only a manager or the owner may; an officer's command goes on, told so once."""
    if not store.may_finish_erasures():
        said = ctx.find_root().obj
        if said is not None and not said.get("erase_left"):
            said["erase_left"] = True
            print(
                "An erase was interrupted before it finished; the unit's manager or the database's "
                "owner finishes it with their next vlo command.",
                file=sys.stderr,
            )
        return
    from vlo.cli.db import report_erasure
    from vlo.service.cases import finish_erasures

    print("Finishing an erase that was interrupted.", file=sys.stderr)
    report_erasure(finish_erasures(store))


def maybe_store(ctx: typer.Context, db: str | None):
    """The database when there is one: for commands that also work without (template list)."""
    try:
        return open_store(ctx, db)
    except VloError:
        return None
