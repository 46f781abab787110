"""Exports for reports and the monthly figures' raw rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from vlo.storage.exports import EXPORT_FROM, EXPORTS


class ReportQueries:
    # --- export -------------------------------------------------------------------------------

    def export(self, table: str, *, personal: bool) -> tuple[list[str], Iterator[tuple]]:
        """Columns and a stream of rows for ``vlo export``; personal columns only when asked."""
        columns = [(name, expr) for name, expr, private in EXPORTS[table] if personal or not private]
        sql = f"SELECT {', '.join(expr for _, expr in columns)} {EXPORT_FROM[table]}"
        return [name for name, _ in columns], iter(self.conn.execute(sql))

    # --- the manager's report ---------------------------------------------------------------

    def initial_deadlines(self) -> Iterator[sqlite3.Row]:
        """Every initial-contact deadline, kept for people who later opted out or declined (closed)."""
        return iter(
            self.conn.execute(
                "SELECT d.victim_id, d.start_date, d.opens_on, d.due_date, d.met_on, d.closed_on, "
                "v.opt_status, v.choice_on FROM deadlines d "
                "JOIN victims v ON v.id = d.victim_id WHERE d.kind = 'initial-contact'"
            )
        )

    def choice_history(self) -> Iterator[sqlite3.Row]:
        return iter(self.conn.execute("SELECT victim_id, opt_status, date FROM choices ORDER BY date, id"))

    def condition_months(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT substr(requested_on, 1, 7) AS month, 'requested' AS what FROM conditions "
            "UNION ALL SELECT substr(date, 1, 7), 'agreed' FROM condition_steps "
            "WHERE step IN ('agreed', 'agreed-with-changes')"
        ).fetchall()
