"""The command palette finds the open plan's content, not only commands.

In the wizard, ``ctrl+p`` and a few words find any goal, strategy,
initiative, tactic, stakeholder, meeting, metric, selling tool or analysis
answer ("Tactic 1.2.1.3 — Book the CFO lunch"); enter opens its step with it
selected, through the same ``JumpTo`` the Review step's findings use.

What to search is ``acct_tui.plan_search``'s (built once per plan version,
in a thread when the palette opens, so a 20,000-tactic plan neither slows the
keys nor blocks the screen). Scores follow Textual's fuzzy matcher, so plan
hits and commands sort together. A plan's words are data: the line is drawn
as ``Content`` (Textual's ``Matcher.highlight`` would read it as markup), and
the help line holds only our own words and checked values.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.style import Style

from acct_tui.app import AcctApp
from acct_tui.model import Plan
from acct_tui.plan_search import Entry, find, haystack, match_offsets
from acct_tui.text import visible
from screens.messages import JumpTo

SHOWN = 40
"""Plan hits offered per query: a screenful and then some (the best, by the palette's score)."""

_SCORER = FuzzySearch()
"""Textual's scoring rule (first letters, runs), applied to the offsets ``match_offsets`` finds."""


class PlanContentProvider(Provider):
    """Palette hits for the content of the plan open in the wizard (the screen has ``plan_id``)."""

    def _plan(self) -> Plan | None:
        """The newest version of the open plan (typing not yet saved included), or None."""
        plan_id = getattr(self.screen, "plan_id", None)
        app = self.app
        if not isinstance(plan_id, str) or not isinstance(app, AcctApp):
            return None
        try:
            return app.plan(plan_id)
        except KeyError:
            return None

    async def startup(self) -> None:
        """Build what a search scans while the palette opens, off the UI thread (big plans)."""
        plan = self._plan()
        if plan is not None:
            await asyncio.to_thread(haystack, plan)

    async def search(self, query: str) -> Hits:
        """Every entry whose line holds the query's characters in order, scored as the palette scores."""
        plan = self._plan()
        if plan is None:
            return
        for entry in find(plan, query, SHOWN):
            line = visible(entry.line)
            offsets, whole = match_offsets(query, line)
            if not offsets:
                continue
            yield Hit(
                _score(line, offsets, whole),
                _highlight(line, offsets, self.match_style),
                partial(self._open, entry),
                text=line,
                help=entry.detail,
            )

    def _open(self, entry: Entry) -> None:
        """Open the entry's step with it selected: the Review step's jump."""
        self.screen.post_message(JumpTo(entry.step, entry.node_id))


def _score(line: str, offsets: list[int], whole: bool) -> float:
    """Textual's fuzzy score for these offsets (a run of the whole query counts half again)."""
    score = _SCORER.score(line.lower(), offsets)
    return score * 1.5 if whole else score


def _highlight(line: str, offsets: list[int], style: Style | None) -> Content:
    """The line as plain text (never markup), the matched characters highlighted."""
    content = Content(line)
    highlight = style or Style(reverse=True)
    for offset in offsets:
        if not line[offset].isspace():
            content = content.stylize(highlight, offset, offset + 1)
    return content
