"""Where vlo keeps its files: the one place that resolves the database path."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from vlo.errors import VloError


def data_dir() -> Path:
    """``VLO_HOME``, else the platform's per-user application folder."""
    home = os.environ.get("VLO_HOME")
    if home:
        return Path(home)
    import typer

    return Path(typer.get_app_dir("vlo"))


@dataclass(frozen=True)
class DatabaseLocation:
    path: Path
    source: str  # why this path: "--db", "VLO_DB" or "default"


# ``postgresql://...`` and the like: a value that names a server, not a file. Refused rather than
# created as a local folder of that name (issue 14, item 11).
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(//|$)")


def _file(value: str, source: str) -> Path:
    match = _URL.match(value.strip())
    if match:
        scheme = match.group(1).lower()
        if scheme in ("file", "sqlite"):
            raise VloError(f"give the database in {source} as a file path, not a {scheme}: address")
        if scheme.startswith("postgres"):
            raise VloError(
                f"PostgreSQL databases are not supported yet ({source}); give a database file path"
            )
        raise VloError(f"{source} must be a database file path; vlo does not serve {scheme}: addresses")
    return Path(value).expanduser()


def database_location(option: str | None) -> DatabaseLocation:
    if option:
        return DatabaseLocation(_file(option, "the --db option"), "the --db option")
    env = os.environ.get("VLO_DB")
    if env:
        return DatabaseLocation(_file(env, "VLO_DB"), "the VLO_DB environment variable")
    return DatabaseLocation(data_dir() / "vlo.db", "the default in the user data folder")


def error_log() -> Path:
    return data_dir() / "error.log"
