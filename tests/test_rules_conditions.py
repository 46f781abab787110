"""The lifecycle of a licence condition a victim asks for (vlo/domain/conditions.py).

Source: SPEC §2 "Licence conditions victims ask for": requested by the victim -> submitted to the
decision-maker (prison governor, Parole Board, Mental Health Casework Section or Tribunal) ->
agreed, agreed with changes, or refused -> in force from release -> varied, suspended on recall,
or ended at licence expiry. Every step has a date.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from vlo.domain.conditions import STEPS, check_step
from vlo.errors import VloError

DAY = date(2025, 6, 2)

LIFE = [
    ("requested", "submitted"),
    ("submitted", "agreed"),
    ("submitted", "agreed-with-changes"),
    ("submitted", "refused"),
    ("refused", "submitted"),  # resubmitted, e.g. to the Parole Board after a governor's refusal
    ("agreed", "in-force"),
    ("agreed-with-changes", "in-force"),
    ("in-force", "varied"),
    ("varied", "varied"),
    ("in-force", "suspended"),  # on recall
    ("suspended", "in-force"),
    ("in-force", "ended"),  # at licence expiry
    ("requested", "ended"),  # withdrawn
]


@pytest.mark.parametrize(("current", "step"), LIFE)
def test_each_step_the_lifecycle_allows(current, step):
    check_step(current, step, last_date=DAY, when=DAY, decision_maker="governor")  # same day is fine


@pytest.mark.parametrize(
    ("current", "step", "message"),
    [
        (
            "requested",
            "agreed",
            "a condition that is requested cannot be agreed; next can be: submitted, ended",
        ),
        ("requested", "in-force", "cannot be in-force"),
        ("refused", "in-force", "a condition that is refused cannot be in-force; next can be: submitted"),
        ("ended", "in-force", "next can be: nothing: the condition has ended"),
        ("in-force", "agreed", "cannot be agreed"),
    ],
)
def test_a_step_out_of_order_names_what_may_come_next(current, step, message):
    with pytest.raises(VloError, match=message):
        check_step(current, step, last_date=DAY, when=DAY, decision_maker="governor")


def test_requested_is_where_a_condition_starts_never_a_step():
    assert "requested" not in STEPS
    with pytest.raises(VloError, match="^step must be one of: submitted, agreed,"):
        check_step("submitted", "requested", last_date=DAY, when=DAY, decision_maker=None)


def test_a_step_cannot_go_back_in_time():
    with pytest.raises(VloError, match=r"^step date is before the condition's last step \(2025-06-02\)$"):
        check_step("submitted", "agreed", last_date=DAY, when=date(2025, 6, 1), decision_maker=None)
    check_step("submitted", "agreed", last_date=DAY, when=date(2025, 6, 3), decision_maker=None)


def test_submitting_names_the_decision_maker():
    with pytest.raises(
        VloError, match="^submitted needs --to, one of: governor, parole-board, mhcs, tribunal$"
    ):
        check_step("requested", "submitted", last_date=DAY, when=DAY, decision_maker=None)
    check_step(
        "submitted", "agreed", last_date=DAY, when=DAY, decision_maker=None
    )  # only submitting needs it


# --- A map of an exclusion zone (SPEC §2: "an area described in words or by map reference"). The
# file signatures: PDF "%PDF-" (ISO 32000-1 §7.5.2), PNG's 8-byte signature (PNG specification
# §5.2), JPEG's SOI marker FF D8 FF, GIF87a/GIF89a. vlo's own bounds: 5 MB, a 100-character name.

PDF = b"%PDF-1.4\n"
MB5 = 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("zone.pdf", PDF, "application/pdf"),
        ("Zone (Splott).PDF", PDF, "application/pdf"),
        ("zone.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "image/png"),
        ("zone.jpeg", b"\xff\xd8\xff\xe0", "image/jpeg"),
        ("zone.gif", b"GIF89a", "image/gif"),
        ("z" * 96 + ".pdf", PDF, "application/pdf"),  # a name of 100 characters
        ("zone.pdf", PDF + b"\x00" * (MB5 - len(PDF)), "application/pdf"),  # 5 MB exactly
    ],
)
def test_a_map_is_taken_by_what_its_bytes_are(name: str, data: bytes, media_type: str):
    from vlo.domain.conditions import check_map

    assert check_map(name, data, "exclusion-zone") == media_type


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"),
    [
        ("zone.pdf", PDF, "non-contact", "a map can be attached to an exclusion-zone condition only"),
        ("", PDF, "exclusion-zone", "map file name must be"),
        ("z" * 97 + ".pdf", PDF, "exclusion-zone", "map file name must be"),  # 101 characters
        ("../zone.pdf", PDF, "exclusion-zone", "map file name must be"),
        (".pdf", PDF, "exclusion-zone", "map file name must be"),
        ("zone", PDF, "exclusion-zone", "map must be a PDF or an image"),
        ("zone.pdf.exe", PDF, "exclusion-zone", "map must be a PDF or an image"),
        ("zone.pdf", b"", "exclusion-zone", "map file is empty"),
        (
            "zone.pdf",
            PDF + b"\x00" * (MB5 + 1 - len(PDF)),
            "exclusion-zone",
            "map file is too large: at most 5 MB",
        ),
        (
            "zone.pdf",
            b"\x89PNG\r\n\x1a\n",
            "exclusion-zone",
            "map file is not a PDF file, though its name ends .pdf",
        ),
    ],
)
def test_a_map_that_is_not_what_it_says_is_refused_in_one_line(
    name: str, data: bytes, kind: str, message: str
):
    from vlo.domain.conditions import check_map

    with pytest.raises(VloError, match=f"^{re.escape(message)}"):
        check_map(name, data, kind)
