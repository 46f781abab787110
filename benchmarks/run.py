"""Time vlo's commands as whole processes, the way an officer meets them, on a big and an empty database.

    python benchmarks/run.py [--cases 100000] [--repeat 15] [--keep DIR] [--markdown]

Builds a big database with ``benchmarks/generate.py`` (or reuses the one in ``--keep DIR``) and an
empty one (``vlo init`` only), then runs each command once to warm the caches and ``--repeat`` times
more, timing each whole process with ``time.perf_counter`` (wall clock: interpreter start-up, imports,
the query and the printing). ``VLO_TODAY`` is fixed at 2026-11-24, the generated caseload's "today",
and ``VLO_HOME`` points into the working folder so nothing touches the user's own files.

Prints the median and the fastest run of each, and two ratios with their targets: ``vlo due`` on the
big database against the empty one (within 1.2: the morning list should not slow down as the unit's
caseload grows), and against a bare ``sqlite-utils query`` on the same file (under 1.0). Progress goes
to stderr, results to stdout; ``--markdown`` prints them as a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-24"
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
VLO = BIN / "vlo"
SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


@dataclass
class Benchmark:
    label: str
    argv: list[str]


@dataclass
class Result:
    label: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def fastest(self) -> float:
        return min(self.seconds)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for one whole process; stops the benchmark if the command fails."""
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}"
        )
    return elapsed


def measure(bench: Benchmark, env: dict[str, str], repeat: int, budget: float) -> Result:
    """One warm-up run, then ``repeat`` timed runs (fewer, but at least 3, once ``budget`` s are spent)."""
    run_once(bench.argv, env)
    seconds: list[float] = []
    while len(seconds) < repeat and (len(seconds) < 3 or sum(seconds) < budget):
        seconds.append(run_once(bench.argv, env))
    result = Result(bench.label, seconds)
    progress(f"  {bench.label:<34} median {result.median * 1000:8.1f} ms  ({len(seconds)} runs)")
    return result


def prepare(folder: Path, cases: int, seed: int, env: dict[str, str]) -> tuple[Path, Path]:
    """The big and the empty database in ``folder``: made when missing, reused when there."""
    big = folder / f"big-{cases}-seed{seed}.db"
    empty = folder / "empty.db"
    if big.exists():
        progress(f"Reusing {big}")
    else:
        generate = [sys.executable, str(HERE / "generate.py"), str(big), "--cases", str(cases)]
        subprocess.run([*generate, "--seed", str(seed), "--today", TODAY], stdout=sys.stderr, check=True)
    if not empty.exists():
        subprocess.run([str(VLO), "--db", str(empty), "init"], env=env, stderr=subprocess.DEVNULL, check=True)
    return big, empty


def rows_listed(big: Path, env: dict[str, str], *options: str) -> int:
    """How many rows ``vlo due`` lists on the big database: the size of the morning list."""
    argv = [str(VLO), "--db", str(big), "due", *options, "--json"]
    done = subprocess.run(argv, capture_output=True, env=env, check=True)
    return len(json.loads(done.stdout))


def benchmarks(big: Path, empty: Path) -> list[Benchmark]:
    vlo = str(VLO)
    return [
        Benchmark("python -c pass", [sys.executable, "-c", "pass"]),
        Benchmark("vlo --version", [vlo, "--version"]),
        Benchmark("vlo --help", [vlo, "--help"]),
        Benchmark("vlo due (empty db)", [vlo, "--db", str(empty), "due"]),
        Benchmark("vlo due (big db)", [vlo, "--db", str(big), "due"]),
        Benchmark("vlo due --officer (big db)", [vlo, "--db", str(big), "due", "--officer", "A. Jones"]),
        Benchmark("vlo due --json (big db)", [vlo, "--db", str(big), "due", "--json"]),
        Benchmark("vlo due --all --csv (big db)", [vlo, "--db", str(big), "due", "--all", "--csv"]),
        Benchmark(
            "sqlite-utils query count (big db)",
            [str(SQLITE_UTILS), "query", str(big), "select count(*) from cases"],
        ),
    ]


def ratios(results: dict[str, Result]) -> list[tuple[str, float, str, bool]]:
    """(what, ratio of medians, target, met) for the two targets."""
    due_big = results["vlo due (big db)"].median
    against_empty = due_big / results["vlo due (empty db)"].median
    against_query = due_big / results["sqlite-utils query count (big db)"].median
    return [
        ("due(big) / due(empty)", against_empty, "<= 1.2", against_empty <= 1.2),
        ("due(big) / sqlite-utils query", against_query, "< 1.0", against_query < 1.0),
    ]


def plain(results: list[Result], checks, header: list[str]) -> str:
    lines = [*header, ""]
    lines.append(f"{'command':<36} {'median ms':>10} {'min ms':>10} {'runs':>5}")
    lines.append("-" * 64)
    for r in results:
        lines.append(f"{r.label:<36} {r.median * 1000:>10.1f} {r.fastest * 1000:>10.1f} {len(r.seconds):>5}")
    lines.append("")
    for what, value, target, met in checks:
        lines.append(f"{what:<36} {value:>10.2f}   target {target:<6} {'met' if met else 'MISSED'}")
    return "\n".join(lines)


def markdown(results: list[Result], checks, header: list[str]) -> str:
    lines = [" ".join(header), "", "| command | median ms | min ms | runs |", "|---|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.label} | {r.median * 1000:.1f} | {r.fastest * 1000:.1f} | {len(r.seconds)} |")
    lines += ["", "| ratio (of medians) | value | target | |", "|---|---:|---|---|"]
    for what, value, target, met in checks:
        lines.append(f"| {what} | {value:.2f} | {target} | {'met' if met else '**missed**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the big database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each command (after a warm-up)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="stop repeating a command once its runs add up to this many seconds (at least 3 runs)",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep (and reuse) the databases in DIR")
    parser.add_argument("--markdown", action="store_true", help="print the results as markdown")
    args = parser.parse_args(argv)
    for tool in (VLO, SQLITE_UTILS):
        if not tool.exists():
            sys.exit(f"{tool} not found: run with the python of the virtualenv where vlo is installed")

    with tempfile.TemporaryDirectory(prefix="vlo-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("VLO_DB", "VLO_DEBUG")}
        env.update(VLO_TODAY=TODAY, VLO_HOME=str(folder / "home"))
        big, empty = prepare(folder, args.cases, args.seed, env)
        size_mb = big.stat().st_size / 1e6
        listed, listed_all = rows_listed(big, env), rows_listed(big, env, "--all")
        progress(f"Timing, {args.repeat} runs each after a warm-up:")
        results = [measure(b, env, args.repeat, args.budget) for b in benchmarks(big, empty)]

    checks = ratios({r.label: r for r in results})
    header = [
        f"vlo benchmarks: {args.cases:,} cases ({size_mb:.0f} MB) as of {TODAY};",
        f"vlo due lists {listed:,} rows ({listed_all:,} with --all);",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()},",
        f"{os.cpu_count()} CPUs; wall clock per whole process.",
    ]
    print((markdown if args.markdown else plain)(results, checks, header))


if __name__ == "__main__":
    main()
