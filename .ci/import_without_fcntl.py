"""Every module of acct-tui imports where ``fcntl`` does not exist (as on Windows).

CI runs this; it fails if any module (or what it imports) needs ``fcntl``.
The store's lock comes from ``filelock``, which picks the platform's own
locking, so nothing of ours may import ``fcntl`` directly.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings

sys.modules["fcntl"] = None  # type: ignore[assignment]  # "import fcntl" now raises ImportError
warnings.simplefilter("ignore")  # filelock warns that only its soft lock is left: expected here

failed = []
for package_name in ("acct_tui", "screens", "styles"):
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
        try:
            importlib.import_module(module.name)
        except ImportError as error:
            failed.append(f"{module.name}: {error}")
if failed:
    print("These modules need fcntl:\n  " + "\n  ".join(failed), file=sys.stderr)
    sys.exit(1)
print("every module imports without fcntl")
