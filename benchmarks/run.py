"""Time vlo's commands against their floors and peers, interleaved, over databases of growing size.

    python benchmarks/run.py [--cases 10000 100000 1000000] [--rounds 11] [--batch-rounds 3]
                             [--keep /tmp/vlo-bench] [--only due,import] [--out results.md]
                             [--postgres postgresql://...]

Run it with the python of a virtualenv where vlo is installed normally (``pip install .``, not
editable from another checkout) and ``sqlite-utils`` too. For each size it builds the database once
with ``generate.py`` into ``--keep`` (and reuses it next time), then times each group of commands:
vlo's command and its floor (``floors.py``: the same rows read or written with plain ``sqlite3``) or
peer, **interleaved** - A B C, C B A, A B C ... - so the noise of a shared machine falls on all of them
alike. Commands that write run on a fresh copy of the database each round (the copy is not timed).

With ``--postgres URL`` (one size only) the groups ``due-pg`` and ``due-pg-all`` time ``vlo due``
and ``vlo due --all --csv`` on that PostgreSQL database against the same on the file, interleaved; an empty database at ``URL`` is
filled first with ``vlo db copy`` from the file (not timed), a vlo database there is reused.

Each cell is the median of the rounds; peak memory is the child's own maximum resident set
(``os.wait4``). Ratios are vlo's median over the other command's. Prints one markdown table per size
and a scaling table across sizes; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

TODAY = "2026-11-24"  # the generated caseload's "today"
CLOSE_DAY = "2027-01-05"  # a Tuesday some weeks ahead: deadlines after it move
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
VLO = str(BIN / "vlo")
SQLITE_UTILS = str(BIN / "sqlite-utils")
PYTHON = sys.executable
FLOORS = str(HERE / "floors.py")
DB, COPY = "{db}", "{copy}"  # placeholders in argv: the big database, or this round's fresh copy of it
REFERRAL_HEADER = [
    "case_ref", "offender", "offence", "category", "sentence_date", "sentence_type", "sentence_length",
    "victim_name", "victim_address", "victim_postcode", "victim_email", "victim_phone",
]  # fmt: skip


@dataclass
class Command:
    label: str
    argv: list[str]


@dataclass
class Group:
    """vlo's command first, then what it is measured against."""

    name: str
    commands: list[Command]
    batch: bool = False  # slow: fewer rounds, no warm-up


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


def progress(text: str, end: str = "\n") -> None:
    print(text, file=sys.stderr, end=end, flush=True)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall-clock seconds and peak resident KB of one whole process; stops if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({child.returncode}): {stderr.decode(errors='replace').strip()}")
    return elapsed, usage.ru_maxrss


