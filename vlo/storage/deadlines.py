"""Deadlines: what the rules read, the stored results, and the morning list."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vlo.domain.deadlines import Deadline

from vlo.storage.base import _case_rows, _temp_ids, _where

# The case columns the deadline rules read (status, the referral, and the facts eligibility and the
# release rules read); tests/test_layers.py checks the rules read no other.
RULE_CASE_COLUMNS = (
    "id",
    "status",
    "referral_date",
    "category",
    "discretionary_reason",
    "schedule_15",
    "listed_offence",
    "offence_date",
    "sex_offender_registration",
    "forty_percent_excluded",
    "schedule_15b",
    "offender_dob",
)


class DeadlineQueries:
    # --- deadlines ----------------------------------------------------------------------------

    def deadline_inputs(
        self, case_ids: list[int] | None, history: bool = True
    ) -> dict[str, list[sqlite3.Row]]:
        """Everything the deadline rules read, for some cases or all, in a handful of queries;
        without ``history``, no events, condition decisions or confirmed dates (the initial
        contact reads none of them)."""
        rows = _case_rows(self.conn, case_ids)
        inputs = {
            "cases": rows(f"SELECT {', '.join(RULE_CASE_COLUMNS)} FROM cases WHERE 1", "id"),
            "sentences": rows("SELECT * FROM sentences WHERE replaced_at IS NULL", "case_id"),
            "victims": rows(
                "SELECT id, case_id, opt_status, contact_level, role, date_of_birth, choice_on FROM victims WHERE 1",
                "case_id",
            ),
            "contacts": rows(
                "SELECT contacts.victim_id, contacts.date, contacts.created_at, contacts.outcome, contacts.about "
                "FROM contacts "
                "JOIN victims ON victims.id = contacts.victim_id WHERE 1",
                "victims.case_id",
            ),
            "events": [],
            "outcomes": [],
            "confirmed": [],
        }
        if history:
            inputs["events"] = rows("SELECT * FROM events WHERE 1", "case_id")
            inputs["outcomes"] = rows(
                "SELECT conditions.id, conditions.victim_id, steps.step, steps.date, steps.created_at "
                "FROM condition_steps steps "
                "JOIN conditions ON conditions.id = steps.condition_id "
                "JOIN victims ON victims.id = conditions.victim_id "
                "WHERE steps.step IN ('agreed', 'agreed-with-changes', 'refused')",
                "victims.case_id",
            )
            inputs["confirmed"] = rows(
                "SELECT case_id, key, date, recorded_on FROM confirmed_dates WHERE 1", "case_id"
            )
        return inputs

    def cases_with_deadline_kinds(self, case_ids: list[int] | None, kinds: frozenset[str]) -> set[int]:
        """Which of ``case_ids`` (all cases when None) hold a deadline of one of ``kinds``."""
        sql = f"SELECT DISTINCT case_id FROM deadlines WHERE kind IN ({', '.join('?' * len(kinds))})"
        if case_ids is not None:
            _temp_ids(self.conn, case_ids)
            sql += " AND case_id IN (SELECT id FROM temp.refresh_ids)"
        return {r[0] for r in self.conn.execute(sql, sorted(kinds))}

    def stamp_confirmed_dates(self, today: str) -> None:
        """Confirmed dates recorded or changed in this transaction were learnt of today."""
        self.conn.execute("UPDATE confirmed_dates SET recorded_on = ? WHERE recorded_on IS NULL", (today,))

    _STORED = (
        "case_id, victim_id, kind, due_date, start_date, met_on, event_id, what, estimated, "
        "condition_id, opens_on, closed_on, breach_id"
    )

    def replace_deadlines(
        self, case_ids: list[int] | None, deadlines: list[Deadline], kinds: frozenset[str] | None = None
    ) -> tuple[int, int]:
        """Store freshly computed deadlines for ``case_ids`` (all cases when None), in place of those
        stored (only those of ``kinds`` when given). Rows that came out the same are left alone: a
        calendar change rewrites only what it moved. Returns (open deadlines whose due date moved,
        rows written)."""
        sql = f"SELECT id, {self._STORED} FROM deadlines WHERE 1 = 1"
        args: list = []
        if case_ids is not None:
            _temp_ids(self.conn, case_ids)
            sql += " AND case_id IN (SELECT id FROM temp.refresh_ids)"
        if kinds is not None:
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            args += sorted(kinds)
        stored: dict[tuple, list[int]] = {}
        before: dict[tuple, str] = {}  # open deadlines' due dates, by what they are about
        for row in self.conn.execute(sql, args):
            values = tuple(row)[1:]
            stored.setdefault(values, []).append(row[0])
            if values[5] is None:
                before[_subject(values)] = values[3]
        fresh = []
        moved = 0
        for d in deadlines:
            values = _stored(d)
            ids = stored.get(values)
            if ids:
                ids.pop()
            else:
                fresh.append(values)
            if d.met_on is None:
                due = values[3]
                moved += before.get(_subject(values), due) != due
        # A deadline about the same thing whose dates moved is updated in place (its row keeps its
        # id, and the indexes on columns that did not change are left alone); the rest go or come.
        reusable: dict[tuple, list[int]] = {}
        for values, ids in stored.items():
            if ids:
                reusable.setdefault(_subject(values), []).extend(ids)
        updates, inserts = [], []
        for values in fresh:
            ids = reusable.get(_subject(values))
            if ids:
                updates.append((*values, ids.pop()))
            else:
                inserts.append(values)
        stale = [(i,) for ids in reusable.values() for i in ids]
        self.conn.executemany("DELETE FROM deadlines WHERE id = ?", stale)
        columns = self._STORED.split(", ")
        self.conn.executemany(
            f"UPDATE deadlines SET {', '.join(c + ' = ?' for c in columns)} WHERE id = ?", updates
        )
        self.conn.executemany(
            f"INSERT INTO deadlines ({self._STORED}) VALUES ({', '.join('?' * len(columns))})", inserts
        )
        return moved, len(stale) + len(updates) + len(inserts)

    _DUE_FROM = (
        "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
        "JOIN victims ON victims.id = deadlines.victim_id WHERE deadlines.met_on IS NULL"
    )
    # The counts need no names: every deadline has its case and person (NOT NULL foreign keys), so
    # they read the open-deadline index alone and join cases only to filter by officer. Joined, they
    # cost PostgreSQL two hash joins over every case and person (77 ms at 100k cases).
    _COUNT_FROM = "FROM deadlines WHERE deadlines.met_on IS NULL"

    def due(
        self,
        *,
        horizon: str | None,
        officer: str | None = None,
        case_id: int | None = None,
        overdue_before: str | None = None,
        opens_by: str | None = None,
        limit: int | None = None,
    ) -> Iterator[sqlite3.Row]:
        """Open deadlines due on or before ``horizon`` (all when None), most urgent first, streamed;
        with ``opens_by``, only those whose window has opened by then."""
        sql = (
            "SELECT deadlines.*, cases.ref AS case_ref, cases.officer, victims.name AS victim_name "
            + self._DUE_FROM
        )
        sql, args = self._due_filters(sql, horizon, officer, case_id, overdue_before, opens_by)
        # A breach a victim reported is passed on the same day: above anything merely overdue.
        sql += (
            " ORDER BY deadlines.kind = 'breach-referral' DESC, deadlines.due_date, cases.ref, victims.id, "
            "deadlines.id"
        )
        if limit is not None:
            sql, args = sql + " LIMIT ?", [*args, limit]
        return iter(self.conn.execute(sql, args))

    def count_due(
        self,
        *,
        today: str,
        soon: str,
        horizon: str | None,
        officer: str | None = None,
        case_id: int | None = None,
        overdue_before: str | None = None,
        opens_by: str | None = None,
    ) -> dict[str, int]:
        """How many of the rows :meth:`due` would give are overdue, due today, soon and upcoming."""
        other = "kind != 'breach-referral' AND"
        sql = (
            "SELECT count(*) FILTER (WHERE kind = 'breach-referral'), "
            f"count(*) FILTER (WHERE {other} due_date < ?), count(*) FILTER (WHERE {other} due_date = ?), "
            f"count(*) FILTER (WHERE {other} due_date > ? AND due_date <= ?), "
            f"count(*) FILTER (WHERE {other} due_date > ?) "
            "FROM (SELECT deadlines.due_date, deadlines.kind " + self._COUNT_FROM
        )
        sql, args = self._count_filters(sql, horizon, officer, case_id, overdue_before, opens_by)
        row = self.conn.execute(sql + ") AS due_rows", [today, today, today, soon, soon, *args]).fetchone()
        return dict(zip(("urgent", "overdue", "today", "soon", "upcoming"), row, strict=True))

    def open_deadlines(self, *, case_id: int | None = None, victim_id: int | None = None) -> list[dict]:
        """A case's or a person's open deadlines, soonest first: for case show and victim show."""
        sql, args = _where(
            "SELECT id, case_id, victim_id, kind, what, opens_on, due_date FROM deadlines WHERE met_on IS NULL",
            {"case_id": case_id, "victim_id": victim_id},
        )
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY due_date, victim_id, id", args)]

    def count_not_open(self, today: str, *, officer: str | None = None, case_id: int | None = None) -> int:
        """Open deadlines whose window has not opened yet: hidden from the morning list."""
        sql = "SELECT count(*) " + self._COUNT_FROM + " AND deadlines.opens_on > ?"
        sql, args = self._count_filters(sql, None, officer, case_id, None, None)
        return self.conn.execute(sql, [today, *args]).fetchone()[0]

    def officers(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT officer FROM cases WHERE officer IS NOT NULL ORDER BY 1"
            )
        ]

    def count_open_after(
        self,
        horizon: str,
        *,
        officer: str | None = None,
        case_id: int | None = None,
        opens_by: str | None = None,
    ) -> int:
        # Without an officer filter the partial index answers alone: no join to cases (330 ms -> 6 ms).
        sql = "SELECT count(*) " + self._COUNT_FROM + " AND deadlines.due_date > ?"
        sql, args = self._count_filters(sql, None, officer, case_id, None, opens_by)
        return self.conn.execute(sql, [horizon, *args]).fetchone()[0]

    @staticmethod
    def _due_filters(sql, horizon, officer, case_id, overdue_before, opens_by=None, *, joined=True):
        return _where(
            sql,
            {
                "deadlines.due_date <= ?": horizon,
                "deadlines.due_date < ?": overdue_before,
                "cases.officer"
                if joined
                else "deadlines.case_id IN (SELECT id FROM cases WHERE officer = ?)": (officer),
                "deadlines.case_id": case_id,
                "deadlines.opens_on <= ?": opens_by,
            },
        )

    @classmethod
    def _count_filters(cls, sql, horizon, officer, case_id, overdue_before, opens_by=None):
        """The same filters as :meth:`due`'s, on :attr:`_COUNT_FROM` (no join to cases)."""
        return cls._due_filters(sql, horizon, officer, case_id, overdue_before, opens_by, joined=False)


def _stored(d: Deadline) -> tuple:
    """A deadline as its stored columns (``DeadlineQueries._STORED``), to compare with a stored row."""
    return (
        d.case_id,
        d.victim_id,
        d.kind,
        d.due.isoformat(),
        d.start.isoformat(),
        d.met_on.isoformat() if d.met_on else None,
        d.event_id,
        d.what,
        int(d.estimated),
        d.condition_id,
        d.opens_on.isoformat(),
        d.closed_on.isoformat() if d.closed_on else None,
        getattr(d, "breach_id", None),
    )


def _subject(values: tuple) -> tuple:
    """What a deadline is about, to follow it across a recompute: its person and kind, and the
    event, condition or breach it answers; annual letters share a kind, so their start tells them apart."""
    case_id, victim_id, kind, _due, start, _met, event_id, _what, _est, condition_id, *_, breach_id = values
    return (victim_id, kind, event_id, condition_id, breach_id, start if kind == "annual-update" else None)
