"""Position-dependent ciphers are decoded as one sequence, the state carried between pieces.

Core tests first (no Qt), then the CLI and the decode panel end to end with a small Vigenère
model trained here (2 s).
"""

import numpy as np
import pytest
import torch

import cipherlab.core.network.decoding as decoding
from cipherlab.core.network import (
    CipherRNN,
    decode,
    decode_batch,
    decode_in_pieces,
    decode_indices,
    stream_indices,
)
from cipherlab.core.settings import ModelConfig, StopRule, preset


@pytest.fixture(scope="module")
def vigenere():
    """A Vigenère model (key ABC, letters), trained in a few seconds on 32-symbol messages."""
    from cipherlab.core.learning import Trainer

    config = preset("fast", cipher="vigenere", key="ABC", alphabet="letters", seed=1, steps=1500)
    trainer = Trainer(config)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the window's rule on 2 cores: 2 s here, 28 s with 2 threads
    try:
        for _ in trainer.run(stop_rule=StopRule(1.0, 1)):
            pass
    finally:
        torch.set_num_threads(threads)
    assert trainer.evaluate()[1] == 1.0
    return trainer.model, trainer.cipher


def _random_model(cell: str, seed: int = 0) -> CipherRNN:
    torch.manual_seed(seed)
    return CipherRNN(ModelConfig(vocab_size=11, embedding_dim=4, hidden_size=6, cell=cell))


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("chunk", [1, 7, 100, 4096])
def test_streaming_in_chunks_equals_one_call_over_the_whole_sequence(cell, chunk):
    model = _random_model(cell, seed=chunk)
    messages = torch.randint(0, 11, (3, 250), generator=torch.Generator().manual_seed(chunk))
    with torch.inference_mode():
        whole = torch.softmax(model(messages), dim=-1)
    streamed, state = stream_indices(model, messages, chunk=chunk)
    torch.testing.assert_close(streamed, whole, atol=1e-6, rtol=1e-5)
    # and in two calls, the second given the first's state
    first, mid = stream_indices(model, messages[:, :101], chunk=chunk)
    second, end = stream_indices(model, messages[:, 101:], mid, chunk=chunk)
    torch.testing.assert_close(torch.cat([first, second], dim=1), whole, atol=1e-6, rtol=1e-5)
    states = (state, end) if cell == "lstm" else ((state,), (end,))
    for a, b in zip(*states, strict=True):
        torch.testing.assert_close(a, b, atol=1e-6, rtol=1e-5)


def test_windowed_decoding_is_the_models_own_output_on_each_window_bit_for_bit():
    """Caesar-like families still decode in zero-state windows, exactly as before."""
    model = _random_model("lstm")
    indices = torch.randint(0, 11, (100,), generator=torch.Generator().manual_seed(1))
    padded = torch.zeros(128, dtype=torch.int64)
    padded[:100] = indices
    with torch.inference_mode():
        expected = torch.softmax(model(padded.view(4, 32)), dim=-1).reshape(128, -1)[:100]
    assert torch.equal(decode_indices(model, indices, 32), expected)
    assert torch.equal(decode_batch(model, indices[None], 32)[0], expected)


def test_a_batch_decodes_each_message_as_alone():
    model = _random_model("gru")
    messages = torch.randint(0, 11, (4, 70), generator=torch.Generator().manual_seed(2))
    for continuous in (False, True):
        batch = decode_batch(model, messages, 32, continuous=continuous)
        for row, message in zip(batch, messages, strict=True):
            alone = decode_indices(model, message, 32, continuous=continuous)
            torch.testing.assert_close(row, alone, atol=1e-6, rtol=1e-5)


def test_a_vigenere_model_reads_a_long_text_as_one_message(vigenere):
    """Windows of 32 restart the key at each window (32 is not a multiple of 3)."""
    model, cipher = vigenere
    plain = ("attack at dawn, then hold the bridge until the relief column arrives " * 20)[:1000]
    ciphertext = cipher.encrypt(plain)
    assert cipher.decrypt(ciphertext) == plain  # spaces and commas do not consume the key
    result = decode(model, cipher.alphabet, ciphertext, 32, continuous=True)
    assert result.plaintext == plain
    assert decode(model, cipher.alphabet, ciphertext, 32).plaintext != plain


