"""Finding anything in one plan by its words: what the command palette searches.

Every goal, strategy, initiative, tactic, stakeholder, meeting, metric,
selling tool and analysis answer becomes one line, "Tactic 1.2.1.3 — Book the
CFO lunch", with the wizard step and the node to open it at. The numbers are
the export's (``plan_index``), the nouns the registry's (``kinds``).

A search runs on every key typed in the palette, so it must stay quick on a
20,000-tactic plan: the lines (and their lower-case forms) are built once per
plan version and kept on the immutable plan, as ``plan_index`` keeps its
index; a query is then a linear scan with a regular expression that cannot
backtrack badly, and only the best ``limit`` lines go on to be scored and
drawn. The matching rule is the palette's own (Textual's fuzzy matcher): the
query's characters appear in the line in order, ignoring case; a line that
holds the query as it was typed ranks first.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from acct_tui.kinds import BY_TYPE
from acct_tui.model import ANALYSIS_QUESTIONS, Plan
from acct_tui.plan_index import index, kept_on
from acct_tui.steps import STEPS, step_index

WRAP = 100
"""An analysis answer is searched (and shown) in pieces of at most this many characters."""


@dataclass(frozen=True)
class Entry:
    """One thing in the plan a search can find, and where the wizard shows it."""

    label: str
    """What it is and its number: "Tactic 1.2.1.3", "Stakeholder 2", "Analysis 3"."""
    text: str
    """Its words, on one line (an analysis answer: one piece of it)."""
    step: str
    """The wizard step that edits it."""
    node_id: str
    """What to select in that step: a record's id, or an analysis question's key."""
    detail: str = ""
    """A short line of our own words and checked values (dates, statuses): never free text."""

    @property
    def line(self) -> str:
        """What the palette shows and matches: "Tactic 1.2.1.3 — Book the CFO lunch"."""
        return f"{self.label} — {self.text}"


@dataclass(frozen=True)
class Haystack:
    """Every entry of one plan version, and each line in lower case (built once)."""

    entries: tuple[Entry, ...]
    folded: tuple[str, ...]


def haystack(plan: Plan) -> Haystack:
    """The entries of ``plan``, built on first use and kept on the (immutable) plan."""
    return kept_on(plan, "_plan_search", _haystack)


def _haystack(plan: Plan) -> Haystack:
    entries = tuple(_entries(plan))
    return Haystack(entries, tuple(entry.line.lower() for entry in entries))


def find(plan: Plan, query: str, limit: int = 50) -> list[Entry]:
    """The entries whose line holds ``query``'s characters in order (any case), best first.

    Lines holding the query as typed come first, then the rest; each group in
    plan order. At most ``limit`` are returned: a palette shows a screenful.
    """
    query = query.lower()
    if not query.strip():
        return []
    in_order = _in_order(query)
    exact: list[Entry] = []
    loose: list[Entry] = []
    found = haystack(plan)
    for entry, line in zip(found.entries, found.folded):
        if query in line:
            exact.append(entry)
            if len(exact) >= limit:
                break
        elif len(loose) < limit and in_order(line):
            loose.append(entry)
    return (exact + loose)[:limit]


def match_offsets(query: str, line: str) -> tuple[list[int], bool]:
    """Where ``query``'s characters sit in ``line`` (to highlight), and whether they are one run.

    The query as typed if the line holds it, else each character at its
    first place after the one before (linear: Textual's own matcher tries
    every combination, which a long line of repeated letters makes explode).
    """
    folded, query = line.lower(), query.lower()
    if len(folded) != len(line):  # a character whose lower case is longer: offsets would drift
        folded = "".join(char.lower()[:1] or char for char in line)
    start = folded.find(query)
    if start >= 0:
        return list(range(start, start + len(query))), True
    offsets: list[int] = []
    at = 0
    for char in query:
        at = folded.find(char, at)
        if at < 0:
            return [], False
        offsets.append(at)
        at += 1
    return offsets, False


def _in_order(query: str) -> Callable[[str], bool]:
    """A test "the line holds these characters in this order", as one regular expression.

    ``[^a]*a[^b]*b…`` from the line's start: each ``[^x]*`` stops at the
    first x, so a line that fails is given up after one pass per character.
    """
    pattern = "".join(f"[^{re.escape(char)}]*{re.escape(char)}" for char in query)
    match = re.compile(pattern, re.DOTALL).match
    return lambda line: match(line) is not None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _title(record_type: type) -> str:
    noun = BY_TYPE[record_type].noun
    return noun[:1].upper() + noun[1:]


def _step_words(step: str) -> str:
    """ "Step 8: Tactics" (the stepper's number and title)."""
    number = step_index(step)
    return f"Step {number + 1}: {STEPS[number].title}"


def _entries(plan: Plan) -> Iterator[Entry]:
    """Every entry, in the plan's order: analysis, the goal tree, then the lists."""
    yield from _analysis(plan)
    labels = index(plan).labels
    for goal in plan.goals:
        yield _tree_entry(labels, goal, goal.title, f" · due {goal.due}" if goal.due else "")
        for strategy in goal.strategies:
            yield _tree_entry(labels, strategy, strategy.title)
            for initiative in strategy.initiatives:
                yield _tree_entry(labels, initiative, initiative.title)
                for tactic in initiative.tactics:
                    due = f" · due {tactic.due}" if tactic.due else ""
                    yield _tree_entry(labels, tactic, tactic.action, f"{due} · {tactic.status}")
    for n, person in enumerate(plan.stakeholders, 1):
        words = f"{person.name} ({person.title})" if person.title.strip() else person.name
        yield _list_entry(person, n, words, f" · {person.role} · {person.stance}")
    for n, meeting in enumerate(plan.meetings, 1):
        yield _list_entry(meeting, n, meeting.name, f" · next {meeting.next_date}" if meeting.next_date else "")
    for n, metric in enumerate(plan.metrics, 1):
        yield _list_entry(metric, n, metric.name)
    for n, tool in enumerate(plan.tools, 1):
        yield _list_entry(tool, n, tool.name)


def _tree_entry(labels: dict[str, str], record, words: str, detail: str = "") -> Entry:
    step = BY_TYPE[type(record)].step
    return Entry(labels[record.id], _one_line(words), step, record.id, _step_words(step) + detail)


def _list_entry(record, number: int, words: str, detail: str = "") -> Entry:
    step = BY_TYPE[type(record)].step
    return Entry(f"{_title(type(record))} {number}", _one_line(words), step, record.id, _step_words(step) + detail)


def _analysis(plan: Plan) -> Iterator[Entry]:
    """Each answer in pieces of at most ``WRAP`` characters, found by any of its words."""
    for number, (key, question) in enumerate(ANALYSIS_QUESTIONS, 1):
        for piece in textwrap.wrap(plan.answer(key), WRAP, break_on_hyphens=False):
            yield Entry(f"Analysis {number}", piece, "analysis", key, f"{_step_words('analysis')} · {question}")
