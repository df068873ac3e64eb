"""A feedback decoder's doubtful letters and the letters that follow them (issue 22, item 2)."""

from __future__ import annotations

import numpy as np
import torch

from cipherlab.core.network import (
    LOW_CONFIDENCE,
    MAX_DOUBTS,
    CipherRNN,
    decode,
    decode_greedily,
    follow_doubts,
)
from cipherlab.core.settings import ModelConfig

FEEDBACK = ModelConfig(vocab_size=27, embedding_dim=4, hidden_size=8, feedback=True)


def _model(seed: int = 0, **changes) -> CipherRNN:
    torch.manual_seed(seed)
    return CipherRNN(ModelConfig(**{**FEEDBACK.__dict__, **changes})).eval()


def _probabilities(model: CipherRNN, indices: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        logits, _ = decode_greedily(model, torch.from_numpy(indices)[None])
    return torch.softmax(logits[0], -1).numpy()


def test_each_follower_changes_when_its_doubt_reads_back_the_runner_up():
    model = _model()
    indices = np.random.default_rng(0).integers(0, 27, 60)
    probs = _probabilities(model, indices)  # an untrained model: every letter is doubtful
    p, chosen = probs.max(axis=1), probs.argmax(axis=1)
    found = follow_doubts(model, indices, probs, LOW_CONFIDENCE)
    assert np.array_equal(found.doubts, np.sort(np.argsort(p, kind="stable")[:MAX_DOUBTS]))
    expected_carried, expected_follows = np.ones(60), np.full(60, -1)
    for doubt in found.doubts.tolist():  # one decode per doubt, none batched
        runner_up = int(np.argsort(-probs[doubt], kind="stable")[1])
        with torch.no_grad():
            logits, _ = decode_greedily(
                model, torch.from_numpy(indices)[None], forced={doubt: runner_up}
            )
        changed = np.flatnonzero(logits[0].argmax(-1).numpy() != chosen)
        changed = changed[changed > doubt]
        expected_carried[changed] *= p[doubt]
        expected_follows[changed[expected_follows[changed] < 0]] = doubt
    assert (expected_follows >= 0).sum() > 10  # the test sees letters that follow
    np.testing.assert_array_equal(found.follows, expected_follows)
    np.testing.assert_allclose(found.carried, expected_carried, rtol=1e-6)


def test_a_sure_decoding_carries_nothing_over():
    model = _model()
    with torch.no_grad():
        model.linear.bias[3] = 50.0  # every letter is symbol 3, at probability ~1
    indices = np.random.default_rng(1).integers(0, 27, 40)
    probs = _probabilities(model, indices)
    assert probs.max(axis=1).min() > LOW_CONFIDENCE
    found = follow_doubts(model, indices, probs, LOW_CONFIDENCE)
    assert found.doubts.size == 0 and (found.follows == -1).all() and (found.carried == 1).all()


def test_the_decoding_shows_probability_times_the_doubts_it_follows():
    from cipherlab.core.ciphers import ALPHABETS

    model, alphabet = _model(seed=2), ALPHABETS["seed"]
    text = "QWERTY-UIOP-ASDF-GHJKL-ZXCVB-NM"
    decoding = decode(model, alphabet, text, continuous=True)
    assert decoding.carry_over is not None
    raw = decoding.probabilities.max(axis=1)
    np.testing.assert_allclose(decoding.confidence, raw * decoding.carry_over.carried)
    follower = int(np.flatnonzero(decoding.carry_over.follows >= 0)[0])
    doubt = decoding.follows(follower)
    assert doubt < follower and decoding.confidence[follower] <= raw[follower] * raw[doubt]
    plain = CipherRNN(ModelConfig(vocab_size=27, embedding_dim=4, hidden_size=8)).eval()
    assert decode(plain, alphabet, text, continuous=True).carry_over is None
    assert decode(model, alphabet, "").carry_over is None


def test_the_bars_outline_what_an_earlier_doubt_takes_from_a_letter(qtbot):
    from PySide6.QtCore import QPointF, Qt

    from cipherlab.core.ciphers import make_cipher
    from cipherlab.gui.decoding import DecodePanel

    panel = DecodePanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    cipher = make_cipher("autokey", "KEY", "seed")
    panel.set_model(_model(seed=2), cipher, 32, "an untrained feedback model")
    with qtbot.waitSignal(panel.decoded, timeout=20000) as shown:
        panel.set_ciphertext("QWERTY-UIOP-ASDF-GHJKL-ZXCVB-NM")
    decoding = shown.args[0]
    carry = decoding.carry_over
    followers = np.flatnonzero(carry.follows >= 0)
    view = panel.decodingView
    bars = view.probabilityBars
    np.testing.assert_allclose(bars.bar_heights(), decoding.confidence)
    drawn = bars.drawn_carried_slots()
    assert drawn == decoding.positions[followers].tolist()
    own = decoding.probabilities[followers].max(axis=1)
    np.testing.assert_allclose(np.asarray(bars.carried.opts["y0"]), decoding.confidence[followers])
    np.testing.assert_allclose(
        np.asarray(bars.carried.opts["height"]), own - decoding.confidence[followers], atol=1e-6
    )
    assert f"{len(followers):,} carry an earlier letter's doubt" in view.statusLabel.text()
    slot = int(decoding.positions[followers[0]])
    point = bars.mapFromScene(bars.getPlotItem().vb.mapViewToScene(QPointF(slot, 0.3)))
    with qtbot.waitSignal(bars.symbolSelected, timeout=1000):
        qtbot.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton, pos=point)
    doubt = decoding.follows(int(followers[0]))
    assert f"Follows letter {doubt + 1} (" in view.distributionLabel.text()
    own, shown_p = own[0], decoding.confidence[followers[0]]
    assert view.distributionPlot.title.endswith(f"(model's {own:.1%}, shown {shown_p:.1%})")
    tip = view.plaintextOutput.tooltip_at(slot)
    assert f"Follows letter {doubt + 1} (" in tip
    assert f"Shown {decoding.confidence[followers[0]]:.1%}" in tip
    assert f"× {carry.carried[followers[0]]:.1%}, the chance" in tip
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)


