"""Build a large, realistic vlo database for benchmarks.

    python benchmarks/generate.py OUT.db --cases 100000 [--seed 1] [--force] [--workers N]

``vlo init`` runs first, through the real command line, so the schema, the migrations and the
bank-holiday cache are exactly what an officer's database has. The cases, sentences, people,
contacts and key-stage events are then made up in chunks of 10,000 cases (in ``--workers`` other
processes, while this one writes), bulk-inserted with ``executemany`` one transaction a chunk with
the journal off, and each chunk's deadlines computed the real way, by
:func:`vlo.service.deadlines.recompute`. Memory stays flat: a million cases take a few minutes.

The data is made up and reproducible (``--seed``), shaped like a unit's caseload as of
``--today`` (default 2026-11-24): sentences over the ten years before it, about 1.5 people per
case, the initial contact made for most older cases and never made for a few percent of them (so
the morning list has overdue work), and annual letters, key-stage notices and the letters around an
indicative release date mostly sent on time. Columns the database lacks are left out, so the script
keeps working across schema versions; a required column it does not fill stops it with the name.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sqlite3
import subprocess
import sys
import time
from bisect import bisect
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any

from vlo.domain.deadlines import EVENT_TYPES, hears_of
from vlo.service.calendar import working_calendar
from vlo.service.cases import release_dates
from vlo.service.deadlines import recompute
from vlo.storage import open_database

TODAY = date(2026, 11, 24)
YEARS_BACK = 10
CHUNK = 10_000  # cases made up, inserted and given deadlines at a time
# Ids are made from the case id, so chunks can be made up apart: at most 4 people and 3 events a case.
PEOPLE_PER_CASE = 4
EVENTS_PER_CASE = 3

FIRST_NAMES = (
    "Aaron", "Aisha", "Alan", "Amy", "Andrew", "Bethan", "Callum", "Carys", "Chloe", "Connor",
    "Daniel", "David", "Declan", "Dylan", "Elin", "Emma", "Gareth", "Grace", "Hannah", "Harry",
    "Imran", "Jack", "Jade", "James", "Jodie", "Kelly", "Kieran", "Laura", "Lee", "Liam",
    "Lucy", "Mark", "Megan", "Michael", "Mohammed", "Natalie", "Nathan", "Olivia", "Paul", "Priya",
    "Rhys", "Ryan", "Samantha", "Sarah", "Sean", "Sian", "Sophie", "Stephen", "Tom", "Zara",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Ali", "Baker", "Bennett", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans",
    "Green", "Griffiths", "Hall", "Harris", "Hughes", "Jackson", "James", "Johnson", "Jones", "Kaur",
    "Khan", "King", "Lewis", "Lloyd", "Martin", "Morgan", "Morris", "Murphy", "O'Brien", "Owen",
    "Parry", "Patel", "Phillips", "Price", "Roberts", "Robinson", "Shah", "Singh", "Smith", "Taylor",
    "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson", "Wright",
)  # fmt: skip
OFFICERS = (
    "A. Jones", "B. Evans", "C. Patel", "D. Hughes", "E. Morgan", "F. Khan",
    "G. Roberts", "H. Wilson", "I. Thomas", "J. Price", "K. Lewis", "L. Murphy",
)  # fmt: skip
COURTS = (
    "Birmingham Crown Court", "Bristol Crown Court", "Cardiff Crown Court", "Leeds Crown Court",
    "Liverpool Crown Court", "Manchester Crown Court (Minshull Street)", "Newcastle Crown Court",
    "Nottingham Crown Court", "Swansea Crown Court", "The Central Criminal Court",
)  # fmt: skip
TOWNS = (
    ("Cardiff", "CF"), ("Swansea", "SA"), ("Newport", "NP"), ("Leeds", "LS"), ("Bristol", "BS"),
    ("Birmingham", "B"), ("Manchester", "M"), ("Liverpool", "L"), ("Nottingham", "NG"), ("Leicester", "LE"),
)  # fmt: skip
STREETS = ("High Street", "Station Road", "Church Lane", "Park Avenue", "Heol y Llan", "Mill Road")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
OFFENCES = {
    "violent": (
        ("Murder", 6), ("Manslaughter", 5), ("Wounding with intent (s.18)", 20),
        ("Grievous bodily harm (s.20)", 20), ("Robbery", 18), ("Causing death by dangerous driving", 4),
        ("Controlling or coercive behaviour", 8), ("Attempted murder", 3),
    ),
    "sexual": (
        ("Rape", 30), ("Sexual assault", 30), ("Sexual activity with a child", 20),
        ("Assault by penetration", 15), ("Causing a child to watch a sexual act", 5),
    ),
    "terrorism": (("Preparation of terrorist acts", 1), ("Dissemination of terrorist publications", 1)),
    "other": (("Stalking", 4), ("Harassment", 4), ("Arson", 2), ("Burglary", 2)),
}  # fmt: skip
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", None)
NEEDS = ("Large print", "Interpreter: Polish", "Welsh language")
PREFERRED_METHODS = (("letter", 60), ("phone", 25), ("email", 15))
HOMICIDE = frozenset({"Murder", "Manslaughter", "Causing death by dangerous driving"})
CHILD_VICTIM = frozenset({"Sexual activity with a child", "Causing a child to watch a sexual act"})
PRISON_EVENTS = (
    ("parole-review", 25), ("release", 25), ("hdc", 6), ("open-conditions", 10), ("rotl", 6),
    ("release-date-change", 8), ("licence-end", 10), ("recall", 8), ("escape", 1),
)  # fmt: skip
HOSPITAL_EVENTS = ("tribunal-hearing", "discharge-consideration", "conditional-discharge")
# Events the unit learns of only once they have happened.
AFTER_THE_FACT = frozenset({"recall", "escape", "recall-to-hospital"})
OFFICE_HOURS = tuple(
    f"T{h:02d}:{m:02d}:{s:02d}+00:00" for h in range(8, 18) for m in range(60) for s in (7, 31)
)


# The event names must be vlo's own, or the deadline recompute would fail on them.
assert {kind for kind, _ in PRISON_EVENTS} | set(HOSPITAL_EVENTS) <= set(EVENT_TYPES)


@cache
def _cumulative(weighted: tuple[tuple[Any, int], ...]) -> tuple[tuple[Any, ...], list[int]]:
    values, weights = zip(*weighted, strict=True)
    return values, list(accumulate(weights))


class Dice(random.Random):
    """``random.Random`` with cheaper draws: the standard ``randint`` and ``choices`` are exact but slow,
    and made-up data needs no exactness. Still reproducible from a seed."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def pick(self, weighted: tuple[tuple[Any, int], ...]) -> Any:
        """One value from ``((value, weight), ...)``."""
        values, cumulative = _cumulative(weighted)
        return values[bisect(cumulative, self.random() * cumulative[-1])]


