"""SPEC §5 "Bad input": one Error line naming the field, a non-zero exit, an unchanged database."""

from __future__ import annotations

import pytest

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "sentence VLU-1 --date 31/02/2025 --type sds --length 2y --appeal x",
            "Error: sentence date is not a real date; give a date like 2025-03-31 or 31/03/2025 (day first)",
        ),
        (
            "sentence VLU-1 --date 2025-13-01 --type sds --length 2y --appeal x",
            "sentence date is not a real date",
        ),
        ("sentence VLU-1 --date 2024 --type sds --length 2y --appeal x", "sentence date must be a date like"),
        (
            "sentence VLU-1 --date 20240105 --type sds --length 2y --appeal x",
            "sentence date must be a date like",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length 0m --appeal x",
            "Error: length must be longer than zero, like 18m, 2y6m, 4y or 120d",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length abc --appeal x",
            "Error: length must be like 18m, 2y6m, 4y or 120d (years y, months m, days d)",
        ),
        (
            "sentence VLU-1 --date 2025-04-01 --type prison --length 2y --appeal x",
            "Error: sentence type must be one of: sds, sds-plus, eds, dto, life, ipp, detention, hospital-order, "
            "restricted-hospital-order, hospital-direction, transfer-direction, suspended, community",
        ),
        ("sentence VLU-1 --date 2025-04-01 --type sds --appeal x", "length is required for sds"),
        (  # letters said "a life sentence of 18 years": a life sentence's term is its minimum term
            "sentence VLU-1 --date 2025-04-01 --type life --length 18y --appeal x",
            "Error: length does not apply to a life sentence: give the minimum term with --tariff, like 18y",
        ),
        (
            "sentence VLU-1 --date 2024-10-01 --type sds --length 2y --appeal x",
            "Error: sentence date is before the offence date; check both dates",
        ),
        ("sentence VLU-1 --date 2030-01-01 --type sds --length 2y --appeal x", "cannot be in the future"),
        (
            "sentence VLU-1 --date 2025-04-01 --type sds --length 2y --remand-days -3 --appeal x",
            "remand days",
        ),
        ("sentence NOPE --date 2025-04-01 --type sds --length 2y", "Error: no case with reference NOPE"),
        (
            'case add VLU-1 --offender "A" --offence "B" --category violent',
            "Error: case reference VLU-1 already exists; choose another reference",
        ),
        (
            'case add VLU-9 --offender "" --offence "B" --category violent',
            "Error: offender must not be empty",
        ),
        (
            'case add VLU-9 --offender "   " --offence "B" --category violent',
            "Error: offender must not be empty",
        ),
        (
            'case add VLU-9 --offender "A" --offence "B" --category burglary',
            "Error: category must be one of: violent, sexual, terrorism, other",
        ),
        ('case add VLU-9 --offender "A" --offence "B"', "category is required"),
        ('case add "bad ref" --offender "A" --offence "B" --category violent', "case reference must be"),
        ('victim add VLU-1 --name ""', "Error: name must not be empty"),
        ("victim add VLU-1", "Error: name is required"),
        (
            'victim add VLU-1 --name "A" --role cousin',
            "Error: role must be one of: victim, bereaved-relative, family-spokesperson, parent-guardian",
        ),
        (
            'victim add VLU-1 --name "A" --postcode 12345',
            "Error: postcode must be a UK postcode like CF10 1AA",
        ),
        ('victim add VLU-1 --name "A" --email nope', "email must look like"),
        ('victim add NOPE --name "A"', "Error: no case with reference NOPE"),
        (
            "victim opt-in 1 --level weekly",
            "Error: contact level must be one of: release-month, annual, key-stages",
        ),
        ("victim opt-in 99 --level annual", "Error: no person to contact with id 99"),
        ("contact add 1 --date 2025-04-31 --method phone", "contact date is not a real date"),
        (
            "contact add 1 --date 2025-04-01 --method pigeon",
            "Error: method must be one of: letter, phone, email, meeting, visit",
        ),
        ("contact add 99 --date 2025-04-01 --method phone", "no person to contact with id 99"),
        ("case edit VLU-1", "nothing to change"),
        ("case show NOPE", "no case with reference NOPE"),
    ],
)
def test_bad_input_is_refused_in_one_line(vlo, case, command, expected):
    error = vlo.fails(command)
    assert error.startswith("Error: ") and expected in error


@pytest.mark.parametrize(
    "command",
    [
        ["case", "add", "VLU-9", "--offender", HUGE, "--offence", "B", "--category", "violent"],
        ["victim", "add", "VLU-1", "--name", HUGE],
        ["contact", "add", "1", "--method", "phone", "--summary", HUGE],
        ["case", "edit", "VLU-1", "--court", HUGE],
        ["case", "show", HUGE],
    ],
)
def test_a_field_of_100000_characters_is_refused_without_echoing_it(vlo, case, command):
    error = vlo.fails(command)
    assert len(error) < 200


