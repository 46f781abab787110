"""A database only where no other user can plant its -wal or -shm (red-team review, item 2).

SQLite opens ``NAME-wal`` and ``NAME-shm`` by name beside the database and trusts them: another
local user who pre-creates ``vic.db-wal`` in a folder they can write to (``/tmp``, a shared 0777
folder) reads every page vlo writes. vlo refuses such a folder with the wording exports use.
"""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from vlo.cli import app


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


@pytest.mark.parametrize("folder_mode", [0o777, 0o1777, 0o770, 0o702])
def test_init_refuses_a_folder_others_can_write_to(tmp_path, folder_mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(folder_mode)
    code, _, stderr = run("--db", str(shared / "vic.db"), "init")
    assert code != 0
    error = one_error(stderr)
    assert f"can be written by other users (mode {folder_mode:04o})" in error and "chmod 700" in error
    assert list(shared.iterdir()) == []


def test_an_existing_database_in_a_folder_made_shared_is_refused(tmp_path):
    home = tmp_path / "unit"
    home.mkdir(mode=0o700)
    db = home / "vic.db"
    assert run("--db", str(db), "init")[0] == 0
    home.chmod(0o777)
    wal = home / "vic.db-wal"
    wal.write_bytes(b"")  # what another user would plant before the officer's next command
    code, stdout, stderr = run("--db", str(db), "case", "list", "--json")
    assert code != 0 and stdout == ""
    assert "can be written by other users (mode 0777)" in one_error(stderr)


def test_tmp_itself_is_refused(monkeypatch):
    if not os.stat("/tmp").st_mode & stat.S_IWOTH:
        pytest.skip("/tmp is not world-writable here")
    name = f"/tmp/vlo-test-{os.getpid()}.db"
    code, _, stderr = run("--db", name, "init")
    assert code != 0 and "/tmp can be written by other users" in one_error(stderr)
    assert not os.path.lexists(name)


def _private_db(tmp_path):
    home = tmp_path / "unit"
    home.mkdir(mode=0o700)
    db = home / "vic.db"
    assert run("--db", str(db), "init")[0] == 0
    return db


def test_a_wal_others_can_read_is_refused(tmp_path):
    db = _private_db(tmp_path)
    wal = db.with_name("vic.db-wal")
    wal.write_bytes(b"")
    wal.chmod(0o644)
    code, _, stderr = run("--db", str(db), "case", "list")
    assert code != 0
    error = one_error(stderr)
    assert "vic.db-wal can be read by other users (mode 0644)" in error and "chmod 600" in error


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_wal_or_shm_that_is_a_link_is_refused(tmp_path, suffix):
    db = _private_db(tmp_path)
    elsewhere = tmp_path / "planted"
    elsewhere.write_bytes(b"")
    db.with_name("vic.db" + suffix).symlink_to(elsewhere)
    code, _, stderr = run("--db", str(db), "case", "list")
    assert code != 0 and "is not a file of your own" in one_error(stderr)
    assert elsewhere.read_bytes() == b""


def test_a_wal_owned_by_another_user_is_refused(tmp_path, monkeypatch):
    db = _private_db(tmp_path)
    wal = db.with_name("vic.db-wal")
    wal.write_bytes(b"")
    if os.getuid() == 0:
        os.chown(wal, 65534, 65534)
    else:  # an unprivileged test cannot give a file away: the same check, seen from another uid
        real = os.stat

        def stat_as_other(path, *args, **kwargs):
            found = real(path, *args, **kwargs)
            if str(path).endswith("-wal"):
                values = list(found)
                values[stat.ST_UID] = os.getuid() + 1
                return os.stat_result(values)
            return found

        monkeypatch.setattr(os, "lstat", lambda p: stat_as_other(p, follow_symlinks=False))
    wal.chmod(0o600)
    code, _, stderr = run("--db", str(db), "case", "list")
    assert code != 0 and "is not a file of your own" in one_error(stderr)


def test_a_database_copied_in_readable_by_others_is_made_private(tmp_path):
    db = _private_db(tmp_path)
    db.chmod(0o644)
    code, _, stderr = run("--db", str(db), "case", "list")
    assert code == 0
    assert "Made the database" in stderr and "mode 0600; it was 0644" in stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_private_folder_and_urls_still_work(tmp_path):
    db = _private_db(tmp_path)
    assert run("--db", str(db), "case", "list", "--json")[1] == "[]\n"
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