def term(months: int) -> str:
    """``18m``, ``4y``, ``2y6m``: a term written the way ``vlo sentence --length`` takes it."""
    if months < 24 and months % 12:
        return f"{months}m"
    years, rest = divmod(months, 12)
    return f"{years}y{rest}m" if rest else f"{years}y"


def stamp(day: date, rng: Dice) -> str:
    """A ``created_at``-style UTC timestamp during office hours on ``day``."""
    return day.isoformat() + rng.choice(OFFICE_HOURS)


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def random_sentence(rng: Dice, category: str, offence: str) -> dict:
    """A sentence's type, terms and adjustments, keyed by the columns of the ``sentences`` table."""
    if offence == "Murder":
        kind = "life"
    elif category == "other":
        kind = rng.pick((("sds", 70), ("suspended", 20), ("community", 10)))
    else:
        kind = rng.pick(
            (
                ("sds", 52), ("sds-plus", 17), ("eds", 8), ("life", 3), ("dto", 5),
                ("hospital-order", 3), ("restricted-hospital-order", 2), ("suspended", 6), ("community", 4),
            ),
        )  # fmt: skip
    out: dict = {"type": kind, "length": None, "consecutive": "", "concurrent": "", "extension": None}
    out.update(
        tariff=None,
        remand_days=0,
        tagged_bail_days=rng.choice((0, 0, 0, 0, 14, 30)),
        ual_days=0,
        added_days=0,
    )
    if kind == "sds":
        out["length"] = term(rng.choice((12, 15, 18, 20, 24, 30, 36, 42, 48, 60, 72, 84, 96, 120, 144, 180)))
    elif kind == "sds-plus":
        out["length"] = term(12 * rng.randint(4, 15) + rng.choice((0, 0, 6)))
    elif kind == "eds":
        out["length"] = term(12 * rng.randint(4, 12))
        out["extension"] = term(12 * rng.randint(2, 8))
    elif kind == "life":
        out["tariff"] = term(12 * rng.randint(8, 30))
    elif kind == "dto":
        out["length"] = term(rng.choice((4, 6, 8, 10, 12, 18, 24)))
    elif kind == "suspended":
        out["length"] = term(rng.choice((6, 9, 12, 18, 24)))
    elif kind == "community":
        out["length"] = term(rng.choice((12, 18, 24, 36)))
    custodial = kind in ("sds", "sds-plus", "eds", "life", "dto")
    if custodial and rng.random() < 0.4:
        out["remand_days"] = rng.randint(1, 400)
    if kind == "sds" and rng.random() < 0.02:
        out["consecutive"] = term(rng.choice((6, 12, 18)))
    return out


