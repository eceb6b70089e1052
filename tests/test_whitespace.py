"""The whitespace map's domain: edits, totals, the Markdown table (80 columns) and the coach."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acct_tui import whitespace as ws_
from acct_tui.coach import check_plan
from acct_tui.edit import remove_node
from acct_tui.markdown import render_plan_markdown
from acct_tui.model import WHITESPACE_STATUSES, Plan, ValidationError, Whitespace, WhitespaceCell
from acct_tui.sample import sample_plan

TODAY = date(2026, 11, 22)
UNITS = ("Riverside", "Lakeside", "Harbor View", "St. Mary's")
OFFERINGS = ("Scheduling", "Engage", "Reminders", "Analytics", "Telehealth")


def four_by_five() -> Whitespace:
    """The 4×5 map of the issue: every cell assessed, with values up to millions."""
    ws = Whitespace(UNITS, OFFERINGS)
    for r, unit in enumerate(UNITS):
        for c, offering in enumerate(OFFERINGS):
            status = WHITESPACE_STATUSES[(r + c) % 4]
            ws = ws_.set_cell(ws, unit, offering, status=status, value=(r + 1) * 123_456.0 * 10**c)
    return ws


def on_sample(ws: Whitespace) -> Plan:
    return replace(sample_plan(today=TODAY), whitespace=ws)


# --- edits -------------------------------------------------------------------------


def test_renaming_a_unit_or_offering_renames_its_cells() -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Engage", status="open", value=95_000)
    renamed = ws_.rename(ws_.rename(ws, "unit", "Lakeside", "Lakeside Hospital"), "offering", "Engage", "Brightline")
    assert renamed.units[1] == "Lakeside Hospital" and renamed.offerings[1] == "Brightline"
    assert renamed.cell("Lakeside Hospital", "Brightline") == WhitespaceCell("Lakeside Hospital", "Brightline", "open", 95_000)


def test_removing_a_unit_or_offering_drops_its_cells_only() -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Engage", value=1)
    ws = ws_.set_cell(ws, "Riverside", "Engage", value=2)
    assert [c.unit for c in ws_.remove(ws, "unit", "Lakeside").cells] == ["Riverside"]
    assert ws_.remove(ws, "offering", "Engage").cells == ()


def test_adding_a_name_twice_is_refused_by_the_model() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        ws_.add(Whitespace(UNITS), "unit", "riverside ")


def test_moving_keeps_within_the_list() -> None:
    ws = Whitespace(UNITS)
    assert ws_.move(ws, "unit", "Riverside", 1).units[:2] == ("Lakeside", "Riverside")
    assert ws_.move(ws, "unit", "Riverside", -1).units == UNITS
    assert ws_.move(ws, "unit", "St. Mary's", 9).units == UNITS


def test_a_new_cell_is_open_and_fields_not_given_stay() -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Riverside", "Engage", value=5)
    assert ws.cell("Riverside", "Engage") == WhitespaceCell("Riverside", "Engage", "open", 5)
    ws = ws_.set_cell(ws, "Riverside", "Engage", status="in use")
    assert ws.cell("Riverside", "Engage") == WhitespaceCell("Riverside", "Engage", "in use", 5)
    assert ws_.clear_cell(ws, "Riverside", "Engage").cell("Riverside", "Engage") is None


def test_space_cycles_through_every_status_and_keeps_the_value() -> None:
    ws = Whitespace(UNITS, OFFERINGS)
    seen = []
    for _ in range(5):
        ws = ws_.cycle_status(ws, "Riverside", "Engage")
        seen.append(ws.cell("Riverside", "Engage").status)
    assert seen == [*WHITESPACE_STATUSES, WHITESPACE_STATUSES[0]]


def test_cell_ids_round_trip_and_other_ids_are_not_cells() -> None:
    assert ws_.parse_cell_id(ws_.cell_id("A | b", "C")) == ("A | b", "C")
    assert ws_.parse_cell_id("s-expand-sites") is None


# --- totals ------------------------------------------------------------------------


def test_totals_add_open_value_by_row_and_column_and_everything_by_status() -> None:
    ws = Whitespace(UNITS, OFFERINGS)
    ws = ws_.set_cell(ws, "Riverside", "Scheduling", status="in use", value=240_000)
    ws = ws_.set_cell(ws, "Lakeside", "Scheduling", status="open", value=180_000)
    ws = ws_.set_cell(ws, "Lakeside", "Engage", status="open", value=95_000)
    ws = ws_.set_cell(ws, "Harbor View", "Engage", status="open")
    totals = ws_.totals(ws)
    assert totals.by_unit == {"Riverside": 0, "Lakeside": 275_000, "Harbor View": 0, "St. Mary's": 0}
    assert totals.by_offering["Scheduling"] == 180_000 and totals.by_offering["Engage"] == 95_000
    assert totals.by_status["open"] == ws_.StatusTotal(3, 275_000)
    assert totals.by_status["in use"] == ws_.StatusTotal(1, 240_000)
    assert totals.by_status["not assessed"].count == 16
    assert totals.open_value == 275_000


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (0, "0"), (950, "950"), (12_500, "12.5k"), (180_000, "180k"), (999_999, "1000k"),
     (1_250_000, "1.2M"), (-3e9, "-3B"), (1e15, "1000T"), (0.25, "0.2")],
)
def test_short_values_fit_six_characters(value: float | None, text: str) -> None:
    assert ws_.short_value(value) == text
    assert len(text) <= 6


# --- Markdown ----------------------------------------------------------------------


class _Tables(HTMLParser):
    """Each table's rows, each row its cells' text, from cmark-gfm's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(markdown: str) -> list[list[list[str]]]:
    html = cmarkgfm.markdown_to_html_with_extensions(markdown, extensions=["table"])
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def section(ws: Whitespace) -> str:
    return "\n".join(ws_.markdown_lines(on_sample(ws), internal=True)) + "\n"


