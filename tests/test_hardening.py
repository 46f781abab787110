"""Many processes at once, kills mid-batch, backups, file modes, erasure and random input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def run_vlo(db, *args, umask=None, check=True):
    env = {**os.environ, "VLO_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "vlo", *args],
        capture_output=True,
        text=True,
        env=env,
        check=check,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def test_parallel_processes_wait_for_each_other_and_lose_nothing(vlo):
    worker = textwrap.dedent(
        f"""
        import sys
        from typer.testing import CliRunner
        from vlo.cli import app
        runner, w = CliRunner(), sys.argv[1]
        for i in range(12):
            for args in (["case", "add", f"P-{{w}}-{{i}}", "--offender", "A", "--offence", "B", "--category", "violent"],
                         ["sentence", f"P-{{w}}-{{i}}", "--date", "2025-04-01", "--type", "sds", "--length", "2y"],
                         ["victim", "add", f"P-{{w}}-{{i}}", "--name", f"Person {{w}} {{i}}"]):
                result = runner.invoke(app, ["--db", {str(vlo.db)!r}, *args])
                assert result.exit_code == 0, result.stderr
            person = int(result.stdout)
            result = runner.invoke(app, ["--db", {str(vlo.db)!r}, "contact", "add", str(person), "--method", "phone"])
            assert result.exit_code == 0, result.stderr
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", worker, str(w)], stderr=subprocess.PIPE) for w in range(4)
    ]
    for p in workers:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 48
    assert conn.execute("SELECT count(*) FROM victims").fetchone()[0] == 48
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 48
    assert conn.execute("SELECT count(*) FROM deadlines WHERE met_on IS NULL").fetchone()[0] == 0


def big_import(path, rows=4000):
    header = (
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone\n"
    )
    body = "".join(
        f'K-{i:05d},Offender {i},Wounding,violent,2025-03-03,sds,2y,Person {i},"{i} High St, Leeds",LS1 1AA,,\n'
        for i in range(rows)
    )
    path.write_text(header + body)
    return path


