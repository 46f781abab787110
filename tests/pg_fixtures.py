"""A throwaway PostgreSQL server for the tests: started once per session, on a Unix socket only.

Imported by the PostgreSQL tests (``from pg_fixtures import *``). Where the server programs or
psycopg are missing the tests skip with one line saying why; CI sets ``VLO_REQUIRE_POSTGRES=1`` so
that there a missing server is a failure, not a skip.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

_counter = itertools.count(1)


def _bindir() -> Path | None:
    for candidate in [os.environ.get("PG_BINDIR")]:
        if candidate and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if found and (Path(found) / "pg_ctl").exists():
            return Path(found)
    for found in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (found / "pg_ctl").exists():
            return found
    return None


def _skip(reason: str):
    if os.environ.get("VLO_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL is required here (VLO_REQUIRE_POSTGRES): {reason}")
    pytest.skip(reason)


def _as_server_user(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as root, run it as the postgres user.
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def pg_server():
    """The URL prefix of a fresh server (database name appended per test), stopped at the end."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _skip("psycopg is not installed (pip install .[postgres])")
    bindir = _bindir()
    if bindir is None:
        _skip("no PostgreSQL server programs (pg_ctl) on this machine")
    base = Path(tempfile.mkdtemp(prefix="vlo-pg-"))
    if os.getuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    port = 20000 + os.getpid() % 20000
    subprocess.run(
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "vlo",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://vlo@/{{db}}?host={base}&port={port}"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def new_database(pg_server: str, template: str | None = None) -> str:
    """A new database on the test server (empty, or a copy of ``template``'s URL); returns its URL."""
    import psycopg

    name = f"vlo_{os.getpid()}_{next(_counter)}"
    copy = f" TEMPLATE {urlsplit(template).path.lstrip('/')} STRATEGY FILE_COPY" if template else ""
    with psycopg.connect(pg_server.format(db="postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}{copy}")
    return pg_server.format(db=name)


@pytest.fixture
def pg_url(pg_server) -> str:
    """An empty database of its own for one test."""
    return new_database(pg_server)


def pg_fingerprint(url: str) -> str:
    """A digest of every row of every table (as tests/conftest.py's Vlo.fingerprint for a file)."""
    import psycopg

    digest = hashlib.sha256()
    with psycopg.connect(url, user="vlo") as conn:  # the owner: an officer may not read the audit
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()
