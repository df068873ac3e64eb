"""Look inside the network: four views of the current model, computed in a worker.

:class:`InsideView` follows the window's current model (live during training), the text in
the ciphertext box (a language model: the text it wrote) and the output letter chosen on the
probability bars. At most every :data:`MIN_INTERVAL_MS` (:data:`LIVE_INTERVAL_MS` while a
run trains) it computes, off the GUI thread, what the open tab shows, and nothing while the
views are hidden.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from superqt.utils import qthrottled

from ..widgets import LatestWorker
from .embedding_view import EmbeddingView
from .hidden_state_view import HiddenStateView
from .mapping_view import MappingView
from .saliency_view import SaliencyView

if TYPE_CHECKING:
    from cipherlab.core.ciphers import Cipher
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.session import CurrentModel
    from cipherlab.core.storage import ModelBundle
    from cipherlab.core.text import Alphabet

MIN_INTERVAL_MS = 150
"""Least time between two computations of a model that is not training."""
LIVE_INTERVAL_MS = 1_000
"""Least time between two computations while a run trains (it sends new weights 4 times a
second): drawing a view takes 5-20 ms of the GUI thread, and once a second keeps the window's
99th-percentile heartbeat gap where it is with the views closed (bench/inside_views.py)."""
MAX_SYMBOLS = 1_000
"""Letters of the text the hidden-state and saliency views read (its beginning)."""
TABS = ("mapping", "hidden", "saliency", "embedding")


@dataclass(frozen=True)
class _Job:
    model: CipherRNN
    cipher: Cipher | None  # None: a language model, which reads plaintext, or an identifier
    alphabet: Alphabet
    seq_len: int
    views: frozenset[str]
    text: str
    position: int | None
    writes_text: bool = False  # a language model: it reads a start symbol first


def _inputs(job: _Job) -> tuple[np.ndarray, str]:
    """The input indices the network reads for ``job.text`` and the letters to label them."""
    alphabet = job.alphabet
    indices = np.asarray(alphabet.encode(job.text).indices, dtype=np.int64)[:MAX_SYMBOLS]
    letters = "".join(alphabet.symbols[i] for i in indices)
    if job.writes_text:  # a language model reads the start symbol, then each letter before
        start = len(alphabet)
        return np.concatenate([[start], indices[:-1]]).astype(np.int64), "^" + letters[:-1]
    return indices, letters


def _chosen_symbol(job: _Job, indices: np.ndarray) -> str:
    """The symbol the model writes after reading ``indices`` (its argmax at the last one)."""
    import torch

    with torch.inference_mode():
        logits = job.model(torch.from_numpy(indices)[None])[0, -1]
    index = int(logits[: len(job.alphabet)].argmax())
    return job.alphabet.symbols[index]


def _compute(
    job: _Job, bundle: ModelBundle
) -> Generator[float, None, tuple[ModelBundle, dict[str, object]]]:
    """Worker generator: returns ``(bundle, found)``, the numbers each requested view draws.

    ``bundle`` is the model file's bundle the job was made from (the views label with it).
    """
    from cipherlab.core.ciphers import key_period
    from cipherlab.core.inside import (
        embedding_map,
        hidden_states,
        learned_mapping,
        period_tracking,
        read_back,
        saliency,
    )

    yield 0.0
    found: dict[str, object] = {}
    period = 1 if job.cipher is None else key_period(job.cipher)
    if "mapping" in job.views and job.cipher is not None:
        found["mapping"] = learned_mapping(job.model, job.cipher, job.seq_len)
    if "embedding" in job.views:
        found["embedding"] = embedding_map(job.model)
    if {"hidden", "saliency"} & job.views and job.text:
        indices, letters = _inputs(job)
        if len(indices) and "hidden" in job.views:
            states = hidden_states(job.model, indices)
            scores = period_tracking(states["hidden"], period)
            found["hidden"] = (states, letters, period, scores)
        position = job.position
        if job.writes_text and position is None:
            position = len(indices) - 1  # the last letter it wrote
        if "saliency" in job.views and position is not None and 0 <= position < len(indices):
            output = _chosen_symbol(job, indices[: position + 1])
            fed_back = None
            if job.model.config.feedback:  # the ciphertext's share and its own letters'
                influence, fed_back = read_back(job.model, indices[: position + 1], position)
            else:
                influence = saliency(job.model, indices[: position + 1], position)
            found["saliency"] = (influence, letters[: position + 1], position, output, fed_back)
    return bundle, found


class InsideView(QWidget):
    """Tabs: Learned mapping, Hidden state, Where it looks, Embeddings.

    Signals
    -------
    message(str)
        For the status bar.
    """

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mappingView = MappingView()
        self.hiddenStateView = HiddenStateView()
        self.saliencyView = SaliencyView()
        self.embeddingView = EmbeddingView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("insideTabs")
        for view, title, tip in (
            (self.mappingView, "Learned mapping", "What the model writes for each letter it reads"),
            (self.hiddenStateView, "Hidden state", "What the network carries between letters"),
            (self.saliencyView, "Where it looks", "Which input letters each output depends on"),
            (self.embeddingView, "Embeddings", "The symbols' learned vectors in 2-D"),
        ):  # fmt: skip
            index = self.tabs.addTab(view, title)
            self.tabs.setTabToolTip(index, tip)
            view.message.connect(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.active = False  # shown to the user (the dock is open)
        self._current: CurrentModel | None = None
        self._bundle: ModelBundle | None = None
        self._text = ""
        self._position: int | None = None
        self._wanted = False
        self._closed = False
        # a running computation finishes (and is drawn) before the newest starts: while a
        # model trains, new weights come faster than some views are computed
        self._worker = LatestWorker(self, interrupt=False)
        self._worker.returned.connect(self._on_result)
        self._worker.errored.connect(self._on_error)
        self._compute_soon = qthrottled(self._start, timeout=MIN_INTERVAL_MS)
        self.tabs.currentChanged.connect(lambda _i: self.update_views())
        self._show_empty_states()

    # ---------------------------------------------------------------- inputs
    def follow(self, current: CurrentModel) -> None:
        """Show ``current``'s model (a CurrentModel), now and whenever it changes."""
        self._current = current
        current.changed.connect(self._on_model_changed)
        self._on_model_changed()

    def set_text(self, text: str) -> None:
        """The text the hidden-state and saliency views read (ciphertext; an LM's sample)."""
        if text != self._text:
            self._text = text
            self._position = None
            self.update_views()

    @Slot(int)
    def set_position(self, index: int) -> None:
        """The output letter (symbol index) whose saliency is shown."""
        self._position = index
        self.update_views()

    def set_active(self, active: bool) -> None:
        """The views are on screen (or not: then nothing is computed)."""
        self.active = active
        self.update_views()

    @property
    def busy(self) -> bool:
        """True while a computation runs or is due."""
        return self._wanted or self._worker.busy

    def shutdown(self) -> None:
        """Stop computing and wait for a computation in progress (the window is closing)."""
        self._closed = True
        self._wanted = False
        self._compute_soon.cancel()
        self._worker.shutdown()

    # ------------------------------------------------------------- scheduling
    def _on_model_changed(self) -> None:
        bundle = self._current.bundle if self._current is not None else None
        if bundle is self._bundle:
            return
        self._bundle = bundle
        if bundle is None:
            self._show_empty_states()
            return
        self.update_views()

    def _views_wanted(self) -> frozenset[str]:
        bundle = self._bundle
        if bundle is None:
            return frozenset()
        wanted: set[str] = set()
        if self.active:
            wanted.add(TABS[self.tabs.currentIndex()])
        return frozenset(wanted)

    @Slot()
    def update_views(self) -> None:
        """Compute what is wanted now, or as soon as the running job and the rate allow."""
        if self._closed or not self._views_wanted():
            return
        self._wanted = True
        live = self._current is not None and self._current.live
        self._compute_soon.setTimeout(LIVE_INTERVAL_MS if live else MIN_INTERVAL_MS)
        self._compute_soon()

    def _start(self) -> None:
        views = self._views_wanted()
        if not self._wanted or not views or self._closed:
            return
        self._wanted = False
        bundle = self._bundle
        assert bundle is not None  # views are wanted only with a model
        job = _Job(
            bundle.model,
            bundle.cipher,
            bundle.alphabet,
            bundle.seq_len,
            views,
            self._text,
            self._position,
            bundle.task_kind.writes_text,
        )
        self._worker.submit(_compute, job, bundle)

    @Slot(object)
    def _on_result(self, result: tuple) -> None:
        bundle, found = result
        if self._closed:
            return
        symbols = bundle.alphabet.symbols
        if "mapping" in found:
            self.mappingView.show_mapping(found["mapping"], symbols)
        if "embedding" in found:
            self.embeddingView.show_map(found["embedding"], symbols)
        if "hidden" in found:
            self.hiddenStateView.show_states(*found["hidden"])
        if "saliency" in found:
            self.saliencyView.show_saliency(*found["saliency"])
        self._show_missing(bundle)

    def _show_missing(self, bundle: ModelBundle) -> None:
        """Empty states that depend on the model and the text, not on a computation."""
        if bundle.cipher is None and bundle.task_kind.labels:
            self.mappingView.show_empty(
                "A cipher identifier reads ciphertexts of every family, each under its own key: "
                "it has no cipher mapping. Its hidden state and embeddings are in the other tabs."
            )
        elif bundle.cipher is None:
            self.mappingView.show_empty(
                "A language model reads plaintext and predicts the next letter: it has no "
                "cipher mapping. Its hidden state, saliency and embeddings are in the other tabs."
            )
        if not self._text:
            sentence = (
                "A language model writes text first: open the decode panel's sample."
                if bundle.task_kind.writes_text
                else "Type a ciphertext in the decode panel to see what the network carries."
            )
            self.hiddenStateView.show_empty(sentence)
            self.saliencyView.show_empty(sentence)
        elif bundle.task_kind.labels:
            self.saliencyView.show_empty(
                "A cipher identifier answers once per message, from every letter at once: "
                "there is no output letter whose influences could be shown."
            )
        elif bundle.cipher is not None and self._position is None:
            self.saliencyView.show_empty(
                "Click a probability bar (or a letter of the plaintext) to choose the output "
                "letter whose influences are shown."
            )

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.message.emit(f"Could not look inside the model: {exc}")

    def _show_empty_states(self) -> None:
        sentence = "Open or train a model to look inside it."
        for view in (self.mappingView, self.hiddenStateView, self.saliencyView, self.embeddingView):
            view.show_empty(sentence)
