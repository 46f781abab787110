"""What meets a deadline (SPEC §2 "What meets a deadline"; issue 11): windows, attempts, --about."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vlo.domain import deadlines as d
from vlo.domain.workdays import WorkingCalendar


def due_json(vlo, args: str = "") -> list[dict]:
    return json.loads(vlo(f"due --json {args}").stdout)


def kinds(vlo, args: str = "--all") -> list[tuple]:
    return [(r["victim_id"], r["kind"]) for r in due_json(vlo, args)]


def test_an_attempt_meets_nothing_and_shows_in_the_log(vlo, case):
    # SPEC §2: an unanswered call, a voicemail or returned mail is an attempt, not a contact.
    for outcome in ("no-answer", "voicemail"):
        out = vlo(f"contact add 1 --date 2025-04-10 --method phone --outcome {outcome}")
        assert f"attempt ({outcome})" in out.stderr
    assert [r["victim_id"] for r in due_json(vlo)] == [1, 2]
    log = json.loads(vlo("contact list --victim 1 --json").stdout)
    assert [c["outcome"] for c in log] == ["no-answer", "voicemail"]
    vlo("contact add 1 --date 2025-04-11 --method phone")  # made, the default
    assert [r["victim_id"] for r in due_json(vlo)] == [2]


def test_returned_post_flags_the_address_until_it_changes_and_letters_skip_it(vlo, case, tmp_path):
    out = vlo("contact add 2 --date 2025-04-10 --method letter --outcome returned")
    assert "flagged" in out.stderr
    assert json.loads(vlo("victim show 2 --json").stdout)["address_returned_on"] == "2025-04-10"
    letters = vlo(f"letters initial-contact --out {tmp_path / 'a'}")
    assert "000002" not in " ".join(p.name for p in (tmp_path / "a").glob("*")), letters.stderr
    vlo('victim edit 2 --address "9 New Road, Leeds"')
    assert json.loads(vlo("victim show 2 --json").stdout)["address_returned_on"] is None
    vlo(f"letters initial-contact --out {tmp_path / 'b'}")
    assert any("000002" in p.name for p in (tmp_path / "b").glob("*"))


def test_a_contact_about_one_kind_meets_only_that_kind(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("event add VLU-1 --type parole-review --date 2025-09-01")
    assert (1, "victim-statement") in kinds(vlo) and (1, "key-stage") in kinds(vlo)
    vlo("contact add 1 --method phone --about victim-statement")
    assert (1, "victim-statement") not in kinds(vlo) and (1, "key-stage") in kinds(vlo)


def test_a_call_before_the_release_date_was_known_does_not_seek_views(vlo):
    # Issue 11: a call months before the release date was known had asked nothing about it.
    vlo('case add R-1 --offender "A" --offence "Robbery" --category violent')
    vlo("sentence R-1 --date 2025-01-06 --type life --tariff 15y")  # no computed release date
    vlo('victim add R-1 --name "B C"')
    vlo("victim opt-in 1 --level key-stages")
    vlo("contact add 1 --date 2025-03-03 --method phone")
    vlo("dates R-1 --release 2025-06-23")  # three weeks ahead, learnt today (Mon 2 Jun 2025)
    views = [r for r in due_json(vlo, "--all") if r["kind"] == "licence-views"]
    # 60 wd before 23 Jun is long past: due at once, 5 working days on (Mon 9 Jun), not in the past.
    assert [(r["due_date"], r["status"]) for r in views] == [("2025-06-09", "soon")]
    vlo("contact add 1 --method phone --about licence-views")
    assert not [r for r in due_json(vlo, "--all") if r["kind"] == "licence-views"]


def test_a_bad_outcome_or_about_is_refused_and_writes_nothing(vlo, case):
    assert "outcome must be one of: made, no-answer" in vlo.fails(
        "contact add 1 --method phone --outcome maybe"
    )
    assert "about must be one of: initial-contact" in vlo.fails("contact add 1 --method phone --about lunch")
    assert "an attempt answers nothing" in vlo.fails(
        "contact add 1 --method phone --outcome no-answer --about key-stage"
    )
    assert "date of birth cannot be in the future" in vlo.fails("victim edit 1 --date-of-birth 2030-01-01")
    assert "date of birth is not a real date" in vlo.fails("victim edit 1 --date-of-birth 2010-02-30")


# --- properties ------------------------------------------------------------------------------------

CAL = WorkingCalendar(frozenset())
days = st.integers(min_value=0, max_value=900).map(lambda n: date(2024, 1, 1) + timedelta(days=n))
contacts = st.lists(
    st.builds(
        d.Contact,
        days,
        st.just(""),
        st.sampled_from(d.OUTCOMES),
        st.frozensets(st.sampled_from(d.KINDS), max_size=2),
    ),
    max_size=6,
)
events = st.lists(
    st.builds(
        lambda i, t, on, late: d.Event(i, t, on, on - timedelta(days=late)),
        st.integers(1, 99),
        st.sampled_from(d.EVENT_TYPES),
        days,
        st.integers(-30, 120),
    ),
    max_size=3,
    unique_by=lambda e: e.id,
)


@settings(max_examples=150, deadline=None)
@given(
    contacts=contacts,
    events=events,
    level=st.sampled_from(["key-stages", "release-month", "annual"]),
    release=st.one_of(st.none(), days),
    known=days,
    status=st.sampled_from(["opted-in", "pending", "opted-out", "declined"]),
)
def test_a_contact_never_meets_a_deadline_whose_window_opens_after_it(
    contacts, events, level, release, known, status
):
    person = d.Person(1, status, level, tuple(contacts), choice_on=date(2025, 6, 1))
    facts = d.CaseFacts(
        1,
        "statutory",
        True,
        date(2024, 1, 1),
        release_date=release,
        release_known=known,
        known_from=date(2024, 1, 2),
        people=[person],
        events=events,
    )
    for deadline in d.case_deadlines(facts, CAL):
        if deadline.met_on is None or deadline.closed_on is not None:
            continue
        assert deadline.met_on >= deadline.opens_on
        meeting = [c for c in contacts if c.date == deadline.met_on]
        assert any(c.outcome == "made" and (not c.about or deadline.kind in c.about) for c in meeting)
