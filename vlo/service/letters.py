"""Letters: who is due which letter, rendering a batch, and posting it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlo.domain import scheme
from vlo.domain.terms import parse_term
from vlo.errors import VloError
from vlo.service.work import unit_of_work

if TYPE_CHECKING:
    from vlo.storage import Store


def templates_folder(store: Store | None, chosen: str | None) -> Path | None:
    """The unit's own templates: ``--templates``, else the ``templates`` setting."""
    if chosen is None and store is not None:
        chosen = store.setting("templates")
    return Path(chosen).expanduser() if chosen else None


def salutation(person: dict[str, Any]) -> str:
    """The salutation the officer recorded; else the title and the last word of the name
    (``Ms Smith``); else the full name. vlo never guesses a title."""
    if person.get("salutation"):
        return person["salutation"]
    name = person["name"].strip()
    if person.get("title"):
        return f"{person['title']} {name.split()[-1]}"
    return name


def batch_context(store: Store, *, today: date) -> dict[str, Any]:
    """What every letter in a batch shares: read once, not once a letter."""
    from vlo.service.calendar import working_calendar
    from vlo.service.settings import unit_details

    return {
        "unit": unit_details(store),
        "unit_signatory": store.setting("unit.signatory"),
        "letter": {"date": today, "reply_by": working_calendar(store).add(today, 20)},
        "levels": [{"code": code, "words": words} for code, words in scheme.CONTACT_LEVEL_WORDS.items()],
    }


def letter_context(
    store: Store, person: dict[str, Any], template: str, subject: str, shared: dict[str, Any]
) -> dict[str, Any]:
    """Everything a template may use (templates/README.md lists it); ``shared`` is batch_context's."""
    from vlo.domain.deadlines import EVENT_WORDS
    from vlo.service.cases import release_dates
    from vlo.service.settings import split_lines

    case = store.case_by_id(person["case_id"])
    # Every letter offers a named officer: with nobody to name, stop before anything is written.
    officer = case["officer"] or shared["unit_signatory"]
    if not officer:
        raise VloError(
            f"case {case['ref']} has no allocated officer to name in the letter; set one with "
            f"vlo case edit {case['ref']} --officer NAME (or vlo settings set unit.signatory NAME)"
        )
    sentence = store.current_sentence(case["id"])
    found = release_dates(case, sentence)
    term = parse_term(sentence["length"]) if sentence and sentence["length"] else None
    sentence_words = scheme.sentence_in_words(sentence["type"], term) if sentence else "a sentence"
    context: dict[str, Any] = {
        "unit": shared["unit"],
        "signatory": shared["unit_signatory"] or officer,
        "officer": officer,
        "person": {
            "id": person["id"],
            "name": person["name"],
            "salutation": salutation(person),
            "address_lines": [
                *split_lines(person["address"]),
                *([person["postcode"]] if person["postcode"] else []),
            ],
            "role": person["role"],
            "contact_level": person["contact_level"],
            "contact_level_words": scheme.CONTACT_LEVEL_WORDS.get(person["contact_level"] or ""),
        },
        "case": {
            "ref": case["ref"],
            "offender": case["offender"],
            "offence": case["offence"],
            "sentence_words": sentence_words,
            "sentence_date": date.fromisoformat(sentence["date"]) if sentence else None,
            "release_month": f"{found.release:%B %Y}" if found and found.release else None,
        },
        "letter": shared["letter"],
        "levels": shared["levels"],
    }
    if template == "licence-condition-outcome" and subject.isdigit():
        from vlo.domain import conditions

        condition = store.condition(int(subject))
        steps = store.condition_steps(condition["id"])
        decision = next((s for s in reversed(steps) if s["step"] in conditions.OUTCOMES), None)
        context["condition"] = {
            "type_words": conditions.TYPE_WORDS[condition["type"]],
            "details": condition["details"],
            "outcome_words": conditions.OUTCOME_WORDS.get(decision["step"], "")
            if decision
            else "not decided yet",
            "decided_on": date.fromisoformat(decision["date"]) if decision else None,
            "decision_maker_words": conditions.DECISION_MAKER_WORDS.get(
                condition["decision_maker"] or "", "the decision-maker"
            ),
            "note": decision["note"] if decision else None,
        }
    if template == "key-stage-update" and subject.isdigit():
        event = store.event(int(subject))
        context["event"] = {
            "type": event["type"],
            "words": EVENT_WORDS[event["type"]],
            "date": date.fromisoformat(event["date"]),
        }
    return context


@dataclass
class Batch:
    """What ``vlo letters`` made, and what the officer must see before posting."""

    template: str
    batch_id: int | None = None  # None: nothing was due, no batch made
    count: int = 0
    folder: Path | None = None
    print_file: str | None = None
    check: list[str] = field(default_factory=list)  # "check before posting" lines
    other_route: list[str] = field(default_factory=list)  # people a letter cannot reach by post
    already_made: int = 0  # letters due but made before (rendered again only with --force)


