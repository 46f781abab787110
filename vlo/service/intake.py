"""Intake (``vlo import``): reading a referral spreadsheet, checking every row, then writing it all at once.

Rows are held to the same rules as the commands (``vlo.domain.records``). Nothing is written
until every row is good; then the caller writes them in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vlo.domain import scheme
from vlo.domain.records import case_fields, clean_ref, person_fields, sentence_fields
from vlo.domain.values import choice
from vlo.errors import VloError
from vlo.render import un_neutralise
from vlo.service.cases import check_offence_before_sentence
from vlo.service.work import unit_of_work
from vlo.storage import Store

REQUIRED = (
    "case_ref",
    "offender",
    "offence",
    "category",
    "sentence_date",
    "sentence_type",
    "sentence_length",
    "victim_name",
    "victim_address",
    "victim_postcode",
    "victim_email",
    "victim_phone",
)
MAX_ROWS = 1_000_000


@dataclass
class CaseRows:
    """One case from the file, and the people on it, with the line each came from."""

    ref: str
    line: int
    case: dict[str, Any]
    sentence: dict[str, Any] | None
    people: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VloError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise VloError(
            f"{path.name} is not UTF-8 text (a stray byte on line {line}); save it as CSV UTF-8"
        ) from None


def _flag(value: str, field_name: str) -> bool:
    normal = value.strip().lower()
    if normal in ("", "0", "no", "false", "n"):
        return False
    if normal in ("1", "yes", "true", "y"):
        return True
    raise VloError(f"{field_name} must be yes or no (or 1 or 0)")


def _days(text: str | None, field_name: str) -> int:
    if text is None:
        return 0
    if not text.strip().isdigit():
        raise VloError(f"{field_name} must be a whole number of days")
    return int(text)


def _row(values: dict[str, str]) -> tuple[str, dict, dict | None, dict]:
    def get(key: str) -> str | None:
        value = values.get(key)
        return None if value is None or value.strip() == "" else un_neutralise(value)

    ref = clean_ref(get("case_ref") or "")
    case = case_fields(
        get("offender"),
        get("offence"),
        get("category"),
        get("court"),
        get("officer"),
        get("discretionary_reason"),
        get("prison_number"),
        get("offence_date"),
        get("referral_date"),
        required=True,
    )
    sentence = None
    if get("sentence_date") or get("sentence_type"):
        sentence = sentence_fields(
            get("sentence_date"),
            get("sentence_type"),
            get("sentence_length"),
            remand_days=_days(get("remand_days"), "remand_days"),
            tagged_bail_days=_days(get("tagged_bail_days"), "tagged_bail_days"),
        )
        check_offence_before_sentence(case.get("offence_date"), sentence["date"])
    person = person_fields(
        get("victim_name"),
        get("victim_title"),
        get("victim_role"),
        get("victim_address"),
        get("victim_postcode"),
        get("victim_email"),
        get("victim_phone"),
        get("victim_preferred_method"),
        _flag(values.get("victim_do_not_post") or "", "victim_do_not_post"),
        get("victim_needs"),
        required=True,
        salutation=get("victim_salutation"),
    )
    status = get("opt_status")
    if status:
        person["opt_status"] = choice(status, "opt_status", scheme.OPT_STATUSES)
    level = get("contact_level")
    if level:
        person["contact_level"] = choice(level, "contact_level", scheme.CONTACT_LEVELS)
    return ref, case, sentence, person


def read_rows(path: Path, store: Store) -> tuple[list[CaseRows], list[str]]:
    """Every case in the file, and a line-numbered problem for every bad row."""
    reader = csv.DictReader(io.StringIO(_text(path), newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise VloError(f"{path.name} lacks the columns: {', '.join(missing)}")
    cases: dict[str, CaseRows] = {}
    problems: list[str] = []
    for number, values in enumerate(reader, start=1):
        line = reader.line_num
        if number > MAX_ROWS:
            raise VloError(f"{path.name} has more than {MAX_ROWS:,} rows; split it")
        if None in values:
            problems.append(f"line {line}: more cells than the header has columns")
            continue
        try:
            ref, case, sentence, person = _row(values)
        except VloError as exc:
            problems.append(f"line {line}: {exc}")
            continue
        seen = cases.get(ref)
        if seen is None:
            cases[ref] = CaseRows(ref, line, case, sentence, [(line, person)])
        elif (seen.case, _comparable(seen.sentence)) != (case, _comparable(sentence)):
            problems.append(
                f"line {line}: case {ref} has different case or sentence columns from line {seen.line}"
            )
        else:
            seen.people.append((line, person))
    return list(cases.values()), problems


def _comparable(sentence: dict | None) -> dict | None:
    return None if sentence is None else {k: v for k, v in sentence.items() if k != "recorded_on"}


@dataclass(frozen=True)
class Imported:
    cases: int  # cases in the file
    rows: int  # people in the file
    added: int = 0
    updated: int = 0
    skipped: int = 0
    people: int = 0
    problems: tuple[str, ...] = ()  # one line per bad row: then nothing was written
    checked_only: bool = False


def import_file(store: Store, path: Path, *, existing: str = "skip", check: bool = False) -> Imported:
    """Read and check every row; then, unless ``check``, write them all in one unit of work."""
    mode = choice(existing, "existing", ("skip", "update"))
    parsed, problems = read_rows(path, store)
    rows = sum(len(c.people) for c in parsed)
    if problems or check:
        return Imported(len(parsed), rows, problems=tuple(problems), checked_only=check)
    counts = {"added": 0, "updated": 0, "skipped": 0, "people": 0}
    with unit_of_work(store, "import") as work:
        for item in parsed:
            case_id = _apply_case(store, item, mode, counts)
            if case_id is not None:
                work.touch(case_id)
    return Imported(len(parsed), rows, **counts)


def _apply_case(store: Store, item: CaseRows, existing: str, counts: dict[str, int]) -> int | None:
    found = store.case_or_none(item.ref)
    if found is not None and existing == "skip":
        counts["skipped"] += 1
        return None
    if found is None:
        case_id = store.add_case({"ref": item.ref, **item.case})
        counts["added"] += 1
    else:
        case_id = found["id"]
        store.update_case(case_id, {k: v for k, v in item.case.items() if found[k] != v})
        counts["updated"] += 1
    if item.sentence is not None:
        current = store.current_sentence(case_id)
        if current is None:
            store.record_sentence(case_id, item.sentence, replace_note=None)
        elif _comparable({k: current[k] for k in item.sentence}) != _comparable(item.sentence):
            store.record_sentence(case_id, item.sentence, replace_note="replaced by vlo import")
    for _, person in item.people:
        person = dict(person)
        match = store.find_victim_by_name(case_id, person["name"]) if found is not None else None
        if match is None:
            store.add_victim(case_id, person)
        else:
            store.update_victim(match["id"], {k: v for k, v in person.items() if match[k] != v})
        counts["people"] += 1
    return case_id
