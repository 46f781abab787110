"""Issue 14: files that cannot be steered, backups that are backups, and absurd input in one line."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest


def mode(path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def elsewhere(tmp_path):
    """A file someone would like vlo to overwrite through a link."""
    target = tmp_path / "precious.txt"
    target.write_text("not yours\n")
    target.chmod(0o644)
    return target


def test_export_never_follows_a_link_planted_at_its_target(vlo, case, tmp_path, elsewhere):
    out = tmp_path / "victims.csv"
    out.symlink_to(elsewhere)
    assert "already exists" in vlo.fails(f"export victims --personal --out {out}")
    vlo(f"export victims --personal --out {out} --force")
    assert not out.is_symlink() and mode(out) == 0o600
    assert "Siân O'Neil" in out.read_text()
    assert elsewhere.read_text() == "not yours\n" and mode(elsewhere) == 0o644


def test_export_does_not_replace_a_file_without_force(vlo, case, tmp_path):
    out = tmp_path / "victims.csv"
    out.write_text("yesterday's\n")
    assert "add --force to replace it" in vlo.fails(f"export victims --out {out}")
    assert out.read_text() == "yesterday's\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_letters_never_write_through_a_link_planted_in_the_folder(vlo, case, tmp_path, elsewhere):
    out = tmp_path / "letters"
    out.mkdir(mode=0o700)
    # At a letter's name: letter_file sees the name resolve outside the folder and refuses.
    (out / "initial-contact-000001.txt").symlink_to(elsewhere)
    assert "outside the output folder" in vlo.fails(f"letters initial-contact --out {out}")
    (out / "initial-contact-000001.txt").unlink()
    # At the print file's name: replaced by the batch file, the link's target untouched.
    (out / "batch-00001-initial-contact.txt").symlink_to(elsewhere)
    vlo(f"letters initial-contact --out {out}")
    for name in ("initial-contact-000001.txt", "batch-00001-initial-contact.txt"):
        assert not (out / name).is_symlink() and mode(out / name) == 0o600
    assert elsewhere.read_text() == "not yours\n" and mode(elsewhere) == 0o644


def test_backup_never_follows_or_replaces_a_planted_link(vlo, case, tmp_path, elsewhere):
    target = tmp_path / "backup.db"
    target.symlink_to(elsewhere)
    assert "already exists" in vlo.fails(f"db backup {target}")
    assert target.is_symlink() and elsewhere.read_text() == "not yours\n"


@pytest.mark.parametrize("command", ["letters initial-contact --out {d}", "export victims --out {d}/v.csv"])
def test_a_folder_others_can_write_to_is_refused(vlo, case, tmp_path, command):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    error = vlo.fails(command.format(d=shared))
    assert "can be written by other users (mode 0777)" in error and "chmod 700" in error
    assert list(shared.iterdir()) == []


def test_a_letters_folder_others_can_read_is_made_private(vlo, case, tmp_path):
    out = tmp_path / "letters"
    out.mkdir()
    out.chmod(0o755)
    result = vlo(f"letters initial-contact --out {out}")
    assert f"Made {out} private (mode 0700; it was 0755)." in result.stderr
    assert mode(out) == 0o700


def test_the_error_log_is_not_written_through_a_link(vlo, case, monkeypatch, tmp_path, elsewhere):
    from vlo.service import cases

    home = tmp_path / "home"
    home.mkdir(exist_ok=True, mode=0o700)
    (home / "error.log").symlink_to(elsewhere)
    monkeypatch.setattr(cases, "case_summary", lambda store, ref: 1 / 0)
    out = vlo("case show VLU-1", ok=False)
    assert "something unexpected" in out.stderr
    assert elsewhere.read_text() == "not yours\n"
    log = home / "error.log"
    assert not log.is_symlink() and mode(log) == 0o600 and "ZeroDivisionError" in log.read_text()


@pytest.mark.parametrize(
    "url, words",
    [
        # A team database vlo cannot reach: one line naming it, and no local file of that name.
        ("postgresql:///vlo?host=/nonexistent-vlo-socket", "cannot connect to"),
        ("postgres:///vlo?host=/nonexistent-vlo-socket", "cannot connect to"),
        ("http://x", "vlo does not serve http: addresses"),
        ("https://example.org/vlo.db", "vlo does not serve https: addresses"),
        ("sqlite:///vlo.db", "as a file path, not a sqlite: address"),
    ],
)
def test_a_database_url_is_refused_and_creates_nothing(tmp_path, monkeypatch, url, words):
    from typer.testing import CliRunner

    from vlo.cli import app

    monkeypatch.chdir(tmp_path)
    for args in (["--db", url, "init"], ["--db", url, "due"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and words in result.stderr
    monkeypatch.setenv("VLO_DB", url)
    assert words in CliRunner().invoke(app, ["init"]).stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def populate(db, cases=3000):
    conn = sqlite3.connect(db)
    rows = [(f"B-{i}", f"Offender {i}", "Wounding", "violent", "2025-01-01T00:00:00") for i in range(cases)]
    conn.executemany(
        "INSERT INTO cases (ref, offender, offence, category, created_at) VALUES (?,?,?,?,?)", rows
    )
    conn.executemany(
        "INSERT INTO victims (case_id, name, role, address, created_at, updated_at) VALUES (?,?,?,?,?,?)",
        [(i + 1, "Person " * 40, "victim", "Street " * 60, "x", "x") for i in range(cases)],
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.5, 0.8])
def test_a_killed_backup_never_leaves_a_file_that_is_not_a_backup(vlo, tmp_path, delay):
    populate(vlo.db)
    target = tmp_path / "out" / "backup.db"
    target.parent.mkdir(mode=0o700)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vlo", "--db", str(vlo.db), "db", "backup", str(target)],
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if target.exists():  # it finished before the kill: then it is a whole, checked backup
        copy = sqlite3.connect(target)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM cases").fetchone()[0] == 3000
        copy.close()
    else:  # a second run cleans the leftovers and succeeds
        vlo(f"db backup {target}")
        assert sorted(p.name for p in target.parent.iterdir()) == ["backup.db"]
    assert mode(target) == 0o600


def test_a_restored_backup_comes_back_in_wal_mode(vlo, case, tmp_path):
    backup = tmp_path / "backup.db"
    vlo(f"db backup {backup}")
    assert sqlite3.connect(backup).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    restored = tmp_path / "restored.db"
    restored.write_bytes(backup.read_bytes())
    from conftest import Vlo

    Vlo(restored)("case show VLU-1")
    assert sqlite3.connect(restored).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "sound" in Vlo(restored)("db check").stderr


def test_a_database_busy_past_the_timeout_is_one_line(vlo, case, monkeypatch):
    from vlo.storage import store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.2)
    other = sqlite3.connect(vlo.db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        error = vlo.fails("case add B-1 --offender A --offence B --category violent")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "the database is busy" in error and "nothing was changed" in error


@pytest.mark.parametrize(
    "command, words",
    [
        ("victim show 99999999999999999999", "an id is a whole number from 1"),
        ("victim show 0", "an id is a whole number from 1"),
        ("victim opt-out 9223372036854775808", "an id is a whole number from 1"),
        ("contact list --victim 99999999999999999999", "an id is a whole number from 1"),
        ("batch posted 99999999999999999999", "a number given is too large"),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length 999y9999m99999d --appeal x",
            "at most 100 years",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type life --tariff 101y --appeal x",
            "tariff can be at most 100 years",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length 4y --remand-days 99999999",
            "remand days must be",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length 60y --consecutive 50y --appeal x",
            "at most 100 years in all",
        ),
    ],
)
def test_absurd_numbers_get_their_own_line(vlo, case, command, words):
    assert words in vlo.fails(command)


def test_a_closed_pipe_ends_quietly(vlo, case):
    proc = subprocess.run(
        f"{sys.executable} -m vlo --db {vlo.db} due --all | head -c 0",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.stderr == ""
    assert not (vlo.db.parent / "home" / "error.log").exists()
