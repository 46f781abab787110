"""Exclusion-zone map files in and out (red-team review, items 4 and 7).

In: only a regular file, and never more than the limit read: a link to /dev/zero once read without
end (24 GB), and a FIFO hung the command. Out: --map-out writes as exports do (a private folder, a
temporary name, never through a link, replaced only with --force).
"""

from __future__ import annotations

import os
import stat
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


# --- out: vlo condition show N --map-out FILE ------------------------------------------------------


@pytest.fixture
def zone(vlo, case, tmp_path):
    (tmp_path / "zone.pdf").write_bytes(PDF)
    vlo(f'condition add 1 --type exclusion-zone --details "Llandaff" --map {tmp_path / "zone.pdf"}')
    return vlo


def test_map_out_refuses_a_folder_others_can_write_to(zone, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    error = zone.fails(["condition", "show", "1", "--map-out", str(shared / "m.pdf")])
    assert "can be written by other users (mode 0777)" in error and "chmod 700" in error
    assert list(shared.iterdir()) == []


def test_map_out_never_follows_a_planted_link(zone, tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    precious = tmp_path / "precious.txt"
    precious.write_text("not yours\n")
    (out / "m.pdf").symlink_to(precious)
    assert "already exists" in zone.fails(["condition", "show", "1", "--map-out", str(out / "m.pdf")])
    zone(["condition", "show", "1", "--map-out", str(out / "m.pdf"), "--force"])
    assert precious.read_text() == "not yours\n"
    assert not (out / "m.pdf").is_symlink() and (out / "m.pdf").read_bytes() == PDF
    assert stat.S_IMODE((out / "m.pdf").stat().st_mode) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["m.pdf"]  # no temporary file left


def test_map_out_replaces_a_file_only_with_force(zone, tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    (out / "m.pdf").write_bytes(b"old")
    assert "--force" in zone.fails(["condition", "show", "1", "--map-out", str(out / "m.pdf")])
    assert (out / "m.pdf").read_bytes() == b"old"
    zone(["condition", "show", "1", "--map-out", str(out / "m.pdf"), "--force"])
    assert (out / "m.pdf").read_bytes() == PDF
