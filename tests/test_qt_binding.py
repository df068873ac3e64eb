"""The Qt binding must not corrupt reference counts (PySide6 6.12.0 on CPython 3.11 did)."""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar


class _Emitter(QObject):
    fired = Signal(object)


def test_qt_calls_keep_none_true_and_false_alive(qapp):
    label, bar, emitter = QLabel(), QProgressBar(), _Emitter()
    emitter.fired.connect(lambda _value: None)
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for i in range(5000):
        label.setText("x")
        bar.setValue(i % 100)
        emitter.fired.emit(i)
    after = [sys.getrefcount(x) for x in (None, True, False)]
    # a leak of one reference per call would show as thousands; allow incidental noise
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)
