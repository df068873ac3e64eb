"""Held-out bits per symbol on real prose: the language models against n-gram counts.

Every scorer here learned from the same text: the ``train`` part of the installed prose
sources (:func:`cipherlab.core.text.prose_training_text`: BSD ``fortune``'s quotations,
``apt-get install fortunes``, and the prose of Python's reference documentation). They are
measured on the ``test`` part of each source, which nothing here ever saw, cut into rows of
:data:`ROW` symbols (each scorer starts every row afresh; row starts are scored too):

* **seed** (27 symbols, ``-`` between words): the shipped seed language model beside
  n-gram models of order 1 to 5 (add-0.5 smoothing, the project's ``NGramScorer``; order 4
  is what ``cipherlab crack`` scores Vigenère with) counted over the same 27 symbols;
* **letters, word breaks kept** (``letters+space``, 27 symbols): the letters model, which
  reads the space, beside n-grams counted over letters and spaces;
* **letters, run on** (26 letters, no breaks: five-letter groups, puzzles without spaces):
  the letters model with each prediction normalised over the 26 letters, beside n-grams
  counted over the letters alone.

It also prints how each model was made (its command, steps and training time). With
``--fast``, it first trains the window's Fast preset of a language model on English prose (one
torch thread, as the window) and prints when its held-out loss fell below the unigram and
bigram entropies of its training text (the plot's dashed lines) and where it ended.

    python bench/lm_training.py
    python bench/lm_training.py --fast --alphabet seed     # plus the window's Fast run
    python bench/lm_training.py --seed-model a.safetensors --letters-model b.safetensors
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from cipherlab.core.network import bits_per_symbol, log_likelihood
from cipherlab.core.storage import load_model
from cipherlab.core.text import (
    LETTER_ALPHABET,
    SEED_ALPHABET,
    Alphabet,
    NGramScorer,
    installed_sources,
    prose_paragraphs,
    prose_training_text,
    text_indices,
    with_word_break,
)
from cipherlab.resources import language_model_path

ROW = 256
"""Symbols per scored row."""
ORDERS = (1, 2, 3, 4, 5)


def rows_of(indices: np.ndarray, limit: int) -> np.ndarray:
    """int64 ``(rows, ROW)``: the first ``limit`` symbols of ``indices`` in whole rows."""
    usable = min(len(indices), limit) // ROW * ROW
    return np.asarray(indices[:usable], dtype=np.int64).reshape(-1, ROW)


def test_text(source: str, alphabet: Alphabet) -> np.ndarray:
    """The ``test`` part of ``source`` over ``alphabet`` (uint8 indices)."""
    return text_indices(" ".join(prose_paragraphs(source, "test")), alphabet)


def ngram_bits(train: np.ndarray, rows: np.ndarray, n: int) -> dict[int, float]:
    """Bits per symbol of ``rows`` under n-gram counts of ``train``, per order."""
    return {order: NGramScorer.fit(train, order, n).bits_per_symbol(rows) for order in ORDERS}


def table_row(label: str, source: str, rows: np.ndarray, lm: float, ngrams: dict) -> str:
    best = min(ngrams, key=ngrams.get)
    cells = " | ".join(f"{ngrams[o]:.3f}" for o in ORDERS)
    return (
        f"| {label} | {source} | {rows.size:,} | **{lm:.3f}** | {cells} | "
        f"{lm - ngrams[best]:+.3f} (order {best}) |"
    )


def fast_run(alphabet: str) -> None:
    """Train the window's Fast language model on prose; print its crossings and its end."""
    from cipherlab.core.learning import Trainer, reference_entropies
    from cipherlab.core.settings import preset

    config = preset("fast", task="lm", alphabet=alphabet)
    refs = reference_entropies(config)
    lines = {"unigram": refs.unigram_bits, "bigram": refs.bigram_bits}
    crossed: dict[str, tuple[int, float]] = {}
    last = (0, 0.0, float("nan"))
    for progress in Trainer(config).run():
        if progress.val_loss is None:
            continue
        bits = progress.val_loss / np.log(2)
        last = (progress.step, progress.elapsed_s, bits)
        for name, level in lines.items():
            if name not in crossed and bits < level:
                crossed[name] = (progress.step, progress.elapsed_s)
    print(f"\nThe window's Fast language model ({config.steps:,} steps, hidden "
          f"{config.hidden_size}, {alphabet}, data {config.data}), one torch thread")  # fmt: skip
    print("| yardstick | bits per symbol | below it at step | after |")
    print("|---|---|---|---|")
    for name, level in lines.items():
        step, seconds = crossed.get(name, (None, None))
        where = f"{step:,} | {seconds:.1f} s" if step else "never | –"
        print(f"| {name} entropy of its training text | {level:.3f} | {where} |")
    print(f"| the network at the end (validation) | {last[2]:.3f} | step {last[0]:,} | "
          f"{last[1]:.1f} s |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed-model", default=None, help="default: the shipped seed model")
    parser.add_argument("--letters-model", default=None, help="default: the shipped one")
    parser.add_argument("--symbols", type=int, default=200_000, help="test symbols per source")
    parser.add_argument("--fast", action="store_true", help="also train the window's Fast run")
    parser.add_argument("--alphabet", default="seed", choices=("seed", "letters"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.fast:
        fast_run(args.alphabet)
    sources = installed_sources()
    print(f"Real prose: train part of {', '.join(sources)}; measured on each test part")
    for name in ("seed", "letters"):
        path = getattr(args, f"{name}_model") or language_model_path(name)
        bundle = load_model(path)
        metrics = bundle.metadata.get("metrics", {})
        config = bundle.model.config
        print(
            f"\n{name} model: {path}\n  {config.cell.upper()} hidden {config.hidden_size}, "
            f"{config.num_layers} layer(s), vocabulary {config.vocab_size}; "
            f"{metrics.get('steps', 0):,} steps in {metrics.get('training_seconds', 0):.0f} s "
            f"on data {bundle.metadata['training'].get('data')}; "
            f"made by: {bundle.metadata.get('command', '?')}"
        )
    header = (
        "| text | source | symbols | LM | "
        + " | ".join(f"{o}-gram" for o in ORDERS)
        + " | LM − best n-gram |"
    )
    print("\nBits per symbol on held-out prose (lower is better)\n")
    print(header)
    print("|---|---|---|---|" + "---|" * len(ORDERS) + "---|")
    began = time.perf_counter()
    seed = load_model(args.seed_model or language_model_path("seed")).model
    train = prose_training_text(SEED_ALPHABET)
    for source in sources:
        rows = rows_of(test_text(source, SEED_ALPHABET), args.symbols)
        lm = bits_per_symbol(seed, rows)
        print(table_row("seed (- between words)", source, rows, lm, ngram_bits(
            train.indices[: train.split], rows, len(SEED_ALPHABET))), flush=True)  # fmt: skip
    letters = load_model(args.letters_model or language_model_path("letters"))
    reads = letters.alphabet
    spaced = reads == with_word_break(LETTER_ALPHABET)
    if spaced:
        train = prose_training_text(reads)
        for source in sources:
            rows = rows_of(test_text(source, reads), args.symbols)
            lm = bits_per_symbol(letters.model, rows)
            print(table_row("letters and space", source, rows, lm, ngram_bits(
                train.indices[: train.split], rows, len(reads))), flush=True)  # fmt: skip
    train = prose_training_text(LETTER_ALPHABET)
    n = len(LETTER_ALPHABET)
    for source in sources:
        rows = rows_of(test_text(source, LETTER_ALPHABET), args.symbols)
        nats = log_likelihood(letters.model, rows, symbols=n if spaced else None)
        lm = float(-nats.sum() / rows.size / np.log(2))
        print(table_row("letters run on", source, rows, lm, ngram_bits(
            train.indices[: train.split], rows, n)), flush=True)  # fmt: skip
    print(f"\n{time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
