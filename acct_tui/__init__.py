"""acct-tui: a keyboard-first terminal workbook for strategic account plans."""

__version__ = "0.1.0"
