"""The officer registers a case, records its sentence and adds the people to contact."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest


def test_init_creates_an_owner_only_database_and_never_overwrites(vlo):
    assert stat.S_IMODE(vlo.db.stat().st_mode) == 0o600
    error = vlo.fails("init")
    assert "already exists" in error


def test_db_path_says_which_database_and_why(vlo, tmp_path, monkeypatch):
    out = vlo("db path")
    assert out.stdout.strip() == str(vlo.db)
    assert "--db" in out.stderr
    monkeypatch.setenv("VLO_DB", str(tmp_path / "env.db"))
    from typer.testing import CliRunner

    from vlo.cli import app

    result = CliRunner().invoke(app, ["db", "path"])
    assert result.stdout.strip() == str(tmp_path / "env.db")
    assert "VLO_DB" in result.stderr
    monkeypatch.delenv("VLO_DB")
    result = CliRunner().invoke(app, ["db", "path"])
    assert result.stdout.strip() == str(tmp_path / "home" / "vlo.db")
    assert "default" in result.stderr


def test_db_option_works_after_the_command_name(vlo, tmp_path):
    from typer.testing import CliRunner

    from vlo.cli import app

    other = tmp_path / "other.db"
    assert CliRunner().invoke(app, ["init", "--db", str(other)]).exit_code == 0
    result = CliRunner().invoke(
        app,
        [
            "case",
            "add",
            "X-1",
            "--offender",
            "A B",
            "--offence",
            "Assault",
            "--category",
            "violent",
            "--db",
            str(other),
        ],
    )
    assert result.exit_code == 0, result.stderr
    listed = CliRunner().invoke(app, ["case", "list", "--json", "--db", str(other)])
    assert [c["case_ref"] for c in json.loads(listed.stdout)] == ["X-1"]
    assert json.loads(vlo("case list --json").stdout) == []


def test_a_missing_database_says_how_to_create_one(tmp_path):
    from typer.testing import CliRunner

    from vlo.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "nope.db"), "case", "list"])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: no database at {tmp_path / 'nope.db'} (from the --db option); create one with: vlo init"
    )
    assert not (tmp_path / "nope.db").exists()


def test_case_show_puts_the_whole_case_on_one_screen(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    out = vlo("case show VLU-1").stdout
    for expected in (
        "John Doe",
        "Wounding with intent (violent)",
        "sds 4y from 2025-03-31",
        "statutory",
        "12 months or more",
        "Siân O'Neil",
        "opted-in",
        "key-stages",
        "Tom Jones",
        "pending",
    ):
        assert expected in out


def test_case_show_json_is_the_contract_object(vlo, case):
    data = json.loads(vlo("case show VLU-1 --json --personal").stdout)
    assert data["case_ref"] == "VLU-1"
    assert data["eligibility"] == "statutory"
    assert data["eligibility_reason"] == (
        "A violent offence and a standard determinate sentence of 4 years (12 months or more)."
    )
    assert set(data["dates"]) >= {"release", "parole_eligibility", "hdc_eligibility", "licence_end"}
    assert [v["name"] for v in data["victims"]] == ["Siân O'Neil", "Tom Jones"]
    assert data["victims"][1]["role"] == "bereaved-relative"


def test_victim_add_prints_the_new_id_alone(vlo, case):
    out = vlo('victim add VLU-1 --name "Ann Lee" --role parent-guardian')
    assert out.stdout == "3\n"


@pytest.mark.parametrize(
    ("category", "args", "verdict", "reason_part"),
    [
        ("violent", "--type sds --length 12m", "statutory", "12 months or more"),
        ("sexual", "--type sds --length 11m", "not-eligible", "under 12 months"),
        ("violent", "--type sds --length 8m --consecutive 6m", "review", "consecutive"),
        ("violent", "--type suspended --length 2y", "not-eligible", "not a relevant sentence"),
        ("violent", "--type community --length 1y", "not-eligible", "not a relevant sentence"),
        ("other", "--type sds --length 5y", "not-eligible", "not sexual, violent or terrorism"),
        ("violent", "--type hospital-order", "statutory", "mental-health disposal"),
        # DVCVA 2004 s.45: a terrorism offence counts where it is in the Act's lists; unrecorded: review.
        ("terrorism --schedule-15", "--type transfer-direction", "statutory", "mental-health disposal"),
        ("terrorism", "--type transfer-direction", "review", "lists"),
        ("terrorism --not-schedule-15", "--type sds --length 2y", "not-eligible", "lists"),
        ("violent", "--type life --tariff 15y", "statutory", "life sentence"),
        ("sexual", "--type dto --length 12m", "statutory", "detention and training order"),
        ("violent", "--type detention", "statutory", "His Majesty's pleasure"),
    ],
)
def test_eligibility_verdict_and_reason(vlo, category, args, verdict, reason_part):
    vlo(f'case add C-1 --offender "A B" --offence "Offence" --category {category}')
    vlo(f"sentence C-1 --date 2025-01-06 {args}")
    data = json.loads(vlo("case show C-1 --json").stdout)
    assert data["eligibility"] == verdict
    assert reason_part in data["eligibility_reason"]


def test_discretionary_case_keeps_the_officers_reason(vlo):
    vlo(
        'case add C-2 --offender "A B" --offence "Stalking" --category other --discretionary "Stalking, high risk"'
    )
    vlo("sentence C-2 --date 2025-01-06 --type sds --length 6m")
    data = json.loads(vlo("case show C-2 --json").stdout)
    assert data["eligibility"] == "discretionary"
    assert "Stalking, high risk" in data["eligibility_reason"]


def test_a_case_without_sentence_awaits_review(vlo):
    vlo('case add C-3 --offender "A B" --offence "Robbery" --category violent')
    data = json.loads(vlo("case show C-3 --json").stdout)
    assert data["eligibility"] == "review"
    assert data["sentence"] is None


def test_a_sentence_replaced_on_appeal_keeps_its_history(vlo, case):
    vlo.fails("sentence VLU-1 --date 2025-04-01 --type sds --length 3y")
    vlo('sentence VLU-1 --date 2025-03-31 --type sds --length 3y --appeal "Reduced on appeal"')
    data = json.loads(vlo("case show VLU-1 --json").stdout)
    assert data["sentence"]["length"] == "3y"
    assert [(s["length"], s["replaced_note"]) for s in data["sentence_history"]] == [
        ("4y", "Reduced on appeal")
    ]


def test_opt_in_out_and_back(vlo, case):
    vlo("victim opt-in 1 --level annual")
    vlo("victim opt-out 1")
    vlo("victim opt-in 1 --level release-month")
    vlo("victim decline 2")
    people = {v["id"]: v for v in json.loads(vlo("victim list --json").stdout)}
    assert (people[1]["opt_status"], people[1]["contact_level"]) == ("opted-in", "release-month")
    assert (people[2]["opt_status"], people[2]["contact_level"]) == ("declined", None)


def test_case_edit_and_close(vlo, case):
    vlo('case edit VLU-1 --officer "B. Evans" --court ""')
    listed = json.loads(vlo("case list --json").stdout)
    assert listed[0]["officer"] == "B. Evans"
    vlo("case close VLU-1")
    assert json.loads(vlo("case list --json").stdout) == []
    assert json.loads(vlo("case list --closed --json").stdout)[0]["status"] == "closed"
    assert "already closed" in vlo.fails("case close VLU-1")


def test_victim_edit_changes_only_what_is_given(vlo, case):
    vlo('victim edit 1 --phone "029 2000 0000" --do-not-post')
    person = json.loads(vlo("victim show 1 --json --personal").stdout)
    assert person["phone"] == "029 2000 0000"
    assert person["do_not_post"] is True
    assert person["postcode"] == "CF10 1AA"


def test_contact_log(vlo, case):
    assert (
        vlo('contact add 1 --date 10/04/2025 --method phone --summary "Explained the scheme"').stdout == "1\n"
    )
    vlo("contact add 2 --method letter")
    out = vlo("contact list --csv --personal").stdout
    assert out == (
        "id,case_ref,victim_id,date,method,direction,outcome,about,summary\n"
        "1,VLU-1,1,2025-04-10,phone,out,made,,Explained the scheme\n"
        "2,VLU-1,2,2025-06-02,letter,out,made,,\n"
    )


def test_listing_formats_share_one_path(vlo, case):
    out = vlo("victim list --csv --personal").stdout.splitlines()
    assert out[0] == "id,case_ref,name,role,opt_status,contact_level,postcode,preferred_method,do_not_post"
    assert out[1] == "1,VLU-1,Siân O'Neil,victim,pending,,CF10 1AA,,0"
    table = vlo("victim list").stdout
    assert "Siân O'Neil" in table and "CF10 1AA" in table
    assert vlo.fails("victim list --json --csv") == "Error: choose one output format: --json or --csv"


def test_names_are_not_read_as_markup(vlo):
    vlo('case add C-4 --offender "Jane [bold]Doe" --offence "O\'Neil [/]" --category violent')
    out = vlo("case list").stdout
    assert "Jane [bold]Doe" in out
    assert "O'Neil [/]" in vlo("case show C-4").stdout


def test_every_change_is_audited_with_the_os_user(vlo, case):
    import getpass
    import sqlite3

    rows = sqlite3.connect(vlo.db).execute("SELECT user, command, action, table_name FROM audit").fetchall()
    assert ("case add", "insert", "cases") in [r[1:] for r in rows]
    assert ("victim add", "insert", "victims") in [r[1:] for r in rows]
    assert {r[0] for r in rows} == {getpass.getuser()}


def all_commands():
    """Every command path in the app, found by walking the Click tree Typer builds."""
    import typer.main

    from vlo.cli import app

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield path
            return
        for name, sub in subcommands.items():
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


def test_help_carries_examples_for_every_command():
    from typer.testing import CliRunner

    from vlo.cli import app

    commands = all_commands()
    assert len(commands) >= 40
    assert CliRunner().invoke(app, ["--help"]).stdout.count("vlo ") >= 3
    for command in commands:
        out = CliRunner().invoke(app, [*command, "--help"]).stdout
        assert "Example" in out and f"vlo {command[0]}" in out, command


def test_main_loads_only_the_command_being_run():
    from vlo.cli import MODULES, _command_module

    assert _command_module(["--db", "x.db", "due", "--all"]) == "due"
    assert _command_module(["case", "--db", "x.db", "show", "A"]) == "case"
    assert _command_module(["--help"]) is None
    assert _command_module(["nonsense"]) is None
    assert {path[0] for path in all_commands()} == set(MODULES)


def test_version_and_module_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "vlo", "--version"], capture_output=True, text=True, check=True
    )
    from vlo import __version__

    assert out.stdout == f"vlo {__version__}\n"


def test_help_and_version_do_not_import_heavy_libraries():
    code = (
        "import sys; sys.argv = ['vlo', '--help']\n"
        "from vlo.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jinja2', 'holidays', 'sqlite_utils', 'rich.table', 'dateutil') if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"
