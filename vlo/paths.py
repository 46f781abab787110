"""Where vlo keeps its files: the one place that resolves the database path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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


def database_location(option: str | None) -> DatabaseLocation:
    if option:
        return DatabaseLocation(Path(option).expanduser(), "the --db option")
    env = os.environ.get("VLO_DB")
    if env:
        return DatabaseLocation(Path(env).expanduser(), "the VLO_DB environment variable")
    return DatabaseLocation(data_dir() / "vlo.db", "the default in the user data folder")


def error_log() -> Path:
    return data_dir() / "error.log"
