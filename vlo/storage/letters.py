"""Batches of letters and who is due each template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vlo.errors import VloError
from vlo.storage.base import _now, _row


class LetterQueries:
    # --- letters ------------------------------------------------------------------------------

    # Who is due each packaged letter: (the people it goes to, the "subject" that makes it unique).
    _LETTER_SELECTIONS = {
        "initial-contact": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'initial-contact' AND d.met_on IS NULL",
            "''",
        ),
        "opt-in-confirmation": (
            "FROM victims v JOIN cases c ON c.id = v.case_id WHERE v.opt_status = 'opted-in' AND c.status = 'open'",
            "''",
        ),
        "key-stage-update": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'key-stage' AND d.met_on IS NULL",
            "CAST(d.event_id AS TEXT)",
        ),
        "annual-letter": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'annual-update' AND d.met_on IS NULL AND d.due_date <= :horizon",
            "d.start_date",
        ),
        "licence-condition-outcome": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'condition-outcome' AND d.met_on IS NULL",
            "CAST(d.condition_id AS TEXT)",
        ),
        # Telling the victim what was done about a breach they reported (not the reminders to chase).
        "breach-outcome": (
            "FROM deadlines d JOIN victims v ON v.id = d.victim_id JOIN cases c ON c.id = v.case_id "
            "WHERE d.kind = 'breach-outcome' AND d.met_on IS NULL AND d.what LIKE 'Tell the victim%'",
            "CAST(d.breach_id AS TEXT)",
        ),
        "closure": (
            "FROM victims v JOIN cases c ON c.id = v.case_id "
            "WHERE c.status = 'closed' AND v.opt_status NOT IN ('opted-out', 'declined')",
            "''",
        ),
    }

    def letter_candidates(
        self,
        template: str,
        *,
        fmt: str,
        horizon: str,
        case_id: int | None = None,
        victim_id: int | None = None,
        again: bool = False,
    ) -> list[dict[str, Any]]:
        """The people due a letter from ``template`` and not yet sent it (all of them with ``again``).

        A template of the unit's own, with no rule of its own, goes to the people chosen by
        ``--case`` or ``--victim``.
        """
        where, subject = self._LETTER_SELECTIONS.get(
            template, ("FROM victims v JOIN cases c ON c.id = v.case_id WHERE 1", "''")
        )
        sql = f"SELECT DISTINCT v.*, c.ref AS case_ref, {subject} AS subject {where}" + (
            ""
            if again
            else f" AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.victim_id = v.id "
            f"AND l.template = :template AND l.subject = {subject})"
        )
        sql += " AND v.address_returned_on IS NULL"  # post came back: not until the address changes
        params: dict[str, Any] = {"template": template, "fmt": fmt, "horizon": horizon}
        if case_id is not None:
            sql += " AND v.case_id = :case_id"
            params["case_id"] = case_id
        if victim_id is not None:
            sql += " AND v.id = :victim_id"
            params["victim_id"] = victim_id
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY c.ref, v.id, subject", params)]

    def pending_letters(self, template: str) -> dict[tuple[int, str], int]:
        """Letters from ``template`` made and not posted: ``(person id, subject) -> batch id``."""
        sql = "SELECT victim_id, subject, batch_id FROM letters WHERE template = ? AND posted_on IS NULL"
        return {(v, s): b for v, s, b in self.conn.execute(sql, (template,))}

    def batch_people(self, batch_ids: list[int]) -> list[dict[str, Any]]:
        """The people written to in these batches, as ``letter_candidates`` gives them."""
        marks = ", ".join("?" * len(batch_ids))
        sql = (
            "SELECT DISTINCT v.*, c.ref AS case_ref, l.subject AS subject FROM letters l "
            "JOIN victims v ON v.id = l.victim_id JOIN cases c ON c.id = v.case_id "
            f"WHERE l.batch_id IN ({marks}) ORDER BY c.ref, v.id, l.subject"
        )
        return [dict(r) for r in self.conn.execute(sql, batch_ids)]

    def next_batch_id(self) -> int:
        return self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchone()[0]

    def supersede_batch(self, batch_id: int) -> list[tuple[Path, str | None]]:
        """Remove an unposted batch's letters from the record (they are due again, or remade);
        returns its files (path, sha256; None for the print file) for the caller to delete."""
        found = self.batch(batch_id)
        folder = Path(found["out_dir"])
        rows = self.conn.execute(
            "SELECT id, file, sha256 FROM letters WHERE batch_id = ?", (batch_id,)
        ).fetchall()
        self.conn.execute("DELETE FROM letters WHERE batch_id = ? AND posted_on IS NULL", (batch_id,))
        for row in rows:
            self.audit("delete", "letters", row[0])
        files: list[tuple[Path, str | None]] = [(folder / r[1], r[2]) for r in rows]
        if found["combined_file"]:
            files.append((folder / found["combined_file"], None))
        # File names are vlo's own (letter_file), but the record could have been edited: stay inside.
        return [(p, d) for p, d in files if p.parent == folder and "/" not in p.name]

    def mark_superseded(self, batch_id: int, by: int) -> None:
        self.conn.execute("UPDATE batches SET superseded_by = ? WHERE id = ?", (by, batch_id))
        self.audit("superseded", "batches", batch_id, ["superseded_by"])

    def mark_discarded(self, batch_id: int, on: str) -> None:
        self.conn.execute("UPDATE batches SET discarded_on = ? WHERE id = ?", (on, batch_id))
        self.audit("discarded", "batches", batch_id, ["discarded_on"])

    def posted_before(self, letter: dict[str, Any]) -> bool:
        """Whether this letter (person, template, subject) went out before, in another batch."""
        sql = (
            "SELECT 1 FROM letters WHERE victim_id = ? AND template = ? AND subject = ? "
            "AND posted_on IS NOT NULL AND id != ?"
        )
        args = (letter["victim_id"], letter["template"], letter["subject"], letter["id"])
        return self.conn.execute(sql, args).fetchone() is not None

    def add_batch(self, template: str, fmt: str, out_dir: str) -> int:
        return self._insert(
            "batches", {"template": template, "format": fmt, "out_dir": out_dir, "created_at": _now()}
        )

    def set_batch_file(self, batch_id: int, combined: str) -> None:
        self.conn.execute("UPDATE batches SET combined_file = ? WHERE id = ?", (combined, batch_id))

    def add_letter(self, record: dict[str, Any]) -> int:
        # A posted letter stays on record; an unposted copy was removed with its batch
        # (supersede_batch), and the unique index letters_pending holds at most one.
        return self._insert("letters", {**record, "created_at": _now()})

    def batch(self, batch_id: int) -> dict[str, Any]:
        row = _row(self.conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone())
        if row is None:
            raise VloError(f"no batch {batch_id}; see: vlo batch list")
        return row

    def batches(self) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT batches.*, count(letters.id) AS letters FROM batches "
            "LEFT JOIN letters ON letters.batch_id = batches.id GROUP BY batches.id ORDER BY batches.id"
        )
        for row in self.conn.execute(sql):
            yield dict(row)

    def letters(self, batch_id: int | None = None) -> Iterator[dict[str, Any]]:
        sql = (
            "SELECT letters.*, cases.ref AS case_ref FROM letters JOIN victims ON victims.id = letters.victim_id "
            "JOIN cases ON cases.id = victims.case_id"
        )
        args: tuple[Any, ...] = ()
        if batch_id is not None:
            sql, args = sql + " WHERE letters.batch_id = ?", (batch_id,)
        for row in self.conn.execute(sql + " ORDER BY letters.id", args):
            yield dict(row)

    def untold_posted_letters(self) -> list[tuple[int, str, str]]:
        """Contacts an older vlo logged for posted letters without saying what they told of (then
        they met every deadline open that day): (contact id, the letter's template, its subject)."""
        return self.conn.execute(
            "SELECT contacts.id, letters.template, letters.subject FROM contacts JOIN letters "
            "ON letters.victim_id = contacts.victim_id "
            "AND contacts.summary = letters.template || ' letter posted (batch ' || letters.batch_id || ')' "
            "WHERE contacts.about IS NULL AND contacts.method = 'letter' AND contacts.direction = 'out' "
            "ORDER BY contacts.id"
        ).fetchall()

    def set_contact_about(self, contact_id: int, about: str) -> None:
        self._update("contacts", contact_id, {"about": about})

    def mark_posted(self, batch_id: int, posted_on: str) -> None:
        self.conn.execute("UPDATE batches SET posted_on = ? WHERE id = ?", (posted_on, batch_id))
        self.conn.execute("UPDATE letters SET posted_on = ? WHERE batch_id = ?", (posted_on, batch_id))
        self.audit("posted", "batches", batch_id, ["posted_on"])
