"""What a stored string may hold, and how to show one that holds more.

A terminal acts on some characters instead of showing them: ESC starts a
sequence that can set the window title, the clipboard (OSC 52), a hyperlink
or the colours; C1 controls (U+0080–U+009F) do the same on terminals that
read them; BEL, BS, CR and the other C0 controls beep or move the cursor.
Plans come from other people, so no field of a plan may hold one:
``text_problem`` is the one rule, and ``model.check_text`` applies it to
every field. Lone UTF-16 surrogates are refused too: no file or terminal
can hold them. Tab and newline are text and stay.

Text that never went through the model can still hold them: a store file
written by hand or by an older acct-tui (``repair_strings`` makes its strings
safe as it is opened) and a paste into a field that is not yet saved (the
input widgets draw it through ``visible``).
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 controls except tab and newline, DEL, C1 controls, lone surrogates."""

_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
).split()

PLACEHOLDER = "\ufffd"
"""What a C1 control or a lone surrogate is shown as (they have no picture)."""

_SYMBOLS: dict[int, int] = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"},  # ESC → ␛
    0x7F: 0x2421,  # ␡
    **{code: ord(PLACEHOLDER) for code in range(0x80, 0xA0)},
    **{code: ord(PLACEHOLDER) for code in range(0xD800, 0xE000)},
}
"""Each refused character and the one-cell symbol that shows it (U+2400 "Control Pictures")."""


def visible(text: str) -> str:
    """``text`` with every refused character replaced by a visible one-cell symbol.

    Same length as ``text``, so a cursor position or a selection in the
    original stays right in what is drawn.
    """
    return text.translate(_SYMBOLS) if _UNSAFE.search(text) else text  # the search is the fast path


def describe(char: str) -> str:
    """A refused character in words: "ESC", "U+009B CSI", "a lone UTF-16 surrogate"."""
    code = ord(char)
    if code < 0x20:
        return _C0_NAMES[code]
    if code == 0x7F:
        return "DEL"
    if 0x80 <= code < 0xA0:
        return f"U+{code:04X} {_C1_NAMES[code - 0x80]}"
    return "a lone UTF-16 surrogate"


def first_unsafe(text: str) -> str | None:
    """The first character of ``text`` a field may not hold, or None."""
    match = _UNSAFE.search(text)
    return match.group() if match else None


def text_problem(label: str, text: str) -> str | None:
    """The one-line message for text a field may not hold, or None if it is fine.

    Names the field and the first refused character, and how it is drawn, so
    the user can find it: "Goal holds a control character (ESC, shown as ␛);
    remove it."
    """
    char = first_unsafe(text)
    if char is None:
        return None
    kind = "broken" if 0xD800 <= ord(char) < 0xE000 else "control"
    return f"{label} holds a {kind} character ({describe(char)}, shown as {visible(char)}); remove it."


def repair_strings(data: Any) -> tuple[Any, dict[str, int]]:
    """JSON data with every string made ``visible``, and what was repaired.

    Returns the data (the same object if nothing needed repair, else a copy:
    ``data`` itself is never changed) and {path: refused characters in that
    string}, in document order, with paths as the import names them
    (``goals[0].title``). Walks without recursion, so deep nesting can't
    overflow the stack.
    """
    found: list[tuple[tuple[Any, ...], int]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        keys, value = stack.pop()
        if isinstance(value, str):
            count = len(_UNSAFE.findall(value))
            if count:
                found.append((keys, count))
        elif isinstance(value, dict):
            stack.extend((keys + (key,), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((keys + (index,), item) for index, item in reversed(list(enumerate(value))))
    if not found:
        return data, {}
    if found[0][0] == ():
        return visible(data), {"": found[0][1]}
    result = _shallow_copy(data)
    copied = {id(result)}
    for keys, _ in found:
        node = result
        for key in keys[:-1]:
            if id(node[key]) not in copied:
                node[key] = _shallow_copy(node[key])
                copied.add(id(node[key]))
            node = node[key]
        node[keys[-1]] = visible(node[keys[-1]])
    return result, {_path(keys): count for keys, count in found}


def _shallow_copy(container: Any) -> Any:
    return dict(container) if isinstance(container, dict) else list(container)


def _path(keys: tuple[Any, ...]) -> str:
    """("goals", 0, "title") -> "goals[0].title" (keys made visible: they are shown)."""
    parts = (f"[{key}]" if isinstance(key, int) else f".{visible(str(key))}" for key in keys)
    return "".join(parts).removeprefix(".")


def repair_notice(name: str, repaired: dict[str, int]) -> str:
    """The one-time message for a plan whose file held refused characters.

    ``name`` is the account's name as shown (already repaired).
    """
    count = sum(repaired.values())
    where = next(iter(repaired))
    characters = "character" if count == 1 else "characters"
    return (
        f"{name} held {count} control {characters} (e.g. in {where}); they are shown "
        "as symbols such as ␛ and will be saved that way."
    )
