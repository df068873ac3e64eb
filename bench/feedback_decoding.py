"""Autokey with feedback: time to 100 %, long messages, decode time, one wrong letter's wake.

For autokey primers of 3, 7 and 12 symbols (random keys, ``KEY_SEED``), in this process on
the CPU with one torch thread:

* the Fast preset (feedback on) trained until auto-stop, as the window and the CLI stop it
  (100 % validation accuracy at 3 evaluations in a row): steps and seconds (training steps
  and evaluations only). Stopped at the first 100 % instead, whole 1,024-symbol messages
  came out right only 76-97 % of the time;
* ``probe``'s measure at 1,024 symbols: per-symbol and whole-message accuracy over fresh
  random messages, decoded as one sequence from the model's own outputs;
* decode time of a 1,000-symbol text (median of 20), beside the same-sized model without
  feedback (one torch call) and the NumPy stepper without feedback, in the same run;
* one wrong letter: a 1,000-symbol message decoded with the letter at position 100 replaced
  by a wrong one before it is fed back; how many later letters differ from the true
  plaintext, how far apart, and the model's probability of those wrong letters;
* what the probability bars show for the right and wrong letters of the trained model and
  of one stopped at its first evaluation of 90 % or more (its own mistakes, not forced
  ones): the model's probability,
  and the probability shown once letters that follow a doubtful one carry its doubt
  (:func:`~cipherlab.core.network.follow_doubts`, letters below 50 % as in the window, and
  for the trained model also 90 %), on 20 fresh 1,000-symbol messages; and what following
  the doubts costs in decode time, there and on texts of 10,000 and 100,000 symbols.

    python bench/feedback_decoding.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import torch

from cipherlab.core.ciphers import ALPHABETS, Cipher, VigenereCipher, make_cipher
from cipherlab.core.inside import probe
from cipherlab.core.learning import Trainer
from cipherlab.core.network import (
    LOW_CONFIDENCE,
    CipherRNN,
    RecurrentStepper,
    decode,
    decode_greedily,
    decode_in_pieces,
    follow_doubts,
)
from cipherlab.core.settings import DEFAULT_PATIENCE, StopRule, preset
from cipherlab.core.storage import make_bundle

KEY_SEED = 11
FLIP_AT = 100


def _median_ms(run: Callable[[], object], repeats: int = 20) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def decode_times(model: CipherRNN, cipher: Cipher, text: str) -> str:
    """Decode times of ``text`` with feedback, and without (one torch call; the stepper)."""
    plain_model = CipherRNN(replace(model.config, feedback=False)).eval()
    alphabet = cipher.alphabet
    ms = _median_ms(lambda: decode(model, alphabet, text, continuous=True))
    base = _median_ms(lambda: decode(plain_model, alphabet, text, continuous=True))
    indices = alphabet.encode(text).indices.tolist()

    def stepper() -> None:
        step = RecurrentStepper(plain_model)
        for index in indices:
            step.step(index)

    stepped = _median_ms(stepper, 5)
    return (
        f"decode {len(indices):,} symbols: feedback {ms:.1f} ms; without feedback "
        f"{base:.1f} ms (one torch call), NumPy stepper {stepped:.1f} ms"
    )


def wake(model: CipherRNN, cipher: Cipher, rng: np.random.Generator, trials: int = 20) -> str:
    """What one wrong letter fed back at :data:`FLIP_AT` does to the letters after it."""
    symbols = np.array(list(cipher.alphabet.symbols))
    counts, gaps, confidence, unforced = [], [], [], 0
    for trial in range(trials):
        message = "".join(symbols[rng.integers(0, len(symbols), 1000)])
        truth = cipher.alphabet.encode(message).indices
        indices = torch.from_numpy(cipher.alphabet.encode(cipher.encrypt(message)).indices)
        wrong = (int(truth[FLIP_AT]) + 1 + trial % 26) % 27
        with torch.no_grad():
            free, _ = decode_greedily(model, indices[None])
            flipped, _ = decode_greedily(model, indices[None], forced={FLIP_AT: wrong})
        probs = torch.softmax(flipped[0], -1).numpy()
        chosen = probs.argmax(1)
        bad = np.flatnonzero(chosen[FLIP_AT + 1 :] != truth[FLIP_AT + 1 :]) + FLIP_AT + 1
        counts.append(len(bad))
        gaps += np.diff(np.concatenate([[FLIP_AT], bad])).tolist()
        confidence += probs[bad, chosen[bad]].tolist()
        unforced += int((free[0].argmax(-1).numpy() != truth).sum())
    spacing = statistics.mode(gaps) if gaps else "-"
    mean_p = f"{np.mean(confidence):.3f}" if confidence else "-"
    return (
        f"one wrong letter at {FLIP_AT}: later letters wrong, median "
        f"{statistics.median(counts)} (min {min(counts)}, max {max(counts)}) of "
        f"{999 - FLIP_AT}, most often {spacing} apart; the model's mean probability of "
        f"those wrong letters {mean_p}; wrong letters without the flip: {unforced}"
    )


def doubts_shown(
    model: CipherRNN, cipher: Cipher, rng: np.random.Generator, below: float = LOW_CONFIDENCE
) -> list[str]:
    """The bars' probabilities of right and wrong letters, before and after carrying doubts.

    ``below``: the doubtful letters' bound (the window uses ``LOW_CONFIDENCE``).
    """
    symbols = np.array(list(cipher.alphabet.symbols))
    raw, shown, right, plain_times, follow_times, followers = [], [], [], [], [], 0
    for _ in range(20):
        message = "".join(symbols[rng.integers(0, len(symbols), 1000)])
        ciphertext = cipher.encrypt(message)
        start = time.perf_counter()
        ((_, decoding),) = decode_in_pieces(
            model, cipher.alphabet, ciphertext, continuous=True, follow=False
        )
        plain_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        carry = follow_doubts(model, decoding.encoded.indices, decoding.probabilities, below)
        follow_times.append(time.perf_counter() - start)
        raw.append(decoding.probabilities.max(axis=1))
        shown.append(raw[-1] * carry.carried)
        right.append(decoding.chosen == cipher.alphabet.encode(message).indices)
        followers += int((carry.follows >= 0).sum())
    p, q, ok = np.concatenate(raw), np.concatenate(shown), np.concatenate(right)
    lines = [
        f"{ok.mean():.2%} of {len(ok):,} letters right; {followers:,} follow a letter below "
        f"{below:.0%}; decode {1000 * statistics.median(plain_times):.1f} ms, following the "
        f"doubts {1000 * statistics.median(follow_times):.1f} ms more (median per message)"
    ]
    for name, values in (("model's probability", p), ("shown (doubts carried)", q)):
        bad = values[~ok]
        wrong = (
            f"wrong letters mean {bad.mean():.3f}, {(bad < LOW_CONFIDENCE).mean():.0%} red; "
            if len(bad)
            else ""
        )
        lines.append(
            f"{name}: {wrong}right letters mean {values[ok].mean():.3f}, "
            f"{(values[ok] < LOW_CONFIDENCE).mean():.1%} red; "
            f"all letters mean {values.mean():.3f} beside {ok.mean():.3f} right"
        )
    return lines


def long_text_times(model: CipherRNN, cipher: Cipher, rng: np.random.Generator) -> str:
    """Decode times of 10,000 and 100,000 symbols, following the doubts and not."""
    symbols = np.array(list(cipher.alphabet.symbols))
    parts = []
    for n in (10_000, 100_000):
        text = cipher.encrypt("".join(symbols[rng.integers(0, len(symbols), n)]))
        start = time.perf_counter()
        decoding = decode(model, cipher.alphabet, text, continuous=True)
        followed = time.perf_counter() - start
        start = time.perf_counter()
        for _ in decode_in_pieces(model, cipher.alphabet, text, continuous=True, follow=False):
            pass
        plain = time.perf_counter() - start
        assert decoding.carry_over is not None
        parts.append(
            f"{n:,} symbols {plain:.2f} s, following {len(decoding.carry_over.doubts)} doubts "
            f"{followed:.2f} s"
        )
    return "long texts: " + "; ".join(parts)


def main() -> None:
    """Print one block of figures per primer length."""
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    for length in (3, 7, 12):
        key = VigenereCipher.random_key(KEY_SEED, ALPHABETS["seed"], length)
        config = preset("fast", cipher="autokey", key=key)
        trainer = Trainer(config)
        for _ in trainer.run(stop_rule=StopRule(1.0, DEFAULT_PATIENCE)):
            pass
        print(f"## autokey {key} ({length}), feedback {config.feedback}")
        print(
            f"trained: {trainer.step_count} steps, {trainer.elapsed_s:.1f} s, "
            f"target reached: {trainer.target_reached_step is not None}"
        )
        bundle = make_bundle(config, trainer.model, steps=trainer.step_count)
        for point in probe(bundle, [32, 1024], "random", 100):
            print(
                f"probe {point.length}: symbols {point.symbol_accuracy:.2%}, "
                f"whole messages {point.message_accuracy:.0%}"
            )
        cipher = make_cipher("autokey", key, "seed")
        symbols = np.array(list(cipher.alphabet.symbols))
        text = cipher.encrypt("".join(symbols[rng.integers(0, len(symbols), 1000)]))
        model = trainer.model.eval()
        print(decode_times(model, cipher, text))
        print(wake(model, cipher, rng))
        for below in (LOW_CONFIDENCE, 0.9):  # the window's bound, and a wider one
            print(f"trained to 100 %, doubts below {below:.0%}:")
            for line in doubts_shown(model, cipher, rng, below):
                print("  " + line)
        early = Trainer(config)
        for _ in early.run(stop_rule=StopRule(0.9, 1)):
            pass
        _, accuracy = early.evaluate()
        print(f"stopped at {early.step_count} steps, validation accuracy {accuracy:.1%}:")
        for line in doubts_shown(early.model.eval(), cipher, rng):
            print("  " + line)
        print("  " + long_text_times(early.model, cipher, rng))
        print(flush=True)


if __name__ == "__main__":
    main()