def test_a_four_by_five_map_is_one_table_in_80_columns() -> None:
    text = section(four_by_five())
    assert all(len(line) <= 80 for line in text.splitlines()), text
    [table] = tables_of(text)
    assert len(table) == 1 + 4 + 1  # header, the units, the open totals
    assert all(len(row) == 1 + 5 + 1 for row in table)  # unit, the offerings, the row's open total
    assert table[0][0] == "Unit" and table[-1][0] == "Open"


LONG_UNITS = (
    "Lakeside Community Hospital of the Northern Valley",
    "Riverside Medical Center and Outpatient Clinics",
    "Harbor View",
    "St. Mary's Children's Hospital, Pediatric Surgery Wing",
)
LONG_OFFERINGS = (
    "Brightline Engage patient messaging suite",
    "Scheduling and capacity management platform",
    "Two-way reminders",
    "Patient experience analytics with benchmarks",
    "Telehealth visits",
)


def test_long_names_are_abbreviated_with_a_legend_and_still_fit() -> None:
    ws = Whitespace(LONG_UNITS, LONG_OFFERINGS)
    ws = ws_.set_cell(ws, LONG_UNITS[0], LONG_OFFERINGS[1], status="competitor", value=1_250_000)
    ws = ws_.set_cell(ws, LONG_UNITS[1], LONG_OFFERINGS[4], status="open", value=95_000)
    text = section(ws)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    [table] = tables_of(text)
    assert [row[0] for row in table] == ["Unit", "1", "2", "3", "4", "Open"]
    assert table[0][1:] == ["A", "B", "C", "D", "E", "Open"]
    assert table[1][2] == "C 1.2M" and table[2][5] == "O 95k"
    assert "U = in use · O = open · C = competitor · X = not a fit" in text
    html = cmarkgfm.markdown_to_html_with_extensions(text, extensions=["table"])
    for name in (*LONG_UNITS, *LONG_OFFERINGS):  # the legend gives every name back (a soft break reads as a space)
        assert name.replace("'", "&#x27;") in html.replace("\n", " ").replace("'", "&#x27;")


