"""Deadlines: what the rules read, the stored results, and the morning list."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from itertools import compress
from operator import itemgetter, ne
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

# The indicative dates kept per case (migration m014), in vlo.domain.release.DATE_KEYS order.
_RELEASE_DATES = "release, parole_eligibility, hdc_eligibility, licence_end, sentence_end"


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
            "release_dates": rows(
                f"SELECT case_id, inputs, {_RELEASE_DATES} FROM release_dates WHERE 1", "case_id"
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

    def remember_release_dates(self, rows: list[tuple]) -> None:
        """Keep the indicative dates worked out for some cases: (case id, digest of the inputs,
        the five dates in ``DATE_KEYS`` order, ISO or None)."""
        keys = _RELEASE_DATES.split(", ")
        self.conn.executemany(
            f"INSERT INTO release_dates (case_id, inputs, {_RELEASE_DATES}) VALUES (?, ?, {', '.join('?' * len(keys))}) "
            "ON CONFLICT (case_id) DO UPDATE SET inputs = excluded.inputs, "
            + ", ".join(f"{k} = excluded.{k}" for k in keys),
            rows,
        )

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
    _COLUMNS = tuple(_STORED.split(", "))

    def replace_deadlines(
        self,
        case_ids: list[int] | None,
        deadlines: list[Deadline],
        limits: Mapping[int, frozenset[str]] | None = None,
    ) -> tuple[int, int]:
        """Store freshly computed deadlines for ``case_ids`` (all cases when None), in place of those
        stored: all of a case's, or for a case in ``limits`` those of its kinds there. Rows that came
        out the same are left alone: a calendar change rewrites only what it moved. Returns (open
        deadlines whose due date moved, rows written)."""
        sql, args, limits = f"SELECT {self._STORED}, id FROM deadlines WHERE 1 = 1", [], limits or {}
        if case_ids is not None:
            _temp_ids(self.conn, case_ids)
            sql += " AND case_id IN (SELECT id FROM temp.refresh_ids)"
            if len(limits) == len(case_ids):  # no case whole: only the kinds some case is limited to
                args = sorted(set().union(*limits.values()))
                sql += f" AND kind IN ({', '.join('?' * len(args))})"
        stored: dict[tuple, list[int]] = {}  # stored values -> their row ids, newest first
        for row in self.conn.execute(sql + " ORDER BY id DESC", args):
            kinds = limits.get(row[0])
            if kinds is None or row[2] in kinds:
                stored.setdefault(tuple(row[:-1]), []).append(row[-1])
        # Rows that came out the same are left alone; only the others are looked at again.
        fresh = []
        for values in map(_stored, deadlines):
            ids = stored.get(values)
            if ids:
                ids.pop()
            else:
                fresh.append(values)
        # A deadline about the same thing whose dates moved is updated in place: its row keeps its id.
        reusable: dict[tuple, list[tuple]] = {}
        for values, ids in stored.items():
            for id_ in ids:
                reusable.setdefault(_subject(values), []).append((id_, values))
        changes = _Changes()
        for values in fresh:
            olds = reusable.get(_subject(values))
            if olds:
                changes.update(*olds.pop(), values)  # the oldest row about it first
            else:
                changes.inserts.append(values)
        changes.deletes.extend(id_ for olds in reusable.values() for id_, _ in olds)
        return changes.moved, self._write(changes)

    def initial_deadlines_on_clock(self, case_ids: list[int]) -> list[tuple]:
        """The stored initial contacts of ``case_ids``, with what their clock reads: each row is the
        deadline's stored columns (``_STORED``) and id, the sentence date, the referral date and
        the person's day of choice."""
        _temp_ids(self.conn, case_ids)
        columns = ", ".join(f"deadlines.{c}" for c in self._COLUMNS)
        return self.conn.execute(
            f"SELECT {columns}, deadlines.id, sentences.date, cases.referral_date, victims.choice_on "
            "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
            "JOIN sentences ON sentences.case_id = deadlines.case_id AND sentences.replaced_at IS NULL "
            "JOIN victims ON victims.id = deadlines.victim_id "
            "WHERE deadlines.kind = 'initial-contact' AND deadlines.case_id IN (SELECT id FROM temp.refresh_ids)"
        ).fetchall()

    def restate_deadlines(self, rows: list[tuple[int, tuple, Deadline]]) -> tuple[int, int]:
        """Write deadlines recomputed in place, as (id, stored values, deadline): only those that
        changed, in the columns that changed. Returns (open deadlines whose due date moved, rows written)."""
        changes = _Changes()
        for id_, old, deadline in rows:
            values = _stored(deadline)
            if values != old:
                changes.update(id_, old, values)
        return changes.moved, self._write(changes)

    def _write(self, changes: _Changes) -> int:
        """Apply ``changes``: each update sets only the columns it changes, so the indexes on the
        others are left alone. Returns the rows written."""
        self.conn.executemany("DELETE FROM deadlines WHERE id = ?", [(i,) for i in changes.deletes])
        for changed, rows in changes.updates.items():
            assignments = ", ".join(f"{self._COLUMNS[i]} = ?" for i in changed)
            self.conn.executemany(f"UPDATE deadlines SET {assignments} WHERE id = ?", rows)
        self.conn.executemany(
            f"INSERT INTO deadlines ({self._STORED}) VALUES ({', '.join('?' * len(self._COLUMNS))})",
            changes.inserts,
        )
        return len(changes.deletes) + sum(map(len, changes.updates.values())) + len(changes.inserts)

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
        if limit:
            # A page: its rows are due no later than the page-th due date of all the rows (the open
            # deadlines' index gives it without a join), so only those need joining and sorting.
            # 1M cases, a backlog of 19,411 rows: 200 ms to 6 ms.
            cut, cut_args = self._count_filters(
                "SELECT deadlines.due_date " + self._COUNT_FROM,
                horizon,
                officer,
                case_id,
                overdue_before,
                opens_by,
            )
            last = self.conn.execute(
                cut + " ORDER BY deadlines.due_date LIMIT 1 OFFSET ?", [*cut_args, limit - 1]
            )
            if (row := last.fetchone()) is not None:
                sql, args = (
                    sql + " AND (deadlines.kind = 'breach-referral' OR deadlines.due_date <= ?)",
                    [*args, row[0]],
                )
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


_POSITIONS = range(len(DeadlineQueries._COLUMNS))


class _Changes:
    """The rows a recompute writes: deleted ids, new rows, and updates grouped by the columns
    they change (one statement each), as (their new values..., id)."""

    def __init__(self) -> None:
        self.deletes: list[int] = []
        self.inserts: list[tuple] = []
        self.updates: dict[tuple[int, ...], list[tuple]] = {}
        self.moved = 0  # open deadlines whose due date changed
        self._pickers: dict[tuple[int, ...], itemgetter] = {}

    def update(self, id_: int, old: tuple, values: tuple) -> None:
        changed = tuple(compress(_POSITIONS, map(ne, old, values)))
        pick = self._pickers.get(changed) or self._pickers.setdefault(
            changed, itemgetter(*changed, len(values))
        )
        self.updates.setdefault(changed, []).append(pick((*values, id_)))
        self.moved += values[5] is None and old[5] is None and values[3] != old[3]


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
