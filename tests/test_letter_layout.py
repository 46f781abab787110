"""Letters on paper: measured from the PDF itself, as a window envelope and a printer would see them.

Positions come from ``pdftotext -bbox`` (word boxes in points; 1 mm = 72/25.4 pt), page counts from
``pdfinfo``. The batch is laid out once per module: WeasyPrint is slow.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from vlo.errors import VloError
from vlo.letters import Renderer
from vlo.letters.batch import cover_for, render_batch
from vlo.letters.markup import parse, postal_lines, to_text

MM = 72 / 25.4
WINDOW = (24.6 * MM, 39.5 * MM, (24.6 + 95.4) * MM, (39.5 + 26.8) * MM)  # x0, y0, x1, y1
SLACK = 0.5  # points: a glyph's box may start a hair above its line box

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def context(**person) -> dict:
    return {
        "unit": {
            "name": "South Wales Victim Liaison Unit",
            "address_lines": ["Probation Office", "1 Heol y Frenhines", "Caerdydd", "CF10 2AA"],
            "phone": "029 2000 1234",
            "email": "vlu@example.gov.uk",
        },
        "signatory": "Ffion Hughes",
        "officer": "Ffion Hughes",
        "person": {
            "id": 1,
            "name": "Siân O'Neil",
            "salutation": "Ms O'Neil",
            "address_lines": ["1 Heol y Llan", "Caerdydd", "CF10 1AA"],
            "role": "victim",
            "opt_status": "opted-in",
            "contact_level": None,
            "contact_level_words": None,
            **person,
        },
        "case": {
            "ref": "VLU-2025-0142",
            "offender": "John Smith",
            "offence": "Wounding with intent",
            "sentence_words": "6 years' imprisonment",
            "sentence_date": date(2025, 3, 31),
            "release_month": "March 2028",
        },
        "letter": {"date": date(2025, 6, 2), "reply_by": date(2025, 6, 30)},
        "levels": [
            {"code": "release-month", "words": "the release month only"},
            {"code": "annual", "words": "a letter once a year"},
            {"code": "key-stages", "words": "each key stage of the sentence"},
        ],
    }


# pdftotext's word box is the font's ascent plus descent, in ems (the fonts' hhea tables): the body
# font is the first of the template's list the machine has (Liberation Sans where Chromium or an
# office suite installed it, DejaVu Sans on a bare Debian).
_BOX_EMS = {"Liberation-Sans": (1854 + 434) / 2048, "DejaVuSans": 13.968 / 12}


def box_ems(pdf: Path) -> float:
    """How tall pdftotext's word box is, in ems, for the regular body font embedded in ``pdf``."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()]
    return next(_BOX_EMS[name] for name in names if name in _BOX_EMS)


def words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, each word with its box (x0, y0, x1, y1) in points from the top left."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in out.stdout.split("<page ")[1:]:
        pages.append(
            [
                (unescape(w), float(a), float(b), float(c), float(d))
                for a, b, c, d, w in re.findall(
                    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
                )
            ]
        )
    return pages


def inside(box, area, slack=SLACK) -> bool:
    _, x0, y0, x1, y1 = box
    return x0 >= area[0] - slack and y0 >= area[1] - slack and x1 <= area[2] + slack and y1 <= area[3] + slack


def overlaps(box, area) -> bool:
    _, x0, y0, x1, y1 = box
    return x0 < area[2] and x1 > area[0] and y0 < area[3] and y1 > area[1]


def find(page, text):
    return [w for w in page if w[0] == text]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    pytest.importorskip("weasyprint")
    folder = tmp_path_factory.mktemp("batch")
    renderer = Renderer(None)
    letters = [
        renderer.letter("initial-contact", context(), 1),
        renderer.letter(
            "closure",
            {
                **context(id=2, name="Tomás Ó Súilleabháin", salutation="Mr Ó Súilleabháin"),
                "format": "large-print",
            },
            2,
        ),
        renderer.letter("annual-letter", {**context(id=3), "format": "easy-read"}, 3),
    ]
    made = render_batch(
        renderer,
        letters,
        "pdf",
        cover=cover_for(letters, batch_id=7, made_on=date(2025, 6, 2)),
        title="Batch 7",
    )
    (folder / "batch.pdf").write_bytes(made.combined)
    for n, data in enumerate(made.letters, start=1):
        (folder / f"letter-{n}.pdf").write_bytes(data)
    return folder, made


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@needs_poppler
def test_the_recipient_shows_in_the_window_and_the_unit_does_not(batch):
    folder, _ = batch
    first = words(folder / "letter-1.pdf")[0]
    for word in ("Siân", "O'Neil", "CAERDYDD", "CF10", "1AA"):
        assert find(first, word) and inside(find(first, word)[0], WINDOW), word  # then "Dear Ms O'Neil"
    for word in ("Frenhines", "2AA", "Probation", "Liaison", "029"):
        assert find(first, word) and not any(overlaps(w, WINDOW) for w in find(first, word)), word
    # The unit's details start top right: 125 mm from the left, about 30 mm from the top.
    south = find(first, "South")[0]
    assert abs(south[1] - 125 * MM) < 1 and 28 * MM <= south[2] <= 33 * MM
    # Nothing but the address (and the "private" marking above it) is near the window.
    near = [w for w in first if overlaps(w, WINDOW)]
    assert {w[0] for w in near} == {"Siân", "O'Neil", "1", "Heol", "y", "Llan", "CAERDYDD", "CF10", "1AA"}


