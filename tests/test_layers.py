"""The layers: services tested without the command line, and the schema's version tied to its list."""

from __future__ import annotations

from datetime import date

import pytest

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


def test_due_lists_with_the_contract_fields(store):
    cases.add_case(store, CASE)
    cases.record_sentence(store, "S-1", SENTENCE, appeal=None)
    people.add_person(store, "S-1", {"name": "C D", "role": "victim"})
    from vlo.service.deadlines import due

    found = due(store, today=date(2025, 5, 30), within=10)
    assert [(r["kind"], r["due_date"], r["working_days_left"], r["status"]) for r in found.rows] == [
        ("initial-contact", "2025-05-30", 0, "today")
    ]
