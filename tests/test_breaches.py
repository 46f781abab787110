"""A victim reports a possible breach of licence (issue 17): passed on the same working day, the
outcome chased, the victim told what was done.

Sources: the seed page (the officer explains "how information received from the victim or their
family relating to breaches of release conditions would be dealt with"); SPEC §4 (`vlo breach`
and the `breach-referral` / `breach-outcome` kinds of `vlo due`); bank holidays from GOV.UK
"Bank holidays" (England and Wales): Mon 26 May 2025 spring bank holiday, Thu 25 and Fri 26 Dec
2025 Christmas Day and Boxing Day.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from vlo.domain import breaches as rules
from vlo.domain.breaches import BreachReport, BreachRules, Result
from vlo.domain.workdays import WorkingCalendar, bank_holidays
from vlo.errors import VloError


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar(bank_holidays(2024, 2027), 2024, 2027)


def report(reported, referred=None, results=(), chased=(), contacts=(), to="P. Evans"):
    return BreachReport(
        id=7,
        case_id=1,
        victim_id=3,
        reported_on=reported,
        referred_on=referred,
        referred_to=to if referred else None,
        results=tuple(results),
        chased=tuple(chased),
        contacts=tuple(contacts),
    )


def kinds(found):
    return [(d.kind, d.due, d.met_on) for d in found]


# --- the referral clock: the same working day ----------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        (date(2025, 6, 2), date(2025, 6, 2)),  # a Monday: the same day
        (date(2025, 5, 31), date(2025, 6, 2)),  # a Saturday: the next working day, Monday
        (date(2025, 6, 1), date(2025, 6, 2)),  # a Sunday
        (date(2025, 5, 26), date(2025, 5, 27)),  # spring bank holiday: Tuesday
        (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas Day: past Boxing Day and the weekend
    ],
)
def test_a_report_is_due_to_be_passed_on_the_same_working_day(calendar, reported, due):
    (referral,) = rules.breach_deadlines([report(reported)], [], calendar)
    assert (referral.kind, referral.due, referral.start, referral.met_on) == (
        "breach-referral",
        due,
        reported,
        None,
    )
    assert referral.breach_id == 7


def test_a_referral_the_next_day_counts_as_late(calendar):
    on_time = rules.one_breach(report(date(2025, 6, 2), referred=date(2025, 6, 2)), calendar, BreachRules())
    late = rules.one_breach(report(date(2025, 6, 2), referred=date(2025, 6, 3)), calendar, BreachRules())
    assert on_time[0].met_on <= on_time[0].due
    assert late[0].met_on > late[0].due == date(2025, 6, 2)
    # A Saturday report passed on Monday is in time.
    weekend = rules.one_breach(report(date(2025, 5, 31), referred=date(2025, 6, 2)), calendar, BreachRules())
    assert weekend[0].met_on == weekend[0].due


# --- the outcome clock: chase until a result, then tell the victim --------------------------------


def test_until_a_result_the_outcome_is_chased_every_five_working_days(calendar):
    referred = report(date(2025, 6, 2), referred=date(2025, 6, 2))
    assert kinds(rules.one_breach(referred, calendar, BreachRules()))[1:] == [
        ("breach-outcome", date(2025, 6, 9), None)
    ]
    chased = report(date(2025, 6, 2), referred=date(2025, 6, 2), chased=[date(2025, 6, 11)])
    (chase,) = rules.one_breach(chased, calendar, BreachRules())[1:]
    assert (chase.due, chase.start) == (date(2025, 6, 18), date(2025, 6, 11))
    assert chase.what == "Chase the outcome of breach report 7 with P. Evans"
    # A chase over the spring bank holiday: Fri 23 May + 5 working days = Mon 2 Jun.
    holiday = report(date(2025, 5, 23), referred=date(2025, 5, 23))
    assert rules.one_breach(holiday, calendar, BreachRules())[1].due == date(2025, 6, 2)


def test_a_result_is_told_within_five_working_days_and_a_final_one_ends_the_chase(calendar):
    warned = Result("warning", date(2025, 6, 10), "2025-06-10T14:00:00")
    found = rules.one_breach(report(date(2025, 6, 2), date(2025, 6, 2), [warned]), calendar, BreachRules())
    assert kinds(found) == [
        ("breach-referral", date(2025, 6, 2), date(2025, 6, 2)),
        ("breach-outcome", date(2025, 6, 17), None),
    ]
    assert found[1].what == "Tell the victim the outcome of breach report 7 (warning)"
    # A call that morning, logged before the result was recorded, cannot have told of it ...
    morning = [(date(2025, 6, 10), "2025-06-10T09:00:00")]
    told = rules.one_breach(
        report(date(2025, 6, 2), date(2025, 6, 2), [warned], contacts=morning), calendar, BreachRules()
    )
    assert told[1].met_on is None
    # ... one logged after it, or any later day, does.
    later = [*morning, (date(2025, 6, 10), "2025-06-10T15:00:00")]
    told = rules.one_breach(
        report(date(2025, 6, 2), date(2025, 6, 2), [warned], contacts=later), calendar, BreachRules()
    )
    assert told[1].met_on == date(2025, 6, 10)


def test_under_investigation_is_told_and_the_chase_goes_on(calendar):
    interim = Result("under-investigation", date(2025, 6, 4), "2025-06-04T10:00:00")
    found = rules.one_breach(report(date(2025, 6, 2), date(2025, 6, 2), [interim]), calendar, BreachRules())
    assert kinds(found)[1:] == [
        ("breach-outcome", date(2025, 6, 11), None),  # tell: 5 working days after 4 June
        ("breach-outcome", date(2025, 6, 11), None),  # chase: 5 working days after the interim result
    ]
    assert [d.what.split()[0] for d in found[1:]] == ["Tell", "Chase"]


def test_the_settings_change_the_clocks_and_zero_means_the_same_day(calendar):
    warned = Result("warning", date(2025, 5, 31))  # recorded on a Saturday
    found = rules.one_breach(
        report(date(2025, 5, 30), date(2025, 5, 30), [warned]),
        calendar,
        BreachRules(outcome_days=0, chase_days=0),
    )
    assert kinds(found)[1:] == [("breach-outcome", date(2025, 6, 2), None)]
    unreferred = rules.one_breach(
        report(date(2025, 5, 30), date(2025, 5, 30)), calendar, BreachRules(chase_days=0)
    )
    assert kinds(unreferred)[1:] == []


def test_every_breach_deadline_falls_on_a_working_day(calendar):
    # Property: whatever the dates, nothing is ever due on a weekend or a bank holiday.
    pick = random.Random(17)
    for _ in range(300):
        reported = date(2025, 1, 1) + timedelta(days=pick.randrange(700))
        referred = reported + timedelta(days=pick.randrange(4))
        result = Result(pick.choice(rules.RESULTS), referred + timedelta(days=pick.randrange(20)))
        found = rules.one_breach(
            report(reported, referred, [result], chased=[referred + timedelta(days=pick.randrange(9))]),
            calendar,
            BreachRules(outcome_days=pick.randrange(6), chase_days=pick.randrange(1, 6)),
        )
        assert all(calendar.is_working_day(d.due) and d.due >= d.start for d in found)


def test_an_open_referral_is_urgent_and_sorts_above_anything_merely_overdue():
    assert rules.due_status("breach-referral", 3) == "urgent"
    assert rules.due_status("breach-referral", -2) == "urgent"
    assert rules.due_status("initial-contact", -2) == "overdue"
    assert rules.due_status("breach-outcome", 0) == "today"


def test_vlo_due_puts_the_referral_first_as_urgent_and_keeps_the_json_status_words(reported):
    # Issue 17: "at the top of vlo due, above anything merely overdue, with a word that says so".
    # VLU-1's initial contacts fell due Fri 30 May 2025 (SPEC §2): overdue on Mon 2 Jun.
    rows = json.loads(reported("due --json").stdout)
    assert [(r["kind"], r["status"]) for r in rows][:3] == [
        ("breach-referral", "today"),  # SPEC §4: status stays overdue|today|soon|upcoming
        ("initial-contact", "overdue"),
        ("initial-contact", "overdue"),
    ]
    table = reported("due").stdout.splitlines()
    first = next(line for line in table if "VLU-1" in line)
    assert "URGENT" in first and "Pass breach report 1" in first
    assert "1 urgent, 2 overdue" in reported("due").stdout


# --- the commands ----------------------------------------------------------------------------------


@pytest.fixture
def reported(vlo, case):
    """Person 1 on VLU-1 reports a breach on Saturday 31 May 2025 (today is Monday 2 June)."""
    assert (
        vlo('breach add VLU-1 --victim 1 --date 31/05/2025 --summary "Saw him on my street"').stdout == "1\n"
    )
    return vlo


def test_breach_list_shows_the_summary_only_when_asked(reported):
    rows = json.loads(reported("breach list --json").stdout)
    assert rows == [
        {
            "id": 1,
            "case_ref": "VLU-1",
            "victim_id": 1,
            "condition_id": None,
            "reported_on": "2025-05-31",
            "referred_on": None,
            "referred_to": None,
            "result": None,
            "result_on": None,
            "chased_on": None,
        }
    ]
    assert "Saw him" not in reported("breach list --csv").stdout
    assert "Saw him" in reported("breach list --csv --personal").stdout
    assert reported("breach list --case VLU-1 --csv").stdout.startswith(
        "id,case_ref,victim_id,condition_id,reported_on,referred_on,referred_to,result,result_on,chased_on\n"
        "1,VLU-1,1,,2025-05-31,,,,,\n"
    )


def test_the_breaches_export_keeps_the_summary_personal(reported):
    # The export definition (vlo/storage/exports.py); `vlo export breaches` once EXPORT_TABLES names it.
    from vlo.storage import open_database

    store = open_database(reported.db)
    try:
        header, rows = store.export("breaches", personal=False)
        assert (header, [tuple(r) for r in rows]) == (
            [
                "id",
                "case_ref",
                "victim_id",
                "condition_id",
                "reported_on",
                "referred_on",
                "referred_to",
                "result",
                "result_on",
            ],
            [(1, "VLU-1", 1, None, "2025-05-31", None, None, None, None)],
        )
        header, rows = store.export("breaches", personal=True)
        assert header[-1] == "summary" and [r[-1] for r in rows] == ["Saw him on my street"]
    finally:
        store.close()


def test_the_clocks_from_the_commands(reported):
    from vlo.service.breaches import breach_deadlines_for
    from vlo.service.calendar import working_calendar
    from vlo.storage import open_database

    def deadlines():
        store = open_database(reported.db)
        try:
            return kinds(breach_deadlines_for(store, [1], working_calendar(store)))
        finally:
            store.close()

    assert deadlines() == [("breach-referral", date(2025, 6, 2), None)]
    out = reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    assert "late" not in out.stderr
    assert deadlines() == [
        ("breach-referral", date(2025, 6, 2), date(2025, 6, 2)),
        ("breach-outcome", date(2025, 6, 9), None),  # chase
    ]
    reported("breach outcome 1 --result warning --date 2025-06-02")
    assert deadlines()[1:] == [("breach-outcome", date(2025, 6, 9), None)]  # tell, chase ended
    reported("contact add 1 --date 2025-06-02 --method phone")
    assert deadlines()[1:] == [("breach-outcome", date(2025, 6, 9), date(2025, 6, 2))]
    assert json.loads(reported("breach list --json").stdout)[0]["result"] == "warning"


def test_a_referral_the_next_day_is_reported_late(vlo, case):
    vlo('breach add VLU-1 --victim 1 --date 2025-05-29 --summary "A call from him"')
    out = vlo('breach referred 1 --to "P. Evans" --date 2025-05-30')
    assert "That is late: it was due on 2025-05-29." in out.stderr


def test_a_recall_records_a_recall_event_with_its_key_stage_deadline(reported):
    reported("victim opt-in 1 --level key-stages")
    reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    out = reported("breach outcome 1 --result recall --date 2025-06-02")
    assert "Recall event 1 recorded" in out.stderr
    (event,) = json.loads(reported("event list --json --personal").stdout)
    assert (event["type"], event["date"], event["note"]) == (
        "recall",
        "2025-06-02",
        "Recalled after breach report 1",
    )
    due = [r for r in json.loads(reported("due --json --all").stdout) if r["kind"] == "key-stage"]
    assert [(r["victim_id"], r["due_date"], r["what"]) for r in due] == [
        (1, "2025-06-02", "Tell of recall to prison (2 Jun 2025)")
    ]


def test_chasing_moves_the_reminder_on(reported):
    reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    out = reported("breach chased 1 --date 2025-06-02")
    assert "Next chase due 2025-06-09." in out.stderr
    assert json.loads(reported("breach list --json").stdout)[0]["chased_on"] == "2025-06-02"


def test_the_monthly_figures(vlo, case):
    from vlo.service.breaches import breach_figures
    from vlo.storage import open_database

    # May: one passed on the same working day (a Saturday report on Monday), one a day late and
    # then told in time. June: one not passed on yet.
    vlo('breach add VLU-1 --victim 1 --date 2025-05-31 --summary "x"')
    vlo('breach referred 1 --to "P. Evans" --date 2025-06-02')
    vlo('breach add VLU-1 --victim 2 --date 2025-05-28 --summary "y"')
    vlo('breach referred 2 --to "P. Evans" --date 2025-05-29')
    vlo("breach outcome 2 --result no-further-action --date 2025-05-30")
    vlo("contact add 2 --date 2025-06-02 --method letter")
    vlo('breach add VLU-1 --victim 1 --date 2025-06-02 --summary "z"')
    store = open_database(vlo.db)
    try:
        figures = breach_figures(store, today=date(2025, 6, 2))
    finally:
        store.close()
    assert figures == {
        "2025-05": {
            "breaches_reported": 2,
            "breaches_referred_same_day": 1,
            "breaches_referred_late": 1,
            "breaches_not_referred": 0,
            "breach_victims_told_in_time": 1,
            "breach_victims_told_late": 0,
            "breach_victims_told_overdue": 0,
        },
        "2025-06": {
            "breaches_reported": 1,
            "breaches_referred_same_day": 0,
            "breaches_referred_late": 0,
            "breaches_not_referred": 1,
            "breach_victims_told_in_time": 0,
            "breach_victims_told_late": 0,
            "breach_victims_told_overdue": 0,
        },
    }


def test_case_and_victim_show_can_list_a_persons_breaches(reported):
    from vlo.service.breaches import breaches_of
    from vlo.storage import open_database

    store = open_database(reported.db)
    try:
        (mine,) = breaches_of(store, person_id=1)
        assert (mine["id"], mine["summary"]) == (1, "Saw him on my street")
        assert breaches_of(store, person_id=2) == []
        assert [b["id"] for b in breaches_of(store, case_id=1)] == [1]
    finally:
        store.close()


# --- the letter --------------------------------------------------------------------------------------


def test_the_breach_outcome_letter_is_plain_and_names_no_address_or_prison(reported):
    from vlo.letters import Renderer
    from vlo.service.breaches import letter_fields
    from vlo.service.letters import batch_context, letter_context
    from vlo.storage import open_database

    reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    reported("breach outcome 1 --result recall --date 2025-06-02")
    store = open_database(reported.db)
    try:
        person = store.victim(1)
        context = letter_context(
            store, person, "breach-outcome", "1", batch_context(store, today=date(2025, 6, 2))
        )
        context["breach"] = letter_fields(store, 1)
        text = Renderer(None).text("breach-outcome", context, 1)
    finally:
        store.close()
    for expected in (
        "Dear Ms O'Neil",
        "on 31 May 2025, about something that worried you",
        "on 2 June 2025",
        "The offender has been recalled to prison.",
        "call 999",
        "Our reference: VLU-1",
    ):
        assert expected in text, expected
    # The summary is not repeated; no prison, no offender's address (the case has none to give).
    assert "Saw him" not in text and "HMP" not in text and "prison number" not in text.lower()


# --- bad input: one Error: line, nothing written -------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ('breach add VLU-1 --victim 99 --date 2025-06-02 --summary "x"', "no person to contact with id 99"),
        ('breach add VLU-1 --date 2025-06-02 --summary "x"', "--victim ID"),
        ('breach add VLU-1 --victim 1 --summary "x"', "report date is required"),
        (
            'breach add VLU-1 --victim 1 --date 2025-06-03 --summary "x"',
            "report date cannot be in the future",
        ),
        ('breach add VLU-1 --victim 1 --date 2025-02-30 --summary "x"', "report date is not a real date"),
        (
            'breach add VLU-1 --victim 1 --date 2025-03-01 --summary "x"',
            "report date is before the sentence date",
        ),
        ('breach add VLU-1 --victim 1 --date 2025-06-02 --summary "  "', "summary must not be empty"),
        ('breach add VLU-1 --victim 1 --date 2025-06-02 --summary "x" --condition 9', "no condition 9"),
        ('breach add NOPE --victim 1 --date 2025-06-02 --summary "x"', "no case with reference NOPE"),
        ("breach referred 9 --to X", "no breach report 9"),
        ("breach outcome 9 --result warning", "no breach report 9"),
    ],
)
def test_bad_breach_reports_are_refused(vlo, case, command, expected):
    assert expected in vlo.fails(command)


def test_a_breach_on_a_case_with_no_such_person_is_refused(vlo, case):
    vlo('case add VLU-2 --offender "B" --offence "Assault" --category violent')
    vlo('victim add VLU-2 --name "Other Person"')
    error = vlo.fails('breach add VLU-1 --victim 3 --date 2025-06-02 --summary "x"')
    assert error == "Error: person 3 is not on case VLU-1; see: vlo victim list --case VLU-1"
    vlo('condition add 3 --type non-contact --details "No contact"')
    error = vlo.fails('breach add VLU-1 --victim 1 --date 2025-06-02 --summary "x" --condition 1')
    assert "condition 1 is not on case VLU-1" in error


def test_a_summary_of_100000_characters_is_refused(vlo, case):
    assert "summary is too long" in vlo.fails(
        ["breach", "add", "VLU-1", "--victim", "1", "--date", "2025-06-02", "--summary", "x" * 100_000]
    )


@pytest.mark.parametrize(
    ("steps", "command", "expected"),
    [
        (
            [],
            "breach outcome 1 --result warning --date 2025-05-30",
            "outcome date is before the breach was reported",
        ),
        ([], "breach outcome 1 --result warning --date 2025-06-02", "has not been referred yet"),
        (
            [],
            "breach outcome 1 --result caution",
            "result must be one of: recall, warning, no-further-action",
        ),
        ([], "breach outcome 1", "result is required"),
        ([], "breach referred 1 --to X --date 2025-05-30", "referral date is before the breach was reported"),
        ([], "breach referred 1 --date 2025-06-02", "--to (who it was passed to) is required"),
        ([], "breach referred 1 --to X --date 2025-06-03", "referral date cannot be in the future"),
        ([], "breach chased 1", "has not been referred yet"),
        (
            ["breach referred 1 --to X --date 2025-06-02"],
            "breach referred 1 --to Y",
            "already referred on 2025-06-02",
        ),
        (
            ["breach referred 1 --to X --date 2025-06-02"],
            "breach outcome 1 --result warning --date 2025-06-01",
            "outcome date is before the referral (2025-06-02)",
        ),
        (
            ["breach referred 1 --to X --date 2025-06-02", "breach outcome 1 --result warning"],
            "breach outcome 1 --result recall",
            "already has its outcome (warning on 2025-06-02)",
        ),
        (
            ["breach referred 1 --to X --date 2025-06-02", "breach outcome 1 --result warning"],
            "breach chased 1",
            "already has its outcome",
        ),
    ],
)
def test_bad_referrals_and_outcomes_write_nothing(reported, steps, command, expected):
    for step in steps:
        reported(step)
    assert expected in reported.fails(command)


def test_a_recall_on_a_case_without_a_sentence_writes_nothing(vlo):
    vlo('case add U-1 --offender "A" --offence "Assault" --category violent')
    vlo('victim add U-1 --name "B C"')
    vlo('breach add U-1 --victim 1 --date 2025-06-02 --summary "x"')
    vlo("breach referred 1 --to X")
    assert "has no sentence yet" in vlo.fails("breach outcome 1 --result recall")
    assert json.loads(vlo("breach list --json").stdout)[0]["result"] is None


def test_vlo_letters_makes_the_breach_outcome_letter_for_the_person_due_it(reported, tmp_path):
    # The seed page: the officer explains "how information received from the victim ... relating
    # to breaches of release conditions would be dealt with"; the victim is told what was done.
    reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    reported("breach outcome 1 --result warning --date 2025-06-02")
    out = tmp_path / "letters"
    made = reported(f"letters breach-outcome --out {out}")
    assert made.stdout.strip().isdigit()
    (letter,) = [p for p in out.iterdir() if p.name.startswith("breach-outcome-")]
    text = letter.read_text(encoding="utf-8")
    assert "The offender has been given a warning." in text
    assert "Saw him" not in text  # the victim's own words are not repeated back
    again = reported(f"letters breach-outcome --out {out}")
    assert again.stdout == ""  # made once: rerunning makes no duplicate


def tell_breach_open(vlo) -> bool:
    return any(r["what"].startswith("Tell the victim") for r in json.loads(vlo("due --json --all").stdout))


def test_only_a_made_contact_about_it_tells_the_victim_of_a_breach_outcome(reported, tmp_path):
    reported('breach referred 1 --to "P. Evans" --date 2025-06-02')
    reported("breach outcome 1 --result warning --date 2025-06-02")
    reported("victim opt-in 1 --level key-stages")
    reported("contact add 1 --date 2025-06-02 --method phone --outcome no-answer")
    assert tell_breach_open(reported)  # an unanswered call told them nothing
    reported(f"letters opt-in-confirmation --out {tmp_path / 'a'}")
    reported("batch posted 1")
    assert tell_breach_open(reported)  # nor did a letter confirming their opt-in
    reported(f"letters breach-outcome --out {tmp_path / 'b'}")
    reported("batch posted 2")
    assert not tell_breach_open(reported)


# --- the clocks at their edges (README deadline table: breach_outcome_days and breach_chase_days,
# settings of 0 to 250 working days; SPEC §2 "What meets a deadline": told after it was known) ------


def test_a_setting_of_one_working_day_is_the_next_working_day(calendar):
    # Referred Mon 2 Jun 2025, interim result Tue 3 Jun: told by Wed 4 Jun, chased by Wed 4 Jun.
    interim = Result("under-investigation", date(2025, 6, 3), "2025-06-03T10:00:00")
    found = rules.one_breach(
        report(date(2025, 6, 2), date(2025, 6, 2), [interim]),
        calendar,
        BreachRules(outcome_days=1, chase_days=1),
    )
    assert kinds(found)[1:] == [
        ("breach-outcome", date(2025, 6, 4), None),
        ("breach-outcome", date(2025, 6, 4), None),
    ]
    # With no result yet, the chase is one working day after the referral: Tue 3 Jun.
    waiting = rules.one_breach(
        report(date(2025, 6, 2), date(2025, 6, 2)), calendar, BreachRules(chase_days=1)
    )
    assert kinds(waiting)[1:] == [("breach-outcome", date(2025, 6, 3), None)]


def test_a_contact_logged_the_same_moment_as_the_result_has_not_told_of_it(calendar):
    warned = Result("warning", date(2025, 6, 10), "2025-06-10T14:00:00")
    same = [(date(2025, 6, 10), "2025-06-10T14:00:00")]
    told = rules.one_breach(
        report(date(2025, 6, 2), date(2025, 6, 2), [warned], contacts=same), calendar, BreachRules()
    )
    assert told[1].met_on is None


def test_a_result_may_not_be_dated_before_the_last_one_recorded():
    # A result before the report, the referral or an earlier result is refused (one line, SPEC §5).
    reported = {"id": 7, "reported_on": "2025-06-02", "referred_on": "2025-06-02"}
    results = [
        {"result": "under-investigation", "date": "2025-06-03"},
        {"result": "under-investigation", "date": "2025-06-05"},
    ]
    rules.check_result_date(reported, results, date(2025, 6, 5))  # the same day as the last: fine
    with pytest.raises(VloError, match=r"^outcome date is before the last result recorded \(2025-06-05\)$"):
        rules.check_result_date(reported, results, date(2025, 6, 4))
    rules.check_result_date(reported, [], date(2025, 6, 2))  # the day of the referral: fine


def test_other_rows_keep_the_morning_lists_soon_window_of_5_working_days():
    # SPEC §4 `vlo due` status words: soon is within the default 5 working days, upcoming beyond.
    assert rules.due_status("initial-contact", 5) == "soon"
    assert rules.due_status("initial-contact", 6) == "upcoming"
