"""What the app says about progress (issue 9, defect 12): steps done, health, help, the coach's example."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, TextArea
from ui_helpers import new_app, settle_in_step, visible_text, wait_until

from acct_tui.coach import Finding, health_score
from acct_tui.model import Vision
from acct_tui.sample import sample_plan
from acct_tui.steps import STEPS, health_change
from acct_tui.store import PlanStore
from screens.help import keys_table
from screens.home import HomeScreen
from screens.steps.text_steps import FACTS
from screens.wizard import WizardScreen


def write_store(db: Path, plan) -> None:
    with PlanStore(db) as store:
        store.save(plan)


def flat_text(app) -> str:
    """The screen's words with single spaces: a toast wraps anywhere."""
    return " ".join(visible_text(app).replace("▌", " ").split())


def steps_column(app) -> str:
    table = app.screen.query_one("#accounts", DataTable)
    return str(table.get_row_at(0)[3])


async def open_wizard(pilot, step: str) -> WizardScreen:
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the wizard opens")
    await wait_until(pilot, lambda: pilot.app.screen.query("#panes"), "the wizard is composed")  # under load it shows first
    pilot.app.screen.open_step(step)
    await settle_in_step(pilot)
    return pilot.app.screen


async def test_home_counts_steps_done_out_of_the_wizards_steps(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "store"
    write_store(db, sample_plan())  # every content step complete, nothing to flag, not exported
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        assert steps_column(app) == f"{len(STEPS) - 2}/{len(STEPS)}"  # no whitespace map, not exported yet
        await open_wizard(pilot, "export")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: any(tmp_path.glob("*.md")), "the plan is exported")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back at the accounts")
        await wait_until(pilot, lambda: steps_column(app) == f"{len(STEPS) - 1}/{len(STEPS)}", "export counts as done")


async def test_the_health_says_why_it_fell(tmp_path: Path) -> None:
    db = tmp_path / "store"
    write_store(db, sample_plan())
    app = new_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await open_wizard(pilot, "vision")
        why = wizard.query_one("#inline-why", TextArea)
        why.focus()
        why.select_all()
        await pilot.press("backspace")
        plan = sample_plan()
        fell_to = health_score(replace(plan, vision=Vision(plan.vision.statement, "")))  # 95 or so: as many checks as there are
        expected = f'Health 100 → {fell_to}/100, new to do: The vision has no "why"'
        await wait_until(pilot, lambda: expected in flat_text(app), "the health says why it fell")


async def test_the_export_step_says_what_keeps_the_health_below_100(tmp_path: Path) -> None:
    db = tmp_path / "store"
    plan = sample_plan()
    write_store(db, replace(plan, vision=Vision(plan.vision.statement, "")))
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wizard(pilot, "export")
        text = flat_text(app)
        assert f"health {health_score(replace(plan, vision=Vision(plan.vision.statement, '')))}/100" in text
        assert 'The vision has no "why"' in text
        assert "Nothing to flag" not in text


def test_health_change_names_only_new_findings_and_only_when_it_falls() -> None:
    old = [Finding("no-vision", "Add a vision", "vision")]
    new = old + [Finding(f"c{i}", f"Fix {i}", "goals") for i in range(5)]
    assert health_change(50, 60, new, old) == ""
    assert health_change(60, 50, old, new) == "Health 60 → 50/100, new to do: Fix 0; Fix 1; Fix 2 (and 2 more)"
    assert "share" in health_change(60, 50, old, old)


def test_help_shows_every_key_of_each_binding_and_enter_to_edit() -> None:
    console = Console(width=100, record=True)
    console.print(keys_table())
    text = console.export_text()
    assert "alt+→ / ctrl+PgDn   Next step" in text
    assert "alt+← / ctrl+PgUp   Previous step" in text
    assert "e / enter           Edit" in text
    assert "enter/e             Edit the cell" in text, "enter is not named twice where the key already says it"
    assert "ctrl+q / ctrl+c     Quit" in text, "one row per action, with every key for it"


def test_the_coachs_example_owner_is_the_samples() -> None:
    sample = sample_plan()
    facts, relationships = STEPS[0], next(step for step in STEPS if step.key == "relationships")
    assert f"owner: {sample.owner}" in facts.example
    owner_field = next(field for field in FACTS if field.key == "owner")
    assert owner_field.placeholder == f"e.g. {sample.owner}"
    champion = next(person for person in sample.stakeholders if person.stance == "champion")
    assert relationships.example.startswith(f"{champion.name}, {champion.title}")
    assert relationships.example.endswith(f"owner {sample.owner}.")
