"""The thin command line: parse options, call the service and storage, print.

Each command module registers its commands on the root app when imported. ``main`` imports only
the module of the command being run: Typer builds a Click command for every function it knows,
and building all of them cost more than the morning's whole query. ``vlo --help`` (or anything
unrecognised) loads them all. ``from vlo.cli import app`` gives the full app too.
"""

import os
import sys
from importlib import import_module

# Top-level command name -> the module that defines it.
MODULES = {
    "init": "db",
    "db": "db",
    "erase": "db",
    "case": "case",
    "sentence": "case",
    "victim": "victim",
    "contact": "victim",
    "due": "due",
    "calendar": "calendar",
    "event": "event",
    "letters": "letters",
    "batch": "letters",
    "template": "letters",
    "condition": "condition",
    "dates": "condition",
    "settings": "settings",
    "export": "reports",
    "import": "reports",
    "report": "reports",
}


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
    app(prog_name="vlo")
