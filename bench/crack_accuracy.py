"""Cracking real prose without the key: our methods and the peer tools, side by side.

Held-out real English (:mod:`cipherlab.core.text.prose`: the ``test`` part of ``fortunes``,
``apt-get install fortunes``, and a smaller set from ``python-docs``, Python's own reference
documentation; nothing measured here was ever fitted on) is encrypted with random keys and
cracked, in one process on the CPU (one torch thread), per cell of

* **family**: Caesar, affine, Vigenère (periods 3, 5, 7), and substitution and autokey
  (primers 3, 7, 12) when :data:`~cipherlab.core.cryptanalysis.CRACKABLE` has them (a
  family it lacks is skipped, and said so);
* **length**: 8, 16, 32, 64, 100, 200 and 400 letters (python-docs: 32 and up);
* **text**: *natural* (the ``letters`` alphabet; case, spaces and punctuation as written pass
  through) and *seed* (normalised to the seed alphabet's 27 symbols, ``-`` enciphered too).

Each cell reports, per tool, ``exact · ≥90 % · time``: the share of messages whose every
alphabet symbol came back right (case aside), the share with at least 90 % of them right
(position by position), and the median seconds per message. Our tools are the methods of
:func:`~cipherlab.core.cryptanalysis.crack`, each run alone: ``ngram`` (the shipped
real-English counts, :func:`~cipherlab.core.cryptanalysis.english_baselines`, counted from
the ``train`` part; what ``cipherlab crack`` uses), ``chi2`` (chi-squared on letter
frequencies; not for substitution) and ``lm`` (the shipped language model of the alphabet;
for Vigenère and substitution it re-scores the n-gram search's keys; not for autokey, where it
takes 20-45 s a message; ``--no-lm`` leaves it out).

The peers (:mod:`peers`; ``pip install -e .[bench]``, a missing one is left out) get the
same ciphertexts, natural text only: they read 26 letters, not the seed alphabet; subbreaker
from 64 letters (below, it climbs for minutes without settling). No autokey peer: szyfrow's
``autokey_sa_break`` takes 11 s per 200-letter message at 2,000 iterations.

The generated English-like text the earlier version of this benchmark used is gone: every
scorer here learned its counts, so it flattered all of them (section 13 of
docs/benchmarks.md keeps those figures).

Timings are wall clock on whatever else the machine is doing: compare tools within one run.

    python bench/crack_accuracy.py --quick      # 6 messages per cell, a few minutes
    python bench/crack_accuracy.py              # 40 per cell
    python bench/crack_accuracy.py --count 100 --families caesar affine --no-peers
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from peers import peers_for

from cipherlab.core.ciphers import alphabet_named, cipher_from_dict, family_named
from cipherlab.core.cryptanalysis import (
    CRACKABLE,
    candidate_ciphers,
    crack,
    english_baselines,
    rank_keys,
    word_spans,
)
from cipherlab.core.cryptanalysis.key_ranking import ENUMERABLE, MAX_SCORED_SYMBOLS
from cipherlab.core.cryptanalysis.substitution import plaintext_scorer
from cipherlab.core.storage import load_model
from cipherlab.core.text import Alphabet, prose_messages
from cipherlab.resources import language_model_path

FAMILIES = ("caesar", "affine", "vigenere", "substitution", "autokey")
KEY_LENGTHS = {"vigenere": (3, 5, 7), "autokey": (3, 7, 12)}
"""Periods (Vigenère) and primer lengths (autokey): one cell each."""
LENGTHS = (8, 16, 32, 64, 100, 200, 400)
TEXTS = (("natural", "letters", True), ("seed", "seed", False))
"""(label, alphabet, natural) of each kind of text."""
SOURCES = {"fortunes": 1.0, "python-docs": 0.5}
"""Real-prose sources measured, with the share of a cell's messages each gets."""
DOCS_MIN_LENGTH = 32
"""python-docs cells start at this many letters (the second, smaller source)."""
METHODS = ("ngram", "chi2", "lm")
FAMILY_METHODS = {"substitution": ("ngram", "lm"), "autokey": ("ngram", "chi2")}
"""Methods measured where not all three: a substitution's ``chi2`` only re-ranks the n-gram
search's few candidates by letter counts, which a permutation leaves unchanged; an autokey
``lm`` scores every primer length's candidates with the language model, 20-45 s a message."""
SLOW = {"substitution": 0.5}
PEER_MIN_LENGTH = {"substitution": 64}
"""Shorter cells leave the peers out: subbreaker never settles on them and climbs for
minutes (at most 1,000 times)."""
"""Families whose cracks take seconds: this share of the messages per cell."""


@dataclass
class Tally:
    """One tool's outcomes in one cell."""

    exact: list[bool] = field(default_factory=list)
    mostly: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def add(self, answer: str, plaintext: str, alphabet: Alphabet, seconds: float) -> None:
        """Record one answer to ``plaintext``, compared symbol by symbol over ``alphabet``."""
        got = np.asarray(alphabet.encode(answer).indices)
        want = np.asarray(alphabet.encode(plaintext).indices)
        common = min(len(got), len(want))
        right = int((got[:common] == want[:common]).sum())
        self.exact.append(len(got) == len(want) and right == len(want))
        self.mostly.append(right >= 0.9 * len(want))
        self.seconds.append(seconds)

    def cell(self) -> str:
        """``exact · ≥90 % · median time``, or ``–`` when the tool did not run here."""
        if not self.exact:
            return "–"
        median = statistics.median(self.seconds)
        when = f"{median * 1000:.1f} ms" if median < 1 else f"{median:.2f} s"
        return f"{np.mean(self.exact):.2f} · {np.mean(self.mostly):.2f} · {when}"


