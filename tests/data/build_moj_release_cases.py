"""Rebuild ``moj_release_cases.csv`` from the Ministry of Justice's published calculation fixtures.

Source: github.com/ministryofjustice/calculate-release-dates-api, ``src/test/resources/test_data/``:
``overall_calculation/<path>.json`` (a booking in) and ``overall_calculation_response/<path>.json``
(the official dates out). Only the facts are taken (dates in, dates out); no code is copied.

Kept: one sentence, no recall, a type vlo models (standard, s.250 detention, SDS+, extended, DTO),
adjustments vlo models (remand, tagged bail, UAL, added and restored days). Dropped: fixtures run
with the SDS progression model (not in force in the default parameters), and fixtures run with
40% switched off (``sds-50``) unless their official release falls before 10 Sep 2024, when 40%
cannot have changed it.

Usage: python tests/data/build_moj_release_cases.py /path/to/test_data > tests/data/moj_release_cases.csv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

TYPES = {
    "StandardSentence": "sds",
    "ExtendedDeterminateSentence": "eds",
    "DetentionAndTrainingOrderSentence": "dto",
}
MODELLED_ADJUSTMENTS = {
    "REMAND",
    "TAGGED_BAIL",
    "UNLAWFULLY_AT_LARGE",
    "ADDITIONAL_DAYS_AWARDED",
    "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED",
}
COLUMNS = [
    "fixture",
    "params",
    "sentence_date",
    "offence_date",
    "type",
    "term",
    "extension",
    "category",
    "forty_percent_excluded",
    "sex_offender_registration",
    "schedule_15b",
    "date_of_birth",
    "remand_days",
    "tagged_bail_days",
    "ual_days",
    "added_days",
    "release",
    "licence_end",
    "parole_eligibility",
    "hdc_eligibility",
]


def term(duration: dict) -> str:
    el = duration["durationElements"]
    days = el.get("DAYS", 0) + 7 * el.get("WEEKS", 0)
    parts = [(el.get("YEARS", 0), "y"), (el.get("MONTHS", 0), "m"), (days, "d")]
    return "".join(f"{n}{u}" for n, u in parts if n)


def days(adjustments: dict, key: str) -> int:
    return sum(a.get("numberOfDays", 0) for a in adjustments.get(key, []))


def row(base: Path, request: Path) -> dict | None:
    booking_in = json.loads(request.read_text())
    response = base / "overall_calculation_response" / request.relative_to(base / "overall_calculation")
    if not response.exists():
        return None
    params = booking_in.get("params") or "calculation-params"
    booking = booking_in.get("booking", booking_in)
    sentences = booking.get("sentences", [])
    if len(sentences) != 1 or params == "sds-progression-model-october":
        return None
    s = sentences[0]
    kind = TYPES.get(s.get("type", ""))
    adjustments = booking.get("adjustments") or {}
    if kind is None or booking_in.get("error") or s.get("recall") or set(adjustments) - MODELLED_ADJUSTMENTS:
        return None
    if any(booking.get(k) for k in ("returnToCustodyDate", "fixedTermRecallDetails", "externalMovements")):
        return None
    dates = json.loads(response.read_text()).get("dates", {})
    release = dates.get("CRD") or dates.get("ARD") or dates.get("MTD")
    if release is None:
        return None
    if params == "sds-50" and release >= "2024-09-10" and kind == "sds":
        return None
    arrangements = s.get("releaseArrangements") or {}
    # "_T3" exclusions (tranche 3, 16 Dec 2024) are not modelled: such offences count as not excluded.
    exclusions = {e for e in arrangements.get("sdsEarlyReleaseExclusions", []) if not e.endswith("_T3")}
    if exclusions & {"PROGRESSION_MODEL_SCHEDULE_13_PART_3", "SA2026_PROGRESSION_MODEL_SCHEDULE", "MURDER"}:
        return None
    category = "other"
    if "SEXUAL" in exclusions:
        category = "sexual"
    elif "VIOLENT" in exclusions:
        category = "violent"
    elif "NATIONAL_SECURITY" in exclusions or "TERRORISM" in exclusions:
        category = "terrorism"
    if kind == "sds" and arrangements.get("isSDSPlus"):
        kind = "sds-plus"
    elif kind == "sds" and arrangements.get("isSection250"):
        kind = "detention"
    if kind == "eds":
        main, extension = term(s["custodialDuration"]), term(s["extensionDuration"])
    else:
        main, extension = term(s["duration"]), ""
    licence = dates.get("SLED") or dates.get("LED") or (dates.get("SED") if kind == "dto" else None)
    return {
        "fixture": str(request.relative_to(base.parent.parent.parent.parent)),
        "params": params,
        "sentence_date": s["sentencedAt"],
        "offence_date": s["offence"]["committedAt"],
        "type": kind,
        "term": main,
        "extension": extension,
        "category": category,
        "forty_percent_excluded": int(bool(exclusions - {"SEXUAL", "VIOLENT"})),
        "sex_offender_registration": int(bool(booking["offender"].get("isActiveSexOffender"))),
        "schedule_15b": int(kind == "eds" and not s.get("automaticRelease")),
        "date_of_birth": booking["offender"].get("dateOfBirth", ""),
        "remand_days": days(adjustments, "REMAND"),
        "tagged_bail_days": days(adjustments, "TAGGED_BAIL"),
        "ual_days": days(adjustments, "UNLAWFULLY_AT_LARGE"),
        "added_days": days(adjustments, "ADDITIONAL_DAYS_AWARDED")
        - days(adjustments, "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"),
        "release": release,
        "licence_end": licence or "",
        "parole_eligibility": dates.get("PED", ""),
        "hdc_eligibility": dates.get("HDCED", ""),
    }


def main(test_data: str) -> None:
    base = Path(test_data)
    rows = [r for p in sorted((base / "overall_calculation").rglob("*.json")) if (r := row(base, p))]
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    out.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1])
