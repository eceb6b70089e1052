"""The goal tree, driven as a user would: edits in place, x for done, m to move, rows that fit 80×24."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from textual.widgets import OptionList, Tree
from ui_helpers import open_plan_at, new_app, settle_in_step, store_with, stored_plans, visible_text, wait_until

from acct_tui.edit import find, update_node, walk
from acct_tui.model import Plan
from acct_tui.sample import SAMPLE_PLAN_ID, large_plan, sample_plan
from screens.messages import JumpTo
from screens.steps.tree import ParentPicker, TreePane
from screens.wizard import WizardScreen


open_step = open_plan_at


def row_of(tree: Tree, node_id: str):
    """The tree row showing plan node ``node_id``."""
    return next(tree.get_node_at_line(n) for n in range(tree.last_line + 1) if tree.get_node_at_line(n).data == node_id)


async def put_cursor(pilot, tree: Tree, node_id: str) -> None:
    tree.move_cursor(row_of(tree, node_id))
    await pilot.pause()
    assert tree.cursor_node.data == node_id


async def on_disk(pilot, db: Path) -> list[Plan]:
    """The plans as a second process would read them, once every edit is written."""
    assert await asyncio.to_thread(pilot.app.session.flush)
    return stored_plans(db)


def plan_now(app) -> Plan:
    return app.plan(SAMPLE_PLAN_ID)


async def test_an_edit_keeps_the_folds_the_user_opened_and_the_cursor(tmp_path: Path) -> None:
    plan = sample_plan()
    opened = plan.goals[0].strategies[0]  # folded in the Goals step until the user opens it
    moved = plan.goals[2]
    inside = moved.strategies[0]  # a fold inside the branch that moves
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "goals")
        tree = wizard.query_one("#tree-goals", Tree)
        assert not row_of(tree, opened.id).is_expanded
        for node in (opened, inside):
            await put_cursor(pilot, tree, node.id)
            await pilot.press("space")
            assert row_of(tree, node.id).is_expanded
        await put_cursor(pilot, tree, moved.id)
        await pilot.press("alt+up")  # Goal 3 becomes Goal 2
        await wait_until(pilot, lambda: str(tree.cursor_node.label).startswith("Goal 2"), "the cursor follows Goal 3")
        assert tree.cursor_node.data == moved.id
        assert row_of(tree, opened.id).is_expanded, "the fold the user opened stays open"
        assert row_of(tree, inside.id).is_expanded, "and so does one inside the moved branch"

        # An edit from elsewhere (undo) refreshes the tree and keeps the fold too.
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: plan_now(app).goals[2].id == moved.id, "the move is undone")
        await pilot.pause()
        assert str(row_of(tree, moved.id).label).startswith("Goal 3")
        assert row_of(tree, opened.id).is_expanded


async def test_an_edit_in_another_step_shows_on_return_with_folds_kept(tmp_path: Path) -> None:
    plan = sample_plan()
    initiative = plan.goals[0].strategies[0].initiatives[0]
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "strategies")
        tree = wizard.query_one("#tree-strategies", Tree)
        await put_cursor(pilot, tree, initiative.id)
        await pilot.press("space")  # open Initiative 1.1.1 to see its tactics
        assert row_of(tree, initiative.id).is_expanded
        wizard.open_step("tactics")
        await settle_in_step(pilot)
        tactics = wizard.query_one("#tree-tactics", Tree)
        await put_cursor(pilot, tactics, initiative.tactics[0].id)
        await pilot.press("x")
        wizard.open_step("strategies")
        await settle_in_step(pilot)
        assert str(row_of(tree, initiative.tactics[0].id).label).startswith("[x]")
        assert row_of(tree, initiative.id).is_expanded, "the fold survives an edit made in another step"


async def test_a_revisit_and_a_single_edit_do_not_rebuild_every_row(tmp_path: Path) -> None:
    plan = sample_plan()
    tactic = plan.goals[1].strategies[1].initiatives[0].tactics[0]
    assert tactic.status == "open"
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "tactics")
        pane = wizard.query_one("#pane-tactics", TreePane)
        built = pane.rebuilt
        assert built == len(pane.rows) > 40
        wizard.open_step("goals")
        await settle_in_step(pilot)
        wizard.open_step("tactics")
        await settle_in_step(pilot)
        assert pane.rebuilt == built, "a revisit with no change relabels nothing"
        await put_cursor(pilot, pane.plan_tree, tactic.id)
        await pilot.press("x")
        await wait_until(pilot, lambda: find(plan_now(app), tactic.id)[0].status == "done", "the tactic is done")
        # The tactic and the rows above it (whose node objects changed), not the other ~45.
        assert pane.rebuilt - built <= 4


async def test_x_marks_a_tactic_done_and_again_open_and_says_so_at_80x24(tmp_path: Path) -> None:
    plan = sample_plan()
    tactic = plan.goals[0].strategies[0].initiatives[1].tactics[0]
    assert tactic.status == "open"
    db = store_with(tmp_path / "plans.json", plan)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_step(pilot, "tactics")
        tree = wizard.query_one("#tree-tactics", Tree)
        await put_cursor(pilot, tree, tactic.id)
        screen = visible_text(app)
        assert "x done" in screen, "the pane's help line names the key"
        assert "x Done" in screen, "the footer names the key"
        await pilot.press("x")
        await wait_until(pilot, lambda: str(tree.cursor_node.label).startswith("[x]"), "the row shows [x]")
        assert find(plan_now(app), tactic.id)[0].status == "done"
        await pilot.press("x")
        await wait_until(pilot, lambda: str(tree.cursor_node.label).startswith("[ ]"), "the row shows [ ]")
        assert find((await on_disk(pilot, db))[0], tactic.id)[0].status == "open"


async def test_m_moves_an_initiative_under_another_strategy_and_the_cursor_follows(tmp_path: Path) -> None:
    plan = sample_plan()
    initiative = plan.goals[0].strategies[0].initiatives[0]
    target = plan.goals[1].strategies[0]
    db = store_with(tmp_path / "plans.json", plan)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_step(pilot, "initiatives")
        tree = wizard.query_one("#tree-initiatives", Tree)
        await put_cursor(pilot, tree, initiative.id)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, ParentPicker), "the picker opens")
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == f"Strategy 1.2: {plan.goals[0].strategies[1].title}", "numbered titles"
        assert not any(label.startswith("Strategy 1.1:") for label in labels), "not its own parent"
        assert not any(label.startswith(("Goal", "Initiative")) for label in labels), "strategies only"
        options.highlighted = next(i for i, label in enumerate(labels) if label.startswith("Strategy 2.1:"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the picker closes")
        _, ancestors = find(plan_now(app), initiative.id)
        assert ancestors[-1].id == target.id and ancestors[-1].initiatives[-1] == initiative
        await wait_until(pilot, lambda: tree.cursor_node.data == initiative.id, "the cursor follows")
        assert str(tree.cursor_node.label).startswith("Initiative 2.1.2:")
        assert find((await on_disk(pilot, db))[0], initiative.id)[1][-1].id == target.id


async def test_move_to_is_in_the_command_palette(tmp_path: Path) -> None:
    plan = sample_plan()
    tactic = plan.goals[0].strategies[0].initiatives[0].tactics[0]
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "tactics")
        await put_cursor(pilot, wizard.query_one("#tree-tactics", Tree), tactic.id)
        await pilot.press("ctrl+p")
        await pilot.press(*"under another parent")
        await wait_until(pilot, lambda: "Move the item under another parent" in visible_text(app), "the command is listed")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ParentPicker), "the picker opens")
        assert "Initiative 1.1.2:" in visible_text(app)


async def test_rows_show_owner_due_and_the_flag_at_80x24_and_after_a_resize(tmp_path: Path) -> None:
    plan = sample_plan()
    initiative = plan.goals[0].strategies[0].initiatives[0]
    shown = initiative.tactics[1]
    bare = initiative.tactics[0]
    plan = update_node(plan, bare.id, owner="", due=None, status="open")  # the coach flags it
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_step(pilot, "tactics")
        tree = wizard.query_one("#tree-tactics", Tree)
        await put_cursor(pilot, tree, shown.id)
        facts = f"{shown.owner} · {shown.due.isoformat()}"
        lines = visible_text(app).splitlines()
        row = next(line for line in lines if facts in line)
        assert shown.action[:12] in row and "…" in row, "the title is cut, not the owner and date"
        assert any("no owner · no date ⚠" in line for line in lines), "⚠ stays in view"
        await pilot.resize_terminal(200, 50)
        await wait_until(pilot, lambda: any(shown.action in line for line in visible_text(app).splitlines()), "wider rows")
        row = next(line for line in visible_text(app).splitlines() if shown.action in line)
        assert re.search(re.escape(facts) + " │", row), "facts right-aligned against the pane's edge"


async def test_the_breadcrumb_says_first_where_a_new_item_lands_at_80x24(tmp_path: Path) -> None:
    plan = sample_plan()
    tactic = plan.goals[0].strategies[0].initiatives[1].tactics[1]
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_step(pilot, "tactics")
        await put_cursor(pilot, wizard.query_one("#tree-tactics", Tree), tactic.id)
        await wait_until(pilot, lambda: "New tactic → Initiative 1.1.2: " in visible_text(app), "the landing place shows")


async def test_a_flag_that_changes_on_an_unchanged_row_shows(tmp_path: Path, monkeypatch) -> None:
    """A ⚠ may depend on more than the row's own node (the plan index): it is redrawn anyway."""
    import screens.steps.tree as tree_module

    plan = sample_plan()
    quiet = plan.goals[0].strategies[0].initiatives[1].tactics[0]  # a row no edit below touches
    edited = plan.goals[2].strategies[0].initiatives[0].tactics[1]
    real = tree_module.flagged_ids
    opened: list[Plan] = []  # the plan as opened: flags as the coach gives them; later ones flag ``quiet``
    monkeypatch.setattr(tree_module, "flagged_ids", lambda p: real(p) | ({quiet.id} if opened and p is not opened[0] else set()))
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "tactics")
        opened.append(plan_now(app))
        tree = wizard.query_one("#tree-tactics", Tree)
        assert "⚠" not in str(row_of(tree, quiet.id).label)
        await put_cursor(pilot, tree, edited.id)
        await pilot.press("x")
        await wait_until(pilot, lambda: "⚠" in str(row_of(tree, quiet.id).label), "the other row gets its ⚠")


