"""The one rule for what a stored string may hold, its symbols, and the repair of old files."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from acct_tui.fields import FORMS, parse_field
from acct_tui.model import Goal, Plan, ValidationError, Vision
from acct_tui.plan_json import plan_to_dict
from acct_tui.store import PlanStore
from acct_tui.text import describe, first_unsafe, repair_notice, repair_strings, text_problem, visible
from hostile import HOSTILE, write_store

REFUSED = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))] + ["\ud800", "\udfff"]
"""Every character a field may not hold: C0 but tab and newline, DEL, C1, lone surrogates."""

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=60) | st.lists(
    st.sampled_from([*REFUSED, "\t", "\n", "a", "␛", "\ufffd", "😀"]), max_size=20
).map("".join)


# --- text_problem: the rule ---


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Win\x1b[31m", "Goal holds a control character (ESC, shown as ␛); remove it."),
        ("a\rb", "Goal holds a control character (CR, shown as ␍); remove it."),
        ("\x00", "Goal holds a control character (NUL, shown as ␀); remove it."),
        ("x\x7f", "Goal holds a control character (DEL, shown as ␡); remove it."),
        ("\x9b31m", "Goal holds a control character (U+009B CSI, shown as \ufffd); remove it."),
        ("\x9d0;t\x9c", "Goal holds a control character (U+009D OSC, shown as \ufffd); remove it."),
        ("Sur\ud800", "Goal holds a broken character (a lone UTF-16 surrogate, shown as \ufffd); remove it."),
    ],
)
def test_a_refused_character_is_named_with_its_symbol(text: str, message: str) -> None:
    assert text_problem("Goal", text) == message


@pytest.mark.parametrize("text", ["", "tab\there", "two\nlines", "␛ and \ufffd", "😀 שלום \u200f \u00a0", "\x20\xa0"])
def test_text_a_person_types_is_fine(text: str) -> None:
    assert text_problem("Goal", text) is None


@given(any_text)
def test_text_is_refused_exactly_when_it_shows_differently(text: str) -> None:
    assert (text_problem("Notes", text) is None) == (visible(text) == text) == (first_unsafe(text) is None)


def test_every_refused_character_has_a_name() -> None:
    names = {describe(char) for char in REFUSED}
    assert {"ESC", "BEL", "DEL", "U+0085 NEL", "U+009C ST", "a lone UTF-16 surrogate"} <= names
    assert all(first_unsafe(char) == char for char in REFUSED)


# --- visible: how a refused character is drawn ---


def test_controls_are_drawn_as_their_pictures() -> None:
    assert visible("\x1b]0;T\x07\x00\x7f\r\t\n") == "␛]0;T␇␀␡␍\t\n"
    assert visible("\x9b\x85\ud800") == "\ufffd" * 3


@given(any_text)
def test_visible_keeps_length_and_one_cell_per_symbol(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    assert first_unsafe(shown) is None
    assert visible(shown) == shown
    for before, after in zip(text, shown):
        assert after == before if first_unsafe(before) is None else cell_len(after) == 1


# --- repair_strings: a file that already holds them ---


def test_repair_shows_every_string_and_says_where() -> None:
    data = {"name": "A\x1b[2J", "goals": [{"title": "ok", "id": "g1"}, {"title": "\x07\x07", "id": "g2"}], "n": 5}
    original = copy.deepcopy(data)
    repaired, where = repair_strings(data)
    assert repaired == {"name": "A␛[2J", "goals": [{"title": "ok", "id": "g1"}, {"title": "␇␇", "id": "g2"}], "n": 5}
    assert where == {"name": 1, "goals[1].title": 2}
    assert data == original, "the data read from the file is never changed"
    assert repaired["goals"][0] is data["goals"][0], "only what needed repair is copied"


def test_clean_data_comes_back_as_it_is() -> None:
    data = {"name": "Acme", "goals": [{"title": "Grow\ttwice\n"}]}
    assert repair_strings(data) == (data, {})
    assert repair_strings(data)[0] is data


def test_deep_nesting_is_repaired_without_recursion() -> None:
    data: list = ["\x1b"]
    for _ in range(50_000):
        data = [data]
    repaired, where = repair_strings(data)
    assert list(where.values()) == [1]
    assert next(iter(where)).startswith("[0][0]")


def test_the_notice_counts_and_names_the_first_place() -> None:
    assert repair_notice("Acme", {"goals[0].title": 2, "name": 1}) == (
        "Acme held 3 control characters (e.g. in goals[0].title); they are shown as symbols "
        "such as ␛ and will be saved that way."
    )
    assert "held 1 control character (e.g. in name)" in repair_notice("Acme", {"name": 1})


# --- the model and the forms use it ---


def test_the_model_refuses_a_control_character_in_any_field() -> None:
    with pytest.raises(ValidationError, match=r"^Goal holds a control character \(ESC, shown as ␛\); remove it\.$"):
        Goal(title="Win\x1b]0;PWNED\x07")
    with pytest.raises(ValidationError, match="Why holds a control character"):
        Vision(why="ok\nthen\x9b")
    with pytest.raises(ValidationError, match="broken character"):
        Plan(name="Sur\ud800rogate")


def test_a_form_field_gives_the_same_message() -> None:
    title = next(spec for spec in FORMS[Goal] if spec.name == "title")
    with pytest.raises(ValidationError, match="Goal holds a control character"):
        parse_field(title, "Win\x1b")


# --- the store opens an old or hand-edited file, showing the characters as symbols ---


@pytest.mark.parametrize("readonly", [False, True], ids=["writer", "readonly"])
def test_a_store_file_holding_controls_opens_with_a_notice_and_is_left_as_it_is(
    tmp_path: Path, readonly: bool
) -> None:
    db = tmp_path / "plans.json"
    evil = {**plan_to_dict(Plan(name="Acme", goals=(Goal(title="G", id="g1"),), id="evil")), "name": "Evil\x1b[2J"}
    evil["goals"][0]["title"] = HOSTILE
    clean = plan_to_dict(Plan(name="Fine", id="fine"))
    content = write_store(db, evil, clean)
    with PlanStore(db, readonly=readonly) as store:
        plan = store.get("evil")
        assert plan.name == "Evil␛[2J" and plan.goals[0].title == visible(HOSTILE)
        assert [notice for notice in store.notices if "moved from the one file" not in notice] == [
            f"Evil␛[2J held {1 + sum(map(bool, map(first_unsafe, HOSTILE)))} control characters (e.g. in name); they are shown "
            "as symbols such as ␛ and will be saved that way."
        ]
        assert store.get("fine").name == "Fine"
    assert db.read_bytes() == content


def test_once_saved_the_plan_holds_the_symbols_and_the_notice_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, {**plan_to_dict(Plan(name="Acme", id="evil")), "industry": "Health\x07"})
    with PlanStore(db) as store:
        store.save(store.get("evil"))
        plan_file = store.plan_path("evil")
    assert json.loads(plan_file.read_text(encoding="utf-8"))["plan"]["1"]["industry"] == "Health␇"
    with PlanStore(db) as store:
        assert store.notices == []
        assert store.get("evil").industry == "Health␇"


@settings(max_examples=60, deadline=None)
@given(any_text)
def test_any_text_a_file_holds_becomes_text_the_model_takes(text: str) -> None:
    """Whatever a string field of a file holds, the plan opens and holds only safe text."""
    data = plan_to_dict(Plan(name="Acme", vision=Vision("x"), id="p"))
    data["vision"]["why"] = text
    repaired, where = repair_strings(data)
    assert repaired["vision"]["why"] == visible(text)
    assert bool(where) == (first_unsafe(text) is not None)
    assert Vision(**repaired["vision"]).why == visible(text)


def test_a_control_character_that_python_strips_is_still_named() -> None:
    """U+0085 (NEL) is white space to str.strip(): the message must name it, not say "empty"."""
    from acct_tui.model import ValidationError, check_text

    with pytest.raises(ValidationError, match="U\\+0085 NEL"):
        check_text("Account name", "\x85", required=True)
