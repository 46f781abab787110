"""Floors for the benchmarks: the same work as a vlo command, in plain Python and SQL (stdlib only).

    python benchmarks/floors.py due DB TODAY HORIZON      # the morning list's rows and footer count
    python benchmarks/floors.py csv DB SQL                # any query's rows as CSV on stdout
    python benchmarks/floors.py import DB CSV             # referrals: executemany into cases, sentences, victims
    python benchmarks/floors.py import-deadlines DB CSV   # the same, and each person's initial contact
    python benchmarks/floors.py rewrite DB DATE [SETTING VALUE]
                                                          # rewrite every open deadline after DATE
    python benchmarks/floors.py recount DB DATE           # close DATE: recount the deadlines it can move
    python benchmarks/floors.py reclock DB                # the code-2020 clock: recount every initial contact

Each is what a command could cost at best: interpreter start-up, one connection, the rows read or
written with ``sqlite3``, and no validation, rules or formatting. ``run.py`` times vlo against them.

``rewrite`` writes without counting anything: the cheapest a change could be, and not the same work.
``recount`` and ``reclock`` are the same work as ``vlo calendar close`` and the clock change in
plain Python (SPEC §5: "the same work in plain Python and SQL"): a working-day table built once,
one count per deadline the change can move, and an UPDATE of those whose date changed. They know
only the one rule each change moves (a deadline keeps its distance in working days from its start;
the initial contact is 10 + 20 working days from the sentence, or 20 from the referral), where vlo
runs every rule on every case it recomputes.
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


def import_referrals(path: str, source: str, deadlines: bool = False) -> None:
    """One case per distinct case_ref, its sentence, and one person per row: all in one transaction.
    With ``deadlines``, also each person's initial contact, 40 working days from the sentence, with
    foreign keys checked, as vlo has them."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn = connect(path)
    if deadlines:
        conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    next_case = (conn.execute("SELECT max(id) FROM cases").fetchone()[0] or 0) + 1
    next_person = (conn.execute("SELECT max(id) FROM victims").fetchone()[0] or 0) + 1
    days = WorkingDays({r[0] for r in conn.execute("SELECT date FROM calendar_days")}) if deadlines else None
    initial = []
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
                    next_person, case_id, row["victim_name"], "victim", row["victim_address"],
                    row["victim_postcode"], row["victim_email"] or None, row["victim_phone"] or None, now, now,
                )
            )  # fmt: skip
            if days is not None:
                sentenced = row["sentence_date"]
                initial.append((case_id, next_person, days.add(sentenced, 40), sentenced, sentenced))
            next_person += 1
    conn.executemany(
        "INSERT INTO cases (id, ref, offender, offence, category, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        new_cases,
    )
    conn.executemany(
        "INSERT INTO sentences (case_id, date, type, length, recorded_at) VALUES (?, ?, ?, ?, ?)", sentences
    )
    conn.executemany(
        "INSERT INTO victims (id, case_id, name, role, address, postcode, email, phone, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        people,
    )
    conn.executemany(
        "INSERT INTO deadlines (case_id, victim_id, kind, due_date, start_date, what, estimated, opens_on) "
        "VALUES (?, ?, 'initial-contact', ?, ?, 'Initial contact', 0, ?)",
        initial,
    )
    conn.execute("COMMIT")


def import_with_deadlines(path: str, source: str) -> None:
    import_referrals(path, source, deadlines=True)


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


class WorkingDays:
    """Weekdays less the closed days, as two tables: a day's count of working days, and the days."""

    def __init__(self, closed: set[str]):
        from datetime import date, timedelta

        first, self.first = date(1960, 1, 1), date(1960, 1, 1).toordinal()
        self.count: list[int] = []
        self.days: list[int] = []
        for i in range(date(2100, 12, 31).toordinal() - self.first + 1):
            day = first + timedelta(days=i)
            if day.weekday() < 5 and day.isoformat() not in closed:
                self.days.append(self.first + i)
            self.count.append(len(self.days))

    def add(self, start: str, n: int) -> str:
        from datetime import date

        return date.fromordinal(
            self.days[self.count[date.fromisoformat(start).toordinal() - self.first] + n - 1]
        ).isoformat()

    def between(self, start: str, end: str) -> int:
        from datetime import date

        index = self.count
        return (
            index[date.fromisoformat(end).toordinal() - self.first]
            - index[date.fromisoformat(start).toordinal() - self.first]
        )


def recount(path: str, day: str) -> None:
    """Close ``day``: every deadline due on or after it keeps its working days from its start."""
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    closed = {r[0] for r in conn.execute("SELECT date FROM calendar_days")}
    before = WorkingDays(closed)
    conn.execute(
        "INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, 'closure', 'benchmark')", (day,)
    )
    after = WorkingDays(closed | {day})
    changed = []
    for id_, start, due in conn.execute(
        "SELECT id, start_date, due_date FROM deadlines WHERE due_date >= ?", (day,)
    ):
        n = before.between(start, due)
        moved = after.add(start, n) if n > 0 else due
        if moved != due:
            changed.append((moved, id_))
    conn.executemany("UPDATE deadlines SET due_date = ? WHERE id = ?", changed)
    conn.execute("COMMIT")


def reclock(path: str) -> None:
    """The code-2020 clock: each initial contact 20 working days from the referral (or from 10
    working days after the sentence when none is recorded)."""
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('clock', 'code-2020')")
    days = WorkingDays({r[0] for r in conn.execute("SELECT date FROM calendar_days")})
    changed = []
    rows = conn.execute(
        "SELECT deadlines.id, deadlines.due_date, sentences.date, cases.referral_date FROM deadlines "
        "JOIN cases ON cases.id = deadlines.case_id "
        "JOIN sentences ON sentences.case_id = deadlines.case_id AND sentences.replaced_at IS NULL "
        "WHERE deadlines.kind = 'initial-contact'"
    )
    for id_, due, sentenced, referral in rows:
        referral = referral or days.add(sentenced, 10)
        moved = days.add(referral, 20)
        if moved != due:
            changed.append((moved, referral, id_))
    conn.executemany("UPDATE deadlines SET due_date = ?, start_date = ? WHERE id = ?", changed)
    conn.execute("COMMIT")


COMMANDS = {
    "due": due,
    "csv": rows_as_csv,
    "import": import_referrals,
    "import-deadlines": import_with_deadlines,
    "rewrite": rewrite,
    "recount": recount,
    "reclock": reclock,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
