"""What the victim said, and who people are, leave vlo only with --personal (red-team review, item 1).

The README's export table stars the personal columns; listings and `show --json` follow the same
rule as `vlo export`: what the victim said (a contact summary, a condition's details, a breach
summary) is printed only with --personal, in a table too; names and contact details are on screen,
but in --json and --csv (the copies that travel) only with --personal.
"""

from __future__ import annotations

import json

import pytest

SAID = "Not to enter Oak Road, where she now lives"
TOLD = "She said he phoned from a withheld number"


@pytest.fixture
def told(vlo, case):
    vlo(f'contact add 1 --date 2025-04-10 --method phone --summary "{TOLD}"')
    vlo(f'condition add 1 --type exclusion-zone --details "{SAID}" --date 2025-04-10')
    return vlo


@pytest.mark.parametrize("fmt", ["", "--csv", "--json"])
def test_contact_list_keeps_what_was_said_for_personal(told, fmt):
    assert TOLD not in told(f"contact list {fmt}").stdout
    assert "summary" not in told(f"contact list {fmt}").stdout.lower()
    assert TOLD in told(f"contact list {fmt} --personal").stdout


@pytest.mark.parametrize("fmt", ["", "--csv", "--json"])
def test_condition_list_keeps_the_details_for_personal(told, fmt):
    assert "Oak Road" not in told(f"condition list {fmt}").stdout
    assert "Oak Road" in told(f"condition list {fmt} --personal").stdout


def test_condition_list_json_without_personal_has_no_details_key(told):
    (row,) = json.loads(told("condition list --json").stdout)
    assert "details" not in row and row["type"] == "exclusion-zone"


@pytest.mark.parametrize("fmt", ["", "--json"])
def test_condition_show_keeps_the_details_for_personal(told, fmt):
    assert "Oak Road" not in told(f"condition show 1 {fmt}").stdout
    assert "Oak Road" in told(f"condition show 1 {fmt} --personal").stdout


@pytest.mark.parametrize("fmt", ["--csv", "--json"])
def test_victim_list_machine_output_has_no_names_without_personal(told, fmt):
    out = told(f"victim list {fmt}").stdout
    assert "Siân" not in out and "CF10 1AA" not in out
    assert "Siân" in told(f"victim list {fmt} --personal").stdout
    # On screen the officer still sees who is who.
    assert "Siân O'Neil" in told("victim list").stdout


@pytest.mark.parametrize("fmt", ["--csv", "--json"])
def test_case_list_machine_output_has_no_offender_without_personal(told, fmt):
    assert "John Doe" not in told(f"case list {fmt}").stdout
    assert "John Doe" in told(f"case list {fmt} --personal").stdout
    assert "John Doe" in told("case list").stdout


def test_case_show_json_leaves_personal_details_out_without_personal(told):
    told("case edit VLU-1 --prison-number A1234BC")
    out = told("case show VLU-1 --json").stdout
    for secret in ("John Doe", "A1234BC", "Siân", "Heol y Llan", "CF10 1AA", "Oak Road"):
        assert secret not in out
    data = json.loads(out)
    assert data["eligibility"] == "statutory" and data["victims"][0]["role"] == "victim"
    full = told("case show VLU-1 --json --personal").stdout
    for secret in ("John Doe", "A1234BC", "Siân", "CF10 1AA", "Oak Road"):
        assert secret in full


def test_case_show_on_screen_keeps_condition_details_for_personal(told):
    assert "Oak Road" not in told("case show VLU-1").stdout
    assert "Oak Road" in told("case show VLU-1 --personal").stdout


def test_victim_show_keeps_what_was_said_for_personal(told):
    assert TOLD not in told("victim show 1").stdout
    assert TOLD in told("victim show 1 --personal").stdout
    out = told("victim show 1 --json").stdout
    assert TOLD not in out and "Siân" not in out and "Heol y Llan" not in out
    data = json.loads(out)
    assert data["contacts"][0]["method"] == "phone"
    assert TOLD in told("victim show 1 --json --personal").stdout


NOTED = "Zone reduced to Llandaff village, near her new flat"


@pytest.mark.parametrize("fmt", ["", "--json"])
def test_a_condition_steps_note_is_kept_for_personal(told, fmt):
    # The red-team's leftover: a step's note can say where the victim lives, as the details do.
    told(f'condition step 1 submitted --to governor --date 2025-04-11 --note "{NOTED}"')
    assert "Llandaff" not in told(f"condition show 1 {fmt}").stdout
    assert "Llandaff" in told(f"condition show 1 {fmt} --personal").stdout


@pytest.mark.parametrize("command", ["event list", "event list --csv", "event list --json", "case show VLU-1",
                                     "case show VLU-1 --json"])  # fmt: skip
def test_an_events_note_is_kept_for_personal(told, command):
    told(f'event add VLU-1 --type parole-review --date 2025-09-01 --note "{NOTED}"')
    assert "Llandaff" not in told(command).stdout
    assert "Llandaff" in told(f"{command} --personal").stdout
