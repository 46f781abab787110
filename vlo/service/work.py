"""The unit of work: one transaction per command, and deadlines current when it commits.

Every write in vlo goes through :func:`unit_of_work`. It opens ``BEGIN IMMEDIATE`` (a second
``vlo`` waits rather than fails), lets the command say which cases it touched, and before COMMIT
recomputes the deadlines of exactly those cases, once. "Every write leaves deadlines current"
lives here and nowhere else. The store writes an audit row for every change made inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vlo.storage import Store


@dataclass
class Work:
    store: Store
    cases: set[int] = field(default_factory=set)
    everything: bool = False
    moved: int = 0  # open deadlines whose due date the recompute changed

    def touch(self, *case_ids: int) -> None:
        """These cases changed: their deadlines are recomputed before COMMIT."""
        self.cases.update(case_ids)

    def touch_all(self) -> None:
        """A rule or the calendar changed: every case's deadlines are recomputed."""
        self.everything = True


@contextmanager
def unit_of_work(store: Store, command: str) -> Iterator[Work]:
    from vlo.service.deadlines import recompute

    with store.write(command):
        work = Work(store)
        yield work
        if work.everything:
            work.moved = recompute(store, None)
        elif work.cases:
            work.moved = recompute(store, sorted(work.cases))
