"""Licence conditions victims ask for, and their steps from request to decision and beyond."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vlo.domain import conditions
from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def add_condition(store: Store, person_id: int, record: dict[str, Any]) -> int:
    with unit_of_work(store, "condition add"):
        store.victim(person_id)
        return store.add_condition(person_id, record)


def step_condition(
    store: Store, condition_id: int, step: str, when: date, decision_maker: str | None, note: str | None
) -> None:
    """Move a condition along; a decision puts "tell the victim" on the morning list."""
    from vlo.domain.values import parse_date, today

    if when > today():
        raise VloError("step date cannot be in the future")
    with unit_of_work(store, "condition step") as work:
        found = store.condition(condition_id)
        steps = store.condition_steps(condition_id)
        last = parse_date(steps[-1]["date"] if steps else found["requested_on"], "last step")
        conditions.check_step(found["status"], step, last_date=last, when=when, decision_maker=decision_maker)
        store.add_condition_step(
            condition_id,
            {"step": step, "date": when.isoformat(), "decision_maker": decision_maker, "note": note},
        )
        work.touch(found["case_id"])


def list_conditions(store: Store, *, case_ref: str | None = None, person_id: int | None = None):
    from vlo.service.cases import case_id

    return store.conditions(case_id=case_id(store, case_ref), victim_id=person_id)
