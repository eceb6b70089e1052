"""Writing a text file so that it holds the old or the new text, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o077)  # the safest value for the instant it is in force
    os.umask(mask)
    return mask


def resolve_path(text: str) -> Path:
    """A typed path, ~ expanded and absolute; ValueError with a reason if it can't be used.

    ``Path.resolve`` raises RuntimeError on a symlink loop and ValueError on a
    NUL byte; both become one message the user can act on.
    """
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise ValueError(f"{text!r} is not a usable path ({error})") from None


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder and a rename.

    A new file gets the usual permissions (0666 less umask); an existing one
    keeps its own. Raises OSError (IsADirectoryError for a folder) on failure,
    leaving any previous file as it was.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(path))
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
