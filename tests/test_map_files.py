"""Exclusion-zone map files in and out (red-team review, items 4 and 7).

In: only a regular file, and never more than the limit read: a link to /dev/zero once read without
end (24 GB), and a FIFO hung the command. Out: --map-out writes as exports do (a private folder, a
temporary name, never through a link, replaced only with --force).
"""

from __future__ import annotations

import os
import threading

import pytest

PDF = b"%PDF-1.4\n% a small map\n"


def add_with_map(vlo, map_path):
    return vlo.fails(
        ["condition", "add", "1", "--type", "exclusion-zone", "--details", "Zone", "--map", str(map_path)]
    )


def test_a_map_that_is_a_device_is_refused_without_reading_it(vlo, case, tmp_path):
    link = tmp_path / "z.png"
    link.symlink_to("/dev/zero")
    error = add_with_map(vlo, link)
    assert "is not a regular file" in error and "map file" in error


def test_a_map_that_is_a_fifo_is_refused_without_hanging(vlo, case, tmp_path):
    fifo = tmp_path / "z.pdf"
    os.mkfifo(fifo)
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(add_with_map(vlo, fifo)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the open so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("vlo hung on a FIFO map file")
    assert "is not a regular file" in done[0]


def test_a_map_that_is_a_folder_is_refused(vlo, case, tmp_path):
    folder = tmp_path / "zone.pdf"
    folder.mkdir()
    assert "map file" in add_with_map(vlo, folder)


def test_a_map_read_stops_past_the_limit(tmp_path, monkeypatch):
    from vlo import files
    from vlo.errors import VloError

    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 5000)
    reads: list[int] = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    with pytest.raises(VloError, match="too large"):
        files.read_limited(big, 100, "map file")
    assert sum(reads) <= 101
    assert files.read_limited(big, 5000, "map file") == b"x" * 5000
