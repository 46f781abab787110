"""Indicative release dates on the case, the prison's confirmed dates, and licence conditions."""

from __future__ import annotations

import json

import pytest


def dates(vlo, ref="C-1"):
    return json.loads(vlo(f"case show {ref} --json").stdout)["dates"]


@pytest.mark.parametrize(
    ("sentence", "release", "licence_end"),
    [
        # SPEC: 2 years from 21 Sep 2013 (1/2) -> release 20 Sep 2014, licence ends 20 Sep 2015.
        ("--date 2013-09-21 --type sds --length 2y", "2014-09-20", "2015-09-20"),
        # SPEC: 3 years from 15 Dec 2012, 35 days remand, 10 days tagged bail -> 1 May 2014, 30 Oct 2015.
        (
            "--date 15/12/2012 --type sds --length 3y --remand-days 35 --tagged-bail-days 10",
            "2014-05-01",
            "2015-10-30",
        ),
    ],
)
def test_case_show_json_fills_dates_with_the_spec_examples(vlo, sentence, release, licence_end):
    vlo('case add C-1 --offender "A" --offence "Wounding" --category violent')
    vlo(f"sentence C-1 {sentence}")
    got = dates(vlo)
    assert (got["release"], got["licence_end"], got["parole_eligibility"]) == (release, licence_end, None)
    assert got["confirmed"] == []


def test_case_show_labels_the_dates_indicative(vlo, case):
    out = vlo("case show VLU-1").stdout
    assert "indicative: to be confirmed by the prison" in out


def test_confirmed_dates_win_over_computed_ones(vlo, case):
    computed = dates(vlo, "VLU-1")["release"]
    vlo("dates VLU-1 --release 2027-01-15")
    got = dates(vlo, "VLU-1")
    assert got["release"] == "2027-01-15" != computed
    assert got["confirmed"] == ["release"]
    assert "2027-01-15 (confirmed by the prison)" in vlo("case show VLU-1").stdout
    vlo('dates VLU-1 --release ""')
    assert dates(vlo, "VLU-1")["release"] == computed


def test_the_release_date_feeds_the_key_stage_deadlines(vlo):
    vlo('case add R-1 --offender "A" --offence "Robbery" --category violent')
    vlo("sentence R-1 --date 2025-01-06 --type sds --length 18m")
    vlo('victim add R-1 --name "B C" --address "1 Road"')
    vlo("victim opt-in 1 --level release-month")
    vlo("contact add 1 --date 2025-01-20 --method phone")
    # 18 months from 6 Jan 2025 ends 5 Jul 2026: 546 days, 40% (violent, under 4 years) = 219 days
    # -> release 6 Jan + 219 - 1 days = Tue 12 Aug 2025. Confirmed instead as Fri 15 Aug 2025 to check the override feeds through.
    vlo("dates R-1 --release 2025-08-15")
    rows = {r["kind"]: r for r in json.loads(vlo("due --json --all").stdout)}
    # 60 working days before Fri 15 Aug 2025 is Thu 22 May (26 May is a bank holiday); 20 before is Fri 18 Jul.
    # Issue 11: the date was learnt today (Mon 2 Jun), after 22 May: the views are due 5 working days
    # on, Mon 9 Jun, not in the past.
    assert rows["licence-views"]["due_date"] == "2025-06-09"
    assert rows["release-month"]["due_date"] == "2025-07-18"
    assert rows["release-month"]["what"] == "Tell of the release month (August 2025)"


def test_a_release_event_takes_over_the_release_month_letter(vlo):
    vlo('case add R-2 --offender "A" --offence "Robbery" --category violent')
    vlo("sentence R-2 --date 2025-01-06 --type sds --length 18m")
    vlo('victim add R-2 --name "B C"')
    vlo("victim opt-in 1 --level key-stages")
    vlo("event add R-2 --type release --date 2025-08-11")
    kinds = [r["kind"] for r in json.loads(vlo("due --json --all").stdout)]
    assert "release-month" not in kinds and "key-stage" in kinds


@pytest.fixture
def condition(vlo, case):
    assert (
        vlo(
            'condition add 1 --type exclusion-zone --details "Llandaff village, Cardiff" --date 2025-04-01'
        ).stdout
        == "1\n"
    )
    return 1


