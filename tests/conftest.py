"""Every test gets its own data folder and a fixed "today": no test touches a real user's files."""

from __future__ import annotations

import hashlib
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from vlo.cli import app

# Hypothesis: the same examples on every CI run (a red build is reproducible), fresh ones locally
# (more of the input space over time). A failure found locally is replayed from .hypothesis/.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TODAY = "2025-06-02"  # a Monday


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("VLO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("VLO_DB", raising=False)
    monkeypatch.setenv("VLO_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("VLO_DEBUG", raising=False)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


class Vlo:
    """Runs ``vlo`` in-process against one database, as an officer would type it."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, command: str | list[str], *, ok: bool = True) -> Result:
        args = shlex.split(command) if isinstance(command, str) else command
        result = self.runner.invoke(app, ["--db", str(self.db), *args], catch_exceptions=False)
        out = Result(result.exit_code, result.stdout, result.stderr)
        if ok and out.exit_code != 0:
            raise AssertionError(f"vlo {command} failed ({out.exit_code}): {out.stderr}")
        return out

    def fails(self, command: str | list[str]) -> str:
        """Run a command that must fail cleanly; return its one error line."""
        before = self.fingerprint()
        out = self(command, ok=False)
        assert out.exit_code != 0, f"vlo {command} should have failed"
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), out.stderr
        assert "Traceback" not in out.stderr + out.stdout
        assert self.fingerprint() == before, "a failed command changed the database"
        return lines[0]

    def fingerprint(self) -> str:
        """A digest of every row of every table: equal means unchanged."""
        if not self.db.exists():
            return "absent"
        import sqlite3

        conn = sqlite3.connect(self.db)
        digest = hashlib.sha256()
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
                digest.update(repr(row).encode())
        conn.close()
        return digest.hexdigest()


@pytest.fixture
def vlo(tmp_path) -> Vlo:
    runner = Vlo(tmp_path / "vlo.db")
    runner("init")
    return runner


@pytest.fixture
def case(vlo) -> str:
    """A sentenced violent case with two people to contact (ids 1 and 2), in a unit whose letters
    can be made (its address is set)."""
    vlo('settings set unit.address "Probation Office, 1 Heol y Frenhines, Caerdydd, CF10 2AA"')
    vlo(
        'case add VLU-1 --offender "John Doe" --offence "Wounding with intent" --category violent '
        '--officer "A. Jones" --offence-date 2024-11-01'
    )
    vlo("sentence VLU-1 --date 31/03/2025 --type sds --length 4y")
    vlo(
        'victim add VLU-1 --name "Siân O\'Neil" --title Ms --address "1 Heol y Llan, Caerdydd" --postcode "CF10 1AA"'
    )
    vlo(
        'victim add VLU-1 --name "Tom Jones" --title Mr --role bereaved-relative --address "2 High St, Leeds" '
        '--postcode "LS1 1AA"'
    )
    return "VLU-1"
