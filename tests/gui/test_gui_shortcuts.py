"""No key press of the main window can be ambiguous between two shortcuts.

Qt asks the platform's key mapper which key combinations a press may stand for, and a shortcut matching any
of them fires; when two enabled shortcuts match in contexts active at once, neither fires (QAction warns
"Ambiguous shortcut overload" and does nothing). The X11 mapper may report a modified press under its plain
key too, so Shift+F2 pressed in a line edit of the intake (where the intake's own F2 is active) did nothing.
For every pair of shortcuts whose contexts overlap, neither key may equal the other or its plain variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from hallclient.ui.screens import BY_NAME, CALLING


@dataclass(frozen=True)
class Binding:
    """One shortcut: its key, and the widget within which it is active (None: the whole application)."""

    name: str
    key: QKeyCombination
    context: Qt.ShortcutContext
    scope: QWidget | None

    def plain(self) -> QKeyCombination:
        return QKeyCombination(Qt.KeyboardModifier.NoModifier, self.key.key())

    def could_stand_for(self, other: Binding) -> bool:
        """A press of ``self``'s key may be reported as ``other``'s (itself, or with its modifiers dropped)."""
        return other.key in (self.key, self.plain())


def first_key(sequence: QKeySequence) -> QKeyCombination:
    """The key combination of a one-key sequence (PySide6's stubs do not declare its indexing)."""
    key: QKeyCombination = sequence[0]  # type: ignore[index]
    return key


def _scope(widget: QWidget, context: Qt.ShortcutContext) -> QWidget | None:
    if context == Qt.ShortcutContext.ApplicationShortcut:
        return None
    if context == Qt.ShortcutContext.WindowShortcut:
        return widget.window()
    return widget


def _placed_on(action: QAction) -> list[QWidget]:
    """The widgets an action's shortcut answers in: where it was added, through the menus that hold it (Qt's
    own rule; an action no longer on any widget, such as one of an earlier menu build, answers nowhere)."""
    placed: list[QWidget] = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            placed += _placed_on(owner.menuAction())
        elif isinstance(owner, QWidget):
            placed.append(owner)
    return placed


def _overlap(first: Binding, second: Binding) -> bool:
    """Whether some focus makes both shortcuts active at once."""
    if first.scope is None or second.scope is None:
        return True
    a, b = first.scope, second.scope

    def covers(outer: Binding, inner: QWidget) -> bool:
        assert outer.scope is not None
        if outer.context == Qt.ShortcutContext.WidgetShortcut:
            return inner is outer.scope
        return inner is outer.scope or outer.scope.isAncestorOf(inner)

    return covers(first, b) or covers(second, a)


def bindings(window: QWidget) -> list[Binding]:
    found: list[Binding] = []
    for action in window.findChildren(QAction):
        name = action.text() or action.objectName()
        for sequence in action.shortcuts():
            for widget in _placed_on(action):
                found.append(_binding(name, sequence, action.shortcutContext(), widget))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        assert isinstance(parent, QWidget)
        found.append(_binding(shortcut.objectName(), shortcut.key(), shortcut.context(), parent))
    return found


def _binding(name: str, sequence: QKeySequence, context: Qt.ShortcutContext, widget: QWidget) -> Binding:
    assert sequence.count() == 1, f"{name}: {sequence.toString()} is a chord"
    return Binding(name, first_key(sequence), context, _scope(widget, context))


def _text(key: QKeyCombination) -> str:
    return QKeySequence(key).toString()


def ambiguous(found: list[Binding]) -> list[str]:
    return [
        f"{first.name} [{_text(first.key)}] / {second.name} [{_text(second.key)}]"
        for first, second in combinations(found, 2)
        if (first.could_stand_for(second) or second.could_stand_for(first)) and _overlap(first, second)
    ]


def _all_bound(qtbot: Any, window: Any) -> list[Binding]:
    """The signed-in main window's shortcuts, once set after the first paint, with the calling strip shown."""
    window.intake.calling.setVisible(True)
    qtbot.waitUntil(lambda: not window.actions_by_name["queue_call"].shortcut().isEmpty())
    return bindings(window)


def test_no_key_press_is_ambiguous_between_two_shortcuts(qtbot, window):
    found = _all_bound(qtbot, window)
    keys = {QKeySequence(binding.key).toString() for binding in found}
    assert {"F2", "F3", "F5", "F10", "F11", "F12", "Ctrl+D", "Ctrl+L"} <= keys  # the intake's and the window's
    assert {BY_NAME[screen.name].shortcut for screen in CALLING} <= keys  # every calling key is bound
    assert ambiguous(found) == []


def test_the_check_finds_a_modified_key_over_its_plain_key_in_a_child(qtbot, window):
    """What the check is for: Shift+F2 in the window against an F2 active within the intake."""
    found = _all_bound(qtbot, window)
    intake_f2 = next(b for b in found if b.scope is window.intake and b.key == first_key(QKeySequence("F2")))
    clash = Binding("Shift+F2", first_key(QKeySequence("Shift+F2")), Qt.ShortcutContext.WindowShortcut, window)
    elsewhere = Binding("Shift+F2", clash.key, Qt.ShortcutContext.WidgetShortcut, window.cases)
    assert ambiguous([intake_f2, clash]) and not ambiguous([intake_f2, elsewhere])
