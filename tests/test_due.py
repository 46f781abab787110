"""The morning list: deadlines from sentences, contacts, events and settings, in every format."""

from __future__ import annotations

import json
import subprocess
import sys


def due_json(vlo, args: str = "") -> list[dict]:
    return json.loads(vlo(f"due --json {args}").stdout)


def test_the_initial_contact_deadline_is_40_working_days_after_sentence(vlo, case):
    # Sentenced Mon 31 Mar 2025 -> Fri 30 May 2025 (SPEC); on Mon 2 Jun it is 1 working day overdue.
    assert due_json(vlo) == [
        {
            "case_ref": "VLU-1",
            "victim_id": 1,
            "kind": "initial-contact",
            "due_date": "2025-05-30",
            "working_days_left": -1,
            "status": "overdue",
            "what": "Initial contact",
            "officer": "A. Jones",
            "estimated": False,
        },
        {
            "case_ref": "VLU-1",
            "victim_id": 2,
            "kind": "initial-contact",
            "due_date": "2025-05-30",
            "working_days_left": -1,
            "status": "overdue",
            "what": "Initial contact",
            "officer": "A. Jones",
            "estimated": False,
        },
    ]


def test_csv_has_the_contract_fields_exactly(vlo, case):
    assert vlo("due --csv --today 2025-05-28").stdout == (
        "case_ref,victim_id,kind,due_date,working_days_left,status,what,officer,estimated\n"
        "VLU-1,1,initial-contact,2025-05-30,2,soon,Initial contact,A. Jones,0\n"
        "VLU-1,2,initial-contact,2025-05-30,2,soon,Initial contact,A. Jones,0\n"
    )


def test_status_words_follow_the_day(vlo, case):
    def status(today):
        rows = due_json(vlo, f"--today {today}")
        return [(r["working_days_left"], r["status"]) for r in rows][:1]

    assert status("2025-05-30") == [(0, "today")]
    assert status("2025-05-23") == [(4, "soon")]  # Mon 26 May is a bank holiday
    assert status("2025-05-16") == [(9, "upcoming")]
    assert status("2025-05-31") == [(-1, "overdue")]  # a Saturday: no working day passed, still overdue
    assert status("2025-06-04") == [(-3, "overdue")]


def test_a_contact_on_or_after_sentence_meets_the_deadline(vlo, case):
    vlo("contact add 1 --date 2025-03-20 --method letter")  # before sentence: does not count
    assert [r["victim_id"] for r in due_json(vlo)] == [1, 2]
    vlo("contact add 1 --date 2025-04-10 --method phone")
    assert [r["victim_id"] for r in due_json(vlo)] == [2]


def test_opting_out_removes_the_deadline_and_opting_in_brings_it_back(vlo, case):
    vlo("victim opt-out 2")
    assert [r["victim_id"] for r in due_json(vlo)] == [1]
    vlo("victim opt-in 2 --level annual")
    assert [r["victim_id"] for r in due_json(vlo)] == [1, 2]


def test_only_cases_in_the_scheme_have_deadlines(vlo):
    vlo('case add N-1 --offender "A" --offence "Theft" --category other')
    vlo("sentence N-1 --date 2025-04-01 --type sds --length 2y")
    vlo('victim add N-1 --name "B"')
    vlo('case add D-1 --offender "A" --offence "Harassment" --category other --discretionary "High risk"')
    vlo("sentence D-1 --date 2025-04-01 --type sds --length 6m")
    vlo('victim add D-1 --name "C"')
    assert [r["case_ref"] for r in due_json(vlo, "--all")] == ["D-1"]
    vlo("case close D-1")
    assert due_json(vlo, "--all") == []


def test_the_window_hides_later_deadlines_and_the_footer_counts_them(vlo, case):
    vlo('case add VLU-2 --offender "X" --offence "Rape" --category sexual --officer "B. Evans"')
    vlo("sentence VLU-2 --date 2025-05-20 --type sds-plus --length 9y")
    vlo('victim add VLU-2 --name "Ann Lee"')
    # VLU-2 is due 40 working days after 20 May 2025: Wed 16 Jul 2025, beyond a 10-day window.
    assert [r["case_ref"] for r in due_json(vlo)] == ["VLU-1", "VLU-1"]
    assert [r["due_date"] for r in due_json(vlo, "--all")][-1] == "2025-07-16"
    assert [r["case_ref"] for r in due_json(vlo, "--within 40")] == ["VLU-1", "VLU-1", "VLU-2"]
    table = vlo("due").stdout
    assert "2 shown: 2 overdue, 0 today, 0 soon, 0 upcoming. 1 more falls due after Mon 16 Jun 2025" in table
    assert [r["case_ref"] for r in due_json(vlo, "--all --officer 'B. Evans'")] == ["VLU-2"]
    assert [r["case_ref"] for r in due_json(vlo, "--all --case VLU-2")] == ["VLU-2"]
    assert [r["case_ref"] for r in due_json(vlo, "--all --overdue")] == ["VLU-1", "VLU-1"]


