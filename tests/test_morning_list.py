"""The morning list (issue 11 item 5): windows not yet open, unknown officers, a huge backlog, and
tables at 80 columns. SPEC §4 keeps the JSON fields; STYLE's Taskwarrior anchor the footer."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def due_json(vlo, args: str = "") -> list[dict]:
    return json.loads(vlo(f"due --json {args}").stdout)


def test_an_unknown_officer_is_an_error_listing_the_officers_known(vlo, case):
    error = vlo.fails('due --officer "Nobody"')
    assert error == "Error: no cases for officer 'Nobody'; officers known: A. Jones"
    assert [r["victim_id"] for r in due_json(vlo, '--officer "a. jones"')] == [1, 2]


def test_annual_letters_wait_until_their_window_opens_and_come_one_at_a_time(vlo, case):
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("contact add 2 --date 2025-04-10 --method phone")
    vlo("victim opt-in 1 --level annual")
    # The first letter is due on the anniversary, Tue 31 Mar 2026; its window opens 20 working days
    # before (Mon 2 Mar 2026). The opt-in call of 10 Apr 2025 does not answer it.
    assert due_json(vlo) == []
    out = vlo("due")
    # The annual letter and the views on licence conditions (release is over a year away).
    assert "2 not open yet (--all shows them)." in out.stderr
    rows = [r for r in due_json(vlo, "--all") if r["kind"] == "annual-update"]
    assert [(r["kind"], r["due_date"], r["what"]) for r in rows] == [
        ("annual-update", "2026-03-31", "Annual letter (year 1)")
    ]  # one letter, not nine years of them
    assert "annual-update" not in [r["kind"] for r in due_json(vlo, "--today 2026-02-27")]
    assert "annual-update" in [r["kind"] for r in due_json(vlo, "--today 2026-03-20")]


def test_a_terminal_shows_the_most_urgent_page_and_the_footer_counts_the_rest(vlo, monkeypatch):
    vlo('case add B-1 --offender "A" --offence "Wounding" --category violent')
    vlo("sentence B-1 --date 2024-01-08 --type sds --length 4y")
    for n in range(25):
        vlo(["victim", "add", "B-1", "--name", f"Person {n}"])
    # A terminal 27 lines high: the title, the header and its three rules, the footer and the
    # prompt take 7, so 20 rows of one line each fit.
    monkeypatch.setattr("vlo.cli.due.terminal_height", lambda stream: 27)
    out = vlo("due").stdout
    assert out.count("OVERDUE") == 20
    assert "20 most urgent shown of 25: 25 overdue, 0 today, 0 soon, 0 upcoming. 5 more: vlo due --csv" in out
    assert len(due_json(vlo)) == 25  # machine formats get every row
    assert len(vlo("due --csv").stdout.splitlines()) == 26


def test_a_page_is_a_terminals_height_and_a_pipe_gets_every_row_whatever_lines_says(monkeypatch):
    import os

    from vlo.cli.due import terminal_height

    monkeypatch.setenv("LINES", "40")
    master, terminal = os.openpty()
    with os.fdopen(master), os.fdopen(terminal, "w") as tty:
        assert terminal_height(tty) == 40
    reading, writing = os.pipe()
    os.close(reading)
    with os.fdopen(writing, "w") as pipe:
        assert terminal_height(pipe) is None  # LINES exported by a shell does not cut a pipe's rows


def test_a_page_holds_the_rows_that_fit_the_terminal_wrapped_lines_and_all(vlo, monkeypatch):
    """At 80 columns a row can wrap to several lines: the page shows the rows that fit the
    terminal's height, whole, not 20 rows whatever their height (found by a new-user review)."""
    vlo('case add B-1 --offender "A" --offence "Wounding" --category violent')
    vlo("sentence B-1 --date 2024-01-08 --type sds --length 4y")
    for n in range(6):
        vlo(["victim", "add", "B-1", "--name", f"Person with a long name number {n}"])
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("vlo.cli.due.terminal_height", lambda stream: 24)
    lines = vlo("due").stdout.splitlines()
    assert max(map(len, lines)) <= 60
    under = " ".join(lines[lines.index(next(x for x in lines if x.startswith("└"))) + 1 :])
    assert "Left out at 60 columns: Left (a wider window, or --csv, shows them)." in under
    footer = under
    shown = int(footer.split()[0])
    assert footer.startswith(f"{shown} most urgent shown of 6: 6 overdue")
    # Every shown row whole (each wraps to several lines), and all of it within 24 lines of 60.
    assert sum(line.startswith("│ B-1") for line in lines) == shown and 1 < shown < 6
    assert len(lines) <= 23  # and the prompt's line


def test_machine_rows_are_streamed_not_listed(vlo, case):
    from datetime import date

    from vlo.service.deadlines import due
    from vlo.storage import open_database

    store = open_database(vlo.db)
    found = due(store, today=date(2025, 6, 2), within=None)
    assert isinstance(found.rows, Iterator) and found.total == 2
    assert len(list(found.rows)) == 2
    store.close()


