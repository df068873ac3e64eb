"""Time to 100 % validation accuracy for every cipher family: Fast vs the seed recipe.

For each family with its default key (and Vigenère at key lengths 3, 7, 12 and 26, autokey at
3 and 12 beside its 7-symbol default), for several seeds, side by side in this process on the
CPU with one torch thread:

* **Fast**: the app's trainer with the family's Fast preset (``preset("fast", cipher=...)``),
  stopped at its first evaluation at 100 % (every step up to 10, then every 10th);
* **Tutorial**: the seed recipe's hyperparameters (batch 1, ``Embedding(n, 5) -> LSTM(5, 10)
  -> Linear(10, n)``, Adam 1e-3, 32-symbol random messages) in a bare torch loop on the same
  cipher, evaluated every 50 steps, within a bounded time.

With ``--feedback`` the Fast preset runs twice per family, with the decoder's feedback
(``feedback``: it reads back its own earlier outputs) off and on, in two columns; the
Tutorial column is then left out unless ``--tutorial`` asks for it.

The clock covers training steps and evaluations, not start-up. A run that does not reach 100 %
within its budget counts as never; the median is "never" when most seeds never get there, and
the best accuracy seen is shown instead.

    python bench/families.py            # 3 seeds, about 12 minutes on 2 busy cores
    python bench/families.py --quick    # 1 seed
    python bench/families.py --feedback # Fast with feedback off and on
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import torch
from torch import nn

from cipherlab.core.ciphers import ALPHABETS, Cipher, VigenereCipher, make_cipher
from cipherlab.core.learning import Trainer, random_batch, stream_generator, validation_set
from cipherlab.core.settings import preset

KEY_SEED = 11
"""Seed of the random keys of each length (``VigenereCipher.random_key(11, seed, m)``)."""


def rows() -> list[tuple[str, str, str | None]]:
    """(label, family, key text or None for the family's default) for each table row."""

    def key(length: int) -> str:
        return VigenereCipher.random_key(KEY_SEED, ALPHABETS["seed"], length)

    simple = [(family, family, None) for family in ("caesar", "rot13", "atbash", "affine")]
    return [
        *simple,
        ("substitution", "substitution", None),
        ("vigenere LEMON (5)", "vigenere", None),
        *((f"vigenere {key(m)} ({m})", "vigenere", key(m)) for m in (3, 7, 12, 26)),
        ("autokey QUEENLY (7)", "autokey", None),
        *((f"autokey {key(m)} ({m})", "autokey", key(m)) for m in (3, 12)),
    ]


def fast(
    family: str, key: str | None, seed: int, budget_s: float, feedback: bool | None = None
) -> tuple[int, float, float]:
    """(steps, seconds, best accuracy) of the app's Fast preset; steps -1 if never at 100 %.

    ``feedback`` None keeps the preset's; True or False sets it.
    """
    config = preset("fast", cipher=family, key=key or "", seed=seed, steps=10_000_000)
    if feedback is not None:
        config = replace(config, feedback=feedback)
    trainer = Trainer(config)
    best = 0.0
    for record in trainer.run():
        if record.val_accuracy is not None:
            best = max(best, record.val_accuracy)
            if record.val_accuracy == 1.0:
                return record.step, record.elapsed_s, best
        if record.elapsed_s > budget_s:
            break
    return -1, trainer.elapsed_s, best


def bare_seed_recipe(
    cipher: Cipher, seed: int, budget_s: float, eval_every: int = 50
) -> tuple[int, float, float]:
    """The tutorial's loop in torch alone (seq-first LSTM, batch 1, Adam 1e-3) on ``cipher``."""
    n = len(cipher.alphabet)
    torch.manual_seed(seed)
    embed, lstm, linear = nn.Embedding(n, 5), nn.LSTM(5, 10), nn.Linear(10, n)
    params = [*embed.parameters(), *lstm.parameters(), *linear.parameters()]
    optimizer = torch.optim.Adam(params, lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    val_cipher, val_plain = validation_set(cipher, 256, 32)
    val_cipher, val_plain = val_cipher.T.contiguous(), val_plain.T.contiguous()  # seq-first
    data = stream_generator(seed, "bench-train")
    start, best, step = time.perf_counter(), 0.0, 0
    while time.perf_counter() - start < budget_s:
        step += 1
        ciphertext, plaintext = random_batch(cipher, 1, 32, data)
        optimizer.zero_grad()
        out, _ = lstm(embed(ciphertext.T))
        loss = loss_fn(linear(out).view(-1, n), plaintext.T.reshape(-1))
        loss.backward()
        optimizer.step()
        if step % eval_every == 0:
            with torch.no_grad():
                out, _ = lstm(embed(val_cipher))
                accuracy = (linear(out).argmax(-1) == val_plain).float().mean().item()
            best = max(best, accuracy)
            if accuracy == 1.0:
                return step, time.perf_counter() - start, best
    return -1, time.perf_counter() - start, best


def summary(runs: list[tuple[int, float, float]]) -> str:
    """Median steps and seconds over seeds ("never" when most seeds never get there)."""
    reached = [(steps, seconds) for steps, seconds, _ in runs if steps > 0]
    if len(reached) * 2 <= len(runs):
        best = max(b for _, _, b in runs)
        return f"never ({len(reached)}/{len(runs)}; best {best:.1%})"
    big = (float("inf"), float("inf"))
    padded = reached + [big] * (len(runs) - len(reached))
    steps = statistics.median_low([s for s, _ in padded])
    seconds = statistics.median_low([t for _, t in padded])
    return f"{steps:,} steps, {seconds:.2f} s ({len(reached)}/{len(runs)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one seed")
    parser.add_argument("--fast-budget", type=float, default=30.0, metavar="S")
    parser.add_argument("--autokey-budget", type=float, default=20.0, metavar="S")
    parser.add_argument("--tutorial-budget", type=float, default=15.0, metavar="S")
    parser.add_argument("--feedback", action="store_true", help="Fast with feedback off and on")
    parser.add_argument("--tutorial", action="store_true", help="the Tutorial too (--feedback)")
    parser.add_argument("--only", default="", help="rows whose label contains this text")
    args = parser.parse_args()
    seeds = 1 if args.quick else args.seeds
    tutorial = args.tutorial or not args.feedback
    torch.set_num_threads(1)
    started = time.perf_counter()
    print(f"torch {torch.__version__}, {seeds} seed(s), 1 thread; median over seeds")
    print(f"budgets: Fast {args.fast_budget:g} s (autokey {args.autokey_budget:g} s), ", end="")
    print(f"Tutorial {args.tutorial_budget:g} s per run\n")
    columns = ["Fast: time to 100 %"]
    if args.feedback:
        columns = ["Fast, feedback off", "Fast, feedback on"]
    if tutorial:
        columns.append("Tutorial (bare loop): time to 100 %")
    print(f"| cipher | Fast preset | {' | '.join(columns)} |")
    print("|---|---|" + "---|" * len(columns))
    for label, family, key in rows():
        if args.only not in label:
            continue
        cipher = make_cipher(family, key, "seed" if family != "rot13" else "letters")
        config = preset("fast", cipher=family, key=key or "")
        budget = args.autokey_budget if family == "autokey" else args.fast_budget
        switches = (False, True) if args.feedback else (None,)
        runs: list[list[tuple[int, float, float]]] = [[] for _ in columns]
        for seed in range(seeds):  # interleaved, so drift in machine load hits all
            for column, switch in enumerate(switches):
                runs[column].append(fast(family, key, seed, budget, switch))
            if tutorial:
                runs[-1].append(bare_seed_recipe(cipher, seed, args.tutorial_budget))
        settings = (
            f"h {config.hidden_size}, b {config.batch_size}, lr {config.learning_rate:g}, "
            f"len {config.seq_len}" + (", feedback" if config.feedback else "")
        )
        print(f"| {label} | {settings} | {' | '.join(summary(r) for r in runs)} |", flush=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