def indicative_release(category: str, sentenced: date, sentence: dict) -> date | None:
    """The release date vlo works out for this sentence (None for life, hospital orders ...)."""
    found = release_dates({"category": category}, {**sentence, "date": sentenced.isoformat()})
    return found.release if found else None


@dataclass
class Person:
    id: int
    opt_status: str
    contact_level: str | None


@dataclass
class Caseload:
    """Rows for each table, as tuples in the column order of :data:`INSERTS`."""

    cases: list[tuple] = field(default_factory=list)
    sentences: list[tuple] = field(default_factory=list)
    victims: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)


SENTENCE_TERMS = (
    "type", "length", "consecutive", "concurrent", "extension", "tariff",
    "remand_days", "tagged_bail_days", "ual_days", "added_days",
)  # fmt: skip
# The columns each table's rows fill, in order. A column the database lacks (an older schema) is left
# out when inserting; a required column missing here stops the script with its name.
INSERTS = {
    "cases": (
        "id", "ref", "offender", "prison_number", "offence", "category", "offence_date", "court", "officer",
        "discretionary_reason", "referral_date", "status", "created_at", "closed_at",
    ),
    "sentences": ("case_id", "date", *SENTENCE_TERMS, "recorded_at", "replaced_at", "replaced_note", "recorded_on"),
    "victims": (
        "id", "case_id", "name", "title", "role", "address", "postcode", "email", "phone", "preferred_method",
        "do_not_post", "needs", "opt_status", "contact_level", "created_at", "updated_at",
    ),
    "contacts": ("victim_id", "date", "method", "direction", "summary", "created_at"),
    "events": ("id", "case_id", "type", "date", "note", "recorded_on", "created_at"),
}  # fmt: skip