def kill_when(proc, progress, timeout=120):
    """SIGKILL ``proc`` as soon as ``progress()`` is true; fail if it ends (or stalls) first.

    Returns what ``progress()`` saw, so the test can show the kill landed mid-work.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = progress()
        if seen:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return seen
        assert proc.poll() is None, "the process finished before the kill point: the test proves nothing"
        time.sleep(0.005)
    proc.kill()
    raise AssertionError("no progress seen in time")


# Kill points in the WAL while the import's one transaction is open: early, and well into it. The
# streaming import keeps a small transaction in SQLite's page cache until COMMIT, so the file is big
# enough that the transaction spills pages long before it commits (12,000 rows write about 6 MB of
# WAL over a second or more; 4,000 rows wrote 2 MB in the last 0.2 s, too close to the commit). The
# WAL is empty after `init`, so a WAL this size can only be the open import transaction.
IMPORT_ROWS = 12_000


@pytest.mark.parametrize("wal_bytes", [64 * 1024, 1024 * 1024])
def test_an_import_killed_mid_transaction_leaves_nothing_and_reruns_cleanly(vlo, tmp_path, wal_bytes):
    csv_file = big_import(tmp_path / "big.csv", IMPORT_ROWS)
    wal = vlo.db.with_name(vlo.db.name + "-wal")
    proc = subprocess.Popen(
        [sys.executable, "-m", "vlo", "--db", str(vlo.db), "import", str(csv_file)], stderr=subprocess.DEVNULL
    )
    seen = kill_when(proc, lambda: wal.exists() and wal.stat().st_size >= wal_bytes and wal.stat().st_size)
    assert proc.returncode == -signal.SIGKILL, "the import was not killed"
    assert seen >= wal_bytes
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Killed inside its transaction: not one row of it is visible (never "0 or all").
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM victims").fetchone()[0] == 0
    conn.close()
    run_vlo(vlo.db, "import", str(csv_file))
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("SELECT count(*), count(DISTINCT ref) FROM cases").fetchone() == (IMPORT_ROWS,) * 2
    assert conn.execute("SELECT count(*) FROM victims").fetchone()[0] == IMPORT_ROWS


def letter_files(out):
    return [p.name for p in out.iterdir() if not p.name.startswith((".", "batch-"))] if out.exists() else []


def temporary_files(out):
    return [p.name for p in out.iterdir() if p.name.endswith(".tmp")] if out.exists() else []


@pytest.mark.parametrize("written", [20, 500])
def test_a_letter_batch_killed_mid_batch_reruns_without_duplicates(vlo, tmp_path, written):
    rows = 1000
    run_vlo(vlo.db, "import", str(big_import(tmp_path / "big.csv", rows=rows)))
    run_vlo(vlo.db, "settings", "set", "unit.signatory", "Ffion Hughes")  # imported cases name no officer
    run_vlo(vlo.db, "settings", "set", "unit.address", "Probation Office, 1 High Street, York, YO1 7AA")
    out = tmp_path / "letters"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vlo", "--db", str(vlo.db), "letters", "initial-contact", "--out", str(out)],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    # Written under temporary names until the batch commits: count those.
    kill_when(proc, lambda: len(temporary_files(out)) >= written)
    assert proc.returncode == -signal.SIGKILL, "the batch was not killed"
    assert written <= len(temporary_files(out)) < rows, "the kill did not land mid-batch"
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Killed before its commit: no letter is recorded, and none has a letter's name to be found by.
    assert conn.execute("SELECT count(*) FROM letters").fetchone()[0] == 0
    assert letter_files(out) == []
    conn.close()
    run_vlo(vlo.db, "letters", "initial-contact", "--out", str(out))
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("SELECT count(*), count(DISTINCT victim_id) FROM letters").fetchone() == (rows, rows)
    files = letter_files(out)
    assert len(files) == rows and not any(p.name.endswith(".tmp") for p in out.iterdir())
    assert {f for (f,) in conn.execute("SELECT file FROM letters")} == set(files)


def test_backup_is_consistent_owner_only_and_checked(vlo, case, tmp_path):
    backup = tmp_path / "backup.db"
    assert "Backed up 1 case to" in vlo(f"db backup {backup}").stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT name FROM victims ORDER BY id").fetchall() == [
        ("Siân O'Neil",),
        ("Tom Jones",),
    ]
    assert "already exists" in vlo.fails(f"db backup {backup}")
    assert "integrity and foreign keys are sound" in vlo("db check").stderr


def test_db_check_reports_a_broken_foreign_key(vlo, case):
    conn = sqlite3.connect(vlo.db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE victims SET case_id = 99 WHERE id = 2")
    conn.commit()
    out = vlo("db check", ok=False)
    assert out.exit_code == 1
    assert "victims row 2 points at a missing cases row" in out.stdout
    assert out.stderr.startswith("Error: the database has 1 problem;")


def test_everything_written_is_owner_only_even_with_a_permissive_umask(tmp_path):
    db = tmp_path / "v.db"
    run_vlo(db, "init", umask=0o022)
    keep_open = sqlite3.connect(db)  # holds the WAL and shared-memory files open
    keep_open.execute("SELECT count(*) FROM settings").fetchall()
    run_vlo(
        db,
        "case",
        "add",
        "U-1",
        "--offender",
        "A",
        "--offence",
        "B",
        "--category",
        "violent",
        "--officer",
        "A. Jones",
        umask=0o022,  # fmt: skip
    )
    run_vlo(db, "sentence", "U-1", "--date", "2025-04-01", "--type", "sds", "--length", "2y", umask=0o022)
    run_vlo(
        db, "settings", "set", "unit.address", "Probation Office, 1 High Street, York, YO1 7AA", umask=0o022
    )
    run_vlo(db, "victim", "add", "U-1", "--name", "C D", "--address", "1 Road", umask=0o022)
    run_vlo(db, "letters", "initial-contact", "--out", str(tmp_path / "letters"), umask=0o022)
    run_vlo(db, "export", "victims", "--personal", "--out", str(tmp_path / "v.csv"), umask=0o022)
    run_vlo(db, "db", "backup", str(tmp_path / "b.db"), umask=0o022)
    files = [
        db,
        tmp_path / "v.db-wal",
        tmp_path / "v.db-shm",
        tmp_path / "v.csv",
        tmp_path / "b.db",
        *(tmp_path / "letters").iterdir(),
    ]
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {f.name: 0o600 for f in files}
    assert stat.S_IMODE((tmp_path / "letters").stat().st_mode) == 0o700
    keep_open.close()


def test_an_unexpected_error_is_one_line_and_logs_no_personal_data(vlo, case, monkeypatch, tmp_path):
    from vlo.service import cases

    def boom(store, ref):
        secret = "Siân O'Neil lives at 1 Heol y Llan"  # noqa: F841 - a local that must never be printed
        raise RuntimeError("Siân O'Neil lives at 1 Heol y Llan")

    monkeypatch.setattr(cases, "case_summary", boom)
    out = vlo("case show VLU-1", ok=False)
    log = tmp_path / "home" / "error.log"
    assert out.exit_code == 1
    assert out.stderr == f"Error: something unexpected went wrong; the details are in {log}\n"
    assert "Siân" not in out.stdout
    text = log.read_text()
    assert "builtins.RuntimeError" in text and "in boom" in text and "Siân" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_erase_removes_a_closed_case_from_the_file_and_later_backups(vlo, tmp_path):
    vlo('case add E-1 --offender "Quentin Zebadiah" --offence "Assault" --category violent')
    vlo("sentence E-1 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add E-1 --name "Xanthippe Quorrel" --address "77 Yewtree Close" --phone "01632 960000"')
    vlo("contact add 1 --date 2025-04-10 --method phone --summary 'Spoke to Xanthippe Quorrel'")
    assert "is open; close it first" in vlo.fails("erase E-1 --yes")
    vlo("case close E-1")
    from vlo.cli import app

    out = vlo.runner.invoke(app, ["--db", str(vlo.db), "erase", "E-1"], input="WRONG\n")
    assert out.exit_code == 1 and "did not match" in out.stderr
    assert vlo.runner.invoke(app, ["--db", str(vlo.db), "erase", "E-1"], input="E-1\n").exit_code == 0
    assert json.loads(vlo("case list --closed --json").stdout) == []
    vlo(f"db backup {tmp_path / 'after.db'}")
    for path in (vlo.db, tmp_path / "after.db", vlo.db.with_name(vlo.db.name + "-wal")):
        if path.exists():
            data = path.read_bytes()
            for secret in (b"Quentin Zebadiah", b"Xanthippe", b"Yewtree", b"01632 960000"):
                assert secret not in data, (path.name, secret)
    audit = sqlite3.connect(vlo.db).execute(
        "SELECT action, table_name, fields FROM audit WHERE action = 'erase'"
    )
    assert audit.fetchall() == [("erase", "cases", "all")]


def test_an_erased_case_s_ids_are_never_given_to_new_rows(vlo, tmp_path):
    # People travel by id (vlo due --csv, --json) and the audit trail names rows by id. SQLite
    # numbers a row one past the highest id left, so erasing the newest case gave its person's id
    # to the next person: an old copy's "person 2", and the erased row's history, named someone else.
    for ref in ("E-1", "E-2"):
        vlo(f'case add {ref} --offender "A B" --offence "Assault" --category violent')
        vlo(f'victim add {ref} --name "Person {ref}" --address "1 High St"')
    vlo("contact add 2 --date 2025-04-10 --method phone")
    vlo("case close E-2")
    vlo("erase E-2 --yes")
    vlo('case add E-3 --offender "C D" --offence "Assault" --category violent')
    assert vlo('victim add E-3 --name "Person E-3" --address "2 High St"').stdout == "3\n"  # its id
    vlo("contact add 3 --date 2025-04-11 --method phone")
    # An import numbers its rows past an erase too.
    vlo("case close E-3")
    vlo("erase E-3 --yes")
    referrals = tmp_path / "referrals.csv"
    referrals.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,"
        "victim_name,victim_address,victim_postcode,victim_email,victim_phone\n"
        "E-4,E F,Assault,violent,2025-03-03,sds,2y,Person E-4,3 High St,,,\n"
    )
    vlo(f"import {referrals}")
    conn = sqlite3.connect(vlo.db)
    assert conn.execute("SELECT ref, id FROM cases ORDER BY id").fetchall() == [("E-1", 1), ("E-4", 4)]
    assert conn.execute("SELECT name, id FROM victims ORDER BY id").fetchall() == [
        ("Person E-1", 1),
        ("Person E-4", 4),
    ]
    # Each id's history in the audit is one row's: every insert names a new id.
    inserted = conn.execute(
        "SELECT table_name, row_id FROM audit WHERE action = 'insert' AND table_name IN ('cases', 'victims', 'contacts')"
    ).fetchall()
    assert len(inserted) == len(set(inserted)) == 8
    assert "the audit trail is unbroken" in vlo("db check").stderr


def test_every_table_an_erase_empties_keeps_its_ids_from_reuse(vlo):
    # The tables a case's erase reaches (ON DELETE CASCADE from cases, and the batches it empties),
    # read from the schema: a table added later must join ERASED_TABLES, or its ids come back.
    from vlo.storage.store import ERASED_TABLES

    conn = sqlite3.connect(vlo.db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    children = {
        t: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({t})") if r[6] == "CASCADE"} for t in tables
    }
    reached, grew = {"cases", "batches"}, True
    while grew:
        more = {t for t, parents in children.items() if parents & reached} - reached
        reached |= more
        grew = bool(more)
    with_ids = {t for t in reached if any(r[1] == "id" for r in conn.execute(f"PRAGMA table_info({t})"))}
    assert with_ids - {"deadlines"} == set(ERASED_TABLES)  # deadlines: numbered afresh, never shown


COMMANDS = [
    ["case", "add"],
    ["case", "edit", "VLU-1"],
    ["case", "show"],
    ["sentence", "VLU-1"],
    ["victim", "add", "VLU-1"],
    ["victim", "edit"],
    ["victim", "opt-in"],
    ["contact", "add"],
    ["due"],
    ["event", "add", "VLU-1"],
    ["condition", "add"],
    ["calendar", "close"],
    ["dates", "VLU-1"],
    ["export"],
    ["settings", "set"],
    # Added since the first round (issue 14: the fuzz reaches every command added since).
    ["breach", "add", "VLU-1"],
    ["breach", "referred"],
    ["breach", "outcome"],
    ["breach", "chased"],
    ["event", "edit"],
    ["event", "delete"],
    ["condition", "propose"],
    ["condition", "show"],
    ["batch", "discard"],
    ["batch", "posted"],
    ["report"],
    ["db", "grant"],
]
OPTIONS = [
    "--offender",
    "--offence",
    "--category",
    "--date",
    "--type",
    "--length",
    "--name",
    "--postcode",
    "--email",
    "--method",
    "--level",
    "--within",
    "--today",
    "--details",
    "--reason",
    "--release",
    "--remand-days",
    "--phone",
    "--appeal",
    "--victim",
    "--summary",
    "--to",
    "--result",
    "--outcome",
    "--about",
    "--language",
    "--format",
    "--date-of-birth",
    "--role",
    "--months",
]
texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-02-30",
            "31/12/2025",
            "0m",
            "2y6m",
            "-1",
            "violent",
            "sds",
            "1",
            "99",
            "today",
            "x" * 5000,
            "=cmd",
            "../x",
            "O'Neil [/]",
            "\x00",
            "2025-04-01",
        ]
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.tuples(st.sampled_from(OPTIONS), texts), max_size=4),
    st.lists(texts, max_size=1),
)
def test_random_input_never_crashes_and_failures_change_nothing(vlo, case, command, options, positional):
    args = [*command, *positional]
    for option, value in options:
        args += [option, value]
    if any("\x00" in a for a in args):
        args = [a.replace("\x00", "") for a in args]  # no OS passes a NUL in argv
    before = vlo.fingerprint()
    result = vlo(args, ok=False)
    assert "Traceback" not in result.stdout + result.stderr
    assert "something unexpected" not in result.stderr, args
    if result.exit_code != 0:
        assert result.stderr.strip().splitlines()[-1].startswith("Error:")
        assert vlo.fingerprint() == before


# Values the fuzz above has found (or would): echoed raw into an error they break the one-line
# promise (SPEC §5 "one clear line") or steer the terminal (ESC). The one error path
# (vlo.cli.root.fail) shows each such character as "?".
FUZZ_FOUND = ["\r", "\n", "a\rb", "a\r\nb", "\x1b[31m", "\x07", "\x7f", "x\x0by", "\x85", "\u2028", "\t"]


@pytest.mark.parametrize(
    "ref",
    [pytest.param(v, id=repr(v)) for v in FUZZ_FOUND],
)
def test_a_value_the_fuzz_found_is_refused_in_one_plain_line(vlo, case, ref):
    before = vlo.fingerprint()
    result = vlo(["case", "show", ref], ok=False)
    assert result.exit_code == 1 and vlo.fingerprint() == before
    assert result.stderr.startswith("Error: ") and result.stderr.endswith("\n")
    line = result.stderr[:-1]
    assert len(line.splitlines()) == 1, repr(result.stderr)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in line), repr(line)