@needs_poppler
def test_the_sign_off_never_stands_alone_on_the_last_page(batch):
    folder, _ = batch
    for n in (1, 2, 3):
        last = words(folder / f"letter-{n}.pdf")[-1]
        yours = find(last, "Yours")
        assert yours, f"letter {n}: the sign-off is on its last page"
        # Some of the letter's last paragraph is above "Yours sincerely" on that page.
        assert any(w[4] <= yours[0][2] for w in last), f"letter {n}: the sign-off is alone on its page"


@needs_poppler
def test_continuation_pages_carry_the_reference_and_page_n_of_m(batch):
    folder, made = batch
    pages = words(folder / "letter-1.pdf")
    assert len(pages) == made.pages[0] >= 2
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        text = " ".join(w[0] for w in page)
        assert f"Page {number} of {total}" in text
        assert "Our reference: VLU-2025-0142" in text
    # The footer sits in the bottom margin, below everything else on the page.
    last = pages[-1]
    footer_top = min(w[2] for w in find(last, "Page"))
    assert footer_top > 270 * MM
    assert "Yours sincerely" in " ".join(w[0] for w in last) or "sincerely" in [
        w[0] for p in pages for w in p
    ]


@needs_poppler
def test_print_sizes_standard_large_print_and_easy_read(batch):
    folder, _ = batch

    def body_size(path):
        page = words(path)[0]
        heights = [w[4] - w[2] for w in page if w[0] in ("We", "writing", "write", "once")]
        return min(heights) / box_ems(path)

    assert 11.9 <= body_size(folder / "letter-1.pdf") < 13
    assert body_size(folder / "letter-2.pdf") >= 15.9
    assert 13.9 <= body_size(folder / "letter-3.pdf") < 15


@needs_poppler
def test_every_letter_starts_on_an_odd_page_after_a_cover_sheet_without_names(batch):
    folder, made = batch
    pages = words(folder / "batch.pdf")
    assert pdf_pages(folder / "batch.pdf") == len(pages)
    starts = [n for n, page in enumerate(pages, start=1) if find(page, "PRIVATE")]
    assert len(starts) == 3 and all(n % 2 == 1 for n in starts)
    assert starts[0] == 3  # the cover, then a blank back
    cover = " ".join(w[0] for w in pages[0])
    assert "Batch 7" in cover and "initial-contact" in cover and "large-print" in cover
    for name in ("Siân", "O'Neil", "Tomás", "Súilleabháin", "Smith", "Heol"):
        assert name not in cover
    blank = [n for n, page in enumerate(pages, start=1) if not page]
    assert blank and all(n + 1 in starts for n in blank)  # blank pages only ever before a letter
    # Each letter's own file is its pages of the same layout, nothing of anyone else's.
    for n, count in enumerate(made.pages, start=1):
        assert pdf_pages(folder / f"letter-{n}.pdf") == count
    assert "Tomás" in " ".join(w[0] for w in words(folder / "letter-2.pdf")[0])
    assert "Tomás" not in " ".join(w[0] for p in words(folder / "letter-1.pdf") for w in p)


def test_the_html_is_semantic_and_never_pre_wrapped():
    html = Renderer(None).html([Renderer(None).letter("initial-contact", context(), 1)], "x")
    assert "pre-wrap" not in html and "<pre" not in html
    assert "<h1>The Victim Contact Scheme</h1>" in html
    assert "<h2>What the scheme offers</h2>" in html
    assert "<li>meet them, or keep in touch by phone, email or letter</li>" in html
    # A paragraph is one paragraph, however long: no line breaks of the text form inside it.
    paragraph = re.search(r"<p>On 31 March 2025,[^<]*</p>", html).group(0)
    assert "\n" not in paragraph and "like to.</p>" in paragraph


def test_the_text_letter_is_wrapped_when_rendered_and_keeps_room_to_sign():
    text = Renderer(None).text("initial-contact", context(), 1)
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "Yours sincerely\n\n\n\nFfion Hughes\nVictim Liaison Officer\n" in text
    assert "You can:\n- phone us on 029 2000 1234\n" in text
    assert "Page 1" not in text  # a text file has no pages to number


