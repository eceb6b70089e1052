"""The user's settings file: ``<user config folder>/acct-tui/settings.toml``.

Every key is optional; the README's "Settings" section lists them all::

    theme = "nord"                # a Textual theme ("" for the default)
    store = "~/plans-team"        # the default store, after --db and $ACCT_TUI_DB
    coach = "hidden"              # "shown" or "hidden" in the wizard
    export_folder = "~/exports"   # where an export goes unless you type a path
    export_edition = "customer"   # internal, customer or review
    stale_contact_days = 45       # a key contact goes stale after this many days

    [keymap]                      # binding id = key(s), e.g. preview = "f9,alt+p"
    preview = "f9"

A file that is not valid TOML, or holds an unknown key or a bad value, is
left untouched: the app and the CLI say so in one line naming the line, and
use the defaults. The app writes the file when the user changes a setting in
the app (the theme, the coach): only that key's line is rewritten (or added),
so the user's comments and other keys stay; the file is created on the first
change, 0600, atomically, never through a symlink.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from acct_tui.cadence import STALE_CONTACT_DAYS
from acct_tui.files import atomic_write
from acct_tui.onefile import APP_NAME
from acct_tui.text import text_problem, visible

SETTINGS_FILE = "settings.toml"
MAX_BYTES = 64 * 1024
"""A settings file larger than this is not one (ignored, with a note)."""

COACH_CHOICES = ("shown", "hidden")
EDITIONS = ("internal", "customer", "review")
MAX_STALE_DAYS = 36600
"""A hundred years: more is a typo (the CLI's --stale-days has the same bound)."""

MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
KEY_NAMES = frozenset(
    {
        "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "insert", "delete",
        "escape", "enter", "tab", "backspace", "space", "plus", "minus", "slash", "backslash", "at", "underscore",
        *(f"f{number}" for number in range(1, 25)),
    }
)
"""Named keys a keymap may use besides single characters and Unicode names ("question_mark")."""

_BINDING_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_TABLE = re.compile(r"\s*\[")
_SHORT = 4096


class SettingsError(ValueError):
    """A setting could not be written; ``str()`` says why in one line."""


@dataclass(frozen=True)
class Settings:
    theme: str = ""
    """A Textual theme name ("" for the app's default)."""
    store: str = ""
    """The default store's folder ("" for the user data folder)."""
    coach: str = "shown"
    """The coach panel in the wizard: "shown" or "hidden"."""
    export_folder: str = ""
    """The folder an export goes to by default ("" for the folder acct-tui runs in)."""
    export_edition: str = "internal"
    """The edition the Export step starts with for a plan never exported."""
    stale_contact_days: int = STALE_CONTACT_DAYS
    """A key contact not spoken to for longer than this is going stale (coach, agenda, review pack)."""
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> keys ("f9" or "f9,alt+p"), for Textual's ``App.set_keymap``."""
    given: frozenset[str] = frozenset()
    """The top-level keys the file sets (the others are defaults): what a migration may fill in."""


KNOWN = ("theme", "store", "coach", "export_folder", "export_edition", "stale_contact_days", "keymap")


def settings_path() -> Path:
    """Where the settings file lives, e.g. ~/.config/acct-tui/settings.toml."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """The settings, and "" or one line saying why the file was ignored (defaults then)."""
    path = path or settings_path()
    try:
        text = _read(path)
    except _Bad as bad:
        return Settings(), _ignored(path, str(bad))
    if text is None:
        return Settings(), ""
    try:
        return parse(text), ""
    except _Bad as bad:
        return Settings(), _ignored(path, str(bad))


def parse(text: str) -> Settings:
    """The settings a file's text holds; ``_Bad`` naming the line of the first thing wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _Bad(str(error)) from None
    for key in data:
        if key not in KNOWN:
            raise _Bad(f"{_at(text, key)}unknown setting {key!r} (known: {', '.join(KNOWN)})")
    values: dict[str, Any] = {
        key: _text_value(text, key, data[key]) for key in ("theme", "store", "export_folder") if key in data
    }
    for key, choices in (("coach", COACH_CHOICES), ("export_edition", EDITIONS)):
        if key in data and data[key] not in choices:
            raise _Bad(f"{_at(text, key)}'{key}' must be one of {', '.join(choices)}")
        if key in data:
            values[key] = data[key]
    if "stale_contact_days" in data:
        days = data["stale_contact_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_STALE_DAYS:
            raise _Bad(f"{_at(text, 'stale_contact_days')}'stale_contact_days' must be a whole number from 1 to {MAX_STALE_DAYS}")
        values["stale_contact_days"] = days
    if "keymap" in data:
        values["keymap"] = _keymap(text, data["keymap"])
    return Settings(**values, given=frozenset(data))


def keymap_problem(settings: Settings, known_ids: Collection[str], path: Path | None = None) -> str:
    """"" or one line naming the first keymap entry whose binding id the app does not have.

    The ids live in the screens (``Binding(..., id=...)``); the app passes them in.
    """
    for binding_id in settings.keymap:
        if binding_id not in known_ids:
            path = path or settings_path()
            try:
                where = _at(_read(path) or "", binding_id, "keymap")
            except _Bad:
                where = ""
            why = f"{where}no key has the id {binding_id!r} (the README's Settings section lists them)"
            return visible(f"Ignored the keymap in {path}: {why}; using the default keys.")
    return ""


def key_problem(keys: str) -> str | None:
    """Why a keymap value is not keys Textual knows ("f9", "alt+p", "f9,alt+p"), or None."""
    for key in keys.split(","):
        *modifiers, name = key.strip().split("+")
        if not name and key.strip().endswith("+"):
            return f"{key.strip()!r} ends with '+' (write plus for the + key)"
        unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
        if unknown:
            return f"{unknown[0]!r} is not a modifier (use {', '.join(sorted(MODIFIERS))})"
        if not _is_key_name(name):
            return f"{name!r} is not a key (a character, f1-f24, a name like pageup, or question_mark)"
    return None


def _is_key_name(name: str) -> bool:
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name in KEY_NAMES:
        return True
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        return False
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


def _keymap(text: str, table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        raise _Bad(f"{_at(text, 'keymap')}'keymap' must be a table: [keymap] then lines like preview = \"f9\"")
    keymap = {}
    for binding_id, keys in table.items():
        where = _at(text, binding_id, "keymap")
        if not _BINDING_ID.fullmatch(binding_id):
            raise _Bad(f"{where}{visible(binding_id)[:40]!r} is not a key binding id")
        if isinstance(keys, list) and keys and all(isinstance(key, str) for key in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            raise _Bad(f"{where}keymap {binding_id!r} must be a key, e.g. {binding_id} = \"f9\"")
        problem = key_problem(keys)
        if problem:
            raise _Bad(f"{where}keymap {binding_id!r}: {visible(problem)}")
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap


def _text_value(text: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) > _SHORT:
        raise _Bad(f"{_at(text, key)}'{key}' must be a text, e.g. {key} = \"...\"")
    problem = text_problem(f"The setting '{key}'", value)
    if problem:
        raise _Bad(f"{_at(text, key)}{problem}")
    return value.strip()


# --- writing one setting ------------------------------------------------------


def save_setting(key: str, value: str | int, path: Path | None = None) -> None:
    """Set one top-level key in the file: its line is rewritten, or added; nothing else changes.

    The file is created (0600, in a 0700 folder) if there is none. It is not
    written if it is a symlink or not a regular file, or if it holds a problem
    now (the user is told about that at start, and it is theirs to fix), or
    if the edit would not read back as the value: ``SettingsError`` says why.
    """
    if key not in KNOWN or key == "keymap":
        raise SettingsError(f"{key!r} is not a setting the app writes")
    path = path or settings_path()
    if path.is_symlink():
        raise SettingsError(f"{path} is a symlink, so acct-tui does not write it: set {key} there yourself")
    try:
        text = _read(path) or ""
        parse(text)
    except _Bad as bad:
        raise SettingsError(f"{path} was not changed: {bad}") from None
    new_text = with_line(text, key, f"{key} = {_toml_value(value)}")
    try:
        written = parse(new_text)
    except _Bad as bad:  # a line we could not place safely (inside a multi-line string?)
        raise SettingsError(f"{path} was not changed: the new line would not read back ({bad})") from None
    if getattr(written, key) != value:
        raise SettingsError(f"{path} was not changed: the new line would not read back as {value!r}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, new_text.encode("utf-8"), durable=False)
    except OSError as error:
        raise SettingsError(f"Could not write {path} ({error.strerror or error})") from None


def with_line(text: str, key: str, line: str) -> str:
    """``text`` with the top-level ``key``'s line replaced by ``line``, or ``line`` added.

    A new key goes before the first table (``[keymap]``): after it, it would
    belong to that table.
    """
    lines = text.splitlines(keepends=True)
    number = _line_number(lines, key, "")
    if number is not None:
        ending = "\n" if lines[number - 1].endswith("\n") else ""
        lines[number - 1] = line + ending
        return "".join(lines)
    first_table = next((index for index, old in enumerate(lines) if _TABLE.match(old)), len(lines))
    head = lines[:first_table]
    if head and not head[-1].endswith("\n"):
        head[-1] += "\n"
    return "".join([*head, line + "\n", *lines[first_table:]])


def _toml_value(value: str | int) -> str:
    """A TOML literal: JSON's string escapes are TOML's basic-string escapes."""
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


# --- reading the file and naming lines ------------------------------------------


class _Bad(ValueError):
    """What is wrong with the file, in words (with "line N: " where known)."""


def _read(path: Path) -> str | None:
    """The file's text, or None if there is none; never a FIFO or a folder.

    A symlink is followed here (dotfile managers link settings files); it is
    never written through (``save_setting``).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _Bad(error.strerror or str(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Bad("it is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as stream:
            content = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise _Bad(error.strerror or str(error)) from None
    finally:
        os.close(fd)
    if len(content) > MAX_BYTES:
        raise _Bad(f"it is larger than {MAX_BYTES // 1024} KB")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise _Bad("it is not UTF-8 text") from None


def _line_number(lines: list[str], key: str, table: str) -> int | None:
    """The 1-based line where ``key`` is set in ``table`` ("" for the top level), or None.

    A simple scan (table headers and ``key =`` lines), enough to point at a
    line; the value itself is always read by tomllib.
    """
    current = ""
    assignment = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            current = header.group(1)
        elif current == table and assignment.match(line):
            return number
    return None


def _at(text: str, key: str, table: str = "") -> str:
    number = _line_number(text.splitlines(), key, table)
    return f"line {number}: " if number is not None else ""


def _ignored(path: Path, why: str) -> str:
    return visible(f"Ignored the settings file {path}: {why}; using the defaults.")
