"""Intake (``vlo import``): a referral spreadsheet read, checked and written in one streaming pass.

Rows are held to the same rules as the commands (``vlo.domain.records``). The file is read a line
at a time with every line and cell capped, so ``vlo import /dev/zero`` stops at line 1 in a few
milliseconds. New cases, sentences and people go in with one ``executemany`` per table per batch,
under one audit row for the whole import naming the ids it added; all in one transaction, rolled
back if any row is bad, so a file is imported whole or not at all. Deadlines are computed for the
cases the file added or updated, and no others.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from vlo.domain import scheme
from vlo.domain.records import case_fields, clean_ref, person_fields, sentence_fields
from vlo.domain.release import DATE_KEYS, validate_sentence
from vlo.domain.values import choice, parse_date, today
from vlo.errors import VloError
from vlo.render import un_neutralise
from vlo.service.cases import CASE_FLAGS, check_case_dates, sentence_facts
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
OPTIONAL = (
    "court", "officer", "discretionary_reason", "prison_number", "offence_date", "referral_date",
    "remand_days", "tagged_bail_days", "ual_days", "added_days", "sentence_extension", "sentence_tariff",
    "sentence_consecutive", "sentence_concurrent", "sentence_recorded_on", "victim_title",
    "victim_salutation", "victim_role", "victim_preferred_method", "victim_do_not_post", "victim_needs",
    "victim_language", "victim_format", "victim_date_of_birth", "opt_status", "contact_level",
)  # fmt: skip
# Columns vlo's own export writes that an import does not read: ids are never carried across.
IGNORED = ("victim_id",)
CONFIRMED_PREFIX = "confirmed_"  # confirmed_release, confirmed_licence_end, ...: dates the prison gave
MAX_ROWS = 1_000_000
MAX_CELL = 10_000  # characters in one cell: the longest field vlo keeps is 5,000
MAX_LINE = 100_000  # characters in one line, or one row over several lines
MAX_PROBLEMS = 1_000  # bad rows listed before reading stops
BATCH = 2_000  # rows per executemany


def _maybe_flag(value: str | None, field_name: str) -> bool | None:
    """A yes/no case fact; an empty cell is "not recorded"."""
    return None if value is None else _flag(value, field_name)


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


# The columns that describe the case, not the person: repeated on every row of a case. Every column
# _case_part reads is here, so two rows of a case that differ in any of them are told apart.
CASE_COLUMNS = (
    "case_ref", "offender", "offence", "category", "court", "officer", "discretionary_reason",
    "prison_number", "offence_date", "referral_date", "sentence_date", "sentence_type",
    "sentence_length", "sentence_consecutive", "sentence_concurrent", "sentence_extension",
    "sentence_tariff", "remand_days", "tagged_bail_days", "ual_days", "added_days",
    "sentence_recorded_on", "offender_dob", *CASE_FLAGS, *(CONFIRMED_PREFIX + key for key in DATE_KEYS),
)  # fmt: skip
# The columns that describe the person on the row (victim_do_not_post is read as it is: see _row).
PERSON_COLUMNS = (
    "victim_name", "victim_title", "victim_role", "victim_address", "victim_postcode", "victim_email",
    "victim_phone", "victim_preferred_method", "victim_needs", "victim_salutation", "opt_status",
    "contact_level", "victim_language", "victim_format", "victim_date_of_birth",
)  # fmt: skip
KNOWN = frozenset((*REQUIRED, *OPTIONAL, *CASE_COLUMNS, *PERSON_COLUMNS, *IGNORED))


def _cells(values: tuple[str, ...]) -> list[str | None]:
    """Cells as the rules read them: blank is missing, and a value vlo's export kept from running
    as a spreadsheet formula ("'=1+1") is given back as it was. (``un_neutralise`` changes only a
    value that starts with an apostrophe: the rest skip the call, 1,000,000 of them in an import.)"""
    return [(un_neutralise(v) if v[0] == "'" else v) if v.strip() else None for v in values]


def _check_header(header: list[str], name: str) -> None:
    """A header vlo can read every cell by: each column named, and named once.

    A blank name would have its cells (a safety note) dropped without a word; a repeated one would
    keep only its last cell (which ``victim_address`` wins?). Both are refused, naming the column.
    """
    places: dict[str, int] = {}
    for number, column in enumerate(header, 1):
        if not column.strip():
            raise VloError(
                f"{name}: column {number} has no name in the header; name it (see the README's "
                "vlo import section) or remove it"
            )
        if column in places:
            raise VloError(
                f"{name} has the column {column[:40]!r} twice (columns {places[column]} and {number}); "
                "keep one"
            )
        places[column] = number


class _Layout:
    """Where each column stands in the file's rows: the header read once, so a row is a list read
    by position, not a dict built per row."""

    def __init__(self, header: list[str]):
        self.width = len(header)
        # Every name is there once (_check_header); a column the file lacks points one past the
        # row, where _row puts an empty cell.
        index = {name: i for i, name in enumerate(header)}
        self.case = itemgetter(*(index.get(name, self.width) for name in CASE_COLUMNS))
        self.person = itemgetter(*(index.get(name, self.width) for name in PERSON_COLUMNS))
        self.do_not_post = index.get("victim_do_not_post", self.width)


def _row(cells: list[str], layout: _Layout, checked: dict[tuple, tuple]) -> tuple[tuple, dict]:
    """One row checked: its case part (``_case_part``) and its person.

    ``checked`` remembers the case columns already checked: a case's columns repeat on the row of
    each person on it, and the same text always checks the same way.
    """
    cells.append("")  # the cell one past the row, read for a column the file lacks
    raw = layout.case(cells)
    part = checked.get(raw)
    if part is None:
        part = _case_part(dict(zip(CASE_COLUMNS, _cells(raw), strict=True)).get)
        if len(checked) >= 10_000:
            checked.clear()
        checked[raw] = part
    name, title, role, address, postcode, email, phone, method, needs, salutation, status, level, *more = (
        _cells(layout.person(cells))
    )
    language, print_format, born = more
    person = person_fields(
        name,
        title,
        role,
        address,
        postcode,
        email,
        phone,
        method,
        _flag(cells[layout.do_not_post], "victim_do_not_post"),
        needs,
        required=True,
        salutation=salutation,
        language=language,
        format=print_format,
        date_of_birth=born,
    )
    if status:
        person["opt_status"] = choice(status, "opt_status", scheme.OPT_STATUSES)
    if level:
        person["contact_level"] = choice(level, "contact_level", scheme.CONTACT_LEVELS)
    return part, person


def _case_part(get) -> tuple[str, dict, dict | None, dict[str, str], int]:
    """A case's columns checked: its reference, case, sentence and confirmed dates, and a digest
    of them that tells whether another row of the case says the same."""
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
        offender_dob=get("offender_dob"),
        **{key: _maybe_flag(get(key), key) for key in CASE_FLAGS},
    )
    sentence = None
    if get("sentence_date") or get("sentence_type"):
        sentence = sentence_fields(
            get("sentence_date"),
            get("sentence_type"),
            get("sentence_length"),
            consecutive=(get("sentence_consecutive") or "").split(),
            concurrent=(get("sentence_concurrent") or "").split(),
            extension=get("sentence_extension"),
            tariff=get("sentence_tariff"),
            remand_days=_days(get("remand_days"), "remand_days"),
            tagged_bail_days=_days(get("tagged_bail_days"), "tagged_bail_days"),
            ual_days=_days(get("ual_days"), "ual_days"),
            added_days=_days(get("added_days"), "added_days"),
        )
        recorded_on = get("sentence_recorded_on")
        if recorded_on:
            # When the unit learnt of the sentence: deadlines for what was already past then are not owed.
            day = parse_date(recorded_on, "sentence_recorded_on")
            if day > today() or day.isoformat() < sentence["date"]:
                raise VloError("sentence_recorded_on must be from the sentence date to today")
            sentence["recorded_on"] = day.isoformat()
        check_case_dates(case, sentence["date"])
        validate_sentence(sentence_facts(case, sentence))
    confirmed = {}
    for key in DATE_KEYS:
        value = get(CONFIRMED_PREFIX + key)
        if value:
            if sentence is None:
                raise VloError(f"{CONFIRMED_PREFIX + key} needs a sentence on the row")
            confirmed[key] = parse_date(value, CONFIRMED_PREFIX + key).isoformat()
    digest = hash((tuple(case.items()), _comparable_items(sentence), tuple(confirmed.items())))
    return ref, case, sentence, confirmed, digest


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


class _Lines:
    """The file's lines, decoded one at a time and capped, so no line or row can fill the memory."""

    def __init__(self, file: IO[bytes], name: str):
        self.file, self.name = file, name
        self.number = 0  # lines read so far
        self.row_bytes = 0  # bytes of the row being read (a quoted cell can span lines)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self.file.readline(MAX_LINE + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):  # the BOM spreadsheets write
            raw = raw[3:]
        self.row_bytes += len(raw)
        if self.row_bytes > MAX_LINE:
            raise VloError(
                f"line {self.number} of {self.name} is longer than {MAX_LINE:,} characters; is it a CSV file?"
            )
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise VloError(
                f"{self.name} is not UTF-8 text (a stray byte on line {self.number}); save it as CSV UTF-8"
            ) from None


