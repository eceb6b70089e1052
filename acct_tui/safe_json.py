"""The one JSON reader for plan data: every bad input becomes one sentence, never a traceback.

The store's file and ``acct-tui import`` both come through here. Python's
``json`` module accepts things a plan file must not hold, or fails on them
with an exception that is no message for a user:

- nesting thousands deep raises ``RecursionError``, so depth is measured
  first, on a skeleton of the brackets, before anything is parsed;
- a key written twice silently keeps the last value (a store repeating the
  record key ``"1"`` lost a plan on the next save), so repeats are refused
  with the key and where it is;
- a 5,000-digit integer raises ``ValueError`` (Python's int-size limit) and a
  400-digit one later overflows ``float``, so long integers are refused;
- ``NaN``, ``Infinity`` and ``1e400`` are not numbers a plan can hold.

Messages start with "it" or "the file" and name no file: the caller puts the
file's name in front (``Can't open the plan store X: ...``,
``acct-tui: can't import X: ...``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of objects and lists accepted; a plan store needs about 11."""

MAX_INT_DIGITS = 20
"""Longest integer literal accepted; plan numbers stop at 16 digits (see model.NUMBER_MAX)."""

_STRING = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*(?:"|\\?\Z)')
"""A JSON string, or an unterminated one running to the end (so a failed match never rescans)."""

_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class JSONInputError(ValueError):
    """JSON that the plan reader refuses; ``str()`` says why in one sentence."""


def load_json(content: bytes | str) -> Any:
    """Parse ``content`` (UTF-8, a BOM allowed) or raise JSONInputError saying what is wrong."""
    text = _decode(content) if isinstance(content, bytes) else content
    size = len(content)
    if not text.strip():
        if not size:
            raise JSONInputError("the file is empty (0 bytes)")
        raise JSONInputError(f"the file holds only white space ({size:,} bytes)")
    _check_depth(text)
    repeats: list[tuple[str, dict[str, Any]]] = []

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)
        if len(made) != len(pairs):
            repeats.append((_first_repeat(key for key, _ in pairs), made))
        return made

    try:
        data = json.loads(
            text,
            object_pairs_hook=make_object,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        raise JSONInputError(_describe(error, size)) from None
    for key, where in repeats:  # an object inside a value a repeat dropped is in no place
        path = _path_to(data, where, "")
        if path is not None:
            place = f"in {path.removeprefix('.')}" if path else "at the top level"
            raise JSONInputError(f"it names the key {_shown(key)} twice {place}")
    return data


def _first_repeat(keys: Iterable[str]) -> str:
    """The first key seen twice (the caller knows there is one)."""
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            return key
        seen.add(key)
    raise ValueError("no key repeats")


def _decode(content: bytes) -> str:
    bom = b"\xef\xbb\xbf"
    body = content.removeprefix(bom)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(content) - len(body)
        raise JSONInputError(f"it is not UTF-8 text (bad byte at offset {offset})") from None


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, measured without parsing (so without recursion).

    The skeleton is the brackets outside strings; the depth at any point is
    the openers so far minus the closers. For broken JSON that overstates
    how deep the parser would go before it stops, which errs the safe way.
    """
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if max(accumulate(map(_STEP.__getitem__, skeleton)), default=0) > MAX_DEPTH:
        raise JSONInputError(f"it is nested deeper than {MAX_DEPTH} levels")


def _parse_int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise JSONInputError(
            f"it holds a {digits:,}-digit number ({literal[:12]}…); "
            f"a number may have at most {MAX_INT_DIGITS} digits"
        )
    return int(literal)


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        shown = literal if len(literal) <= 24 else literal[:20] + "…"
        raise JSONInputError(f"it holds a number too large to store ({shown})")
    return value


def _refuse_constant(name: str) -> Any:
    raise JSONInputError(f"it holds {name}, which is not a number JSON allows")


def _describe(error: json.JSONDecodeError, size: int) -> str:
    """A truncated file fails at its end, or inside a string that runs to the end."""
    if not error.doc[error.pos :].strip() or error.msg.startswith("Unterminated string"):
        return f"it ends in the middle of the JSON (truncated after {size} bytes)"
    return f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"


def _shown(key: str) -> str:
    """A key as JSON writes it (ASCII, escapes visible), cut short if long."""
    text = json.dumps(key)
    return text if len(text) <= 42 else text[:40] + '…"'


def _path_to(node: Any, target: dict[str, Any], path: str) -> str | None:
    """Where ``target`` sits below ``node``, e.g. ``.plans["1"].goals[0]``; None if nowhere."""
    if node is target:
        return path
    if isinstance(node, dict):
        items = ((f".{k}" if _IDENTIFIER.fullmatch(k) else f"[{_shown(k)}]", v) for k, v in node.items())
    elif isinstance(node, list):
        items = ((f"[{i}]", v) for i, v in enumerate(node))
    else:
        return None
    for step, child in items:
        found = _path_to(child, target, path + step)
        if found is not None:
            return found
    return None
