"""Issue 14: an audit trail that shows tampering, and erasure that reaches the letter files."""

from __future__ import annotations

import os
import pwd
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from vlo.storage.migrations import MIGRATIONS


def tamper(db, *statements):
    conn = sqlite3.connect(db)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def check_problems(vlo) -> tuple[list[str], str]:
    out = vlo("db check", ok=False)
    assert out.exit_code == (1 if out.stdout else 0), out
    return out.stdout.splitlines(), out.stderr


def test_the_audit_user_comes_from_the_process_not_the_environment(vlo, case, monkeypatch):
    monkeypatch.setenv("USER", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")
    vlo('victim edit 1 --phone "01632 960000"')
    users = {r[0] for r in sqlite3.connect(vlo.db).execute("SELECT user FROM audit")}
    assert users == {pwd.getpwuid(os.getuid()).pw_name}


def test_a_sound_database_checks_clean_and_shows_the_head(vlo, case):
    problems, message = check_problems(vlo)
    assert problems == []
    assert "the audit trail is unbroken" in message and "head " in message


@pytest.mark.parametrize(
    "statements, expected",
    [
        (["DELETE FROM audit WHERE id = 3"], "audit trail broken at row 4: it does not follow row 2"),
        (
            ["UPDATE audit SET user = 'someone' WHERE id = 2"],
            "audit trail broken at row 2: the row was changed",
        ),
        (["DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)"], "rows up to"),
        (["DELETE FROM audit"], "audit trail broken after row 0"),
        (  # the red-team's cut: the last row and the head that remembered it
            ["DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)", "DELETE FROM audit_head"],
            "audit trail's head is gone",
        ),
        (["UPDATE victims SET name = 'Someone Else' WHERE id = 2"], "victims row 2 was changed outside vlo"),
        (["UPDATE cases SET court = NULL, prison_number = 'X' WHERE id = 1"], "cases row 1 was changed"),
        (
            [
                "INSERT INTO contacts (victim_id, date, method, created_at) VALUES (1, '2025-05-01', 'phone', 'x')"
            ],
            "contacts row 1 was added outside vlo",
        ),
    ],
)
def test_db_check_names_where_the_trail_was_tampered_with(vlo, case, statements, expected):
    tamper(vlo.db, *statements)
    problems, message = check_problems(vlo)
    assert any(expected in p for p in problems), problems
    assert message.startswith("Error: the database has")


def test_a_database_from_before_the_chain_is_chained_on_open(vlo, case):
    tamper(
        vlo.db,
        "DROP TABLE audit_head",
        "DROP TABLE pending_erasures",
        "DROP INDEX audit_row",
        "ALTER TABLE audit DROP COLUMN digest",
        "ALTER TABLE audit DROP COLUMN hash",
        "DROP TABLE imports",  # m013's, made after the chain (m012 remakes its index either way)
        "DROP TABLE release_dates",  # m014's
        "DROP TABLE id_floors",  # m015's
        f"PRAGMA user_version = {[m.__name__ for m in MIGRATIONS].index('m011_audit_chain')}",  # the schema just before the chain
    )
    problems, message = check_problems(vlo)
    assert problems == [] and "unbroken" in message
    tamper(vlo.db, "UPDATE victims SET postcode = 'ZZ1 1ZZ' WHERE id = 1")
    assert [p.split(" (")[0] for p in check_problems(vlo)[0]] == ["victims row 1 was changed outside vlo"]


@pytest.fixture
def two_cases_lettered(vlo, case, tmp_path):
    """VLU-1 (people 1, 2) and VLU-2 (person 3) with initial letters in one batch; VLU-1 closed."""
    vlo('case add VLU-2 --offender "Ann Other" --offence "Robbery" --category violent --officer "A. Jones"')
    vlo("sentence VLU-2 --date 2025-04-01 --type sds --length 3y")
    vlo('victim add VLU-2 --name "Kept Person" --address "3 Low St, York" --postcode "YO1 1AA"')
    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out}")
    vlo("case close VLU-1")
    return out


def test_erase_deletes_the_letter_files_and_rewrites_the_batch_file(vlo, two_cases_lettered):
    out = two_cases_lettered
    batch = out / "batch-00001-initial-contact.txt"
    assert "Siân O'Neil" in batch.read_text()
    result = vlo("erase VLU-1 --yes")
    assert "Deleted 2 letter files." in result.stderr
    assert "Rewrote the print file of batch 1" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000003.txt",
    ]
    text = batch.read_text()
    assert "Siân" not in text and "Tom Jones" not in text
    assert text == (out / "initial-contact-000003.txt").read_text()
    assert sqlite3.connect(vlo.db).execute("SELECT count(*) FROM pending_erasures").fetchone()[0] == 0
    assert check_problems(vlo)[0] == []


