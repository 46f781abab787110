"""Floors for the benchmarks: the same work as a vlo command, in plain Python and SQL (stdlib only).

    python benchmarks/floors.py due DB TODAY HORIZON      # the morning list's rows and footer count
    python benchmarks/floors.py csv DB SQL                # any query's rows as CSV on stdout
    python benchmarks/floors.py import DB CSV             # referrals: executemany into cases, sentences, victims
    python benchmarks/floors.py rewrite DB DATE [SETTING VALUE]
                                                          # rewrite every open deadline after DATE

Each is what a command could cost at best: interpreter start-up, one connection, the rows read or
written with ``sqlite3``, and no validation, rules or formatting. ``run.py`` times vlo against them.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from datetime import UTC, datetime

DUE_SQL = (
    "SELECT deadlines.*, cases.ref AS case_ref, cases.officer, victims.name AS victim_name "
    "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
    "JOIN victims ON victims.id = deadlines.victim_id WHERE deadlines.met_on IS NULL "
    "AND deadlines.due_date <= :horizon "
    "ORDER BY deadlines.due_date, cases.ref, victims.id, deadlines.id"
)
LATER_SQL = "SELECT count(*) FROM deadlines WHERE met_on IS NULL AND due_date > :horizon"


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def due(path: str, today: str, horizon: str) -> None:
    conn = connect(path)
    out = sys.stdout
    for row in conn.execute(DUE_SQL, {"horizon": horizon}):
        out.write("\t".join("" if v is None else str(v) for v in row) + "\n")
    later = conn.execute(LATER_SQL, {"horizon": horizon}).fetchone()[0]
    out.write(f"{later} later (as of {today})\n")


def rows_as_csv(path: str, sql: str) -> None:
    conn = connect(path)
    cursor = conn.execute(sql)
    writer = csv.writer(sys.stdout)
    writer.writerow([c[0] for c in cursor.description])
    while batch := cursor.fetchmany(1000):
        writer.writerows(batch)


def import_referrals(path: str, source: str) -> None:
    """One case per distinct case_ref, its sentence, and one person per row: all in one transaction."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    next_case = (conn.execute("SELECT max(id) FROM cases").fetchone()[0] or 0) + 1
    cases: dict[str, int] = {}
    new_cases, sentences, people = [], [], []
    with open(source, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ref = row["case_ref"]
            case_id = cases.get(ref)
            if case_id is None:
                case_id = cases[ref] = next_case
                next_case += 1
                new_cases.append((case_id, ref, row["offender"], row["offence"], row["category"], now))
                sentences.append(
                    (case_id, row["sentence_date"], row["sentence_type"], row["sentence_length"], now)
                )
            people.append(
                (
                    case_id, row["victim_name"], "victim", row["victim_address"], row["victim_postcode"],
                    row["victim_email"] or None, row["victim_phone"] or None, now, now,
                )
            )  # fmt: skip
    conn.executemany(
        "INSERT INTO cases (id, ref, offender, offence, category, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        new_cases,
    )
    conn.executemany(
        "INSERT INTO sentences (case_id, date, type, length, recorded_at) VALUES (?, ?, ?, ?, ?)", sentences
    )
    conn.executemany(
        "INSERT INTO victims (case_id, name, role, address, postcode, email, phone, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        people,
    )
    conn.execute("COMMIT")


def rewrite(path: str, day: str, *setting: str) -> None:
    """Touch every open deadline after ``day`` in one transaction: the most a one-day change can move."""
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    if setting:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", setting)
    else:
        conn.execute(
            "INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, 'closure', 'benchmark')",
            (day,),
        )
    rows = conn.execute(
        "SELECT id, due_date FROM deadlines WHERE met_on IS NULL AND due_date > ?", (day,)
    ).fetchall()
    conn.executemany("UPDATE deadlines SET due_date = ? WHERE id = ?", [(d, i) for i, d in rows])
    conn.execute("COMMIT")


COMMANDS = {"due": due, "csv": rows_as_csv, "import": import_referrals, "rewrite": rewrite}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
