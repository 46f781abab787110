"""The people to contact, the contact log and the licence conditions they ask for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vlo.errors import VloError
from vlo.storage.base import _now, _row, _where


class PeopleQueries:
    # --- people to contact --------------------------------------------------------------------

    def add_victim(self, case_id: int, record: dict[str, Any]) -> int:
        now = _now()
        return self._insert(
            "victims",
            {"opt_status": "pending", **record, "case_id": case_id, "created_at": now, "updated_at": now},
        )

    def victim(self, victim_id: int) -> dict[str, Any]:
        row = _row(
            self.conn.execute(
                "SELECT victims.*, cases.ref AS case_ref FROM victims JOIN cases ON cases.id = victims.case_id "
                "WHERE victims.id = ?",
                (victim_id,),
            ).fetchone()
        )
        if row is None:
            raise VloError(f"no person to contact with id {victim_id}; see: vlo victim list")
        return row

    def victims(self, case_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT victims.*, cases.ref AS case_ref FROM victims JOIN cases ON cases.id = victims.case_id"
        args: tuple[Any, ...] = ()
        if case_id is not None:
            sql += " WHERE victims.case_id = ?"
            args = (case_id,)
        for row in self.conn.execute(sql + " ORDER BY cases.ref, victims.id", args):
            yield dict(row)

    def people_per_case(self) -> dict[int, int]:
        rows = self.conn.execute("SELECT case_id, count(*) FROM victims GROUP BY case_id")
        return {case_id: n for case_id, n in rows}

    def update_victim(self, victim_id: int, changes: dict[str, Any]) -> None:
        if changes:
            self._update("victims", victim_id, {**changes, "updated_at": _now()})

    def add_choice(self, victim_id: int, status: str, level: str | None, day: str) -> int:
        """A person's choice, kept as history: the report reads who had opted in at each month's end."""
        return self._insert(
            "choices",
            {
                "victim_id": victim_id,
                "opt_status": status,
                "contact_level": level,
                "date": day,
                "created_at": _now(),
            },
        )

    # --- contact log --------------------------------------------------------------------------

    def add_contact(self, victim_id: int, record: dict[str, Any]) -> int:
        return self._insert("contacts", {**record, "victim_id": victim_id, "created_at": _now()})

    def contacts(
        self, *, victim_id: int | None = None, case_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT contacts.*, cases.ref AS case_ref FROM contacts "
            "JOIN victims ON victims.id = contacts.victim_id JOIN cases ON cases.id = victims.case_id WHERE 1 = 1"
        )
        sql, args = _where(sql, {"contacts.victim_id": victim_id, "victims.case_id": case_id})
        for row in self.conn.execute(sql + " ORDER BY contacts.date, contacts.id", args):
            yield dict(row)

    # --- licence conditions -------------------------------------------------------------------

    def add_condition(self, victim_id: int, record: dict[str, Any]) -> int:
        return self._insert(
            "conditions", {**record, "victim_id": victim_id, "status": "requested", "created_at": _now()}
        )

    def condition(self, condition_id: int) -> dict[str, Any]:
        row = _row(
            self.conn.execute(
                "SELECT conditions.*, victims.case_id, cases.ref AS case_ref FROM conditions "
                "JOIN victims ON victims.id = conditions.victim_id JOIN cases ON cases.id = victims.case_id "
                "WHERE conditions.id = ?",
                (condition_id,),
            ).fetchone()
        )
        if row is None:
            raise VloError(f"no condition {condition_id}; see: vlo condition list")
        return row

    def conditions(
        self, *, case_id: int | None = None, victim_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT conditions.*, victims.case_id, cases.ref AS case_ref, "
            "(SELECT max(date) FROM condition_steps s WHERE s.condition_id = conditions.id) AS last_step_on "
            "FROM conditions JOIN victims ON victims.id = conditions.victim_id "
            "JOIN cases ON cases.id = victims.case_id WHERE 1"
        )
        sql, args = _where(sql, {"victims.case_id": case_id, "conditions.victim_id": victim_id})
        for row in self.conn.execute(sql + " ORDER BY conditions.id", args):
            yield dict(row)

    def condition_steps(self, condition_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM condition_steps WHERE condition_id = ? ORDER BY id", (condition_id,)
        )
        return [dict(r) for r in rows]

    def add_condition_step(self, condition_id: int, record: dict[str, Any]) -> int:
        step_id = self._insert(
            "condition_steps", {**record, "condition_id": condition_id, "created_at": _now()}
        )
        changes = {"status": record["step"]}
        if record.get("decision_maker"):
            changes["decision_maker"] = record["decision_maker"]
        self._update("conditions", condition_id, changes)
        return step_id

    def find_victim_by_name(self, case_id: int, name: str) -> dict[str, Any] | None:
        return _row(
            self.conn.execute(
                "SELECT * FROM victims WHERE case_id = ? AND lower(name) = lower(?) ORDER BY id LIMIT 1",
                (case_id, name),
            ).fetchone()
        )
