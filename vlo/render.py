"""One way to print rows: a Rich table for people, JSON or CSV for machines.

Data goes to stdout and messages to stderr. Rich is imported only when a table is drawn, and a
console is made per call so ``NO_COLOR`` and test settings are read when rendering.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
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
    footer: str | None = None,
) -> int:
    """Write ``rows`` as ``table``, ``json`` or ``csv``; returns how many were written."""
    if fmt == "json":
        return json_rows(sys.stdout, ({c.key: row.get(c.key) for c in columns} for row in rows))
    if fmt == "csv":
        return csv_rows(
            sys.stdout, [c.key for c in columns], ([row.get(c.key) for c in columns] for row in rows)
        )
    return _table(rows, columns, title=title, styles=styles, footer=footer)


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


def _fit(
    natural: list[int], words: list[int], wraps: list[bool], width: int, *, words_only: bool = False
) -> list[int]:
    """Column widths within ``width``: shrink the wrapping columns, widest first, never the codes.

    Columns keep their longest word while they can, so words break between lines, not inside;
    ``words_only`` stops there (the caller then leaves a column out rather than cut words).
    """
    widths = list(natural)
    borders = 3 * len(widths) + 1
    floors = [words] if words_only else [words, [_MIN_WIDTH] * len(widths)]
    for floor in floors:
        while sum(widths) + borders > width:
            candidates = [i for i, w in enumerate(widths) if wraps[i] and w > max(floor[i], _MIN_WIDTH)]
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


def _table(rows, columns, *, title, styles, footer) -> int:
    out = sys.stdout
    rows = list(rows)
    columns = list(columns)
    width = width_of(out)
    left_out: list[str] = []
    # Each column's cells and measures once: leaving a column out at a narrow width re-fits the rest.
    by_column = {id(c): [cell(row.get(c.key)) for row in rows] for c in columns}
    measured = {
        id(c): (
            max([len(c.header), *map(len, by_column[id(c)])]),
            min(20, _longest_word([c.header, *by_column[id(c)]])),
        )
        for c in columns
    }
    while True:
        headers = [c.header for c in columns]
        natural = [measured[id(c)][0] for c in columns]
        words = [measured[id(c)][1] for c in columns]
        wraps = [not c.no_wrap for c in columns]
        widths = _fit(natural, words, wraps, width, words_only=True)
        optional = [i for i, c in enumerate(columns) if c.optional]
        if sum(widths) + 3 * len(widths) + 1 <= width or not optional:
            break
        # Too narrow for whole words in every column: leave a column out rather than cut words.
        left_out.insert(0, columns.pop(optional[-1]).header)
    widths = _fit(natural, words, wraps, width)
    cells = [list(r) for r in zip(*(by_column[id(c)] for c in columns), strict=True)] if rows else []
    style_list = list(styles) if styles is not None else [None] * len(cells)
    colour = colour_on(out)

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    aligned = [
        (str.rjust if c.justify == "right" else str.ljust, w) for c, w in zip(columns, widths, strict=True)
    ]

    def block(values: list[str], bar: str, style: str | None) -> str:
        wrapped = [_wrap(v, w) for v, w in zip(values, widths, strict=True)]
        height = max(map(len, wrapped))
        sep = f" {bar} "
        text = []
        for n in range(height):
            body = sep.join(
                justify(lines[n] if n < len(lines) else "", w)
                for (justify, w), lines in zip(aligned, wrapped, strict=True)
            )
            if style and colour:
                body = _ANSI.get(style, "") + body + _RESET
            text.append(f"{bar} {body} {bar}\n")
        return "".join(text)

    chunks = []
    if title:
        chunks.append(title + "\n")
    chunks.append(line("┏", "━", "┳", "┓"))
    chunks.append(block(headers, "┃", "bold"))
    chunks.append(line("┡", "━", "╇", "┩"))
    chunks.extend(block(r, "│", s) for r, s in zip(cells, style_list, strict=False))
    chunks.append(line("└", "─", "┴", "┘"))
    if footer:
        chunks.append(footer + "\n")
    if left_out:
        chunks.append(
            f"Left out at {width} columns: {', '.join(left_out)} (a wider window, or --csv, shows them).\n"
        )
    out.write("".join(chunks))
    return len(cells)


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
