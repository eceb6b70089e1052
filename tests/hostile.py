"""Terminal escape sequences in every text field of a plan, written as a hand-edited store file.

The sequences are the ones a hostile plan was seen to use: OSC 52 set the
clipboard to ``rm -rf ~`` and a newline, OSC 0 set the window title, OSC 8
made a hyperlink, SGR recoloured text; plus CSI, DCS and charset switches,
their C1 forms, bare C0 controls, DEL and a lone surrogate; and a tab, which
a field may hold but no widget may write as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from acct_tui.plan_json import plan_to_dict
from acct_tui.text import visible
from plan_fields import FIELDS, MULTI_LINE_FIELDS, PLACEHOLDER, build_plan, placeholder

PAYLOADS = {
    "tab": "\tTAB",  # allowed, but a widget that writes it as it is moves the cursor (first: not cropped)
    "clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07",  # base64 of "rm -rf ~\n"
    "title": "\x1b]0;PWNED\x07",
    "hyperlink": "\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\",
    "colour": "\x1b[38;5;199;4;53mPINK\x1b[0m",
    "clear": "\x1b[2J\x1b[3J",
    "dcs": '\x1bP$q"p\x1b\\',
    "charset": "\x1b(0lqk\x1b(B\x0e",
    "c1": "\x9b38;5;46mC1\x9d2;C1TITLE\x9c",
    "bare": "\x07\x08\x00\x7f\r\x0b\x0c",
    "surrogate": "\ud800",
}
HOSTILE = "".join(PAYLOADS.values())

MUST_NOT_REACH = (
    "\x1b]52",
    "\x1b]0;",
    "\x1b]8;",
    "\x1b[38;5;199;4;53m",
    "\x1b[2J",
    "\x1b[3J",
    "\x1bP",
    "\x1b(",
    "PWNED\x07",
)
"""Fragments of the payloads that would act on the terminal if written as they are."""

_TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;]*[mH]|\x1b\]22;[a-z-]+\x07")
"""What Textual itself writes here: SGR colours, cursor moves, the pointer shape (OSC 22)."""

_ACTS_ON_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def hostile_text(field: str) -> str:
    """A field's text: its name, then every payload (twice, on two lines, if it may span lines)."""
    text = f"{field} {HOSTILE}"
    return f"{text}\n{HOSTILE}" if field in MULTI_LINE_FIELDS else text


def hostile_plan_data() -> dict[str, Any]:
    """The plan as a hand-edited file holds it: every text field hostile."""

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, str) and PLACEHOLDER.fullmatch(value):
            return hostile_text(FIELDS[int(value[2:-2])])
        return value

    return fill(plan_to_dict(build_plan(lambda name: placeholder(FIELDS.index(name)))))


def write_store(path: Path, *plans: dict[str, Any]) -> bytes:
    """A store file written by hand: JSON escapes for C0 and the surrogate, C1 and DEL raw."""
    table = {str(number): plan for number, plan in enumerate(plans, start=1)}
    text = json.dumps({"_meta": {"1": {"schema": 1}}, "plans": table}, indent=2, ensure_ascii=False)
    content = text.encode("utf-8", "backslashreplace")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)
    return content


def leaks(output: str) -> list[str]:
    """What in the app's raw output did not come from Textual: each a short repr, [] if clean."""
    found = [repr(fragment) for fragment in MUST_NOT_REACH if fragment in output]
    rest = _TEXTUAL_OWN.sub("", output)
    found += [repr(rest[max(0, m.start() - 20) : m.end() + 20]) for m in _ACTS_ON_TERMINAL.finditer(rest)]
    return found


SHOWN = visible(PAYLOADS["title"])
"""How the title payload looks once made visible: ␛]0;PWNED␇."""
