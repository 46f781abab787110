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


def salutation(person: dict[str, Any]):
    """What follows "Dear" (``vlo.domain.names.salutation``): the recorded salutation, else the
    title and the surname with its particles, else the full name. vlo never guesses a title."""
    from vlo.domain.names import salutation as greet

    return greet(person["name"], person.get("title"), person.get("salutation"))


class NoOfficer(VloError):
    """The case has no officer to name and the unit no signatory: the letter is not made."""


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
    from vlo.domain.records import split_lines
    from vlo.service.cases import release_dates

    case = store.case_by_id(person["case_id"])
    # Every letter offers a named officer: with nobody to name, that letter is not made.
    officer = case["officer"] or shared["unit_signatory"]
    if not officer:
        raise NoOfficer(
            f"case {case['ref']} has no allocated officer to name in the letter; set one with "
            f"vlo case edit {case['ref']} --officer NAME (or vlo settings set unit.signatory NAME)"
        )
    sentence = store.current_sentence(case["id"])
    found = release_dates(case, sentence)
    sentence_words = "a sentence"
    if sentence:
        term = parse_term(sentence["length"]) if sentence["length"] else None
        sentence_words = scheme.sentence_in_words(
            sentence["type"],
            term,
            tariff=parse_term(sentence["tariff"]) if sentence["tariff"] else None,
            extension=parse_term(sentence["extension"]) if sentence["extension"] else None,
            consecutive=tuple(map(parse_term, (sentence["consecutive"] or "").split())),
        )
    context: dict[str, Any] = {
        "unit": shared["unit"],
        "signatory": shared["unit_signatory"] or officer,
        "officer": officer,
        "person": {
            "id": person["id"],
            "name": person["name"],
            "salutation": salutation(person).text,
            "address_lines": [
                *split_lines(person["address"]),
                *([person["postcode"]] if person["postcode"] else []),
            ],
            "role": person["role"],
            "opt_status": person["opt_status"],
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
        "format": person.get("format") or "standard",
    }
    if template == "licence-condition-outcome" and subject.isdigit():
        from vlo.domain import conditions

        condition = store.condition(int(subject))
        steps = store.condition_steps(condition["id"])
        decision = next((s for s in reversed(steps) if s["step"] in conditions.OUTCOMES), None)
        # A step's note is the unit's own record (a governor's reasons, a risk assessment, a third
        # party's address): never given to a template, so no letter can print it.
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
        }
    if template == "breach-outcome" and subject.isdigit():
        from vlo.service.breaches import letter_fields

        context["breach"] = letter_fields(store, int(subject))
    if template == "key-stage-update" and subject.isdigit():
        event = store.event(int(subject))
        context["event"] = {
            "type": event["type"],
            "words": EVENT_WORDS[event["type"]],
            "date": date.fromisoformat(event["date"]),
        }
    return context


