"""The training panel: settings, run controls, progress, live curves and run history."""

from __future__ import annotations

import random
import re
import time
from collections import deque
from dataclasses import replace

from cipherlab.core.ciphers import SEED_CIPHER, CaesarCipher
from cipherlab.core.config import DEFAULT_PRESET, PRESETS, StopRule, TrainConfig
from cipherlab.core.live_feed import LiveUpdate
from cipherlab.core.run_history import RunRecord
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .loss_plot import LossPlot
from .run_history_panel import RunHistoryPanel
from .training_session import TrainingSession
from .training_settings import TrainingSettings

SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
"""Speed slider positions in steps per second; the last position is full speed."""


class TrainingPanel(QWidget):
    """Starts, steers and shows training runs.

    Signals
    -------
    weightsUpdated(LiveUpdate)
        An update that carries a weight copy (a few per second, and the last one).
    runEnded(str)
        A run ended; the argument says how (for the status bar).
    message(str)
        A short status-bar message.
    """

    weightsUpdated = Signal(object)
    runEnded = Signal(str)
    message = Signal(str)

    def __init__(self, cipher: CaesarCipher = SEED_CIPHER, parent: QWidget | None = None):
        super().__init__(parent)
        self.cipher = cipher
        self.session: TrainingSession | None = None
        self.run: RunRecord | None = None
        self.last_accuracy: float | None = None
        self._last_loss: float | None = None
        self._error: str | None = None
        self._target_step: int | None = None
        self._rate_window: deque[tuple[float, int]] = deque()

        self.settings = TrainingSettings()
        self.settings.changed.connect(self._update_buttons)
        # the settings' widgets, reachable from the panel as before
        for name in (
            "presetSelector",
            "form",
            "autoStopCheck",
            "targetAccuracy",
            "patience",
            "threads",
        ):
            setattr(self, name, getattr(self.settings, name))
        self._build_controls()
        self.lossPlot = LossPlot()
        self.lossPlot.readoutChanged.connect(self.crosshairReadout.setText)
        self.history = RunHistoryPanel(self.lossPlot)
        self.history.message.connect(self.message)
        self._layout()
        self._update_buttons()

    # ----------------------------------------------------------------- build
    def _build_controls(self) -> None:
        def button(text: str, name: str, tip: str, slot) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.trainButton = button(
            "Train",
            "trainButton",
            "Train a new model from scratch with these settings (Ctrl+Return)",
            self.start,
        )
        self.pauseButton = button(
            "Pause", "pauseButton", "Pause or resume the run (Ctrl+P)", self.toggle_pause
        )
        self.stepButton = button(
            "Step",
            "stepButton",
            "While paused: take exactly one optimiser step (Ctrl+.)",
            self.step_once,
        )
        self.stopButton = button(
            "Stop",
            "stopButton",
            "Stop training (Esc); the model keeps what it learned so far",
            self.stop,
        )
        self.resetButton = QToolButton()
        self.resetButton.setObjectName("resetButton")
        self.resetButton.setText("Reset")
        self.resetButton.setToolTip(
            "Stop and clear the curve; the next run starts from fresh "
            "weights with the same seed, so it repeats the curve "
            "exactly. The arrow offers a new seed."
        )
        self.resetButton.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.resetButton)
        self.resetSameSeedAction = menu.addAction("Reset with the same seed", self.reset)
        self.resetNewSeedAction = menu.addAction(
            "Reset with a new seed", lambda: self.reset(new_seed=True)
        )
        self.resetButton.setMenu(menu)
        self.resetButton.clicked.connect(self.reset)

        self.speedSlider = QSlider(Qt.Orientation.Horizontal)
        self.speedSlider.setObjectName("speedSlider")
        self.speedSlider.setRange(0, len(SPEEDS))
        self.speedSlider.setValue(len(SPEEDS))
        self.speedSlider.setPageStep(1)
        self.speedSlider.setMinimumWidth(120)
        self.speedSlider.setToolTip("Training speed: slow it down to watch each step")
        self.speedSlider.setAccessibleName("Speed")
        self.speedSlider.valueChanged.connect(self._on_speed)
        self.speedLabel = QLabel("full speed")
        self.speedLabel.setMinimumWidth(80)

        self.logScaleToggle = QCheckBox("Log scale")
        self.logScaleToggle.setObjectName("logScaleToggle")
        self.logScaleToggle.setToolTip("Show the loss axis on a log scale")
        self.logScaleToggle.toggled.connect(lambda on: self.lossPlot.set_log_scale(on))

        self.progressBar = QProgressBar()
        self.progressBar.setObjectName("trainingProgress")
        self.progressBar.setFormat("%v / %m steps")
        self.progressBar.setValue(0)
        self.progressBar.setToolTip("Optimiser steps taken out of the step budget")
        self.statusLabel = QLabel("Click Train to watch the model learn the cipher.")
        self.statusLabel.setObjectName("trainingStatus")
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)  # carries error messages
        self.statusLabel.setWordWrap(True)
        self.crosshairReadout = QLabel("Move the mouse over the plot to read exact values.")
        self.crosshairReadout.setObjectName("crosshairReadout")
        self.crosshairReadout.setWordWrap(True)
        self.crosshairReadout.setTextFormat(Qt.TextFormat.PlainText)

    def _layout(self) -> None:
        settings = QGroupBox("Settings")
        s = QVBoxLayout(settings)
        s.addWidget(self.settings)
        s.addWidget(self.history, stretch=1)
        settings.setMaximumWidth(330)

        controls = QHBoxLayout()
        for w in (
            self.trainButton,
            self.pauseButton,
            self.stepButton,
            self.stopButton,
            self.resetButton,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        speed = QHBoxLayout()  # a second row keeps the window narrow enough for a laptop
        speed.addWidget(QLabel("Speed"))
        speed.addWidget(self.speedSlider, stretch=1)
        speed.addWidget(self.speedLabel)
        speed.addSpacing(12)
        speed.addWidget(self.logScaleToggle)
        right = QVBoxLayout()
        right.addLayout(controls)
        right.addLayout(speed)
        right.addWidget(self.progressBar)
        right.addWidget(self.statusLabel)
        right.addWidget(self.lossPlot, stretch=1)
        right.addWidget(self.crosshairReadout)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(settings)
        layout.addLayout(right, stretch=1)

    # --------------------------------------------------------------- settings
    @property
    def running(self) -> bool:
        """True while a training worker is alive."""
        return self.session is not None and self.session.running

    def config(self) -> TrainConfig | None:
        """The settings the next run will use (None while a field is invalid)."""
        return self.settings.config()

    def set_config(self, config: TrainConfig) -> None:
        """Fill the form (and the preset selector) from ``config``."""
        self.settings.set_config(config)

    def select_preset(self, name: str) -> None:
        """Choose a preset as the user would (fills the fields)."""
        self.settings.select_preset(name)

    def stop_rule(self) -> StopRule | None:
        """The auto-stop rule, or None when the run should use its whole budget."""
        return self.settings.stop_rule()

    def steps_per_second(self) -> float | None:
        """The speed slider's limit (None = full speed)."""
        value = self.speedSlider.value()
        return None if value >= len(SPEEDS) else float(SPEEDS[value])

    # -------------------------------------------------------------- controls
    def _update_buttons(self) -> None:
        running = self.running
        paused = running and self.session.control.paused
        valid = self.form.is_valid()
        self.trainButton.setEnabled(not running and valid)
        self.trainButton.setToolTip(
            "Train a new model from scratch with these settings (Ctrl+Return)"
            if valid
            else "Fix the settings first: " + " ".join(self.form.errors().values())
        )
        self.pauseButton.setEnabled(running)
        self.pauseButton.setText("Resume" if paused else "Pause")
        self.stepButton.setEnabled(paused)
        self.stopButton.setEnabled(running)
        self.settings.set_running(running)

    @Slot()
    def start(self) -> None:
        """Start a new run from fresh weights (ignored while one is alive or settings are bad)."""
        if self.running:
            return
        config = self.config()
        if config is None:
            self.message.emit("Fix the settings first: " + " ".join(self.form.errors().values()))
            return
        self._error = None
        self._target_step = None
        self.last_accuracy = None
        self._last_loss = None
        self._rate_window.clear()
        self.run = RunRecord(len(self.history.runs) + 1, config)
        self.history.add_run(self.run)
        self.lossPlot.show_run(self.run)
        self.progressBar.setRange(0, config.steps)
        self.progressBar.setValue(0)
        self.statusLabel.setText("Starting…")
        self.session = TrainingSession(
            config,
            self.cipher,
            self.stop_rule(),
            self.threads.value(),
            self.steps_per_second(),
            self,
        )
        session = self.session
        # Signals of a session that is no longer the current one (after Reset, or a quick
        # Stop and Train) are ignored, so an old run cannot write over a new one.
        session.updated.connect(
            lambda u, s=session: self._on_update(u) if self._is_live(s) else None
        )
        session.failed.connect(
            lambda m, s=session: self._on_failed(m) if self._is_live(s) else None
        )
        session.ended.connect(lambda s=session: self._on_ended(s))
        session.start()
        self._update_buttons()
        self.message.emit(f"Training {self.run.label}…")

    @Slot()
    def toggle_pause(self) -> None:
        """Pause a running run, or resume a paused one."""
        if not self.running:
            return
        control = self.session.control
        if control.paused:
            control.resume()
            self.message.emit("Resumed")
        else:
            control.pause()
            self.statusLabel.setText(self.statusLabel.text() + " — paused (Step advances one step)")
            self.message.emit("Paused: Step takes exactly one optimiser step")
        self._update_buttons()

    @Slot()
    def step_once(self) -> None:
        """While paused: take exactly one optimiser step."""
        if self.running and self.session.control.paused:
            self.session.control.request_step()

    @Slot()
    def stop(self) -> None:
        """Ask the run to stop; the worker ends within a fraction of a second."""
        if self.running:
            self.stopButton.setEnabled(False)
            self.pauseButton.setEnabled(False)
            self.stepButton.setEnabled(False)
            self.session.stop()

    @Slot()
    def reset(self, new_seed: bool = False) -> None:
        """Stop any run and clear the curve; optionally draw a new seed for the next run."""
        session = self.session
        self.shutdown()
        if session is not None and not session.running:
            self._on_ended(session)  # now, not later: it would overwrite the Reset message
        if new_seed:
            config = self.config() or PRESETS[DEFAULT_PRESET]
            self.set_config(replace(config, seed=random.randrange(2**31 - 1)))
        self.lossPlot.show_run(None)
        self.progressBar.setValue(0)
        seed = self.form.editor("seed").text()
        self.statusLabel.setText(f"Reset: the next run starts from fresh weights with seed {seed}.")
        self.message.emit(f"Reset (seed {seed})")

    def shutdown(self, msecs: int = 3000) -> bool:
        """Stop any run and wait for its thread (used on Reset and when the window closes)."""
        if self.session is None:
            return True
        return self.session.wait(msecs)

    @Slot(int)
    def _on_speed(self, value: int) -> None:
        speed = self.steps_per_second()
        self.speedLabel.setText("full speed" if speed is None else f"{speed:g} steps/s")
        if self.running:
            self.session.control.set_speed(speed)

    # -------------------------------------------------------------- progress
    @property
    def step_count(self) -> int:
        """Steps of the current run shown so far."""
        return self.run.step if self.run is not None else 0

    def _rate(self, step: int) -> float | None:
        now = time.perf_counter()
        window = self._rate_window
        window.append((now, step))
        while len(window) > 2 and now - window[0][0] > 1.0:
            window.popleft()
        (t0, s0), (t1, s1) = window[0], window[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 and s1 > s0 else None

    @Slot(object)
    def _on_update(self, update: LiveUpdate) -> None:
        run = self.run
        run.add(update)
        self.lossPlot.mark_dirty()
        self.progressBar.setValue(update.step)
        if len(update.val_accuracies):
            self.last_accuracy = float(update.val_accuracies[-1])
        if len(update.losses):
            self._last_loss = float(update.losses[-1])
        if update.target_reached_step is not None:
            self._target_step = update.target_reached_step
        rate = self._rate(update.step)
        loss = "–" if self._last_loss is None else f"{self._last_loss:.4f}"
        acc = "–" if self.last_accuracy is None else f"{self.last_accuracy:.1%}"
        speed = f"{rate:,.0f} steps/s" if rate else "– steps/s"
        remaining = update.total_steps - update.step
        eta = f"ETA {remaining / rate:,.1f} s" if rate else "ETA –"
        text = (
            f"Step {update.step:,}/{update.total_steps:,} · {speed} · "
            f"{update.examples_seen:,} examples · {eta} · loss {loss} · "
            f"validation accuracy {acc} · {update.elapsed_s:.1f} s training"
        )
        if self.session is not None and self.session.control.paused:
            text += " — paused (Step advances one step)"
        self.statusLabel.setText(text)
        if update.weights is not None:
            self.weightsUpdated.emit(update)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._error = message

    def _is_live(self, session: TrainingSession) -> bool:
        """True for the current session until its end has been recorded."""
        return session is self.session and not session.handled

    def _on_ended(self, session: TrainingSession | None = None) -> None:
        session = session or self.session
        if session is not self.session or session is None or session.handled:
            return
        session.handled = True
        run = self.run
        base = self.statusLabel.text().split(" — ")[0] if run.step else "No step was taken."
        base = re.sub(r" · ETA [^·]*?(?= · |$)", "", base)  # nothing left to wait for
        if self._error:
            run.status = "diverged" if "diverged" in self._error else "failed"
            run.message = self._error
            text = (
                self._error
                if self._error.startswith("Training")
                else f"Training stopped: {self._error}"
            )
        elif run.step >= run.config.steps:
            run.status = "finished"
            text = "Training finished. " + base
        elif self._target_step is not None:
            run.status = "target reached"
            rule = self.session.stop_rule
            text = (
                f"Target reached: validation accuracy ≥ {rule.target_accuracy:.1%} for "
                f"{rule.patience} evaluations. " + base
            )
        else:
            run.status = "stopped"
            text = "Training stopped. " + base
        self.statusLabel.setText(text)
        self.history.refresh(run)
        self.lossPlot.mark_dirty()
        self._update_buttons()
        self.runEnded.emit(text)
