"""The training settings column: task, preset, and the Advanced and Beginner mistakes sections.

The hyperparameters (form, auto-stop, threads) sit behind a collapsed **Advanced** section,
the beginner mistakes behind their own; both start collapsed (issue 20).
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.settings import (
    DEFAULT_PRESET,
    MISTAKES,
    PRESETS,
    StopRule,
    TrainConfig,
    default_threads,
    matching_preset,
    preset,
    task_named,
)

from ..widgets import CollapsibleSection
from .hyperparameter_form import HyperparameterForm
from .task_settings import TaskSettings

PRESET_HELP = {
    "fast": "Fast: our tuned default (batch 32, embedding 16, hidden 32, lr 0.03, clipping 1.0)",
    "tutorial": "Tutorial: the seed recipe exactly (batch 1, embedding 5, hidden 10, Adam 1e-3)",
}
CUSTOM = "Custom"

# What a preset cannot do for a family, said where the preset is chosen (bench/families.py
# measured it; docs/benchmarks.md, section 12). (preset, family) -> sentence.
PRESET_LIMITS = {
    ("tutorial", "vigenere"): (
        "The Tutorial recipe does not reach 100 % on Vigenère: with 10 hidden units it cannot "
        "count positions and hold a shift table (best measured 22–69 % in 15 s). That is the "
        "lesson: compare it with Fast."
    ),
    ("tutorial", "autokey"): (
        "The Tutorial recipe does not learn autokey: its best validation accuracy measured "
        "was 9–11 % in 15 s (key lengths 3–12), since each letter depends on the model's own "
        "earlier output."
    ),
    ("fast", "autokey"): (
        "Fast turns Feedback on (Advanced) for autokey: each letter needs the plaintext one "
        "primer length back, so the decoder reads back its own earlier letters. Without it "
        "the best validation accuracy measured was 26–41 %; with it, primers of 3, 7 and 12 "
        "letters reached 100 % in 8–11 s."
    ),
}


MISTAKE_CHECKS = {
    "batch_of_one": "mistakeBatchOne",
    "no_zero_grad": "mistakeNoZeroGrad",
    "rot13_inverse": "mistakeRot13",
}
"""Each mistake's check box object name (its text and tooltip are the mistake's own)."""


class TrainingSettings(QWidget):
    """Everything the next run will use; choosing a preset fills the fields.

    Signals
    -------
    changed()
        A setting changed (or its validity did): controls may need updating.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.presetSelector = QComboBox()
        self.presetSelector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.presetSelector.setObjectName("presetSelector")
        for name in PRESETS:
            self.presetSelector.addItem(name.capitalize(), name)
            self.presetSelector.setItemData(
                self.presetSelector.count() - 1,
                PRESET_HELP.get(name, ""),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.presetSelector.addItem(CUSTOM, None)
        self.presetSelector.setToolTip(
            "Starting settings: Fast (tuned) or Tutorial (the "
            "original recipe, batch of 1); editing a field makes "
            "them Custom"
        )
        self.presetSelector.setAccessibleName("Preset")
        # However the box changes (a click, the keyboard, settings restore, accessibility
        # tools), the fields follow; choosing the shown preset again refills them too.
        self.presetSelector.currentIndexChanged.connect(self._apply_preset)
        self.presetSelector.activated.connect(self._apply_preset)

        self.task = TaskSettings()
        self.task.changed.connect(self._on_task_changed)
        self.task.checked.connect(self._on_task_checked)
        self.presetNote = QLabel("")
        self.presetNote.setObjectName("presetNote")
        self.presetNote.setWordWrap(True)
        self.presetNote.setStyleSheet("color: #8a5a00;")
        self.presetNote.setVisible(False)

        self.form = HyperparameterForm()
        self.form.edited.connect(self._on_form_edited)
        self.form.validityChanged.connect(lambda _valid: self.changed.emit())

        self.autoStopCheck = QCheckBox("Auto-stop at")
        self.autoStopCheck.setObjectName("autoStopCheck")
        self.autoStopCheck.setChecked(True)
        self.autoStopCheck.setToolTip(
            "End the run once validation accuracy stays at the target "
            "for this many evaluations in a row; untick to keep "
            "going to the step budget"
        )
        self.targetAccuracy = QDoubleSpinBox()
        self.targetAccuracy.setObjectName("targetAccuracy")
        self.targetAccuracy.setRange(1, 100)
        self.targetAccuracy.setDecimals(1)
        self.targetAccuracy.setValue(StopRule().target_accuracy * 100)
        self.targetAccuracy.setSuffix(" %")
        self.targetAccuracy.setToolTip("Validation accuracy that ends the run")
        self.patience = QSpinBox()
        self.patience.setObjectName("targetPatience")
        self.patience.setRange(1, 1000)
        self.patience.setValue(StopRule().patience)
        self.patience.setSuffix(" evals")
        self.patience.setToolTip("Consecutive evaluations at or above the target")
        self.autoStopCheck.toggled.connect(self.targetAccuracy.setEnabled)
        self.autoStopCheck.toggled.connect(self.patience.setEnabled)

        self.threads = QSpinBox()
        self.threads.setObjectName("threadsSpin")
        self.threads.setRange(1, max(1, os.cpu_count() or 1))
        self.threads.setValue(default_threads())
        self.threads.setToolTip(
            "CPU threads torch may use for training; the default, 1, never competes with the "
            "window or other programs, more can speed up a big model on an idle machine"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.task)
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel("Preset"))
        preset_row.addWidget(self.presetSelector, stretch=1)
        layout.addLayout(preset_row)
        layout.addWidget(self.presetNote)
        # The hyperparameters behind one click (issue 20): a preset is the story's choice.
        self.advancedSection = CollapsibleSection("Advanced", "advancedSection")
        self.advancedSection.toggleButton.setToolTip(
            "The hyperparameters a preset fills in: network size, learning rate, batch size, "
            "step budget, seed, evaluation, auto-stop and torch threads"
        )
        self.advancedSection.add_widget(self.form)
        stop_grid = QGridLayout()
        stop_grid.addWidget(self.autoStopCheck, 0, 0)
        stop_grid.addWidget(self.targetAccuracy, 0, 1)
        stop_grid.addWidget(QLabel("for"), 1, 0, Qt.AlignmentFlag.AlignRight)
        stop_grid.addWidget(self.patience, 1, 1)
        stop_grid.addWidget(QLabel("Torch threads"), 2, 0)
        stop_grid.addWidget(self.threads, 2, 1)
        self.advancedSection.add_layout(stop_grid)
        layout.addWidget(self.advancedSection)
        self.mistakesSection = CollapsibleSection(
            "Beginner mistakes (see the cost)", "mistakesSection"
        )
        self.mistakesSection.toggleButton.setToolTip(
            "Off by default. Tick one to make that classic mistake on purpose; the run is "
            "marked in the run list, so overlaying it on a run without it shows the cost."
        )
        self.mistakeChecks: dict[str, QCheckBox] = {}
        for name, object_name in MISTAKE_CHECKS.items():
            check = QCheckBox(MISTAKES[name].label)
            check.setObjectName(object_name)
            check.setToolTip(MISTAKES[name].explanation)
            check.toggled.connect(lambda _on: self._on_mistakes())
            self.mistakesSection.add_widget(check)
            self.mistakeChecks[name] = check
        layout.addWidget(self.mistakesSection)
        # a mistake that is on is never out of sight, even with its section folded away
        self.mistakesOnNote = QLabel("")
        self.mistakesOnNote.setObjectName("mistakesOnNote")
        self.mistakesOnNote.setWordWrap(True)
        self.mistakesOnNote.setStyleSheet("color: #8a5a00;")
        self.mistakesOnNote.setVisible(False)
        layout.addWidget(self.mistakesOnNote)
        self.mistakesSection.toggled.connect(lambda _on: self._show_mistakes_on())
        self._story_only = False
        self.presetSelector.setCurrentIndex(self.presetSelector.findData(DEFAULT_PRESET))
        self._apply_preset()

    def config(self) -> TrainConfig | None:
        """The settings the next run will use (None while a field or the task is invalid)."""
        config = self.form.config()
        if config is None or self.task.error is not None:
            return None
        try:
            return replace(config, **self.task.values(), mistakes=self.mistakes())
        except ValueError:  # the task's own check said yes; kept safe all the same
            return None

    def mistakes(self) -> tuple[str, ...]:
        """The beginner mistakes ticked (names in :data:`~cipherlab.core.settings.MISTAKES`)."""
        return tuple(name for name, check in self.mistakeChecks.items() if check.isChecked())

    def _on_mistakes(self) -> None:
        self._show_mistakes_on()
        if not self._loading:
            self.changed.emit()

    def _show_mistakes_on(self) -> None:
        """Name the mistakes that are on wherever their check boxes are out of sight."""
        on = [MISTAKES[name].label for name in self.mistakes()]
        self.mistakesOnNote.setText("Beginner mistake on: " + ", ".join(on) if on else "")
        hidden = self._story_only or not self.mistakesSection.is_expanded()
        self.mistakesOnNote.setVisible(bool(on) and hidden)

    def set_story_only(self, on: bool) -> None:
        """Show only the story's settings (task, cipher, key, preset) for presenter mode.

        The alphabet, the data source, the example line and the Advanced and Beginner
        mistakes sections are hidden while ``on``; a mistake that is on stays named.
        """
        self._story_only = on
        self.task.show_details(not on)
        self.advancedSection.setVisible(not on)
        self.mistakesSection.setVisible(not on)
        self._show_mistakes_on()

    def _allow_mistakes(self) -> None:
        """The ROT13 mistake is offered for Caesar decryption only, Feedback for decryption."""
        values = self.task.values()
        caesar = task_named(values["task"]).has_cipher and values["cipher"] == "caesar"
        check = self.mistakeChecks["rot13_inverse"]
        check.setEnabled(caesar and self.form.isEnabled())
        if not caesar:
            check.setChecked(False)
        # only a decryption model reads back its own letters (a run of another task turns
        # feedback off): the box is offered where it does something
        reads_back = task_named(values["task"]).feeds_back
        self.form.editor("feedback").setEnabled(reads_back and self.form.isEnabled())

    def errors(self) -> list[str]:
        """Why :meth:`config` is None: the task's error and each invalid field's sentence."""
        found = [self.task.error] if self.task.error else []
        return found + list(self.form.errors().values())

    @property
    def reading(self) -> bool:
        """True while the training text file is being read (:meth:`config` is None until then)."""
        return self.task.reading

    def is_valid(self) -> bool:
        """True when :meth:`config` gives a run's settings."""
        return self.config() is not None

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config``: its task in the selectors, the rest in the form and the preset."""
        self._loading = True
        try:
            self.task.set_values(config.task_fields())
        finally:
            self._loading = False
        self.form.set_config(config)
        self.task.set_seq_len(config.seq_len)
        self._loading = True
        try:
            for name, check in self.mistakeChecks.items():
                check.setChecked(name in config.mistakes)
        finally:
            self._loading = False
        if config.mistakes:  # a lesson's step: shown where it can be unticked
            self.mistakesSection.set_expanded(True)
        self._allow_mistakes()
        self._sync_preset_selector()
        self.changed.emit()

    def select_preset(self, name: str) -> None:
        """Choose a preset as the user would (fills the fields)."""
        self.presetSelector.setCurrentIndex(self.presetSelector.findData(name))
        self._apply_preset()

    @Slot()
    def _apply_preset(self) -> None:
        name = self.presetSelector.currentData()
        if name is not None:
            try:  # the preset for this task: Fast is tuned per family and key length
                config = preset(name, **self.task.values())
            except ValueError:  # a bad key: the preset for the family's default key
                config = preset(name, cipher=self.task.family, alphabet=self.task.alphabet)
            self.form.set_config(config)
            self.task.set_seq_len(config.seq_len)
        self._show_preset_note()
        self.changed.emit()

    @Slot()
    def _on_task_changed(self) -> None:
        if self._loading:
            return
        self._allow_mistakes()
        if self.task.reading:  # the preset shown stays until the file is known to be usable
            self.changed.emit()
            return
        if self.presetSelector.currentData() is not None and self.task.error is None:
            self._apply_preset()  # Fast for Vigenère is not Fast for Caesar
            return
        self._sync_preset_selector()
        self.changed.emit()

    @Slot()
    def _on_task_checked(self) -> None:
        """The data file has been read: the settings may be valid now (or not)."""
        self._sync_preset_selector()
        self.changed.emit()

    def shutdown(self, msecs: int = 3000) -> bool:
        """Stop reading a data file, if one is being read (the window closes)."""
        return self.task.shutdown(msecs)

    @Slot()
    def _on_form_edited(self) -> None:
        config = self.form.config()
        if config is not None:
            self.task.set_seq_len(config.seq_len)
        self._sync_preset_selector()
        self.changed.emit()

    def _sync_preset_selector(self) -> None:
        config = self.config()
        name = matching_preset(config) if config is not None else None
        index = self.presetSelector.findData(name) if name else self.presetSelector.findText(CUSTOM)
        # showing which preset the fields equal must not refill them (the seed would reset)
        with signals_blocked(self.presetSelector):
            self.presetSelector.setCurrentIndex(index)
        self._show_preset_note()

    def _show_preset_note(self) -> None:
        name = self.presetSelector.currentData()
        note = PRESET_LIMITS.get((name, self.task.values()["cipher"]), "")
        self.presetNote.setText(note)
        self.presetNote.setVisible(bool(note))

    def stop_rule(self) -> StopRule | None:
        """The auto-stop rule, or None when the run should use its whole budget."""
        if not self.autoStopCheck.isChecked():
            return None
        return StopRule(self.targetAccuracy.value() / 100.0, self.patience.value())

    def set_running(self, running: bool) -> None:
        """Lock the settings while a run is alive (they are the run's record)."""
        self.form.setEnabled(not running)
        self.task.setEnabled(not running)
        self.presetSelector.setEnabled(not running)
        self.autoStopCheck.setEnabled(not running)
        self.threads.setEnabled(not running)
        for check in self.mistakeChecks.values():
            check.setEnabled(not running)
        if not running:
            self._allow_mistakes()
        for w in (self.targetAccuracy, self.patience):
            w.setEnabled(not running and self.autoStopCheck.isChecked())
