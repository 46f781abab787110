"""The thin command line: parse options, call the service and storage, print.

Command modules register themselves on :data:`app` when imported; none of them imports a heavy
library at module level, so ``vlo --help`` and ``vlo --version`` start fast.
"""

from __future__ import annotations

import os

from vlo.cli import calendar, case, condition, db, due, event, letters, settings, victim  # noqa: F401 - registers the commands
from vlo.cli.app import app


def main() -> None:
    # Everything vlo creates (database, WAL, letters, exports, logs) is readable by the owner only.
    os.umask(0o077)
    app(prog_name="vlo")
