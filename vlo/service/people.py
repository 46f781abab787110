"""The people to contact on a case: their details, their choices, and the contact log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vlo.domain import scheme
from vlo.domain.records import check_address_lines
from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store

PERSON_KEYS = (
    "id",
    "case_ref",
    "name",
    "title",
    "salutation",
    "role",
    "address",
    "postcode",
    "email",
    "phone",
    "preferred_method",
    "do_not_post",
    "needs",
    "language",
    "format",
    "opt_status",
    "contact_level",
    "date_of_birth",
    "address_returned_on",
)
CONTACT_KEYS = ("id", "case_ref", "victim_id", "date", "method", "direction", "outcome", "about", "summary")


def person_json(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in PERSON_KEYS}
    out["do_not_post"] = bool(row["do_not_post"])
    return out


def contact_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in CONTACT_KEYS}


@dataclass(frozen=True)
class Added:
    id: int
    case_ref: str


def add_person(store: Store, ref: str, record: dict[str, Any]) -> Added:
    with unit_of_work(store, "victim add") as work:
        case = store.case(ref)
        person_id = store.add_victim(case["id"], record)
        work.touch(case["id"])
    _say_salutation(person_id, record)
    return Added(person_id, case["ref"])


def _say_salutation(person_id: int, record: dict[str, Any]) -> None:
    """Tell the officer when letters would greet a name vlo cannot be sure of (issue 13.6).

    Said here, on stderr, because the victim command's own file is being reworked elsewhere;
    it belongs in ``vlo.cli.victim.victim_add`` once that settles (services return results)."""
    from vlo.domain.names import salutation
    from vlo.render import message

    if record.get("salutation"):
        return
    found = salutation(record.get("name") or "", record.get("title"))
    if found.check:
        message(
            f'Letters to person {person_id} will begin "Dear {found.text}": {found.reason}. '
            f'If that is wrong: vlo victim edit {person_id} --salutation "..."'
        )


def edit_person(store: Store, person_id: int, changes: dict[str, Any]) -> None:
    if not changes:
        raise VloError("nothing to change: give at least one option, e.g. --phone NUMBER")
    with unit_of_work(store, "victim edit") as work:
        person = store.victim(person_id)
        if {"address", "postcode"} & set(changes):
            # The address or the postcode alone was checked without the stored other half.
            merged = {**person, **changes}
            check_address_lines(merged["address"], merged["postcode"])
        if {"address", "postcode"} & set(changes) and person["address_returned_on"]:
            changes = {**changes, "address_returned_on": None}  # a new address may be used again
        store.update_victim(person_id, changes)
        work.touch(person["case_id"])


# A person's choice, and the contact level that goes with it (only opting in sets a level).
CHOICES = {"opt-in": "opted-in", "opt-out": "opted-out", "decline": "declined"}


def set_choice(store: Store, person_id: int, choice: str, level: str | None = None) -> str | None:
    """Record that a person opted in (at a contact level), opted out or declined."""
    from vlo.domain.values import choice as one_of

    status = CHOICES[choice]
    if status == "opted-in":
        if level is None:
            raise VloError(f"contact level is required: --level, one of: {', '.join(scheme.CONTACT_LEVELS)}")
        level = one_of(level, "contact level", scheme.CONTACT_LEVELS)
    with unit_of_work(store, f"victim {choice}") as work:
        person = store.victim(person_id)
        from vlo.domain.values import today

        store.update_victim(
            person_id, {"opt_status": status, "contact_level": level, "choice_on": today().isoformat()}
        )
        store.add_choice(person_id, status, level, today().isoformat())
        work.touch(person["case_id"])
    return level


def people(store: Store, case_ref: str | None = None):
    from vlo.service.cases import case_id

    return (person_json(v) for v in store.victims(case_id(store, case_ref)))


def person_detail(store: Store, person_id: int) -> dict[str, Any]:
    """One person, with their contact log: ``vlo victim show``."""
    from vlo.service.breaches import breaches_of

    person = person_json(store.victim(person_id))
    return {
        **person,
        "contacts": [contact_json(c) for c in store.contacts(victim_id=person_id)],
        "deadlines": store.open_deadlines(victim_id=person_id),
        "breaches": breaches_of(store, person_id=person_id),
    }


def contact_terms(outcome: str | None, about: list[str] | None) -> dict[str, Any]:
    """The outcome of a contact (default made) and the deadline kinds it answers (default: any open)."""
    from vlo.domain.deadlines import KINDS, OUTCOMES
    from vlo.domain.values import choice

    kinds = sorted({choice(k, "about", KINDS) for k in about or []})
    return {
        "outcome": choice(outcome or "made", "outcome", OUTCOMES),
        "about": " ".join(kinds) or None,
    }


def add_contact(
    store: Store,
    person_id: int,
    record: dict[str, Any],
    *,
    outcome: str | None = None,
    about: list[str] | None = None,
) -> int:
    """Log a contact or an attempt; the deadlines it answers are met when the unit of work
    recomputes them. Returned post flags the address as not to be used until it is changed."""
    terms = contact_terms(outcome, about)
    if terms["outcome"] != "made" and terms["about"]:
        raise VloError("about is for contacts made: an attempt answers nothing; drop --about")
    with unit_of_work(store, "contact add") as work:
        person = store.victim(person_id)
        contact_id = store.add_contact(person_id, {**record, **terms})
        if terms["outcome"] == "returned":
            store.update_victim(person_id, {"address_returned_on": record["date"]})
        work.touch(person["case_id"])
    return contact_id


def contacts(store: Store, *, case_ref: str | None = None, person_id: int | None = None):
    from vlo.service.cases import case_id

    found = case_id(store, case_ref)
    if person_id is not None:
        store.victim(person_id)  # an unknown person is an Error:, not an empty list
    return (contact_json(c) for c in store.contacts(victim_id=person_id, case_id=found))
