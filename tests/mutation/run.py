"""Mutation testing for ``vlo/domain/``: does the suite notice when a rule breaks?

Each mutant is one small change to one domain module (a comparison flipped, ``+ 1``/``- 1``
dropped, a constant moved by one, ``and``/``or`` swapped, ``True``/``False`` swapped, a ``not``
dropped). For each mutant the module's fast tests run with ``-x`` and a timeout, in a scratch copy
of the repository (the working tree is never touched). A mutant the tests fail on is *killed*; one
they pass is a *survivor*: a rule the suite does not pin down, or a change that cannot matter
(an *equivalent* mutant, listed with why in ``equivalent.txt`` beside this script).

Usage, from the repository root::

    python tests/mutation/run.py                     # every module in vlo/domain
    python tests/mutation/run.py deadlines records   # some modules
    python tests/mutation/run.py records --list      # show the mutants, run nothing
    python tests/mutation/run.py records --jobs 4 --timeout 60 --tests tests/test_bad_input.py

It prints the score per module and every survivor as ``file:line: change``; the exit status is 1
when a module given ``--fail-under`` scores below it. Not collected by pytest (no ``test_`` name).
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "vlo" / "domain"
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.txt")

# The fast tests that speak for each module, cheapest and most direct first (``-x`` stops at the
# first failure, so the order is the speed). Missing files are skipped. The subprocess-heavy
# tests/test_hardening.py is never used: it kills processes and takes 20 s.
TESTS: dict[str, list[str]] = {
    "breach_urgency": ["tests/test_breaches.py"],
    "breaches": ["tests/test_breaches.py", "tests/test_protection.py"],
    "conditions": ["tests/test_rules_conditions.py", "tests/test_conditions_and_dates.py"],
    "deadlines": ["tests/test_rules_deadlines.py", "tests/test_due.py"],
    "names": ["tests/test_names.py"],
    "records": ["tests/test_rules_records.py", "tests/test_bad_input.py"],
    "release": [
        "tests/test_rules_release.py",
        "tests/test_release_boundaries.py",
        "tests/test_release_moj.py",
        "tests/test_release.py",
    ],
    "scheme": [
        "tests/test_rules_scheme.py",
        "tests/test_eligibility_s45.py",
        "tests/test_release.py",
        "tests/test_foundation.py",
    ],
    "terms": [
        "tests/test_rules_terms.py",
        "tests/test_eligibility_s45.py",
        "tests/test_workdays.py",
        "tests/test_release.py",
    ],
    "urgency": ["tests/test_rules_deadlines.py", "tests/test_due.py"],
    "values": ["tests/test_rules_values.py", "tests/test_bad_input.py"],
    "workdays": ["tests/test_workdays.py", "tests/test_rules_deadlines.py"],
}
DEFAULT_TESTS = ["tests/test_due.py", "tests/test_bad_input.py", "tests/test_release.py"]

_SWAP = {
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt, ast.GtE],
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
    ast.Add: [ast.Sub],
    ast.Sub: [ast.Add],
    ast.Mult: [ast.Div],
    ast.Div: [ast.Mult],
    ast.FloorDiv: [ast.Mult],
    ast.Mod: [ast.FloorDiv],
    ast.And: [ast.Or],
    ast.Or: [ast.And],
}
_SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.And: "and",
    ast.Or: "or",
}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # position of the node in ast.walk order
    variant: int  # which of the node's mutations
    line: int
    change: str
    source_line: str

    @property
    def where(self) -> str:
        return f"vlo/domain/{self.module}.py:{self.line}"


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Nodes never mutated: docstrings, f-strings (messages), annotations and asserts."""
    skip: set[int] = set()

    def all_of(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr | ast.Assert | ast.ImportFrom | ast.Import):
            all_of(node)
        elif isinstance(node, ast.AnnAssign):
            all_of(node.annotation)
        elif isinstance(node, ast.FunctionDef):
            all_of(node.returns)
            for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                all_of(arg.annotation)
    return skip


