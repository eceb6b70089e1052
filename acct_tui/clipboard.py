"""Whether a copy to the clipboard through the terminal (OSC 52) can be claimed.

A terminal app copies by writing an escape sequence (OSC 52) and hoping:
nothing answers, so nothing tells us whether the copy happened. Many
terminals ignore the sequence (GNOME Terminal and other VTE terminals,
macOS Terminal, the Linux console), tmux passes it on only when told to,
and others drop one longer than their buffer. So the Export step sends it
only when both the text's size and the terminal make it likely to land,
and otherwise says where the file was written, never "copied".

One small rule, from the environment alone (and tmux's own setting), so
it is tested here rather than in a terminal.
"""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

OSC52_LIMIT = 74_000
"""The most base64 bytes we send in one OSC 52 sequence (about 55 kB of text).

Terminals that accept OSC 52 cap the sequence they take, and drop (or cut)
a longer one without a word: a common cap is near 75 kB, and a few are far
lower (a few kB: those are not on our "likely" list). 74,000 stays under the
common cap with room for the escape's own bytes. A large plan's Markdown
(about 75 kB, 100 kB as base64) is over it; the sample's (11 kB) is not.
"""

LIKELY_PROGRAMS = {"WezTerm", "vscode", "ghostty"}
"""``$TERM_PROGRAM`` values of terminals that accept OSC 52 writes by default."""
LIKELY_TERMS = ("xterm-kitty", "alacritty", "foot", "wezterm", "xterm-ghostty", "contour", "rio")
"""``$TERM`` prefixes of terminals that accept OSC 52 writes by default."""
LIKELY_VARIABLES = ("KITTY_WINDOW_ID", "WEZTERM_PANE", "WT_SESSION")
"""Variables set only inside kitty, WezTerm and Windows Terminal, which accept OSC 52."""


@dataclass(frozen=True)
class Clipboard:
    """The verdict: send the text (``likely``) or not, and why not, in words for the message."""

    likely: bool
    reason: str = ""


def terminal_support(env: Mapping[str, str], tmux_set_clipboard: str | None = None) -> Clipboard:
    """Whether the terminal we run in is likely to honour an OSC 52 write, from its environment.

    ``tmux_set_clipboard``: tmux's ``set-clipboard`` option (``tmux_option``),
    asked for only inside tmux. Unknown terminals count as unlikely: a copy
    we can't vouch for is never claimed.
    """
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if env.get("TMUX"):
        if tmux_set_clipboard == "on":
            return Clipboard(True)
        return Clipboard(False, "tmux passes clipboard requests on only with `set -g set-clipboard on`")
    if env.get("STY") or term.startswith("screen"):
        return Clipboard(False, "GNU screen does not pass clipboard requests on")
    if term in ("linux", "dumb", ""):
        return Clipboard(False, "this terminal has no clipboard to send to")
    if program == "Apple_Terminal":
        return Clipboard(False, "macOS Terminal ignores clipboard requests")
    if program in LIKELY_PROGRAMS or term.startswith(LIKELY_TERMS) or any(env.get(v) for v in LIKELY_VARIABLES):
        return Clipboard(True)
    if env.get("VTE_VERSION"):
        return Clipboard(False, "GNOME Terminal and other VTE terminals ignore clipboard requests")
    return Clipboard(False, "this terminal is not known to accept clipboard requests")


def osc52_verdict(text: str, env: Mapping[str, str], tmux_set_clipboard: str | None = None) -> Clipboard:
    """Whether to send ``text`` to the terminal's clipboard: it fits ``OSC52_LIMIT`` and the terminal is likely to take it."""
    size = len(base64.b64encode(text.encode("utf-8")))
    if size > OSC52_LIMIT:
        return Clipboard(False, f"it is too large for the terminal's clipboard ({size // 1000} kB sent, over {OSC52_LIMIT // 1000} kB)")
    return terminal_support(env, tmux_set_clipboard)


def tmux_option(env: Mapping[str, str]) -> str | None:
    """tmux's ``set-clipboard`` ("on", "external", "off") when we run inside tmux; None otherwise or if tmux won't say."""
    if not env.get("TMUX"):
        return None
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gv", "set-clipboard"], capture_output=True, text=True, timeout=2, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
