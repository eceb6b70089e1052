"""The settings file (issue 14): every key read and checked, a bad file named by its line and
ignored, one line written on a change (the file kept as the user wrote it), and the app using it."""

from __future__ import annotations

import stat
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Select
from ui_helpers import new_app, notifications, open_plan_at, wait_until

from acct_tui import cadence, settings, ui_state
from acct_tui.agenda import build_agenda
from acct_tui.cli import main
from acct_tui.coach import check_plan
from acct_tui.model import Plan, Stakeholder
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore, default_db_path, resolve_db_path
from acct_tui.text import text_problem
from screens.coach_panel import CoachPanel


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
        ('theme = "dark"\ncolour = "red"\n', "line 2: unknown setting 'colour'"),
        ('\ncoach = "off"\n', "line 2: 'coach' must be one of shown, hidden"),
        ('export_edition = "all"\n', "line 1: 'export_edition' must be one of internal, customer, review"),
        ("stale_contact_days = 0\n", "line 1: 'stale_contact_days' must be a whole number from 1 to 36600"),
        ("stale_contact_days = 36601\n", "'stale_contact_days' must be a whole number"),
        ("stale_contact_days = true\n", "'stale_contact_days' must be a whole number"),
        ('stale_contact_days = "30"\n', "'stale_contact_days' must be a whole number"),
        ("theme = 7\n", "line 1: 'theme' must be a text"),
        ('export_folder = "a\\u009bb"\n', "The setting 'export_folder' holds a control character"),
        ("keymap = 3\n", "line 1: 'keymap' must be a table"),
        ('[keymap]\npreview = "f6"\nexport-now = "ctrl+zz"\n', "line 3: keymap 'export-now': 'zz' is not a key"),
        ('[keymap]\npreview = "hyperx+a"\n', "line 2: keymap 'preview': 'hyperx' is not a modifier"),
        ('[keymap]\npreview = ""\n', "line 2: keymap 'preview' must be a key"),
        ('[keymap]\n"pre view" = "f6"\n', "is not a key binding id"),
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


# --- every key -------------------------------------------------------------------

EVERY_KEY = """\
# my settings
theme = "nord"
store = "~/plans-team"
coach = "hidden"
export_folder = "~/exports"
export_edition = "customer"
stale_contact_days = 45

[keymap]
preview = "f6"
help = ["f1", "?"]
"""


def test_every_key_is_read(config: Path) -> None:
    config.write_text(EVERY_KEY)
    read, notice = settings.load_settings(config)
    assert notice == ""
    assert read == settings.Settings(
        theme="nord",
        store="~/plans-team",
        coach="hidden",
        export_folder="~/exports",
        export_edition="customer",
        stale_contact_days=45,
        keymap={"preview": "f6", "help": "f1,?"},
        given=frozenset(settings.KNOWN),
    )


def test_the_readme_documents_every_key() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for key in settings.KNOWN:
        assert f"`{key}`" in section, key


# --- writing one line --------------------------------------------------------------


def test_the_file_is_created_on_the_first_change_private(config: Path) -> None:
    config.parent.rmdir()
    settings.save_setting("theme", "nord", config)
    assert config.read_text() == 'theme = "nord"\n'
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700


def test_a_change_rewrites_only_its_line_and_keeps_the_rest(config: Path) -> None:
    config.write_text(EVERY_KEY.replace('theme = "nord"', 'theme = "nord"  # dark at night'))
    config.chmod(0o644)
    settings.save_setting("theme", "gruvbox", config)
    assert config.read_text() == EVERY_KEY.replace('theme = "nord"', 'theme = "gruvbox"')
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_a_new_key_goes_before_the_tables(config: Path) -> None:
    config.write_text('# mine\nstore = "x"\n\n[keymap]\npreview = "f6"\n')
    settings.save_setting("coach", "hidden", config)
    assert config.read_text() == '# mine\nstore = "x"\n\ncoach = "hidden"\n[keymap]\npreview = "f6"\n'
    read, _ = settings.load_settings(config)
    assert (read.coach, read.keymap) == ("hidden", {"preview": "f6"})


def test_a_bad_file_is_not_written(config: Path) -> None:
    config.write_text('colour = "red"\n')
    with pytest.raises(settings.SettingsError, match="was not changed: line 1: unknown setting 'colour'"):
        settings.save_setting("theme", "nord", config)
    assert config.read_text() == 'colour = "red"\n'
    config.write_text("store = \n")
    with pytest.raises(settings.SettingsError, match=r"was not changed: Invalid value \(at line 1"):
        settings.save_setting("theme", "nord", config)
    assert config.read_text() == "store = \n"


