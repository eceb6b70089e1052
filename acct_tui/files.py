"""Writing a file so that it holds the old or the new content, never half of it.

The one atomic writer for the store, its backups and exports: a private temp
file beside the target (never opened through a symlink), write, fsync,
rename over the target, fsync the folder. Exports and the store share it, so
there is one place where permissions and crash safety are decided.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

PRIVATE = 0o600
"""Mode of every file acct-tui creates: plans hold private notes about people."""


class NotDurable(OSError):
    """The new content replaced the target, but the folder could not be synced.

    The rename is done (every reader sees the new file), but a power cut
    before the disk writes the folder back could bring the old file back.
    ``stat`` is the new file's status, as for a successful write.
    """

    def __init__(self, error: OSError, stat: os.stat_result) -> None:
        super().__init__(error.errno, error.strerror)
        self.stat = stat


def resolve_path(text: str) -> Path:
    """A typed path, ~ expanded and absolute; ValueError with a reason if it can't be used.

    ``Path.resolve`` raises RuntimeError on a symlink loop and ValueError on a
    NUL byte; both become one message the user can act on.
    """
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise ValueError(f"{text!r} is not a usable path ({error})") from None


def temp_name(path: Path) -> Path:
    """A fresh hidden temp name beside ``path``: ``.<name>.<8 hex digits>.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def is_temp_of(name: str, path: Path) -> bool:
    """Whether a file name is one of ``temp_name(path)``'s (a save killed midway leaves one)."""
    return re.fullmatch(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp", name) is not None


def atomic_write(path: Path, content: bytes, mode: int = PRIVATE, durable: bool = True) -> os.stat_result:
    """Replace ``path`` with ``content`` so that a crash leaves the old file or the new one.

    The temp file is created with ``O_EXCL | O_NOFOLLOW`` (a file or symlink
    planted under its name is never followed or reused) and ``mode``
    whatever the umask. On any error before the rename the temp file is
    removed and the old file stays; a failure of the folder fsync after it
    raises ``NotDurable``. Returns the new file's status (its identity).

    ``durable=False`` skips both fsyncs: for derived files (the catalog) that
    are rebuilt if a power cut loses them; the rename still makes them old or
    new, never half.
    """
    temp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, PRIVATE)
    try:
        try:
            os.fchmod(fd, mode)  # the umask may have narrowed it, never widened
            _write_all(fd, content)
            if durable:
                os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if not durable:
        return written
    try:
        _fsync_dir(path.parent)
    except OSError as error:
        raise NotDurable(error, written) from None
    return written


def _write_all(fd: int, content: bytes) -> None:
    """Write every byte: ``os.write`` may take only part of them (a short write)."""
    view = memoryview(content)
    while view:
        done = os.write(fd, view)
        if done <= 0:  # never loop forever on a disk that takes nothing
            raise OSError(errno.EIO, "the disk accepted no more bytes")
        view = view[done:]


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise  # some file systems can't fsync a folder; that is not a failed save
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write an export: ``text`` replaces ``path`` atomically (see ``write_bytes_atomic``)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, content: bytes) -> None:
    """Write an export (Markdown, Word, PDF): ``content`` replaces ``path`` atomically.

    A new file is private (0600), like the store it comes from: an internal
    plan holds notes about people. An existing file keeps its own mode, so a
    file the user shared on purpose stays shared (a symlink does not: it is
    replaced by a private file). Raises OSError
    (IsADirectoryError for a folder) on failure, leaving any previous file as
    it was. A folder that can't be synced is not a failure here: the export
    is in place, and it can be made again.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    try:
        status = path.lstat()  # a symlink is replaced, not followed: its target's mode says nothing
        mode = stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else PRIVATE
    except FileNotFoundError:
        mode = PRIVATE
    try:
        atomic_write(path, content, mode)
    except NotDurable:
        pass
