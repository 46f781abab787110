"""A batch of letters in one go: the print file and each letter's own file, every page laid out once.

``render_batch`` is what the batch command calls. For PDF it lays out the whole batch (cover sheet
and letters) once with WeasyPrint, writes the print file from that layout, and cuts each letter's
own PDF out of the print file's pages (pypdf copies them): no page is laid out or drawn twice. In the print
file each letter starts on an odd page (a blank page is added before it where needed), so printed
double-sided no letter begins on the back of someone else's. The cover sheet lists ids, never names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from vlo.letters import FORMATS, Letter, Renderer, _weasyprint, long_date


@dataclass(frozen=True)
class Cover:
    """The batch's first sheet: what is in it, by id only (the sheet may sit on a shared printer)."""

    title: str
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ("Letter", "Person", "Template", "Print", "Language", "File")
    rows: tuple[tuple[str, ...], ...] = ()


def cover_for(
    letters: Sequence[Letter],
    *,
    batch_id: int,
    made_on: date,
    files: Sequence[str] | None = None,
    duplex: bool = True,
) -> Cover:
    """The cover sheet for a batch: one row a letter, ids and formats only. ``duplex=False`` for a
    text batch, which cannot hold a letter to sheets of its own."""
    templates = sorted({letter.template for letter in letters})
    rows = tuple(
        (
            str(n),
            str(letter.person_id),
            letter.template,
            letter.format,
            letter.language,
            files[n - 1] if files else "",
        )
        for n, letter in enumerate(letters, start=1)
    )
    count = len(letters)
    return Cover(
        title=f"Batch {batch_id}: {', '.join(templates)}",
        lines=(
            f"{count} letter{'' if count == 1 else 's'}, made on {long_date(made_on)}.",
            "Each letter starts on a new sheet: print double-sided and nothing of one person's "
            "letter lands on the back of another's. This sheet lists ids only."
            if duplex
            else "Print this file single-sided: a text file, or a page a browser prints, cannot keep "
            "each letter on sheets of its own. This sheet lists ids only.",
        ),
        rows=rows,
    )


@dataclass
class RenderedBatch:
    """The print file and each letter's own file, in the order of the letters given."""

    combined: bytes
    letters: list[bytes]
    pages: list[int] = field(default_factory=list)  # PDF only: each letter's page count


def render_batch(
    renderer: Renderer,
    letters: Sequence[Letter],
    fmt: str,
    *,
    cover: Cover | None = None,
    title: str = "Letters",
) -> RenderedBatch:
    """Render ``letters`` as ``fmt`` (txt, html or pdf): the print file (``cover`` first, then every
    letter on an odd page) and one file per letter."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "txt":
        return _text_batch(letters, cover)
    if fmt == "html":
        # For a browser, which lays out no running footer, page counts or odd-page starts (CSS paged
        # media): each letter starts a new page, printed single-sided; the PDF keeps the rest.
        single = [renderer.html([letter], title).encode("utf-8") for letter in letters]
        combined = renderer.html(list(letters), title, cover=cover).encode("utf-8")
        return RenderedBatch(combined, single)
    return _pdf_batch(renderer, letters, cover, title)


def _text_batch(letters: Sequence[Letter], cover: Cover | None) -> RenderedBatch:
    texts = [letter.text for letter in letters]
    parts = [cover_text(cover)] if cover else []
    # A form feed starts each letter on a new page when the file goes to the printer.
    combined = "\f".join([*parts, *texts]).encode("utf-8")
    return RenderedBatch(combined, [t.encode("utf-8") for t in texts])


def cover_text(cover: Cover) -> str:
    widths = [max(len(c), *(len(r[i]) for r in cover.rows)) for i, c in enumerate(cover.columns)]
    table = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (cover.columns, *cover.rows)
    ]
    return "\n\n".join([cover.title, *cover.lines, "\n".join(table)]) + "\n"


def _pdf_batch(
    renderer: Renderer, letters: Sequence[Letter], cover: Cover | None, title: str
) -> RenderedBatch:
    weasyprint = _weasyprint()
    html = renderer.html(list(letters), title, cover=cover, duplex=True, paged=True)
    document = weasyprint.HTML(
        string=html, base_url=renderer.base_url, url_fetcher=renderer.url_fetcher
    ).render()
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("letter-"):
                starts.setdefault(anchor, index)
    # Laid out and drawn once: the print file. Each letter's own file is its pages copied out of
    # that PDF (content streams and fonts as they are, nothing drawn again): about 1% of the
    # layout's time, where drawing the pages a second time cost a third more.
    combined = document.write_pdf()
    ranges = [(starts[f"letter-{n}"], starts[f"letter-{n}-end"]) for n in range(1, len(letters) + 1)]
    singles = split_pdf(combined, ranges)
    return RenderedBatch(combined, singles, [last - first + 1 for first, last in ranges])


def split_pdf(pdf: bytes, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """One PDF per ``(first, last)`` page range (0-based, inclusive) of ``pdf``."""
    import io

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for first, last in ranges:
        writer = PdfWriter()
        for index in range(first, last + 1):
            writer.add_page(reader.pages[index])
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
