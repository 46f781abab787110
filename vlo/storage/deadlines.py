"""Deadlines: what the rules read, the stored results, and the morning list."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vlo.domain.deadlines import Deadline

from vlo.storage.base import _temp_ids, _where


class DeadlineQueries:
    # --- deadlines ----------------------------------------------------------------------------

    def deadline_inputs(self, case_ids: list[int] | None) -> dict[str, list[sqlite3.Row]]:
        """Everything the deadline rules read, for some cases or all, in a handful of queries."""
        if case_ids is not None:
            _temp_ids(self.conn, case_ids)

        def rows(sql: str, column: str) -> list[sqlite3.Row]:
            if case_ids is not None:
                sql += f" AND {column} IN (SELECT id FROM temp.refresh_ids)"
            return self.conn.execute(sql).fetchall()

        return {
            "cases": rows("SELECT * FROM cases WHERE 1", "id"),
            "sentences": rows("SELECT * FROM sentences WHERE replaced_at IS NULL", "case_id"),
            "victims": rows("SELECT id, case_id, opt_status, contact_level FROM victims WHERE 1", "case_id"),
            "contacts": rows(
                "SELECT contacts.victim_id, contacts.date, contacts.created_at FROM contacts "
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
            "confirmed": rows("SELECT case_id, key, date FROM confirmed_dates WHERE 1", "case_id"),
        }

    def replace_deadlines(self, case_ids: list[int] | None, deadlines: list[Deadline]) -> int:
        """Store freshly computed deadlines; returns how many open ones changed their due date."""
        key_sql = (
            # Every branch TEXT: PostgreSQL's coalesce will not mix integers and text (compared as str below).
            "SELECT victim_id, kind, coalesce(CAST(event_id AS TEXT), CAST(condition_id AS TEXT), "
            "CASE WHEN kind = 'annual-update' THEN start_date END, '0') AS subject, due_date FROM deadlines "
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
            "condition_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    d.event_id or d.condition_id or (d.start.isoformat() if d.kind == "annual-update" else 0)
                )
                due = d.due.isoformat()
                moved += before.get((d.victim_id, d.kind, str(subject)), due) != due
        return moved

    def due(
        self,
        *,
        horizon: str | None,
        officer: str | None = None,
        case_id: int | None = None,
        overdue_before: str | None = None,
    ) -> list[sqlite3.Row]:
        """Open deadlines due on or before ``horizon`` (all when None), most urgent first."""
        sql = (
            "SELECT deadlines.*, cases.ref AS case_ref, cases.officer, victims.name AS victim_name "
            "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
            "JOIN victims ON victims.id = deadlines.victim_id WHERE deadlines.met_on IS NULL"
        )
        sql, args = self._due_filters(sql, horizon, officer, case_id, overdue_before)
        return self.conn.execute(
            sql + " ORDER BY deadlines.due_date, cases.ref, victims.id, deadlines.id", args
        ).fetchall()

    def count_open_after(
        self, horizon: str, *, officer: str | None = None, case_id: int | None = None
    ) -> int:
        # Without an officer filter the partial index answers alone: no join to cases (330 ms -> 6 ms).
        sql = "SELECT count(*) FROM deadlines WHERE deadlines.met_on IS NULL AND deadlines.due_date > ?"
        if officer is not None:
            sql += " AND deadlines.case_id IN (SELECT id FROM cases WHERE officer = ?)"
        sql, args = self._due_filters(sql, None, None, case_id, None)
        return self.conn.execute(
            sql, [horizon, *([officer] if officer is not None else []), *args]
        ).fetchone()[0]

    @staticmethod
    def _due_filters(sql, horizon, officer, case_id, overdue_before):
        return _where(
            sql,
            {
                "deadlines.due_date <= ?": horizon,
                "deadlines.due_date < ?": overdue_before,
                "cases.officer": officer,
                "deadlines.case_id": case_id,
            },
        )