def test_decode_json_gives_the_shown_probability_and_the_letter_followed(tmp_path, capsys):
    import json

    from cipherlab.cli import main
    from cipherlab.core.settings import preset
    from cipherlab.core.storage import load_model, make_bundle, save_model

    config = preset("fast", cipher="autokey", key="KEY", feedback=True, hidden_size=8)
    path = tmp_path / "untrained.safetensors"
    save_model(path, make_bundle(config))  # untrained: letters below 50 % to follow
    text = "QWERTY UIOP-ASDF"
    capsys.readouterr()
    assert main(["decode", "--model", str(path), "--json", text]) == 0
    symbols = json.loads(capsys.readouterr().out)["symbols"]
    bundle = load_model(path)
    decoding = decode(bundle.model, bundle.cipher.alphabet, text, continuous=True)
    assert [s["probability"] for s in symbols] == [round(float(p), 6) for p in decoding.confidence]
    followed = {s["position"]: s["follows"] for s in symbols if "follows" in s}
    followers = np.flatnonzero(decoding.carry_over.follows >= 0)
    assert followed and followed == {
        int(decoding.positions[i]): int(decoding.positions[decoding.follows(int(i))])
        for i in followers
    }


def test_a_lessons_red_letters_are_the_red_bars(qtbot, make_window, tmp_path):
    from cipherlab.core.settings import preset
    from cipherlab.core.storage import make_bundle, save_model
    from cipherlab.gui.lesson_facts import window_facts

    config = preset("fast", cipher="autokey", key="KEY", feedback=True, hidden_size=8, seed=0)
    bundle = make_bundle(config)
    with torch.no_grad():  # untrained but sharp: many letters above 50 %, some followers
        bundle.model.linear.weight.mul_(20.0)
        bundle.model.rnn.weight_ih_l0.mul_(3.0)
    path = tmp_path / "sharp.safetensors"
    save_model(path, make_bundle(config, bundle.model))
    window = make_window()
    assert window.files.open_model(path)
    decode = window.decodePanel
    with qtbot.waitSignal(decode.decoded, timeout=20000) as shown:
        decode.set_ciphertext("QWERTY-UIOP-ASDF-GHJKL-ZXCVB-NM")
    decoding = shown.args[0]
    red = int((decoding.confidence < LOW_CONFIDENCE).sum())
    assert red > int((decoding.probabilities.max(axis=1) < LOW_CONFIDENCE).sum())
    facts = window_facts(window.trainingPanel, decode, window.insideView, window.generalisationView)
    assert facts.unsure_letters == red
    qtbot.waitUntil(lambda: not decode.busy, timeout=10000)


