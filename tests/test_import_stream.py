"""vlo import reads a line at a time: huge or endless input ends in one Error: naming the line."""

from __future__ import annotations

import csv
import json

from conftest import Vlo

HEADER = [
    "case_ref", "offender", "offence", "category", "sentence_date", "sentence_type", "sentence_length",
    "victim_name", "victim_address", "victim_postcode", "victim_email", "victim_phone",
]  # fmt: skip


def row(ref: str, name: str) -> list[str]:
    return [ref, "John Smith", "Burglary", "violent", "2025-03-31", "sds", "4y",
            name, "1 High Street, Leeds", "LS1 1AA", "", ""]  # fmt: skip


def write(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_endless_input_stops_at_the_first_line(vlo: Vlo):
    assert vlo.fails("import /dev/zero") == (
        "Error: line 1 of zero is longer than 100,000 characters; is it a CSV file?"
    )


def test_a_huge_cell_is_refused_with_its_line(vlo: Vlo, tmp_path):
    path = write(tmp_path / "big.csv", [row("A/1", "Ann Lee"), row("A/2", "x" * 200_000)])
    assert (
        vlo.fails(f"import {path}")
        == "Error: line 3 of big.csv is longer than 100,000 characters; is it a CSV file?"
    )
    quoted = tmp_path / "cell.csv"
    quoted.write_text(",".join(HEADER) + "\n" + '"' + "y\n" * 6_000 + '"\n')
    assert (
        vlo.fails(f"import {quoted}")
        == "Error: line 5002 of cell.csv: a cell is longer than 10,000 characters"
    )


def test_a_stray_byte_is_named_by_its_line_even_far_into_the_file(vlo: Vlo, tmp_path):
    path = write(tmp_path / "latin.csv", [row(f"A/{i}", "Ann Lee") for i in range(3_000)])
    with path.open("ab") as f:
        f.write(b"A/x,Jos\xe9,Burglary,violent,2025-03-31,sds,4y,Ann,1 High St,LS1 1AA,,\n")
    assert "a stray byte on line 3002" in vlo.fails(f"import {path}")


def test_a_bad_row_after_thousands_of_good_ones_writes_nothing(vlo: Vlo, tmp_path):
    rows = [row(f"A/{i}", "Ann Lee") for i in range(5_000)] + [row("A/x", "")]
    path = write(tmp_path / "late.csv", rows)
    out = vlo(f"import {path}", ok=False)
    assert out.exit_code != 0
    assert "line 5002: victim" in out.stderr or "line 5002:" in out.stderr
    assert vlo("case list --json").stdout.strip() in ("[]", "")


def test_one_audit_row_names_the_ids_an_import_added(vlo: Vlo, tmp_path):
    vlo("case add A/0 --offender 'Jo Bloggs' --offence Theft --category other")
    rows = [row(f"A/{i // 2 + 1}", f"Person {i}") for i in range(4_100)]
    out = vlo(f"import {write(tmp_path / 'many.csv', rows)}")
    assert "Imported 2,050 new cases, updated 0, with 4,100 people." in out.stderr
    export = tmp_path / "audit.csv"
    vlo(f"export audit --out {export}")
    with export.open(encoding="utf-8-sig") as f:
        imports = [r for r in csv.DictReader(f) if r["command"] == "import" and r["action"] != "recompute"]
    assert [(r["action"], r["fields"]) for r in imports] == [
        ("import", "cases 2-2051,sentences 1-2050,victims 1-4100")
    ]
    # Deadlines for the new cases only, all of them.
    due = json.loads(vlo("due --all --json").stdout)
    assert len({d["victim_id"] for d in due if d["kind"] == "initial-contact"}) == 4_100


def test_existing_cases_are_skipped_or_updated_in_a_big_file(vlo: Vlo, tmp_path):
    rows = [row(f"A/{i}", "Ann Lee") for i in range(2_500)]
    vlo(f"import {write(tmp_path / 'first.csv', rows)}")
    rows = [row(f"a/{i}", "Ann Lee") for i in range(2_400, 2_600)]  # references compare without case
    out = vlo(f"import {write(tmp_path / 'second.csv', rows)}")
    assert "Imported 100 new cases, updated 0, with 100 people. Skipped 100 cases" in out.stderr
    changed = [
        [*row(f"A/{i}", "Ann Lee")[:7], "Ann Lee", "2 New Road, Leeds", "LS1 1AA", "", ""] for i in range(2)
    ]
    out = vlo(f"import {write(tmp_path / 'third.csv', changed)} --existing update")
    assert "Imported 0 new cases, updated 2, with 2 people." in out.stderr
    shown = json.loads(vlo("case show A/1 --json --personal").stdout)
    assert [v["address"] for v in shown["victims"]] == ["2 New Road, Leeds"]
