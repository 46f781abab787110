"""A case whose eligibility needs an officer's decision stays on the morning list until it is made.

SPEC §2: "When the only route to 12 months is adding consecutive terms, the case needs a human
decision: flag it for review rather than decide." Before, a review case got no deadline at all: the
morning list said "Nothing due" while the 40 working days ran.
"""

from __future__ import annotations

import json
from datetime import date

from vlo.domain.deadlines import SCHEME_DECISION, CaseFacts, Person, case_deadlines
from vlo.domain.scheme import REVIEW
from vlo.domain.workdays import WorkingCalendar, bank_holidays


def due(vlo) -> list[tuple]:
    rows = json.loads(vlo("due --json --all --today 2025-06-02").stdout)
    return [(r["case_ref"], r["victim_id"], r["kind"], r["due_date"], r["what"]) for r in rows]


def terrorism_case(vlo) -> None:
    vlo('case add T-1 --offender "A B" --offence "Preparation of terrorist acts" --category terrorism')
    vlo("sentence T-1 --date 2025-03-31 --type sds --length 3y")
    vlo('victim add T-1 --name "Ann Lee" --address "1 High St"')
    vlo('victim add T-1 --name "Bob Lee" --address "1 High St"')


def test_a_terrorism_case_not_yet_checked_is_due_a_decision_until_the_officer_decides(vlo):
    terrorism_case(vlo)
    # Mon 31 Mar 2025 + 10 working days = Mon 14 Apr 2025; on 2 Jun it is overdue, for each person.
    decision = "Decide if the case is in the scheme (review)"
    assert due(vlo) == [
        ("T-1", 1, SCHEME_DECISION, "2025-04-14", decision),
        ("T-1", 2, SCHEME_DECISION, "2025-04-14", decision),
    ]
    assert "Nothing due" not in vlo("due --today 2025-06-02").stdout
    vlo("case edit T-1 --schedule-15")  # in the Act's lists: statutory, and the initial contact is due
    assert [r[2:4] for r in due(vlo)] == [("initial-contact", "2025-05-30")] * 2
    vlo("case edit T-1 --not-schedule-15")  # outside them: not in the scheme, nothing due
    assert due(vlo) == []


def test_a_sentence_reaching_12_months_only_by_consecutive_terms_waits_for_the_decision(vlo):
    vlo('case add C-1 --offender "A B" --offence "Assault" --category violent')
    vlo("sentence C-1 --date 2025-03-31 --type sds --length 8m --consecutive 8m")
    vlo('victim add C-1 --name "Ann Lee" --address "1 High St"')
    assert [r[2] for r in due(vlo)] == [SCHEME_DECISION]
    vlo('case edit C-1 --discretionary "Consecutive terms of 16 months; the officer takes it"')
    assert [r[2] for r in due(vlo)] == ["initial-contact"]


def test_someone_who_declined_is_not_waiting_on_the_decision(vlo):
    terrorism_case(vlo)
    vlo("victim decline 2")
    assert [r[1] for r in due(vlo)] == [1]


def test_a_closed_day_moves_the_decision_as_a_recompute_from_scratch_would(vlo):
    from vlo.service.deadlines import recompute
    from vlo.storage import open_database

    terrorism_case(vlo)
    vlo('calendar close 2025-04-03 --reason "Training day"')  # between the sentence and the decision
    assert [r[3] for r in due(vlo)] == ["2025-04-15"] * 2
    store = open_database(vlo.db)
    before = store.conn.execute("SELECT * FROM deadlines ORDER BY id").fetchall()
    with store.write("test"):
        recompute(store, None)
    assert store.conn.execute("SELECT * FROM deadlines ORDER BY id").fetchall() == before
    store.close()


def test_the_rule_gives_the_decision_alone_and_only_when_asked_for_its_kind():
    calendar = WorkingCalendar(bank_holidays(2024, 2030), 2020, 2060)
    people = (Person(7, "opted-in", "key-stages", ()), Person(8, "opted-out", None, ()))
    facts = CaseFacts(3, REVIEW, True, date(2025, 3, 31), people=people)
    found = case_deadlines(facts, calendar)
    assert [(d.victim_id, d.kind, d.due) for d in found] == [(7, SCHEME_DECISION, date(2025, 4, 14))]
    assert case_deadlines(facts, calendar, kinds={"initial-contact"}) == []
    assert case_deadlines(CaseFacts(3, REVIEW, False, date(2025, 3, 31), people=people), calendar) == []


def test_deadlines_stored_by_older_rules_are_recomputed_by_the_first_command_of_a_new_vlo(vlo, case):
    # Rules change between versions (here: every level now hears of an escape). Stored deadlines are
    # only recomputed when something touches their case, so an upgraded vlo would show the old
    # rules' list until then: the first command recomputes every case once.
    import sqlite3

    vlo("victim opt-in 1 --level annual")
    vlo("event add VLU-1 --type escape --date 2025-05-20")
    escape = ("VLU-1", 1, "key-stage")
    conn = sqlite3.connect(vlo.db)
    with conn:  # as an older vlo left it: no deadline for an annual-level person, older rules' version
        conn.execute("DELETE FROM deadlines WHERE kind = 'key-stage'")
        conn.execute("UPDATE settings SET value = '1' WHERE key = 'deadlines.rules_version'")
    conn.close()
    out = vlo("due --json --today 2025-06-02")
    assert "Deadlines recomputed by this version of vlo's rules" in out.stderr
    assert escape in {(r["case_ref"], r["victim_id"], r["kind"]) for r in json.loads(out.stdout)}
    again = vlo("due --json --today 2025-06-02")
    assert again.stderr == "" and again.stdout == out.stdout