def test_erase_deletes_a_batch_left_empty_and_reports_what_it_cannot_reach(vlo, case, tmp_path):
    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out} --format html")
    vlo("case close VLU-1")
    (out / "initial-contact-000002.html").rename(tmp_path / "moved.html")
    result = vlo("erase VLU-1 --yes")
    assert "Deleted 1 letter file." in result.stderr
    assert list(out.iterdir()) == []
    moved = tmp_path / "elsewhere"
    # A folder that went away is reported and tried again at the next erase.
    vlo('case add VLU-3 --offender "C" --offence "D" --category violent --officer "A. Jones"')
    vlo("sentence VLU-3 --date 2025-04-01 --type sds --length 3y")
    vlo('victim add VLU-3 --name "P Q" --address "1 Road" --postcode "YO1 1AA"')
    vlo(f"letters initial-contact --out {moved}")
    vlo("case close VLU-3")
    moved.rename(tmp_path / "gone")
    result = vlo("erase VLU-3 --yes")
    assert f"Could not reach {moved}/initial-contact-0" in result.stderr
    assert "vlo will retry" in result.stderr


def test_an_erase_killed_between_commit_and_scrub_is_finished_by_the_next_command(
    vlo, two_cases_lettered, tmp_path
):
    out = two_cases_lettered
    killer = textwrap.dedent(
        f"""
        import os, signal
        from vlo.service import cases
        def die(store):  # the erase has committed; the files and scrub are still to do
            os.kill(os.getpid(), signal.SIGKILL)
        cases.finish_erasures = die
        from vlo.cli import app
        app(["--db", {str(vlo.db)!r}, "erase", "VLU-1", "--yes"])
        """
    )
    proc = subprocess.run([sys.executable, "-c", killer], capture_output=True, text=True)
    assert proc.returncode == -9
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("SELECT count(*) FROM cases WHERE ref = 'VLU-1'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM pending_erasures").fetchone()[0] == 4  # 2 letters, batch, scrub
    conn.close()
    assert (out / "initial-contact-000001.txt").exists()
    result = vlo("due")
    assert "Finishing an erase that was interrupted." in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000003.txt",
    ]
    assert "Siân" not in (out / "batch-00001-initial-contact.txt").read_text()
    assert sqlite3.connect(vlo.db).execute("SELECT count(*) FROM pending_erasures").fetchone()[0] == 0
    assert "Finishing" not in vlo("due").stderr
    for path in (vlo.db, vlo.db.with_name(vlo.db.name + "-wal")):
        if path.exists():
            assert "Siân".encode() not in path.read_bytes()


def test_rows_an_import_added_are_recorded_by_its_one_audit_row(vlo, tmp_path):
    """An import writes one audit row naming the ids it added (issue 15); db check took every
    imported case, sentence and person for a row added by hand and told the officer to restore
    the last backup (found by a new-user review). A row added by hand beside them still shows."""
    referrals = tmp_path / "referrals.csv"
    referrals.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone\n"
        "I-1,A Person,Wounding,violent,2025-04-01,sds,3y,B One,1 Road Town,CF10 1AA,,\n"
        "I-1,A Person,Wounding,violent,2025-04-01,sds,3y,C Two,2 Road Town,CF10 1AA,,\n"
        "I-2,D Person,Robbery,violent,2025-04-02,sds,2y,E Three,3 Road Town,CF10 1AA,,\n",
        encoding="utf-8",
    )
    vlo(["import", str(referrals)])
    problems, message = check_problems(vlo)
    assert problems == [] and "unbroken" in message
    vlo('victim edit 2 --phone "01632 960000"')  # changed in vlo after the import: its own digest
    assert check_problems(vlo)[0] == []
    tamper(
        vlo.db,
        "INSERT INTO victims (case_id, name, role, opt_status, created_at, updated_at) "
        "VALUES (1, 'Planted', 'victim', 'pending', 'x', 'x')",
        "UPDATE victims SET name = 'Someone Else' WHERE id = 2",
    )
    assert [p.split(" (")[0] for p in check_problems(vlo)[0]] == [
        "victims row 2 was changed outside vlo",
        "victims row 4 was added outside vlo",
    ]
