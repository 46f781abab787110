"""A report that keeps its history (issue 11 item 6): each month stands as it was at its end."""

from __future__ import annotations

import json
import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def month(vlo, which: str) -> dict:
    return next(r for r in json.loads(vlo("report --json").stdout) if r["month"] == which)


def test_opting_out_or_declining_later_does_not_rewrite_a_past_month(vlo, case):
    # VLU-1's two initial contacts fell due Fri 30 May 2025 (SPEC worked example); today is 2 Jun.
    vlo("contact add 1 --date 2025-04-10 --method phone")
    before = month(vlo, "2025-05")
    assert (before["eligible"], before["in_time"], before["overdue"]) == (2, 1, 1)
    vlo("victim opt-out 1")
    vlo("victim decline 2")  # the overdue one is not erased by a later decline
    assert month(vlo, "2025-05") == before


def test_denominators_include_everyone_offered_the_scheme(vlo, case, monkeypatch):
    vlo("contact add 1 --date 2025-04-10 --method phone")
    vlo("contact add 2 --date 2025-04-10 --method phone")
    monkeypatch.setenv("VLO_TODAY", "2025-04-11")
    vlo("victim opt-in 1 --level key-stages")
    vlo("victim decline 2")
    monkeypatch.setenv("VLO_TODAY", "2025-06-02")
    may = month(vlo, "2025-05")
    # Both were offered the scheme: the decliner stays in the denominator (1 of 2 opted in).
    assert (may["eligible"], may["in_time"], may["opt_in_pct"]) == (2, 2, 50)


def test_a_decline_before_the_deadline_is_closed_not_overdue(vlo, monkeypatch):
    vlo('case add C-1 --offender "A" --offence "Wounding" --category violent')
    vlo("sentence C-1 --date 2025-03-31 --type sds --length 4y")
    vlo('victim add C-1 --name "B"')
    monkeypatch.setenv("VLO_TODAY", "2025-04-15")
    vlo("victim decline 1")
    monkeypatch.setenv("VLO_TODAY", "2025-06-02")
    row = month(vlo, "2025-05")
    assert (row["eligible"], row["closed"], row["overdue"], row["in_time_pct"]) == (1, 1, 0, None)
    assert json.loads(vlo("due --json --all").stdout) == []


later_facts = st.lists(
    st.one_of(
        st.tuples(
            st.just("contact"),
            st.sampled_from([1, 2]),
            st.integers(0, 60),
            st.sampled_from(["made", "no-answer", "returned"]),
        ),
        st.tuples(
            st.just("choice"), st.sampled_from([1, 2]), st.sampled_from(["opt-out", "decline", "opt-in"])
        ),
        st.tuples(
            st.just("event"),
            st.sampled_from(["parole-review", "release-decision", "release"]),
            st.integers(0, 400),
        ),
    ),
    max_size=5,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=later_facts)
def test_a_past_months_report_never_changes_when_later_facts_are_added(tmp_path_factory, monkeypatch, facts):
    from datetime import date, timedelta

    from conftest import Vlo

    vlo = Vlo(tmp_path_factory.mktemp("h") / "vlo.db")
    monkeypatch.setenv("VLO_TODAY", "2025-06-02")
    vlo("init")
    vlo('case add H-1 --offender "A" --offence "Wounding" --category violent')
    vlo("sentence H-1 --date 2025-03-31 --type sds --length 4y")
    vlo('victim add H-1 --name "B"')
    vlo('victim add H-1 --name "C"')
    vlo("contact add 1 --date 2025-04-10 --method phone")
    past = [r for r in json.loads(vlo("report --json").stdout) if r["month"] < "2025-06"]
    for fact in facts:
        if fact[0] == "contact":
            day = date(2025, 6, 2) + timedelta(days=fact[2])
            monkeypatch.setenv("VLO_TODAY", max(day, date(2025, 6, 2)).isoformat())
            vlo(f"contact add {fact[1]} --date {day} --method phone --outcome {fact[3]}")
        elif fact[0] == "choice":
            level = " --level annual" if fact[2] == "opt-in" else ""
            vlo(f"victim {fact[2]} {fact[1]}{level}")
        else:
            day = date(2025, 6, 2) + timedelta(days=fact[2])
            # --yes: a release months before the sentence allows is asked about; here any date will do.
            vlo(shlex.split(f"event add H-1 --type {fact[1]} --date {day} --yes"))
    after = [r for r in json.loads(vlo("report --json").stdout) if r["month"] < "2025-06"]
    assert after == past