def test_the_table_prints_status_words_without_colour(vlo, case):
    out = vlo("due").stdout
    assert "\x1b[" not in out
    assert "OVERDUE" in out and "-1 wd" in out and "Fri 30 May 2025" in out
    assert "Siân O'Neil" in out


def test_the_table_colours_overdue_red_when_colour_is_on(vlo, case, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = vlo("due").stdout
    assert "\x1b[1;31m" in out  # bold red
    assert "OVERDUE" in out


def test_a_long_name_wraps_and_is_never_cut(vlo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # what Rich assumes when the output is piped
    vlo('case add L-1 --offender "A" --offence "Murder" --category violent')
    vlo("sentence L-1 --date 2025-04-01 --type life --tariff 20y")
    name = "Bartholomew Montgomery-Fitzwilliam Featherstonehaugh"
    vlo(["victim", "add", "L-1", "--name", name, "--role", "bereaved-relative"])
    out = vlo("due --all").stdout
    assert "…" not in out
    cells = [line.split("│")[2].strip() for line in out.splitlines() if line.startswith("│")]
    assert "".join(cells).replace(" ", "") == "1" + name.replace(" ", "")


def test_nothing_due_and_no_cases_say_so_in_a_sentence(vlo, case):
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("contact add 2 --date 2025-04-10 --method phone")
    out = vlo("due")
    assert out.stdout == ""
    assert out.stderr.startswith("Nothing due by Mon 16 Jun 2025.")


def test_an_empty_database_gets_a_hint(vlo):
    assert "No cases yet" in vlo("due").stderr


def test_a_local_closure_moves_deadlines_and_says_how_many(vlo, case):
    out = vlo('calendar close 2025-05-29 --reason "Office move"')
    assert "2 deadlines moved" in out.stderr
    assert {r["due_date"] for r in due_json(vlo, "--all")} == {"2025-06-02"}
    out = vlo("calendar open 2025-05-29")
    assert out.stderr == "Thursday 29 May 2025 is a working day again; 2 deadlines moved.\n"
    assert {r["due_date"] for r in due_json(vlo)} == {"2025-05-30"}


def test_the_victims_code_clock_counts_from_the_referral(vlo, case):
    out = vlo("settings set clock code-2020")
    assert "2 deadlines moved" in out.stderr
    # No referral date: estimated as 31 Mar + 10 wd = Mon 14 Apr; + 20 wd = Thu 15 May
    # (skipping Good Friday 18 Apr, Easter Monday 21 Apr and the May Day holiday on 5 May).
    rows = due_json(vlo, "--all")
    assert {(r["due_date"], r["estimated"], r["what"]) for r in rows} == {
        ("2025-05-15", True, "Initial contact (referral date estimated)")
    }
    vlo("case edit VLU-1 --referral-date 2025-04-02")
    # 2 Apr + 20 wd: 3, 4, 7-11, 14-17 (11), 22-25 (15), 28-30 Apr, 1-2 May (20) = Fri 2 May 2025.
    assert {(r["due_date"], r["estimated"]) for r in due_json(vlo, "--all")} == {("2025-05-02", False)}


def test_key_stage_events_notify_the_people_who_chose_to_hear(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    vlo("victim opt-in 2 --level release-month")
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("contact add 2 --date 2025-04-10 --method phone")
    vlo("event add VLU-1 --type parole-review --date 2025-07-01")
    vlo("event add VLU-1 --type release --date 2025-08-01 --yes")  # early release (e.g. on appeal)
    rows = [
        (r["victim_id"], r["what"], r["due_date"]) for r in due_json(vlo, "--all") if r["kind"] == "key-stage"
    ]
    # 10 working days before Tue 1 Jul 2025 is Tue 17 Jun; before Fri 1 Aug it is Fri 18 Jul.
    assert rows == [
        (1, "Tell of Parole Board review (1 Jul 2025)", "2025-06-17"),
        (1, "Tell of release (1 Aug 2025)", "2025-07-18"),
        (2, "Tell of release (1 Aug 2025)", "2025-07-18"),
    ]
    vlo("contact add 1 --date 2025-06-02 --method letter")
    assert [r["victim_id"] for r in due_json(vlo, "--all") if r["kind"] == "key-stage"] == [2]


def test_an_event_learnt_of_late_is_due_at_once(vlo, case):
    vlo("victim opt-in 1 --level release-month")
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("event add VLU-1 --type escape --date 2025-05-31")
    rows = [r for r in due_json(vlo) if r["kind"] == "key-stage"]
    assert [(r["due_date"], r["status"]) for r in rows] == [("2025-06-02", "today")]


def test_restricted_patient_events(vlo):
    vlo('case add P-1 --offender "A" --offence "Manslaughter" --category violent')
    vlo("sentence P-1 --date 2025-01-06 --type restricted-hospital-order")
    vlo('victim add P-1 --name "B" --role bereaved-relative')
    vlo("victim opt-in 1 --level key-stages")
    vlo("contact add 1 --date 2025-01-20 --method meeting")
    vlo("event add P-1 --type tribunal-hearing --date 2025-09-01")
    rows = due_json(vlo, "--all")
    # Issue 11: a tribunal hearing also offers a victim personal statement, 28 days before it.
    assert [(r["kind"], r["what"]) for r in rows] == [
        ("victim-statement", "Offer a victim personal statement (reach the Tribunal by 4 Aug 2025)"),
        ("key-stage", "Tell of Mental Health Tribunal hearing (1 Sep 2025)"),
    ]


def test_bad_due_and_calendar_input(vlo, case):
    assert "within must be" in vlo.fails("due --within -1")
    assert "today is not a real date" in vlo.fails("due --today 2025-02-30")
    assert "weekends are never working days" in vlo.fails('calendar close 2025-05-31 --reason "x"')
    assert "reason is required" in vlo.fails("calendar close 2025-05-28")
    assert vlo.fails("calendar open 2025-12-25") == (
        "Error: 2025-12-25 is a bank holiday in England and Wales, which stays a non-working day; "
        "only days the unit recorded can be opened (see: vlo calendar list)"
    )
    assert "2025-12-24 is not a day the unit recorded" in vlo.fails("calendar open 2025-12-24")
    assert "event type must be one of:" in vlo.fails("event add VLU-1 --type party --date 2025-07-01")
    assert "clock must be one of: 40-day, code-2020" in vlo.fails("settings set clock weekly")
    assert "setting must be one of:" in vlo.fails("settings set colour blue")


def test_calendar_commands_show_their_working(vlo):
    out = vlo("calendar add 31/03/2025 40")
    assert out.stdout == "2025-05-30\n"
    assert "Good Friday" in out.stderr and "Easter Monday" in out.stderr
    assert vlo("calendar between 2025-03-31 2025-05-30").stdout == "40\n"
    listed = json.loads(vlo("calendar list --year 2023 --json").stdout)
    assert {
        "date": "2023-05-08",
        "weekday": "Mon",
        "kind": "bank-holiday",
        "name": "Coronation of Charles III",
    } in listed


def test_the_holiday_cache_is_refreshed_when_the_library_changes(vlo, case):
    import sqlite3

    conn = sqlite3.connect(vlo.db)
    conn.execute("UPDATE settings SET value = 'an older holidays' WHERE key = 'calendar.holidays'")
    conn.execute("DELETE FROM calendar_days WHERE date = '2025-05-26'")  # as if the old data lacked it
    conn.commit()
    conn.close()
    # Recompute with the stale calendar, as an old install would have: 26 May counted as working.
    from vlo.service.work import unit_of_work
    from vlo.storage import open_database

    store = open_database(vlo.db)
    with unit_of_work(store, "test") as work:
        work.touch_all()
    assert {r[0] for r in store.conn.execute("SELECT due_date FROM deadlines")} == {"2025-05-29"}
    store.close()
    out = vlo("due --json --all")
    assert "2 deadlines moved" in out.stderr
    assert {r["due_date"] for r in json.loads(out.stdout)} == {"2025-05-30"}


def test_a_new_install_of_the_same_holidays_moves_nothing_and_recomputes_nothing(vlo, case):
    """A new virtualenv (another path to the same data) refreshes the cache, but no day changed:
    no deadline may move and no case is recomputed (a whole unit's recompute took 25 s at 100k)."""
    import sqlite3

    conn = sqlite3.connect(vlo.db)
    conn.execute("UPDATE settings SET value = '/elsewhere/holidays:1' WHERE key = 'calendar.holidays'")
    conn.commit()
    before = conn.execute("SELECT id, due_date FROM deadlines ORDER BY id").fetchall()
    out = vlo("due --all")
    assert "Bank holidays refreshed" not in out.stderr
    assert conn.execute("SELECT id, due_date FROM deadlines ORDER BY id").fetchall() == before
    (fingerprint,) = conn.execute("SELECT value FROM settings WHERE key = 'calendar.holidays'").fetchone()
    assert fingerprint != "/elsewhere/holidays:1"
    refresh = conn.execute(
        "SELECT count(*) FROM audit WHERE command = 'calendar refresh' AND action = 'recompute'"
    )
    assert refresh.fetchone()[0] == 0
    conn.close()


def test_vlo_due_never_imports_holidays_jinja_sqlite_utils_or_hashing(vlo, case):
    code = (
        "import sys\n"
        f"sys.argv = ['vlo', '--db', {str(vlo.db)!r}, 'due']\n"
        "from vlo.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('holidays', 'jinja2', 'sqlite_utils', 'hashlib') if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "[]"
    assert "OVERDUE" in out.stdout


def test_a_call_taken_before_an_event_was_recorded_does_not_tell_of_it(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    vlo("contact add 1 --method phone --summary 'About parking'")  # today, before the event is known
    vlo("event add VLU-1 --type parole-review --date 2025-09-01")

    def key_stages():
        return [r["what"] for r in due_json(vlo, "--all --case VLU-1") if r["kind"] == "key-stage"]

    assert key_stages() == ["Tell of Parole Board review (1 Sep 2025)"]
    vlo("contact add 1 --method phone --summary 'Told of the parole review'")  # today, after
    assert key_stages() == []