def test_uk_dates_are_day_first(vlo, case):
    import json

    vlo('sentence VLU-1 --date 03/04/2025 --type sds --length 2y --appeal "fix"')
    assert json.loads(vlo("case show VLU-1 --json").stdout)["sentence"]["date"] == "2025-04-03"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("due --within abc", "Error: Invalid value for '--within': 'abc' is not a valid int."),
        ("victim show abc", "Error: Invalid value for 'ID': 'abc' is not a valid int."),
        ("case show", "Error: Missing argument 'REF'."),
        ("case add X-1 --colour red", "Error: No such option: --colour (Possible options: --court)"),
        ('victim add VLU-1 --name "A" --postcode LS1 1AA', "Error: Got unexpected extra argument(s) (1AA)"),
    ],
)
def test_usage_mistakes_are_one_line_too(vlo, case, command, expected):
    assert vlo.fails(command) == expected


def test_case_references_ignore_case(vlo, case):
    assert "already exists" in vlo.fails('case add vlu-1 --offender "A" --offence "B" --category violent')
    assert vlo("case show vlu-1 --json").stdout


def test_an_event_before_the_sentence_is_refused(vlo, case):
    assert "event date is before the sentence date" in vlo.fails(
        "event add VLU-1 --type release --date 2020-01-01"
    )


REFERRAL_REFUSED = "Error: referral date must be on or after the sentence date (2025-03-31); check both dates"


def test_a_referral_before_the_sentence_is_refused_whichever_is_entered_second(vlo, case, tmp_path):
    # SPEC §2 (Victims' Code 2020 clock): the police refer a case "within 10 working days of sentence",
    # then contact is due 20 working days after the referral. A referral dated before the sentence
    # started that clock before the sentence: the reviewer's case got an initial contact due before
    # the clock could start. The case fixture VLU-1 is sentenced on 31 Mar 2025.
    assert vlo.fails("case edit VLU-1 --referral-date 2025-01-02") == REFERRAL_REFUSED
    vlo("case edit VLU-1 --referral-date 2025-03-31")  # on the day of sentence: accepted
    # The sentence entered second: a new sentence, and a sentence replaced on appeal.
    vlo('case add VLU-2 --offender "A B" --offence "Wounding" --category violent --referral-date 2025-03-28')
    assert vlo.fails("sentence VLU-2 --date 2025-03-31 --type sds --length 2y") == REFERRAL_REFUSED
    vlo("case edit VLU-1 --referral-date 2025-04-01")
    refused = vlo.fails("sentence VLU-1 --date 2025-04-02 --type sds --length 3y --appeal x")
    assert refused == REFERRAL_REFUSED.replace("2025-03-31", "2025-04-02")
    # vlo import: the same rule on the row (the shared check in service/intake.py).
    rows = tmp_path / "referrals.csv"
    rows.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,referral_date,"
        "victim_name,victim_address,victim_postcode,victim_email,victim_phone\n"
        "N-1,Ann Bee,Robbery,violent,2025-03-31,sds,2y,2025-01-02,Cai Dee,1 High St,LL57 1AA,,\n",
        encoding="utf-8",
    )
    before = vlo.fingerprint()
    out = vlo(f"import {rows}", ok=False)
    assert out.exit_code != 0 and vlo.fingerprint() == before
    assert out.stderr.splitlines()[0] == "line 2: " + REFERRAL_REFUSED.removeprefix("Error: ")


def _too_many(lines: int) -> str:
    return (
        "Error: address can have at most 6 lines with the postcode, as many as a letter's window shows "
        f"below the name (a comma or a line break starts a line): this one has {lines}"
    )


def test_an_address_a_letter_cannot_show_is_refused_at_entry(vlo, case, tmp_path):
    # GOV.UK Notify letters take the name and six address lines (SPEC §4 "Letters on paper";
    # vlo/letters/markup.py ADDRESS_MAX_LINES): the reviewer's 9-line address was accepted here and
    # later stopped a whole letters batch. Refused by victim add, victim edit and vlo import alike.
    nine = "Flat 1, Block 2, The Court, 3 Long Road, Old Village, Newtown, Bigshire, Wales"
    assert vlo.fails(
        ["victim", "add", "VLU-1", "--name", "A B", "--address", nine, "--postcode", "CF10 1AA"]
    ) == (_too_many(9))
    assert vlo.fails(["victim", "edit", "1", "--address", nine]) == _too_many(9)
    # Six lines alone fit, but not with the postcode already stored for person 1 (CF10 1AA).
    six = "Flat 1, Block 2, 3 Long Road, Old Village, Newtown, Caerdydd"
    assert vlo.fails(["victim", "edit", "1", "--address", six]) == _too_many(7)
    vlo(["victim", "edit", "1", "--address", six, "--postcode", ""])
    assert vlo.fails(["victim", "edit", "1", "--postcode", "CF10 1AA"]) == _too_many(7)
    rows = tmp_path / "people.csv"
    rows.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,"
        "victim_name,victim_address,victim_postcode,victim_email,victim_phone\n"
        f'N-1,Ann Bee,Robbery,violent,2025-03-31,sds,2y,Cai Dee,"{nine}",LL57 1AA,,\n',
        encoding="utf-8",
    )
    before = vlo.fingerprint()
    out = vlo(f"import {rows}", ok=False)
    assert out.exit_code != 0 and vlo.fingerprint() == before
    assert out.stderr.splitlines()[0] == "line 2: " + _too_many(9).removeprefix("Error: ")