def test_a_map_too_wide_even_abbreviated_is_split_and_every_table_repeats_the_units() -> None:
    offerings = tuple(f"Offering number {n}" for n in range(30))
    ws = Whitespace(UNITS, offerings, tuple(WhitespaceCell(u, o, "open", 999_000) for u in UNITS for o in offerings))
    text = section(ws)
    assert all(len(line) <= 80 for line in text.splitlines())
    tables = tables_of(text)
    assert len(tables) > 1
    assert sum(len(t[0]) - 1 for t in tables) == 30 + 1  # every offering once, and one row total
    assert all([row[0] for row in t] == ["Unit", *UNITS, "Open"] for t in tables)


def test_user_text_comes_out_literal_and_adds_no_structure() -> None:
    nasty = ("| pipe", "# Win", "<b>bold</b>", "[link](x)", "- item")
    ws = Whitespace(nasty[:3], nasty[3:])
    ws = ws_.set_cell(ws, "| pipe", "- item", status="open", value=10)
    text = section(ws)
    [table] = tables_of(text)
    assert [row[0] for row in table[1:4]] == list(nasty[:3])
    assert table[0][1:3] == list(nasty[3:])
    assert all(len(row) == 4 for row in table)
    assert "<b>" not in cmarkgfm.markdown_to_html_with_extensions(text, extensions=["table"])


def test_open_opportunities_name_what_pursues_them() -> None:
    ws = Whitespace(UNITS, OFFERINGS)
    ws = ws_.set_cell(ws, "Lakeside", "Scheduling", value=180_000, pursued_by_id="s-expand-sites")
    ws = ws_.set_cell(ws, "Lakeside", "Engage", value=95_000)
    text = section(ws)
    assert "- Lakeside × Scheduling (180k) — pursued by Strategy 1\\.2: Extend scheduling" in text
    assert "- Lakeside × Engage (95k) — *not pursued yet*" in text


def test_the_map_is_in_the_internal_export_before_the_vision_and_never_in_the_customers() -> None:
    plan = on_sample(four_by_five())
    internal = render_plan_markdown(plan, today=TODAY)
    assert internal.index("## Analysis") < internal.index("## Whitespace map") < internal.index("## Vision")
    assert "Whitespace" not in render_plan_markdown(plan, audience="customer", today=TODAY)
    assert "Whitespace map" not in render_plan_markdown(on_sample(Whitespace(UNITS)), today=TODAY), "no columns yet"


# --- the coach ---------------------------------------------------------------------


def codes(plan: Plan) -> list[str]:
    return [f.code for f in check_plan(plan, TODAY)]


def test_an_empty_map_or_one_with_nothing_open_flags_no_strategy() -> None:
    assert codes(on_sample(Whitespace())) == []
    in_use = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Riverside", "Scheduling", status="in use", value=1)
    assert codes(on_sample(in_use)) == []


def test_an_open_cell_flags_itself_and_every_strategy_with_no_opportunity_behind_it() -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Scheduling", value=180_000)
    findings = check_plan(on_sample(ws), TODAY)
    [cell] = [f for f in findings if f.code == "opportunity-unpursued"]
    assert (cell.step, cell.node_id) == ("whitespace", ws_.cell_id("Lakeside", "Scheduling"))
    assert cell.message.startswith('Open opportunity "Lakeside" × "Scheduling" (180k): no goal or strategy')
    assert len([f for f in findings if f.code == "strategy-no-opportunity"]) == 9  # the sample's strategies
    pursued = ws_.set_cell(ws, "Lakeside", "Scheduling", pursued_by_id="s-expand-sites")
    assert codes(on_sample(pursued)) == ["strategy-no-opportunity"] * 8
    by_goal = ws_.set_cell(ws, "Lakeside", "Scheduling", pursued_by_id="g-revenue")  # backs the goal's strategies
    assert codes(on_sample(by_goal)) == ["strategy-no-opportunity"] * 7


