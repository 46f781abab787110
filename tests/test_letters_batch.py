"""A batch as the officer makes it: each person's language and print size, one set of letters
(replaced, discarded, never posted twice), clean names, and templates that cannot reach out."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from test_letter_layout import MM, WINDOW, box_ems, find, inside, pdf_pages, words

from vlo.domain import values

needs_pdf = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None, reason="needs poppler-utils"
)


@pytest.fixture
def unit(vlo):
    vlo('settings set unit.name "South Wales Victim Liaison Unit"')
    vlo('settings set unit.address "Probation Office, 1 Heol y Frenhines, Caerdydd, CF10 2AA"')
    vlo('settings set unit.signatory "Ffion Hughes"')


def own_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "unit-templates"
    folder.mkdir(mode=0o700)
    return folder


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- language and format per person -------------------------------------------------------------


def test_language_and_format_are_recorded_and_shown(vlo, case):
    vlo("victim edit 1 --language cy --format large-print")
    shown = json.loads(vlo("victim show 1 --json").stdout)
    assert (shown["language"], shown["format"]) == ("cy", "large-print")
    assert json.loads(vlo("victim show 2 --json").stdout)["format"] == "standard"
    assert vlo.fails("victim edit 1 --language fr") == "Error: language must be one of: en, cy, bilingual"
    assert vlo.fails("victim edit 1 --format huge") == (
        "Error: format must be one of: standard, large-print, easy-read"
    )


def test_a_text_batch_says_its_large_print_letters_are_not(vlo, case, unit, tmp_path):
    # A letters review: a text batch counted "1 large-print", but a text file has no type size.
    vlo("victim edit 2 --format large-print")
    text = vlo(f"letters initial-contact --out {tmp_path}").stderr
    assert (
        "Text letters print at the printer's size: 1 person asked for large print or easy read; "
        "make theirs with --format pdf (or html)."
    ) in text


@needs_pdf
def test_each_letter_is_printed_at_the_persons_size_and_starts_on_an_odd_page(vlo, case, unit, tmp_path):
    pytest.importorskip("weasyprint")
    vlo("victim edit 2 --format large-print")
    out = vlo(f"letters initial-contact --out {tmp_path} --format pdf")
    assert "(1 large-print, 1 standard; 2 English)" in out.stderr
    assert "Text letters print at the printer's size" not in out.stderr

    def body_size(path: Path) -> float:
        return min(w[4] - w[2] for w in words(path)[0] if w[0] in ("We", "writing", "write")) / box_ems(path)

    assert 11.9 <= body_size(tmp_path / "initial-contact-000001.pdf") < 13
    assert body_size(tmp_path / "initial-contact-000002.pdf") >= 15.9
    # The recipient shows through the window of the letter sent alone.
    first = words(tmp_path / "initial-contact-000002.pdf")[0]
    for word in ("Tom", "Jones", "LEEDS", "LS1", "1AA"):
        assert find(first, word) and inside(find(first, word)[0], WINDOW), word
    batch = tmp_path / "batch-00001-initial-contact.pdf"
    pages = words(batch)
    starts = [n for n, page in enumerate(pages, start=1) if find(page, "PRIVATE")]
    assert starts[0] == 3 and len(starts) == 2 and all(n % 2 == 1 for n in starts)
    singles = [pdf_pages(tmp_path / f"initial-contact-00000{n}.pdf") for n in (1, 2)]
    assert starts[1] - starts[0] in (singles[0], singles[0] + 1)  # a blank back only where needed
    cover = " ".join(w[0] for w in pages[0])
    assert "contact-000002.pdf" in cover and "Jones" not in cover and "O'Neil" not in cover
    assert abs(find(first, "South")[0][1] - 125 * MM) < 1


def test_welsh_without_a_welsh_template_is_listed_and_the_rest_is_made(vlo, case, unit, tmp_path):
    vlo("victim edit 1 --language cy")
    out = vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    assert out.stdout == "1\n"
    assert (
        "Needs a Welsh letter (not made): person 1 on VLU-1 (Welsh: add initial-contact.cy.txt.j2 "
        "to the unit's templates folder, written by a Welsh speaker)." in out.stderr
    )
    assert files(tmp_path / "l") == ["batch-00001-initial-contact.txt", "initial-contact-000002.txt"]
    # Person 1 is still due: once the unit has a Welsh letter, it is made from it, never from English.
    folder = own_folder(tmp_path)
    (folder / "initial-contact.cy.txt.j2").write_text(
        '{% extends "packaged:_letter.txt.j2" %}\n{% block subject %}Llythyr{% endblock %}\n'
        "{% block dear %}Annwyl{% endblock %}\n{% block body %}Testun gan siaradwr Cymraeg.{% endblock %}\n",
        encoding="utf-8",
    )
    out = vlo(f"letters initial-contact --out {tmp_path / 'l'} --templates {folder}")
    assert out.stdout == "2\n" and "(1 standard; 1 Welsh)" in out.stderr
    text = (tmp_path / "l" / "initial-contact-000001.txt").read_text(encoding="utf-8")
    assert "Annwyl Ms O'Neil" in text and "Testun gan siaradwr Cymraeg." in text
    assert "We are writing" not in text


def test_bilingual_needs_its_own_template(vlo, case, unit, tmp_path):
    vlo("victim edit 2 --language bilingual")
    out = vlo(f"letters initial-contact --out {tmp_path}")
    assert "person 2 on VLU-1 (Welsh and English: add initial-contact.bilingual.txt.j2" in out.stderr


# --- a batch is one set of letters --------------------------------------------------------------


def contacts(vlo, person: int) -> int:
    return len(json.loads(vlo(f"victim show {person} --json").stdout)["contacts"])


def test_rendering_again_replaces_the_unposted_batch(vlo, case, unit, tmp_path):
    vlo(f"letters initial-contact --out {tmp_path / 'a'}")
    out = vlo(f"letters initial-contact --out {tmp_path / 'b'} --format html --force")
    assert out.stdout == "2\n"
    assert "Batch 1 is replaced by this one" in out.stderr
    assert files(tmp_path / "a") == []  # the replaced files are gone: nobody prints them by mistake
    assert vlo.fails("batch posted 1") == (
        "Error: batch 1 was replaced by batch 2 (the same letters made again); post that one: "
        "vlo batch posted 2"
    )
    listed = json.loads(vlo("batch list --json").stdout)
    assert [(b["id"], b["status"], b["letters"]) for b in listed] == [
        (1, "replaced by 2", 0),
        (2, "not posted", 2),
    ]
    vlo("batch posted 2")
    assert contacts(vlo, 1) == contacts(vlo, 2) == 1


def test_replacing_one_letter_replaces_its_whole_batch(vlo, case, unit, tmp_path):
    vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    out = vlo(f"letters initial-contact --out {tmp_path / 'l'} --victim 1 --format html --force")
    assert out.stdout == "2\n"  # person 2's letter moved with it: no batch is left half-valid
    assert files(tmp_path / "l") == [
        "batch-00002-initial-contact.html",
        "initial-contact-000001.html",
        "initial-contact-000002.html",
    ]
    assert [b["letters"] for b in json.loads(vlo("batch list --json").stdout)] == [0, 2]


def test_a_letter_is_never_logged_as_posted_twice(vlo, case, unit, tmp_path):
    vlo("victim opt-in 1 --level key-stages")
    vlo("victim opt-in 2 --level annual")
    vlo(f"letters opt-in-confirmation --out {tmp_path}")
    vlo("batch posted 1")
    assert vlo.fails("batch posted 1").startswith("Error: batch 1 was already marked posted on ")
    out = vlo(f"letters opt-in-confirmation --out {tmp_path} --format html --force")
    assert out.stdout == "2\n" and "replaced" not in out.stderr  # a posted batch stays as it was
    posted = vlo("batch posted 2")
    assert "2 letters had been posted before, in an earlier batch: not logged again." in posted.stderr
    assert contacts(vlo, 1) == contacts(vlo, 2) == 1


def test_discard_removes_an_unposted_batch_and_its_files(vlo, case, unit, tmp_path):
    today = values.today().isoformat()  # the suite fixes the date
    out_dir = tmp_path / "l"
    vlo(f"letters initial-contact --out {out_dir}")
    vlo(f"letters initial-contact --out {out_dir} --force")  # batch 2 replaces batch 1
    out = vlo("batch discard 2")
    assert out.stderr == "Batch 2 discarded: 2 letters removed; they are due again.\n"
    assert files(out_dir) == []
    listed = json.loads(vlo("batch list --json").stdout)
    assert [(b["status"], b["letters"]) for b in listed] == [("replaced by 2", 0), (f"discarded {today}", 0)]
    assert vlo.fails("batch discard 2") == f"Error: batch 2 was already discarded on {today}"
    assert vlo.fails("batch posted 2") == f"Error: batch 2 was discarded on {today}; nothing to post"
    assert vlo.fails("batch discard 1").startswith("Error: batch 1 was replaced by batch 2")
    assert vlo(f"letters initial-contact --out {out_dir}").stdout == "3\n"  # due again, a new number
    vlo("batch posted 3")
    assert vlo.fails("batch discard 3").startswith("Error: batch 3 was posted on ")


def test_discard_leaves_a_file_that_changed_since(vlo, case, unit, tmp_path):
    vlo(f"letters initial-contact --out {tmp_path / 'l'}")
    (tmp_path / "l" / "initial-contact-000001.txt").write_text("someone's own notes")
    out = vlo("batch discard 1")
    assert "initial-contact-000001.txt (changed since vlo wrote it)" in out.stderr
    assert files(tmp_path / "l") == ["initial-contact-000001.txt"]


# --- clean names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ('victim add VLU-1 --name "Jane\u202eSmith"', "name"),
        ('victim edit 1 --title "M\u200br"', "title"),
        ('victim edit 1 --salutation "Ms\u2066Smith"', "salutation"),
        ('victim edit 1 --address "1 Road\u200d, Town"', "address"),
        ('victim edit 1 --postcode "CF10\ufeff1AA"', "postcode"),
        ('case edit VLU-1 --offender "John\u202eDoe"', "offender"),
        ('case edit VLU-1 --offence "Wounding\u200b with intent"', "offence"),
        ('case edit VLU-1 --officer "A.\u202e Jones"', "officer"),
        ('settings set unit.name "South\u202e Wales"', "unit.name"),
        ('settings set unit.signatory "Ffion\u200b Hughes"', "unit.signatory"),
    ],
)
def test_hidden_characters_are_refused_in_every_field_that_reaches_a_letter(vlo, case, command, field):
    error = vlo.fails(command)
    assert error.startswith(f"Error: {field} contains "), error
    assert "would not show on paper" in error


def test_a_name_with_a_particle_is_flagged_when_added_and_before_posting(vlo, case, unit, tmp_path):
    added = vlo('victim add VLU-1 --name "Siôn Ap Iorwerth" --title Mr --address "2 Stryd, Bangor"')
    assert added.stdout == "3\n"
    assert 'Letters to person 3 will begin "Dear Mr Ap Iorwerth": the surname has a particle' in added.stderr
    quiet = vlo('victim add VLU-1 --name "Tomás Ó Súilleabháin" --title Mr --salutation "Mr Ó Súilleabháin"')
    assert "will begin" not in quiet.stderr
    out = vlo(f"letters initial-contact --out {tmp_path}")
    assert (
        'Check before posting: person 3 on VLU-1: "Dear Mr Ap Iorwerth", as the surname has a particle '
        "(Ap Iorwerth); if wrong: vlo victim edit 3 --salutation TEXT." in out.stderr
    )
    assert "Dear Mr Ap Iorwerth\n" in (tmp_path / "initial-contact-000003.txt").read_text(encoding="utf-8")


# --- templates that cannot reach out ----------------------------------------------------------------


def test_a_page_template_cannot_attach_or_fetch_local_files(vlo, case, unit, tmp_path):
    pytest.importorskip("weasyprint")
    folder = own_folder(tmp_path)
    outside = tmp_path / "secret.png"
    shutil.copyfile(Path(__file__).parent / "data" / "pixel.png", outside)
    shutil.copyfile(Path(__file__).parent / "data" / "pixel.png", folder / "logo.png")
    page = (Path(__file__).parent.parent / "templates" / "_page.html.j2").read_text(encoding="utf-8")
    hostile = (
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<img src="file://{outside}"><img src="{folder}/../secret.png">'
    )
    (folder / "_page.html.j2").write_text(page.replace("<body>", "<body>" + hostile, 1), encoding="utf-8")
    vlo(f"letters initial-contact --out {tmp_path / 'l'} --format pdf --templates {folder}")
    pdf = (tmp_path / "l" / "batch-00001-initial-contact.pdf").read_bytes()
    assert b"root:" not in pdf and b"EmbeddedFile" not in pdf
    assert b"/Subtype /Image" not in pdf
    # The unit's own logo, in its own folder, is served.
    (folder / "_page.html.j2").write_text(page.replace("<body>", '<body><img src="logo.png">', 1))
    vlo(f"letters initial-contact --out {tmp_path / 'm'} --format pdf --templates {folder} --force")
    assert b"/Subtype /Image" in (tmp_path / "m" / "batch-00002-initial-contact.pdf").read_bytes()


def test_a_templates_folder_others_could_change_is_refused(vlo, case, unit, tmp_path):
    folder = own_folder(tmp_path)
    os.chmod(folder, 0o777)
    assert vlo.fails(f"letters initial-contact --out {tmp_path / 'l'} --templates {folder}") == (
        f"Error: templates folder {folder} can be written by other users (mode 0777), who could "
        f"change your letters; make it private (chmod go-w {folder})"
    )
    os.chmod(folder, 0o700)
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert vlo.fails(f"letters initial-contact --out {tmp_path / 'l'} --templates {link}") == (
        f"Error: templates folder {link} is a symbolic link; give the folder's real path"
    )
    (folder / "initial-contact.txt.j2").symlink_to("/etc/passwd")
    assert vlo.fails(f"letters initial-contact --out {tmp_path / 'l'} --templates {folder}") == (
        f"Error: template initial-contact.txt.j2 in {folder} links to a file outside the folder"
    )
    assert not (tmp_path / "l").exists()


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'x'*4000000000 }}",
        "{% set n = 4000000000 %}{{ [0] * n }}",
        "{{ 'x'|center(4000000000) }}",
        "{{ 'x'.ljust(4000000000) }}",
        "{{ '{:>4000000000}'.format('x') }}",
        "{{ '%*s' % (4000000000, 'x') }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}0123456789{% endfor %}{% endfor %}",
    ],
)
def test_a_template_cannot_exhaust_memory(vlo, case, unit, tmp_path, body):
    folder = own_folder(tmp_path)
    (folder / "initial-contact.txt.j2").write_text(
        '{% extends "packaged:_letter.txt.j2" %}{% block body %}' + body + "{% endblock %}"
    )
    start = time.perf_counter()
    error = vlo.fails(f"letters initial-contact --out {tmp_path / 'l'} --templates {folder}")
    assert time.perf_counter() - start < 5
    assert error.startswith("Error: template initial-contact tried something the sandbox does not allow: ")
    assert "more than 1,000,000 characters" in error
    assert not (tmp_path / "l").exists()


def test_an_html_batch_is_for_a_browser_printed_single_sided_and_carries_no_page_count(
    vlo, case, unit, tmp_path
):
    """A browser lays out no running footer, page count or odd-page start (CSS paged media, which
    only the PDF's WeasyPrint draws): printed from Chromium, every letter read "Page 0 of" and the
    batch, said to be safe double-sided, put letters on the backs of others (found by a new-user
    review). The HTML now leaves the footer out and says to print single-sided; the PDF keeps both."""
    out = vlo(f"letters initial-contact --out {tmp_path} --format html")
    assert "print them all from batch-00001-initial-contact.html single-sided." in out.stderr
    combined = (tmp_path / "batch-00001-initial-contact.html").read_text(encoding="utf-8")
    single = (tmp_path / "initial-contact-000001.html").read_text(encoding="utf-8")
    for html in (combined, single):
        assert 'class="footer"' not in html and "Page " not in html.split("<body", 1)[1]
        assert "Our reference" in html  # the reference stays, in the letter's head
    assert "Print this file single-sided" in combined and "duplex" not in combined.split("<body", 1)[1]


# --- posting a batch meets only what its letters tell -------------------------------------------


def open_deadlines(vlo) -> list[str]:
    return sorted(r["what"] for r in json.loads(vlo("due --json --all").stdout) if r["victim_id"] == 1)


def test_posting_an_unrelated_batch_leaves_the_escape_and_the_decision_to_be_told(vlo, case, unit, tmp_path):
    vlo("victim opt-in 1 --level key-stages")
    vlo('condition add 1 --type exclusion-zone --details "Llandaff village" --date 2025-04-01')
    vlo("condition step 1 submitted --to governor --date 2025-04-11")
    vlo("condition step 1 refused --date 2025-05-20")
    vlo("event add VLU-1 --type escape --date 2025-05-30")
    before = open_deadlines(vlo)
    assert "Tell of escape (30 May 2025)" in before
    assert "Tell of the decision on condition 1 (refused)" in before
    vlo(f"letters opt-in-confirmation --out {tmp_path / 'a'}")
    vlo("batch posted 1")
    # The opt-in letter told of neither: both letters are still due, and still made.
    assert open_deadlines(vlo) == before
    vlo(f"letters key-stage-update --out {tmp_path / 'b'}")
    vlo(f"letters licence-condition-outcome --out {tmp_path / 'c'}")
    assert "key-stage-update-000001-1.txt" in files(tmp_path / "b")
    assert "licence-condition-outcome-000001-1.txt" in files(tmp_path / "c")


def test_letters_an_older_vlo_posted_stop_meeting_what_they_did_not_tell_once_upgraded(
    vlo, case, unit, tmp_path
):
    # Databases kept from before the fix hold posted letters logged as contacts about anything (the
    # opt-in confirmation met "Tell of escape"). The first command of this vlo (its rules' version
    # differs) says what each one told, and the recompute reopens the rest.
    import sqlite3

    vlo("victim opt-in 1 --level key-stages")
    vlo("event add VLU-1 --type escape --date 2025-05-30")
    before = open_deadlines(vlo)
    vlo(f"letters opt-in-confirmation --out {tmp_path / 'a'}")
    vlo("batch posted 1")
    with sqlite3.connect(vlo.db) as conn:  # as the older vlo left it
        conn.execute("UPDATE contacts SET about = NULL")
        conn.execute("UPDATE deadlines SET met_on = '2025-06-02' WHERE met_on IS NULL AND victim_id = 1")
        conn.execute("UPDATE settings SET value = '1' WHERE key = 'deadlines.rules_version'")
    assert "Deadlines recomputed" in vlo("due").stderr
    assert open_deadlines(vlo) == before
    assert "the audit trail is unbroken" in vlo("db check").stderr  # the contacts were changed by vlo


def test_a_posted_letter_meets_only_its_own_event_and_condition(vlo, case, unit, tmp_path):
    vlo("victim opt-in 1 --level key-stages")
    vlo("event add VLU-1 --type escape --date 2025-05-30")
    vlo('condition add 1 --type non-contact --details "No contact" --date 2025-04-01')
    vlo("condition step 1 submitted --to governor --date 2025-04-11")
    vlo("condition step 1 agreed --date 2025-05-20")
    vlo(f"letters key-stage-update --out {tmp_path / 'a'}")
    vlo(f"letters licence-condition-outcome --out {tmp_path / 'b'}")
    # Learnt of after the letters were made, before they were posted.
    vlo("event add VLU-1 --type recall --date 2025-05-31")
    vlo('condition add 1 --type other --details "Not to enter Cardiff Bay" --date 2025-04-01')
    vlo("condition step 2 submitted --to governor --date 2025-04-11")
    vlo("condition step 2 refused --date 2025-05-21")
    vlo("batch posted 1")
    vlo("batch posted 2")
    left = open_deadlines(vlo)
    assert "Tell of escape (30 May 2025)" not in left
    assert "Tell of the decision on condition 1 (agreed)" not in left
    assert "Tell of recall to prison (31 May 2025)" in left
    assert "Tell of the decision on condition 2 (refused)" in left


# --- the whole address shows in the envelope window ---------------------------------------------

LONG_ADDRESS = [
    "victim",
    "add",
    "VLU-1",
    "--title",
    "Mrs",
    "--name",
    "Margaret Elizabeth Featherstonehaugh-Cholmondeley",
    "--address",
    "Flat 12B The Old Victoria Mill Buildings Upper Wellington Road North, Headingley, Leeds",
    "--postcode",
    "LS6 2QJ",
]


@needs_pdf
def test_a_long_address_wraps_and_still_shows_whole_in_the_window(vlo, case, unit, tmp_path):
    pytest.importorskip("weasyprint")
    assert vlo(LONG_ADDRESS).stdout == "3\n"
    out = tmp_path / "letters"
    vlo(f"letters initial-contact --out {out} --format pdf --victim 3")
    first = words(out / "initial-contact-000003.pdf")[0]
    shown = [w[0] for w in first if inside(w, WINDOW)]
    expected = (
        "Margaret Elizabeth Featherstonehaugh-Cholmondeley Flat 12B The Old Victoria Mill Buildings "
        "Upper Wellington Road North Headingley LEEDS LS6 2QJ"
    ).split()
    # Every word of the name and address, the postcode last, inside the window: none cut off.
    assert "".join(shown) == "".join(expected), shown
    assert not [w for w in first if w[0] in ("LS6", "2QJ", "LEEDS") and not inside(w, WINDOW)]
    # The HTML letter is given the same smaller size: its window box is cut off (overflow) too.
    vlo(f"letters initial-contact --out {tmp_path / 'html'} --format html --victim 3 --force")
    html = (tmp_path / "html" / "initial-contact-000003.html").read_text()
    size = float(re.search(r'class="recipient" style="font-size: ([\d.]+)pt"', html).group(1))
    assert size < 12


def test_an_address_too_long_for_the_window_at_any_size_is_not_made_and_the_rest_are(
    vlo, case, unit, tmp_path
):
    line = "Apartment 1234 The Extraordinarily Long Named Residential Development Block"
    vlo(
        [
            "victim",
            "add",
            "VLU-1",
            "--name",
            "Ann Other",
            "--address",
            ", ".join([line] * 5),
            "--postcode",
            "LS6 2QJ",
        ]
    )
    out = vlo(f"letters initial-contact --out {tmp_path / 'letters'}")
    assert (
        "Not made: person 3 on VLU-1 (the name and address do not fit the envelope window even at "
        "9 pt; shorten the address: vlo victim edit 3 --address TEXT)." in out.stderr
    )
    assert files(tmp_path / "letters") == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000001.txt",
        "initial-contact-000002.txt",
    ]
    # An address stored before vlo refused such addresses at entry (victim add and edit now do).
    import sqlite3

    with sqlite3.connect(vlo.db) as conn:
        conn.execute(
            "UPDATE victims SET address = ? WHERE id = 3", (", ".join(f"Line {n}" for n in range(7)),)
        )
    out = vlo(f"letters initial-contact --out {tmp_path / 'again'} --force")
    assert (
        "Not made: person 3 on VLU-1 (the name and address make 9 lines; the envelope window shows 7: "
        "vlo victim edit 3 --address TEXT)." in out.stderr
    )
    assert "initial-contact-000001.txt" in files(tmp_path / "again")


# --- a child victim is written to through their parent or guardian ------------------------------


def test_a_child_victim_gets_no_letter_of_their_own_and_their_parent_does(vlo, case, unit, tmp_path):
    child = vlo(
        'victim add VLU-1 --name "Emily Walsh" --date-of-birth 2015-03-02 --address "3 Elm Row, Leeds" --postcode "LS2 2AA"'
    )
    assert child.stdout == "3\n"
    out = vlo(f"letters initial-contact --out {tmp_path / 'a'}")
    assert files(tmp_path / "a") == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000001.txt",
        "initial-contact-000002.txt",
    ]
    assert (
        "Needs another route: person 3 on VLU-1 (under 18 on the letter's date: write to their parent "
        "or guardian; the case has none: vlo victim add VLU-1 --role parent-guardian --name NAME)."
    ) in out.stderr
    vlo(
        'victim add VLU-1 --name "Claire Walsh" --role parent-guardian --address "3 Elm Row, Leeds" --postcode "LS2 2AA"'
    )
    out = vlo(f"letters initial-contact --out {tmp_path / 'b'}")
    assert "initial-contact-000004.txt" in files(tmp_path / "b")
    assert "initial-contact-000003.txt" not in files(tmp_path / "b")
    assert (
        "person 3 on VLU-1 (under 18 on the letter's date: write to their parent or guardian)." in out.stderr
    )
    vlo("batch posted 2")
    # The parent's letter covers the child until 18; the child's own offer at 18 is still owed.
    owed = [
        (r["victim_id"], r["what"]) for r in json.loads(vlo("due --json --all").stdout) if r["victim_id"] == 3
    ]
    assert owed == [(3, "Initial offer to the victim at 18 (2 Mar 2033)")]
    vlo("case close VLU-1")
    vlo(f"letters closure --out {tmp_path / 'c'}")
    assert "closure-000003.txt" not in files(tmp_path / "c") and "closure-000004.txt" in files(tmp_path / "c")


# --- a batch killed half-way, and two officers making letters at once ----------------------------

_KILLED = """
import os, signal, sys
from vlo import files
from vlo.cli import app

where = sys.argv[1]  # "write": killed writing its files; "place": killed naming them after COMMIT
original = getattr(files.Staged, "_place" if where == "place" else "write")


def killed(self, *args):
    if where == "write" and not self._waiting:
        return original(self, *args)  # the first letter is written, then vlo is killed
    if where == "place":
        os.link(self._waiting[0][0], self._waiting[0][1], src_dir_fd=self._dir_fd, dst_dir_fd=self._dir_fd)
    os.kill(os.getpid(), signal.SIGKILL)


setattr(files.Staged, "_place" if where == "place" else "write", killed)
app(sys.argv[2:])
"""


def killed_batch(vlo, where: str, out: Path) -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED,
            where,
            "--db",
            str(vlo.db),
            "letters",
            "initial-contact",
            "--out",
            str(out),
        ],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
    )
    assert run.returncode == -9, run.stderr


def test_a_batch_killed_while_writing_leaves_no_letter_and_the_next_batch_clears_its_leftovers(
    vlo, case, unit, tmp_path
):
    out = tmp_path / "lo2"
    killed_batch(vlo, "write", out)
    (left,) = files(out)  # one temporary file, no letter under its name
    assert left.startswith(".initial-contact-000001.txt.") and left.endswith(".tmp")
    assert json.loads(vlo("batch list --json").stdout) == []
    vlo("victim edit 1 --do-not-post")  # the rerun makes person 2's letter only
    assert vlo(f"letters initial-contact --out {out}").stdout == "1\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-00001-initial-contact.txt",
        "initial-contact-000002.txt",
    ]
    vlo("batch posted 1")
    vlo("contact add 1 --date 2025-05-01 --method phone")
    vlo(f"case close {case}")
    vlo(f"erase {case} --yes")
    assert list(out.iterdir()) == []


def test_a_batch_killed_after_its_commit_is_recorded_and_erase_leaves_nothing(vlo, case, unit, tmp_path):
    out = tmp_path / "lo2"
    killed_batch(vlo, "place", out)
    listed = json.loads(vlo("batch list --json").stdout)
    assert [(b["id"], b["letters"]) for b in listed] == [(1, 2)]  # committed: vlo knows every file
    assert "initial-contact-000001.txt" in files(out) and len(files(out)) == 4  # 3 not named yet
    vlo("batch posted 1")
    vlo(f"case close {case}")
    vlo(f"erase {case} --yes")
    assert list(out.iterdir()) == []


def test_a_batch_that_fails_after_writing_files_leaves_none(vlo, case, unit, tmp_path):
    from vlo.service.letters import make_batch
    from vlo.storage import open_database

    def progress(count):
        def advance():
            raise RuntimeError("the disk filled up")

        return advance

    store = open_database(vlo.db)
    try:
        with pytest.raises(RuntimeError):
            make_batch(
                store, "initial-contact", out=str(tmp_path / "l"), today=values.today(), progress=progress
            )
    finally:
        store.close()
    assert list((tmp_path / "l").iterdir()) == []
    assert json.loads(vlo("batch list --json").stdout) == []


def another_officer_first(monkeypatch, vlo, command: str) -> None:
    """While this vlo lays its batch out (before it takes the write lock), another runs ``command``."""
    from vlo.letters import batch

    render = batch.render_batch
    state = {"first": True}

    def render_batch(*args, **kwargs):
        if state["first"]:
            state["first"] = False
            vlo(command)
        return render(*args, **kwargs)

    monkeypatch.setattr(batch, "render_batch", render_batch)


def test_a_second_vlo_making_the_same_letters_makes_none_and_says_so(vlo, case, unit, tmp_path, monkeypatch):
    another_officer_first(monkeypatch, vlo, f"letters initial-contact --out {tmp_path / 'theirs'}")
    out = vlo(f"letters initial-contact --out {tmp_path / 'mine'}")
    assert out.stdout == ""
    assert "No initial-contact letters are due (2 letters already made;" in out.stderr
    assert list((tmp_path / "mine").iterdir()) == []
    assert [b["letters"] for b in json.loads(vlo("batch list --json").stdout)] == [2]


def test_a_second_vlo_makes_only_the_letters_the_first_left(vlo, case, unit, tmp_path, monkeypatch):
    another_officer_first(monkeypatch, vlo, f"letters initial-contact --victim 1 --out {tmp_path / 'theirs'}")
    out = vlo(f"letters initial-contact --out {tmp_path / 'mine'}")
    assert out.stdout == "2\n" and "Batch 2: 1 initial-contact letter in" in out.stderr
    assert files(tmp_path / "mine") == ["batch-00002-initial-contact.txt", "initial-contact-000002.txt"]
    assert "Siân" not in (tmp_path / "mine" / "batch-00002-initial-contact.txt").read_text()
    assert [b["letters"] for b in json.loads(vlo("batch list --json").stdout)] == [1, 1]


def test_a_person_changed_while_the_batch_was_laid_out_gets_the_new_address(
    vlo, case, unit, tmp_path, monkeypatch
):
    another_officer_first(monkeypatch, vlo, 'victim edit 1 --address "9 New Road, Caerdydd"')
    assert vlo(f"letters initial-contact --out {tmp_path}").stdout == "1\n"
    text = (tmp_path / "initial-contact-000001.txt").read_text()
    assert "9 New Road" in text and "1 Heol y Llan" not in text
    assert "9 New Road" in (tmp_path / "batch-00001-initial-contact.txt").read_text()
