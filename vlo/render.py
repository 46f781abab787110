"""One way to print rows: a Rich table for people, JSON or CSV for machines.

Data goes to stdout and messages to stderr. Rich is imported only when a table is drawn, and a
console is made per call so ``NO_COLOR`` and test settings are read when rendering.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    # Wide free-text columns may fold; short codes keep to one line.
    no_wrap: bool = False
    # May be left out (and the table says so) when the screen is too narrow for every column.
    optional: bool = False


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold a long list of rows without Python's cycle collector walking it again and again.

    Rows are dicts of text and numbers, freed by reference counting; but while a table holds
    thousands of them, every full collection re-scans them all (about 10 ms of CPU for a 19,000-row
    morning list, nothing for its streamed CSV). Collection resumes, as it was, on leaving.
    """
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def message(text: str) -> None:
    """A line for the officer on stderr, never mixed with data."""
    print(text, file=sys.stderr)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def emit(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    title: str | None = None,
    styles: Iterable[str | None] | None = None,
    footer: str | Callable[[int], str] | None = None,
    height: int | None = None,
) -> int:
    """Write ``rows`` as ``table``, ``json`` or ``csv``; returns how many were written.

    A table with a ``height`` (a terminal's) shows the first rows that fit in it with the title,
    header and footer; ``footer`` may then be a function of how many rows were shown."""
    if fmt == "json":
        return json_rows(sys.stdout, ({c.key: row.get(c.key) for c in columns} for row in rows))
    if fmt == "csv":
        return csv_rows(
            sys.stdout, [c.key for c in columns], ([row.get(c.key) for c in columns] for row in rows)
        )
    return _table(rows, columns, title=title, styles=styles, footer=footer, height=height)


def json_rows(out, items: Iterable[dict[str, Any]]) -> int:
    """Stream one JSON array, item by item (the same text as ``json.dumps(list, indent=2)``):
    memory does not grow with the list."""
    import json

    count = 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if count == 0 else ",\n  ") + text)
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will show, never run: text that looks like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def private_file(path, excel: bool, *, force: bool = False):
    """An owner-only CSV file, placed at ``path`` only once complete (``newline=""``: the csv
    module writes its own line ends). Never through a planted link; an existing file only with
    ``force``. A context manager: ``with private_file(path, excel) as f``."""
    from pathlib import Path

    from vlo import files

    return files.open_text(Path(path), force=force, encoding="utf-8-sig" if excel else "utf-8", newline="")


