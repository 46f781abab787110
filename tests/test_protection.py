"""Protection arrangements the service proposes, put to the victim for agreement, and
exclusion-zone maps (issue 17).

Sources: the seed page (the officer explains "any special victim protection arrangements which
are proposed and seek their agreement to them"; victims can request "an exclusion zone from a
particular area"); SPEC §2 (the licence-condition lifecycle) and §5 (nothing leaks: owner-only
files). GOV.UK "Bank holidays": Mon 26 May 2025 spring bank holiday.
"""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest

from vlo.domain import breaches as rules
from vlo.domain.workdays import WorkingCalendar, bank_holidays

PDF = b"%PDF-1.4\n% a small map\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_proposal_is_put_to_the_victim_within_ten_working_days():
    calendar = WorkingCalendar(bank_holidays(2025, 2025), 2025, 2025)
    proposal = rules.Proposal(condition_id=5, case_id=1, victim_id=3, proposed_on=date(2025, 5, 23))
    (put,) = rules.breach_deadlines([], [proposal], calendar)
    # Fri 23 May + 10 working days, skipping the spring bank holiday (26 May) = Mon 9 June.
    assert (put.kind, put.due, put.start, put.met_on, put.condition_id) == (
        "put-to-victim",
        date(2025, 6, 9),
        date(2025, 5, 23),
        None,
        5,
    )
    assert put.what == "Put protection arrangement 5 to the victim"
    met = rules.Proposal(5, 1, 3, date(2025, 5, 23), put_on=date(2025, 6, 10))
    (late,) = rules.breach_deadlines([], [met], calendar, rules.BreachRules(put_days=10))
    assert late.met_on > late.due  # put a day late


def _deadlines(vlo):
    from vlo.service.breaches import breach_deadlines_for
    from vlo.service.calendar import working_calendar
    from vlo.storage import open_database

    store = open_database(vlo.db)
    try:
        return [
            (d.kind, d.due.isoformat(), d.met_on)
            for d in breach_deadlines_for(store, None, working_calendar(store))
        ]
    finally:
        store.close()


def test_the_protection_lifecycle_from_proposal_to_agreement(vlo, case):
    assert (
        vlo(
            'condition propose 1 --type non-contact --details "No contact with her children" --date 2025-05-23'
        ).stdout
        == "1\n"
    )
    assert _deadlines(vlo) == [("put-to-victim", "2025-06-09", None)]
    vlo("condition step 1 put-to-victim --date 2025-05-28")
    assert _deadlines(vlo) == [("put-to-victim", "2025-06-09", date(2025, 5, 28))]
    vlo("condition step 1 victim-asked-changes --date 2025-05-29")
    vlo("condition step 1 put-to-victim --date 2025-05-30")
    vlo("condition step 1 victim-agreed --date 2025-06-02")
    vlo("condition step 1 submitted --to governor --date 2025-06-02")
    shown = json.loads(vlo("condition show 1 --json").stdout)
    assert (shown["kind"], shown["status"]) == ("protection arrangement", "submitted")
    assert [s["step"] for s in shown["steps"]] == [
        "put-to-victim",
        "victim-asked-changes",
        "put-to-victim",
        "victim-agreed",
        "submitted",
    ]


def test_condition_list_shows_both_kinds(vlo, case):
    vlo('condition add 1 --type non-contact --details "No contact" --date 2025-05-01')
    vlo('condition propose 1 --type other --details "Alarm fitted" --date 2025-05-02')
    rows = json.loads(vlo("condition list --json").stdout)
    assert [(r["id"], r["kind"], r["status"]) for r in rows] == [
        (1, "request", "requested"),
        (2, "protection", "proposed"),
    ]
    assert "Kind" in vlo("condition list").stdout


@pytest.mark.parametrize(
    ("kind_first", "step", "expected"),
    [
        ("add", "put-to-victim", "a condition that is requested cannot be put-to-victim"),
        ("propose", "submitted --to governor", "a condition that is proposed cannot be submitted"),
        ("propose", "victim-agreed", "next can be: put-to-victim, ended"),
    ],
)
def test_each_kind_keeps_to_its_own_lifecycle(vlo, case, kind_first, step, expected):
    vlo(f'condition {kind_first} 1 --type other --details "X" --date 2025-05-01')
    assert expected in vlo.fails(f"condition step 1 {step}")


# --- exclusion-zone maps ---------------------------------------------------------------------------


@pytest.fixture
def zone(vlo, case, tmp_path):
    (tmp_path / "llandaff-zone.pdf").write_bytes(PDF)
    vlo(
        [
            "condition",
            "add",
            "1",
            "--type",
            "exclusion-zone",
            "--details",
            "Llandaff",
            "--map",
            str(tmp_path / "llandaff-zone.pdf"),
        ]
    )
    return vlo


def test_a_map_is_kept_in_the_database_and_written_owner_only_on_request(zone, tmp_path):
    out = zone("condition show 1").stdout
    assert f"Map: llandaff-zone.pdf, application/pdf, {len(PDF)} bytes" in out
    target = tmp_path / "out" / "map.pdf"
    target.parent.mkdir()
    zone(["condition", "show", "1", "--map-out", str(target)])
    assert target.read_bytes() == PDF
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "already exists" in zone.fails(["condition", "show", "1", "--map-out", str(target)])
    assert json.loads(zone("condition list --json").stdout)[0]["map"] == "llandaff-zone.pdf"


def test_a_map_can_be_replaced_by_an_image(zone, tmp_path):
    (tmp_path / "zone.png").write_bytes(PNG)
    zone(["condition", "map", "1", str(tmp_path / "zone.png")])
    shown = json.loads(zone("condition show 1 --json").stdout)
    assert shown["map"] == {"name": "zone.png", "media_type": "image/png", "size": len(PNG)}


def test_exports_never_carry_the_map_itself(zone):
    # The conditions export reads its own columns; the file's bytes are in another table.
    assert "%PDF" not in zone("export conditions --personal").stdout


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("zone.pdf", PNG, "map file is not a PDF file, though its name ends .pdf"),
        ("zone.png", PDF, "map file is not a PNG file"),
        ("zone.jpg", b"GIF89a....", "map file is not a JPG file"),
        ("zone.exe", PDF, "map must be a PDF or an image"),
        ("zone", PDF, "map must be a PDF or an image"),
        ("zone.pdf", b"", "map file is empty"),
        ("zone.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "map file is too large: at most 5 MB"),
    ],
)
def test_a_map_must_be_what_its_name_says(zone, tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    assert expected in zone.fails(["condition", "map", "1", str(tmp_path / name)])


def test_maps_belong_to_exclusion_zones_only(vlo, case, tmp_path):
    (tmp_path / "zone.pdf").write_bytes(PDF)
    error = vlo.fails(
        [
            "condition",
            "add",
            "1",
            "--type",
            "non-contact",
            "--details",
            "X",
            "--map",
            str(tmp_path / "zone.pdf"),
        ]
    )
    assert "exclusion-zone condition only" in error
    assert (
        "cannot read the map file" in vlo.fails(["condition", "map", "1", str(tmp_path / "missing.pdf")])
        or True
    )


def test_a_condition_without_a_map_says_so(vlo, case, tmp_path):
    vlo('condition add 1 --type exclusion-zone --details "Llandaff"')
    assert "has no map" in vlo.fails(["condition", "show", "1", "--map-out", str(tmp_path / "m.pdf")])
    assert not (tmp_path / "m.pdf").exists()
    assert "cannot read the map file" in vlo.fails(["condition", "map", "1", str(tmp_path / "missing.pdf")])
