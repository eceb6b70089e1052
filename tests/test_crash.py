"""Kill a saving process with SIGKILL at random moments: the store must survive every time."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acct_tui.onefile import PlanStore, backup_path

HERE = Path(__file__).resolve().parent
CHILD = HERE / "crash_child.py"
KILLS = 120

_spec = importlib.util.spec_from_file_location("crash_child", CHILD)
crash_child = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_child)


def _start_child(db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(db)], stdout=subprocess.PIPE, text=True, env=env
    )


def _kill_while_saving(db: Path, rng: random.Random) -> int:
    """Start a child, let it save for a random moment, SIGKILL it; return its last finished save."""
    child = _start_child(db)
    try:
        first = child.stdout.readline()  # the child has opened the store and is saving
        assert first, "the child died before its first save"
        time.sleep(rng.uniform(0, 0.004))  # not synchronisation: a random moment to kill at
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return int((first + rest).split()[-1])


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_save_leaves_the_previous_or_the_new_plan(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    rng = random.Random(os.environ.get("CRASH_SEED", "acct-tui"))
    killed_mid_write = 0
    for _ in range(KILLS):
        last = _kill_while_saving(db, rng)
        killed_mid_write += bool(_temp_files(tmp_path))
        with PlanStore(db) as store:  # no lock to clear: the flock died with the child
            plan = store.get(crash_child.PLAN_ID)
            assert len(store.plans()) == 1
        assert plan in (crash_child.plan_version(last), crash_child.plan_version(last + 1))
        assert not _temp_files(tmp_path)  # the writer cleaned up what the kill left
        if backup_path(db).exists():  # from the second child on: the file as it opened it
            with PlanStore(backup_path(db), readonly=True) as backup:
                assert crash_child.saved_version(backup.get(crash_child.PLAN_ID)) <= last
    print(f"{killed_mid_write} of {KILLS} kills landed inside a write")
    assert killed_mid_write > 0, "no kill landed inside a write; the test proved nothing"
