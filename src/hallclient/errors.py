"""The one exception type every layer raises for a user-facing failure.

The CLI prints ``str(error)`` as one line and exits with ``exit_code``; the UI shows the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NoReturn


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


class FileProblemsError(HallError):
    """A file that cannot be loaded; ``problems`` lists every problem, each starting with the file's name.

    Subclasses name the kind of file (``what``) so the one line says which file the hall must fix."""

    what: ClassVar[str] = "文件"

    def __init__(self, source: str, problems: Sequence[str], *, first: str | None = None) -> None:
        head = first if first is not None else (problems[0] if problems else "")
        super().__init__(f"{self.what} {source}：{len(problems)} 个问题；第一个：{head}")
        self.source = source
        self.problems: list[str] = list(problems)


class ProblemCollector:
    """Collects every problem of one file before raising once, so a clerk fixes them all in one go.

    Problems are reported in ``order`` (a line number, or the order found when every order is equal)."""

    error: ClassVar[type[FileProblemsError]] = FileProblemsError

    def __init__(self, source: str) -> None:
        self.source = source
        self._details: list[tuple[int, str]] = []

    def note(self, detail: str, order: int = 0) -> None:
        self._details.append((order, detail))

    def stop(self, detail: str, order: int = 0) -> NoReturn:
        """Record a problem that makes reading further pointless (empty file, not UTF-8, ...) and raise."""
        self.note(detail, order)
        self.raise_if_any()
        raise AssertionError("unreachable")

    def __len__(self) -> int:
        return len(self._details)

    def raise_if_any(self) -> None:
        if self._details:
            ordered = [detail for _, detail in sorted(self._details, key=lambda item: item[0])]
            raise self.error(self.source, [f"{self.source}: {detail}" for detail in ordered], first=ordered[0])