def test_a_long_text_follows_its_doubts_block_by_block(monkeypatch):
    from cipherlab.core.ciphers import ALPHABETS
    from cipherlab.core.network import decoding as decoding_module

    monkeypatch.setattr(decoding_module, "STREAM_BLOCK", 16)
    model, alphabet = _model(seed=4), ALPHABETS["seed"]
    text = "QWERTY-UIOP ASDF-GHJKL-ZXCVB-NM-POIUYTREWQ-LKJHG"
    whole = decode(model, alphabet, text, continuous=True)
    indices = whole.encoded.indices
    assert len(indices) > 32  # three blocks
    state, expected = None, []
    for start in range(0, len(indices), 16):
        piece = indices[start : start + 16]
        with torch.no_grad():
            logits, after = model.stream(torch.from_numpy(piece)[None], state)
        probs = torch.softmax(logits[0], -1).numpy()
        found = follow_doubts(model, piece, probs, LOW_CONFIDENCE, state)
        expected.append((start, found))
        state = after
    follows = np.concatenate(
        [np.where(f.follows >= 0, f.follows + start, -1) for start, f in expected]
    )
    np.testing.assert_array_equal(whole.carry_over.follows, follows)
    np.testing.assert_allclose(
        whole.carry_over.carried, np.concatenate([f.carried for _, f in expected]), rtol=1e-6
    )
    np.testing.assert_array_equal(
        whole.carry_over.doubts, np.concatenate([f.doubts + start for start, f in expected])
    )
    followers = np.flatnonzero(follows >= 0)
    assert len(followers) and (follows[followers] // 16 == followers // 16).all()


def test_a_feedback_models_longer_texts_decode_off_the_gui_thread(qtbot):
    from cipherlab.core.ciphers import make_cipher
    from cipherlab.gui.decoding import DecodePanel
    from cipherlab.gui.decoding.known_key_view import FEEDBACK_SYNC_LIMIT, SYNC_LIMIT

    panel = DecodePanel()
    qtbot.addWidget(panel)
    cipher = make_cipher("autokey", "KEY", "seed")
    text = "QWERTY-UIOP-" * (FEEDBACK_SYNC_LIMIT // 12 + 1)  # one letter a step: too long
    assert FEEDBACK_SYNC_LIMIT < len(text) < SYNC_LIMIT
    panel.set_model(_model(seed=2), cipher, 32, "an untrained feedback model")
    with qtbot.waitSignal(panel.decoded, timeout=20000) as shown:
        panel.set_ciphertext(text)
        panel.refresh()
        assert panel.busy  # handed to the worker, not decoded while the window waits
    assert len(shown.args[0].plaintext) == len(text)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    plain = CipherRNN(ModelConfig(vocab_size=27, embedding_dim=4, hidden_size=8)).eval()
    panel.set_model(plain, cipher, 32, "an untrained model without feedback")
    with qtbot.waitSignal(panel.decoded, timeout=20000):
        panel.set_ciphertext(text + "A")
        panel.refresh()
        assert not panel.busy  # parallel decoding: at once
