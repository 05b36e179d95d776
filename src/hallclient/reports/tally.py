"""Old home of the tally engine, now :mod:`hallclient.domain.tally` (the server computes the same figures).

Kept only for ``ui/supervisor/window.py`` and ``bench/tally.py``, which this branch may not edit: import from
``hallclient.domain.tally``; delete this module once they do.
"""

from hallclient.domain.tally import COLUMNS, GROUPINGS, LEVELS, OUTCOMES, Period, Tally, format_value

__all__ = ["COLUMNS", "GROUPINGS", "LEVELS", "OUTCOMES", "Period", "Tally", "format_value"]
