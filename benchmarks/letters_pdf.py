"""Time a batch of letters laid out once against raw WeasyPrint on the same HTML.

    python benchmarks/letters_pdf.py [--letters 200] [--rounds 3]

A: raw WeasyPrint, ``HTML(string=batch_html).write_pdf()``: the floor, the print file alone.
B: ``render_batch(..., "pdf")``: the print file *and* one PDF per letter, its pages copied out of
the print file with pypdf (nothing laid out or drawn twice).
Runs interleave A B A B in one process and the medians are compared (the issue's bar: B <= 1.2 A).
Text and HTML batches are timed too, against joining the letters' text (txt) or rendering the page
template once (html). The letters are made from a fixed context, no database needed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vlo.letters import Renderer  # noqa: E402
from vlo.letters.batch import cover_for, render_batch  # noqa: E402

FORMATS = ("standard", "large-print", "easy-read")


def context(n: int) -> dict:
    return {
        "format": FORMATS[n % 7 % 3] if n % 7 < 3 else "standard",
        "unit": {
            "name": "South Wales Victim Liaison Unit",
            "address_lines": ["Probation Office", "1 Heol y Frenhines", "Caerdydd", "CF10 2AA"],
            "phone": "029 2000 1234",
            "email": "vlu@example.gov.uk",
        },
        "signatory": "Ffion Hughes",
        "officer": "Ffion Hughes",
        "person": {
            "id": n,
            "name": f"Person {n} Example",
            "salutation": f"Ms Example {n}",
            "address_lines": [f"{n} Heol y Llan", "Caerdydd", "CF10 1AA"],
            "role": "victim",
            "contact_level": None,
            "contact_level_words": None,
        },
        "case": {
            "ref": f"VLU-2025-{n:04d}",
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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import weasyprint

    renderer = Renderer(None)
    letters = [renderer.letter("initial-contact", context(n), n) for n in range(1, args.letters + 1)]
    cover = cover_for(letters, batch_id=1, made_on=date(2025, 6, 2))
    html = renderer.html(letters, "Batch 1", cover=cover, duplex=True)

    pairs = {
        "pdf": (
            lambda: weasyprint.HTML(string=html).write_pdf(),
            lambda: render_batch(renderer, letters, "pdf", cover=cover, title="Batch 1"),
        ),
        "html": (
            lambda: renderer.html(letters, "Batch 1", cover=cover, duplex=True),
            lambda: render_batch(renderer, letters, "html", cover=cover, title="Batch 1"),
        ),
        "txt": (
            lambda: "\f".join(letter.text for letter in letters),
            lambda: render_batch(renderer, letters, "txt", cover=cover),
        ),
    }
    batch = render_batch(renderer, letters, "pdf", cover=cover, title="Batch 1")
    print(f"{args.letters} letters, {sum(batch.pages)} letter pages, rounds {args.rounds} (A B interleaved)")
    for fmt, (floor, ours) in pairs.items():
        a, b = [], []
        for _ in range(args.rounds):
            a.append(timed(floor))
            b.append(timed(ours))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{fmt:4}  floor {ma:8.3f} s   render_batch {mb:8.3f} s   ratio {mb / ma:5.2f}")


if __name__ == "__main__":
    main()