class Generator:
    """Makes up one case at a time, with its sentence, people, events and contact log."""

    def __init__(self, seed: int, today: date, uncontacted: float):
        self.rng = Dice(seed)
        self.today = today
        self.uncontacted = uncontacted
        self.rows = Caseload()

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def prison_number(self) -> str:
        return f"A{self.rng.randint(1000, 9999)}{self.rng.choice(LETTERS)}{self.rng.choice(LETTERS)}"

    def address(self, town: str) -> str:
        return f"{self.rng.randint(1, 200)} {self.rng.choice(STREETS)}, {town}"

    def postcode(self, area: str) -> str:
        rng = self.rng
        return f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def build(self, first_case: int, count: int) -> Caseload:
        span = YEARS_BACK * 365
        for case_id in range(first_case, first_case + count):
            self.case(case_id, weekday_on_or_before(self.days_ago(0, span)))
        return self.rows

    def case(self, case_id: int, sentenced: date) -> None:
        rng = self.rng
        category = rng.pick((("violent", 55), ("sexual", 30), ("terrorism", 2), ("other", 13)))
        offence = rng.pick(OFFENCES[category])
        # A few cases are referred before sentence: no sentence recorded yet.
        awaiting = (self.today - sentenced).days < 60 and rng.random() < 0.1
        sentence = None if awaiting else random_sentence(rng, category, offence)
        custodial = sentence is not None and sentence["type"] not in ("suspended", "community")
        discretionary = None
        if category == "other" and rng.random() < 0.5:
            discretionary = "High risk to the victim; agreed by the senior probation officer"
        closed = rng.random() < 0.02 and (self.today - sentenced).days > 90
        opened = sentenced - timedelta(days=rng.randint(0, 30)) if awaiting else sentenced
        self.rows.cases.append(
            (
                case_id,
                f"VLU-{opened.year}-{case_id:06d}",
                self.name(),
                self.prison_number() if custodial else None,
                offence,
                category,
                (sentenced - timedelta(days=rng.randint(60, 900))).isoformat(),
                rng.choice(COURTS),
                rng.choice(OFFICERS),
                discretionary,
                None,
                "closed" if closed else "open",
                stamp(opened, rng),
                stamp(self.days_ago(0, (self.today - sentenced).days - 1), rng) if closed else None,
            )
        )
        if sentence is not None:
            self.sentence(case_id, sentenced, sentence)
        never_contacted = (self.today - sentenced).days > 90 and rng.random() < self.uncontacted
        people = self.people(case_id, offence, sentenced, contacted=not never_contacted and not awaiting)
        events = self.events(case_id, sentenced, sentence) if custodial else []
        if never_contacted or awaiting:
            return
        release = None
        if custodial and any(p.opt_status == "opted-in" for p in people):
            release = indicative_release(category, sentenced, sentence)
        for person in people:
            self.contact_log(person, sentenced, events, release)

    def sentence(self, case_id: int, sentenced: date, s: dict) -> None:
        rng = self.rng
        recorded = min(sentenced + timedelta(days=rng.randint(0, 5)), self.today)
        terms = tuple(s[column] for column in SENTENCE_TERMS)
        if rng.random() < 0.01 and s["length"]:
            # Replaced on appeal: the old sentence stays in the history.
            appeal = min(sentenced + timedelta(days=rng.randint(60, 200)), self.today)
            old_terms = (s["type"], term(12 * rng.randint(2, 9)), *terms[2:])
            replaced = (stamp(recorded, rng), stamp(appeal, rng), "Reduced on appeal", recorded.isoformat())
            self.rows.sentences.append((case_id, sentenced.isoformat(), *old_terms, *replaced))
            recorded = appeal
        current = (stamp(recorded, rng), None, None, recorded.isoformat())
        self.rows.sentences.append((case_id, sentenced.isoformat(), *terms, *current))

    def people(self, case_id: int, offence: str, sentenced: date, *, contacted: bool) -> list[Person]:
        rng = self.rng
        count = rng.pick(((1, 60), (2, 30), (3, 7), (PEOPLE_PER_CASE, 3)))
        town, area = rng.choice(TOWNS)
        address, postcode = self.address(town), self.postcode(area)
        out = []
        for n in range(count):
            victim_id = (case_id - 1) * PEOPLE_PER_CASE + n + 1
            if offence in HOMICIDE:
                role = "family-spokesperson" if n == 0 and count > 1 else "bereaved-relative"
            elif offence in CHILD_VICTIM and n > 0:
                role = "parent-guardian"
            else:
                role = "victim"
            status, level = "pending", None
            if contacted and (self.today - sentenced).days > 60:
                status = rng.pick((("opted-in", 50), ("declined", 25), ("opted-out", 8), ("pending", 17)))
            elif contacted and rng.random() < 0.3:
                status = "opted-in"
            if status == "opted-in":
                level = rng.pick((("release-month", 35), ("annual", 25), ("key-stages", 40)))
            created = stamp(sentenced, rng)
            updated = (
                created
                if status == "pending"
                else stamp(min(sentenced + timedelta(days=70), self.today), rng)
            )
            needs = rng.choice(NEEDS) if rng.random() < 0.05 else None
            self.rows.victims.append(
                (
                    victim_id,
                    case_id,
                    self.name(),
                    rng.choice(TITLES),
                    role,
                    address if n == 0 or rng.random() < 0.6 else self.address(town),
                    postcode,
                    f"person{victim_id}@example.org" if rng.random() < 0.4 else None,
                    f"07700 {rng.randint(900000, 900999)}" if rng.random() < 0.6 else None,
                    rng.pick(PREFERRED_METHODS),
                    int(rng.random() < 0.03),
                    needs,
                    status,
                    level,
                    created,
                    updated,
                )
            )
            out.append(Person(victim_id, status, level))
        return out

    def events(self, case_id: int, sentenced: date, sentence: dict) -> list[tuple]:
        """Key-stage events, past and coming; each row as inserted."""
        rng = self.rng
        if rng.random() > 0.2:
            return []
        hospital = sentence["type"].endswith(("hospital-order", "direction"))
        out = []
        for k in range(rng.pick(((1, 60), (2, 30), (3, 10)))):
            event_id = (case_id - 1) * EVENTS_PER_CASE + k + 1
            if hospital:
                kind = rng.choice(HOSPITAL_EVENTS)
            else:
                kind = rng.pick(PRISON_EVENTS)
            if kind in AFTER_THE_FACT:
                when = sentenced + timedelta(days=rng.randint(90, max(90, (self.today - sentenced).days)))
                recorded = when + timedelta(days=rng.randint(0, 3))
            else:
                when = sentenced + timedelta(days=rng.randint(90, (self.today - sentenced).days + 180))
                recorded = when - timedelta(days=rng.randint(15, 120))
            if recorded > self.today or recorded < sentenced:
                continue  # not known to the unit yet, or implausible: leave it out
            row = (event_id, case_id, kind, when.isoformat(), None, recorded.isoformat())
            self.rows.events.append((*row, stamp(recorded, rng)))
            out.append(row)
        return out

    def contact_log(self, person: Person, sentenced: date, events: list[tuple], release: date | None) -> None:
        """The letters and calls an officer logged for one person."""
        rng = self.rng
        log = []
        # Officers write in the weeks before the deadline (40 working days, about 56 calendar days).
        first = sentenced + timedelta(days=rng.randint(7, 54))
        log.append((first, "letter", "out", "Initial contact letter"))
        if person.opt_status != "pending":
            reply = first + timedelta(days=rng.randint(3, 30))
            log.append((reply, "phone", "in", "Reply to the initial letter"))
        if person.opt_status == "opted-in":
            for _ in range(rng.pick(((0, 50), (1, 30), (2, 15), (3, 5)))):
                log.append((self.days_ago(0, (self.today - sentenced).days), "phone", "out", "Update call"))
            if person.contact_level == "annual":
                year = 1
                while (anniversary := _add_years(sentenced, year)) <= self.today + timedelta(days=30):
                    # Letters for the last year are sometimes late: those are overdue now.
                    missed = (self.today - anniversary).days < 365 and rng.random() < self.uncontacted
                    if not missed:
                        sent = anniversary - timedelta(days=rng.randint(0, 30))
                        log.append((sent, "letter", "out", "Annual letter"))
                    year += 1
            if release is not None:
                # Views on licence conditions are sought some months before release; those who hear of
                # it are told of the release month some weeks before. Late ones are overdue now.
                missed = (self.today - release).days < 365 and rng.random() < self.uncontacted
                if not missed:
                    views = max(sentenced, release - timedelta(days=rng.randint(80, 110)))
                    log.append((views, "letter", "out", "Views on licence conditions"))
                if not missed and hears_of(person.contact_level, "release"):
                    month = max(sentenced, release - timedelta(days=rng.randint(30, 50)))
                    log.append((month, "letter", "out", "Release month letter"))
            for _, _, kind, when, _, recorded in events:
                if hears_of(person.contact_level, kind) and rng.random() > self.uncontacted:
                    # Told between learning of it and about two weeks before it happens.
                    start = date.fromisoformat(recorded) + timedelta(days=1)
                    latest = max(start, date.fromisoformat(when) - timedelta(days=14))
                    sent = start + timedelta(days=rng.randint(0, (latest - start).days))
                    log.append((sent, "letter", "out", "Key-stage letter"))
        for day, method, direction, summary in log:
            if day <= self.today:
                row = (person.id, day.isoformat(), method, direction, summary, stamp(day, rng))
                self.rows.contacts.append(row)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def vlo_init(out: Path) -> None:
    command = [sys.executable, "-m", "vlo", "--db", str(out), "init"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"vlo init failed: {done.stderr.strip()}")


