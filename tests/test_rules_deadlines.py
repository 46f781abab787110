"""The deadline rules (vlo/domain/deadlines.py, urgency.py), each against a source that is not the code.

Dates are worked by hand against the calendar (weekdays and the England and Wales bank holidays
published on GOV.UK "UK bank holidays": 2025 Good Friday 18 Apr, Easter Monday 21 Apr, 5 and
26 May, 25 Aug; 2026 Good Friday 3 Apr, Easter Monday 6 Apr), and the weekday of each date is
written beside it so a reader can check it against any printed calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vlo.domain.deadlines import (
    ANNUAL,
    CONDITION_OUTCOME,
    INITIAL,
    KEY_STAGE,
    KINDS,
    LICENCE_VIEWS,
    PATIENT_EVENTS,
    PRISON_EVENTS,
    RECONSIDERATION,
    RELEASE_MONTH,
    VICTIM_STATEMENT,
    CaseFacts,
    Contact,
    Event,
    Outcome,
    Person,
    Rules,
    case_deadlines,
    hears_of,
    reclocked,
)
from vlo.domain.urgency import relative, status, working_days_left
from vlo.domain.workdays import WorkingCalendar, bank_holidays


@lru_cache(maxsize=1)
def calendar() -> WorkingCalendar:
    return WorkingCalendar(bank_holidays(2024, 2030), 2020, 2060)  # holidays known to 2030


WEEKENDS_ONLY = WorkingCalendar([], 2020, 2060)  # for long horizons: only the count of letters matters


def facts(people=(), events=(), **kw) -> CaseFacts:
    base = dict(case_id=1, eligibility="statutory", open=True, sentence_date=date(2025, 3, 31))
    return CaseFacts(**{**base, **kw}, people=tuple(people), events=tuple(events))


def person(level="key-stages", status="opted-in", contacts=(), outcomes=(), id=7, choice_on=None) -> Person:
    return Person(id, status, level, tuple(contacts), tuple(outcomes), choice_on=choice_on)


def made(*days: date) -> tuple[Contact, ...]:
    """Contacts made (they reached the person) on these days, about whatever was open, with no log time."""
    return tuple(Contact(d) for d in days)


def of_kind(deadlines, kind):
    return [d for d in deadlines if d.kind == kind]


# --- Who hears of what (SPEC §2 "Who is contacted": release month only, an annual letter, or every
# key stage; "Key stages the victim hears about (per their contact level)"). The release-month set
# is the unit's reading, written in deadlines.RELEASE_MONTH_EVENTS: leaving custody and escape.


@pytest.mark.parametrize("event", PRISON_EVENTS + PATIENT_EVENTS)
def test_every_key_stage_level_hears_of_every_event(event):
    assert hears_of("key-stages", event) is True


@pytest.mark.parametrize("event", [e for e in PRISON_EVENTS + PATIENT_EVENTS if e != "escape"])
def test_an_annual_level_hears_of_no_event_between_letters(event):
    # SPEC §2: "an annual letter" is the whole of what they chose; a deadline per event would flood them.
    assert hears_of("annual", event) is False
    assert hears_of(None, event) is False


@pytest.mark.parametrize("level", ["annual", None, "release-month", "key-stages"])
def test_every_level_hears_of_an_escape(level):
    # A letters review: an annual-level victim was not told of an escape, and the next annual letter
    # said there was "no significant change". Their safety is not a level of news they opted into.
    assert hears_of(level, "escape") is True


@pytest.mark.parametrize(
    ("event", "told"),
    [
        ("release", True),
        ("hdc", True),  # leaving custody on a tag is leaving custody
        ("release-date-change", True),
        ("escape", True),  # their safety
        ("conditional-discharge", True),
        ("absolute-discharge", True),
        ("parole-review", False),
        ("open-conditions", False),
        ("rotl", False),
        ("recall", False),
        ("tribunal-hearing", False),
    ],
)
def test_release_month_level_hears_only_of_leaving_custody(event, told):
    assert hears_of("release-month", event) is told


def test_an_annual_person_gets_no_key_stage_deadline_but_a_key_stage_person_does():
    release = Event(1, "parole-review", date(2026, 6, 1), recorded=date(2026, 1, 5))
    got = case_deadlines(facts([person("annual", id=1), person("key-stages", id=2)], [release]), calendar())
    assert [(d.victim_id, d.kind) for d in got if d.kind == KEY_STAGE] == [(2, KEY_STAGE)]


# --- The initial-contact deadline (SPEC §2 worked examples; the seed's 40 working days).


@pytest.mark.parametrize(
    ("sentenced", "due"),
    [
        (date(2025, 3, 31), date(2025, 5, 30)),  # SPEC §2: Mon 31 Mar 2025 -> Fri 30 May 2025
        (date(2025, 12, 1), date(2026, 1, 29)),  # SPEC §2: Mon 1 Dec 2025 -> Thu 29 Jan 2026
        (date(2025, 3, 3), date(2025, 4, 30)),  # Mon 3 Mar 2025 -> Wed 30 Apr (Easter 18 and 21 Apr)
    ],
)
def test_initial_contact_is_due_40_working_days_after_sentence(sentenced, due):
    (got,) = of_kind(
        case_deadlines(facts([person(status="pending")], sentence_date=sentenced), calendar()), INITIAL
    )
    assert (got.due, got.start, got.met_on, got.estimated) == (due, sentenced, None, False)


def test_initial_contact_is_met_by_the_first_contact_on_or_after_the_sentence_date():
    # SPEC §2: "met by the first recorded contact with that person on or after the sentence date".
    # The contact on the sentence day carries the time it was logged, as every contact the CLI
    # records does (contacts.created_at): a same-day contact counts once the sentence is recorded.
    on_the_day = Contact(date(2025, 3, 31), logged="2025-03-31T16:00:00")
    p = person(contacts=[*made(date(2025, 3, 28), date(2025, 4, 2)), on_the_day])
    (got,) = of_kind(case_deadlines(facts([p]), calendar()), INITIAL)
    assert got.met_on == date(2025, 3, 31)
    before_only = person(contacts=made(date(2025, 3, 30)))
    (got,) = of_kind(case_deadlines(facts([before_only]), calendar()), INITIAL)
    assert got.met_on is None


def test_an_imported_contact_on_the_sentence_day_meets_the_initial_deadline():
    # SPEC §2 "on or after the sentence date": a contact read in by vlo import has no log time, and
    # nothing was recorded later that day for it to precede, so the sentence day itself counts.
    p = person(contacts=made(date(2025, 3, 31)))
    (got,) = of_kind(case_deadlines(facts([p]), calendar()), INITIAL)
    assert got.met_on == date(2025, 3, 31)


def test_the_2020_code_clock_is_10_plus_20_working_days_and_says_when_estimated():
    # SPEC §2: referral within 10 wd of sentence (estimated when unknown), contact within 20 wd of it.
    # Mon 31 Mar 2025 + 10 wd = Mon 14 Apr; + 20 wd = Thu 15 May (Good Friday, Easter Monday, 5 May skipped).
    code = Rules(clock="code-2020")
    (got,) = of_kind(case_deadlines(facts([person(status="pending")]), calendar(), code), INITIAL)
    assert (got.start, got.due, got.estimated) == (date(2025, 4, 14), date(2025, 5, 15), True)
    assert got.what == "Initial contact (referral date estimated)"
    known = facts([person(status="pending")], referral_date=date(2025, 4, 1))  # Tue 1 Apr + 20 wd
    (got,) = of_kind(case_deadlines(known, calendar(), code), INITIAL)
    assert (got.start, got.due, got.estimated, got.what) == (
        date(2025, 4, 1),
        date(2025, 5, 1),
        False,
        "Initial contact",
    )


@pytest.mark.parametrize(
    ("change", "deadlines"),
    [
        ({}, 1),
        ({"open": False}, 0),  # a closed case owes nothing
        ({"eligibility": "discretionary"}, 1),  # SPEC §2: discretionary cases are taken by choice
        ({"eligibility": "review"}, 1),  # undecided: the decision is due (scheme-decision; SPEC §2 "flag it")
        ({"eligibility": "not-eligible"}, 0),
        ({"sentence_date": None}, 0),
    ],
)
def test_only_open_cases_in_the_scheme_with_a_sentence_have_deadlines(change, deadlines):
    assert len(case_deadlines(facts([person(status="pending")], **change), calendar())) == deadlines


# Changed by issue 11 ("A met deadline means the victim was told", item 6, "A report that keeps its
# history": "a decline erased an overdue deadline from the figures"; denominators include everyone
# offered the scheme). A person who declines or opts out no longer has *no* deadline: their initial
# contact is kept, closed on the day of the choice (met_on = closed_on) unless met before it, and
# they get nothing else. (README "Choices made" still says "no deadlines": stale.)
CHOSE = date(2025, 4, 10)  # Thu: the day they declined or opted out


@pytest.mark.parametrize(
    ("opt", "choice_on", "initial"),
    [
        ("pending", None, (INITIAL, None, None)),
        ("declined", CHOSE, (INITIAL, CHOSE, CHOSE)),
        ("opted-out", CHOSE, (INITIAL, CHOSE, CHOSE)),
    ],
)
def test_a_person_who_declined_or_opted_out_keeps_only_their_initial_deadline_closed(opt, choice_on, initial):
    event = Event(1, "release", date(2026, 6, 1), recorded=date(2026, 1, 5))
    got = case_deadlines(
        facts([person(status=opt, choice_on=choice_on)], [event], release_date=date(2026, 6, 1)), calendar()
    )
    assert [(d.kind, d.met_on, d.closed_on) for d in got] == [initial]


# --- Annual letters (SPEC §2 contact level "an annual letter": one a year on the anniversary of the
# sentence, while the licence runs; any contact in the year up to the anniversary is that year's).


def annual(p, **kw):
    return of_kind(case_deadlines(facts([p], **kw), calendar()), ANNUAL)


def test_annual_letters_fall_on_each_anniversary_until_the_licence_ends():
    # Sentenced Mon 31 Mar 2025; anniversaries Tue 31 Mar 2026 and Wed 31 Mar 2027, both working days.
    # Issue 11 ("The annual level fills `vlo due --all` with nine years of letters"): only the next
    # unsent letter exists, so each letter is sent on its anniversary here; year 3 (31 Mar 2028)
    # would exist were it not past the licence end.
    unsent = annual(person("annual"), end_date=date(2027, 9, 30))
    assert [(d.what, d.due, d.met_on) for d in unsent] == [
        ("Annual letter (year 1)", date(2026, 3, 31), None)
    ]
    sent = person("annual", contacts=made(date(2026, 3, 31), date(2027, 3, 31)))
    got = annual(sent, end_date=date(2027, 9, 30))
    assert [(d.what, d.start, d.due) for d in got] == [
        ("Annual letter (year 1)", date(2025, 3, 31), date(2026, 3, 31)),
        ("Annual letter (year 2)", date(2026, 3, 31), date(2027, 3, 31)),
    ]


@pytest.mark.parametrize(("end", "letters"), [(date(2027, 3, 31), 2), (date(2027, 3, 30), 1)])
def test_an_anniversary_on_the_licence_end_still_gets_its_letter(end, letters):
    # Year 1 sent on Tue 31 Mar 2026, so year 2 (Wed 31 Mar 2027) exists unless past the licence end.
    assert len(annual(person("annual", contacts=made(date(2026, 3, 31))), end_date=end)) == letters


def test_without_a_licence_end_annual_letters_run_25_years():
    # deadlines.Rules.annual_years: a life sentence has no licence end to bound them. Every letter
    # is sent on its anniversary (31 Mar 2026 to 31 Mar 2050), so only the 25-year bound stops them.
    every_year = made(*(date(2025 + year, 3, 31) for year in range(1, 26)))
    got = of_kind(case_deadlines(facts([person("annual", contacts=every_year)]), WEEKENDS_ONLY), ANNUAL)
    assert len(got) == 25
    assert (got[0].due, got[-1].start, got[-1].due) == (
        date(2026, 3, 31),
        date(2049, 3, 31),
        date(2050, 3, 31),
    )


def test_an_anniversary_on_a_non_working_day_is_due_the_next_working_day():
    # Sentenced Fri 4 Apr 2025: the first anniversary is Sat 4 Apr 2026, Easter Saturday; Easter
    # Monday is 6 Apr, so the letter is due Tue 7 Apr 2026. The second, Sun 4 Apr 2027, is due
    # Mon 5 Apr 2027 (Easter Monday 2027 is 29 Mar). Year 1 is sent on its due day so year 2 exists.
    p = person("annual", contacts=made(date(2026, 4, 7)))
    got = annual(p, sentence_date=date(2025, 4, 4), end_date=date(2027, 12, 31))
    assert [d.due for d in got] == [date(2026, 4, 7), date(2027, 4, 5)]


def test_a_leap_day_sentence_has_its_anniversary_on_28_february_and_back_on_29th_in_a_leap_year():
    # Sentenced Thu 29 Feb 2024: 28 Feb 2025 is a Friday; Sat 28 Feb 2026 -> Mon 2 Mar; Sun 28 Feb
    # 2027 -> Mon 1 Mar; 2028 is a leap year: Tue 29 Feb 2028. Each letter is sent on its due day.
    p = person("annual", contacts=made(date(2025, 2, 28), date(2026, 3, 2), date(2027, 3, 1)))
    got = annual(p, sentence_date=date(2024, 2, 29), end_date=date(2028, 12, 31))
    assert [d.due for d in got] == [date(2025, 2, 28), date(2026, 3, 2), date(2027, 3, 1), date(2028, 2, 29)]


def test_a_contact_meets_an_annual_letter_only_in_the_20_working_days_up_to_its_anniversary():
    # Changed by issue 11 (SPEC §2 "What meets a deadline": a contact answers a deadline only
    # "inside a notice window before it"; the issue: "An opt-in call met the first annual letter a
    # year away"). It was any contact in the year up to the anniversary; now a letter's window opens
    # window_days (20) working days before it is due. Year 1 is due Tue 31 Mar 2026, window from Tue
    # 3 Mar 2026 (no bank holiday in March 2026); year 2 Wed 31 Mar 2027, window from Mon 1 Mar 2027
    # (over Good Friday 26 Mar and Easter Monday 29 Mar 2027); year 3 Fri 31 Mar 2028.
    p = person(
        "annual",
        contacts=made(
            date(2025, 3, 31),  # the opt-in call on the sentence day: neither letter
            date(2026, 3, 2),  # Mon, the day before year 1's window: too early
            date(2026, 3, 31),  # on the anniversary: year 1
            date(2026, 4, 1),  # the day after: once year 2's, now eleven months too early for it
            date(2027, 3, 2),  # Tue, inside year 2's window: year 2
        ),
    )
    got = annual(p, end_date=date(2028, 6, 30))
    assert [(d.due, d.met_on) for d in got] == [
        (date(2026, 3, 31), date(2026, 3, 31)),
        (date(2027, 3, 31), date(2027, 3, 2)),
        (date(2028, 3, 31), None),
    ]


def test_an_annual_letter_sent_after_the_anniversary_meets_that_years_letter_late_not_the_next():
    # Changed by issue 11 (SPEC §2 "What meets a deadline"; the issue, item 1: "A contact meets only
    # deadlines whose window is open on its date"). Year 1's window (from Tue 3 Mar 2026) stays open
    # until it is met, and year 2's does not open until Mon 1 Mar 2027: a letter two days late is
    # year 1's, met late, not year 2's (which the old rule gave it, leaving year 1 unmet for ever).
    p = person("annual", contacts=made(date(2025, 3, 31), date(2026, 4, 2)))
    got = annual(p, end_date=date(2027, 6, 30))
    assert [(d.due, d.met_on) for d in got] == [
        (date(2026, 3, 31), date(2026, 4, 2)),
        (date(2027, 3, 31), None),
    ]


def test_key_stage_and_release_month_people_get_no_annual_letters():
    for level in ("key-stages", "release-month"):
        assert annual(person(level), end_date=date(2030, 1, 1)) == []


# --- Release: views on licence conditions 60 wd before, the release month 20 wd before (the unit's
# settings, deadlines.Rules; SPEC §2 "Licence conditions victims ask for" and key stage "release").


def release_deadlines(release, level="key-stages", contacts=(), **kw):
    got = case_deadlines(facts([person(level, contacts=contacts)], release_date=release, **kw), calendar())
    return {d.kind: d for d in got if d.kind in (LICENCE_VIEWS, RELEASE_MONTH)}


def test_views_and_release_month_count_back_from_a_working_day():
    # Release Fri 15 Aug 2025: 60 wd back is Thu 22 May (Mon 26 May is a bank holiday), 20 wd back
    # is Fri 18 Jul (tests/test_conditions_and_dates.py works the same example through the CLI).
    got = release_deadlines(date(2025, 8, 15))
    assert (got[LICENCE_VIEWS].due, got[RELEASE_MONTH].due) == (date(2025, 5, 22), date(2025, 7, 18))
    assert got[LICENCE_VIEWS].start == date(2025, 4, 23)  # 20 wd before the views date, over Easter
    assert got[LICENCE_VIEWS].what == "Seek views on licence conditions (release Aug 2025)"
    assert got[RELEASE_MONTH].start == date(2025, 6, 20)  # 20 wd before Fri 18 Jul
    assert got[RELEASE_MONTH].what == "Tell of the release month (August 2025)"


def test_counting_back_from_a_saturday_release_treats_friday_as_the_first_day_back():
    # Release Sat 16 Aug 2025 (day 0, as a sentence on a Saturday is day 0): Fri 15 Aug is 1 wd back,
    # so 60 wd back is Fri 23 May, one working day later than for a Friday release, and the same as
    # for Mon 18 Aug. The release-month letter: 20 wd back is Mon 21 Jul.
    for release in (date(2025, 8, 16), date(2025, 8, 18)):
        got = release_deadlines(release)
        assert (got[LICENCE_VIEWS].due, got[RELEASE_MONTH].due) == (date(2025, 5, 23), date(2025, 7, 21))


def test_a_contact_in_the_20_working_days_before_the_views_date_meets_it():
    # Views due Thu 22 May 2025, window from Wed 23 Apr; a contact on Tue 22 Apr is too early.
    # Each contact carries its log time, as every contact the CLI records does.
    day_before = Contact(date(2025, 4, 22), logged="2025-04-22T16:00:00")
    first_day = Contact(date(2025, 4, 23), logged="2025-04-23T09:00:00")
    early = release_deadlines(date(2025, 8, 15), contacts=[day_before])
    assert early[LICENCE_VIEWS].met_on is None
    on_time = release_deadlines(date(2025, 8, 15), contacts=[day_before, first_day])
    assert on_time[LICENCE_VIEWS].met_on == date(2025, 4, 23)


def test_a_release_already_past_when_the_sentence_was_recorded_has_no_release_deadlines():
    assert release_deadlines(date(2025, 8, 15), known_from=date(2025, 8, 15)) == {}
    assert set(release_deadlines(date(2025, 8, 15), known_from=date(2025, 8, 14))) == {
        LICENCE_VIEWS,
        RELEASE_MONTH,
    }


def test_annual_people_are_asked_for_views_but_told_of_the_month_only_if_they_hear_of_release():
    assert set(release_deadlines(date(2025, 8, 15), level="annual")) == {LICENCE_VIEWS}
    assert set(release_deadlines(date(2025, 8, 15), level="release-month")) == {LICENCE_VIEWS, RELEASE_MONTH}


@pytest.mark.parametrize(
    ("event", "month_letter"), [("release", False), ("release-date-change", False), ("rotl", True)]
)
def test_a_recorded_release_event_takes_over_the_release_month_letter(event, month_letter):
    e = Event(1, event, date(2025, 8, 15), recorded=date(2025, 6, 2))
    got = case_deadlines(facts([person()], [e], release_date=date(2025, 8, 15)), calendar())
    assert bool(of_kind(got, RELEASE_MONTH)) is month_letter


# --- Key-stage events: told 10 wd before, at once if learnt of later (SPEC §2 key stages).


def test_a_key_stage_is_due_10_working_days_before_the_event():
    # Event Mon 1 Sep 2025 (day 0); 10 wd back, over the bank holiday of Mon 25 Aug: Fri 15 Aug.
    e = Event(3, "parole-review", date(2025, 9, 1), recorded=date(2025, 6, 2))
    (got,) = of_kind(case_deadlines(facts([person()], [e]), calendar()), KEY_STAGE)
    assert (got.due, got.start, got.event_id) == (date(2025, 8, 15), date(2025, 6, 2), 3)
    assert got.what == "Tell of Parole Board review (1 Sep 2025)"


def test_an_event_learnt_of_inside_the_notice_period_is_due_the_day_it_was_recorded():
    e = Event(3, "escape", date(2025, 9, 1), recorded=date(2025, 8, 20))
    (got,) = of_kind(case_deadlines(facts([person()], [e]), calendar()), KEY_STAGE)
    assert got.due == date(2025, 8, 20)


def test_a_contact_tells_of_an_event_only_after_it_was_recorded():
    e = Event(3, "recall", date(2025, 9, 1), recorded=date(2025, 6, 2), logged="2025-06-02T14:00:00")
    cases = [
        (list(made(date(2025, 6, 1))), None),  # the day before: cannot have told of it
        ([Contact(date(2025, 6, 2), "2025-06-02T09:00:00")], None),  # that morning, before it was recorded
        ([Contact(date(2025, 6, 2), "2025-06-02T15:00:00")], date(2025, 6, 2)),  # that afternoon, after
        ([Contact(date(2025, 6, 2), "2025-06-02T14:00:00")], None),  # logged the same moment: not after
        (
            [Contact(date(2025, 6, 3), "2025-06-03T09:00:00")],
            date(2025, 6, 3),
        ),  # a later day, whatever the hour
        (list(made(date(2025, 6, 3))), date(2025, 6, 3)),  # contacts with no log times (imported)
        (list(made(date(2025, 5, 1), date(2025, 6, 4))), date(2025, 6, 4)),
    ]
    for contacts, met in cases:
        (got,) = of_kind(case_deadlines(facts([person(contacts=contacts)], [e]), calendar()), KEY_STAGE)
        assert got.met_on == met, contacts


# --- A decision on a licence condition: tell the victim within 10 wd (SPEC §2 "the victim is told
# the outcome"; deadlines.Rules.outcome_days).


def test_a_condition_decision_is_due_10_working_days_later_and_met_by_a_later_contact():
    o = Outcome(4, "agreed-with-changes", date(2025, 8, 18), logged="2025-08-18T10:00:00")
    p = person(
        status="pending",
        contacts=[Contact(date(2025, 8, 18), "2025-08-18T09:00:00"), *made(date(2025, 8, 19))],
        outcomes=[o],
    )
    (got,) = of_kind(case_deadlines(facts([p]), calendar()), CONDITION_OUTCOME)
    # Mon 18 Aug 2025 + 10 wd, over Mon 25 Aug: Tue 2 Sep.
    assert (got.due, got.start, got.met_on, got.condition_id) == (
        date(2025, 9, 2),
        date(2025, 8, 18),
        date(2025, 8, 19),
        4,
    )
    assert got.what == "Tell of the decision on condition 4 (agreed with changes)"


# --- How urgent (the morning list, SPEC §4 `vlo due --json`: working_days_left negative when
# overdue; status overdue, today, soon, upcoming).


def test_working_days_left_counts_working_days_and_a_weekend_after_a_friday_deadline_is_overdue():
    cal = calendar()
    assert working_days_left(cal, date(2025, 8, 22), date(2025, 8, 22)) == 0  # Fri: due today
    assert working_days_left(cal, date(2025, 8, 22), date(2025, 8, 26)) == 1  # Tue, over the bank holiday
    assert working_days_left(cal, date(2025, 8, 23), date(2025, 8, 22)) == -1  # seen on Saturday
    assert working_days_left(cal, date(2025, 8, 27), date(2025, 8, 22)) == -2  # Wed after: Tue, Wed


@pytest.mark.parametrize(
    ("left", "word", "column"),
    [
        (-3, "overdue", "-3 wd"),
        (-1, "overdue", "-1 wd"),
        (0, "today", "today"),
        (1, "soon", "1 wd"),
        (5, "soon", "5 wd"),
        (6, "upcoming", "6 wd"),
    ],
)
def test_status_words_and_the_relative_column(left, word, column):
    assert (status(left), relative(left)) == (word, column)


# --- A child victim (SPEC §2 "Who is contacted": a parent or guardian where the victim is a child,
# the victim directly from 18; "What meets a deadline": a parent or guardian's contact covers a child
# victim until 18; README "What meets a deadline": the victim's own initial offer from their 18th
# birthday, due 40 working days after it). Sentence Mon 31 Mar 2025 throughout.


def child_case(born: date, parent_contacts=(), own_contacts=()):
    child = Person(7, "pending", None, tuple(own_contacts), role="victim", date_of_birth=born)
    parent = Person(8, "pending", None, tuple(parent_contacts), role="parent-guardian")
    got = case_deadlines(facts([child, parent]), calendar())
    return [d for d in got if d.victim_id == 7]


def test_a_parents_contact_meets_the_childs_initial_deadline_and_the_child_is_owed_an_offer_at_18():
    # Born 15 Jul 2008: 18 on Wed 15 Jul 2026. 40 wd on, over the bank holiday of Mon 31 Aug 2026
    # (GOV.UK): Jul 16-17 (2), 20-24 (7), 27-31 (12), Aug 3-7 (17), 10-14 (22), 17-21 (27), 24-28 (32),
    # Sep 1-4 (36), 7-10 (40): Thu 10 Sep 2026.
    got = child_case(date(2008, 7, 15), parent_contacts=made(date(2025, 4, 10)))
    assert [(d.kind, d.start, d.due, d.met_on) for d in got] == [
        (INITIAL, date(2025, 3, 31), date(2025, 5, 30), date(2025, 4, 10)),
        (INITIAL, date(2026, 7, 15), date(2026, 9, 10), None),
    ]
    assert got[1].what == "Initial offer to the victim at 18 (15 Jul 2026)"


def test_only_the_victims_own_contact_meets_the_offer_at_18():
    # The parent's call on Tue 21 Jul 2026 is after the child turned 18: it covers nothing of theirs.
    parent_only = child_case(date(2008, 7, 15), parent_contacts=made(date(2025, 4, 10), date(2026, 7, 21)))
    assert parent_only[1].met_on is None
    own = child_case(date(2008, 7, 15), own_contacts=made(date(2026, 7, 20)))
    assert [d.met_on for d in own] == [date(2026, 7, 20), date(2026, 7, 20)]


def test_on_the_18th_birthday_a_parents_contact_no_longer_covers_the_victim():
    # Born 10 Apr 2007: 18 on Thu 10 Apr 2025, inside the initial window. The parent's call that day
    # is with the parent of an adult: the initial deadline stays open, and the offer at 18 is owed
    # from that day: Apr 11 (1), 14-17 (5), Easter 18/21 Apr, 22-25 (9), 28 Apr-2 May (14), 5 May,
    # 6-9 (18), 12-16 (23), 19-23 (28), 26 May, 27-30 (32), Jun 2-6 (37), 9-11 (40): Wed 11 Jun 2025.
    got = child_case(date(2007, 4, 10), parent_contacts=made(date(2025, 4, 10)))
    assert [(d.start, d.due, d.met_on) for d in got] == [
        (date(2025, 3, 31), date(2025, 5, 30), None),
        (date(2025, 4, 10), date(2025, 6, 11), None),
    ]
    day_before = child_case(date(2007, 4, 10), parent_contacts=made(date(2025, 4, 9)))
    assert day_before[0].met_on == date(2025, 4, 9)


def test_a_victim_who_is_18_on_the_sentence_day_has_one_initial_deadline():
    # Born 31 Mar 2007: an adult on the sentence day, contacted directly from the start.
    got = child_case(date(2007, 3, 31))
    assert [(d.kind, d.start) for d in got] == [(INITIAL, date(2025, 3, 31))]


# --- Opting out after contact (SPEC §2: each may opt in, decline or opt out at any time; issue 11:
# the initial deadline is closed on the day of the choice only if it was not met before it).


def test_a_person_contacted_before_they_declined_keeps_the_initial_deadline_met_not_closed():
    for contacted in (date(2025, 4, 2), CHOSE):  # a call before the choice, or the call in which they made it
        got = case_deadlines(
            facts([person(status="declined", choice_on=CHOSE, contacts=made(contacted))]), calendar()
        )
        assert [(d.met_on, d.closed_on) for d in got] == [(contacted, None)]


def test_a_contact_marked_about_another_kind_does_not_meet_the_initial_deadline():
    # README "What meets a deadline": a contact marked --about some other kind answers only that kind.
    other = person(contacts=[Contact(date(2025, 4, 2), about=frozenset({ANNUAL}))], status="pending")
    this = person(contacts=[Contact(date(2025, 4, 3), about=frozenset({INITIAL}))], status="pending")
    assert [d.met_on for d in case_deadlines(facts([other]), calendar())] == [None]
    assert [d.met_on for d in case_deadlines(facts([this]), calendar())] == [date(2025, 4, 3)]


# --- A release date learnt of late (README deadline table: learnt too late, 5 working days
# (`late_days`) after it was learnt; SPEC §2 "inside a notice window before it": never after the
# release itself). Release Fri 15 Aug 2025: views due Thu 22 May, release month Fri 18 Jul.


def test_views_learnt_of_too_late_are_due_5_working_days_after_the_release_date_was_known():
    # Known Mon 2 Jun 2025, after the views date: Mon 2 Jun + 5 wd = Mon 9 Jun. The release month
    # (18 Jul) is still ahead, so it keeps its date.
    got = release_deadlines(date(2025, 8, 15), release_known=date(2025, 6, 2))
    assert (got[LICENCE_VIEWS].opens_on, got[LICENCE_VIEWS].due) == (date(2025, 6, 2), date(2025, 6, 9))
    assert got[RELEASE_MONTH].due == date(2025, 7, 18)


def test_views_known_on_the_day_they_fall_due_are_due_that_day():
    got = release_deadlines(date(2025, 8, 15), release_known=date(2025, 5, 22))
    assert got[LICENCE_VIEWS].due == date(2025, 5, 22)


def test_a_release_learnt_of_days_before_it_is_told_by_the_working_day_before_release():
    # Known Tue 12 Aug 2025: + 5 wd would be Tue 19 Aug, after the release; both are due Thu 14 Aug,
    # the last working day before Fri 15 Aug.
    got = release_deadlines(date(2025, 8, 15), release_known=date(2025, 8, 12))
    assert (got[LICENCE_VIEWS].due, got[RELEASE_MONTH].due) == (date(2025, 8, 14), date(2025, 8, 14))


# --- The Parole Board: a victim personal statement 28 calendar days before the hearing (GOV.UK
# "Make a victim personal statement to the Parole Board"), less the unit's lead time (README
# deadline table: `vps_lead_days`, 5 working days; a setting of 0 to 250, `vlo settings set`).


def statement(hearing: date, rules: Rules = Rules()):
    e = Event(5, "parole-review", hearing, recorded=date(2025, 7, 1))
    return of_kind(case_deadlines(facts([person()], [e]), calendar(), rules), VICTIM_STATEMENT)[0]


@pytest.mark.parametrize(
    ("lead", "due"),
    [(None, date(2025, 8, 15)), (1, date(2025, 8, 21)), (0, date(2025, 8, 22))],  # None: the default, 5
)
def test_a_statement_is_due_the_lead_time_before_the_last_working_day_28_days_before_the_hearing(lead, due):
    # Hearing Mon 22 Sep 2025: 28 days before is Mon 25 Aug, a bank holiday, so the statement must
    # reach the Board by Fri 22 Aug; 5 wd before that is Fri 15 Aug, 1 wd Thu 21 Aug, 0 the day itself.
    got = statement(date(2025, 9, 22), Rules() if lead is None else Rules(vps_lead_days=lead))
    assert (got.due, got.start) == (due, date(2025, 7, 1))
    assert got.what == "Offer a victim personal statement (reach the Board by 22 Aug 2025)"


# --- Reconsideration: within 21 calendar days of the decision (GOV.UK "Apply for a Parole Board
# decision to be reconsidered"); the officer hears the victim by the last working day of it.


@pytest.mark.parametrize(
    ("decided", "closes", "due"),
    [
        (date(2025, 6, 3), "24 Jun 2025", date(2025, 6, 24)),  # Tue + 21 days: Tue 24 Jun
        (date(2025, 8, 4), "25 Aug 2025", date(2025, 8, 22)),  # Mon + 21: Mon 25 Aug, a bank holiday
    ],
)
def test_the_reconsideration_window_closes_21_calendar_days_after_the_decision(decided, closes, due):
    e = Event(6, "release-decision", decided, recorded=decided)
    (got,) = of_kind(case_deadlines(facts([person()], [e]), calendar()), RECONSIDERATION)
    assert (got.due, got.start) == (due, decided)
    assert got.what == f"Hear the victim's view on reconsideration (window closes {closes})"


@pytest.mark.parametrize(("days", "due"), [(0, date(2025, 8, 18)), (1, date(2025, 8, 19))])
def test_a_condition_decision_setting_of_0_is_the_same_day_and_1_the_next_working_day(days, due):
    # `vlo settings set outcome_days N` takes 0 to 250 (vlo/service/settings.py): 0 means at once.
    p = person(status="pending", outcomes=[Outcome(4, "refused", date(2025, 8, 18))])
    (got,) = of_kind(case_deadlines(facts([p]), calendar(), Rules(outcome_days=days)), CONDITION_OUTCOME)
    assert got.due == due


@pytest.mark.parametrize(
    "kinds",
    [
        *({kind} for kind in KINDS),
        {INITIAL, KEY_STAGE},
        {INITIAL, LICENCE_VIEWS, RELEASE_MONTH},
        {ANNUAL, VICTIM_STATEMENT, RECONSIDERATION},
        set(),
    ],
)
def test_asking_for_some_kinds_gives_exactly_those_deadlines_of_the_whole_case(kinds):
    """A rule change for some kinds recomputes only those (a clock change: the initial contact; a
    closed day: the kinds whose counts cross it). Whatever kinds are asked for, the answer must be
    the whole case's deadlines of those kinds: none missing because a shortcut skipped their rules,
    none of another kind (regression: the recompute relies on it)."""
    decided = [Outcome(4, "agreed", date(2025, 8, 18))]
    people = [
        person("key-stages", id=1, contacts=made(date(2025, 4, 2)), outcomes=decided),
        person("annual", id=2),
        person("release-month", id=3, status="declined", choice_on=date(2025, 5, 1)),
    ]
    events = [
        Event(1, "parole-review", date(2026, 6, 1), recorded=date(2026, 1, 5)),
        Event(2, "release-decision", date(2026, 6, 8), recorded=date(2026, 6, 8)),
    ]
    case = facts(people, events, release_date=date(2027, 3, 31), known_from=date(2025, 3, 31))
    whole = case_deadlines(case, calendar())
    assert {d.kind for d in whole} == set(KINDS)
    assert case_deadlines(case, calendar(), kinds=kinds) == [d for d in whole if d.kind in kinds]
    # Only an initial contact on the 2020 clock without a referral date is ever "estimated".
    assert not any(d.estimated for d in whole)


# --- A change of clock (vlo settings set clock / initial_days / referral_days / ...) restates the
# stored initial contacts with ``reclocked`` instead of running every rule again: it reads no
# contacts. Its answer must be exactly what the whole rule gives under the new clock, for every
# kind of person: met or not, declined or opted out with or without a day of choice, a child
# victim with a parent's contacts and an offer at 18.

_days = st.integers(0, 700).map(lambda n: date(2024, 1, 1) + timedelta(days=n))
_clocks = st.builds(
    Rules,
    clock=st.sampled_from(["40-day", "code-2020"]),
    initial_days=st.integers(1, 60),
    referral_days=st.integers(1, 20),
    referral_contact_days=st.integers(1, 40),
)
_people = st.lists(
    st.builds(
        lambda id_, status, role, born, choice_on, days, about: Person(
            id_,
            status,
            "key-stages",
            tuple(Contact(day, "", "made", about) for day in days),
            role=role,
            date_of_birth=born,
            choice_on=choice_on,
        ),
        st.integers(1, 50),
        st.sampled_from(["opted-in", "pending", "opted-out", "declined"]),
        st.sampled_from(["victim", "parent-guardian"]),
        st.one_of(st.none(), st.integers(-7000, 0).map(lambda n: date(2024, 6, 1) + timedelta(days=n))),
        st.one_of(st.none(), _days),
        st.lists(_days, max_size=3),
        st.sampled_from([frozenset(), frozenset({INITIAL}), frozenset({KEY_STAGE})]),
    ),
    max_size=4,
    unique_by=lambda p: p.id,
)


@settings(max_examples=300, deadline=None)
@given(people=_people, before=_clocks, after=_clocks, referral=st.one_of(st.none(), _days))
def test_a_change_of_clock_restates_each_initial_contact_as_the_whole_rule_would(
    people, before, after, referral
):
    sentenced = date(2024, 3, 4)
    case = facts(people, sentence_date=sentenced, referral_date=referral)
    stored = case_deadlines(case, calendar(), before, kinds={INITIAL})
    choice = {p.id: p.choice_on for p in people}
    restated = [reclocked(d, sentenced, referral, choice[d.victim_id], calendar(), after) for d in stored]
    assert restated == case_deadlines(case, calendar(), after, kinds={INITIAL})


def test_a_declined_person_without_a_day_of_choice_is_closed_on_the_start_of_the_new_clock():
    """The one closing date that follows the clock: with no day of choice it is the clock's start
    (the referral under the 2020 code, the sentence under the 40-day clock)."""
    sentenced, referral = date(2025, 3, 31), date(2025, 4, 7)  # Mon 31 Mar, Mon 7 Apr
    case = facts([person(status="declined")], sentence_date=sentenced, referral_date=referral)
    (forty,) = case_deadlines(case, calendar())
    assert (forty.met_on, forty.closed_on) == (sentenced, sentenced)
    (code,) = [reclocked(forty, sentenced, referral, None, calendar(), Rules(clock="code-2020"))]
    assert (code.start, code.met_on, code.closed_on) == (referral, referral, referral)
    # 20 working days from Mon 7 Apr 2025, past Good Friday 18 Apr, Easter Monday 21 Apr and the
    # early May bank holiday (Mon 5 May): Thu 8 May.
    assert code.due == date(2025, 5, 8)


def test_a_child_victim_turning_18_the_day_after_sentence_keeps_an_offer_counted_from_that_day():
    """The offer at 18 counts from the birthday under every clock: the day after the sentence here."""
    sentenced = date(2024, 3, 4)  # Mon 4 Mar 2024; the victim turns 18 on Tue 5 Mar
    child = Person(3, "pending", "key-stages", role="victim", date_of_birth=date(2006, 3, 5))
    case = facts([child], sentence_date=sentenced)
    initial, offer = case_deadlines(case, calendar())
    assert offer.opens_on == date(2024, 3, 5)
    moved = [
        reclocked(d, sentenced, None, None, calendar(), Rules(initial_days=30)) for d in (initial, offer)
    ]
    assert moved == case_deadlines(case, calendar(), Rules(initial_days=30))
    assert moved[1].due == calendar().add(date(2024, 3, 5), 30)


def test_a_child_victim_born_on_29_february_is_owed_their_own_offer_from_1_march_of_a_common_year():
    """18 when they have lived 18 whole years, as the MoJ calculator reckons age (Period.between):
    born Fri 29 Feb 2008, 18 on Sun 1 Mar 2026; the offer is due 40 working days on."""
    child = Person(3, "pending", "key-stages", role="victim", date_of_birth=date(2008, 2, 29))
    (_, offer) = case_deadlines(facts([child], sentence_date=date(2025, 3, 31)), calendar())
    assert (offer.opens_on, offer.start) == (date(2026, 3, 1), date(2026, 3, 1))
    # 40 working days from Sun 1 Mar 2026: 24 to Thu 2 Apr, past Good Friday 3 Apr and Easter
    # Monday 6 Apr, 16 more from Tue 7 Apr: Tue 28 Apr.
    assert offer.due == date(2026, 4, 28)
