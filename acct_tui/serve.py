"""``acct-tui serve``: the app in a web browser, for people without a terminal habit.

textual-serve runs a small web server; each browser visitor gets their own
app process (``python -m acct_tui.serve STORE``), drawn in the page. The store
has one writer at a time, so the first visitor edits and every other one,
while the first is there, gets a read-only view that says why
(``screens.read_only``) instead of the CLI's "open in another acct-tui" error,
which a browser would show as a page that never draws. A visitor who closes
the tab ends their process, which frees the store for the next.

The server listens on 127.0.0.1 unless told otherwise: anyone who can reach
the port can read and change the plans.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from textual.app import App

from acct_tui.app import make_app
from acct_tui.store import PlanStore, StoreError, StoreLocked

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(db_path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the app on ``host:port`` until ctrl+c (or SIGTERM); OSError if the port can't be had."""
    from textual_serve.server import Server

    class AcctServer(Server):
        async def on_startup(self, app: object) -> None:
            """Say where, in one line (textual-serve's banner shows the Python command instead)."""
            print(f"acct-tui: serving {db_path} at {self.public_url} — open it in a web browser; ctrl+c stops.",
                  flush=True)

    AcctServer(visitor_command(db_path), host=host, port=port, title="acct-tui").serve()


def visitor_command(db_path: Path) -> str:
    """The shell command textual-serve runs for each visitor (this Python, this store).

    ``-P``: ``-m`` would put the current folder first on the path, and served
    from a checkout of another version, its ``acct_tui`` would be run instead.
    """
    return shlex.join([sys.executable, "-P", "-m", "acct_tui.serve", str(db_path)])


class ReadOnlyApp(App[None]):
    """A window that can't have the store: why, and the plans read-only."""

    TITLE = "acct-tui"

    def __init__(self, store: PlanStore | None, reason: str) -> None:
        super().__init__()
        self.store = store
        self.reason = reason

    def on_mount(self) -> None:
        from screens.read_only import ReadOnlyScreen

        self.push_screen(ReadOnlyScreen(self.store, self.reason))

    def on_preview_screen_export_requested(self) -> None:
        """``e`` in a plan's preview: exporting is for the window that has the plans open."""
        self.notify("This window is read-only: export from the window that has the plans open.", markup=False)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def visitor_app(db_path: Path) -> App[None]:
    """One visitor's app: the editing app, or the read-only view if the store is held or broken."""
    try:
        return make_app(db_path)
    except StoreLocked as locked:
        reason = str(locked)
    except StoreError as error:  # damaged, unreadable: say so in the page, not on a stderr nobody sees
        return ReadOnlyApp(None, str(error))
    try:
        return ReadOnlyApp(PlanStore(db_path, readonly=True), reason)
    except StoreError as error:
        return ReadOnlyApp(None, str(error))


def main(argv: list[str]) -> int:
    """``python -m acct_tui.serve STORE``: run one visitor's app (textual-serve starts it)."""
    app = visitor_app(Path(argv[0]))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
