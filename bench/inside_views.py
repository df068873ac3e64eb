"""The cost of looking inside: GUI heartbeat and training speed with the views open vs closed.

The real main window (offscreen) trains a Fast Vigenère model (key LEMON) twice with the
same settings, side by side in one run: once with **View > Inside the network** closed, once
open, first with each tab in turn kept in front for a whole run (learned mapping, hidden
state, saliency on a chosen letter, embeddings: computed live from the run's weights), then
with the tab switched every 0.5 s (each switch paints a view afresh).
A 5 ms QTimer on the GUI thread records how late each tick arrives; steps per second come
from the run's own training time. Last, the hidden-state view is timed on a 1,000-letter
text: computing the states (worker) and drawing them (GUI thread).

    python bench/inside_views.py --steps 1500
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from gui_responsiveness import heartbeat_gaps, summary
from offscreen_window import training_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

TEXT = "THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG-"


def train(window, views_open: bool, tab: int | None = None) -> tuple[np.ndarray, float]:
    """One run; returns the heartbeat gaps (ms) and the run's steps per second.

    ``tab`` keeps that tab in front; None with the views open switches tabs every 0.5 s.
    """
    panel, inside = window.trainingPanel, window.insideView
    if views_open:  # the views' tab beside the plot (the plot's tab otherwise)
        panel.show_view(inside)
    else:
        panel.viewTabs.setCurrentIndex(0)
    cycle = QTimer()
    cycle.setInterval(500)
    cycle.timeout.connect(lambda: inside.tabs.setCurrentIndex((inside.tabs.currentIndex() + 1) % 4))
    if views_open and tab is None:
        cycle.start()
    elif tab is not None:
        inside.tabs.setCurrentIndex(tab)
    heartbeat_gaps(0.5)
    panel.start()
    if views_open:
        QTimer.singleShot(300, lambda: window.decodePanel.decodingView.probabilityBars.select(20))
    gaps = heartbeat_gaps(None, until=lambda: not panel.running)
    cycle.stop()
    run = panel.run
    return gaps, run.step / run.elapsed_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--tab", type=int, default=None, help="keep one tab open (0-3)")
    args = parser.parse_args()
    _app, window = training_window(args.steps)
    window.trainingPanel.may_start = lambda: True  # each run replaces the last unsaved model
    task = window.trainingPanel.trainingSettings.task
    task.cipherSelector.setCurrentIndex(task.cipherSelector.findData("vigenere"))
    task.keyInput.setText("LEMON")
    settings = window.trainingPanel.trainingSettings
    settings.select_preset("fast")
    settings.autoStopCheck.setChecked(False)
    settings.form.editor("steps").setText(str(args.steps))
    cipher = settings.task.cipher
    window.decodePanel.set_ciphertext(cipher.encrypt(TEXT * 5))
    closed, closed_speed = train(window, views_open=False)
    print(f"offscreen main window, Fast Vigenère LEMON, {args.steps} steps per run, "
          "live plot and decoding on in every run")  # fmt: skip
    print(summary("views closed", closed) + f"  steps/s {closed_speed:6.1f}")
    names = ["learned mapping", "hidden state", "where it looks", "embeddings"]
    tabs = [args.tab] if args.tab is not None else [0, 1, 2, 3, None]
    for tab in tabs:
        opened, open_speed = train(window, views_open=True, tab=tab)
        name = f"open: {names[tab]}" if tab is not None else "open, tab switched every 0.5 s"
        ratio = open_speed / closed_speed
        p99, worst = np.percentile(opened, 99), opened.max()
        verdict = (
            f"p99 {'met' if p99 <= 20 else 'MISSED'}, max {'met' if worst <= 100 else 'MISSED'}"
            f", speed {'met' if ratio >= 0.8 else 'MISSED'}"
        )
        print(summary(name, opened) + f"  steps/s {open_speed:6.1f} ({ratio:.2f}×)  {verdict}")
    print("targets with the views open: p99 <= 20 ms, max <= 100 ms, >= 80 % of the steps/s")

    # the hidden-state view on 1,000 letters: compute (worker side) and draw (GUI side)
    from cipherlab.core.inside import hidden_states, period_tracking

    bundle = window.current.bundle
    letters = (TEXT * 25)[:1000]
    indices = np.asarray(bundle.cipher.alphabet.encode(bundle.cipher.encrypt(letters)).indices)
    computes, draws = [], []
    view = window.insideView.hiddenStateView
    for _ in range(5):
        start = time.perf_counter()
        states = hidden_states(bundle.model, indices)
        scores = period_tracking(states["hidden"], 5)
        computes.append(time.perf_counter() - start)
        start = time.perf_counter()
        view.show_states(states, letters, 5, scores)
        view.repaint()
        QApplication.processEvents()
        draws.append(time.perf_counter() - start)
    print(f"hidden-state view, 1,000 letters: compute median {np.median(computes) * 1000:.0f} ms "
          f"(worker), draw median {np.median(draws) * 1000:.0f} ms (GUI thread); target: draw "
          f"<= 100 ms ({'met' if np.median(draws) <= 0.1 else 'MISSED'})")  # fmt: skip
    window.quit_without_asking()


if __name__ == "__main__":
    main()
