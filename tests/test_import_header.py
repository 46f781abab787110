"""vlo import drops nothing silently (red-team review, item 3): a column named twice, a column with
no name, and a row with fewer cells than the header are each refused in one line naming where."""

from __future__ import annotations

HEADER = (
    "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
    "victim_address,victim_postcode,victim_email,victim_phone"
)
ROW = 'N-1,Ann Bee,Robbery,violent,2025-02-03,sds,2y,Cai Dee,"3 Stryd Fawr, Bangor",LL57 1AA,cai@example.org,01248 000000'


def write(path, header, *rows):
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_column_named_twice_is_refused(vlo, tmp_path):
    # The last victim_address would win: a shelter's address swapped for the old home's.
    path = write(tmp_path / "in.csv", HEADER + ",victim_address", ROW + ",1 Old Home Road")
    error = vlo.fails(f"import {path}")
    assert error == "Error: in.csv has the column 'victim_address' twice (columns 9 and 13); keep one"
    assert "twice" in vlo.fails(f"import {path} --check")


def test_a_column_with_no_name_is_refused(vlo, tmp_path):
    # Its cells (a safety note) would be dropped without a word.
    path = write(tmp_path / "in.csv", HEADER + ",", ROW + ",Do not call after 6pm: he checks her phone")
    assert vlo.fails(f"import {path}") == (
        "Error: in.csv: column 13 has no name in the header; name it "
        "(see the README's vlo import section) or remove it"
    )
    path = write(tmp_path / "in.csv", HEADER.replace("victim_phone", "  "), ROW)
    assert "column 12 has no name" in vlo.fails(f"import {path}")


def test_a_row_with_fewer_cells_than_the_header_is_refused(vlo, tmp_path):
    short = ROW.removesuffix(",01248 000000")
    path = write(tmp_path / "in.csv", HEADER, ROW, short.replace("N-1", "N-2"))
    out = vlo(f"import {path}", ok=False)
    assert out.exit_code != 0
    assert out.stderr.splitlines() == [
        "line 3: fewer (11) cells than the header has columns (12)",
        f"Error: 1 bad row in {path}; nothing imported",
    ]
    assert vlo("case list --json").stdout == "[]\n"


def test_a_well_formed_file_still_imports(vlo, tmp_path):
    path = write(tmp_path / "in.csv", HEADER, ROW)
    vlo(f"import {path}")
    assert '"N-1"' in vlo("case list --json").stdout
