"""Where vlo keeps its files: the one place that resolves the database location."""

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
    path: Path | str  # a file, or a postgresql:// URL (a team database), kept exactly as given
    source: str  # why this path: "--db", "VLO_DB" or "default"

    @property
    def is_url(self) -> bool:
        return isinstance(self.path, str)

    def display(self) -> str:
        """The location fit to print: a URL never shows its password."""
        if isinstance(self.path, str):
            from vlo.storage.dialect import safe_url

            return safe_url(self.path)
        return str(self.path)


def is_url(location: object) -> bool:
    """A PostgreSQL URL (``postgresql://`` or ``postgres://``) rather than a file path."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


# Any other ``scheme://...``: a value that names something vlo does not serve. Refused rather than
# created as a local folder of that name (issue 14, item 11).
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(//|$)")


def _location(value: str, source: str) -> Path | str:
    if is_url(value):
        # A URL is a database on a server, not a path: Path() would fold its "//" away.
        return value
    match = _URL.match(value.strip())
    if match:
        scheme = match.group(1).lower()
        if scheme in ("file", "sqlite"):
            raise VloError(f"give the database in {source} as a file path, not a {scheme}: address")
        raise VloError(
            f"{source} must be a database file path or a postgresql:// URL; vlo does not serve {scheme}: addresses"
        )
    return Path(value).expanduser()


def database_location(option: str | None) -> DatabaseLocation:
    if option:
        return DatabaseLocation(_location(option, "the --db option"), "the --db option")
    env = os.environ.get("VLO_DB")
    if env:
        return DatabaseLocation(_location(env, "VLO_DB"), "the VLO_DB environment variable")
    return DatabaseLocation(data_dir() / "vlo.db", "the default in the user data folder")


def error_log() -> Path:
    return data_dir() / "error.log"
