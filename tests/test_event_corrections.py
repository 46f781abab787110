"""Events can be corrected (issue 11, item 7): edit and delete, audited, with the deadlines following."""

import json


def kinds(vlo):
    return sorted((r["kind"], r["due_date"]) for r in json.loads(vlo("due --all --json").stdout))


def test_an_event_date_corrected_moves_its_deadline_and_a_deleted_event_takes_it_away(vlo, case):
    vlo("victim opt-in 1 --level key-stages")
    event_id = vlo("event add VLU-1 --type open-conditions --date 2026-02-02").stdout.strip()
    # SPEC §2 key stages: told notice_days (10) working days before: Mon 2 Feb 2026 -> Mon 19 Jan 2026.
    assert ("key-stage", "2026-01-19") in kinds(vlo)
    vlo(f"event edit {event_id} --date 2026-03-02")  # Mon 2 Mar 2026 - 10 wd = Mon 16 Feb 2026
    assert ("key-stage", "2026-02-16") in kinds(vlo) and ("key-stage", "2026-01-19") not in kinds(vlo)
    vlo(f"event delete {event_id}")
    assert [k for k, _ in kinds(vlo) if k == "key-stage"] == []
    audit = vlo("export audit").stdout
    assert "event edit,update,events" in audit and "event delete,delete,events" in audit
    assert "sound" in vlo("db check").stderr or "unbroken" in vlo("db check").stderr


def test_a_release_that_contradicts_the_sentence_needs_yes(vlo):
    vlo('case add L-1 --offender "A B" --offence "Murder" --category violent')
    vlo("sentence L-1 --date 2025-01-06 --type life --tariff 18y")
    # A release three months into an 18-year tariff (issue 11's example): refused unless confirmed.
    error = vlo.fails("event add L-1 --type release --date 2025-04-07")
    assert "contradicts the sentence" in error and "--yes" in error
    vlo("event add L-1 --type release --date 2025-04-07 --yes")
    assert json.loads(vlo("event list --json").stdout)[0]["type"] == "release"


def test_unknown_events_and_empty_edits_are_errors(vlo, case):
    assert vlo.fails("event edit 99 --date 2026-01-01") == "Error: no event 99; see: vlo event list"
    assert vlo.fails("event delete 99") == "Error: no event 99; see: vlo event list"
    event_id = vlo("event add VLU-1 --type rotl --date 2026-02-02").stdout.strip()
    assert "nothing to change" in vlo.fails(f"event edit {event_id}")
    assert "before the sentence date" in vlo.fails(f"event edit {event_id} --date 2020-01-01")


def test_a_recorded_release_event_is_the_date_the_views_deadline_counts_from(vlo, case):
    # VLU-1: violent, 4 years from Mon 31 Mar 2025: half (violent 4 years or more is excluded from
    # 40%, SPEC §2), so the indicative release is 31 Mar 2027.
    vlo("victim opt-in 1 --level key-stages")
    vlo("event add VLU-1 --type release --date 2026-11-02")
    views = [r for r in json.loads(vlo("due --all --json").stdout) if r["kind"] == "licence-views"]
    # The prison told the unit of a release on Mon 2 Nov 2026: views are sought 60 working days
    # before it (views_days), counted by hand: Fri 7 Aug 2026 (the summer bank holiday, 31 Aug,
    # skipped), not before the indicative March 2027.
    assert [(v["what"], v["due_date"]) for v in views] == [
        ("Seek views on licence conditions (release Nov 2026)", "2026-08-07")
    ]
    show = json.loads(vlo("case show VLU-1 --json").stdout)
    assert "the deadlines follow the event" in show["release_check"]