def test_a_symlinked_file_is_read_but_never_written_through(config: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles-settings.toml"
    target.write_text('theme = "nord"\n')
    config.symlink_to(target)
    assert settings.load_settings(config)[0].theme == "nord"
    with pytest.raises(settings.SettingsError, match="symlink"):
        settings.save_setting("theme", "gruvbox", config)
    assert target.read_text() == 'theme = "nord"\n' and config.is_symlink()


@given(value=st.text(max_size=60).filter(lambda text: text == text.strip() and text_problem("x", text) is None))
def test_any_text_written_reads_back(value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text('# keep me\nstore = "x"\n')
        settings.save_setting("export_folder", value, path)
        read, notice = settings.load_settings(path)
        assert notice == "" and read.export_folder == value and read.store == "x"
        assert path.read_text().startswith("# keep me\n")


# --- the app uses them ----------------------------------------------------------------


async def test_a_theme_change_is_written_and_back_after_a_restart(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    app = new_app(db)
    async with app.run_test() as pilot:
        assert not config.exists()
        app.theme = "nord"  # as the palette's "Change theme" does
        await pilot.pause()
    assert config.read_text() == 'theme = "nord"\n'
    again = new_app(db)
    async with again.run_test():
        assert again.theme == "nord"


async def test_the_theme_and_coach_move_over_from_ui_state(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    PlanStore(db).close()
    ui_state.save(ui_state.state_path(db), ui_state.UiState(coach_shown=False, theme="gruvbox"))
    app = new_app(db)
    async with app.run_test():
        assert app.theme == "gruvbox"
    assert settings.load_settings(config)[0] == settings.Settings(
        theme="gruvbox", coach="hidden", given=frozenset({"theme", "coach"})
    )


async def test_the_coach_setting_hides_it_and_f2_writes_it(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    with PlanStore(db) as store:
        store.save(Plan(name="Acme", id="acme"))
    config.write_text('coach = "hidden"\n')
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan_at(pilot, "vision")
        assert not wizard.query_one(CoachPanel).display
        await pilot.press("f2")
        await wait_until(pilot, lambda: wizard.query_one(CoachPanel).display, "the coach shows")
    assert config.read_text() == 'coach = "shown"\n'


async def test_the_export_step_starts_in_the_settings_folder_and_edition(config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    with PlanStore(db) as store:
        store.save(Plan(name="Acme", id="acme"))
    config.write_text('export_folder = "~/exports/"\nexport_edition = "customer"\n')
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan_at(pilot, "export")
        assert wizard.query_one("#export-edition", Select).value == "customer"
        assert wizard.query_one("#export-path", Input).value == "~/exports/acme-customer-plan.md"


async def test_the_stale_contact_days_feed_the_coach_and_the_agenda(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cadence, "_stale_days", cadence.STALE_CONTACT_DAYS)  # put back after the test
    today = date(2026, 5, 1)
    monkeypatch.setattr("acct_tui.clock.today", lambda: today)
    boss = Stakeholder("Dana Boss", role="decision maker", last_contact=today - timedelta(days=20), id="dana")
    plan = Plan(name="Acme", id="acme", stakeholders=(boss,))
    assert "contact-stale" not in {finding.code for finding in check_plan(plan, today)}
    config.write_text("stale_contact_days = 10\n")
    app = new_app(tmp_path / "store")
    async with app.run_test():
        assert cadence.stale_contact_days() == 10
    assert "contact-stale" in {finding.code for finding in check_plan(plan, today)}
    agenda = build_agenda([plan], today)
    assert agenda.stale_days == 10 and [item.title for item in agenda.contacts] == ["Dana Boss"]


def test_the_cli_agenda_uses_the_settings_stale_days_unless_given(config: Path, tmp_path: Path, capsys) -> None:
    import json

    db = tmp_path / "store"
    PlanStore(db).close()
    config.write_text("stale_contact_days = 12\n")
    assert main(["--db", str(db), "agenda", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["stale_days"] == 12
    assert main(["--db", str(db), "agenda", "--format", "json", "--stale-days", "30"]) == 0
    assert json.loads(capsys.readouterr().out)["stale_days"] == 30
    config.write_text("stale_contact_days = 0\n")
    assert main(["--db", str(db), "agenda", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["stale_days"] == 60 and err.count("Ignored the settings file") == 1


@given(content=st.text(max_size=200) | st.sampled_from(["[keymap]\n", "theme = ", '"""\n', "[[keymap]]\n"]).flatmap(
    lambda start: st.text(max_size=100).map(lambda rest: start + rest)
))
def test_any_file_gives_settings_or_one_line_never_an_error(content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        read, notice = settings.load_settings(path)
        assert isinstance(read, settings.Settings)
        assert "\n" not in notice and text_problem("x", notice) is None
        if notice:
            assert read == settings.Settings()


async def test_an_unknown_theme_is_named_and_the_default_used(config: Path, tmp_path: Path) -> None:
    config.write_text('theme = "no-such-theme"\n')
    app = new_app(tmp_path / "store")
    async with app.run_test():
        default = app.theme
        assert any("names a theme acct-tui does not have ('no-such-theme')" in note for note in notifications(app))
    assert default == "textual-dark" and config.read_text() == 'theme = "no-such-theme"\n'
