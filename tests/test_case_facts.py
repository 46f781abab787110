"""The case facts the release rules read, the rule named on case show, and sentences no court could pass."""

import json


def test_case_show_names_the_rule_and_the_facts_recorded(vlo):
    vlo(
        'case add F-1 --offender "A B" --offence "Wounding" --category violent --offence-date 2023-05-01 '
        "--no-sex-offender-registration --offender-dob 1990-01-01"
    )
    # Sentenced 1 Aug 2024 to 2 years (under 5): being served on 10 Sep 2024, so 40% release
    # in tranche 1 (SI 2024/931; SPEC §2 "40% ... for every sentence being served when the change commenced").
    vlo("sentence F-1 --date 2024-08-01 --type sds --length 2y")
    data = json.loads(vlo("case show F-1 --json --personal").stdout)
    assert data["sex_offender_registration"] is False
    assert data["listed_offence"] is None
    assert data["offender_dob"] == "1990-01-01"
    assert "tranche 1" in data["dates"]["rule"]
    assert "Rule" in vlo("case show F-1").stdout


def test_a_terrorism_case_is_statutory_only_when_in_the_acts_lists(vlo):
    vlo('case add T-1 --offender "A B" --offence "Preparation of terrorist acts" --category terrorism')
    vlo("sentence T-1 --date 2025-01-06 --type sds --length 5y")
    assert json.loads(vlo("case show T-1 --json").stdout)["eligibility"] == "review"
    vlo("case edit T-1 --schedule-15")
    assert json.loads(vlo("case show T-1 --json").stdout)["eligibility"] == "statutory"


def test_absurd_sentences_and_dates_are_refused(vlo):
    vlo('case add A-1 --offender "A B" --offence "Wounding" --category violent')
    assert "remand days" in vlo.fails(
        "sentence A-1 --date 2025-01-06 --type sds --length 10d --remand-days 5000"
    )
    vlo("sentence A-1 --date 2025-01-06 --type sds --length 2y")
    assert vlo.fails("dates A-1 --release 2020-01-01") == (
        "Error: release date cannot be before the sentence date (2025-01-06)"
    )
    assert "licence end" in vlo.fails("dates A-1 --licence-end 2024-01-01")


def test_an_import_row_with_an_absurd_sentence_is_refused_with_its_line(vlo, tmp_path):
    # The same rule as vlo sentence (issue 14, item 7): remand cannot be longer than the term.
    header = (
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone,remand_days\n"
    )
    row = "I-1,A B,Wounding,violent,2025-01-06,sds,10d,C D,1 High St,LS1 1AA,,,5000\n"
    path = tmp_path / "in.csv"
    path.write_text(header + row, encoding="utf-8")
    out = vlo(f"import {path}", ok=False)
    assert out.exit_code == 1
    assert "line 2: remand days" in out.stderr
    assert vlo("case list --json").stdout == "[]\n"
