"""A failed write to stdout is one line, not a traceback (red-team review, item 5).

Run as an officer would: a real process, stdout a file or a pipe (block-buffered), no
PYTHONUNBUFFERED. /dev/full fails every write with ENOSPC; a pipe whose reader left, with EPIPE.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "case_ref,offender,offence,category,sentence_date,sentence_type,sentence_length,victim_name,"
    "victim_address,victim_postcode,victim_email,victim_phone"
)


def env(tmp_path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "VLO_DB": str(tmp_path / "v.db"),
        "VLO_HOME": str(tmp_path / "home"),
        "VLO_TODAY": "2025-06-02",
    }


@pytest.fixture
def many(vlo, tmp_path):
    rows = [
        f'C-{i},A B,Robbery,violent,2025-02-03,sds,2y,Cai {i},"1 Road, Bangor",LL57 1AA,,' for i in range(400)
    ]
    (tmp_path / "in.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    vlo(f"import {tmp_path / 'in.csv'}")
    return env(tmp_path) | {"VLO_DB": str(vlo.db)}


def run_to(environment, command: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vlo", *command.split()],
        env=environment,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", ["case show C-1", "case list --csv", "victim list", "due --all --json"])
def test_a_full_disk_under_stdout_is_one_error_line(many, command):
    with open("/dev/full", "w") as full:
        done = run_to(many, command, full)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "Error: cannot write the output: No space left on device (is the disk full?); it is incomplete"
    ]


def test_a_reader_that_leaves_early_is_not_an_error(many):
    proc = subprocess.Popen(
        [sys.executable, "-m", "vlo", "due", "--all", "--json"],
        env=many,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()  # vlo due --all --json | head -1 (more than a pipe holds)
    _, err = proc.communicate(timeout=60)
    assert err == b""
    assert proc.returncode == 0
