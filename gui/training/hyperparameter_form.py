"""The hyperparameter form: one validated field per hyperparameter (:data:`HYPERPARAMETERS`).

The task fields (cipher, key, alphabet, data) have selectors of their own; the form keeps the
task of the last :meth:`HyperparameterForm.set_config` and returns it with the edited fields.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from cipherlab.core.settings import FIELDS, HYPERPARAMETERS, TrainConfig, parse_field

COMBINATION = "_combination"  # error key for settings that are invalid only together
INVALID_STYLE = "QLineEdit { border: 1px solid #d62728; background: #fff0f0; }"
Editor = QLineEdit | QComboBox | QCheckBox
"""A field's widget: text, a choice, or a switch (a ``bool`` field)."""


class HyperparameterForm(QWidget):
    """Edits a :class:`TrainConfig`; every field validates as the user types.

    Each field's object name is its config name plus ``Field`` (e.g. ``learning_rateField``),
    a switch's plus ``Check`` (``feedbackCheck``, a check box); the tooltip explains the
    term. An invalid field turns red and the inline message (``hyperparameterError``) says
    why.

    Signals
    -------
    edited()
        The user changed a field (not emitted by :meth:`set_config`).
    validityChanged(bool)
        The form went from valid to invalid or back.
    """

    edited = Signal()
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[str, Editor] = {}
        self._errors: dict[str, str] = {}
        self._task = TrainConfig().task_fields()  # the task and data_path: kept as set
        self._loading = False
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(3)
        for name in HYPERPARAMETERS:
            spec = FIELDS[name]
            editor: Editor
            suffix = "Field"
            if spec.kind is bool:
                editor = QCheckBox("on")  # the row's label names it
                editor.toggled.connect(lambda _on=False, n=name: self._on_edit(n))
                suffix = "Check"
            elif spec.choices:
                editor = QComboBox()
                for choice in spec.choices:
                    editor.addItem(choice.upper() if choice != "rnn" else "plain RNN", choice)
                editor.currentIndexChanged.connect(lambda _=0, n=name: self._on_edit(n))
            else:
                editor = QLineEdit()
                editor.textEdited.connect(lambda _="", n=name: self._on_edit(n))
            editor.setObjectName(f"{name}{suffix}")
            editor.setToolTip(spec.help)
            editor.setAccessibleName(spec.label)
            label = QLabel(spec.label)
            label.setToolTip(spec.help)
            label.setBuddy(editor)
            layout.addRow(label, editor)
            self._editors[name] = editor
        self.errorLabel = QLabel("")
        self.errorLabel.setObjectName("hyperparameterError")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet("color: #b00020;")
        layout.addRow(self.errorLabel)

    def editor(self, name: str) -> Editor:
        """The widget editing field ``name``."""
        return self._editors[name]

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config`` in the fields (clears every error); its task is kept as it is."""
        self._task = config.task_fields()
        self._loading = True
        try:
            for name in HYPERPARAMETERS:
                editor, value = self._editors[name], getattr(config, name)
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QComboBox):
                    editor.setCurrentIndex(editor.findData(value))
                else:
                    editor.setText(f"{value:g}" if isinstance(value, float) else str(value))
        finally:
            self._loading = False
        was_valid = self.is_valid()
        self._errors.clear()
        for name in self._editors:
            self._validate(name)
        self._show_errors(was_valid)

    def is_valid(self) -> bool:
        """True when every field parses and is in range."""
        return not self._errors

    def errors(self) -> dict[str, str]:
        """Field name -> reason, for the invalid fields."""
        return dict(self._errors)

    def config(self) -> TrainConfig | None:
        """The edited settings, or None while a field is invalid."""
        if not self.is_valid():
            return None
        return self._build()

    def _build(self) -> TrainConfig:
        return TrainConfig(**{name: self._value(name) for name in self._editors}, **self._task)

    def _value(self, name: str) -> Any:  # of the field's kind: FIELDS[name].kind
        editor = self._editors[name]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return parse_field(name, editor.text())

    def _validate(self, name: str) -> None:
        try:
            self._value(name)
        except ValueError as exc:
            self._errors[name] = str(exc)
        else:
            self._errors.pop(name, None)
        editor = self._editors[name]
        if isinstance(editor, QLineEdit):
            editor.setStyleSheet(INVALID_STYLE if name in self._errors else "")

    def _check_combination(self) -> None:
        """Fields valid one by one can still be too costly together (core.config.check_budget)."""
        self._errors.pop(COMBINATION, None)
        if self._errors:
            return
        try:
            self._build()
        except ValueError as exc:
            self._errors[COMBINATION] = str(exc)

    def _show_errors(self, was_valid: bool) -> None:
        self._check_combination()
        self.errorLabel.setText(" ".join(self._errors.values()))
        if was_valid != self.is_valid():
            self.validityChanged.emit(self.is_valid())

    @Slot()
    def _on_edit(self, name: str) -> None:
        if self._loading:
            return
        was_valid = self.is_valid()
        self._validate(name)
        self._show_errors(was_valid)
        self.edited.emit()

    def setEnabled(self, enabled: bool) -> None:
        """Enable or disable every field (the form stays readable)."""
        for editor in self._editors.values():
            editor.setEnabled(enabled)
