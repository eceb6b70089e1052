"""The two Markdown flavors: gfm (headings down to H4) and portable (never below H3).

Each is parsed by cmark-gfm (GitHub's parser) and, when pandoc is at hand,
round-tripped through pandoc's own reader: headings, tables and task lists
must come through in both, and the portable flavor must hold no H4-H6 for
Notion, Confluence and Google Docs to import.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import cmarkgfm
import pytest

from acct_tui.cli import main
from acct_tui.markdown import FLAVORS, render_plan_markdown
from acct_tui.plan_index import tactics
from acct_tui.sharing import customer_view
from acct_tui.sample import large_plan, sample_plan
from acct_tui.store import PlanStore
from test_markdown import TODAY, small_plan

PLANS = {"sample": sample_plan, "small": small_plan, "large": lambda: large_plan(goals=2)}


def html(markdown: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(
        markdown, extensions=["table", "strikethrough", "tasklist", "tagfilter"]
    )


def heading_levels(page: str) -> Counter[int]:
    return Counter(int(level) for level in re.findall(r"<h([1-6])>", page))


def render(name: str, flavor: str, audience: str = "internal") -> str:
    return render_plan_markdown(PLANS[name](), audience=audience, today=TODAY, flavor=flavor)


@pytest.mark.parametrize("audience", ["internal", "customer"])
@pytest.mark.parametrize("name", list(PLANS))
def test_portable_has_no_heading_below_h3_and_loses_nothing_else(name: str, audience: str) -> None:
    gfm, portable = html(render(name, "gfm", audience)), html(render(name, "portable", audience))
    gfm_levels, portable_levels = heading_levels(gfm), heading_levels(portable)
    assert max(portable_levels) == 3
    assert not re.search(r"<h[4-6]", portable)
    shown = PLANS[name]() if audience == "internal" else customer_view(PLANS[name]())
    strategies = sum(len(goal.strategies) for goal in shown.goals)
    assert gfm_levels[4] == strategies  # gfm: a strategy is an H4 ...
    assert portable.count("<p><strong>Strategy ") == strategies  # ... portable: a bold line
    assert {level: n for level, n in gfm_levels.items() if level < 4} == dict(portable_levels)
    for tag in ("<table>", "<tr>", '<input type="checkbox"', "<li>", "<del>"):
        assert gfm.count(tag) == portable.count(tag), tag


@pytest.mark.parametrize("flavor", FLAVORS)
def test_every_tactic_is_one_task_line_under_its_initiatives_bold_line(flavor: str) -> None:
    plan = sample_plan()
    page = html(render_plan_markdown(plan, today=TODAY, flavor=flavor))
    every = list(tactics(plan))
    assert page.count('<input type="checkbox" checked="" disabled="" />') == sum(t.status == "done" for t in every)
    assert page.count('<input type="checkbox" disabled="" />') == sum(t.status != "done" for t in every)
    initiatives = [i for g in plan.goals for s in g.strategies for i in s.initiatives]
    assert page.count("<p><strong>Initiative ") == len(initiatives)
    assert "<h5>" not in page
    assert "<th>Progress</th>" in page  # the reporting table says how far each metric is, as the app does
    assert "<td>Annual recurring revenue</td>\n<td>25%</td>\n<td>2,400</td>" in page  # metric, progress, baseline


def test_the_review_pack_never_goes_below_h3() -> None:
    from acct_tui.review import render_review_pack

    assert max(heading_levels(html(render_review_pack(sample_plan(), TODAY)))) <= 3


def test_an_unknown_flavor_is_refused() -> None:
    with pytest.raises(ValueError, match="portable"):
        render_plan_markdown(sample_plan(), flavor="notion")


def test_the_cli_writes_the_flavor_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store"
    with PlanStore(db) as store:
        store.save(sample_plan())
    assert main(["--db", str(db), "export", "Northwind", "--flavor", "portable"]) == 0
    portable = capsys.readouterr().out
    assert main(["--db", str(db), "export", "Northwind"]) == 0
    gfm = capsys.readouterr().out
    assert not re.search(r"^#{4,} ", portable, re.MULTILINE)
    assert "**Strategy 1.1: " in portable
    assert "#### Strategy 1.1: " in gfm


# --- pandoc ---------------------------------------------------------------------


def pandoc_binary() -> str | None:
    """pandoc on PATH, or the one the pypandoc-binary wheel carries (a test extra)."""
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        return None


PANDOC = pandoc_binary()
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (nor the pypandoc-binary wheel)")


def pandoc_blocks(markdown: str) -> Counter[str]:
    """How many headings of each level, tables and task items pandoc's GFM reader finds."""
    assert PANDOC is not None
    out = subprocess.run(
        [PANDOC, "--from", "gfm", "--to", "json"], input=markdown, capture_output=True, text=True, check=True
    ).stdout
    found: Counter[str] = Counter()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Header":
                found[f"h{node['c'][0]}"] += 1
            elif kind == "Table":
                found["table"] += 1
            elif kind == "Str" and node.get("c") in ("☐", "☒"):
                found["task"] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(out)["blocks"])
    return found


@needs_pandoc
@pytest.mark.parametrize("flavor", FLAVORS)
def test_pandoc_reads_the_same_headings_tables_and_tasks_as_cmark(flavor: str) -> None:
    markdown = render("sample", flavor)
    page = html(markdown)
    blocks = pandoc_blocks(markdown)
    assert {f"h{level}": n for level, n in heading_levels(page).items()} == {
        key: n for key, n in blocks.items() if key.startswith("h")
    }
    assert blocks["table"] == page.count("<table>") == 4
    assert blocks["task"] == page.count('<input type="checkbox"') == len(list(tactics(sample_plan())))
    if flavor == "portable":
        assert not [key for key in blocks if key in ("h4", "h5", "h6")]
