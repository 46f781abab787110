"""Bulk work: the cases a unit of work must recompute, staged in SQL, and multi-row inserts.

A calendar or rule change can reach a million cases: their ids are chosen by one ``INSERT ...
SELECT`` into a temporary table and read back a chunk at a time, so no list of every case (nor of
every input to the deadline rules) is ever held in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from vlo.storage.base import NEXT_ID

_STAGE = "CREATE TEMP TABLE IF NOT EXISTS work_cases (id INTEGER PRIMARY KEY)"
# What to recompute of a staged case: the kinds of deadline a change can move, or WHOLE. A case
# staged with no row here (every case, after a rule change) is recomputed whole too.
_STAGE_KINDS = (
    "CREATE TEMP TABLE IF NOT EXISTS work_kinds (case_id INTEGER, kind TEXT, PRIMARY KEY (case_id, kind))"
)
WHOLE = "*"


class BulkQueries:
    # --- cases to recompute ---------------------------------------------------------------------

    def _stage(self) -> None:
        self.conn.execute(_STAGE)
        self.conn.execute(_STAGE_KINDS)

    def unstage_cases(self) -> None:
        self._stage()
        self.conn.execute("DELETE FROM temp.work_cases")
        self.conn.execute("DELETE FROM temp.work_kinds")

    def stage_case_ids(self, ids: Iterable[int]) -> None:
        """These cases are recomputed whole (their facts changed)."""
        self._stage()
        rows = [(i,) for i in ids]
        self.conn.executemany("INSERT OR IGNORE INTO temp.work_cases (id) VALUES (?)", rows)
        self.conn.executemany(f"INSERT OR IGNORE INTO temp.work_kinds VALUES (?, '{WHOLE}')", rows)

    def stage_all_cases(self) -> None:
        """Every case, whole."""
        self._stage()
        self.conn.execute("INSERT OR IGNORE INTO temp.work_cases (id) SELECT id FROM cases")
        self.conn.execute("DELETE FROM temp.work_kinds")

    def _stage_deadlines(self, where: str, args: Sequence[Any]) -> None:
        """The cases holding deadlines that match ``where``, limited to those deadlines' kinds."""
        self._stage()
        self.conn.execute(
            f"INSERT OR IGNORE INTO temp.work_kinds SELECT DISTINCT case_id, kind FROM deadlines WHERE {where}",
            args,
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO temp.work_cases (id) SELECT DISTINCT case_id FROM temp.work_kinds"
        )

    def stage_cases_with_deadlines_across(self, day: str, from_due: str) -> None:
        """Deadlines, met or not, whose count can cross ``day``: due on or after ``from_due``, and
        begun by ``day``. A count forward runs from its start (an event's date, for a decision's key
        stage), a count back to its due date from after it, and a window opens before it is due: a
        deadline whose start, window and event all lie after ``day`` counts only days after it. An
        annual letter's start is the last anniversary, which no count uses: its window's opening is
        what must lie on or before ``day``. Their cases are staged, limited to those kinds: the
        others' deadlines count no day across it."""
        self._stage_deadlines(
            "due_date >= ? AND ("
            "(kind = 'annual-update' AND opens_on <= ?) OR (kind != 'annual-update' AND ("
            "start_date <= ? OR opens_on <= ? OR event_id IN (SELECT id FROM events WHERE date <= ?))))",
            (from_due, day, day, day, day),
        )

    def stage_cases_with_deadline_kinds(self, kinds: Sequence[str]) -> None:
        self._stage_deadlines(f"kind IN ({', '.join('?' * len(kinds))})", tuple(kinds))

    def staged_case_chunks(self, size: int) -> Iterator[tuple[list[int], dict[int, frozenset[str]]]]:
        """The staged case ids in order, ``size`` at a time (keyset paging: each chunk is a seek),
        each chunk with the kinds its limited cases are recomputed for (a case not in it: whole)."""
        self._stage()
        last = 0
        while True:
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM temp.work_cases WHERE id > ? ORDER BY id LIMIT ?", (last, size)
                )
            ]
            if not ids:
                return
            kinds: dict[int, set[str]] = {}
            for case_id, kind in self.conn.execute(
                "SELECT case_id, kind FROM temp.work_kinds WHERE case_id BETWEEN ? AND ?", (ids[0], ids[-1])
            ):
                kinds.setdefault(case_id, set()).add(kind)
            yield ids, {case_id: frozenset(k) for case_id, k in kinds.items() if WHOLE not in k}
            last = ids[-1]

    # --- multi-row inserts (vlo import) ----------------------------------------------------------

    def next_id(self, table: str) -> int:
        """The next row's id: one past the highest id the table holds or held before an erase
        (``id_floors``), so no id is ever given twice. Safe inside the command's ``BEGIN
        IMMEDIATE``, which no other writer can enter."""
        return self.conn.execute(NEXT_ID.format(table=table), (table,)).fetchone()[0]

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Rows with the same columns in one ``executemany``; the caller audits them once."""
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.conn.executemany(sql, rows)

    def case_ids_by_ref(self, refs: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Existing cases among ``refs`` (compared without case), keyed by upper-cased reference."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(refs), 500):
            part = refs[start : start + 500]
            marks = ", ".join("?" * len(part))
            # Lower-cased here: SQLite's NOCASE ignores it, and PostgreSQL compares lower(ref).
            for row in self.conn.execute(
                f"SELECT * FROM cases WHERE ref COLLATE NOCASE IN ({marks})", tuple(r.lower() for r in part)
            ):
                found[row["ref"].upper()] = dict(row)
        return found

    def record_import(self, file: str, at: str) -> int:
        """The import's own row, first (on a team database only a manager may write it). Not
        audited itself: the import's one audit row stands for all it wrote."""
        return self.conn.execute("INSERT INTO imports (at, file) VALUES (?, ?)", (at, file)).lastrowid

    def imported_rows(self, import_id: int, rows: int) -> None:
        self.conn.execute("UPDATE imports SET rows = ? WHERE id = ?", (rows, import_id))