def test_a_link_to_something_gone_counts_as_not_pursued() -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Scheduling", pursued_by_id="s-gone")
    [cell] = [f for f in check_plan(on_sample(ws), TODAY) if f.code == "opportunity-unpursued"]
    assert "linked to is gone" in cell.message
    linked = on_sample(ws_.set_cell(ws, "Lakeside", "Scheduling", pursued_by_id="s-expand-sites"))
    assert "opportunity-unpursued" in codes(remove_node(linked, "s-expand-sites"))


# --- properties -------------------------------------------------------------------

NAMES = ["North", "South", "East", "West", "HQ", "Lab", "Plant 2", "Site | 3"]
names = st.sampled_from(NAMES)
ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "rename", "remove", "move", "set", "clear", "cycle"]),
        st.sampled_from(["unit", "offering"]),
        names,
        names,
        st.sampled_from(WHITESPACE_STATUSES),
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)),
    ),
    max_size=25,
)


def apply(ws: Whitespace, op: tuple) -> Whitespace:
    """One edit as the grid makes it; an edit the model refuses leaves the map as it was."""
    kind, axis, a, b, status, value = op
    listed = ws_.names(ws, axis)
    try:
        if kind == "add":
            return ws_.add(ws, axis, a)
        if kind in ("rename", "remove", "move") and listed:
            old = listed[NAMES.index(a) % len(listed)]
            if kind == "rename":
                return ws_.rename(ws, axis, old, b)
            return ws_.remove(ws, axis, old) if kind == "remove" else ws_.move(ws, axis, old, 1)
        if ws.units and ws.offerings:
            unit, offering = ws.units[NAMES.index(a) % len(ws.units)], ws.offerings[NAMES.index(b) % len(ws.offerings)]
            if kind == "set":
                return ws_.set_cell(ws, unit, offering, status=status, value=value)
            if kind == "clear":
                return ws_.clear_cell(ws, unit, offering)
            if kind == "cycle":
                return ws_.cycle_status(ws, unit, offering)
    except ValidationError:
        pass
    return ws


@settings(max_examples=200, deadline=None)
@given(ops)
def test_any_edits_keep_the_map_valid_and_its_totals_consistent(steps: list[tuple]) -> None:
    ws = Whitespace()
    for op in steps:
        ws = apply(ws, op)
        assert Whitespace(ws.units, ws.offerings, ws.cells) == ws  # every cell names a listed row and column
        totals = ws_.totals(ws)
        assert sum(totals.by_unit.values()) == pytest.approx(totals.open_value)
        assert sum(totals.by_offering.values()) == pytest.approx(totals.open_value)
        assert sum(t.count for t in totals.by_status.values()) == len(ws.units) * len(ws.offerings)
        lines = ws_.markdown_lines(on_sample(ws), internal=True)
        assert all(len(line) <= 80 for line in lines)


# --- the store -------------------------------------------------------------------


def test_a_saved_map_opens_again(tmp_path) -> None:
    """Cells are named by unit × offering, not by id: the store must not ask them for one."""
    from acct_tui.store import PlanStore

    plan = on_sample(four_by_five())
    with PlanStore(tmp_path / "plans") as store:
        store.save(plan)
    with PlanStore(tmp_path / "plans", readonly=True) as store:
        assert store.notices == []
        assert store.get(plan.id).whitespace == plan.whitespace


def test_the_step_is_empty_until_the_map_has_a_unit_or_offering_then_follows_the_coach() -> None:
    from acct_tui.steps import step_states

    assert step_states(on_sample(Whitespace()))["whitespace"] == "empty"
    assert step_states(on_sample(Whitespace(UNITS)))["whitespace"] == "complete"
    open_cell = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Engage")
    assert step_states(on_sample(open_cell))["whitespace"] == "started"


def test_a_name_with_doubled_or_edge_spaces_comes_back_exactly() -> None:
    ws = ws_.set_cell(Whitespace(("North  Wing", " East"), OFFERINGS), "North  Wing", "Engage", value=5)
    html = cmarkgfm.markdown_to_html_with_extensions(section(ws), extensions=["table"])
    assert "<li>North  Wing × Engage (5)" in html
    assert "<td> East</td>" in html
