"""The settings file's default store: used after --db and $ACCT_TUI_DB; a bad file is named and ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from acct_tui import settings
from acct_tui.cli import main
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore, default_db_path, resolve_db_path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file in tmp_path, and no $ACCT_TUI_DB (the conftest sets one)."""
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    monkeypatch.setattr(settings, "settings_path", lambda: path)
    monkeypatch.delenv("ACCT_TUI_DB")
    return path


def test_the_settings_store_is_the_default(config: Path, tmp_path: Path, capsys) -> None:
    team = tmp_path / "team"
    with PlanStore(team) as store:
        store.save(sample_plan())
    config.write_text(f'store = "{team}"\n')
    assert resolve_db_path(None) == team
    assert main(["list"]) == 0
    assert "Northwind Health" in capsys.readouterr().out


def test_db_and_the_environment_come_before_the_settings(config: Path, tmp_path: Path, monkeypatch) -> None:
    config.write_text('store = "~/plans-team"\n')
    assert resolve_db_path(str(tmp_path / "given")) == tmp_path / "given"
    monkeypatch.setenv("ACCT_TUI_DB", str(tmp_path / "env"))
    assert resolve_db_path(None) == tmp_path / "env"


def test_no_settings_file_is_the_user_data_folder(config: Path) -> None:
    notices: list[str] = []
    assert resolve_db_path(None, notices) == default_db_path()
    assert notices == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('store = "x"\nstore = "y"\n', "line 2"),
        ("store = \n", "line 1"),
        ('theme = "dark"\n', "unknown setting 'theme'"),
        ("store = 3\n", "'store' must be a text"),
        ('store = "a\\u001bb"\n', "The setting 'store'"),
    ],
)
def test_a_bad_settings_file_is_named_left_alone_and_the_defaults_used(
    config: Path, content: str, words: str, capsys
) -> None:
    config.write_text(content)
    before = config.read_bytes()
    notices: list[str] = []
    assert resolve_db_path(None, notices) == default_db_path()
    assert len(notices) == 1 and words in notices[0] and str(config) in notices[0]
    assert "\x1b" not in notices[0]
    assert config.read_bytes() == before
    monkeypatch_db = config.parent / "store"
    code = main(["list", "--db", str(monkeypatch_db)])  # --db given: the settings are not even read
    assert code == 0 and "settings" not in capsys.readouterr().err


def test_the_cli_says_once_why_the_settings_were_ignored(config: Path, capsys, monkeypatch) -> None:
    config.write_text("store = \n")
    monkeypatch.setattr("acct_tui.store.default_db_path", lambda: config.parent / "default-store")
    assert main(["list"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("acct-tui: note: Ignored the settings file")


def test_the_app_is_told_why_the_settings_were_ignored(config: Path, monkeypatch) -> None:
    """The app shows the store's notices when it starts; the settings' one is among them."""
    from acct_tui.app import AcctApp

    config.write_text("store = \n")
    monkeypatch.setattr("acct_tui.store.default_db_path", lambda: config.parent / "default-store")
    shown: list[list[str]] = []
    monkeypatch.setattr(AcctApp, "run", lambda self: shown.append(list(self.store.notices)))
    assert main([]) == 0
    [notices] = shown
    assert any(n.startswith("Ignored the settings file") for n in notices)