async def test_ctrl_pagedown_moves_on_from_a_tree_step(tmp_path: Path) -> None:
    """The tree scrolls sideways on ctrl+PgUp/PgDn; the wizard's step keys must win (F1 promises them)."""
    app = new_app(store_with(tmp_path / "plans", sample_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_step(pilot, "goals")
        assert isinstance(pilot.app.focused, Tree)
        await pilot.press("ctrl+pagedown")
        await wait_until(pilot, lambda: wizard.step == "strategies", "ctrl+PgDn opens the next step")
        await settle_in_step(pilot)
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: wizard.step == "goals", "ctrl+PgUp opens the previous step")


async def test_a_big_plan_opens_its_first_branches_and_builds_the_rest_when_opened(tmp_path: Path) -> None:
    plan = large_plan()  # 10 goals, 450 tactics: 580 rows, more than a tree opens by itself
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_step(pilot, "tactics")
        pane = wizard.query_one("#pane-tactics", TreePane)
        tree = pane.plan_tree
        assert row_of(tree, "g1s1i1").is_expanded, "the first branches open to the step's level"
        last_goal = row_of(tree, "g10")
        assert not last_goal.is_expanded and last_goal.allow_expand, "later ones wait, folded"
        assert len(pane.rows) < len(list(walk(plan))) - 100, "rows under a fold are not built"
        await put_cursor(pilot, tree, "g10")
        await pilot.press("space")
        await wait_until(pilot, lambda: any(node.data == "g10s3" for node in row_of(tree, "g10").children), "g10's rows")
        assert str(row_of(tree, "g10s3").label).startswith("Strategy 10.3")

        # The coach's jump to a tactic under folds opens the way to it.
        wizard.post_message(JumpTo("tactics", "g9s2i3t4"))
        await wait_until(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data == "g9s2i3t4", "the jump")
        assert "Tactic 9.2.3.4" in visible_text(app)
        assert "Initiative 9.2.3" in pane.query_one(".breadcrumb").render().plain
