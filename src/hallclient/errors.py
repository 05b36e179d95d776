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


def message_for(error: BaseException) -> str:
    """The one line a user sees for ``error``: a HallError's text, a database failure explained, else its type."""
    if isinstance(error, HallError):
        return str(error)
    from hallclient.store.faults import explain_database_error

    explanation = explain_database_error(error)
    return str(explanation) if explanation is not None else " ".join(f"{type(error).__name__}: {error}".split())
