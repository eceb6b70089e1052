"""Save one plan over and over until killed; tests/test_crash.py SIGKILLs it.

Run as ``python tests/crash_child.py STORE``. Save number k writes
``plan_version(k)``; the plan's size changes from one save to the next, so a
torn write could not pass for a good file. After each save the child prints
k, so the parent knows the last save that finished: after a kill the file
must hold that version or the next one.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from acct_tui.model import Goal, Plan
from acct_tui.onefile import PlanStore

PLAN_ID = "crash-test"


def plan_version(k: int) -> Plan:
    """Version k of the test plan: 1, 21 or 41 goals, and k in the industry field."""
    goals = tuple(Goal(title=f"Goal {i} of save {k}", id=f"g{i}") for i in range(1 + k % 3 * 20))
    return Plan(
        name="Crash Test Co",
        industry=f"save {k}",
        goals=goals,
        id=PLAN_ID,
        updated=datetime(2026, 1, 1, tzinfo=timezone.utc),
    )


def saved_version(plan: Plan) -> int:
    """k, read back from a plan written by ``plan_version(k)``."""
    return int(plan.industry.removeprefix("save "))


def main(path: Path) -> None:
    with PlanStore(path) as store:
        k = saved_version(store.get(PLAN_ID)) if store.plans() else 0
        while True:
            k += 1
            store.save(plan_version(k))
            print(k, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