def fresh_copy(big: Path, copy: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(big, copy)


def time_group(group: Group, big: Path, work: Path, env: dict[str, str], rounds: int) -> list[Timing]:
    copy = work / "copy.db"
    timings = [Timing() for _ in group.commands]
    order = list(range(len(group.commands)))

    def one(i: int) -> tuple[float, int]:
        argv = [a.replace(DB, str(big)).replace(COPY, str(copy)) for a in group.commands[i].argv]
        if any(COPY in a for a in group.commands[i].argv):
            fresh_copy(big, copy)
        return run_once(argv, env)

    if not group.batch:
        for i in order:
            one(i)  # warm the page cache and the bytecode
    for r in range(rounds):
        for i in order if r % 2 == 0 else reversed(order):
            seconds, peak = one(i)
            timings[i].seconds.append(seconds)
            timings[i].peak_kb.append(peak)
        progress(".", end="")
    progress(f" {group.name}: " + ", ".join(f"{t.median:.3f} s" for t in timings))
    return timings


def write_referrals(path: Path, rows: int) -> None:
    """``rows`` people on ``rows // 2`` new cases, sentenced recently enough to be due a letter."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(REFERRAL_HEADER)
        for i in range(rows):
            case = i // 2
            writer.writerow(
                [
                    f"B-{case:07d}", f"Offender {case}", "Wounding with intent", "violent", "2026-10-19", "sds", "3y",
                    f"Siân O'Neil {i}", f"{i} Heol y Llan, Caerdydd", "CF10 1AA", "", "029 2000 0000",
                ]
            )  # fmt: skip


def groups(
    horizon: str, referrals: Path, import_rows: int, work: Path, postgres: str | None = None
) -> list[Group]:
    vlo = [VLO, "--db", DB]
    on_copy = [VLO, "--db", COPY]
    all_open = DUE_ALL_SQL
    on_server = (
        [
            Group(
                "due-pg",
                [
                    Command("vlo due (PostgreSQL)", [VLO, "--db", postgres, "due"]),
                    Command("vlo due (SQLite file)", [*vlo, "due"]),
                ],
            ),
            Group(
                "due-pg-all",
                [
                    Command("vlo due --all --csv (PostgreSQL)", [VLO, "--db", postgres, "due", "--all", "--csv"]),
                    Command("vlo due --all --csv (SQLite file)", [*vlo, "due", "--all", "--csv"]),
                ],
                batch=True,
            ),
        ]
        if postgres
        else []
    )  # fmt: skip
    return on_server + [
        Group(
            "due",
            [
                Command("vlo due", [*vlo, "due"]),
                Command("vlo due (empty db)", [VLO, "--db", str(work / "empty.db"), "due"]),
                Command("floor: sqlite3 query of the same rows", [PYTHON, FLOORS, "due", DB, TODAY, horizon]),
                Command(
                    "peer: sqlite-utils query of the same rows",
                    [SQLITE_UTILS, "query", DB, DUE_SQL, "-p", "horizon", horizon],
                ),
            ],
        ),  # fmt: skip
        Group(
            "due-all-csv",
            [
                Command("vlo due --all --csv", [*vlo, "due", "--all", "--csv"]),
                Command("peer: vlo export victims", [*vlo, "export", "victims"]),
                Command("floor: sqlite3 rows to csv", [PYTHON, FLOORS, "csv", DB, all_open]),
            ],
            batch=True,
        ),
        Group(
            "export",
            [
                Command("vlo export deadlines", [*vlo, "export", "deadlines"]),
                Command(
                    "floor: sqlite3 deadlines to csv", [PYTHON, FLOORS, "csv", DB, "SELECT * FROM deadlines"]
                ),
                Command("vlo export victims --personal", [*vlo, "export", "victims", "--personal"]),
                Command(
                    "floor: sqlite3 victims to csv", [PYTHON, FLOORS, "csv", DB, "SELECT * FROM victims"]
                ),
            ],
            batch=True,
        ),  # fmt: skip
        Group(
            "close",
            [
                Command(
                    f"vlo calendar close {CLOSE_DAY}",
                    [*on_copy, "calendar", "close", CLOSE_DAY, "--reason", "Benchmark"],
                ),
                Command(
                    "floor: recount the deadlines it can move", [PYTHON, FLOORS, "recount", COPY, CLOSE_DAY]
                ),
                Command(
                    "floor: rewrite open deadlines after it", [PYTHON, FLOORS, "rewrite", COPY, CLOSE_DAY]
                ),
            ],
            batch=True,
        ),
        Group(
            "clock",
            [
                Command(
                    "vlo settings set clock code-2020", [*on_copy, "settings", "set", "clock", "code-2020"]
                ),
                Command("floor: recount every initial contact", [PYTHON, FLOORS, "reclock", COPY]),
                Command(
                    "floor: rewrite every open deadline",
                    [PYTHON, FLOORS, "rewrite", COPY, "0000", "clock", "code-2020"],
                ),
            ],
            batch=True,
        ),  # fmt: skip
        Group(
            "import",
            [
                Command(f"vlo import {import_rows:,} rows", [*on_copy, "import", str(referrals)]),
                Command("floor: sqlite3 executemany", [PYTHON, FLOORS, "import", COPY, str(referrals)]),
                Command(
                    "same work: executemany, initial contacts, foreign keys",
                    [PYTHON, FLOORS, "import-deadlines", COPY, str(referrals)],
                ),
            ],
            batch=True,
        ),
        Group(
            "letters",
            [
                Command(
                    "vlo letters initial-contact (txt)",
                    [*on_copy, "letters", "initial-contact", "--out", str(work / "txt"), "--force"],
                ),
                Command(
                    "vlo letters initial-contact (html)",
                    [
                        *on_copy,
                        "letters",
                        "initial-contact",
                        "--out",
                        str(work / "html"),
                        "--format",
                        "html",
                        "--force",
                    ],
                ),
            ],
            batch=True,
        ),  # fmt: skip
    ]


DUE_SQL = (
    "SELECT deadlines.*, cases.ref AS case_ref, cases.officer, victims.name AS victim_name "
    "FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
    "JOIN victims ON victims.id = deadlines.victim_id WHERE deadlines.met_on IS NULL "
    "AND deadlines.due_date <= :horizon "
    "ORDER BY deadlines.due_date, cases.ref, victims.id, deadlines.id"
)
DUE_ALL_SQL = DUE_SQL.replace("AND deadlines.due_date <= :horizon ", "")


def prepare(folder: Path, cases: int, seed: int) -> Path:
    big = folder / f"cases-{cases}-seed{seed}.db"
    if big.exists():
        progress(f"Reusing {big}")
    else:
        command = [PYTHON, str(HERE / "generate.py"), str(big), "--cases", str(cases), "--seed", str(seed)]
        subprocess.run([*command, "--today", TODAY], stdout=sys.stderr, check=True)
    return big


def to_postgres(big: Path, url: str, env: dict[str, str]) -> None:
    """Fill the PostgreSQL database at ``url`` from ``big`` once (vlo db copy), unless it holds vlo."""
    held = subprocess.run([VLO, "--db", url, "due"], capture_output=True, text=True, env=env)
    if held.returncode == 0:
        progress("Reusing the PostgreSQL database")
        return
    progress(f"Copying {big.name} to PostgreSQL")
    subprocess.run([VLO, "db", "copy", str(big), url], env=env, check=True, stdout=sys.stderr)


def horizon_of(big: Path, env: dict[str, str]) -> str:
    """vlo's own horizon for the morning list: 10 working days after today."""
    done = subprocess.run(
        [VLO, "--db", str(big), "calendar", "add", TODAY, "10"], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        sys.exit(f"vlo calendar add failed: {done.stderr.strip()}")
    return done.stdout.split()[0]


def size_table(
    cases: int, big: Path, results: list[tuple[Group, list[Timing]]], rounds: dict[bool, int]
) -> str:
    lines = [
        f"### {cases:,} cases ({big.stat().st_size / 1e6:.0f} MB)",
        "",
        "| group | command | median s | min s | peak MB | vlo ÷ this |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for group, timings in results:
        first = timings[0].median
        for i, (command, t) in enumerate(zip(group.commands, timings, strict=True)):
            ratio = "" if i == 0 else f"{first / t.median:.2f}"
            lines.append(
                f"| {group.name} | {command.label} | {t.median:.3f} | {min(t.seconds):.3f} | {t.peak_mb:.0f} | {ratio} |"
            )
    lines.append("")
    lines.append(
        f"Rounds: {rounds[False]} (quick, after a warm-up), {rounds[True]} (batch, on a fresh copy where it writes)."
    )
    return "\n".join(lines)


def scaling_table(by_size: dict[int, list[tuple[Group, list[Timing]]]]) -> str:
    sizes = list(by_size)
    head = " | ".join(f"{n:,}: s (MB)" for n in sizes)
    lines = [
        "### Scaling",
        "",
        f"| command | {head} | vlo ÷ floor/peer at each size |",
        "|---|" + "---:|" * len(sizes) + "---|",
    ]
    first = by_size[sizes[0]]
    for g, (group, _) in enumerate(first):
        for i, command in enumerate(group.commands):
            cells, ratios = [], []
            for n in sizes:
                if g >= len(by_size[n]):
                    cells.append("")
                    continue
                timings = by_size[n][g][1]
                t = timings[i]
                cells.append(f"{t.median:.3f} ({t.peak_mb:.0f})")
                if i:
                    ratios.append(f"{timings[0].median / t.median:.2f}")
            lines.append(f"| {command.label} | " + " | ".join(cells) + f" | {' → '.join(ratios)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[10_000, 100_000], help="database sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=11, help="interleaved rounds of the quick commands")
    parser.add_argument("--batch-rounds", type=int, default=3, help="rounds of the batch commands")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows in the CSV vlo import reads")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/vlo-bench"), help="where the databases live")
    parser.add_argument(
        "--only",
        help="comma-separated groups: due, due-all-csv, export, close, clock, import, letters, due-pg, due-pg-all",
    )
    parser.add_argument("--out", type=Path, help="also write the markdown here")
    parser.add_argument(
        "--baseline",
        help="another vlo executable (an earlier version) timed beside this one in every group, "
        "interleaved: 'vlo ÷ this' is then the speed-up",
    )
    parser.add_argument(
        "--postgres", help="a postgresql:// URL: time vlo due there against the file (one size)"
    )
    args = parser.parse_args(argv)
    if args.postgres and len(args.cases) != 1:
        sys.exit("--postgres takes one size (--cases N): the database at the URL holds one copy")
    for tool in (VLO, SQLITE_UTILS):
        if not Path(tool).exists():
            sys.exit(
                f"{tool} not found: run with the python of the virtualenv where vlo and sqlite-utils are installed"
            )

    folder = args.keep
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VLO_DB", "VLO_DEBUG")}
    env.update(VLO_TODAY=TODAY, VLO_HOME=str(work / "home"), NO_COLOR="1")
    subprocess.run([VLO, "--db", str(work / "empty.db"), "init"], env=env, check=True, capture_output=True)
    referrals = work / "referrals.csv"
    write_referrals(referrals, args.import_rows)
    only = set(args.only.split(",")) if args.only else None
    rounds = {False: args.rounds, True: args.batch_rounds}

    by_size: dict[int, list[tuple[Group, list[Timing]]]] = {}
    sections = []
    for cases in args.cases:
        big = prepare(folder, cases, args.seed)
        horizon = horizon_of(big, env)
        if args.postgres:
            to_postgres(big, args.postgres, env)
        progress(f"{cases:,} cases, horizon {horizon}:")
        chosen = [
            g
            for g in groups(horizon, referrals, args.import_rows, work, args.postgres)
            if only is None or g.name in only
        ]
        if args.baseline:
            for g in chosen:
                first = g.commands[0]
                argv = [args.baseline if a == VLO else a for a in first.argv]
                g.commands.insert(1, Command(f"baseline: {first.label}", argv))
        by_size[cases] = [(g, time_group(g, big, work, env, rounds[g.batch])) for g in chosen]
        sections.append(size_table(cases, big, by_size[cases], rounds))

    header = (
        f"vlo benchmarks as of {TODAY}: Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs. Wall clock per whole process, "
        "commands of a group interleaved; medians; peak = the process's maximum resident set."
    )
    text = (
        "\n\n".join([header, *sections, scaling_table(by_size) if len(by_size) > 1 else ""]).rstrip() + "\n"
    )
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
