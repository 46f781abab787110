"""The one way vlo writes a file: exports, letters, batch files, backups and the error log.

A file is never written through a name someone else could have planted. The folder is opened once
(``O_DIRECTORY``) and checked: it must belong to the user and give no one else write access, or
anyone sharing it could swap a file under vlo. The data go to a new temporary name in that folder
(``O_CREAT|O_EXCL|O_NOFOLLOW``, mode 0600), are fsynced, and only then take the final name: a link
planted there is replaced, never followed, and a killed vlo leaves a ``.NAME.*.tmp`` file at most,
never half a file under the real name. An existing file is replaced only when the caller says so
(``force``, from ``--force``); otherwise the rename refuses to clobber (a hard link, which fails
when the name exists).

Folder policy (issue 14): write access for group or others is refused with an ``Error:``, always.
A folder vlo fills with many files (the letters' ``--out``) that others can *read* is tightened to
0700 when it is the user's own, with a message; the folder of a single export or backup is left as
it is (the file itself is 0600, and it may be the user's home folder).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from vlo.errors import VloError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _mode(value: int) -> str:
    return f"{stat.S_IMODE(value):04o}"


def private_folder(
    folder: Path,
    *,
    create: bool = False,
    tighten: bool = False,
    say: Callable[[str], None] | None = None,
) -> Path:
    """Check ``folder`` is safe to write into (creating it 0700 if ``create``); returns it.

    ``tighten``: a folder of the user's own that others can read or enter is made 0700, and
    ``say`` is told so. A folder others can write to, or that belongs to someone else, is an error.
    """
    if create and not os.path.lexists(folder):
        old = os.umask(0o077)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise VloError(f"cannot create the folder {folder}: {exc.strerror}") from None
        finally:
            os.umask(old)
    fd = _open_folder(folder)
    try:
        _check_folder(fd, folder, tighten=tighten, say=say)
    finally:
        os.close(fd)
    return folder


def private_database(path: Path, *, say: Callable[[str], None] | None = None) -> None:
    """Refuse a database file SQLite would open beside files someone else could plant.

    SQLite opens ``NAME-wal`` and ``NAME-shm`` by name in the database's folder and trusts what it
    finds: in a folder others can write to, another user can create them first and so read every
    page written. So the folder must pass the same check as an export's, and a ``-wal``, ``-shm``
    or ``-journal`` already there must be the user's own regular file that no one else can read.
    The database itself, if the user's own but readable by others (a copy restored by hand), is
    made owner-only, and ``say`` is told so.
    """
    private_folder(path.parent)
    uid = os.getuid()
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        try:
            info = os.lstat(side)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise VloError(f"cannot check {side}: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode) or info.st_uid != uid:
            raise VloError(
                f"{side} is not a file of your own (someone may have planted it to read the database); "
                "vlo will not open the database beside it: move the database to a private folder"
            )
        if info.st_mode & 0o066:
            raise VloError(
                f"{side} can be read by other users (mode {_mode(info.st_mode)}); "
                f"make it private (chmod 600 {side}) and check who else could have read it"
            )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if info.st_uid != uid:
        raise VloError(f"the database {path} belongs to another user; use a database of your own")
    if info.st_mode & 0o077:
        os.chmod(path, 0o600)
        if say:
            say(f"Made the database {path} private (mode 0600; it was {_mode(info.st_mode)}).")


def _open_folder(folder: Path) -> int:
    try:
        return os.open(folder, _DIR_FLAGS)
    except FileNotFoundError:
        raise VloError(f"folder {folder} does not exist") from None
    except NotADirectoryError:
        raise VloError(f"{folder} is not a folder") from None
    except OSError as exc:
        raise VloError(f"cannot open the folder {folder}: {exc.strerror}") from None


def _check_folder(fd: int, folder: Path, *, tighten: bool, say: Callable[[str], None] | None) -> None:
    info = os.fstat(fd)
    if info.st_uid != os.getuid():
        raise VloError(f"folder {folder} belongs to another user; write vlo's files in a folder of your own")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise VloError(
            f"folder {folder} can be written by other users (mode {_mode(info.st_mode)}), who could swap "
            f"files in it; use a private folder (chmod 700 {folder})"
        )
    if tighten and info.st_mode & 0o077:
        os.fchmod(fd, 0o700)
        if say:
            say(f"Made {folder} private (mode 0700; it was {_mode(info.st_mode)}).")


def _sync_folder(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:  # some filesystems cannot sync a folder; the file itself was synced
        pass


@contextmanager
def atomic(path: Path, *, force: bool = False) -> Iterator[tuple[int, str]]:
    """A new owner-only temporary file beside ``path``: yields (its fd, its name in the folder).

    On a clean exit the file is fsynced and takes the name ``path`` (replacing what is there only
    with ``force``); on an error it is removed. The caller writes through the fd (or a file object
    made from it with ``closefd=False``).
    """
    folder, name = path.parent, path.name
    if not name or name in (".", ".."):
        raise VloError(f"{path} is not a file name")
    dir_fd = _open_folder(folder)
    try:
        _check_folder(dir_fd, folder, tighten=False, say=None)
        if not force and _exists(name, dir_fd):
            raise VloError(f"{path} already exists; choose a new name, or add --force to replace it")
        import secrets  # here, not at the top: opening a database (vlo due) needs none of this

        tmp = f".{name[:100]}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, _NEW_FILE, 0o600, dir_fd=dir_fd)
        except OSError as exc:
            raise VloError(f"cannot write in {folder}: {exc.strerror}") from None
        try:
            os.fchmod(fd, 0o600)  # exactly owner-only, whatever the umask
            yield fd, tmp
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            _unlink(tmp, dir_fd)
            raise
        os.close(fd)
        try:
            _place(tmp, name, dir_fd, force=force, path=path)
        except BaseException:
            _unlink(tmp, dir_fd)
            raise
        _sync_folder(dir_fd)
    finally:
        os.close(dir_fd)


def _exists(name: str, dir_fd: int) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _place(tmp: str, name: str, dir_fd: int, *, force: bool, path: Path) -> None:
    """Give the finished temporary file its real name: never following a link planted there."""
    if force:
        try:
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except IsADirectoryError:
            raise VloError(f"{path} is a folder; give a file name") from None
        except OSError as exc:
            raise VloError(f"cannot write {path}: {exc.strerror}") from None
        return
    try:
        # link() fails if the name exists (a file, a folder, a planted link): no clobbering, atomically.
        os.link(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
    except FileExistsError:
        raise VloError(f"{path} already exists; choose a new name, or add --force to replace it") from None
    except OSError:
        # A filesystem without hard links: check, then rename (a narrow race, in a private folder).
        if _exists(name, dir_fd):
            raise VloError(
                f"{path} already exists; choose a new name, or add --force to replace it"
            ) from None
        os.rename(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return
    _unlink(tmp, dir_fd)


def _unlink(name: str, dir_fd: int) -> None:
    try:
        os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def write_bytes(path: Path, data: bytes, *, force: bool = False) -> str:
    """Write ``data`` to ``path`` owner-only and atomically; returns its sha256."""
    import hashlib

    with atomic(path, force=force) as (fd, _):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    return hashlib.sha256(data).hexdigest()


@contextmanager
def open_text(
    path: Path, *, force: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text file to stream into (a CSV export), placed at ``path`` only once it is complete."""
    with atomic(path, force=force) as (fd, _):
        with open(fd, "w", encoding=encoding, newline=newline, closefd=False) as out:
            yield out


