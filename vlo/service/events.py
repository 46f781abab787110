"""Key-stage events: release, parole, recall, tribunal ... and who hears of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


# How far before the earliest date the sentence allows a release (or curfew) may fall before vlo asks
# the officer to confirm it: indicative dates move by weeks (adjustments, recall), never by years.
RELEASE_SLACK_DAYS = 183
RELEASE_EVENTS = ("release", "hdc")


def _check_against_sentence(store: Store, case: dict[str, Any], record: dict[str, Any], *, yes: bool) -> None:
    """An event dated before the sentence is refused; a release that contradicts it needs ``yes``."""
    from datetime import date, timedelta

    from vlo.service.cases import dates_in_force, release_dates

    sentence = store.current_sentence(case["id"])
    if sentence is None:
        raise VloError(f"case {case['ref']} has no sentence yet; record it first with vlo sentence")
    if record["date"] < sentence["date"]:
        raise VloError("event date is before the sentence date; check the date")
    if yes or record["type"] not in RELEASE_EVENTS:
        return
    dates = dates_in_force(release_dates(case, sentence), store.confirmed_dates(case["id"]))
    possible = [d for d in (dates["hdc_eligibility"], dates["parole_eligibility"], dates["release"]) if d]
    if not possible:
        return
    earliest = min(possible)
    if date.fromisoformat(record["date"]) < earliest - timedelta(days=RELEASE_SLACK_DAYS):
        raise VloError(
            f"a {record['type']} on {record['date']} contradicts the sentence: the earliest date it allows "
            f"is {earliest.isoformat()} (indicative); if the date is right, add --yes"
        )


def add_event(store: Store, ref: str, record: dict[str, Any], *, yes: bool = False) -> tuple[int, str]:
    """Record an event on a sentenced case; returns its id and the case reference."""
    with unit_of_work(store, "event add") as work:
        case = store.case(ref)
        _check_against_sentence(store, case, record, yes=yes)
        event_id = store.add_event(case["id"], record)
        work.touch(case["id"])
    return event_id, case["ref"]


def edit_event(store: Store, event_id: int, changes: dict[str, Any], *, yes: bool = False) -> str:
    """Correct an event (audited); the deadlines it raised follow. Returns the case reference."""
    if not changes:
        raise VloError("nothing to change: give at least one option, e.g. --date DATE")
    with unit_of_work(store, "event edit") as work:
        event = store.event(event_id)
        case = store.case_by_id(event["case_id"])
        _check_against_sentence(store, case, {**event, **changes}, yes=yes)
        store.update_event(event_id, changes)
        work.touch(case["id"])
    return case["ref"]


def delete_event(store: Store, event_id: int) -> str:
    """Delete an event recorded in error (audited); its deadlines go with it."""
    with unit_of_work(store, "event delete") as work:
        event = store.event(event_id)
        store.delete_event(event_id)
        work.touch(event["case_id"])
    return store.case_by_id(event["case_id"])["ref"]


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
