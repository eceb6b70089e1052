"""How long a large plan's preview takes to show: stock Markdown vs PlanPreview.

Run by hand (not in CI)::

    .venv/bin/python bench/bench_preview.py [--runs 3] [--size 80x24]

The document is ``render_plan_markdown(large_plan())``: 10 goals x 3
strategies x 3 initiatives x 5 tactics, about 75,000 characters.

Each widget is mounted into an empty app under ``App.run_test`` (headless)
at the given size. The clock starts before the widget is constructed (so
PlanPreview's parse counts) and two times are taken:

- first screen: until the compositor's output (what the terminal would be
  sent) contains the document's first heading. A task polls every 5 ms, so
  this is accurate to a few ms and includes the cost of the polling.
- whole document: until the widget has all of its content and one more
  ``pilot.pause()`` has passed. For the stock ``Markdown`` widget (inside a
  ``VerticalScroll``) that is its ``TableOfContentsUpdated`` message, posted
  after the last block is mounted; for ``PlanPreview`` it is
  ``fully_rendered`` (it renders the first screen at once, the rest between
  paints, about 12 ms at a time).

Both are measured in the same run on the same machine; each figure is the
best of ``--runs`` runs. Measured on the dev container (Python 3.11,
Textual 8.2.8, 2026-11)::

    large plan: 74,698 characters, 963 lines; 80x24, best of 3
    first screen: stock Markdown: 3.51 s; PlanPreview: 0.053 s (66x faster)
    whole document: stock Markdown: 5.65 s; PlanPreview: 0.297 s (19x faster)

    large plan: 74,698 characters, 963 lines; 160x50, best of 3
    first screen: stock Markdown: 3.56 s; PlanPreview: 0.102 s (35x faster)
    whole document: stock Markdown: 5.28 s; PlanPreview: 0.337 s (16x faster)

PlanPreview's "whole document" is mostly deliberate: the background slices
wait for a paint between them so keys stay responsive.

These figures predate issue 9. Since then PlanPreview parses only the first
screen's worth of source before its first paint and the whole document
right after it; bench/bench_ui.py times that first screen against its
floor (the preview of just the first screen's text) in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import VerticalScroll  # noqa: E402
from textual.widgets import Markdown  # noqa: E402

from acct_tui.markdown import render_plan_markdown  # noqa: E402
from acct_tui.sample import large_plan  # noqa: E402
from screens.preview import PlanPreview  # noqa: E402


def first_heading(markdown_text: str) -> str:
    """The text of the document's first heading (what must be on screen)."""
    for line in markdown_text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip().replace("\\", "")
    raise ValueError("The document has no heading.")


@dataclass(frozen=True)
class Timing:
    """Seconds from the start until the first screen showed the document's
    first heading, and until the whole document was ready and painted."""

    first_screen: float
    complete: float


class BenchApp(App[None]):
    """An empty app the widget under test is mounted into."""

    def __init__(self) -> None:
        super().__init__()
        self.markdown_built = asyncio.Event()

    def compose(self) -> ComposeResult:
        return iter(())

    def on_markdown_table_of_contents_updated(self) -> None:
        """The stock widget posts this once its last block is mounted."""
        self.markdown_built.set()


def screen_text(app: App[None]) -> str:
    """What the terminal would show now (the compositor's output)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def first_screen(app: App[None], heading: str, start: float) -> float:
    """Poll every 5 ms until ``heading`` is on screen; seconds since ``start``."""
    while heading not in screen_text(app):
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


async def time_stock(markdown_text: str, size: tuple[int, int]) -> Timing:
    """Textual's Markdown widget: complete once its last block is mounted."""
    app = BenchApp()
    async with app.run_test(size=size) as pilot:
        start = time.perf_counter()
        watch = asyncio.create_task(first_screen(app, first_heading(markdown_text), start))
        await app.mount(VerticalScroll(Markdown(markdown_text)))
        await app.markdown_built.wait()
        await pilot.pause()
        complete = time.perf_counter() - start
        return Timing(await watch, complete)


async def time_preview(markdown_text: str, size: tuple[int, int]) -> Timing:
    """PlanPreview: complete once every section is rendered."""
    app = BenchApp()
    async with app.run_test(size=size) as pilot:
        start = time.perf_counter()
        watch = asyncio.create_task(first_screen(app, first_heading(markdown_text), start))
        preview = PlanPreview(markdown_text)
        await app.mount(preview)
        while not preview.fully_rendered:
            await pilot.pause()
        await pilot.pause()
        complete = time.perf_counter() - start
        return Timing(await watch, complete)


def best_of(runs: int, measure, *args) -> Timing:
    """The fastest of ``runs`` measurements (the least disturbed by noise)."""
    timings = [asyncio.run(measure(*args)) for _ in range(runs)]
    return Timing(
        min(t.first_screen for t in timings), min(t.complete for t in timings)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="80x24", help="terminal size, WxH")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    markdown_text = render_plan_markdown(large_plan())
    print(
        f"large plan: {len(markdown_text):,} characters, "
        f"{markdown_text.count(chr(10)):,} lines; "
        f"{width}x{height}, best of {args.runs}"
    )
    preview = best_of(args.runs, time_preview, markdown_text, (width, height))
    stock = best_of(args.runs, time_stock, markdown_text, (width, height))
    for label, attr in (("first screen", "first_screen"), ("whole document", "complete")):
        old, new = getattr(stock, attr), getattr(preview, attr)
        print(
            f"{label}: stock Markdown: {old:.2f} s; PlanPreview: {new:.3f} s "
            f"({old / new:.0f}x faster)"
        )


if __name__ == "__main__":
    main()