@pytest.mark.parametrize("symbols_per_piece", [1, 33, 100, 640])
def test_continuous_decoding_in_pieces_equals_decoding_the_whole_text(vigenere, symbols_per_piece):
    model, cipher = vigenere
    rng = np.random.default_rng(symbols_per_piece)
    plain = "".join(rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ a-z.")) for _ in range(1500))
    text = cipher.encrypt(plain)
    whole = decode(model, cipher.alphabet, text, 32, continuous=True)
    pieces = list(
        decode_in_pieces(model, cipher.alphabet, text, 32, symbols_per_piece, continuous=True)
    )
    assert len(pieces) > 1
    assert "".join(p.ciphertext for _, p in pieces) == text
    assert "".join(p.plaintext for _, p in pieces) == whole.plaintext == cipher.decrypt(text)
    probs = np.concatenate([p.probabilities for _, p in pieces])
    np.testing.assert_allclose(probs, whole.probabilities, atol=1e-5)


def test_continuous_steps_carry_the_state_from_step_to_step(vigenere, monkeypatch):
    model, cipher = vigenere
    text = cipher.encrypt("THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG " * 30)
    whole = decode(model, cipher.alphabet, text, 32, continuous=True)
    monkeypatch.setattr(decoding, "STREAM_BLOCK", 50)  # many steps
    steps = decoding.decode_steps(model, cipher.alphabet, text, 32, continuous=True)
    progress = []
    while True:
        try:
            progress.append(next(steps))
        except StopIteration as done:
            result = done.value
            break
    assert len(progress) > 20 and progress == sorted(progress)
    assert result.plaintext == whole.plaintext == cipher.decrypt(text)


# ------------------------------------------------------- the CLI and the window, end to end
@pytest.fixture(scope="module")
def vigenere_file(vigenere, tmp_path_factory):
    """The Vigenère model saved as a (format 2) model file."""
    from cipherlab.core.storage import ModelBundle, save_model

    model, cipher = vigenere
    path = tmp_path_factory.mktemp("models") / "vigenere.safetensors"
    save_model(path, ModelBundle(model, cipher, {"training": {"seq_len": 32}}))
    return path


LONG_PLAIN = ("Attack at dawn; hold the bridge until the relief column arrives. " * 40)[:2500]


def test_cipherlab_decode_streams_a_vigenere_text_as_one_message(vigenere_file, tmp_path, capsys):
    from cipherlab.cli import main
    from cipherlab.core.storage import load_model

    cipher = load_model(vigenere_file).cipher
    source = tmp_path / "secret.txt"
    source.write_text(cipher.encrypt(LONG_PLAIN), encoding="utf-8")
    assert main(["decode", "--model", str(vigenere_file), "--file", str(source)]) == 0
    assert capsys.readouterr().out == LONG_PLAIN
    assert main(["info", str(vigenere_file)]) == 0
    assert "Cipher:              Vigenère ABC, A–Z" in capsys.readouterr().out


@pytest.mark.parametrize("length", [200, 20_000])  # decoded inline, and in a worker
def test_the_decode_panel_reads_a_vigenere_text_as_one_message(qtbot, vigenere, length):
    from cipherlab.gui.decoding import DecodePanel

    model, cipher = vigenere
    panel = DecodePanel()
    qtbot.addWidget(panel)
    panel.set_model(model, cipher, 32, "vigenere")
    plain = (LONG_PLAIN * 10)[:length]
    with qtbot.waitSignal(panel.decoded, timeout=20000):
        panel.set_ciphertext(cipher.encrypt(plain))
    assert panel.plaintext() == plain
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)


def test_a_whole_text_is_encoded_a_piece_at_a_time_with_the_same_result(vigenere, monkeypatch):
    model, cipher = vigenere
    plain = "Attack at dawn, then -- the river! Cafe\u0301 👋 " * 40
    text = cipher.encrypt(plain)
    expected = decode(model, cipher.alphabet, text, 32, continuous=True)
    monkeypatch.setattr(decoding, "TEXT_PIECE", 37)  # cuts inside words, before marks
    pieces = list(decode_in_pieces(model, cipher.alphabet, text, 32, 100, continuous=True))
    assert "".join(p.plaintext for _, p in pieces) == expected.plaintext
    assert [p.encoded.n_symbols for _, p in pieces[:-1]] == [128] * (len(pieces) - 1)
