"""The user's settings file: ``<user config folder>/acct-tui/settings.toml``.

For now it holds one key, the default store (e.g. a team folder), so that
``acct-tui`` with no ``--db`` opens it:

    store = "~/plans-team"

The order is: ``--db``, then ``$ACCT_TUI_DB``, then ``store`` here, then the
user data folder. acct-tui never writes this file. A file that is not valid
TOML, or holds an unknown key or a bad value, is left untouched: the app and
the CLI say so in one line naming the line or key, and use the defaults.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from acct_tui.onefile import APP_NAME
from acct_tui.text import text_problem, visible

SETTINGS_FILE = "settings.toml"
MAX_BYTES = 64 * 1024
"""A settings file larger than this is not one (ignored, with a note)."""


@dataclass(frozen=True)
class Settings:
    store: str = ""
    """The default store's folder ("" for the user data folder)."""


def settings_path() -> Path:
    """Where the settings file lives, e.g. ~/.config/acct-tui/settings.toml."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """The settings, and "" or one line saying why the file was ignored (defaults then)."""
    path = path or settings_path()
    try:
        with open(path, "rb") as stream:
            content = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings(), ""
    except OSError as error:
        return Settings(), _ignored(path, error.strerror or str(error))
    if len(content) > MAX_BYTES:
        return Settings(), _ignored(path, f"it is larger than {MAX_BYTES // 1024} KB")
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(), _ignored(path, "it is not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        return Settings(), _ignored(path, str(error))
    unknown = sorted(set(data) - {"store"})
    if unknown:
        return Settings(), _ignored(path, f"unknown setting {unknown[0]!r} (known: store)")
    store = data.get("store", "")
    if not isinstance(store, str):
        return Settings(), _ignored(path, "'store' must be a text, e.g. store = \"~/plans-team\"")
    problem = text_problem("The setting 'store'", store)
    if problem:
        return Settings(), _ignored(path, problem)
    return Settings(store=store.strip()), ""


def _ignored(path: Path, why: str) -> str:
    return visible(f"Ignored the settings file {path}: {why}; using the defaults.")