@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"a": "Siân", "b": None}, {"a": [1, 2]}]])
def test_streamed_json_is_the_same_text_as_a_dumped_list(items):
    import io

    from vlo.render import json_rows

    out = io.StringIO()
    assert json_rows(out, iter(items)) == len(items)
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def test_at_80_columns_words_stay_whole_and_the_table_says_what_it_left_out(vlo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    vlo(
        'case add W-1 --offender "A" --offence "Wounding" --category violent --officer "Bartholomew Featherstonehaugh"'
    )
    vlo("sentence W-1 --date 2025-03-31 --type sds --length 4y")
    vlo(
        [
            "victim",
            "add",
            "W-1",
            "--name",
            "Chidinma Adaeze Okonkwo-Smithson-Whitfield",
            "--role",
            "bereaved-relative",
        ]
    )
    out = vlo("due").stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "Left out at 80 columns: Officer" in out
    cells = [line.split("│")[2].strip() for line in out.splitlines() if line.startswith("│")]
    assert "Okonkwo-" in cells and not any(c.endswith("Sm") for c in cells)
    assert "".join(cells).replace(" ", "") == "1Chidinma Adaeze Okonkwo-Smithson-Whitfield".replace(" ", "")


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=" -\n\tab\u00a0é", max_size=12), max_size=6))
def test_the_longest_word_part_is_what_splitting_on_spaces_and_hyphens_gives(values):
    """The table's narrowest column keeps whole words, breaking only after a hyphen ("Okonkwo-" /
    "Smith"): the one-pass regex must measure the same parts as splitting does."""
    from vlo.render import _longest_word

    def parts(word):
        pieces = word.split("-")
        return [p + "-" for p in pieces[:-1]] + [pieces[-1]]

    expected = max((len(p) for v in values for w in v.split() or [""] for p in parts(w)), default=0)
    assert _longest_word(values) == expected


@settings(max_examples=300)
@given(st.text(alphabet=" -\nabc", max_size=30), st.integers(min_value=1, max_value=12))
def test_a_cell_that_fits_is_one_line_as_it_was_typed(text, width):
    """Wrapping keeps every character, and a cell that fits its column is printed as it is."""
    from vlo.render import _wrap

    lines = _wrap(text, width)
    assert all(len(line) <= width for line in lines)
    if len(text) <= width and "\n" not in text and not text.startswith(" "):
        assert lines == [text]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("listing", "whole"),
    [
        ("due", "Initial"),
        ("contact list --personal", "conditions"),  # what was said: only with --personal
        ("batch list", "initial-contact"),
        ("condition list --personal", "Llandaff,"),
        ("breach list", "Probation"),
        ("victim list", "Siân"),
        ("case list", "VLU-2025-000123"),
    ],
)
def test_every_listing_fits_80_columns_with_whole_words(vlo, case, monkeypatch, tmp_path, listing, whole):
    """A listing too wide for the window leaves columns out (and says which) rather than cut a
    word: 'Summar' / 'y', 'condition' / 's', 'Llanda' / 'ff' at 80 columns, with references as long
    as a unit's (found by two new-user reviews). Hyphenated values may break after a hyphen."""
    vlo(
        'case add VLU-2025-000123 --offender "A Person" --offence "Wounding" --category violent --officer "A. Jones"'
    )
    vlo("sentence VLU-2025-000123 --date 2025-04-01 --type sds --length 3y")
    vlo('victim add VLU-2025-000123 --name "Bea Long" --address "3 Low St, York" --postcode "YO1 1AA"')
    vlo('contact add 3 --date 2025-04-10 --method phone --summary "Views on licence conditions"')
    details = "Not to enter Llandaff, Cardiff, including the Cathedral Green and the streets around it"
    vlo(["condition", "add", "3", "--type", "exclusion-zone", "--details", details])
    vlo("breach add VLU-2025-000123 --victim 3 --date 2025-05-01 --summary Seen")
    vlo(
        [
            "breach",
            "referred",
            "1",
            "--to",
            "Offender Manager, Cardiff Probation Delivery Unit",
            "--date",
            "2025-05-01",
        ]
    )
    vlo("breach outcome 1 --result no-further-action --date 2025-05-20")
    vlo(f"letters initial-contact --out {tmp_path / 'letters'}")
    monkeypatch.setenv("COLUMNS", "80")
    out = vlo(listing).stdout + vlo(listing).stderr
    assert max(map(len, out.splitlines())) <= 80
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    words = {w for line in table for w in line.replace("│", " ").replace("┃", " ").split()}
    assert whole in words
    for header in ("Summary", "Details", "Print", "What", "Person", "Status", "Case"):
        assert not any(header.startswith(w) and w != header and len(w) > 2 for w in words), (header, words)