def test_data_cannot_make_markup_or_hide_characters():
    renderer = Renderer(None)
    person = {
        "name": "- Eve \u202eevil",
        "salutation": "# Ms Eve",
        "address_lines": [":::", "## 1 Road", "Town"],
    }
    letter = renderer.letter("initial-contact", context(**person), 1)
    text = letter.text
    assert "- Eve evil\n" in text and "Dear # Ms Eve\n" in text and "\u202e" not in text
    assert [b.kind for b in letter.blocks].count("title") == 1
    assert not any(b.kind == "heading" and "Road" in b.text for b in letter.blocks)
    recipient = next(b for b in letter.blocks if b.kind == "recipient")
    assert recipient.items == ("- Eve evil", ":::", "## 1 Road", "Town")


def test_addresses_follow_royal_mail():
    assert postal_lines(["Siân O'Neil", "1 Heol y Llan,", "Caerdydd."]) == (
        "Siân O'Neil",
        "1 Heol y Llan",
        "Caerdydd",
    )
    assert postal_lines(["A B", "2 High St", "Bangor ll57 1aa"]) == ("A B", "2 High St", "BANGOR", "LL57 1AA")
    assert postal_lines(["A B", "Flat 2", "Swansea", "SA1 1AA", "sa11aa"]) == (
        "A B",
        "Flat 2",
        "SWANSEA",
        "SA1 1AA",
    )
    with pytest.raises(VloError, match="window envelope shows 7"):
        Renderer(None).letter("closure", context(address_lines=[f"line {n}" for n in range(8)]), 1)


def test_the_text_and_html_batches_have_a_cover_and_a_form_feed_between_letters():
    renderer = Renderer(None)
    letters = [renderer.letter("closure", context(id=n), n) for n in (4, 5)]
    cover = cover_for(letters, batch_id=9, made_on=date(2025, 6, 2), files=["a.txt", "b.txt"])
    made = render_batch(renderer, letters, "txt", cover=cover)
    parts = made.combined.decode().split("\f")
    assert len(parts) == 3 and parts[0].startswith("Batch 9: closure") and "Siân" not in parts[0]
    assert parts[1:] == [letter.text for letter in letters] == [b.decode() for b in made.letters]
    html = render_batch(renderer, letters, "html", cover=cover).combined.decode()
    assert html.count('class="letter ') == 2 and "duplex" in html and 'class="cover"' in html


def test_a_unit_extends_the_packaged_frame_and_keeps_its_words(tmp_path):
    (tmp_path / "_letter.txt.j2").write_text(
        '{% extends "packaged:_letter.txt.j2" %}{% block closing %}With best wishes{% endblock %}\n'
    )
    text = Renderer(tmp_path).text("closure", context(), 1)
    assert "With best wishes\n\n\n\nFfion Hughes" in text and "Our reference: VLU-2025-0142" in text


def test_welsh_letters_come_only_from_the_units_folder(tmp_path):
    renderer = Renderer(None)
    assert renderer.has_template("initial-contact") and not renderer.has_template("initial-contact", "cy")
    with pytest.raises(VloError, match="no Welsh initial-contact letter"):
        renderer.letter("initial-contact", context(), 1, language="cy")
    (tmp_path / "initial-contact.cy.txt.j2").write_text(
        '{% extends "packaged:_letter.txt.j2" %}{% block dear %}Annwyl{% endblock %}'
        "{% block body %}Testun y swyddfa.{% endblock %}\n"
    )
    own = Renderer(tmp_path)
    assert own.has_template("initial-contact", "cy") and not own.has_template("closure", "bilingual")
    letter = own.letter("initial-contact", context(), 1, language="cy")
    assert letter.language == "cy" and "Annwyl Ms O'Neil" in letter.text
    assert 'lang="cy"' in own.html([letter], "x")
    from vlo.letters import list_templates

    assert "initial-contact.cy" not in {t.name for t in list_templates(tmp_path)}


def test_parse_reads_the_markup():
    blocks = parse("# Subject\n\nOne line\nand the next.\n\n## Heading\nYou can:\n- a\n- b\n  continued\n")
    assert [(b.kind, b.items) for b in blocks] == [
        ("title", ("Subject",)),
        ("paragraph", ("One line and the next.",)),
        ("heading", ("Heading",)),
        ("paragraph", ("You can:",)),
        ("list", ("a", "b continued")),
    ]
    assert (
        to_text(blocks, width=20)
        == "Subject\n\nOne line and the\nnext.\n\nHeading\n\nYou can:\n- a\n- b continued\n"
    )


def test_the_window_size_counts_lines_once_long_ones_wrap():
    from vlo.letters.markup import window_size, wrapped_lines

    short = ["Siân O'Neil", "1 Heol y Llan", "CAERDYDD", "CF10 1AA"]
    assert window_size(short) == 12 and window_size(short, "large-print") == 16
    assert window_size([*short, "Flat 2"], "large-print") == 13  # five lines: as large as fits
    assert window_size([f"line {n}" for n in range(7)]) == 9
    long = "Flat 12B The Old Victoria Mill Buildings Upper Wellington Road North"
    assert wrapped_lines([long], 12) == 2 and wrapped_lines(["x" * 200], 9) == 5  # 128 ems across 30
    assert window_size(["A B", *[long] * 4, "LEEDS", "LS6 2QJ"]) is None