@contextmanager
def temporary_path(path: Path) -> Iterator[Path]:
    """For a writer that needs a path (SQLite's backup): a new private temporary file beside
    ``path``, given the name ``path`` only if the block finishes, and never over an existing file."""
    with atomic(path, force=False) as (_, tmp):
        yield path.parent / tmp


def append_line(path: Path, text: str, *, keep: int = 256 * 1024) -> None:
    """Add ``text`` to a small log (the error log): rewritten whole, the last ``keep`` bytes kept."""
    old = b""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:  # none yet, or a link planted in its place (replaced below, never followed)
        pass
    else:
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid():
                os.lseek(fd, max(0, info.st_size - keep), os.SEEK_SET)
                old = os.read(fd, keep)
        finally:
            os.close(fd)
    write_bytes(path, old + text.encode("utf-8"), force=True)


def remove_stale(folder: Path, name: str = "") -> None:
    """Remove temporary files a killed vlo left in ``folder`` (for ``name``, or all of them)."""
    pattern = f".{name[:100]}.*.tmp*" if name else ".*.tmp*"
    uid = os.getuid()
    for stale in folder.glob(pattern):
        try:
            if stale.lstat().st_uid == uid:
                stale.unlink()
        except OSError:
            pass


class Staged:
    """Files written into one folder under temporary names, named only by :func:`staged` at its end."""

    def __init__(self, folder: Path, dir_fd: int):
        self.folder, self._dir_fd = folder, dir_fd
        self._waiting: list[tuple[str, str]] = []  # (temporary name, real name)

    def write(self, name: str, data: bytes) -> str:
        """Write ``data`` owner-only under a temporary name for ``name``; returns its sha256."""
        import hashlib
        import secrets

        name = _plain_name(name)
        tmp = f".{name[:100]}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, _NEW_FILE, 0o600, dir_fd=self._dir_fd)
        except OSError as exc:
            raise VloError(f"cannot write in {self.folder}: {exc.strerror}") from None
        self._waiting.append((tmp, name))
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return hashlib.sha256(data).hexdigest()

    def _place(self) -> None:
        while self._waiting:
            tmp, name = self._waiting[0]
            _place(tmp, name, self._dir_fd, force=True, path=self.folder / name)
            self._waiting.pop(0)
        _sync_folder(self._dir_fd)

    def _discard(self) -> None:
        for tmp, _ in self._waiting:
            _unlink(tmp, self._dir_fd)
        self._waiting.clear()


