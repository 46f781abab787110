"""The table's fast paths (one %-format per line, wrapping each distinct text once, words measured
only when they limit a column) draw exactly what drawing cell by cell does, on any text: wide and
combining characters, line breaks, leading spaces, hyphens, "%" and NUL included."""

from __future__ import annotations

import contextlib
import io
import os
import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vlo import render
from vlo.render import _ANSI, _MIN_WIDTH, _RESET, Column, _wrap, cell


def reference_table(rows, columns, *, width, colour, title, styles, footer) -> str:
    """The table as vlo drew it before the fast paths: every cell measured, wrapped and justified."""

    def longest_word(values):
        return max(map(len, re.findall(r"[^\s-]*-|[^\s-]+", "\n".join(values))), default=0)

    def fit(natural, words, wraps, *, words_only=False):
        widths = list(natural)
        for floor in [words] if words_only else [words, [_MIN_WIDTH] * len(widths)]:
            while sum(widths) + 3 * len(widths) + 1 > width:
                candidates = [i for i, w in enumerate(widths) if wraps[i] and w > max(floor[i], _MIN_WIDTH)]
                if not candidates:
                    break
                widths[max(candidates, key=lambda i: widths[i])] -= 1
        return widths

    columns = list(columns)
    left_out = []
    values = {c.key: [cell(row.get(c.key)) for row in rows] for c in columns}
    while True:
        natural = [max([len(c.header), *map(len, values[c.key])]) for c in columns]
        words = [min(20, longest_word([c.header, *values[c.key]])) for c in columns]
        wraps = [not c.no_wrap for c in columns]
        widths = fit(natural, words, wraps, words_only=True)
        optional = [i for i, c in enumerate(columns) if c.optional]
        if sum(widths) + 3 * len(widths) + 1 <= width or not optional:
            break
        left_out.insert(0, columns.pop(optional[-1]).header)
    widths = fit(natural, words, wraps)

    def block(cells, bar, style):
        wrapped = [_wrap(v, w) for v, w in zip(cells, widths, strict=True)]
        text = ""
        for n in range(max(map(len, wrapped))):
            body = f" {bar} ".join(
                (str.rjust if c.justify == "right" else str.ljust)(lines[n] if n < len(lines) else "", w)
                for c, w, lines in zip(columns, widths, wrapped, strict=True)
            )
            if style and colour:
                body = _ANSI.get(style, "") + body + _RESET
            text += f"{bar} {body} {bar}\n"
        return text

    def line(left, fill, mid, right):
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    text = (title + "\n" if title else "") + line("┏", "━", "┳", "┓")
    text += block([c.header for c in columns], "┃", "bold") + line("┡", "━", "╇", "┩")
    for n, style in zip(range(len(rows)), styles, strict=False):  # styles may run short
        text += block([values[c.key][n] for c in columns], "│", style)
    text += line("└", "─", "┴", "┘") + ("\n".join(_wrap(footer, width)) + "\n" if footer else "")
    if left_out:
        note = f"Left out at {width} columns: {', '.join(left_out)} (a wider window, or --csv, shows them)."
        text += "\n".join(_wrap(note, width)) + "\n"  # the lines under the table wrap at the width
    return text


# Plain letters most of the time, so cells often fit; the rest is what could break a fast path.
# Some texts repeat, as the morning list's do, so rows share their wrapped lines.
TEXT = st.text(
    alphabet=st.sampled_from("aaaaaaaaabbbbbcc  -\n%\x00é漢\u0301\u00a0\t"), max_size=30
) | st.sampled_from(
    ["Okonkwo-Smith", "Annual letter (year 1)", " lead", "a\x00 b", "100%", "Featherstonehaughwhitfield"]
)
VALUE = TEXT | st.none() | st.booleans() | st.integers(-3000, 3000)
COLUMN = st.builds(
    Column,
    key=st.sampled_from("abcde"),
    header=st.sampled_from(["Case", "What is due", "Left", "Status", "Person name", "Officer responsible"]),
    justify=st.sampled_from(["left", "right"]),
    no_wrap=st.booleans(),
    optional=st.booleans(),
)
# As every listing has, one column that is never left out.
COLUMNS = st.tuples(COLUMN.filter(lambda c: not c.optional), st.lists(COLUMN, max_size=4)).map(
    lambda t: [t[0], *t[1]]
)
STYLE = st.sampled_from([None, "bold red", "bold", "yellow", "unknown"])


@settings(max_examples=400)
@given(
    columns=COLUMNS,
    rows=st.lists(st.dictionaries(st.sampled_from("abcde"), VALUE), max_size=8),
    width=st.integers(10, 140),
    colour=st.booleans(),
    styles=st.none() | st.lists(STYLE, max_size=10),
    title=st.none() | st.just("Due as of Tuesday"),
)
# A 26-letter word keeps its column 20 wide (words are kept up to 20): too wide for the optional
# column beside it at 30 columns, which is left out; at 19 it would have fitted.
@example(
    columns=[Column("a", "Case"), Column("b", "Left", optional=True)],
    rows=[{"a": "Featherstonehaughwhitfield", "b": "ab"}],
    width=30,
    colour=False,
    styles=None,
    title=None,
)
def test_the_fast_table_draws_what_drawing_cell_by_cell_draws(columns, rows, width, colour, styles, title):
    env = {"COLUMNS": str(width), "NO_COLOR": "" if colour else "1", "FORCE_COLOR": "1" if colour else ""}
    out = io.StringIO()
    with mock.patch.dict(os.environ, env), contextlib.redirect_stdout(out):
        render.emit(rows, columns, "table", title=title, styles=styles, footer="3 shown.")
    expected = reference_table(
        rows,
        columns,
        width=width,
        colour=colour,
        title=title,
        styles=[None] * len(rows) if styles is None else styles,
        footer="3 shown.",
    )
    assert out.getvalue() == expected
