"""export victims --personal, read back by vlo import, gives the same case: every date, not just the CSV."""

from __future__ import annotations

import json

import pytest
from conftest import Vlo

CASES = {
    # An extended sentence: the extension moves the licence end four years.
    "EDS-1": "sentence EDS-1 --date 2024-05-10 --type eds --length 6y --extension 4y --remand-days 20",
    # Life with a tariff: the tariff is the parole date.
    "LIFE-1": "sentence LIFE-1 --date 2023-01-16 --type life --tariff 15y",
    # Consecutive and concurrent terms, unlawfully at large and added days.
    "SDS-1": (
        "sentence SDS-1 --date 2024-09-02 --type sds --length 3y --consecutive 1y --concurrent 18m "
        "--ual-days 12 --added-days 21 --tagged-bail-days 30"
    ),
    # Dates the prison confirmed win over vlo's own.
    "CONF-1": "sentence CONF-1 --date 2024-02-05 --type sds --length 5y",
}
VOLATILE = {"recorded_at", "replaced_at", "created_at", "updated_at", "id", "victim_id"}


def stable(value):
    """``case show --json`` less what a new database cannot keep: row ids and clock times."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


@pytest.fixture
def sentenced(vlo: Vlo) -> Vlo:
    for ref, sentence in CASES.items():
        vlo(f"case add {ref} --offender 'Sam Roe' --offence Wounding --category violent --court Leeds")
        vlo(f"victim add {ref} --name 'Siân O''Neil' --address '1 High Street, Leeds' --postcode 'LS1 1AA'")
        vlo(sentence)
    # A child victim (their own offer at 18) whose letters go in Welsh, in large print.
    vlo(
        "victim add SDS-1 --name 'Ifan Roe' --address '2 High Street, Leeds' --postcode 'LS1 1AA' "
        "--date-of-birth 2012-02-29 --language cy --format large-print"
    )
    vlo("dates CONF-1 --release 2026-03-02 --licence-end 2029-02-01")
    # The case facts the release rules read (registration, listed offence, 40% exclusion, birth date).
    vlo(
        "case edit SDS-1 --no-sex-offender-registration --listed-offence --forty-percent-excluded "
        "--offender-dob 1990-05-06 --not-schedule-15b"
    )
    return vlo


def test_every_date_survives_export_and_import(sentenced: Vlo, tmp_path):
    exported = tmp_path / "victims.csv"
    sentenced(f"export victims --personal --out {exported}")
    fresh = Vlo(tmp_path / "fresh.db")
    fresh("init")
    fresh(f"import {exported}")
    for ref in CASES:
        before = json.loads(sentenced(f"case show {ref} --json --personal").stdout)
        after = json.loads(fresh(f"case show {ref} --json --personal").stdout)
        assert stable(after) == stable(before), ref
    # The facts themselves, not only the dates drawn from them.
    eds = json.loads(fresh("case show EDS-1 --json").stdout)
    assert (eds["sentence"]["extension"], eds["sentence"]["remand_days"]) == ("4y", 20)
    assert json.loads(fresh("case show LIFE-1 --json").stdout)["dates"]["parole_eligibility"] is not None
    sds = json.loads(fresh("case show SDS-1 --json").stdout)["sentence"]
    assert (sds["consecutive"], sds["concurrent"], sds["ual_days"], sds["added_days"]) == (
        ["1y"],
        ["18m"],
        12,
        21,
    )
    facts = json.loads(fresh("case show SDS-1 --json --personal").stdout)
    assert (facts["sex_offender_registration"], facts["listed_offence"], facts["offender_dob"]) == (
        False,
        True,
        "1990-05-06",
    )
    assert facts["schedule_15"] is None  # not recorded stays not recorded
    assert json.loads(fresh("case show CONF-1 --json").stdout)["dates"]["confirmed"] == [
        "licence_end",
        "release",
    ]
    child = [
        p
        for p in json.loads(fresh("case show SDS-1 --json --personal").stdout)["victims"]
        if p["name"] == "Ifan Roe"
    ]
    assert [(p["date_of_birth"], p["language"], p["format"]) for p in child] == [
        ("2012-02-29", "cy", "large-print")
    ]
    # And the re-export is the same file, deadlines included (the child's offer at 18 among them).
    assert "Initial offer to the victim at 18 (1 Mar 2030)" in fresh("due --all --csv").stdout
    assert fresh("export victims --personal").stdout == exported.read_text(encoding="utf-8")
    assert fresh("due --all --json").stdout.replace('"victim_id": ', "") == sentenced(
        "due --all --json"
    ).stdout.replace('"victim_id": ', "")


def test_a_confirmed_date_without_a_sentence_is_refused(vlo: Vlo, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone,confirmed_release\n"
        "N-1,Ann Bee,Robbery,violent,,,,Cai Dee,1 Stryd Fawr,LL57 1AA,,,2026-01-05\n",
        encoding="utf-8",
    )
    out = vlo(f"import {path}", ok=False)
    assert "line 2: confirmed_release needs a sentence on the row" in out.stderr


def test_a_column_vlo_does_not_read_is_refused_not_dropped(vlo: Vlo, tmp_path):
    """A misspelt column (victim_nmae) was dropped without a word, and with it what it held."""
    path = tmp_path / "c.csv"
    path.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone,victim_date_of_brith,unit notes\n"
        "N-1,Ann Bee,Robbery,violent,2025-04-01,sds,2y,Cai Dee,1 Stryd Fawr,LL57 1AA,,,2012-02-29,x\n",
        encoding="utf-8",
    )
    for check in ("--check", ""):
        assert vlo.fails(f"import {path} {check}") == (
            "Error: c.csv has columns vlo does not read: 'victim_date_of_brith', 'unit notes'; "
            "rename or remove them (the README's vlo import section lists the columns)"
        )
    assert "No cases" in vlo("case list").stdout + vlo("case list").stderr


def test_a_misspelt_required_column_is_named_beside_the_one_missing(vlo: Vlo, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_nmae,"
        "victim_address,victim_postcode,victim_email,victim_phone\n"
        "N-1,Ann Bee,Robbery,violent,2025-04-01,sds,2y,Cai Dee,1 Stryd Fawr,LL57 1AA,,\n",
        encoding="utf-8",
    )
    assert vlo.fails(f"import {path}") == (
        "Error: c.csv lacks the columns: victim_name (and has columns vlo does not read: 'victim_nmae')"
    )
