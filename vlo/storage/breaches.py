"""Breach reports: a victim's report, its referral, its results and the chases (issue 17)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from vlo.errors import VloError
from vlo.storage.base import _case_rows, _now, _row, _where


class BreachQueries:
    # --- breach reports -----------------------------------------------------------------------

    def add_breach(self, record: dict[str, Any]) -> int:
        return self._insert("breaches", {**record, "created_at": _now()})

    def breach(self, breach_id: int) -> dict[str, Any]:
        row = _row(
            self.conn.execute(
                "SELECT breaches.*, cases.ref AS case_ref FROM breaches JOIN cases ON cases.id = breaches.case_id "
                "WHERE breaches.id = ?",
                (breach_id,),
            ).fetchone()
        )
        if row is None:
            raise VloError(f"no breach report {breach_id}; see: vlo breach list")
        return row

    def refer_breach(self, breach_id: int, referred_on: str, referred_to: str) -> None:
        self._update("breaches", breach_id, {"referred_on": referred_on, "referred_to": referred_to})

    def add_breach_result(self, breach_id: int, record: dict[str, Any]) -> int:
        return self._insert("breach_results", {**record, "breach_id": breach_id, "created_at": _now()})

    def breach_results(self, breach_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM breach_results WHERE breach_id = ? ORDER BY id", (breach_id,))
        return [dict(r) for r in rows]

    def add_breach_chase(self, breach_id: int, day: str) -> int:
        return self._insert("breach_chases", {"breach_id": breach_id, "date": day, "created_at": _now()})

    def breaches(
        self, *, case_id: int | None = None, victim_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Breach reports with their latest result and last chase, oldest report first."""
        sql = (
            "SELECT breaches.*, cases.ref AS case_ref, "
            "(SELECT result FROM breach_results r WHERE r.breach_id = breaches.id ORDER BY r.id DESC LIMIT 1) "
            "AS result, "
            "(SELECT date FROM breach_results r WHERE r.breach_id = breaches.id ORDER BY r.id DESC LIMIT 1) "
            "AS result_on, "
            "(SELECT max(date) FROM breach_chases c WHERE c.breach_id = breaches.id) AS chased_on "
            "FROM breaches JOIN cases ON cases.id = breaches.case_id WHERE 1"
        )
        sql, args = _where(sql, {"breaches.case_id": case_id, "breaches.victim_id": victim_id})
        for row in self.conn.execute(sql + " ORDER BY breaches.reported_on, breaches.id", args):
            yield dict(row)

    def breach_inputs(self, case_ids: list[int] | None) -> dict[str, list[sqlite3.Row]]:
        """What the breach and protection clocks read, for some cases or all (open cases only
        unless ``case_ids`` is None: the monthly figures count closed cases too)."""
        rows = _case_rows(self.conn, case_ids)

        return {
            "breaches": rows(
                "SELECT b.id, b.case_id, b.victim_id, b.reported_on, b.referred_on, b.referred_to, "
                "c.status AS case_status FROM breaches b JOIN cases c ON c.id = b.case_id WHERE 1",
                "b.case_id",
            ),
            "results": rows(
                "SELECT r.breach_id, r.result, r.date, r.created_at FROM breach_results r "
                "JOIN breaches b ON b.id = r.breach_id WHERE 1",
                "b.case_id",
            ),
            "chases": rows(
                "SELECT h.breach_id, h.date FROM breach_chases h JOIN breaches b ON b.id = h.breach_id WHERE 1",
                "b.case_id",
            ),
            # Only the people who reported a breach: their contacts tell them of its outcome.
            "contacts": rows(
                "SELECT t.victim_id, t.date, t.created_at, t.outcome, t.about FROM contacts t "
                "JOIN victims v ON v.id = t.victim_id WHERE t.victim_id IN (SELECT victim_id FROM breaches)",
                "v.case_id",
            ),
            "proposals": rows(
                "SELECT k.id, v.case_id, k.victim_id, k.requested_on, c.status AS case_status, "
                "(SELECT min(date) FROM condition_steps s WHERE s.condition_id = k.id AND s.step = 'put-to-victim') "
                "AS put_on FROM conditions k JOIN victims v ON v.id = k.victim_id "
                "JOIN cases c ON c.id = v.case_id WHERE k.origin = 'service'",
                "v.case_id",
            ),
        }