def _mutations(node: ast.AST) -> list[str]:
    """Descriptions of the mutations this node offers, in a fixed order."""
    out: list[str] = []
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = type(node.ops[0])
        out += [f"`{_SYMBOL[op]}` -> `{_SYMBOL[new]}`" for new in _SWAP.get(op, [])]
    elif isinstance(node, ast.BinOp):
        op = type(node.op)
        out += [f"`{_SYMBOL[op]}` -> `{_SYMBOL[new]}`" for new in _SWAP.get(op, [])]
        if (
            isinstance(node.op, ast.Add | ast.Sub)
            and isinstance(node.right, ast.Constant)
            and type(node.right.value) is int
        ):
            out.append(f"drop `{_SYMBOL[op]} {node.right.value}`")
    elif isinstance(node, ast.BoolOp):
        op = type(node.op)
        out.append(f"`{_SYMBOL[op]}` -> `{_SYMBOL[_SWAP[op][0]]}`")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append("drop `not`")
    elif isinstance(node, ast.Constant):
        if type(node.value) is bool:
            out.append(f"{node.value} -> {not node.value}")
        elif type(node.value) is int:
            out += [f"{node.value} -> {node.value + 1}", f"{node.value} -> {node.value - 1}"]
    return out


def _apply(node: ast.AST, variant: int, parent_fix: dict[int, ast.AST]) -> None:
    """Mutate ``node`` in place (or record its replacement in ``parent_fix``)."""
    if isinstance(node, ast.Compare):
        node.ops = [_SWAP[type(node.ops[0])][variant]()]
    elif isinstance(node, ast.BinOp):
        swaps = _SWAP.get(type(node.op), [])
        if variant < len(swaps):
            node.op = swaps[variant]()
        else:
            parent_fix[id(node)] = node.left  # drop "+ n" / "- n"
    elif isinstance(node, ast.BoolOp):
        node.op = _SWAP[type(node.op)][0]()
    elif isinstance(node, ast.UnaryOp):
        parent_fix[id(node)] = node.operand
    elif isinstance(node, ast.Constant):
        if type(node.value) is bool:
            node.value = not node.value
        else:
            node.value = node.value + (1 if variant == 0 else -1)


class _Replace(ast.NodeTransformer):
    def __init__(self, replacements: dict[int, ast.AST]):
        self.replacements = replacements

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if id(node) in self.replacements:
            return self.replacements[id(node)]
        return super().generic_visit(node)


def mutants(module: str) -> list[Mutant]:
    source = (DOMAIN / f"{module}.py").read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _skipped_nodes(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        for variant, change in enumerate(_mutations(node)):
            line = getattr(node, "lineno", 0)
            found.append(
                Mutant(module, index, variant, line, change, lines[line - 1].strip() if line else "")
            )
    return found


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((DOMAIN / f"{mutant.module}.py").read_text())
    node = list(ast.walk(tree))[mutant.index]
    replacements: dict[int, ast.AST] = {}
    _apply(node, mutant.variant, replacements)
    if replacements:
        tree = _Replace(replacements).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree))


def load_equivalents() -> dict[tuple[str, str, str], str]:
    """``module | change | source line | why`` lines: mutants judged unable to change behaviour."""
    known = {}
    if EQUIVALENT_FILE.exists():
        for raw in EQUIVALENT_FILE.read_text().splitlines():
            if raw.strip() and not raw.startswith("#"):
                module, change, line, why = (part.strip() for part in raw.split(" | ", 3))
                known[(module, change, line)] = why
    return known


def _scratch_copy() -> Path:
    where = Path(tempfile.mkdtemp(prefix="vlo-mutant-"))
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "*.db", ".git")
    for name in ("vlo", "tests", "templates", "examples"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, where / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, where / name)
    return where


