"""The Parole Board (SPEC §2 "The Parole Board"; GOV.UK "Make a victim personal statement to the
Parole Board" and "Apply for a Parole Board decision to be reconsidered")."""

from __future__ import annotations

import json

import pytest


def rows(vlo, kind: str) -> list[dict]:
    return [r for r in json.loads(vlo("due --json --all").stdout) if r["kind"] == kind]


@pytest.fixture
def parole(vlo):
    vlo('case add L-1 --offender "A" --offence "Murder" --category violent')
    vlo("sentence L-1 --date 2010-03-01 --type life --tariff 15y")
    vlo('victim add L-1 --name "Ann Bee" --role bereaved-relative')
    vlo('victim add L-1 --name "Cai Dee" --role bereaved-relative')
    vlo('victim add L-1 --name "Dai Ee" --role bereaved-relative')
    vlo("victim opt-in 1 --level key-stages")
    vlo("victim opt-in 2 --level release-month")
    vlo("victim decline 3")
    return vlo


def test_a_parole_review_gives_each_opted_in_person_a_victim_statement_deadline(parole):
    # Hearing Mon 1 Sep 2025: the VPS must reach the Board 28 calendar days before, Mon 4 Aug 2025;
    # less the unit's lead time (5 working days by default) it is due Mon 28 Jul 2025.
    parole("event add L-1 --type parole-review --date 2025-09-01")
    found = rows(parole, "victim-statement")
    assert [(r["victim_id"], r["due_date"]) for r in found] == [(1, "2025-07-28"), (2, "2025-07-28")]
    assert found[0]["what"] == "Offer a victim personal statement (reach the Board by 4 Aug 2025)"
    parole("settings set vps_lead_days 0")
    assert {r["due_date"] for r in rows(parole, "victim-statement")} == {"2025-08-04"}


def test_a_hearing_learnt_of_late_is_due_at_once(parole):
    parole("event add L-1 --type parole-review --date 2025-06-20")  # 28 days before is already past
    assert {(r["due_date"], r["status"]) for r in rows(parole, "victim-statement")} == {
        ("2025-06-02", "today")
    }


def test_a_release_decision_is_told_and_shows_the_reconsideration_window(parole):
    # Decision Fri 30 May 2025: reconsideration may be asked for within 21 calendar days, to Fri 20 Jun.
    parole("event add L-1 --type release-decision --date 2025-05-30")
    recon = rows(parole, "reconsideration")
    assert [(r["victim_id"], r["due_date"]) for r in recon] == [(1, "2025-06-20"), (2, "2025-06-20")]
    assert recon[0]["what"] == "Hear the victim's view on reconsideration (window closes 20 Jun 2025)"
    # Told within the outcome period: 10 working days after 30 May is Fri 13 Jun 2025.
    told = rows(parole, "key-stage")
    assert [(r["victim_id"], r["due_date"]) for r in told] == [(1, "2025-06-13"), (2, "2025-06-13")]
    parole("contact add 1 --method phone --about reconsideration")
    assert [r["victim_id"] for r in rows(parole, "reconsideration")] == [2]
    assert [r["victim_id"] for r in rows(parole, "key-stage")] == [1, 2]


def test_the_lead_time_setting_is_checked(parole):
    assert "vps_lead_days must be a whole number" in parole.fails("settings set vps_lead_days abc")


def test_a_confirmed_release_before_the_sentence_is_refused(vlo, monkeypatch):
    # Issue 11: vlo dates REF --release 2020-01-01 on a case sentenced in 2026 was accepted.
    monkeypatch.setenv("VLO_TODAY", "2026-02-02")
    vlo('case add D-1 --offender "A" --offence "Robbery" --category violent')
    vlo("sentence D-1 --date 2026-01-05 --type sds --length 4y")
    error = vlo.fails("dates D-1 --release 2020-01-01")
    assert error == "Error: release date cannot be before the sentence date (2026-01-05)"
    assert "licence end cannot be before" in vlo.fails("dates D-1 --licence-end 2025-12-31")


def test_a_parents_contact_covers_a_child_victim_who_gets_their_own_offer_at_18(vlo):
    # SPEC §2 "Who is contacted": a parent or guardian where the victim is a child, the victim from 18.
    vlo('case add K-1 --offender "A" --offence "Wounding" --category violent')
    vlo("sentence K-1 --date 2025-03-31 --type sds --length 6y")
    vlo('victim add K-1 --name "Child Victim" --date-of-birth 2007-09-15')
    vlo('victim add K-1 --name "Parent" --role parent-guardian')
    vlo("contact add 2 --date 2025-04-10 --method meeting")
    rows = json.loads(vlo("due --json --all").stdout)
    # The parent's meeting met both initial contacts; the child turns 18 on Mon 15 Sep 2025 and is
    # owed their own offer 40 working days later (16-30 Sep: 11, Oct: 23, 3-7 Nov: 5): Mon 10 Nov 2025.
    assert [(r["victim_id"], r["due_date"], r["what"]) for r in rows if r["kind"] == "initial-contact"] == [
        (1, "2025-11-10", "Initial offer to the victim at 18 (15 Sep 2025)")
    ]


def test_closing_a_day_between_a_decision_and_the_day_it_was_learnt_of_moves_its_telling(parole):
    """The decision is told within 10 working days of the decision (SPEC §2, "The Parole Board"),
    counted from the decision's date, not from when the unit learnt of it. A day closed between
    the two lies in that count: the recompute after ``calendar close`` must find it, although the
    deadline's start (the day it was recorded) is after the closed day."""
    parole("event add L-1 --type release-decision --date 2025-05-27")  # Tue; learnt of Mon 2 Jun
    # 28, 29, 30 May, 2, 3, 4, 5, 6, 9, 10 Jun: the tenth working day is Tue 10 Jun 2025.
    assert {r["due_date"] for r in rows(parole, "key-stage")} == {"2025-06-10"}
    parole("calendar close 2025-05-29 --reason 'Training day'")
    assert {r["due_date"] for r in rows(parole, "key-stage")} == {"2025-06-11"}
