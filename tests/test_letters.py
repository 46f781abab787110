"""Letters: rendered from templates for the people due them, recorded, posted, never leaking."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

PACKAGED = [
    "initial-contact",
    "opt-in-confirmation",
    "key-stage-update",
    "licence-condition-outcome",
    "annual-letter",
    "closure",
]


@pytest.fixture
def unit(vlo):
    vlo('settings set unit.name "South Wales Victim Liaison Unit"')
    vlo('settings set unit.address "Probation Office, 1 Heol y Frenhines, Caerdydd, CF10 2AA"')
    vlo('settings set unit.phone "029 2000 1234"')
    vlo('settings set unit.signatory "Ffion Hughes"')


def test_the_initial_contact_letter_reads_right(vlo, case, unit, tmp_path):
    out = tmp_path / "letters"
    result = vlo(f"letters initial-contact --out {out}")
    assert result.stdout == "1\n"
    text = (out / "initial-contact-000001.txt").read_text(encoding="utf-8")
    assert text.startswith("PRIVATE AND CONFIDENTIAL: ADDRESSEE ONLY\n")
    for expected in (
        "South Wales Victim Liaison Unit",
        "Siân O'Neil",
        "1 Heol y Llan",
        "Caerdydd",
        "CF10 1AA",
        "Our reference: VLU-1",
        "Date: 2 June 2025",
        "Dear Ms O'Neil",
        "Yours sincerely",
        "Ffion Hughes",
        "31 March 2025",
        "your choice",
        "change your mind",
    ):
        assert expected in text, expected
    assert "\n\n\n" not in text.split("Yours sincerely")[0]  # no blank runs; room to sign below
    second = (out / "initial-contact-000002.txt").read_text(encoding="utf-8")
    assert "Dear Mr Jones" in second
    combined = (out / "batch-00001-initial-contact.txt").read_text(encoding="utf-8")
    cover, *rest = combined.split("\f")
    assert rest == [text, second]  # the cover sheet first, then each letter as written alone
    assert "Batch 1: initial-contact" in cover and "single-sided" in cover
    assert "O'Neil" not in cover and "Jones" not in cover  # ids only


@pytest.mark.parametrize("template", PACKAGED)
def test_every_packaged_template_renders_for_a_realistic_person(vlo, case, unit, tmp_path, template):
    vlo(f"victim opt-in 1 --level {'annual' if template == 'annual-letter' else 'key-stages'}")
    vlo("event add VLU-1 --type release --date 2025-08-01 --yes")  # early release (e.g. on appeal)
    # What the unit keeps for itself: none of it may reach a letter.
    vlo("case edit VLU-1 --prison-number A1234BC")
    vlo('victim edit 1 --needs "Interpreter booked via Language Line"')
    vlo(
        'contact add 1 --date 2025-04-01 --method phone --outcome voicemail --summary "Brother at 9 Oak Lane"'
    )
    vlo("case close VLU-1") if template == "closure" else None
    if template == "breach-outcome":
        vlo('breach add VLU-1 --victim 1 --date 2025-05-30 --summary "Saw him in the street"')
        vlo('breach referred 1 --to "P. Evans" --date 2025-05-30')
        vlo("breach outcome 1 --result no-further-action --date 2025-06-02")
    if template == "licence-condition-outcome":
        vlo('condition add 1 --type exclusion-zone --details "Llandaff, Cardiff" --date 2025-05-01')
        vlo("condition step 1 submitted --to parole-board --date 2025-05-02")
        vlo('condition step 1 agreed-with-changes --date 2025-05-20 --note "Zone reduced"')
    out = tmp_path / template
    result = vlo(["letters", template, "--out", str(out), "--victim", "1", "--force"])
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("batch-"))
    assert len(files) == 1, result.stderr
    text = (out / files[0]).read_text(encoding="utf-8")
    assert "Dear Ms O'Neil" in text and "Siân O'Neil" in text and "Yours sincerely" in text
    assert "{{" not in text and "None" not in text
    for internal in ("A1234BC", "Language Line", "Oak Lane", "Zone reduced", "Saw him", "P. Evans"):
        assert internal not in text


def test_html_letters_escape_the_data(vlo, tmp_path, unit):
    vlo(
        'case add H-1 --offender "<script>alert(1)</script>" --offence "Assault & <b>battery</b>" --category violent'
    )
    vlo("sentence H-1 --date 2025-04-01 --type sds --length 2y")
    vlo(
        [
            "victim",
            "add",
            "H-1",
            "--name",
            "Zoë <i>D'Arcy</i>",
            "--address",
            "1 <Main> St, Bangor",
            "--postcode",
            "LL57 1AA",
        ]
    )
    vlo(f"letters initial-contact --out {tmp_path / 'h'} --format html")
    html = (tmp_path / "h" / "initial-contact-000001.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<i>" not in html and "<Main>" not in html
    assert "&lt;i&gt;D&#39;Arcy&lt;/i&gt;" in html or "&lt;i&gt;D&#x27;Arcy&lt;/i&gt;" in html
    assert "&lt;Main&gt;" in html
    assert html.count('<section class="letter ') == 1


def test_a_missing_field_fails_before_anything_is_written(vlo, case, unit, tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    (own / "initial-contact.txt.j2").write_text("Dear {{ person.salutation }}, {{ person.shoe_size }}\n")
    out = tmp_path / "letters"
    error = vlo.fails(["letters", "initial-contact", "--out", str(out), "--templates", str(own)])
    assert "template initial-contact" in error and "shoe_size" in error and "person 1" in error
    assert not out.exists()


def test_the_units_templates_override_the_packaged_ones(vlo, case, unit, tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    (own / "initial-contact.txt.j2").write_text(
        '{% extends "_letter.txt.j2" %}{% block body %}Our own words for {{ person.name }}.{% endblock %}\n'
    )
    (own / "thank-you.txt.j2").write_text("Thank you, {{ person.salutation }}.\n")
    vlo(f"settings set templates {own}")
    listed = {t["name"]: t["source"] for t in json.loads(vlo("template list --json").stdout)}
    assert listed["initial-contact"] == "unit's folder (overrides packaged)"
    assert listed["thank-you"] == "unit's folder"
    assert listed["closure"] == "packaged"
    vlo(f"letters initial-contact --out {tmp_path / 'a'}")
    assert "Our own words for Siân O'Neil." in (tmp_path / "a" / "initial-contact-000001.txt").read_text()
    assert "needs" not in vlo.fails(f"letters thank-you --out {tmp_path / 'b'}")
    vlo(f"letters thank-you --out {tmp_path / 'b'} --victim 2")
    assert (tmp_path / "b" / "thank-you-000002.txt").read_text() == "Thank you, Mr Jones.\n"
    assert "Our own words" in vlo("template show initial-contact").stdout


def test_a_batch_run_twice_makes_no_duplicates_and_force_renders_again(vlo, case, unit, tmp_path):
    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out}")
    second = vlo(f"letters initial-contact --out {out}")
    assert second.stdout == "" and "No initial-contact letters are due" in second.stderr
    assert vlo(f"letters initial-contact --out {out} --force").stdout == "2\n"
    batches = json.loads(vlo("batch list --json").stdout)
    assert [(b["id"], b["letters"]) for b in batches] == [(1, 0), (2, 2)]


def test_posting_a_batch_meets_the_deadlines(vlo, case, unit, tmp_path):
    vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    assert len(json.loads(vlo("due --json").stdout)) == 2
    vlo("batch posted 1 --date 2025-06-02")
    assert json.loads(vlo("due --json").stdout) == []
    contacts = json.loads(vlo("contact list --json").stdout)
    assert [(c["victim_id"], c["method"], c["date"]) for c in contacts] == [
        (1, "letter", "2025-06-02"),
        (2, "letter", "2025-06-02"),
    ]
    assert "already marked posted" in vlo.fails("batch posted 1")


def test_people_without_a_postal_route_are_listed_not_skipped(vlo, case, unit, tmp_path):
    vlo("victim edit 2 --do-not-post")
    vlo('victim add VLU-1 --name "No Address"')
    result = vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    assert "Needs another route: person 2 on VLU-1 (marked do not post)." in result.stderr
    assert "Needs another route: person 3 on VLU-1 (no postal address)." in result.stderr
    assert sorted(p.name for p in (tmp_path / "l").iterdir()) == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000001.txt",
    ]


def test_a_reference_cannot_steer_a_path(vlo, unit, tmp_path):
    vlo('case add ../x --offender "A" --offence "B" --category violent')
    vlo("sentence ../x --date 2025-04-01 --type sds --length 2y")
    vlo('victim add ../x --name "C D" --address "1 Road, Town"')
    out = tmp_path / "deep" / "letters"
    vlo(f"letters initial-contact --out {out}")
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000001.txt",
    ]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["letters"]


def test_letters_and_their_folder_are_owner_only(vlo, case, unit, tmp_path):
    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out}")
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o600}


def test_every_letter_is_recorded_with_its_checksum(vlo, case, unit, tmp_path):
    import hashlib
    import sqlite3

    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out}")
    rows = (
        sqlite3.connect(vlo.db)
        .execute("SELECT victim_id, template, file, sha256 FROM letters ORDER BY id")
        .fetchall()
    )
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "initial-contact", "initial-contact-000001.txt"),
        (2, "initial-contact", "initial-contact-000002.txt"),
    ]
    for _, _, name, digest in rows:
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_bad_letter_input(vlo, case, tmp_path):
    assert "no template named nope" in vlo.fails(f"letters nope --out {tmp_path}")
    assert "template name must be" in vlo.fails(f"letters ../../etc/passwd --out {tmp_path}")
    assert "format must be one of: txt, html, pdf" in vlo.fails(
        f"letters initial-contact --out {tmp_path} --format doc"
    )
    assert "output folder is required" in vlo.fails("letters initial-contact")
    assert "no batch 9" in vlo.fails("batch posted 9")


def test_the_installed_package_carries_its_templates(tmp_path):
    import subprocess
    import sys

    # Run from elsewhere, so vlo comes from the installed package (a wheel in CI), not this checkout.
    code = "import vlo.letters as l; print(l.packaged_dir())"
    where = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    folder = Path(where.stdout.strip())
    assert {p.name for p in folder.glob("*.txt.j2")} >= {f"{name}.txt.j2" for name in PACKAGED}
    assert (folder / "_page.html.j2").exists()


def test_pdf_letters_render_when_weasyprint_is_installed(vlo, case, unit, tmp_path):
    pytest.importorskip("weasyprint")
    vlo(f"letters initial-contact --out {tmp_path} --format pdf")
    data = (tmp_path / "initial-contact-000001.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert (tmp_path / "batch-00001-initial-contact.pdf").read_bytes().startswith(b"%PDF-")


def test_pdf_without_weasyprint_says_how_to_get_it(vlo, case, unit, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    error = vlo.fails(f"letters initial-contact --out {tmp_path / 'p'} --format pdf")
    assert error == "Error: PDF letters need WeasyPrint: pip install 'vlo[pdf]' (or use --format txt or html)"
    assert not (tmp_path / "p").exists()


def test_a_letter_in_another_format_is_not_a_second_letter(vlo, case, unit, tmp_path):
    vlo(f"letters initial-contact --out {tmp_path / 't'}")
    out = vlo(f"letters initial-contact --out {tmp_path / 'h'} --format html")
    assert out.stdout == "" and "No initial-contact letters are due" in out.stderr
    assert vlo(f"letters initial-contact --out {tmp_path / 'h'} --format html --force").stdout == "2\n"


def test_a_recorded_salutation_wins_over_the_last_word(vlo, case, unit, tmp_path):
    vlo(["victim", "edit", "1", "--name", "Bethan O'Reilly-Ap Rhys", "--title", "Mrs",
         "--salutation", "Mrs O'Reilly-Ap Rhys"])  # fmt: skip
    vlo(f"letters initial-contact --out {tmp_path}")
    assert "Dear Mrs O'Reilly-Ap Rhys\n" in (tmp_path / "initial-contact-000001.txt").read_text()
    assert "Dear Mr Jones\n" in (tmp_path / "initial-contact-000002.txt").read_text()


def test_people_with_needs_are_named_before_posting(vlo, case, unit, tmp_path):
    vlo('victim edit 2 --needs "large print"')
    out = vlo(f"letters initial-contact --out {tmp_path}")
    assert "Check before posting: person 2 on VLU-1 needs large print." in out.stderr


def test_a_case_with_nobody_to_name_is_listed_and_the_rest_of_the_batch_is_made(vlo, tmp_path):
    vlo('settings set unit.address "Probation Office, 1 High Street, York, YO1 7AA"')
    vlo('case add N-1 --offender "A" --offence "Robbery" --category violent')
    vlo("sentence N-1 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add N-1 --name "B C" --address "1 Road, Town"')
    alone = vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    assert alone.stdout == ""
    assert alone.stderr == (
        "Not made: person 1 on N-1 (no officer to name: vlo case edit N-1 --officer NAME, "
        "or vlo settings set unit.signatory NAME).\nNo initial-contact letters could be made.\n"
    )
    assert not (tmp_path / "l").exists()
    vlo('case add N-2 --offender "D" --offence "Robbery" --category violent --officer "Ffion Hughes"')
    vlo("sentence N-2 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add N-2 --name "E F" --address "2 Road, Town"')
    both = vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    assert both.stdout == "1\n"
    assert "Not made: person 1 on N-1" in both.stderr
    assert [p.name for p in sorted((tmp_path / "l").iterdir())] == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000002.txt",
    ]
    vlo("case edit N-1 --officer 'Ffion Hughes'")  # fixed: the letter is due again, and made
    assert vlo(f"letters initial-contact --out {tmp_path / 'l'}").stdout == "2\n"


def test_no_letter_is_made_before_the_units_address_is_set(vlo, tmp_path):
    """Every letter heads with the unit's address and asks people to write to it: a batch made
    before it is set would go out with no way to reply (found by a new-user review)."""
    vlo('case add N-1 --offender "A" --offence "Robbery" --category violent --officer "A. Jones"')
    vlo("sentence N-1 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add N-1 --name "B C" --address "1 Road, Town"')
    error = vlo.fails(f"letters initial-contact --out {tmp_path / 'l'}")
    assert error == (
        "Error: the unit's address is not set, and every letter asks people to write to it: "
        'vlo settings set unit.address "Probation Office, 1 High Street, Town, AB1 2CD"'
    )
    assert (
        not (tmp_path / "l").exists() and "No batches" in vlo("batch list").stdout + vlo("batch list").stderr
    )
    vlo('settings set unit.address "Probation Office, 1 High Street, York, YO1 7AA"')
    assert (
        "Batch 1: 1 initial-contact letter" in vlo(f"letters initial-contact --out {tmp_path / 'l'}").stderr
    )


def test_the_closing_letter_thanks_only_those_who_kept_in_touch_for_it(vlo, case, unit, tmp_path):
    # A letters review: someone who never joined the scheme was thanked "for letting us keep in
    # touch with you".
    vlo("victim opt-in 1 --level key-stages")
    vlo("case close VLU-1")
    vlo(["letters", "closure", "--out", str(tmp_path / "c")])
    text = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "c").glob("closure-*.txt")}
    joined = [t for t in text.values() if "Dear Ms O'Neil" in t]
    others = [t for t in text.values() if "Dear Ms O'Neil" not in t]
    assert len(joined) == 1 and others
    assert "Thank you for letting us keep in touch with you." in joined[0]
    assert all("keep in touch with you." not in t and "Thank you for your time." in t for t in others)
