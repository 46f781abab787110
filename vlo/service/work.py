"""The unit of work: one transaction per command, and deadlines current when it commits.

Every write in vlo goes through :func:`unit_of_work`. It opens ``BEGIN IMMEDIATE`` (a second
``vlo`` waits rather than fails), lets the command say which cases it touched, and before COMMIT
recomputes the deadlines of exactly those cases, once. "Every write leaves deadlines current"
lives here and nowhere else. The store writes an audit row for every change made inside it.

The touched cases are staged in a temporary table and recomputed :data:`CHUNK` at a time, so a
change that reaches a million cases holds one chunk's inputs in memory, never all of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vlo.service.deadlines import Recomputed
    from vlo.storage import Store

CHUNK = 2_000  # cases per recompute: a few MB of inputs; larger chunks measured no faster


@dataclass
class Work:
    store: Store
    cases: set[int] = field(default_factory=set)
    everything: bool = False
    staged: bool = False  # some touched cases already sit in the store's staging table
    moved: int = 0  # open deadlines whose due date the recompute changed
    facts_changed: bool = False  # some case's facts changed, not only the calendar or a rule

    def touch(self, *case_ids: int) -> None:
        """These cases changed: their deadlines are recomputed before COMMIT."""
        self.facts_changed = True
        self.cases.update(case_ids)
        if len(self.cases) >= CHUNK:  # a big import: keep the ids in SQL, not in a growing set
            self._staging().stage_case_ids(self.cases)
            self.cases.clear()

    def touch_all(self) -> None:
        """A change that can reach any case (a rule setting changed): recompute them all."""
        self.everything = True

    def touch_deadlines_across(self, day: date, from_due: date) -> None:
        """Deadlines, met or not, due on or after ``from_due`` whose count can cross ``day``: those
        closing or opening ``day`` can move. Their cases are recomputed, for those deadlines' kinds
        only. Chosen now, before the recompute rewrites the deadlines."""
        self._staging().stage_cases_with_deadlines_across(day.isoformat(), from_due.isoformat())

    def touch_deadline_kinds(self, kinds: Sequence[str]) -> None:
        """A rule for ``kinds`` alone changed: the cases with a deadline of one of them have those
        deadlines recomputed, and no others (unless another touch asks for whole cases)."""
        self._staging().stage_cases_with_deadline_kinds(kinds)

    def _staging(self) -> Store:
        if not self.staged:  # left over from a failed command on this connection: start empty
            self.store.unstage_cases()
            self.staged = True
        return self.store


@contextmanager
def unit_of_work(store: Store, command: str) -> Iterator[Work]:
    from vlo.service.deadlines import Recomputer

    with store.write(command):
        work = Work(store)
        yield work
        if work.everything:
            work._staging().stage_all_cases()
        if not work.staged:
            # The usual command touches one case or a few: no staging table, one recompute.
            if work.cases:
                work.moved = _recorded(store, [Recomputer(store)(sorted(work.cases))])
            return
        store.stage_case_ids(work.cases)
        recompute = Recomputer(store, facts_changed=work.facts_changed)
        done = [recompute(chunk, kinds) for chunk, kinds in store.staged_case_chunks(CHUNK)]
        store.unstage_cases()
        work.moved = _recorded(store, done)


def _recorded(store: Store, done: list[Recomputed]) -> int:
    """One audit row for the command's recompute, however many chunks it took; returns the moves."""
    rows, written, moved = (sum(getattr(r, n) for r in done) for n in ("rows", "written", "moved"))
    store.audit("recompute", "deadlines", None, [f"{rows} rows", f"{written} written"])
    return moved
