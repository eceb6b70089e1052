"""``python -m acct_tui``: the same as the ``acct-tui`` command."""

from acct_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