LANGUAGE_WORDS = {"en": "English", "cy": "Welsh", "bilingual": "Welsh and English"}


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
    needs_welsh: list[str] = field(default_factory=list)  # no Welsh template installed: not made
    no_officer: list[str] = field(default_factory=list)  # nobody to name or sign: not made
    no_window: list[str] = field(default_factory=list)  # address too long for the envelope window: not made
    already_made: int = 0  # letters due but made before (rendered again only with --force)
    superseded: list[int] = field(default_factory=list)  # unposted batches this one replaces
    formats: dict[str, int] = field(default_factory=dict)  # print format -> letters
    languages: dict[str, int] = field(default_factory=dict)  # language -> letters
    left_behind: list[str] = field(default_factory=list)  # old files vlo could not remove


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

    Each person's letter is in their language and print format. A person whose letter cannot be
    made (Welsh wanted and no Welsh template; no officer to name) is listed and the rest are made.
    Making again letters that sit in an unposted batch replaces that whole batch: its other
    letters are made again too, it is marked superseded and its files are removed.
    Everything is rendered in memory first, so a template error stops the batch before a file is
    written. Who gets a letter is chosen again under the write lock, so a second vlo making the same
    letters at once waits and makes only what the first left. Files are written owner-only inside
    the batch's transaction under temporary names, named only after its COMMIT.
    """
    from vlo import files, letters
    from vlo.domain.deadlines import under_age
    from vlo.domain.records import postal_lines
    from vlo.letters.batch import cover_for, render_batch
    from vlo.letters.markup import ADDRESS_MAX_LINES, WINDOW_SIZES
    from vlo.service.calendar import working_calendar
    from vlo.service.cases import case_id as case_id_of

    name = letters.check_name(template)
    fmt = letters.require_format(fmt)
    if out is None:
        raise VloError("output folder is required: --out DIR")
    renderer = letters.Renderer(templates_folder(store, templates))
    renderer.source(name)  # an unknown template fails before anything else
    if not store.settings().get("unit.address"):
        # Every letter heads with the unit's address and asks people to write to it.
        raise VloError(
            'the unit\'s address is not set, and every letter asks people to write to it: vlo settings set unit.address "Probation Office, 1 High Street, Town, AB1 2CD"'
        )
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

    def choose() -> tuple[Batch, list[tuple[dict[str, Any], Any]], list[int]]:
        """Who gets a letter now, each rendered (the layout comes after), and the unposted
        batches this one replaces; what cannot be made is listed in the Batch."""

        def candidates(again: bool) -> list[dict[str, Any]]:
            return store.letter_candidates(
                name, fmt=fmt, horizon=horizon, case_id=case_id, victim_id=person_id, again=again
            )

        people = candidates(force)
        batch = Batch(name)
        if not force:
            batch.already_made = len(candidates(True)) - len(people)
        # Letters made again that wait in unposted batches: those batches are replaced whole.
        pending = store.pending_letters(name)
        replaced = sorted(
            {pending[(p["id"], p["subject"])] for p in people if (p["id"], p["subject"]) in pending}
        )
        if replaced:
            chosen = {(p["id"], p["subject"]) for p in people}
            people += [p for p in store.batch_people(replaced) if (p["id"], p["subject"]) not in chosen]
            people.sort(key=lambda p: (p["case_ref"], p["id"], p["subject"]))
        shared = batch_context(store, today=today)
        made: list[tuple[dict[str, Any], Any]] = []
        guardians: dict[int, bool] = {}  # case id -> whether it has a parent or guardian to write to
        for p in people:
            where = f"person {p['id']} on {p['case_ref']}"
            if under_age(date.fromisoformat(p["date_of_birth"]) if p["date_of_birth"] else None, today):
                # A child is never written to directly: the parent or guardian's letter covers them to 18.
                if p["case_id"] not in guardians:
                    guardians[p["case_id"]] = any(
                        v["role"] == "parent-guardian" for v in store.victims(p["case_id"])
                    )
                batch.other_route.append(
                    f"{where} (under 18 on the letter's date: write to their parent or guardian"
                    + (
                        ")"
                        if guardians[p["case_id"]]
                        else f"; the case has none: vlo victim add {p['case_ref']} --role parent-guardian --name NAME)"
                    )
                )
                continue
            if p["do_not_post"] or not p["address"]:
                batch.other_route.append(
                    f"{where} ({'marked do not post' if p['do_not_post'] else 'no postal address'})"
                )
                continue
            language = p.get("language") or "en"
            if language != "en" and not renderer.has_template(name, language):
                batch.needs_welsh.append(
                    f"{where} ({LANGUAGE_WORDS[language]}: add {letters.template_file(name, language)} "
                    "to the unit's templates folder, written by a Welsh speaker)"
                )
                continue
            try:
                context = letter_context(store, p, name, p["subject"], shared)
            except NoOfficer:
                batch.no_officer.append(
                    f"{where} (no officer to name: vlo case edit {p['case_ref']} --officer NAME, "
                    "or vlo settings set unit.signatory NAME)"
                )
                continue
            postal = postal_lines([context["person"]["name"], *context["person"]["address_lines"]])
            if len(postal) > ADDRESS_MAX_LINES:
                batch.no_window.append(
                    f"{where} (the name and address make {len(postal)} lines; the envelope window shows "
                    f"{ADDRESS_MAX_LINES}: vlo victim edit {p['id']} --address TEXT)"
                )
                continue
            letter = renderer.letter(name, context, p["id"], language=language, format=p.get("format"))
            if letter.window_size is None:
                # Printed, the window would cut the address off (the postcode first): it would not arrive.
                batch.no_window.append(
                    f"{where} (the name and address do not fit the envelope window even at "
                    f"{min(WINDOW_SIZES[letter.format]):g} pt; shorten the address: "
                    f"vlo victim edit {p['id']} --address TEXT)"
                )
                continue
            made.append((p, letter))
            greeting = salutation(p)
            if greeting.check:
                batch.check.append(
                    f'{where}: "Dear {greeting.text}", as {greeting.reason}; if wrong: vlo victim edit {p["id"]} --salutation TEXT'
                )
            if p["needs"]:
                batch.check.append(f"{where} needs {p['needs']}")
        return batch, made, replaced

    batch, made, replaced = choose()
    if not made:
        return batch
    folder = letters.prepare_out(Path(out).expanduser())

    def lay_out(number: int, made: list[tuple[dict[str, Any], Any]]):
        paths = [letters.letter_file(folder, name, p["id"], p["subject"], fmt) for p, _ in made]
        laid_out = [letter for _, letter in made]
        cover = cover_for(
            laid_out, batch_id=number, made_on=today, files=[x.name for x in paths], duplex=fmt == "pdf"
        )
        return paths, render_batch(renderer, laid_out, fmt, cover=cover, title=f"Batch {number}: {name}")

    # Laid out before the transaction (a PDF batch takes a while; other vlo commands wait on it),
    # under the number the batch will most likely get.
    expected = store.next_batch_id()
    paths, rendered = lay_out(expected, made)
    # The files are written under temporary names and named only after COMMIT (files.staged): a
    # batch killed half-way leaves no letter file that vlo has no record of.
    with files.staged(folder) as stage, unit_of_work(store, "letters"):
        # Chosen again under the write lock: another vlo may have made some of these letters, or
        # someone changed a person, while this one laid them out. Then only what is left is made,
        # laid out again; with nothing left, nothing is.
        batch, now_made, replaced = choose()
        if not now_made:
            return batch
        old_files = [f for b in replaced for f in store.supersede_batch(b)]
        batch_id = store.add_batch(name, fmt, str(folder.resolve()))
        for b in replaced:
            store.mark_superseded(b, batch_id)
        if batch_id != expected or now_made != made:
            made = now_made
            paths, rendered = lay_out(batch_id, made)
        advance = progress(len(made)) if progress else None
        for (person, letter), path, data in zip(made, paths, rendered.letters, strict=True):
            store.add_letter(
                {
                    "batch_id": batch_id,
                    "victim_id": person["id"],
                    "template": name,
                    "subject": person["subject"],
                    "format": fmt,
                    "print_format": letter.format,
                    "language": letter.language,
                    "file": path.name,
                    "sha256": stage.write(path.name, data),
                }
            )
            if advance:
                advance()
        combined = folder / f"batch-{batch_id:05d}-{name}.{fmt}"
        stage.write(combined.name, rendered.combined)
        store.set_batch_file(batch_id, combined.name)
    for _, letter in made:
        batch.formats[letter.format] = batch.formats.get(letter.format, 0) + 1
        batch.languages[letter.language] = batch.languages.get(letter.language, 0) + 1
    # The replaced batches' files, where the new batch did not write over them: never printed by mistake.
    written = {x.resolve() for x in (*paths, combined)}
    batch.left_behind = remove_files([f for f in old_files if f[0].resolve() not in written])
    batch.batch_id, batch.count, batch.folder, batch.print_file = batch_id, len(made), folder, combined.name
    batch.superseded = replaced
    return batch


def remove_files(files: list[tuple[Path, str | None]]) -> list[str]:
    """Delete letter files vlo wrote, each checked against its recorded sha256 (None: not
    recorded, a print file); returns what could not be removed, and why."""
    import hashlib

    left = []
    for path, digest in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            left.append(f"{path} ({exc.strerror})")
            continue
        if digest is not None and hashlib.sha256(data).hexdigest() != digest:
            left.append(f"{path} (changed since vlo wrote it)")
            continue
        try:
            path.unlink()
        except OSError as exc:
            left.append(f"{path} ({exc.strerror})")
    return left


def discard_batch(store: Store, batch_id: int) -> tuple[int, list[str]]:
    """Remove an unposted batch's letters and files: they are due again. The batch's number stays
    on record as discarded, never given to another. Returns how many letters, and the files that
    could not be removed."""
    from vlo.domain.values import today

    with unit_of_work(store, "batch discard"):
        found = store.batch(batch_id)
        if found["posted_on"]:
            raise VloError(f"batch {batch_id} was posted on {found['posted_on']}; a posted batch is kept")
        if found["superseded_by"]:
            raise VloError(
                f"batch {batch_id} was replaced by batch {found['superseded_by']} and its files removed; "
                f"nothing to discard (vlo batch discard {found['superseded_by']} removes the new one)"
            )
        if found["discarded_on"]:
            raise VloError(f"batch {batch_id} was already discarded on {found['discarded_on']}")
        files = store.supersede_batch(batch_id)
        store.mark_discarded(batch_id, today().isoformat())
    letters_count = sum(1 for _, digest in files if digest is not None)
    return letters_count, remove_files(files)


def post_batch(store: Store, batch_id: int, when: date) -> tuple[int, int]:
    """Mark a batch posted: each letter is logged as a contact, once. Returns how many letters
    were logged, and how many had been posted before (in an earlier batch) and were not logged again."""
    from vlo.domain.deadlines import letter_about
    from vlo.domain.values import today

    if when > today():
        raise VloError("posted date cannot be in the future")
    with unit_of_work(store, "batch posted") as work:
        found = store.batch(batch_id)
        if found["discarded_on"]:
            raise VloError(f"batch {batch_id} was discarded on {found['discarded_on']}; nothing to post")
        if found["superseded_by"]:
            raise VloError(
                f"batch {batch_id} was replaced by batch {found['superseded_by']} (the same letters made "
                f"again); post that one: vlo batch posted {found['superseded_by']}"
            )
        if found["posted_on"]:
            raise VloError(f"batch {batch_id} was already marked posted on {found['posted_on']}")
        logged = again = 0
        for letter in list(store.letters(batch_id)):
            if store.posted_before(letter):
                again += 1
                continue
            person = store.victim(letter["victim_id"])
            store.add_contact(
                letter["victim_id"],
                {
                    "date": when.isoformat(),
                    "method": "letter",
                    "direction": "out",
                    # Read back by storage's untold_posted_letters (the upgrade of older postings).
                    "summary": f"{letter['template']} letter posted (batch {batch_id})",
                    # Only what the letter told: never "about" every deadline open that day.
                    "outcome": "made",
                    "about": letter_about(letter["template"], letter["subject"]),
                },
            )
            work.touch(person["case_id"])
            logged += 1
        store.mark_posted(batch_id, when.isoformat())
    return logged, again


def batches(store: Store):
    """Batches with their local date and time made (stored in UTC)."""
    from datetime import datetime

    for b in store.batches():
        made = datetime.fromisoformat(b["created_at"]).astimezone()
        status = (
            f"posted {b['posted_on']}"
            if b["posted_on"]
            else f"discarded {b['discarded_on']}"
            if b["discarded_on"]
            else f"replaced by {b['superseded_by']}"
            if b["superseded_by"]
            else "not posted"
        )
        yield {**b, "made": f"{made:%Y-%m-%d %H:%M}", "status": status}


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
