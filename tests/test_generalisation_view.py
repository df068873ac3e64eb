"""The generalisation view: accuracy against message length, measured in a worker."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from axis_labels import drawn_labels
from PySide6.QtCore import Qt

from cipherlab.core.inside import ProbePoint
from cipherlab.core.session import CurrentModel
from cipherlab.core.storage import load_model
from cipherlab.gui.inside import READY, GeneralisationView, summary
from cipherlab.resources import default_model_path

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def shipped():
    """The shipped Caesar model: trained on 32 symbols, 100 % at every length."""
    return load_model(default_model_path())


@pytest.fixture
def current(shipped):
    model = CurrentModel(default_model_path())
    model.use_file(default_model_path(), shipped)
    return model


@pytest.fixture
def view(qtbot, current):
    v = GeneralisationView()
    qtbot.addWidget(v)
    v.follow(current)
    v.show()
    yield v
    assert v.shutdown(5000)


def curve_data(view: GeneralisationView) -> list[tuple[list[float], list[float]]]:
    plot = view.findChild(pg.PlotWidget, "generalisationPlot")
    return [
        ([] if c.xData is None else list(c.xData), [] if c.yData is None else list(c.yData))
        for c in plot.getPlotItem().listDataItems()
    ]


def measure(qtbot, view, lengths: str, messages: int) -> None:
    view.probeLengthsInput.setText(lengths)
    view.probeMessagesSpin.setValue(messages)
    qtbot.mouseClick(view.probeButton, LEFT)
    assert view.running


def test_before_a_measurement_the_plot_is_empty_and_says_what_to_do(qtbot, current):
    view = GeneralisationView()
    qtbot.addWidget(view)
    assert not view.probeButton.isEnabled()  # no model yet
    view.follow(current)
    assert view.probeStatus.text() == READY
    assert view.probeButton.isEnabled() and not view.probeCancelButton.isEnabled()
    assert "Ctrl+Shift+M" in view.probeButton.toolTip()
    assert view.probeLengthsInput.text() == "8,16,32,64,128,256,512,1024"
    assert view.probeMessagesSpin.value() == 100
    assert curve_data(view) == [([], []), ([], [])]
    assert view.trainedLine.label.format == "trained on 32"
    # nothing drawn over the note's sentence: no legend, no training length yet
    assert not view.trainedLine.isVisible()
    assert not view.plot.getPlotItem().legend.isVisible()


def test_the_empty_plot_says_what_is_missing_instead_of_inventing_axes(qtbot, view):
    """Issue 20: before a measurement the plot showed lengths and 0-100 % with nothing drawn."""
    plot = view.findChild(pg.PlotWidget, "generalisationPlot")
    assert view.empty_note.label.isVisible()
    assert view.empty_note.label.toPlainText() == "No measurement yet: click Measure"
    assert drawn_labels(plot, "bottom") == [] and drawn_labels(plot, "left") == []
    measure(qtbot, view, "8,64", 5)
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert not view.empty_note.label.isVisible()
    assert view.trainedLine.isVisible() and plot.getPlotItem().legend.isVisible()
    assert drawn_labels(plot, "bottom") == ["8", "16", "32", "64"]
    # the axis widens for "100" when it is next painted
    qtbot.waitUntil(lambda: drawn_labels(plot, "left") == ["0", "20", "40", "60", "80", "100"])


def test_measure_draws_both_curves_in_percent_at_each_length(qtbot, view):
    measure(qtbot, view, "8,64", 20)
    assert not view.probeButton.isEnabled() and view.probeCancelButton.isEnabled()
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert view.points == [ProbePoint(8, 1.0, 1.0, 20), ProbePoint(64, 1.0, 1.0, 20)]
    assert curve_data(view) == [([8, 64], [100, 100])] * 2
    assert view.probeProgress.value() == view.probeProgress.maximum()
    assert view.probeStatus.text() == (
        "Per symbol 100 % up to 64 symbols; whole messages 100 % up to 64."
    )
    assert view.probeButton.isEnabled()


def test_invalid_lengths_turn_the_field_red_and_disable_measure(qtbot, view):
    view.probeLengthsInput.setText("8,abc")
    assert not view.probeButton.isEnabled()
    assert view.probeError.text() == "A message length is a whole number, got 'abc'."
    assert "border" in view.probeLengthsInput.styleSheet()
    assert view.measure() is False and not view.running
    view.probeLengthsInput.setText("8,-1")
    assert view.probeError.text() == "A message length must be from 1 to 100,000, got -1."
    view.probeLengthsInput.setText("8, 16")
    assert view.probeButton.isEnabled() and view.probeError.text() == ""
    assert view.probeLengthsInput.styleSheet() == ""


def test_a_binary_text_file_is_refused_in_a_sentence_and_nothing_is_lost(
    qtbot, view, tmp_path, monkeypatch
):
    measure(qtbot, view, "8", 5)
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    answers = iter(["", str(binary)])  # cancelled first: the source stays as it was
    monkeypatch.setattr(GeneralisationView, "ask_source_path", lambda _v: next(answers))
    selector = view.probeSourceSelector
    last = selector.findData("file")
    for _ in range(2):
        selector.setCurrentIndex(last)  # what picking "Text file…" in the list does
        selector.activated.emit(last)
    assert selector.currentIndex() == last and selector.currentText() == "Text file: data.bin"
    qtbot.mouseClick(view.probeButton, LEFT)
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert view.probeStatus.text() == "data.bin is a binary file, not text (it holds NUL bytes)."
    assert view.points == [ProbePoint(8, 1.0, 1.0, 5)]  # the last measurement stays


def test_a_cancelled_text_file_dialog_keeps_the_source(view, monkeypatch):
    monkeypatch.setattr(GeneralisationView, "ask_source_path", lambda _v: "")
    last = view.probeSourceSelector.findData("file")
    view.probeSourceSelector.setCurrentIndex(last)
    view.probeSourceSelector.activated.emit(last)
    assert view.probeSourceSelector.currentData() == "random"


def test_cancel_stops_a_long_probe_and_keeps_what_was_measured(qtbot, view):
    measure(qtbot, view, "1024", 10000)
    qtbot.waitUntil(lambda: view.probeProgress.value() > 0, timeout=10000)
    qtbot.mouseClick(view.probeCancelButton, LEFT)
    assert view.probeStatus.text().startswith("Cancelled")
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert view.probeStatus.text().startswith("Cancelled") and view.points == []
    assert view.probeButton.isEnabled()


def test_a_new_model_clears_the_curves(qtbot, view, current):
    measure(qtbot, view, "8", 5)
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert curve_data(view) == [([8], [100])] * 2
    current.use_file(default_model_path(), load_model(default_model_path()))  # opened again
    assert view.points == [] and curve_data(view) == [([], []), ([], [])]
    assert view.probeStatus.text().startswith("The model changed")


def test_a_new_model_cancels_a_running_probe(qtbot, view, current):
    measure(qtbot, view, "1024", 10000)
    current.use_file(default_model_path(), load_model(default_model_path()))
    assert view.probeStatus.text().startswith("The model changed")
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert view.points == [] and view.probeStatus.text().startswith("The model changed")


def test_a_live_model_is_measured_as_it_was_when_measure_was_clicked(qtbot, view, current):
    run = object()
    current.follow(run)
    current.show_live(run, load_model(default_model_path()), 10)
    assert "training" in view.probeStatus.text()
    measure(qtbot, view, "8,16", 5)
    current.show_live(run, load_model(default_model_path()), 20)  # later weights: no cancel
    qtbot.waitUntil(lambda: not view.running, timeout=10000)
    assert len(view.points) == 2
    assert view.probeStatus.text().endswith("The weights of that moment (training, step 10).")
    current.finish_run(run, load_model(default_model_path()))  # the trained model: new
    assert view.points == []


def test_shutdown_waits_for_the_worker_and_measures_nothing_after(qtbot, view):
    measure(qtbot, view, "1024", 10000)
    assert view.shutdown(5000) and not view.running
    assert view.measure() is False and not view.probeButton.isEnabled()


@pytest.mark.parametrize(
    "accuracies, text",
    [
        ([(1, 1), (1, 1)], "Per symbol 100 % up to 64 symbols; whole messages 100 % up to 64."),
        (
            [(1, 1), (0.9996, 0.5)],
            "Per symbol 100 % up to 8 symbols, 99.9 % at 64; whole messages 100 % up to 8, "
            "50 % at 64.",
        ),
        (
            [(0.5, 0), (0.25, 0)],
            "Per symbol 50 % already at 8 symbols; whole messages 0 % already at 8.",
        ),
    ],
)
def test_the_summary_says_where_accuracy_first_drops_below_100(accuracies, text):
    points = [
        ProbePoint(n, s, m, 10) for n, (s, m) in zip((64, 8), reversed(accuracies), strict=True)
    ]
    assert summary(points) == text