def _pytest(copy_root: Path, tests: list[str], timeout: float) -> str:
    """``pass``, ``fail`` or ``timeout`` for the given tests in a scratch copy."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "CI": "1", "PYTHONPATH": str(copy_root)}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *tests]
    try:
        result = subprocess.run(command, cwd=copy_root, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if result.returncode == 0:
        return "pass"
    if result.returncode in (1,):  # tests failed
        return "fail"
    return "fail"  # collection error, crash, import error of a mutant: killed too


def run(modules: list[str], jobs: int, timeout: float | None, tests_override: list[str] | None) -> int:
    equivalents = load_equivalents()
    copies: queue.Queue[Path] = queue.Queue()
    made = [_scratch_copy() for _ in range(jobs)]
    for path in made:
        copies.put(path)
    lock = threading.Lock()
    summary = []
    try:
        for module in modules:
            tests = tests_override or [t for t in TESTS.get(module, DEFAULT_TESTS) if (ROOT / t).exists()]
            started = time.perf_counter()
            baseline = _pytest(made[0], tests, timeout=600)
            took = time.perf_counter() - started
            if baseline != "pass":
                print(f"{module}: the tests fail before any mutation ({' '.join(tests)}); fix them first")
                return 2
            limit = timeout or max(20.0, took * 3)
            found = mutants(module)
            print(
                f"{module}: {len(found)} mutants, tests {' '.join(tests)} ({took:.1f}s, timeout {limit:.0f}s)"
            )
            original = (DOMAIN / f"{module}.py").read_text()

            def one(mutant: Mutant, original: str = original, tests: list[str] = tests, limit: float = limit):
                source = mutated_source(mutant)
                where = copies.get()
                target = where / "vlo" / "domain" / f"{mutant.module}.py"
                try:
                    target.write_text(source)
                    outcome = _pytest(where, tests, limit)
                finally:
                    target.write_text(original)
                    copies.put(where)
                with lock:
                    mark = {"fail": ".", "timeout": "T", "pass": "S"}[outcome]
                    print(mark, end="", flush=True)
                return mutant, outcome

            with ThreadPoolExecutor(jobs) as pool:
                results = list(pool.map(one, found))
            print()
            killed = sum(1 for _, o in results if o != "pass")
            survivors = [m for m, o in results if o == "pass"]
            equivalent = [m for m in survivors if (m.module, m.change, m.source_line) in equivalents]
            live = [m for m in survivors if m not in equivalent]
            total = len(results)
            score = 100 * killed / total if total else 100.0
            adjusted = 100 * killed / (total - len(equivalent)) if total - len(equivalent) else 100.0
            summary.append((module, total, killed, len(equivalent), len(live), score, adjusted))
            for m in live:
                print(f"  SURVIVED {m.where}: {m.change}    | {m.source_line}")
            for m in equivalent:
                why = equivalents[(m.module, m.change, m.source_line)]
                print(f"  equivalent {m.where}: {m.change}    | {why}")
    finally:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)
    print()
    print(f"{'module':<12}{'mutants':>8}{'killed':>8}{'equiv':>7}{'alive':>7}{'score':>8}{'w/o equiv':>11}")
    for module, total, killed, equiv, live, score, adjusted in summary:
        print(f"{module:<12}{total:>8}{killed:>8}{equiv:>7}{live:>7}{score:>7.0f}%{adjusted:>10.0f}%")
    run.summary = summary  # for --fail-under
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="domain modules (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default 3x the clean run, >= 20)")
    parser.add_argument("--tests", nargs="+", help="test files to run instead of the module's own")
    parser.add_argument("--list", action="store_true", help="list the mutants and run nothing")
    parser.add_argument("--fail-under", type=float, help="exit 1 if a module's score (w/o equiv) is lower")
    args = parser.parse_args(argv)
    modules = args.modules or sorted(p.stem for p in DOMAIN.glob("*.py") if p.stem != "__init__")
    if args.list:
        for module in modules:
            for m in mutants(module):
                print(f"{m.where}: {m.change}    | {m.source_line}")
        return 0
    status = run(modules, max(1, args.jobs), args.timeout, args.tests)
    if status == 0 and args.fail_under is not None:
        if any(adjusted < args.fail_under for *_, adjusted in run.summary):
            return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
