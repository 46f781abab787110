"""A calendar or rule change recomputes only the cases it can move, and gets what recomputing all gets.

The caseload is the benchmarks' generator at a small size: sentences over ten years, key-stage
events, releases ahead, annual letters, contacts met and not. For each change, the deadlines after
the selective recompute must equal those after recomputing every case from scratch.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from vlo.service import calendar, settings
from vlo.service.deadlines import recompute
from vlo.service.work import unit_of_work
from vlo.storage import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

GENERATED_TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def caseload(tmp_path_factory) -> Path:
    import generate

    out = tmp_path_factory.mktemp("caseload") / "cases.db"
    generate.generate(out, 1_500, 7, GENERATED_TODAY, 0.2, 0)
    return out


@pytest.fixture
def store(caseload, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copyfile(caseload, copy)
    store = open_database(copy)
    yield store
    store.close()


def deadlines(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT case_id, victim_id, kind, due_date, start_date, met_on, event_id, what, estimated, "
        "condition_id, opens_on, closed_on, breach_id FROM deadlines ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"
    ).fetchall()


def recomputed_from_scratch(store) -> list[tuple]:
    with store.write("test"):
        store.conn.execute("DELETE FROM release_dates")  # every sentence's arithmetic done again
        recompute(store, None)
    return deadlines(store)


def recomputed_cases(store, monkeypatch) -> list[list[int]]:
    """Records the chunks of case ids the unit of work hands to the recompute."""
    from vlo.service.deadlines import Recomputer

    chunks: list[list[int]] = []
    real = Recomputer.__call__

    def spy(self, case_ids, limits=None):
        chunks.append(case_ids)
        return real(self, case_ids, limits)

    monkeypatch.setattr(Recomputer, "__call__", spy)
    return chunks


@pytest.mark.parametrize(
    "day",
    [
        date(2017, 3, 14),  # years back: only long-running annual letters can move
        date(2026, 11, 25),  # tomorrow
        date(2027, 1, 5),  # weeks ahead, the benchmark's day
        date(2027, 6, 30),  # months ahead: releases and their views
        date(2019, 6, 12),  # inside long-past windows: only counts begun by then can cross it
        date(2024, 2, 29),  # a leap day, in the middle of the caseload's history
        date(2026, 12, 24),  # between recorded events and the counts back from them
        date(2028, 1, 4),  # next year's anniversaries' windows
    ],
)
def test_closing_a_day_recomputes_only_what_it_can_move(store, monkeypatch, day):
    total = store.count_cases()
    chunks = recomputed_cases(store, monkeypatch)
    calendar.close_day(store, day, "Training day", bank_holiday=False)
    touched = sum(map(len, chunks))
    assert 0 < touched < total
    after = deadlines(store)
    monkeypatch.undo()
    assert after == recomputed_from_scratch(store)


def test_opening_a_day_again_restores_every_deadline(store, monkeypatch):
    before = deadlines(store)
    calendar.close_day(store, date(2027, 1, 5), "Training day", bank_holiday=False)
    assert deadlines(store) != before
    calendar.open_day(store, date(2027, 1, 5))
    assert deadlines(store) == before
    assert deadlines(store) == recomputed_from_scratch(store)


def test_a_closed_bank_holiday_on_a_release_weekend(store):
    # A Friday before many Monday releases: counts back from them cross it.
    calendar.close_day(store, date(2027, 3, 19), "Extra bank holiday", bank_holiday=True)
    assert deadlines(store) == recomputed_from_scratch(store)


def test_changing_the_clock_recomputes_the_cases_on_it_in_chunks(store, monkeypatch):
    import vlo.service.work

    monkeypatch.setattr(vlo.service.work, "CHUNK", 100)
    chunks = recomputed_cases(store, monkeypatch)
    done = settings.change_setting(store, "clock", "code-2020")
    assert done.moved > 0
    on_the_clock = store.conn.execute(
        "SELECT count(DISTINCT case_id) FROM deadlines WHERE kind = 'initial-contact'"
    ).fetchone()[0]
    assert sum(map(len, chunks)) == on_the_clock
    assert max(map(len, chunks)) == 100
    ids = [i for chunk in chunks for i in chunk]
    assert ids == sorted(set(ids))  # each case once, in order
    after = deadlines(store)
    monkeypatch.undo()
    assert after == recomputed_from_scratch(store)


@pytest.mark.parametrize(
    "changes",
    [
        [("clock", "code-2020"), ("referral_days", "7"), ("referral_contact_days", "25")],
        [("initial_days", "35"), ("clock", "code-2020"), ("clock", "40-day")],
    ],
)
def test_each_change_of_clock_gets_what_running_every_rule_gets(store, changes):
    """A change of clock restates the stored initial contacts without reading a contact; after
    each change the deadlines equal a recompute of every case from scratch, met, closed and open."""
    for key, value in changes:
        settings.change_setting(store, key, value)
        after = deadlines(store)
        assert after == recomputed_from_scratch(store)
    assert any(row[5] is not None for row in after) and any(row[5] is None for row in after)


def test_a_rule_setting_still_recomputes_everything_chunk_by_chunk(store, monkeypatch):
    import vlo.service.work

    monkeypatch.setattr(vlo.service.work, "CHUNK", 400)
    chunks = recomputed_cases(store, monkeypatch)
    settings.change_setting(store, "views_days", "70")
    assert sum(map(len, chunks)) == store.count_cases()
    after = deadlines(store)
    monkeypatch.undo()
    assert after == recomputed_from_scratch(store)


def test_a_failed_change_leaves_nothing_staged_for_the_next(store, monkeypatch):
    before = deadlines(store)
    with pytest.raises(RuntimeError), unit_of_work(store, "test") as work:
        work.touch_deadline_kinds(["initial-contact"])
        raise RuntimeError("interrupted")
    assert deadlines(store) == before
    chunks = recomputed_cases(store, monkeypatch)
    with unit_of_work(store, "test") as work:
        work.touch(1)
    assert chunks == [[1]]


def test_release_dates_kept_from_other_inputs_are_worked_out_again(store):
    """A recompute takes a case's release dates from those kept for it (migration 14) only when
    they were worked out from the same sentence, case facts and rules code; else it works them out."""
    kept = store.conn.execute(
        "SELECT release_dates.case_id, release FROM release_dates JOIN deadlines USING (case_id) "
        "WHERE deadlines.kind = 'release-month' AND release IS NOT NULL LIMIT 1"
    ).fetchone()
    case_id, release = kept
    assert store.conn.execute("SELECT count(*) FROM release_dates").fetchone()[0] > 100

    def recomputed():
        with store.write("test"):
            recompute(store, [case_id])
        return [r for r in deadlines(store) if r[0] == case_id]

    before = recomputed()
    # Kept dates are used as they are while the inputs match: a date put there shows in the deadlines.
    store.conn.execute("UPDATE release_dates SET release = '2031-01-06' WHERE case_id = ?", (case_id,))
    assert "Tell of the release month (January 2031)" in {r[7] for r in recomputed()}
    # Kept by another version of vlo (or from other inputs): worked out again, and kept anew.
    store.conn.execute("UPDATE release_dates SET inputs = 'another version' WHERE case_id = ?", (case_id,))
    assert recomputed() == before
    assert (
        store.conn.execute("SELECT release FROM release_dates WHERE case_id = ?", (case_id,)).fetchone()[0]
        == release
    )
    # The sentence changed behind vlo's back (a restore, a hand edit): 30 more days on remand.
    store.conn.execute(
        "UPDATE sentences SET remand_days = remand_days + 30 WHERE case_id = ? AND replaced_at IS NULL",
        (case_id,),
    )
    after = recomputed()
    moved = store.conn.execute("SELECT release FROM release_dates WHERE case_id = ?", (case_id,)).fetchone()[
        0
    ]
    assert moved < release and after != before
    assert deadlines(store) == recomputed_from_scratch(store)


@pytest.mark.parametrize(
    "filters",
    [
        {"within": 10},
        {"within": None},  # --all
        {"within": 10, "overdue_only": True},
        {"within": 0},
        {"within": 10, "officer": "officer-1"},
    ],
)
@pytest.mark.parametrize("page", [1, 20, 400, 100_000])
def test_a_terminals_page_is_the_head_of_the_whole_morning_list(store, filters, page):
    """A terminal's page reads only the rows due by the page's last due date (the open deadlines'
    index names it): it must still be exactly the first rows of the whole list, ties included."""
    from vlo.service.deadlines import due

    if "officer" in filters:
        filters = {**filters, "officer": store.officers()[0]}
    whole = list(due(store, today=GENERATED_TODAY, **filters).rows)
    shown = list(due(store, today=GENERATED_TODAY, limit=page, **filters).rows)
    assert len(whole) > 20 or filters.get("within") == 0
    assert shown == whole[:page]


def test_a_page_ends_where_the_due_dates_change_and_a_breach_reported_today_heads_it(store, monkeypatch):
    from vlo.domain.breaches import report_fields
    from vlo.service.breaches import add_breach
    from vlo.service.deadlines import due

    def rows(limit=None):
        return [
            (r["kind"], r["due_date"], r["case_ref"])
            for r in due(store, today=GENERATED_TODAY, within=10, limit=limit).rows
        ]

    whole = rows()
    # A page whose last row's due date differs from the rows either side of it.
    dates = [r[1] for r in whole]
    page = next(i for i in range(2, len(dates)) if dates[i - 2] < dates[i - 1] < dates[i])
    assert rows(page) == whole[:page]
    # A breach reported today heads the page of a backlog of older overdue rows.
    case_id, person_id = store.conn.execute(
        "SELECT cases.id, victims.id FROM cases JOIN victims ON victims.case_id = cases.id "
        "JOIN sentences ON sentences.case_id = cases.id WHERE cases.status = 'open' LIMIT 1"
    ).fetchone()
    ref = store.conn.execute("SELECT ref FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
    monkeypatch.setenv("VLO_TODAY", GENERATED_TODAY.isoformat())
    add_breach(store, ref, person_id, report_fields(GENERATED_TODAY.isoformat(), "Seen near her home"), None)
    head = rows(3)
    assert (
        head[0][0] == "breach-referral" and head[1:] == whole[:2] and dates[2] < GENERATED_TODAY.isoformat()
    )
