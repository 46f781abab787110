"""One way to print rows: a Rich table for people, JSON or CSV for machines.

Data goes to stdout and messages to stderr. Rich is imported only when a table is drawn, and a
console is made per call so ``NO_COLOR`` and test settings are read when rendering.
"""

from __future__ import annotations

import csv
import json
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
        items = [{c.key: row.get(c.key) for c in columns} for row in rows]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return len(items)
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        count = 0
        for row in rows:
            writer.writerow([_csv_cell(row.get(c.key)) for c in columns])
            count += 1
        return count
    return _table(rows, columns, title=title, styles=styles, footer=footer)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value


def _table(rows, columns, *, title, styles, footer) -> int:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, header_style="bold", title_justify="left", expand=False)
    for c in columns:
        table.add_column(c.header, justify=c.justify, overflow="fold", no_wrap=c.no_wrap)
    style_iter = iter(styles) if styles is not None else None
    count = 0
    for row in rows:
        style = next(style_iter, None) if style_iter is not None else None
        # Text objects, not strings: data is never read as Rich markup ("O'Neil [/]").
        table.add_row(*(Text(cell(row.get(c.key))) for c in columns), style=style)
        count += 1
    out = console()
    out.print(table)
    if footer:
        out.print(Text(footer))
    return count


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
