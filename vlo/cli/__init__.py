"""The thin command line: each command parses its options, makes one service call, prints.

``COMMANDS`` is the one registry: the order ``vlo --help`` lists the commands in (the officer's
day, then the unit's housekeeping) and the module that defines each. ``main`` imports only the
module of the command being run: Typer builds a Click command for every function it knows, and
building all of them cost more than the morning's whole query. ``vlo --help`` (or anything
unrecognised) loads them all; ``from vlo.cli import app`` gives the full app too.
"""

import os
import sys
from importlib import import_module

COMMANDS = (
    ("due", "due"),
    ("case", "case"),
    ("sentence", "case"),
    ("dates", "case"),
    ("victim", "victim"),
    ("contact", "victim"),
    ("event", "event"),
    ("condition", "condition"),
    ("breach", "breach"),
    ("letters", "letters"),
    ("batch", "letters"),
    ("template", "letters"),
    ("report", "reports"),
    ("export", "reports"),
    ("import", "reports"),
    ("calendar", "calendar"),
    ("settings", "settings"),
    ("init", "db"),
    ("db", "db"),
    ("erase", "db"),
)
MODULES = dict(COMMANDS)
_ORDER = {name: i for i, (name, _) in enumerate(COMMANDS)}


def help_order(name: str) -> int:
    return _ORDER.get(name, len(_ORDER))


def load(modules=None) -> None:
    for name in sorted(set(MODULES.values()) if modules is None else modules):
        import_module(f"vlo.cli.{name}")


def _command_module(args: list[str]) -> str | None:
    """The module for the first word that is not an option (skipping ``--db FILE``)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg in ("--help", "-h"):
            return None
        elif not arg.startswith("-"):
            return MODULES.get(arg)
    return "db" if "--version" in args else None


def __getattr__(name: str):
    if name == "app":
        from vlo.cli.root import app

        load()
        return app
    raise AttributeError(name)


def main() -> None:
    # Everything vlo creates (database, WAL, letters, exports, logs) is readable by the owner only.
    os.umask(0o077)
    from vlo.cli.root import app

    module = _command_module(sys.argv[1:])
    load(None if module is None else [module])
    try:
        app(prog_name="vlo")
    finally:
        # stdout to a pipe or file is block-buffered: the last of the data is written here.
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # vlo due --all | head: the reader left; say nothing more
            from vlo.cli.root import _quiet_stdout

            _quiet_stdout()
        except OSError as exc:  # vlo case show R1 > /dev/full: one line, not a traceback
            from vlo.cli.root import _quiet_stdout, cannot_write, one_line

            _quiet_stdout()
            print(f"Error: {one_line(cannot_write(exc))}", file=sys.stderr)
            sys.exit(1)  # noqa: B012 - replaces the command's exit code: the output failed
