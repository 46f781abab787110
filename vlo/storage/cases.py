"""Cases, sentences, key-stage events and the dates the prison confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vlo.errors import VloError
from vlo.storage.base import _now, _row, _short, _where


class CaseQueries:
    # --- cases --------------------------------------------------------------------------------

    def add_case(self, record: dict[str, Any]) -> int:
        if self.conn.execute("SELECT 1 FROM cases WHERE ref = ? COLLATE NOCASE", (record["ref"],)).fetchone():
            raise VloError(f"case reference {record['ref']} already exists; choose another reference")
        return self._insert("cases", {**record, "status": "open", "created_at": _now()})

    def case(self, ref: str) -> dict[str, Any]:
        row = _row(self.conn.execute("SELECT * FROM cases WHERE ref = ? COLLATE NOCASE", (ref,)).fetchone())
        if row is None:
            raise VloError(f"no case with reference {_short(ref)}; see: vlo case list")
        return row

    def case_by_id(self, case_id: int) -> dict[str, Any]:
        return dict(self.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone())

    def cases(self, *, status: str | None = None, officer: str | None = None) -> Iterator[dict[str, Any]]:
        sql, args = _where("SELECT * FROM cases WHERE 1 = 1", {"status": status, "officer": officer})
        for row in self.conn.execute(sql + " ORDER BY ref", args):
            yield dict(row)

    def update_case(self, case_id: int, changes: dict[str, Any]) -> None:
        self._update("cases", case_id, changes)

    def close_case(self, case_id: int) -> None:
        self._update("cases", case_id, {"status": "closed", "closed_at": _now()})

    def count_cases(self) -> int:
        return self.conn.execute("SELECT count(*) FROM cases").fetchone()[0]

    # --- sentences ----------------------------------------------------------------------------

    def current_sentence(self, case_id: int) -> dict[str, Any] | None:
        return _row(
            self.conn.execute(
                "SELECT * FROM sentences WHERE case_id = ? AND replaced_at IS NULL", (case_id,)
            ).fetchone()
        )

    def sentence_history(self, case_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM sentences WHERE case_id = ? ORDER BY id", (case_id,))
        return [dict(r) for r in rows]

    def current_sentences(self) -> dict[int, dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM sentences WHERE replaced_at IS NULL")
        return {r["case_id"]: dict(r) for r in rows}

    def record_sentence(self, case_id: int, record: dict[str, Any], *, replace_note: str | None) -> int:
        current = self.current_sentence(case_id)
        if current is not None:
            if replace_note is None:
                raise VloError(
                    "this case already has a sentence; to replace it on appeal add --appeal NOTE "
                    "(the old one is kept in the history)"
                )
            self._update("sentences", current["id"], {"replaced_at": _now(), "replaced_note": replace_note})
        return self._insert("sentences", {**record, "case_id": case_id, "recorded_at": _now()})

    # --- key-stage events ---------------------------------------------------------------------

    def add_event(self, case_id: int, record: dict[str, Any]) -> int:
        return self._insert("events", {**record, "case_id": case_id, "created_at": _now()})

    def events(self, case_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT events.*, cases.ref AS case_ref FROM events JOIN cases ON cases.id = events.case_id"
        args: tuple[Any, ...] = ()
        if case_id is not None:
            sql, args = sql + " WHERE events.case_id = ?", (case_id,)
        for row in self.conn.execute(sql + " ORDER BY events.date, events.id", args):
            yield dict(row)

    def event(self, event_id: int) -> dict[str, Any]:
        row = _row(self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone())
        if row is None:
            raise VloError(f"no event {event_id}; see: vlo event list")
        return row

    def update_event(self, event_id: int, changes: dict[str, Any]) -> None:
        self._update("events", event_id, changes)

    def delete_event(self, event_id: int) -> None:
        # The deadlines it raised go with it (ON DELETE CASCADE) and are recomputed by the unit of work.
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
        self.audit("delete", "events", event_id, ["all"])

    # --- dates confirmed by the prison ---------------------------------------------------------

    def confirmed_dates(self, case_id: int) -> dict[str, str]:
        rows = self.conn.execute("SELECT key, date FROM confirmed_dates WHERE case_id = ?", (case_id,))
        return {key: day for key, day in rows}

    def set_confirmed_date(self, case_id: int, key: str, day: str | None) -> None:
        if day is None:
            self.conn.execute("DELETE FROM confirmed_dates WHERE case_id = ? AND key = ?", (case_id, key))
        else:
            self.conn.execute(
                "INSERT INTO confirmed_dates (case_id, key, date, recorded_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (case_id, key) DO UPDATE SET date = excluded.date, recorded_at = excluded.recorded_at",
                (case_id, key, day, _now()),
            )
        self.audit("set", "confirmed_dates", case_id, [key])

    def case_or_none(self, ref: str) -> dict[str, Any] | None:
        return _row(self.conn.execute("SELECT * FROM cases WHERE ref = ? COLLATE NOCASE", (ref,)).fetchone())
