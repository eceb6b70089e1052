"""Shared fixtures. Keep this small: put fixtures used by one file in that file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point $ACCT_TUI_DB at a temp file so no test can touch the user's real plans."""
    folder = tmp_path_factory.mktemp("default-store")
    monkeypatch.setenv("ACCT_TUI_DB", str(folder / "plans.json"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A plan store path that does not exist yet, in a fresh temp folder."""
    return tmp_path / "store" / "plans.json"
