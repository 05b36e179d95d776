"""Guard against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python 3.11).

That release over-releases the ``True`` returned by ``Signal.emit`` and the ``None`` a Python
``data()`` override returns; on Python 3.11 (no immortal objects) the client then aborts with
"bool_dealloc"/"none_dealloc" after a few thousand keystrokes. pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


class _Model(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):
        return 1

    def data(self, index, role=0):
        return None


def test_signal_emit_keeps_reference_counts(qtbot):
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        emitter.fired.emit(None)
    # the broken release loses one reference per emit; a few unrelated references may come and go
    assert sys.getrefcount(True) - true_before > -50
    assert sys.getrefcount(None) - none_before > -50


def test_model_data_returning_none_keeps_reference_counts(qtbot):
    model = _Model()
    index = model.index(0)
    before = sys.getrefcount(None)
    for _ in range(1000):
        index.data(0)
    assert sys.getrefcount(None) - before > -50
