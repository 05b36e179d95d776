"""The one exception type every layer raises for a user-facing failure.

The CLI prints ``str(error)`` as one line and exits with ``exit_code``; the UI shows the same text.
"""

from __future__ import annotations


class HallError(Exception):
    """A failure with a one-line, user-readable reason (Chinese or English)."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        # One line whatever a library put into the text we quote (drivers' messages often hold newlines).
        super().__init__(" ".join(message.split()))
        if exit_code is not None:
            self.exit_code = exit_code
