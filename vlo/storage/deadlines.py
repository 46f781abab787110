"""Deadlines: what the rules read, the stored results, and the morning list."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vlo.domain.deadlines import Deadline

from vlo.storage.base import _case_rows, _temp_ids, _where


class DeadlineQueries:
    # --- deadlines ----------------------------------------------------------------------------

    def deadline_inputs(self, case_ids: list[int] | None) -> dict[str, list[sqlite3.Row]]:
        """Everything the deadline rules read, for some cases or all, in a handful of queries."""
        rows = _case_rows(self.conn, case_ids)

        return {
            "cases": rows("SELECT * FROM cases WHERE 1", "id"),
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
            "events": rows("SELECT * FROM events WHERE 1", "case_id"),
            "outcomes": rows(
                "SELECT conditions.id, conditions.victim_id, steps.step, steps.date, steps.created_at "
                "FROM condition_steps steps "
                "JOIN conditions ON conditions.id = steps.condition_id "
                "JOIN victims ON victims.id = conditions.victim_id "
                "WHERE steps.step IN ('agreed', 'agreed-with-changes', 'refused')",
                "victims.case_id",
            ),
            "confirmed": rows(
                "SELECT case_id, key, date, recorded_on FROM confirmed_dates WHERE 1", "case_id"
            ),
        }

    def stamp_confirmed_dates(self, today: str) -> None:
        """Confirmed dates recorded or changed in this transaction were learnt of today."""
        self.conn.execute("UPDATE confirmed_dates SET recorded_on = ? WHERE recorded_on IS NULL", (today,))

    def replace_deadlines(self, case_ids: list[int] | None, deadlines: list[Deadline]) -> int:
        """Store freshly computed deadlines; returns how many open ones changed their due date."""
        key_sql = (
            # Every branch TEXT: PostgreSQL's coalesce will not mix integers and text (compared as str below).
            "SELECT victim_id, kind, coalesce(CAST(event_id AS TEXT), CAST(condition_id AS TEXT), "
            "CAST(breach_id AS TEXT), CASE WHEN kind = 'annual-update' THEN start_date END, '0') AS subject, "
            "due_date FROM deadlines "
            "WHERE met_on IS NULL"
        )
        if case_ids is None:
            old = self.conn.execute(key_sql).fetchall()
            self.conn.execute("DELETE FROM deadlines")
        else:
            _temp_ids(self.conn, case_ids)
            old = self.conn.execute(key_sql + " AND case_id IN (SELECT id FROM temp.refresh_ids)").fetchall()
            self.conn.execute("DELETE FROM deadlines WHERE case_id IN (SELECT id FROM temp.refresh_ids)")
        self.conn.executemany(
            "INSERT INTO deadlines (case_id, victim_id, kind, due_date, start_date, met_on, event_id, what, estimated, "
            "condition_id, opens_on, closed_on, breach_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
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
                for d in deadlines
            ),
        )
        # Annual letters share a kind and have no event: their start date tells them apart.
        before = {(r["victim_id"], r["kind"], str(r["subject"])): r["due_date"] for r in old}
        moved = 0
        for d in deadlines:
            if d.met_on is None:
                subject = (
                    d.event_id
                    or d.condition_id
                    or getattr(d, "breach_id", None)
                    or (d.start.isoformat() if d.kind == "annual-update" else 0)
                )
                due = d.due.isoformat()
                moved += before.get((d.victim_id, d.kind, str(subject)), due) != due
        return moved

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
