"""Key-stage events: release, parole, recall, tribunal ... and who hears of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def add_event(store: Store, ref: str, record: dict[str, Any]) -> tuple[int, str]:
    """Record an event on a sentenced case; returns its id and the case reference."""
    with unit_of_work(store, "event add") as work:
        case = store.case(ref)
        sentence = store.current_sentence(case["id"])
        if sentence is None:
            raise VloError(f"case {case['ref']} has no sentence yet; record it first with vlo sentence")
        if record["date"] < sentence["date"]:
            raise VloError("event date is before the sentence date; check the date")
        event_id = store.add_event(case["id"], record)
        work.touch(case["id"])
    return event_id, case["ref"]


def check_confirmed_dates(sentence_date: str | None, changes: dict) -> None:
    """A confirmed release (or licence end) before the sentence date is a typo, not a fact."""
    from datetime import date

    from vlo.domain.release import validate_licence_end

    if sentence_date is None:
        return
    sentenced = date.fromisoformat(sentence_date)
    release = changes.get("release")
    if release is not None and release < sentenced:
        raise VloError(f"release date cannot be before the sentence date ({sentence_date})")
    validate_licence_end(sentenced, changes.get("licence_end"))


def events(store: Store, case_ref: str | None = None):
    from vlo.service.cases import case_id

    return store.events(case_id(store, case_ref))


def event_types() -> list[tuple[str, str, str]]:
    """Each kind of event, in words, and which contact levels hear of it."""
    from vlo.domain.deadlines import EVENT_TYPES, EVENT_WORDS, RELEASE_MONTH_EVENTS

    return [
        (
            kind,
            EVENT_WORDS[kind],
            "key-stages, release-month" if kind in RELEASE_MONTH_EVENTS else "key-stages",
        )
        for kind in EVENT_TYPES
    ]