def make_batch(
    store: Store,
    template: str,
    *,
    out: str | None,
    today: date,
    case_ref: str | None = None,
    person_id: int | None = None,
    fmt: str = "txt",
    force: bool = False,
    templates: str | None = None,
    progress=None,
) -> Batch:
    """Render the letters that are due from ``template`` into ``out``, as one recorded batch.

    Everything is rendered in memory first, so a missing field stops the batch before a file is
    written; files are written owner-only and atomically, inside the batch's transaction.
    """
    from vlo import letters
    from vlo.service.calendar import working_calendar
    from vlo.service.cases import case_id as case_id_of

    name = letters.check_name(template)
    fmt = letters.require_format(fmt)
    if out is None:
        raise VloError("output folder is required: --out DIR")
    renderer = letters.Renderer(templates_folder(store, templates))
    renderer.source(name)  # an unknown template fails before anything else
    if name not in letters.PACKAGED and case_ref is None and person_id is None:
        raise VloError(
            f"{name} is the unit's own template: choose who gets it with --case REF or --victim ID"
        )
    case_id = case_id_of(store, case_ref)
    if person_id is not None:
        store.victim(person_id)
    # Annual letters go out as their anniversary nears; asked for by case or person, the coming year's.
    if case_ref or person_id:
        horizon = today.replace(
            year=today.year + 1, day=28 if (today.month, today.day) == (2, 29) else today.day
        ).isoformat()
    else:
        horizon = working_calendar(store).add(today, 10).isoformat()

    def candidates(again: bool) -> list[dict[str, Any]]:
        return store.letter_candidates(
            name, fmt=fmt, horizon=horizon, case_id=case_id, victim_id=person_id, again=again
        )

    people = candidates(force)
    batch = Batch(name)
    if not force:
        batch.already_made = len(candidates(True)) - len(people)
    postable = [p for p in people if not p["do_not_post"] and p["address"]]
    for p in people:
        if p["do_not_post"] or not p["address"]:
            why = "marked do not post" if p["do_not_post"] else "no postal address"
            batch.other_route.append(f"person {p['id']} on {p['case_ref']} ({why})")
    shared = batch_context(store, today=today)
    contexts = [letter_context(store, p, name, p["subject"], shared) for p in postable]
    rendered = [renderer.text(name, context, p["id"]) for p, context in zip(postable, contexts, strict=True)]
    batch.check = [f"person {p['id']} on {p['case_ref']} needs {p['needs']}" for p in postable if p["needs"]]
    if not rendered:
        return batch
    folder = letters.prepare_out(Path(out).expanduser())
    advance = progress(len(rendered)) if progress else None
    with unit_of_work(store, "letters"):
        batch_id = store.add_batch(name, fmt, str(folder.resolve()))
        for person, text in zip(postable, rendered, strict=True):
            path = letters.letter_file(folder, name, person["id"], person["subject"], fmt)
            digest = letters.write_private(
                path, letters.encode(renderer, [text], fmt, title=f"{name} {person['id']}")
            )
            store.add_letter(
                {
                    "batch_id": batch_id,
                    "victim_id": person["id"],
                    "template": name,
                    "subject": person["subject"],
                    "format": fmt,
                    "file": path.name,
                    "sha256": digest,
                }
            )
            if advance:
                advance()
        combined = folder / f"batch-{batch_id:05d}-{name}.{fmt}"
        letters.write_private(
            combined, letters.encode(renderer, rendered, fmt, title=f"Batch {batch_id}: {name}")
        )
        store.set_batch_file(batch_id, combined.name)
    batch.batch_id, batch.count, batch.folder, batch.print_file = (
        batch_id,
        len(rendered),
        folder,
        combined.name,
    )
    return batch


def post_batch(store: Store, batch_id: int, when: date) -> int:
    """Mark a batch posted: each letter is logged as a contact. Returns how many letters."""
    from vlo.domain.values import today

    if when > today():
        raise VloError("posted date cannot be in the future")
    with unit_of_work(store, "batch posted") as work:
        found = store.batch(batch_id)
        if found["posted_on"]:
            raise VloError(f"batch {batch_id} was already marked posted on {found['posted_on']}")
        sent = list(store.letters(batch_id))
        for letter in sent:
            person = store.victim(letter["victim_id"])
            store.add_contact(
                letter["victim_id"],
                {
                    "date": when.isoformat(),
                    "method": "letter",
                    "direction": "out",
                    "summary": f"{letter['template']} letter posted (batch {batch_id})",
                },
            )
            work.touch(person["case_id"])
        store.mark_posted(batch_id, when.isoformat())
    return len(sent)


def batches(store: Store):
    """Batches with their local date and time made (stored in UTC)."""
    from datetime import datetime

    for b in store.batches():
        made = datetime.fromisoformat(b["created_at"]).astimezone()
        yield {**b, "made": f"{made:%Y-%m-%d %H:%M}"}


def template_list(store: Store | None, templates: str | None) -> list[dict[str, Any]]:
    from vlo.letters import list_templates

    folder = templates_folder(store, templates)
    if folder is not None and not folder.is_dir():
        raise VloError(f"templates folder {folder} does not exist")
    return [
        {
            "name": t.name,
            "source": t.source + (" (overrides packaged)" if t.overrides else ""),
            "path": str(t.path),
        }
        for t in list_templates(folder)
    ]


def template_source(store: Store | None, name: str, templates: str | None) -> str:
    from vlo.letters import Renderer

    return Renderer(templates_folder(store, templates)).source(name)
