"""Export, import and the manager's report: exact CSV, redaction, safety and the round trip."""

from __future__ import annotations

import json
import re
import stat

import pytest


@pytest.fixture
def worked(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    vlo("contact add 1 --date 2025-04-10 --method phone --summary '=HYPERLINK(\"http://x\")'")
    vlo('condition add 1 --type non-contact --details "No contact with Siân" --date 2025-04-11')
    return vlo


def test_export_cases_without_personal_details(worked):
    out = worked("export cases").stdout
    header, row = out.splitlines()
    assert header == (
        "case_ref,offence,category,court,officer,sentence_date,sentence_type,sentence_length,offence_date,"
        "discretionary_reason,referral_date,remand_days,tagged_bail_days,status,created_at,closed_at"
    )
    # created_at is the clock's time of `case add`: its shape, then every other cell exactly.
    assert re.fullmatch(
        r"VLU-1,Wounding with intent,violent,,A\. Jones,2025-03-31,sds,4y,2024-11-01,,,0,0,open,"
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00,",
        row,
    ), row
    fields = out.splitlines()[1].split(",")
    assert fields[:13] == [
        "VLU-1",
        "Wounding with intent",
        "violent",
        "",
        "A. Jones",
        "2025-03-31",
        "sds",
        "4y",
        "2024-11-01",
        "",
        "",
        "0",
        "0",
    ]
    assert "John Doe" not in out


def test_export_victims_by_id_alone_unless_personal(worked):
    plain = worked("export victims").stdout
    assert plain == (
        "victim_id,case_ref,offence,category,court,officer,sentence_date,sentence_type,sentence_length,"
        "offence_date,referral_date,discretionary_reason,remand_days,tagged_bail_days,ual_days,added_days,"
        "sentence_extension,sentence_tariff,sentence_consecutive,sentence_concurrent,sentence_recorded_on,"
        "confirmed_release,confirmed_parole_eligibility,confirmed_hdc_eligibility,confirmed_licence_end,"
        "confirmed_sentence_end,victim_role,victim_preferred_method,victim_do_not_post,victim_language,"
        "victim_format,opt_status,contact_level,"
        "listed_offence,sex_offender_registration,forty_percent_excluded,schedule_15,schedule_15b\n"
        "1,VLU-1,Wounding with intent,violent,,A. Jones,2025-03-31,sds,4y,2024-11-01,,,0,0,0,0,,,,,2025-06-02,"
        ",,,,,victim,,0,en,standard,opted-in,key-stages,,,,,\n"
        "2,VLU-1,Wounding with intent,violent,,A. Jones,2025-03-31,sds,4y,2024-11-01,,,0,0,0,0,,,,,2025-06-02,"
        ",,,,,bereaved-relative,,0,en,standard,pending,,,,,,\n"
    )
    personal = worked("export victims --personal").stdout
    assert "Siân O'Neil" in personal and '"1 Heol y Llan, Caerdydd"' in personal and "John Doe" in personal


def test_export_contacts_neutralises_formulas(worked):
    plain = worked("export contacts").stdout
    assert plain == "id,case_ref,victim_id,date,method,direction\n1,VLU-1,1,2025-04-10,phone,out\n"
    personal = worked("export contacts --personal").stdout
    assert personal.splitlines()[1] == '1,VLU-1,1,2025-04-10,phone,out,"\'=HYPERLINK(""http://x"")"'


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_every_formula_start_is_neutralised(vlo, case, start):
    vlo(["victim", "edit", "1", "--needs", f"{start}cmd|' /C calc'!A0"])
    row = vlo("export victims --personal").stdout.splitlines()[1]  # needs are personal
    assert f"'{start}cmd" in row


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_the_csv_writer_neutralises_whitespace_starts_too(start):
    import io

    from vlo.render import csv_rows, un_neutralise

    out = io.StringIO()
    csv_rows(out, ["a", "n"], [[f"{start}1+1", -3]])
    cell = out.getvalue().splitlines()[1] if start not in "\r\n" else out.getvalue()
    assert f"'{start}1+1" in cell and ",-3" in out.getvalue()
    assert un_neutralise(f"'{start}1+1") == f"{start}1+1"


def test_export_deadlines_conditions_letters_and_audit(worked, tmp_path):
    rows = worked("export deadlines").stdout.splitlines()
    assert rows[0] == "id,case_ref,victim_id,kind,what,start_date,due_date,met_on,estimated"
    initial = sorted(r.split(",", 1)[1] for r in rows[1:] if ",initial-contact," in r)
    assert initial == [
        "VLU-1,1,initial-contact,Initial contact,2025-03-31,2025-05-30,2025-04-10,0",
        "VLU-1,2,initial-contact,Initial contact,2025-03-31,2025-05-30,,0",
    ]
    assert worked("export conditions").stdout == (
        "id,case_ref,victim_id,type,status,decision_maker,requested_on\n1,VLU-1,1,non-contact,requested,,2025-04-11\n"
    )
    worked(f"letters initial-contact --out {tmp_path / 'l'}")
    letters = worked("export letters").stdout.splitlines()
    assert letters[0] == "id,batch_id,case_ref,victim_id,template,format,file,sha256,created_at,posted_on"
    assert letters[1].startswith("1,1,VLU-1,2,initial-contact,txt,initial-contact-000002.txt,")
    audit = worked("export audit").stdout.splitlines()
    assert audit[0] == "id,at,user,command,action,table_name,row_id,fields"
    assert any(",case add,insert,cases,1," in line for line in audit)
    assert "Siân" not in "\n".join(audit)


def test_export_to_a_file_is_owner_only_with_an_optional_bom(worked, tmp_path):
    out = tmp_path / "victims.csv"
    worked(f"export victims --personal --excel --out {out}")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfvictim_id,")
    assert "Siân O'Neil".encode() in data
    worked(f"export victims --out {out} --force")  # replacing a file takes --force
    assert out.read_bytes().startswith(b"victim_id,")


def test_export_victims_imports_back_to_the_same_rows(worked, tmp_path):
    from conftest import Vlo

    worked('victim edit 2 --phone "+44 29 2000 0000" --email tom@example.org --needs "Large print"')
    worked(
        'case edit VLU-1 --discretionary "Also high risk" --prison-number A1234BC --referral-date 2025-04-02'
    )
    worked('sentence VLU-1 --date 2025-03-31 --type sds --length 4y --remand-days 35 --appeal "Remand added"')
    exported = tmp_path / "victims.csv"
    worked(f"export victims --personal --out {exported}")
    fresh = Vlo(tmp_path / "fresh.db")
    fresh("init")
    out = fresh(f"import {exported}")
    assert "Imported 1 new case, updated 0, with 2 people." in out.stderr
    assert fresh("export victims --personal").stdout == exported.read_text(encoding="utf-8")


def write_csv(path, rows):
    header = (
        "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
        "victim_address,victim_postcode,victim_email,victim_phone"
    )
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = 'N-1,Ann Bee,Robbery,violent,2025-02-03,sds,2y,Cai Dee,"3 Stryd Fawr, Bangor",LL57 1AA,cai@example.org,01248 000000'


def test_import_errors_list_every_bad_line_and_write_nothing(vlo, tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        [
            GOOD,
            "N-2,Ann Bee,Robbery,burglary,2025-02-03,sds,2y,Cai Dee,,,,",
            "N-3,Ann Bee,Robbery,violent,31/02/2025,sds,2y,Cai Dee,,,,",
            "N-4,Ann Bee,Robbery,violent,2025-02-03,sds,0m,Cai Dee,,,,",
            "N-5,Ann Bee,Robbery,violent,2025-02-03,sds,2y,,,,,",
            "N-1,Ann Bee,Robbery,violent,2025-02-03,sds,3y,Dai Ee,,,,",
        ],
    )
    out = vlo(f"import {path}", ok=False)
    assert out.exit_code == 1
    assert out.stderr.splitlines() == [
        "line 3: category must be one of: violent, sexual, terrorism, other",
        "line 4: sentence date is not a real date; give a date like 2025-03-31 or 31/03/2025 (day first)",
        "line 5: length must be longer than zero, like 18m, 2y6m, 4y or 120d",
        "line 6: name is required",
        "line 7: case N-1 has different case or sentence columns from line 2",
        "Error: 5 bad rows in " + str(path) + "; nothing imported",
    ]
    assert json.loads(vlo("case list --json").stdout) == []


@pytest.mark.parametrize(
    ("column", "first", "second"),
    [("listed_offence", "yes", "no"), ("offender_dob", "1980-01-01", "1981-01-01")],
)
def test_two_rows_of_a_case_must_agree_on_its_facts_too(vlo, tmp_path, column, first, second):
    # Every case column counts, not only those of the standard layout: otherwise the second row's
    # fact would be dropped without a word.
    path = tmp_path / "in.csv"
    rows = [
        f"{GOOD.replace('Cai Dee', name)},{value}" for name, value in (("Cai Dee", first), ("Dai Ee", second))
    ]
    write_csv(path, rows)
    path.write_text(path.read_text(encoding="utf-8").replace("victim_phone\n", f"victim_phone,{column}\n", 1))
    out = vlo(f"import {path}", ok=False)
    assert out.stderr.splitlines() == [
        "line 3: case N-1 has different case or sentence columns from line 2",
        f"Error: 1 bad row in {path}; nothing imported",
    ]


def test_import_skips_blank_lines_and_refuses_short_and_long_rows(vlo, tmp_path):
    # A row with fewer cells than the header lost cells somewhere: refused, not filled with blanks.
    short = GOOD.replace("N-1", "N-2").removesuffix(",cai@example.org,01248 000000")  # no email or phone
    path = write_csv(tmp_path / "in.csv", [GOOD, "", short, GOOD.replace("N-1", "N-3") + ",extra"])
    assert vlo(f"import {path}", ok=False).stderr.splitlines() == [
        "line 4: fewer (10) cells than the header has columns (12)",
        "line 5: more cells than the header has columns (12)",
        f"Error: 2 bad rows in {path}; nothing imported",
    ]
    blank = GOOD.replace("N-1", "N-2").replace(",cai@example.org,01248 000000", ",,")  # every cell there
    path = write_csv(tmp_path / "in.csv", [GOOD, "", blank])
    assert "all 2 rows (2 cases) are good" in vlo(f"import {path} --check").stderr
    vlo(f"import {path}")
    assert json.loads(vlo("victim show 2 --json --personal").stdout)["phone"] is None


def test_import_check_writes_nothing(vlo, tmp_path):
    path = write_csv(tmp_path / "in.csv", [GOOD])
    before = vlo.fingerprint()
    assert "all 1 row (1 case) are good" in vlo(f"import {path} --check").stderr
    assert vlo.fingerprint() == before
    vlo(f"import {path}")
    assert [c["case_ref"] for c in json.loads(vlo("case list --json").stdout)] == ["N-1"]


def test_an_existing_case_is_skipped_or_updated(vlo, tmp_path):
    vlo(f"import {write_csv(tmp_path / 'a.csv', [GOOD])}")
    changed = GOOD.replace("01248 000000", "01248 111111").replace(",sds,2y,", ",sds,3y,")
    out = vlo(f"import {write_csv(tmp_path / 'b.csv', [changed])}")
    assert "Skipped 1 case already in the database" in out.stderr
    assert json.loads(vlo("victim show 1 --json --personal").stdout)["phone"] == "01248 000000"
    vlo(f"import {write_csv(tmp_path / 'b.csv', [changed])} --existing update")
    assert json.loads(vlo("victim show 1 --json --personal").stdout)["phone"] == "01248 111111"
    shown = json.loads(vlo("case show N-1 --json").stdout)
    assert shown["sentence"]["length"] == "3y" and shown["sentence_history"][0]["length"] == "2y"
    assert len(shown["victims"]) == 1


def test_import_refuses_a_file_that_is_not_utf8_or_lacks_columns(vlo, tmp_path):
    bad = tmp_path / "latin1.csv"
    write_csv(bad, [GOOD])
    bad.write_bytes(bad.read_bytes().replace(b"Cai", b"C\xe9i"))
    assert "not UTF-8 text (a stray byte on line 2)" in vlo.fails(f"import {bad}")
    short = tmp_path / "short.csv"
    short.write_text("case_ref,offender\nX,Y\n")
    assert "lacks the columns: offence, category" in vlo.fails(f"import {short}")


def test_the_report_counts_a_hand_built_month(vlo):
    # March 2025: three people sentenced 3 Mar (deadline 40 wd later: Wed 30 Apr 2025, over Easter 18 and 21 Apr).
    vlo('case add M-1 --offender "A" --offence "Rape" --category sexual')
    vlo("sentence M-1 --date 2025-03-03 --type sds --length 5y")
    for name in ("P One", "P Two", "P Three"):
        vlo(["victim", "add", "M-1", "--name", name])
    vlo("contact add 1 --date 2025-03-10 --method phone")  # 5 working days: in time
    vlo("contact add 2 --date 2025-05-06 --method letter")  # after 30 Apr: late; 43 wd (median of 5, 43: 24)
    vlo("victim opt-in 1 --level annual")
    # April 2025: one person, sentenced 1 Apr, due Mon 2 Jun: today, so still open, not overdue.
    vlo('case add M-2 --offender "B" --offence "Wounding" --category violent')
    vlo("sentence M-2 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add M-2 --name "P Four"')
    vlo('condition add 4 --type other --details "x" --date 2025-04-03')
    vlo("condition step 1 submitted --to governor --date 2025-04-04")
    vlo("condition step 1 agreed --date 2025-04-20")
    # Issue 11: months are the months initial contacts fell DUE, each as it stood at the month's end.
    # M-1's three fell due Wed 30 Apr 2025: P One in time (5 wd); P Two's letter of 6 May came after
    # April ended, so April stands with 2 overdue for good. P One opted in on 2 Jun: not in April.
    # M-2's falls due Mon 2 Jun 2025, today: open. Conditions count in the month of each step.
    assert vlo("report --csv").stdout == (
        "month,eligible,in_time,late,overdue,closed,open,in_time_pct,median_wd,opt_in_pct,"
        "conditions_requested,conditions_agreed,breaches_reported,breaches_referred_same_day,"
        "breach_victims_told_in_time\n"
        "2025-04,3,1,0,2,0,0,33,5.0,0,1,1,0,0,0\n"
        "2025-06,1,0,0,0,0,1,,,0,0,0,0,0,0\n"
    )
    table = vlo("report").stdout
    assert "2025-04" in table and "33%" in table
