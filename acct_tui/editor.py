"""Long text in the user's own editor (``$VISUAL``, else ``$EDITOR``), as git and crontab do.

``edit_text`` writes the text to a private temp file (0600, created
exclusively), runs the editor on it and reads the result back. The command
is split like a shell would (``EDITOR="code -w"`` works) but never run
through one. Anything that goes wrong (no editor set, the editor missing or
exiting with an error, a result that is not text a plan may hold) raises
``EditorError`` with one line to show; the caller's text is untouched then.
The caller (``screens.text_fields``) hands the terminal over around it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from acct_tui.text import text_problem, visible

MAX_BYTES = 4_000_000
"""More than any field holds: a result larger than this is refused unread."""

Runner = Callable[[list[str]], int]
"""Runs a command in the foreground (the terminal is the editor's) and returns its exit status."""


class EditorError(RuntimeError):
    """Why the text was not edited: one line, the field keeps its text."""


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command: ``$VISUAL``, else ``$EDITOR``, split like a shell does."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "")
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise EditorError(f"${name} is not a command ({error}): {visible(value)!r}") from None
        if command:
            return command
    raise EditorError("Set $EDITOR (e.g. export EDITOR=vi, or EDITOR=\"code -w\") to edit a field in your editor.")


def run_foreground(command: list[str]) -> int:
    """Run the editor on the terminal and wait for it."""
    return subprocess.run(command, check=False).returncode


def edit_text(text: str, command: list[str], run: Runner = run_foreground, suffix: str = ".md") -> str:
    """The text after the user edited it with ``command``; EditorError if it can't be used.

    A final line break the editor added (vi always does) is dropped when the
    text had none: the field gets back what the user typed.
    """
    fd, name = tempfile.mkstemp(prefix="acct-tui-", suffix=suffix)  # 0600, O_EXCL
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        try:
            status = run([*command, str(path)])
        except OSError as error:
            raise EditorError(f"Could not run the editor {visible(command[0])!r} ({error.strerror or error}).") from None
        if status != 0:
            raise EditorError(f"The editor {visible(command[0])!r} exited with status {status}: nothing was changed.")
        return _result(path, text)
    finally:
        path.unlink(missing_ok=True)


def _result(path: Path, before: str) -> str:
    """The edited file's text, checked as a plan field's text is."""
    try:
        with open(path, "rb") as stream:
            content = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise EditorError(f"Could not read the edited text back ({error.strerror or error}).") from None
    if len(content) > MAX_BYTES:
        raise EditorError(f"The edited text is larger than {MAX_BYTES:,} bytes: nothing was changed.")
    try:
        after = content.decode("utf-8")
    except UnicodeDecodeError:
        raise EditorError("The edited text is not UTF-8: nothing was changed.") from None
    after = after.replace("\r\n", "\n")
    if after.endswith("\n") and not before.endswith("\n"):
        after = after[:-1]
    problem = text_problem("The edited text", after)
    if problem:
        raise EditorError(f"{problem[:-1]} in the editor: nothing was changed.")
    return after
