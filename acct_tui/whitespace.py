"""The whitespace map: the customer's business units × our offerings, as data and as Markdown.

Rows are the customer's business units (or sites), columns our offerings;
each assessed cell has a status ("in use", "open", "competitor", "not a fit"),
an estimated value, and for an open opportunity the goal or strategy that
pursues it. A pair with no cell is "not assessed yet".

Everything here is a pure function of a ``Whitespace`` (or a ``Plan``):
the step's grid, the coach and the export call the same edit helpers and
totals, so the screen, the coach and the file never disagree.

Judgement calls, written down once:

* Row and column totals add up the value of **open** cells: the whitespace
  is what is left to win. What is in use, lost to a competitor or not a fit
  is summed per status instead (``Totals.by_status``).
* A cell's id (a coach finding's ``node_id``) is ``unit + "\\n" + offering``:
  names are one-line text, so the line break can't be part of either.
* A "pursued by" link to a goal or strategy the plan no longer holds counts
  as not pursued (``pursuer``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Iterator, Literal, TypeVar

from acct_tui.model import WHITESPACE_STATUSES, Plan, ValidationError, Whitespace, WhitespaceCell, check_number
from acct_tui.plan_index import numbering

Axis = Literal["unit", "offering"]
"""Rows are units, columns offerings."""

OPEN = "open"

STATUS_CODES: dict[str, str] = {"in use": "U", "open": "O", "competitor": "C", "not a fit": "X"}
"""One-letter statuses for a table too wide for the words (a legend says what they mean)."""

WIDTH = 80
"""The widest line the Markdown table may have: it reads in a terminal and in a diff."""

UNIT_MAX = 16
"""A unit name longer than this numbers every row in an abbreviated table."""

_LISTS: dict[str, str] = {"unit": "units", "offering": "offerings"}

_T = TypeVar("_T", Whitespace, WhitespaceCell)


def _changed(record: _T, changes: dict[str, Any]) -> _T:
    """``record`` with fields named at run time changed (the model checks them again)."""
    return replace(record, **changes)


# --- cells and their ids --------------------------------------------------------


def cell_id(unit: str, offering: str) -> str:
    """The id of the cell at ``unit`` × ``offering`` (a coach finding's node id)."""
    return f"{unit}\n{offering}"


def parse_cell_id(node_id: str) -> tuple[str, str] | None:
    """(unit, offering) from a ``cell_id``, or None for any other id."""
    unit, sep, offering = node_id.partition("\n")
    return (unit, offering) if sep and unit and offering else None


def names(ws: Whitespace, axis: Axis) -> tuple[str, ...]:
    """The map's units or offerings, in order."""
    result: tuple[str, ...] = getattr(ws, _LISTS[axis])
    return result


# --- edits: each returns a new, valid Whitespace (or raises ValidationError) --------


def add(ws: Whitespace, axis: Axis, name: str, at: int | None = None) -> Whitespace:
    """``ws`` with a new unit or offering ``name`` at position ``at`` (the end by default).

    The model refuses an empty, duplicate (ignoring case) or 41st name.
    """
    listed = names(ws, axis)
    at = len(listed) if at is None else max(0, min(at, len(listed)))
    return _changed(ws, {_LISTS[axis]: listed[:at] + (name,) + listed[at:]})


def rename(ws: Whitespace, axis: Axis, old: str, new: str) -> Whitespace:
    """``ws`` with unit or offering ``old`` called ``new``; its cells follow."""
    listed = names(ws, axis)
    if old not in listed:
        raise KeyError(old)
    renamed = tuple(new if name == old else name for name in listed)
    cells = tuple(_changed(c, {axis: new}) if getattr(c, axis) == old else c for c in ws.cells)
    return _changed(ws, {_LISTS[axis]: renamed, "cells": cells})


def remove(ws: Whitespace, axis: Axis, name: str) -> Whitespace:
    """``ws`` without unit or offering ``name`` and its cells."""
    listed = names(ws, axis)
    if name not in listed:
        raise KeyError(name)
    cells = tuple(c for c in ws.cells if getattr(c, axis) != name)
    return _changed(ws, {_LISTS[axis]: tuple(n for n in listed if n != name), "cells": cells})


def move(ws: Whitespace, axis: Axis, name: str, delta: int) -> Whitespace:
    """``ws`` with unit or offering ``name`` moved ``delta`` places (kept within the list)."""
    listed = list(names(ws, axis))
    index = listed.index(name)
    listed.pop(index)
    listed.insert(max(0, min(len(listed), index + delta)), name)
    return _changed(ws, {_LISTS[axis]: tuple(listed)})


_KEEP = object()
"""``set_cell``'s "leave this field as it is"."""


def set_cell(
    ws: Whitespace,
    unit: str,
    offering: str,
    *,
    status: str | object = _KEEP,
    value: float | None | object = _KEEP,
    pursued_by_id: str | object = _KEEP,
) -> Whitespace:
    """``ws`` with the cell at ``unit`` × ``offering`` assessed; fields not given stay.

    A cell not assessed yet starts as an open opportunity with no value.
    """
    old = ws.cell(unit, offering) or WhitespaceCell(unit, offering)
    changes = {
        name: given
        for name, given in (("status", status), ("value", value), ("pursued_by_id", pursued_by_id))
        if given is not _KEEP
    }
    new = _changed(old, changes)
    return replace(ws, cells=_ordered(ws, [c for c in ws.cells if (c.unit, c.offering) != (unit, offering)] + [new]))


def clear_cell(ws: Whitespace, unit: str, offering: str) -> Whitespace:
    """``ws`` with the cell at ``unit`` × ``offering`` back to "not assessed"."""
    return replace(ws, cells=tuple(c for c in ws.cells if (c.unit, c.offering) != (unit, offering)))


def next_status(status: str | None) -> str:
    """The status after ``status`` when cycling (space): not assessed → in use → open → … → in use."""
    if status is None:
        return WHITESPACE_STATUSES[0]
    return WHITESPACE_STATUSES[(WHITESPACE_STATUSES.index(status) + 1) % len(WHITESPACE_STATUSES)]


def cycle_status(ws: Whitespace, unit: str, offering: str) -> Whitespace:
    """``ws`` with the cell's status moved on by one (value and link kept)."""
    cell = ws.cell(unit, offering)
    return set_cell(ws, unit, offering, status=next_status(cell.status if cell else None))


def _ordered(ws: Whitespace, cells: list[WhitespaceCell]) -> tuple[WhitespaceCell, ...]:
    """Cells in the map's reading order (row by row), so equal maps store equal files."""
    row = {name: i for i, name in enumerate(ws.units)}
    column = {name: i for i, name in enumerate(ws.offerings)}
    return tuple(sorted(cells, key=lambda c: (row[c.unit], column[c.offering])))


# --- totals --------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTotal:
    """How many cells have one status, and their value."""

    count: int = 0
    value: float = 0.0


@dataclass(frozen=True)
class Totals:
    """The map's sums: open value per row and column, and count and value per status."""

    by_unit: dict[str, float]
    """Value of the open opportunities in each unit (row)."""
    by_offering: dict[str, float]
    """Value of the open opportunities for each offering (column)."""
    by_status: dict[str, StatusTotal]
    """Every status, with "not assessed" last (its value is always 0)."""

    @property
    def open_value(self) -> float:
        """Value of every open opportunity: the whitespace."""
        return self.by_status[OPEN].value


NOT_ASSESSED = "not assessed"


def totals(ws: Whitespace) -> Totals:
    """The map's totals (a cell with no value counts, as 0)."""
    by_unit = dict.fromkeys(ws.units, 0.0)
    by_offering = dict.fromkeys(ws.offerings, 0.0)
    counts = dict.fromkeys(WHITESPACE_STATUSES, 0)
    values = dict.fromkeys(WHITESPACE_STATUSES, 0.0)
    for cell in ws.cells:
        value = cell.value or 0.0
        counts[cell.status] += 1
        values[cell.status] += value
        if cell.status == OPEN:
            by_unit[cell.unit] += value
            by_offering[cell.offering] += value
    by_status = {status: StatusTotal(counts[status], values[status]) for status in WHITESPACE_STATUSES}
    by_status[NOT_ASSESSED] = StatusTotal(len(ws.units) * len(ws.offerings) - len(ws.cells))
    return Totals(by_unit, by_offering, by_status)


def short_value(value: float | None) -> str:
    """A value in at most six characters: 950, 12.5k, 180k, 1.2M, 3B ("" for none)."""
    if value is None:
        return ""
    sign, size = ("-" if value < 0 else ""), abs(value)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")):
        if size >= scale or scale == 1.0:
            number = size / scale
            text = f"{number:.1f}".rstrip("0").rstrip(".") if number < 100 else f"{number:.0f}"
            return f"{sign}{text}{suffix}"
    raise AssertionError("unreachable")


_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def parse_value(text: str) -> float | None:
    """A value as typed: 180000, 180,000, 180k, 1.2M, 3B; "" for none (ValidationError names "Value")."""
    clean = text.strip().replace(",", "")
    scale = _SCALES.get(clean[-1:].lower(), 1.0)
    if scale != 1.0:
        clean = clean[:-1].strip()
        if not clean:
            raise ValidationError("Value", "Value must be a number, e.g. 180000 or 180k.")
    number = check_number("Value", clean)
    return None if number is None else check_number("Value", number * scale)


# --- who pursues what -------------------------------------------------------------


def pursuers(plan: Plan) -> dict[str, str]:
    """What an open cell may be pursued by: every goal and strategy, id → "Goal 1: title"."""
    labels = numbering(plan)
    found: dict[str, str] = {}
    for goal in plan.goals:
        found[goal.id] = f"{labels[goal.id]}: {goal.title}"
        for strategy in goal.strategies:
            found[strategy.id] = f"{labels[strategy.id]}: {strategy.title}"
    return found


def pursuer(plan: Plan, cell: WhitespaceCell) -> str:
    """The id of the goal or strategy that pursues ``cell``, or "" (none, or one that is gone).

    Asks the plan's numbering (built once per plan version), not ``pursuers``:
    the coach asks twice for every open cell on every edit.
    """
    label = numbering(plan).get(cell.pursued_by_id, "")
    return cell.pursued_by_id if label.startswith(("Goal ", "Strategy ")) else ""


def open_cells(ws: Whitespace) -> Iterator[WhitespaceCell]:
    """The open opportunities, in reading order."""
    return (cell for cell in _ordered(ws, list(ws.cells)) if cell.status == OPEN)


# --- Markdown -----------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass(frozen=True)
class _Layout:
    """How the table is written: full words, or codes explained by a legend."""

    status_codes: bool = False
    offering_codes: bool = False
    unit_codes: bool = False


def _column_code(index: int) -> str:
    """A, B, … Z, AA, AB, … for offering ``index`` (0-based)."""
    code = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        code = chr(ord("A") + rest) + code
    return code


def _table_lines(ws: Whitespace, layout: _Layout, columns: list[int], with_total: bool) -> list[str]:
    """One GFM table over the offerings at ``columns`` (positions), escaped."""
    from acct_tui.markdown import escape_inline

    sums = totals(ws)

    def offering_head(i: int) -> str:
        return _column_code(i) if layout.offering_codes else escape_inline(ws.offerings[i])

    def unit_head(r: int) -> str:
        return str(r + 1) if layout.unit_codes else escape_inline(ws.units[r])

    def cell_text(unit: str, offering: str) -> str:
        cell = ws.cell(unit, offering)
        if cell is None:
            return ""
        status = STATUS_CODES[cell.status] if layout.status_codes else cell.status
        return f"{status} {short_value(cell.value)}".strip()

    header = ["Unit", *(offering_head(i) for i in columns)] + (["Open"] if with_total else [])
    rows = []
    for r, unit in enumerate(ws.units):
        row = [unit_head(r), *(cell_text(unit, ws.offerings[i]) for i in columns)]
        rows.append(row + ([short_value(sums.by_unit[unit])] if with_total else []))
    foot = ["**Open**", *(short_value(sums.by_offering[ws.offerings[i]]) for i in columns)]
    rows.append(foot + ([f"**{short_value(sums.open_value)}**"] if with_total else []))
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _fits(lines: list[str]) -> bool:
    return all(_width(line) <= WIDTH for line in lines)


def _tables(ws: Whitespace, layout: _Layout) -> list[str]:
    """The map as one table, or as several side by side pieces (each with the unit column) when too wide."""
    everything = list(range(len(ws.offerings)))
    whole = _table_lines(ws, layout, everything, with_total=True)
    if _fits(whole) or not layout.offering_codes:
        return whole
    lines: list[str] = []
    chunk: list[int] = []
    for i in everything:  # greedily fill each table with as many offerings as fit
        last = i == everything[-1]
        if chunk and not _fits(_table_lines(ws, layout, chunk + [i], with_total=last)):
            lines += _table_lines(ws, layout, chunk, with_total=False) + [""]
            chunk = []
        chunk.append(i)
    return lines + _table_lines(ws, layout, chunk, with_total=True)


def _wrapped(first: str, tokens: list[str], indent: str = "  ") -> list[str]:
    """``first`` then ``tokens`` (Markdown, already escaped), wrapped at WIDTH onto indented lines.

    A soft line break reads as the space it replaces; escaped user words are
    safe at the start of a line (``escape_inline`` assumes they may be). A
    single token wider than a line is left whole.
    """
    lines = [first]
    for token in tokens:
        if lines[-1] == first or _width(lines[-1]) + 1 + _width(token) <= WIDTH:
            lines[-1] = f"{lines[-1]} {token}"
        else:
            lines.append(f"{indent}{token}")
    return lines


def _words(text: str) -> list[str]:
    """User text as escaped words (a run of spaces stays inside a word, as a character reference)."""
    from acct_tui.markdown import escape_inline

    words = [w for w in text.split(" ") if w]
    if " ".join(words) != text:  # leading, trailing or doubled spaces: keep the text exact, unwrapped
        return [escape_inline(text)]
    return [escape_inline(word) for word in words]


def _legend(ws: Whitespace, layout: _Layout) -> list[str]:
    lines = []
    if layout.status_codes:
        codes = [f"{code} = {status} ·" for status, code in STATUS_CODES.items()]
        lines += _wrapped("*Statuses:*", " ".join(codes).split(" ") + ["blank", "=", "not", "assessed"], indent="")
    if layout.offering_codes:
        lines += [""] + [line for i, o in enumerate(ws.offerings) for line in _wrapped(f"- **{_column_code(i)}:**", _words(o))]
    if layout.unit_codes:
        lines += [""] + [line for r, u in enumerate(ws.units) for line in _wrapped(f"- **{r + 1}:**", _words(u))]
    return lines


def _layout(ws: Whitespace) -> _Layout:
    """The least abbreviation whose table fits WIDTH (the last one splits the table if it must)."""
    long_units = any(_width(unit) > UNIT_MAX for unit in ws.units)
    for layout in (_Layout(), _Layout(status_codes=True)):
        if _fits(_table_lines(ws, layout, list(range(len(ws.offerings))), with_total=True)):
            return layout
    return _Layout(status_codes=True, offering_codes=True, unit_codes=long_units)


def markdown_lines(plan: Plan, internal: bool) -> list[str]:
    """The whitespace map section, as Markdown lines no wider than WIDTH (user text escaped).

    Internal edition only (it is sales intelligence): the customer edition
    gets no lines, nor does a map with no unit or no offering yet. The table abbreviates statuses, then offerings and long
    unit names, with a legend, when the words would make it too wide; a map
    too wide even then is split into tables that each repeat the units.
    Under it: the totals by status and each open opportunity with what pursues it.
    """
    ws = plan.whitespace
    if not internal or not ws.units or not ws.offerings:
        return []  # a map with no row or no column has nothing to show (and is optional)
    lines = ["## Whitespace map", ""]
    layout = _layout(ws)
    lines += _tables(ws, layout)
    legend = _legend(ws, layout)
    if legend:
        lines += [""] + legend
    lines += [""] + _status_lines(ws)
    opportunities = _opportunity_lines(plan)
    if opportunities:
        lines += ["", "### Open opportunities", ""] + opportunities
    return lines


def _status_lines(ws: Whitespace) -> list[str]:
    """'**Totals:** open 5 (900k) · in use 3 (1.2M) · …' — every status with cells, wrapped."""
    sums = totals(ws).by_status
    parts = []
    for status in (OPEN, "in use", "competitor", "not a fit", NOT_ASSESSED):
        total = sums[status]
        if total.count:
            worth = f" ({short_value(total.value)})" if total.value else ""
            parts.append(f"{status} {total.count}{worth}")
    return _wrapped("**Totals:**", " · ".join(parts).split(" "), indent="")


def _opportunity_lines(plan: Plan) -> list[str]:
    """Each open cell: where, its value, and the goal or strategy that pursues it (or none)."""
    labels = pursuers(plan)
    lines: list[str] = []
    for cell in open_cells(plan.whitespace):
        tokens = [*_words(cell.unit), "×", *_words(cell.offering)]
        if cell.value is not None:
            tokens.append(f"({short_value(cell.value)})")
        by = pursuer(plan, cell)
        tokens += ["—", "pursued", "by", *_words(labels[by])] if by else ["—", "*not", "pursued", "yet*"]
        lines += _wrapped("-", tokens)
    return lines