def test_a_condition_moves_through_every_step(vlo, condition):
    for step in (
        "submitted --to parole-board --date 2025-04-02",
        "agreed-with-changes --date 2025-04-20 --note 'Smaller zone'",
        "in-force --date 2025-05-01",
        "varied --date 2025-05-10",
        "suspended --date 2025-05-12",
        "in-force --date 2025-05-20",
        "ended --date 2025-05-30",
    ):
        vlo(f"condition step 1 {step}")
    listed = json.loads(vlo("condition list --json").stdout)
    assert [(c["status"], c["decision_maker"], c["last_step_on"]) for c in listed] == [
        ("ended", "parole-board", "2025-05-30")
    ]


@pytest.mark.parametrize(
    ("steps", "refused", "expected"),
    [
        (
            [],
            "agreed --date 2025-04-05",
            "a condition that is requested cannot be agreed; next can be: submitted, ended",
        ),
        (
            [],
            "submitted --date 2025-04-05",
            "submitted needs --to, one of: governor, parole-board, mhcs, tribunal",
        ),
        ([], "in-force --date 2025-04-05", "cannot be in-force"),
        (["submitted --to governor --date 2025-04-02"], "in-force --date 2025-04-05", "cannot be in-force"),
        (
            ["submitted --to governor --date 2025-04-02"],
            "refused --date 2025-03-30",
            "before the condition's last step",
        ),
        (
            ["submitted --to governor --date 2025-04-02", "refused --date 2025-04-03"],
            "in-force --date 2025-04-05",
            "next can be: submitted",
        ),
        (["ended --date 2025-04-02"], "submitted --to governor --date 2025-04-05", "next can be: nothing"),
        ([], "approved --date 2025-04-05", "step must be one of: submitted, agreed"),
        ([], "submitted --to judge --date 2025-04-05", "decision-maker must be one of"),
        ([], "submitted --to governor --date 2030-01-01", "cannot be in the future"),
    ],
)
def test_steps_out_of_order_are_refused(vlo, condition, steps, refused, expected):
    for step in steps:
        vlo(f"condition step 1 {step}")
    assert expected in vlo.fails(f"condition step 1 {refused}")


def test_an_outcome_the_victim_has_not_heard_is_due_and_gets_its_letter(vlo, condition, tmp_path):
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("condition step 1 submitted --to governor --date 2025-04-11")
    vlo("condition step 1 refused --date 2025-05-20")
    rows = [r for r in json.loads(vlo("due --json --all").stdout) if r["kind"] == "condition-outcome"]
    # 10 working days after Tue 20 May 2025 (26 May a bank holiday) is Wed 4 Jun 2025.
    assert [(r["victim_id"], r["due_date"], r["what"]) for r in rows] == [
        (1, "2025-06-04", "Tell of the decision on condition 1 (refused)")
    ]
    vlo(f"letters licence-condition-outcome --out {tmp_path}")
    text = (tmp_path / "licence-condition-outcome-000001-1.txt").read_text()
    assert (
        "The condition was not agreed." in text
        and "Llandaff village, Cardiff" in text
        and "The prison governor made this decision on 20 May 2025." in text
    )
    vlo("batch posted 1")
    assert [r for r in json.loads(vlo("due --json --all").stdout) if r["kind"] == "condition-outcome"] == []


def test_bad_condition_input(vlo, case):
    assert "condition type must be one of: non-contact, exclusion-zone, other" in vlo.fails(
        "condition add 1 --type curfew --details x"
    )
    assert "details must not be empty" in vlo.fails('condition add 1 --type other --details ""')
    assert "no person to contact with id 9" in vlo.fails("condition add 9 --type other --details x")
    assert "no condition 4" in vlo.fails("condition step 4 ended")
    assert "give at least one date" in vlo.fails("dates VLU-1")
    assert "release date is not a real date" in vlo.fails("dates VLU-1 --release 2027-02-30")


def test_a_steps_internal_note_never_reaches_the_victims_letter(vlo, condition, tmp_path):
    vlo("condition step 1 submitted --to governor --date 2025-04-11")
    note = "Governor: offender to live at 14 Elm Road, CF5 1AB; risk assessed as low (OASys)"
    vlo(["condition", "step", "1", "refused", "--date", "2025-05-20", "--note", note])
    out = tmp_path / "letters"
    vlo(f"letters licence-condition-outcome --out {out} --format html")
    for letter in out.iterdir():
        text = letter.read_text(encoding="utf-8")
        assert "Elm Road" not in text and "OASys" not in text and "Note:" not in text
    assert "The condition was not agreed." in (out / "licence-condition-outcome-000001-1.html").read_text()
