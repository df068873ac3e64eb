"""Issue 20, section 2: heatmaps label every symbol and carry a colour scale with its units."""

from __future__ import annotations

import numpy as np
import pytest
from axis_labels import drawn_label_rects, drawn_labels
from PySide6.QtCore import Qt

from cipherlab.core.inside import hidden_states, learned_mapping, period_tracking
from cipherlab.core.storage import load_model
from cipherlab.gui.decoding import DecodePanel
from cipherlab.gui.inside.hidden_state_view import HiddenStateView
from cipherlab.gui.inside.mapping_view import MappingView
from cipherlab.resources import default_model_path, example_models

SEED = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")


@pytest.fixture(scope="module")
def caesar():
    return load_model(default_model_path())


@pytest.fixture(scope="module")
def rot13():
    return load_model(example_models()["rot13"])


def bar_title(bar) -> str:
    return bar.getAxis("left").labelText


@pytest.mark.parametrize(
    ("model", "ciphertext", "symbols"),
    [("caesar", "FUVEM", SEED), ("rot13", "Uryyb jbeyq", SEED[:26])],
)
def test_the_probability_heatmap_labels_every_symbol(qtbot, request, model, ciphertext, symbols):
    bundle = request.getfixturevalue(model)
    panel = DecodePanel()
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    panel.set_model(bundle.model, bundle.cipher, bundle.seq_len, model)
    with qtbot.waitSignal(panel.decoded, timeout=5000):
        panel.set_ciphertext(ciphertext)
    view = panel.decodingView
    qtbot.mouseClick(view.heatmapToggle, Qt.MouseButton.LeftButton)
    heatmap = view.probabilityHeatmap
    qtbot.waitUntil(lambda: drawn_labels(heatmap, "left") == symbols, timeout=3000)
    assert bar_title(heatmap.colour_bar) == "probability (0 to 1)"
    assert tuple(heatmap.colour_bar.levels()) == (0, 1)
    # back to the bars: they ask for no more room than before
    qtbot.mouseClick(view.heatmapToggle, Qt.MouseButton.LeftButton)
    assert view.plots.minimumSizeHint().height() == view.probabilityBars.minimumHeight()


def test_the_learned_mapping_labels_every_symbol_on_both_axes(qtbot, caesar):
    view = MappingView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    mapping = learned_mapping(caesar.model, caesar.cipher, caesar.seq_len)
    view.show_mapping(mapping, caesar.alphabet.symbols)
    (plot,) = view.plots
    for axis in ("left", "bottom"):
        qtbot.waitUntil(lambda a=axis: drawn_labels(plot, a) == SEED, timeout=3000)
    assert bar_title(view.colourBar) == "probability (0 to 1)"
    assert tuple(view.colourBar.levels()) == (0, 1)


@pytest.fixture(params=[1.0, 1.4], ids=["normal", "presenter"])
def text_scale(request):
    """The application's font at 1 or 1.4 times (presenter mode) while a test runs."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    normal = QApplication.font()
    larger = QFont(normal)
    larger.setPointSizeF(normal.pointSizeF() * request.param)
    QApplication.setFont(larger)
    yield request.param
    QApplication.setFont(normal)


@pytest.mark.parametrize("size", [(520, 420), (900, 700)])
def test_a_grid_of_maps_labels_symbols_without_drawing_one_over_another(qtbot, size, text_scale):
    """Five Vigenère maps at 1280 x 720 drew 27 labels each over one another ("ÆEJOPUZ");
    in presenter mode they touched ("AFKPUZ"): the room was the view's, not the map's."""
    bundle = load_model(example_models()["vigenere"])
    view = MappingView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    mapping = learned_mapping(bundle.model, bundle.cipher, bundle.seq_len)
    view.show_mapping(mapping, bundle.alphabet.symbols)
    assert len(view.plots) == 5

    def apart() -> bool:
        for plot in view.plots:
            for axis in ("left", "bottom"):
                rects = [rect for _text, rect in drawn_label_rects(plot, axis)]
                if len(rects) < 3:
                    return False
                pairs = zip(rects, rects[1:], strict=False)
                gaps = [
                    b.top() - a.bottom() if axis == "left" else b.left() - a.right()
                    for a, b in pairs
                ]
                if min(gaps) < 2:  # apart, with a visible gap
                    return False
        return True

    qtbot.waitUntil(apart, timeout=3000)
    first = [text for text, _rect in drawn_label_rects(view.plots[0], "bottom")]
    assert first[0] == "A"


def test_the_hidden_state_has_a_colour_scale_in_its_units(qtbot, caesar):
    view = HiddenStateView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    letters = "THIS-IS-A-SECRET"
    indices = np.array([caesar.alphabet.symbols.index(c) for c in letters], dtype=np.int64)
    states = hidden_states(caesar.model, indices)
    view.show_states(states, letters, 1, period_tracking(states["hidden"], 1))
    assert bar_title(view.colourBar) == "hidden state activation (−1 to 1)"
    assert tuple(view.colourBar.levels()) == (-1, 1)
    qtbot.waitUntil(lambda: drawn_labels(view.heatmap, "bottom") == list(letters), timeout=3000)
    view.hiddenSignalSelector.setCurrentText("forget gate")
    assert bar_title(view.colourBar) == "gate (0 = shut, 1 = open)"
    assert tuple(view.colourBar.levels()) == (0, 1)