def our_solvers(family: str, alphabet_name: str, use_lm: bool) -> dict[str, Callable[[str], str]]:
    """Our methods that ``crack`` offers for ``family``, each alone (probed on one text)."""
    baselines = english_baselines(alphabet_name)
    lm = load_model(language_model_path(alphabet_name)).model if use_lm else None
    solvers = {}
    for method in FAMILY_METHODS.get(family, METHODS):
        if method == "lm" and lm is None:
            continue

        def solve(ciphertext: str, method: str = method) -> str:
            ranking = crack(ciphertext, family, baselines, lm, method, methods=(method,))
            return ranking.best.plaintext

        try:
            solve("QEB NRFZH YOLTK CLU GRJMP LSBO QEB IXWV ALD")
        except ValueError:  # the method is not offered for this family
            continue
        solvers[method] = solve
    if family in ENUMERABLE and alphabet_name == "letters":
        solvers["ngram+words"] = words_solver(family, baselines)
    return solvers


def words_solver(family: str, baselines) -> Callable[[str], str]:
    """The n-gram scorer that also reads word breaks: quadgrams plus a score per whole word.

    The substitution search's plaintext score (:func:`~cipherlab.core.cryptanalysis.
    substitution.plaintext_scorer`) applied to every key of ``family``: the strongest
    classical scorer here for text whose word breaks pass through, so the language model
    (which reads them too) is compared with an n-gram method that sees what it sees.
    """
    candidates = candidate_ciphers(family, baselines.alphabet)

    def solve(ciphertext: str) -> str:
        length = min(baselines.alphabet.encode(ciphertext).n_symbols, MAX_SCORED_SYMBOLS)
        spans = word_spans(ciphertext, baselines.alphabet)
        scorer = plaintext_scorer(baselines.quadgrams, spans, length)
        return rank_keys(ciphertext, candidates, {"words": scorer}, "words").best.plaintext

    return solve


def cases(family, key_length, alphabet, natural, source, length, count):
    """``(plaintext, ciphertext)`` pairs, random keys, the same for every tool."""
    rng = np.random.default_rng([length, key_length or 0, natural, len(family), len(source)])
    cls = family_named(family)
    pairs = []
    for plaintext in prose_messages(source, "test", count, length, alphabet, rng, natural):
        key = (
            cls.random_key(rng, alphabet, key_length)  # type: ignore[call-arg]
            if key_length
            else cls.random_key(rng, alphabet)
        )
        cipher = cipher_from_dict({"family": family, "key": key, "alphabet": alphabet.name})
        pairs.append((plaintext, cipher.encrypt(plaintext)))
    return pairs


def measure_family(family: str, count: int, lengths, sources, texts, use_lm: bool, use_peers: bool):
    """Print ``family``'s table: one row per text, source, key length and length."""
    peers = peers_for(family) if use_peers else {}
    ours = {label: our_solvers(family, name, use_lm) for label, name, _ in texts}
    tools = list(dict.fromkeys([*(m for o in ours.values() for m in o), *peers]))
    print(f"\n### {family}: exact · ≥90 % letters · median time per message")
    print("| text | source | key length | letters | " + " | ".join(tools) + " |")
    print("|---|---|---|---|" + "---|" * len(tools), flush=True)
    for label, alphabet_name, natural in texts:
        alphabet = alphabet_named(alphabet_name)
        solvers = {**ours[label], **(peers if natural else {})}
        for source, share in sources.items():
            for key_length in KEY_LENGTHS.get(family, (None,)):
                for length in lengths:
                    if source != "fortunes" and length < DOCS_MIN_LENGTH:
                        continue
                    n = max(2, round(count * share * SLOW.get(family, 1.0)))
                    short = length < PEER_MIN_LENGTH.get(family, 0)
                    cell = {t: s for t, s in solvers.items() if not (short and t in peers)}
                    tallies = {tool: Tally() for tool in cell}
                    for plaintext, ciphertext in cases(
                        family, key_length, alphabet, natural, source, length, n
                    ):
                        for tool, solve in cell.items():
                            start = time.perf_counter()
                            answer = solve(ciphertext)
                            spent = time.perf_counter() - start
                            tallies[tool].add(answer, plaintext, alphabet, spent)
                    row = [tallies[t].cell() if t in tallies else "–" for t in tools]
                    print(f"| {label} | {source} | {key_length or '–'} | {length} | "
                          + " | ".join(row) + " |", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 messages per cell")
    parser.add_argument("--count", type=int, default=40, help="messages per fortunes cell")
    parser.add_argument("--families", nargs="+", default=list(FAMILIES), choices=FAMILIES)
    parser.add_argument("--lengths", nargs="+", type=int, default=list(LENGTHS))
    parser.add_argument("--sources", nargs="+", default=list(SOURCES), choices=list(SOURCES))
    parser.add_argument(
        "--texts", nargs="+", default=[t[0] for t in TEXTS], choices=[t[0] for t in TEXTS]
    )
    parser.add_argument("--no-lm", action="store_true", help="leave the language model out")
    parser.add_argument("--no-peers", action="store_true", help="leave the peer tools out")
    args = parser.parse_args()
    count = 6 if args.quick else args.count
    torch.set_num_threads(1)
    began = time.perf_counter()
    sources = {s: SOURCES[s] for s in args.sources}
    print(f"Real prose, test part: {', '.join(sources)}; {count} messages per fortunes cell")
    for family in args.families:
        if family not in CRACKABLE:
            print(f"\n### {family}: skipped (not in CRACKABLE yet)")
            continue
        texts = [t for t in TEXTS if t[0] in args.texts]
        measure_family(
            family, count, args.lengths, sources, texts, not args.no_lm, not args.no_peers
        )
    print(f"\nTotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
