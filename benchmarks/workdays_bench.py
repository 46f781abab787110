"""Time the working-day calendar against an earlier version of it, interleaved in one run.

    python benchmarks/workdays_bench.py [--baseline REF] [--rounds 31]

Loads ``vlo/domain/workdays.py`` as it is at git ``REF`` (default ``HEAD``) next to the working
copy's, and times both on the same calendar (the bank holidays 1960-2060 and a few closed days):
building a calendar, and a call of ``add``, ``subtract`` and ``between`` on random dates, averaged
over a batch of calls. Each round times the baseline and the current version back to back, in
alternating order, so noise from a shared machine hits both; the table reports medians of rounds.
"Current, tables" is the current version after it has built its tables (what a recompute of many
cases uses); "table build" is what building them costs, once per calendar.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load(ref: str | None, name: str):
    """The workdays module at git ``ref``, or the working copy's when ``ref`` is None."""
    path = ROOT / "vlo" / "domain" / "workdays.py"
    if ref is not None:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:vlo/domain/workdays.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        path = Path(f"/tmp/vlo-workdays-{name}.py")
        path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_call(fn, args: list[tuple]) -> float:
    started = time.perf_counter()
    for a in args:
        fn(*a)
    return (time.perf_counter() - started) / len(args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="HEAD", help="git ref of the version to compare against")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--calls", type=int, default=5_000, help="calls per timing of add/subtract/between")
    args = parser.parse_args(argv)

    old, new = load(args.baseline, "workdays_baseline"), load(None, "workdays_current")
    closed = [*new.bank_holidays(), date(2025, 5, 29), date(2026, 12, 29)]
    rng = random.Random(1)
    days = [date(1990, 1, 1) + timedelta(days=rng.randint(0, 365 * 60)) for _ in range(args.calls)]
    add_args = [(d, rng.choice((10, 20, 40, 60))) for d in days]
    sub_args = [(d, rng.choice((20, 40, 60))) for d in days]
    between_args = list(zip(days, days[1:] + days[:1], strict=True))

    modules = {"baseline": old, "current, formula": new, "current, tables": new}
    timings: dict[tuple[str, str], list[float]] = {}

    def record(version: str, what: str, seconds: float) -> None:
        timings.setdefault((version, what), []).append(seconds)

    for round_ in range(args.rounds):
        order = list(modules) if round_ % 2 == 0 else list(reversed(modules))
        for version in order:
            started = time.perf_counter()
            calendar = modules[version].WorkingCalendar(closed)
            record(version, "construction", time.perf_counter() - started)
            if version == "current, tables":
                started = time.perf_counter()
                calendar._build_tables()
                record(version, "table build", time.perf_counter() - started)
            elif version == "current, formula":
                calendar._calls = -(10**9)  # never reach the threshold: time the formula alone
            record(version, "add", per_call(calendar.add, add_args))
            record(version, "subtract", per_call(calendar.subtract, sub_args))
            record(version, "between", per_call(calendar.between, between_args))

    whats = ("construction", "table build", "add", "subtract", "between")
    print(
        f"Working-day calendar: baseline {args.baseline} vs working copy; medians of {args.rounds} "
        f"interleaved rounds, {args.calls:,} calls per timing; Python {sys.version.split()[0]}.\n"
    )
    print("| version | " + " | ".join(f"{w} (µs)" for w in whats) + " |")
    print("|---|" + "---:|" * len(whats))
    for version in modules:
        cells = []
        for what in whats:
            found = timings.get((version, what))
            cells.append(f"{statistics.median(found) * 1e6:.2f}" if found else "—")
        print(f"| {version} | " + " | ".join(cells) + " |")
    base = {w: statistics.median(timings[("baseline", w)]) for w in ("add", "subtract", "between")}
    tables = {w: statistics.median(timings[("current, tables", w)]) for w in base}
    print("\nSpeed-up with tables: " + ", ".join(f"{w} {base[w] / tables[w]:.1f}×" for w in base))
    build = statistics.median(timings[("current, tables", "table build")])
    saved = statistics.mean(base[w] - tables[w] for w in base)
    print(f"Tables repay their build after about {build / saved:,.0f} calls (mean saving per call).")


if __name__ == "__main__":
    main()
