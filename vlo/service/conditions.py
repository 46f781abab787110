"""Licence conditions victims ask for, protection arrangements the service proposes, their steps
from request (or proposal) to decision and beyond, and exclusion-zone maps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlo.domain import conditions
from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def add_condition(store: Store, person_id: int, record: dict[str, Any], map_file: Path | None = None) -> int:
    """A condition the victim asks for (with its map, for an exclusion zone)."""
    found_map = read_map(map_file, record["type"]) if map_file else None
    with unit_of_work(store, "condition add"):
        store.victim(person_id)
        condition_id = store.add_condition(person_id, record)
        if found_map:
            store.set_condition_map(condition_id, found_map)
        return condition_id


def propose_protection(
    store: Store, person_id: int, record: dict[str, Any], map_file: Path | None = None
) -> int:
    """A protection arrangement the service proposes; putting it to the victim is a deadline."""
    found_map = read_map(map_file, record["type"]) if map_file else None
    with unit_of_work(store, "condition propose") as work:
        person = store.victim(person_id)
        condition_id = store.add_protection(person_id, record)
        if found_map:
            store.set_condition_map(condition_id, found_map)
        work.touch(person["case_id"])
        return condition_id


def read_map(path: Path, condition_type: str) -> dict[str, Any]:
    """A map file read and checked: its name (no folders), type, size, digest and bytes."""
    import hashlib

    from vlo.files import read_limited

    limit = conditions.MAP_MAX_BYTES
    too_large = f"map file is too large: at most {limit // (1024 * 1024)} MB"
    # A regular file only, and never more than the limit read: /dev/zero or a FIFO is refused.
    data = read_limited(path, limit, "map file", too_large=too_large)
    media_type = conditions.check_map(path.name, data, condition_type)
    return {
        "name": path.name,
        "media_type": media_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": data,
    }


def attach_map(store: Store, condition_id: int, map_file: Path) -> dict[str, Any]:
    """Attach (or replace) the map of an exclusion-zone condition; returns its name, type and size."""
    with unit_of_work(store, "condition map"):
        found = store.condition(condition_id)
        checked = read_map(map_file, found["type"])
        store.set_condition_map(condition_id, checked)
    return {k: checked[k] for k in ("name", "media_type", "size")}


def condition_detail(store: Store, condition_id: int) -> dict[str, Any]:
    """One condition: its kind, steps and map (by name: the file itself only on request)."""
    found = store.condition(condition_id)
    return {
        **found,
        "kind": conditions.ORIGIN_WORDS[found["origin"]],
        "steps": store.condition_steps(condition_id),
        "map": store.condition_map(condition_id),
    }


def write_map(store: Store, condition_id: int, target: Path, *, force: bool = False) -> dict[str, Any]:
    """Write a condition's map owner-only, as exports are written (vlo.files): in a folder no one
    else can write to, under a temporary name, never through a link; an existing file is replaced
    only with ``force``."""
    from vlo.files import write_bytes

    store.condition(condition_id)
    found = store.condition_map(condition_id, with_data=True)
    if found is None:
        raise VloError(
            f"condition {condition_id} has no map; attach one with: vlo condition map {condition_id} FILE"
        )
    write_bytes(target, found["data"], force=force)
    return {k: found[k] for k in ("name", "media_type", "size")}


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

    found = case_id(store, case_ref)
    maps = store.condition_map_names()
    return [
        {**row, "kind": conditions.KIND[row["origin"]], "map": maps.get(row["id"])}
        for row in store.conditions(case_id=found, victim_id=person_id)
    ]
