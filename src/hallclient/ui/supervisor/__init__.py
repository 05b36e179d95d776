"""The supervisor screen: tallies with charts and exports, and the bad-review / complaint register.

``SupervisorWindow`` is loaded on first use, so merely walking the package (as the layering test does)
never imports Qt.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SupervisorWindow"]


def __getattr__(name: str) -> Any:
    if name == "SupervisorWindow":
        from hallclient.ui.supervisor.window import SupervisorWindow

        return SupervisorWindow
    raise AttributeError(name)