def csv_rows(out, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Stream rows to a CSV file: memory does not grow with the table."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    return count


def un_neutralise(value: str) -> str:
    """Undo :func:`_csv_cell` on import, so an export read back gives the same values."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


# Lists are drawn here rather than with rich.table: Rich measured about 1 ms a row (0.8 s for a
# 500-row morning list, 5.5 s for 3,000), which would make vlo due slow exactly when most is due.
# The look is Rich's default box; the colour rules are Rich's (NO_COLOR, FORCE_COLOR, a terminal).
_ANSI = {"bold red": "\x1b[1;31m", "bold": "\x1b[1m", "yellow": "\x1b[33m", "red": "\x1b[31m"}
_RESET = "\x1b[0m"
_MIN_WIDTH = 6


def colour_on(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def width_of(stream) -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    if stream.isatty():
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except OSError:
            return 80
    # Piped to a file or a pager: wide enough for the morning list without folding most cells.
    return 120


# A column keeps its longest word, up to this many characters, before words are cut.
_WORD_KEPT = 20


def _fit(
    natural: list[int],
    word: Callable[[int], int],
    wraps: list[bool],
    width: int,
    *,
    words_only: bool = False,
) -> list[int]:
    """Column widths within ``width``: shrink the wrapping columns, widest first, never the codes.

    Columns keep their longest word (``word(i)``, at most ``_WORD_KEPT``) while they can, so words
    break between lines, not inside; ``words_only`` stops there (the caller then leaves a column out
    rather than cut words). A column wider than ``_WORD_KEPT`` may shrink whatever its longest word,
    so ``word`` is asked only of columns narrowed that far: measuring words costs more than fitting.
    """
    widths = list(natural)
    borders = 3 * len(widths) + 1
    floors = [word] if words_only else [word, lambda i: _MIN_WIDTH]
    for floor in floors:
        while sum(widths) + borders > width:
            candidates = [
                i
                for i, w in enumerate(widths)
                if wraps[i] and w > _MIN_WIDTH and (w > _WORD_KEPT or w > floor(i))
            ]
            if not candidates:
                break
            widths[max(candidates, key=lambda i: widths[i])] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """Wrap on spaces, folding words longer than the column: every character is kept."""
    if len(text) <= width and "\n" not in text and not text.startswith(" "):
        return [text]  # most cells: what the loop below would give, without it
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        line = ""
        for word in paragraph.split(" "):
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                # A word too long for the column breaks after a hyphen where it has one.
                cut = word.rfind("-", 0, width) + 1 or width
                lines.append(word[:cut])
                word = word[cut:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines or [""]


# A word, or the part of a word up to and including a hyphen.
_WORD_PART = re.compile(r"[^\s-]*-|[^\s-]+")


def _longest_word(values: list[str]) -> int:
    # Hyphenated names may break after a hyphen: "Okonkwo-" / "Smith", never "Okonkwo-Sm" / "ith".
    # One regex pass over the column: a morning list of 19,000 rows has 130,000 cells.
    return max(map(len, _WORD_PART.findall("\n".join(values))), default=0)


def _cells_to_wrap(values: list[str], width: int, natural: int) -> list[int]:
    """Which of a column's cells :func:`_wrap` would not print as they are, on one line."""
    if natural <= width:
        # No cell is too long, so only a line break or a leading space can make one wrap; in most
        # columns one scan of the joined text finds neither. (A cell holding "\x00 " gives a false
        # alarm: the exact test below then decides.)
        joined = "\x00".join(values)
        if "\n" not in joined and "\x00 " not in joined and not joined.startswith(" "):
            return []
    return [i for i, v in enumerate(values) if len(v) > width or "\n" in v or v.startswith(" ")]


def _table(rows, columns, *, title, styles, footer, height=None) -> int:
    out = sys.stdout
    rows = list(rows)
    columns = list(columns)
    width = width_of(out)
    left_out: list[str] = []
    # Each column's cells and widths once: leaving a column out at a narrow width re-fits the rest.
    # Most columns hold only text: cell() is called for those that do not (one type check each).
    by_column = {}
    for c in columns:
        column = [row.get(c.key) for row in rows]
        by_column[id(c)] = column if set(map(type, column)) <= {str} else [cell(v) for v in column]
    natural_of = {id(c): max(len(c.header), max(map(len, by_column[id(c)]), default=0)) for c in columns}
    words_of: dict[int, int] = {}

    def word(i: int) -> int:
        """The longest word of the i-th column shown, measured when first asked (see _fit)."""
        c = columns[i]
        if id(c) not in words_of:
            # Each distinct text once: "What is due" repeats a few hundred texts over thousands of rows.
            words_of[id(c)] = min(_WORD_KEPT, _longest_word([c.header, *set(by_column[id(c)])]))
        return words_of[id(c)]

    while True:
        headers = [c.header for c in columns]
        natural = [natural_of[id(c)] for c in columns]
        wraps = [not c.no_wrap for c in columns]
        widths = _fit(natural, word, wraps, width, words_only=True)
        optional = [i for i, c in enumerate(columns) if c.optional]
        if sum(widths) + 3 * len(widths) + 1 <= width or not optional:
            break
        # Too narrow for whole words in every column: leave a column out rather than cut words.
        left_out.insert(0, columns.pop(optional[-1]).header)
    widths = _fit(natural, word, wraps, width)
    values = [list(by_column[id(c)]) for c in columns]  # copies: wrapping rewrites cells in place
    style_list = list(styles) if styles is not None else [None] * len(rows)
    colour = colour_on(out)

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    # Each line of the table is one %-format of its cells: "%-17s" and "%17s" pad exactly as
    # str.ljust and str.rjust do. A template per bar and style, made once.
    body = " │ ".join(
        f"%{'' if c.justify == 'right' else '-'}{w}s" for c, w in zip(columns, widths, strict=True)
    )
    templates: dict[tuple[str, str | None], str] = {}

    def template(bar: str, style: str | None) -> str:
        if (bar, style) not in templates:
            text = body.replace("│", bar)
            if style and colour:
                text = _ANSI.get(style, "") + text + _RESET
            templates[bar, style] = f"{bar} {text} {bar}\n"
        return templates[bar, style]

    def further(form: str, wrapped: tuple[tuple[int, tuple[str, ...]], ...]) -> str:
        """The lines below a row's first: the further lines of its wrapped cells (column, lines),
        the other cells blank."""
        text = []
        for n in range(1, max(len(lines) for _, lines in wrapped)):
            cells = [""] * len(widths)
            for j, lines in wrapped:
                if n < len(lines):
                    cells[j] = lines[n]
            text.append(form % tuple(cells))
        return "".join(text)

    # Only the cells _wrap would change are wrapped, each distinct text once per column (the
    # morning list's "What is due" repeats a few hundred texts over thousands of rows). A wrapped
    # cell's first line takes its place in the row; the rest wait in ``below`` for the lines below.
    below: dict[int, tuple[tuple[int, tuple[str, ...]], ...]] = {}
    for j, (column, w, n) in enumerate(zip(values, widths, natural, strict=True)):
        to_wrap = _cells_to_wrap(column, w, n)
        lines_of = {text: tuple(_wrap(text, w)) for text in {column[i] for i in to_wrap}}
        for i in to_wrap:
            lines = lines_of[column[i]]
            column[i] = lines[0]
            if len(lines) > 1:
                below[i] = below.get(i, ()) + ((j, lines),)

    if height is not None:
        rows = rows[: _rows_that_fit(rows, below, height, width, title, headers, widths, footer, left_out)]
    if callable(footer):
        footer = footer(len(rows))
    chunks = []
    if title:
        chunks.append(title + "\n")
    chunks.append(line("┏", "━", "┳", "┓"))
    form = template("┃", "bold")
    header_lines = tuple(
        (j, tuple(_wrap(h, w))) for j, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    chunks.append(form % tuple(lines[0] for _, lines in header_lines))
    chunks.append(further(form, header_lines))
    chunks.append(line("┡", "━", "╇", "┩"))
    forms = {style: template("│", style) for style in set(style_list)}
    # Rows that wrap the same texts alike share their further lines (one "(year 1)" for hundreds).
    known: dict[tuple, str] = {}
    get = below.get
    for i, (cells, style) in enumerate(zip(zip(*values), style_list[: len(rows)])):  # noqa: B905 - styles may run short
        form = forms[style]
        chunks.append(form % cells)
        if (wrapped := get(i)) is not None:
            if (text := known.get((form, wrapped))) is None:
                text = known[form, wrapped] = further(form, wrapped)
            chunks.append(text)
        if len(chunks) >= 2000:  # written a block at a time: no one string of the whole table
            out.write("".join(chunks))
            chunks.clear()
    chunks.append(line("└", "─", "┴", "┘"))
    # The lines under the table are wrapped at the window's width too, between words.
    if footer:
        chunks.append("\n".join(_wrap(footer, width)) + "\n")
    if left_out:
        chunks.append("\n".join(_wrap(_left_out(left_out, width), width)) + "\n")
    out.write("".join(chunks))
    return len(rows)


def _left_out(left_out: list[str], width: int) -> str:
    return f"Left out at {width} columns: {', '.join(left_out)} (a wider window, or --csv, shows them)."


def _rows_that_fit(rows, below, height, width, title, headers, widths, footer, left_out) -> int:
    """How many of the first rows fit in ``height`` lines with everything else the table prints
    (and a line for the prompt after it); one at least."""

    def screen_lines(text: str) -> int:
        return len(_wrap(text, width))

    header = max(len(_wrap(h, w)) for h, w in zip(headers, widths, strict=True))
    last = footer(len(rows)) if callable(footer) else footer  # the longest it can be
    fixed = (screen_lines(title) if title else 0) + header + 3 + (screen_lines(last) if last else 0)
    fixed += 1 + (screen_lines(_left_out(left_out, width)) if left_out else 0)  # and the prompt
    budget, shown = height - fixed, 0
    for i in range(len(rows)):
        wrapped = below.get(i)
        budget -= max((len(lines) for _, lines in wrapped), default=1) if wrapped else 1
        if budget < 0:
            break
        shown += 1
    return max(1, shown)


def print_json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


class progress:  # noqa: N801 - used as a function: ``with progress(n, "Rendering") as advance:``
    """A Rich progress bar on long jobs, when someone is watching the terminal; else nothing."""

    def __init__(self, total: int, label: str, *, at_least: int = 50):
        self.total, self.label, self.bar = total, label, None
        if total >= at_least and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=console(stderr=True))

    def __enter__(self):
        if self.bar is None:
            return lambda: None
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