@contextmanager
def staged(folder: Path) -> Iterator[Staged]:
    """Files for ``folder`` that take their real names (replacing what is there) only when the block
    ends without an error; on an error, or ``kill -9``, none of them has its real name.

    For a letters batch, whose files are written inside its transaction: the block holds the
    transaction, so the files are named only after its COMMIT, and a batch killed before COMMIT
    leaves only ``.NAME.*.tmp`` files, which no record names. The folder is locked (``flock``, let go
    when the process ends, however it ends) for the whole block, and such leftovers are removed under
    that lock at the start of the next block in the folder: never the files of a batch still running.
    """
    dir_fd = _open_folder(folder)
    try:
        _check_folder(dir_fd, folder, tighten=False, say=None)
        try:
            import fcntl

            fcntl.flock(dir_fd, fcntl.LOCK_EX)
        except (
            ImportError,
            OSError,
        ):  # a filesystem without locks: vlo's own database lock still orders batches
            pass
        remove_stale(folder)
        stage = Staged(folder, dir_fd)
        try:
            yield stage
            stage._place()
        finally:
            stage._discard()
    finally:
        os.close(dir_fd)


def _plain_name(name: str) -> str:
    # Names come from the database: never let one climb out of its folder.
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise VloError(f"{name!r} is not a plain file name")
    return name


def remove(folder: Path, name: str) -> int:
    """Delete ``folder/name`` (a link is removed, never followed); 1 if deleted, 0 if already gone.

    A folder that is missing or cannot be opened raises ``OSError``: the caller reports it.
    """
    dir_fd = os.open(folder, _DIR_FLAGS)
    try:
        try:
            os.unlink(_plain_name(name), dir_fd=dir_fd)
        except FileNotFoundError:
            return 0
        _sync_folder(dir_fd)
        return 1
    finally:
        os.close(dir_fd)


def read_bytes(folder: Path, name: str) -> bytes:
    """A file vlo wrote, read without following a link planted in its place."""
    dir_fd = os.open(folder, _DIR_FLAGS)
    try:
        fd = os.open(_plain_name(name), os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
        with open(fd, "rb") as f:
            return f.read()
    finally:
        os.close(dir_fd)


def read_limited(path: Path, limit: int, what: str, *, too_large: str = "") -> bytes:
    """A regular file read whole, refusing one larger than ``limit`` bytes.

    A device (``/dev/zero``), a FIFO or a socket is refused before a byte is read: opened with
    ``O_NONBLOCK`` so a FIFO with no writer does not hang the open, then checked with ``fstat``
    on the very file opened (no swap between check and read). At most ``limit + 1`` bytes are read,
    so a file that grows while it is read cannot fill the memory either.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise VloError(f"cannot read the {what} {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise VloError(f"the {what} {path} is not a regular file (a device, pipe or folder); give a file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise VloError(f"cannot read the {what} {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise VloError(too_large or f"the {what} is too large: at most {limit:,} bytes")
    return b"".join(chunks)
