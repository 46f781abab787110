"""The layers: services tested without the command line, and the schema's version tied to its list."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlo.errors import VloError
from vlo.service import cases, people
from vlo.service.work import unit_of_work
from vlo.storage import SCHEMA_VERSION, open_database
from vlo.storage.migrations import MIGRATIONS


@pytest.fixture
def store(tmp_path):
    """A fresh database, opened as the services see it (sqlite-utils' ``fresh_db``, llm's ``db_factory``)."""
    from vlo.service import database

    path = tmp_path / "vlo.db"
    database.create(path)
    opened = open_database(path)
    yield opened
    opened.close()


CASE = {"ref": "S-1", "offender": "A B", "offence": "Wounding", "category": "violent"}
SENTENCE = {
    "date": "2025-03-31",
    "type": "sds",
    "length": "4y",
    "consecutive": "",
    "concurrent": "",
    "extension": None,
    "tariff": None,
    "remand_days": 0,
    "tagged_bail_days": 0,
    "ual_days": 0,
    "added_days": 0,
    "recorded_on": "2025-04-01",
}


def test_the_schema_version_is_the_number_of_migrations(store):
    assert SCHEMA_VERSION == len(MIGRATIONS)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_every_write_leaves_the_touched_cases_deadlines_current(store):
    # SPEC §2 worked example: Mon 31 Mar 2025 + 40 working days = Fri 30 May 2025.
    cases.add_case(store, CASE)
    cases.record_sentence(store, "S-1", SENTENCE, appeal=None)
    added = people.add_person(store, "S-1", {"name": "C D", "role": "victim"})
    due = store.conn.execute("SELECT kind, due_date, met_on FROM deadlines WHERE victim_id = ?", (added.id,))
    assert [tuple(r) for r in due] == [("initial-contact", "2025-05-30", None)]
    people.add_contact(
        store, added.id, {"date": "2025-04-02", "method": "phone", "direction": "out", "summary": None}
    )
    met = store.conn.execute("SELECT met_on FROM deadlines WHERE victim_id = ?", (added.id,)).fetchone()[0]
    assert met == "2025-04-02"


def test_a_failed_unit_of_work_writes_nothing(store):
    cases.add_case(store, CASE)
    before = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(VloError), unit_of_work(store, "test") as work:
        store.update_case(1, {"officer": "X"})
        work.touch(1)
        raise VloError("stop")
    assert store.case("S-1")["officer"] is None
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_a_sentence_before_the_offence_is_refused_by_the_service(store):
    cases.add_case(store, {**CASE, "offence_date": "2025-04-10"})
    with pytest.raises(VloError, match="sentence date is before the offence date"):
        cases.record_sentence(store, "S-1", SENTENCE, appeal=None)
    assert store.current_sentence(store.case("S-1")["id"]) is None


@given(
    sentenced=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    referred=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))),
)
def test_the_referral_and_sentence_check_refuses_exactly_a_referral_before_sentence(sentenced, referred):
    # SPEC §2: the police refer a case within 10 working days *of sentence*; a referral on the day of
    # sentence or later is accepted, none is needed, and an earlier one is refused, naming the field.
    case = {"offence_date": None, "referral_date": referred and referred.isoformat()}
    if referred is not None and referred < sentenced:
        with pytest.raises(VloError, match="^referral date must be on or after the sentence date"):
            cases.check_case_dates(case, sentenced.isoformat())
    else:
        cases.check_case_dates(case, sentenced.isoformat())


def test_due_lists_with_the_contract_fields(store):
    cases.add_case(store, CASE)
    cases.record_sentence(store, "S-1", SENTENCE, appeal=None)
    people.add_person(store, "S-1", {"name": "C D", "role": "victim"})
    from vlo.service.deadlines import due

    found = due(store, today=date(2025, 5, 30), within=10)
    assert [(r["kind"], r["due_date"], r["working_days_left"], r["status"]) for r in found.rows] == [
        ("initial-contact", "2025-05-30", 0, "today")
    ]


class _Watched(dict):
    """A row that records which columns were read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)


@pytest.mark.parametrize("category", ["violent", "terrorism"])
def test_the_recompute_remembers_a_verdict_by_every_column_eligibility_reads(category):
    """The recompute works a verdict out once per distinct ``eligibility_inputs``: if eligibility
    read a column the key leaves out, two cases differing only there would share a wrong verdict."""
    case = _Watched(
        {**CASE, "category": category, "discretionary_reason": None, "schedule_15": 1, "officer": "x"}
    )
    sentence = _Watched({**SENTENCE, "concurrent": "18m", "consecutive": "6m", "extension": "1y"})
    cases.eligibility(case, sentence)
    keyed_case = {
        k
        for k in case
        if cases.eligibility_inputs({**case, k: "changed"}, sentence)
        != cases.eligibility_inputs(case, sentence)
    }
    keyed_sentence = {
        k
        for k in sentence
        if cases.eligibility_inputs(case, {**sentence, k: "changed"})
        != cases.eligibility_inputs(case, sentence)
    }
    assert case.read <= keyed_case
    assert sentence.read <= keyed_sentence


def test_the_recompute_reads_every_case_column_the_rules_read(store):
    """The recompute fetches only ``RULE_CASE_COLUMNS`` of each case. The release rules read the
    case with ``.get``, so a column left out would read as missing, not fail: every fact the rules
    read (a listed offence, the offender's age, Schedule 15) would silently be ignored."""
    from vlo.storage.deadlines import RULE_CASE_COLUMNS

    with unit_of_work(store, "test"):
        store.add_case(dict(CASE))
    case = _Watched(store.conn.execute("SELECT * FROM cases").fetchone())
    for category in ("violent", "terrorism"):
        case["category"] = category
        cases.eligibility(case, _Watched(SENTENCE))
        cases.release_dates(case, _Watched(SENTENCE))
    assert case.read <= set(RULE_CASE_COLUMNS)
    assert {"listed_offence", "offender_dob", "schedule_15", "schedule_15b"} <= case.read
