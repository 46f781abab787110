"""vlo's indicative dates against the Ministry of Justice's own calculator (issue 12).

Each row of ``data/moj_release_cases.csv`` is one single-sentence fixture from
ministryofjustice/calculate-release-dates-api (the row cites its path): the booking's facts in, the
official dates out (CRD/ARD/MTD as release, SLED/LED as licence end, PED, HDCED). Rebuild it with
``data/build_moj_release_cases.py``. Where vlo differs on purpose, ``data/moj_release_deviations.csv``
names the fixture, the date and the reason; those dates are asserted to differ, so a deviation that
stops being one is noticed.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from vlo.domain.release import SentenceFacts, indicative_dates
from vlo.domain.terms import parse_term

DATA = Path(__file__).parent / "data"
DATES = ("release", "licence_end", "parole_eligibility", "hdc_eligibility")


def _rows() -> list[dict[str, str]]:
    with open(DATA / "moj_release_cases.csv", newline="") as f:
        return list(csv.DictReader(f))


def _deviations() -> dict[tuple[str, str], str]:
    with open(DATA / "moj_release_deviations.csv", newline="") as f:
        return {(r["fixture"], r["date"]): r["reason"] for r in csv.DictReader(f)}


def facts_of(row: dict[str, str]) -> SentenceFacts:
    def day(key: str) -> date | None:
        return date.fromisoformat(row[key]) if row[key] else None

    return SentenceFacts(
        date=date.fromisoformat(row["sentence_date"]),
        type=row["type"],
        category=row["category"],
        term=parse_term(row["term"]),
        extension=parse_term(row["extension"]) if row["extension"] else None,
        remand_days=int(row["remand_days"]),
        tagged_bail_days=int(row["tagged_bail_days"]),
        ual_days=int(row["ual_days"]),
        added_days=int(row["added_days"]),
        offence_date=day("offence_date"),
        date_of_birth=day("date_of_birth"),
        sex_offender_registration=row["sex_offender_registration"] == "1",
        forty_percent_excluded=row["forty_percent_excluded"] == "1",
        schedule_15b=row["schedule_15b"] == "1",
    )


ROWS = _rows()
DEVIATIONS = _deviations()


def test_the_set_is_large_enough():
    assert len(ROWS) >= 100
    assert all(r["fixture"].startswith("src/test/resources/test_data/overall_calculation/") for r in ROWS)


def test_every_deviation_names_a_fixture_in_the_set():
    fixtures = {r["fixture"] for r in ROWS}
    assert {f for f, _ in DEVIATIONS} <= fixtures


@pytest.mark.parametrize("row", ROWS, ids=[r["fixture"].split("overall_calculation/")[1] for r in ROWS])
def test_dates_match_the_ministry_of_justice_calculator(row: dict[str, str]):
    got = indicative_dates(facts_of(row))
    for name in DATES:
        want = row[name] or None
        value = getattr(got, name)
        have = value.isoformat() if value else None
        reason = DEVIATIONS.get((row["fixture"], name))
        if reason:
            assert have != want, f"{name} now matches; remove the deviation: {reason}"
        else:
            assert have == want, f"{name}: MoJ {want}, vlo {have} ({got.rule})"