@dataclass(slots=True)
class _Seen:
    """A case met earlier in the file: where, what it became, and a digest of its columns."""

    line: int
    case_id: int | None  # None: skipped (already in the database), or only checking
    existing: bool
    digest: int


@dataclass
class _Intake:
    store: Store
    name: str
    existing: str
    work: Any = None  # the unit of work; None when only checking
    problems: list[str] = field(default_factory=list)
    seen: dict[str, _Seen] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "added": 0, "updated": 0, "skipped": 0, "people": 0}
    )
    rows: dict[str, dict[tuple[str, ...], list[tuple]]] = field(default_factory=dict)
    first: dict[str, int] = field(default_factory=dict)  # the first id each table gets
    next: dict[str, int] = field(default_factory=dict)
    now: str = ""

    def run(self, lines: _Lines) -> None:
        reader = csv.reader(lines)
        try:
            header = next(reader, [])
            _check_header(header, self.name)
            missing = [c for c in REQUIRED if c not in header]
            # A misspelt or unknown column would be dropped without a word: refused instead.
            unknown = [c for c in header if c.strip() and c not in KNOWN]
            shown = ", ".join(repr(c[:40]) for c in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
            if missing:
                besides = f" (and has columns vlo does not read: {shown})" if unknown else ""
                raise VloError(f"{self.name} lacks the columns: {', '.join(missing)}{besides}")
            if unknown:
                raise VloError(
                    f"{self.name} has columns vlo does not read: {shown}; "
                    "rename or remove them (the README's vlo import section lists the columns)"
                )
            layout = _Layout(header)
            batch: list[tuple] = []
            checked: dict[tuple, tuple] = {}
            number = 0
            lines.row_bytes = 0
            for cells in reader:
                lines.row_bytes = 0
                if not cells:  # a blank line
                    continue
                number += 1
                line = reader.line_num
                if number > MAX_ROWS:
                    raise VloError(f"{self.name} has more than {MAX_ROWS:,} rows; split it")
                if len(cells) != layout.width:
                    # Too few: a cell lost or a row cut short, not a blank to fill in silently.
                    fewer = "more" if len(cells) > layout.width else f"fewer ({len(cells)})"
                    self.problem(f"line {line}: {fewer} cells than the header has columns ({layout.width})")
                    continue
                try:
                    batch.append((line, *_row(cells, layout, checked)))
                except VloError as exc:
                    self.problem(f"line {line}: {exc}")
                if len(self.problems) >= MAX_PROBLEMS:
                    self.problems.append(f"stopped reading at line {line}: {MAX_PROBLEMS:,} bad rows")
                    break
                if len(batch) >= BATCH:
                    self.take(batch)
                    batch = []
            self.take(batch)
        except csv.Error as exc:
            what = f"a cell is longer than {MAX_CELL:,} characters" if "field limit" in str(exc) else exc
            raise VloError(f"line {lines.number} of {self.name}: {what}") from None

    def problem(self, text: str) -> None:
        self.problems.append(text)

    @property
    def writing(self) -> bool:
        # After the first bad row nothing more is written: the transaction will be rolled back.
        return self.work is not None and not self.problems

    def take(self, batch: list[tuple]) -> None:
        """Check a batch of good rows against the file so far, and write them unless only checking."""
        found: dict[str, dict[str, Any]] = {}
        if self.writing:
            refs = list({part[0].upper() for _, part, _ in batch} - self.seen.keys())
            found = self.store.case_ids_by_ref(refs) if refs else {}
        for line, (ref, case, sentence, confirmed, digest), person in batch:
            key = ref.upper()
            seen = self.seen.get(key)
            if seen is not None and seen.digest != digest:
                self.problem(
                    f"line {line}: case {ref} has different case or sentence columns from line {seen.line}"
                )
                continue
            self.counts["rows"] += 1
            if seen is None:
                seen = self.seen[key] = _Seen(line, None, key in found, digest)
                if self.writing:
                    seen.case_id = self.new_case(found.get(key), ref, case, sentence, confirmed)
            if self.writing and seen.case_id is not None:
                self.add_person(seen, person)
        self.flush()

    def new_case(self, found, ref, case, sentence, confirmed) -> int | None:
        if found is not None and self.existing == "skip":
            self.counts["skipped"] += 1
            return None
        if found is None:
            case_id = self.take_id("cases")
            self.queue("cases", {"id": case_id, "ref": ref, **case, "status": "open", "created_at": self.now})
            if sentence is not None:
                row = {
                    "id": self.take_id("sentences"),
                    **sentence,
                    "case_id": case_id,
                    "recorded_at": self.now,
                }
                self.queue("sentences", row)
            for key, day in confirmed.items():
                self.queue(
                    "confirmed_dates", {"case_id": case_id, "key": key, "date": day, "recorded_at": self.now}
                )
            self.counts["added"] += 1
        else:
            self.flush()  # the update path reads the database: let it see every row queued so far
            case_id = found["id"]
            self.store.update_case(case_id, {k: v for k, v in case.items() if found[k] != v})
            if sentence is not None:
                current = self.store.current_sentence(case_id)
                if current is None:
                    self.store.record_sentence(case_id, sentence, replace_note=None)
                elif _comparable({k: current[k] for k in sentence}) != _comparable(sentence):
                    self.store.record_sentence(case_id, sentence, replace_note="replaced by vlo import")
            for key, day in confirmed.items():
                self.store.set_confirmed_date(case_id, key, day)
            self.counts["updated"] += 1
        self.work.touch(case_id)
        return case_id

    def add_person(self, seen: _Seen, person: dict[str, Any]) -> None:
        self.counts["people"] += 1
        if not seen.existing:
            row = {
                "id": self.take_id("victims"),
                "opt_status": "pending",
                **person,
                "case_id": seen.case_id,
                "created_at": self.now,
                "updated_at": self.now,
            }
            self.queue("victims", row)
            return
        match = self.store.find_victim_by_name(seen.case_id, person["name"])
        if match is None:
            self.store.add_victim(seen.case_id, dict(person))
        else:
            self.store.update_victim(match["id"], {k: v for k, v in person.items() if match[k] != v})

    def take_id(self, table: str) -> int:
        if table not in self.next:
            self.next[table] = self.first[table] = self.store.next_id(table)
        self.next[table] += 1
        return self.next[table] - 1

    def queue(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, {}).setdefault(tuple(row), []).append(tuple(row.values()))

    def flush(self) -> None:
        # Parents first: the foreign keys are checked row by row.
        for table in ("cases", "sentences", "confirmed_dates", "victims"):
            for columns, rows in self.rows.pop(table, {}).items():
                self.store.insert_many(table, columns, rows)

    def audit(self) -> None:
        """One audit row for the import: the ids it added, table by table (updates audit themselves)."""
        added = [
            f"{t} {self.first[t]}-{self.next[t] - 1}"
            for t in ("cases", "sentences", "victims")
            if t in self.first
        ]
        if added:
            self.store.audit("import", "cases", None, added)


class _Rollback(Exception):
    """Bad rows were found after some were written: undo the whole import."""


def import_file(store: Store, path: Path, *, existing: str = "skip", check: bool = False) -> Imported:
    """Read, check and (unless ``check``) write every row in one pass and one unit of work.

    Every bad row is listed (up to :data:`MAX_PROBLEMS`); if there is one, nothing is written.
    """
    from vlo.storage.base import _now

    mode = choice(existing, "existing", ("skip", "update"))
    try:
        file = path.open("rb")
    except OSError as exc:
        raise VloError(f"cannot read {path}: {exc.strerror}") from None
    limit = csv.field_size_limit(MAX_CELL)  # global to the csv module: put back below
    try:
        with file:
            lines = _Lines(file, path.name)
            intake = _Intake(store, path.name, mode, now=_now())
            if check:
                intake.run(lines)
            else:
                try:
                    with unit_of_work(store, "import") as work:
                        # First: on a team database the server refuses this to all but managers.
                        import_id = store.record_import(path.name, intake.now)
                        intake.work = work
                        intake.run(lines)
                        if intake.problems:
                            raise _Rollback
                        intake.audit()
                        store.imported_rows(import_id, intake.counts["rows"])
                except _Rollback:
                    pass
    finally:
        csv.field_size_limit(limit)
    counts = intake.counts
    done = Imported(len(intake.seen), counts["rows"], problems=tuple(intake.problems), checked_only=check)
    if check or intake.problems:
        return done
    return Imported(
        done.cases, done.rows, counts["added"], counts["updated"], counts["skipped"], counts["people"]
    )


def _comparable(sentence: dict | None) -> dict | None:
    return None if sentence is None else {k: v for k, v in sentence.items() if k != "recorded_on"}


def _comparable_items(sentence: dict | None) -> tuple | None:
    return None if sentence is None else tuple((k, v) for k, v in sentence.items() if k != "recorded_on")
