"""Time vlo's batch work: letters (text, HTML, PDF per page), and export and import of large tables.

    python benchmarks/batches.py [--letters 1000] [--rows 100000] [--markdown]

Each command runs as a whole process under ``/usr/bin/time`` (Linux), which reports its peak
memory. The databases are built with ``vlo import`` from generated CSV, so the import itself is
one of the timings.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VLO = Path(sys.executable).with_name("vlo")
TODAY = "2026-11-24"
HEADER = [
    "case_ref", "offender", "offence", "category", "sentence_date", "sentence_type", "sentence_length",
    "victim_name", "victim_address", "victim_postcode", "victim_email", "victim_phone",
]  # fmt: skip


def write_referrals(path: Path, rows: int) -> None:
    """``rows`` people on ``rows // 2`` cases, all sentenced recently enough to be due a letter."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            case = i // 2
            writer.writerow(
                [
                    f"B-{case:06d}", f"Offender {case}", "Wounding with intent", "violent", "2026-10-19", "sds", "3y",
                    f"Siân O'Neil {i}", f"{i} Heol y Llan, Caerdydd", "CF10 1AA", "", "029 2000 0000",
                ]
            )  # fmt: skip


def timed(label: str, argv: list[str], env: dict[str, str]) -> tuple[str, float, int]:
    """(label, seconds, peak memory in MB) for one whole process."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{label} failed: {done.stderr.strip()}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return label, seconds, peak_kb // 1024


def has_weasyprint() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import weasyprint"], capture_output=True)
    return probe.returncode == 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000, help="letters per batch")
    parser.add_argument("--pdf-letters", type=int, default=50, help="letters in the PDF batch")
    parser.add_argument("--rows", type=int, default=100_000, help="people in the export/import round")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    env = {**os.environ, "VLO_TODAY": TODAY}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        letters_db, big_db, copy_db = work / "letters.db", work / "big.db", work / "copy.db"
        for db in (letters_db, big_db, copy_db):
            subprocess.run(
                [str(VLO), "--db", str(db), "init"], env=env, check=True, stderr=subprocess.DEVNULL
            )
        # The generated referrals name no officer: letters are signed by the unit's signatory.
        signatory = ["settings", "set", "unit.signatory", "Ffion Hughes"]
        for db in (letters_db, big_db):
            subprocess.run(
                [str(VLO), "--db", str(db), *signatory], env=env, check=True, stderr=subprocess.DEVNULL
            )
        write_referrals(work / "letters.csv", args.letters)
        write_referrals(work / "big.csv", args.rows)
        vlo = [str(VLO), "--db", str(letters_db)]
        results.append(
            timed(f"import {args.letters:,} rows", [*vlo, "import", str(work / "letters.csv")], env)
        )
        for fmt in ("txt", "html"):
            results.append(
                timed(
                    f"letters: {args.letters:,} {fmt}",
                    [
                        *vlo,
                        "letters",
                        "initial-contact",
                        "--out",
                        str(work / fmt),
                        "--format",
                        fmt,
                        "--force",
                    ],
                    env,
                )
            )
        if has_weasyprint():
            pdf_db = work / "pdf.db"
            subprocess.run(
                [str(VLO), "--db", str(pdf_db), "init"], env=env, check=True, stderr=subprocess.DEVNULL
            )
            subprocess.run(
                [str(VLO), "--db", str(pdf_db), *signatory], env=env, check=True, stderr=subprocess.DEVNULL
            )
            write_referrals(work / "pdf.csv", args.pdf_letters)
            pdf = [str(VLO), "--db", str(pdf_db)]
            subprocess.run(
                [*pdf, "import", str(work / "pdf.csv")], env=env, check=True, stderr=subprocess.DEVNULL
            )
            results.append(
                timed(
                    f"letters: {args.pdf_letters} pdf",
                    [*pdf, "letters", "initial-contact", "--out", str(work / "pdf"), "--format", "pdf"],
                    env,
                )
            )
        big = [str(VLO), "--db", str(big_db)]
        results.append(timed(f"import {args.rows:,} rows", [*big, "import", str(work / "big.csv")], env))
        exported = work / "victims.csv"
        results.append(
            timed(
                f"export victims --personal ({args.rows:,})",
                [*big, "export", "victims", "--personal", "--out", str(exported)],
                env,
            )
        )
        results.append(
            timed(
                f"export deadlines ({args.rows:,})",
                [*big, "export", "deadlines", "--out", str(work / "d.csv")],
                env,
            )
        )
        results.append(
            timed(
                f"import the export ({args.rows:,})",
                [str(VLO), "--db", str(copy_db), "import", str(exported)],
                env,
            )
        )
    lines = ["| command | seconds | peak MB |", "|---|---:|---:|"] if args.markdown else []
    for label, seconds, peak in results:
        if args.markdown:
            lines.append(f"| {label} | {seconds:.2f} | {peak} |")
        else:
            lines.append(f"{label:<42} {seconds:>8.2f} s {peak:>6} MB")
    per_page = [s / args.pdf_letters for label, s, _ in results if label.endswith(" pdf")]
    if per_page:
        lines.append(f"\nPDF: {per_page[0] * 1000:.0f} ms per letter (one page each), start-up included")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