def fitted(
    conn: sqlite3.Connection, table: str, rows: list[tuple]
) -> tuple[tuple[str, ...], Iterable[tuple]]:
    """The columns of ``INSERTS[table]`` that ``table`` has, and the rows cut to them."""
    wanted = INSERTS[table]
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    required = {name for _, name, _, notnull, default, pk in info if notnull and default is None and not pk}
    if missing := required - set(wanted):
        sys.exit(
            f"the {table} table has required columns generate.py does not fill: {', '.join(sorted(missing))}"
        )
    present = {name for _, name, *_ in info}
    keep = [i for i, name in enumerate(wanted) if name in present]
    if len(keep) == len(wanted):
        return wanted, rows
    return tuple(wanted[i] for i in keep), map(itemgetter(*keep), rows)


def make_chunk(job: tuple[int, int, int, int, date, float]) -> Caseload:
    """One chunk's rows. Each chunk draws from its own seed, so the data does not depend on --workers."""
    seed, chunk, first_case, count, today, uncontacted = job
    return Generator(seed * 1_000_003 + chunk, today, uncontacted).build(first_case, count)


def insert(conn: sqlite3.Connection, rows: Caseload) -> None:
    """One chunk's rows, a table at a time, in the caller's transaction."""
    for table in INSERTS:
        columns, data = fitted(conn, table, getattr(rows, table))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, data)


