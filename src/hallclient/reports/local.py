"""Old home of the local tallies, now :mod:`hallclient.services.tallies` (a day close signs them).

Kept only for ``ui/supervisor/window.py`` and ``bench/tally.py``, which this branch may not edit: import from
``hallclient.services.tallies``; delete this module once they do.
"""

from hallclient.services.tallies import local_tallies, local_tally, window_scope

__all__ = ["local_tallies", "local_tally", "window_scope"]