def report_counts(out: Path, today: date) -> dict[str, int]:
    store = open_database(out)
    try:
        horizon = working_calendar(store).add(today, 10).isoformat()
        counts = {
            table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cases", "sentences", "victims", "contacts", "events", "deadlines")
        }
        open_rows = store.conn.execute(
            "SELECT sum(due_date < :today), sum(due_date BETWEEN :today AND :horizon), count(*) "
            "FROM deadlines WHERE met_on IS NULL",
            {"today": today.isoformat(), "horizon": horizon},
        ).fetchone()
        counts["overdue"], counts["due within 10 working days"], counts["open deadlines"] = (
            n or 0 for n in open_rows
        )
        return counts
    finally:
        store.close()


def generate(
    out: Path, cases: int, seed: int, today: date, uncontacted: float, workers: int
) -> dict[str, int]:
    """Build the database at ``out``; prints each step's time and returns the counts."""

    def step(label: str, started: float) -> float:
        now = time.perf_counter()
        print(f"  {label:<34} {now - started:7.2f} s", flush=True)
        return now

    print(f"Generating {cases:,} cases in {out} (seed {seed}, today {today})", flush=True)
    t = time.perf_counter()
    vlo_init(out)
    t = step("vlo init", t)
    jobs = [
        (seed, n, first, min(CHUNK, cases - first + 1), today, uncontacted)
        for n, first in enumerate(range(1, cases + 1, CHUNK))
    ]
    statuses: Counter[str] = Counter()
    made = written = 0.0
    store = open_database(out)
    try:
        # Nothing here needs to survive a crash: no journal, no syncs; WAL again at the end.
        store.conn.execute("PRAGMA journal_mode = OFF")
        store.conn.execute("PRAGMA synchronous = OFF")
        with multiprocessing.Pool(workers) if workers else _InProcess() as pool:
            waited = time.perf_counter()
            for rows in ahead(pool, jobs, workers + 1):
                started = time.perf_counter()
                made += started - waited
                ids = [case[0] for case in rows.cases]
                with store.write("benchmark generate"):
                    insert(store.conn, rows)
                    recompute(store, ids)
                statuses.update(v[12] for v in rows.victims)
                waited = time.perf_counter()
                written += waited - started
                print(f"\r  {ids[-1]:,} cases", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        store.conn.execute("PRAGMA journal_mode = WAL")
    finally:
        store.close()
    print(f"  {'waiting for made-up rows':<34} {made:7.2f} s")
    print(f"  {'insert and recompute':<34} {written:7.2f} s")
    t = step(f"all {len(jobs)} chunks", t)
    counts = report_counts(out, today)
    step("count", t)
    for name, n in counts.items():
        print(f"  {name:<34} {n:>9,}")
    print("  people by status: " + ", ".join(f"{k} {n:,}" for k, n in statuses.most_common()))
    print(f"  file size {out.stat().st_size / 1e6:.0f} MB")
    return counts


def ahead(pool, jobs: list, depth: int) -> Iterator[Caseload]:
    """The chunks in order, at most ``depth`` made ahead of the writer (``imap`` would queue them all:
    gigabytes at a million cases, since making up rows is faster than writing them)."""
    pending: deque = deque()
    for job in jobs:
        pending.append(pool.apply_async(make_chunk, (job,)))
        if len(pending) > depth:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class _InProcess:
    """``--workers 0``: make the chunks in this process, one at a time (for profiling)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    @staticmethod
    def apply_async(fn, args):
        class Done:
            def get(self, result=fn(*args)):
                return result

        return Done()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the database to create (must not exist unless --force)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY, help="the caseload's 'today'")
    parser.add_argument(
        "--uncontacted",
        type=float,
        default=0.002,
        help="share of older cases never contacted, and of recent letters not sent (default 0.002: "
        "a morning list of about 500 for the whole unit, 40 for one officer)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, (os.cpu_count() or 2) - 1),
        help="processes that make up rows while this one writes (default: CPUs less one; 0: none)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.force:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    elif args.out.exists():
        sys.exit(f"{args.out} exists; choose another name or pass --force")
    started = time.perf_counter()
    generate(args.out, args.cases, args.seed, args.today, args.uncontacted, args.workers)
    print(f"Done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
