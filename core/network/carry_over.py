"""Which letters a feedback decoder's doubtful letters carry over to, and at what cost.

A decoder that reads back its own letters (``config.feedback``) gives each letter a
probability *given the letters it read back*. When an earlier letter is wrong, the letters
decoded from it are wrong too, however sure the model is of them: for autokey, one wrong
letter makes every ``m``-th letter after it wrong to the end of the message, each at about
the same probability as a right one. With random plaintext the model cannot tell a wrong
read-back letter from a right one, so the doubt must come from the letter read back.

:func:`follow_doubts` measures the carry-over: it takes the decoding's doubtful letters
(probability below a bound, the window's red line of 50 %; at most :data:`MAX_DOUBTS` of the
least sure) and decodes the text again with each one's runner-up read back instead (one
batch, from the first doubt on). A later letter that changes *follows* that doubt: if the
doubtful letter is wrong, it most likely is too. Its probability is then multiplied by the
doubtful letter's, the chance both are right if the two are right or wrong together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .feedback import FeedbackNetwork, FeedbackState, decode_greedily

MAX_DOUBTS = 8
"""The least sure letters followed in one decoding (each adds one row to a batched decode:
eight cost about 45 ms per 1,000 symbols on 2 cores)."""


@dataclass(frozen=True)
class CarryOver:
    """How a feedback decoding's doubtful letters carry over to the letters after them.

    Attributes
    ----------
    doubts : numpy.ndarray
        int64 ``(k,)``, ``k <= MAX_DOUBTS``: the followed letters (symbol indices, in order).
    follows : numpy.ndarray
        int64 ``(n_symbols,)``: the first doubtful letter each letter follows, -1 for none.
    carried : numpy.ndarray
        float32 ``(n_symbols,)``: the product of the probabilities of the doubtful letters
        each letter follows (1 where none).
    """

    doubts: np.ndarray
    follows: np.ndarray
    carried: np.ndarray

    @classmethod
    def none(cls, n_symbols: int) -> CarryOver:
        """No doubtful letter: nothing carried over."""
        return cls(
            np.zeros(0, dtype=np.int64),
            np.full(n_symbols, -1, dtype=np.int64),
            np.ones(n_symbols, dtype=np.float32),
        )

    @classmethod
    def joined(cls, parts: Sequence[CarryOver]) -> CarryOver:
        """Consecutive pieces' carry-overs as one (symbol indices shifted to the whole)."""
        offsets = np.cumsum([0] + [len(part.follows) for part in parts])[:-1].tolist()
        if not parts:
            return cls.none(0)
        return cls(
            np.concatenate([part.doubts + at for part, at in zip(parts, offsets, strict=True)]),
            np.concatenate(
                [
                    np.where(part.follows >= 0, part.follows + at, -1)
                    for part, at in zip(parts, offsets, strict=True)
                ]
            ),
            np.concatenate([part.carried for part in parts]),
        )


def follow_doubts(
    model: FeedbackNetwork,
    indices: np.ndarray,
    probabilities: np.ndarray,
    below: float,
    state: FeedbackState | None = None,
) -> CarryOver:
    """Find the letters that follow each doubtful letter of a feedback decoding.

    Parameters
    ----------
    model : FeedbackNetwork
        The model that decoded (``config.feedback``).
    indices : numpy.ndarray
        int64 ``(n_symbols,)``: the ciphertext it read.
    probabilities : numpy.ndarray
        float32 ``(n_symbols, vocab_size)``: what it gave, each row summing to 1, from
        ``state`` (greedy decoding: each letter the argmax of its row).
    below : float
        Letters whose probability is below this are doubtful (the window's red line).
        Measured on autokey (primers 3 and 12, 20 messages of 1,000 random letters), 0.5
        left a model trained to 100 % with 0-7 followers, all right, where 0.9 gave
        5,300-13,300 followers and turned 1-12 % of its right letters red.
    state : FeedbackState, optional
        The state it started from; None at a message's start.

    Returns
    -------
    CarryOver
        Nothing carried where no letter is below ``below``. Costs one batched
        greedy decode of ``k`` rows from the first doubt to the end (``k`` doubts), after
        a single-row decode up to that doubt.
    """
    n = len(indices)
    p = probabilities.max(axis=1) if n else np.zeros(0, dtype=np.float32)
    unsure = np.flatnonzero(p < below)
    if len(unsure) == 0:
        return CarryOver.none(n)
    doubts = np.sort(unsure[np.argsort(p[unsure], kind="stable")[:MAX_DOUBTS]])
    chosen = probabilities.argmax(axis=1)
    runner_up = np.argsort(-probabilities[doubts], axis=1, kind="stable")[:, 1]
    first = int(doubts[0])
    ciphertext = torch.from_numpy(np.ascontiguousarray(indices, dtype=np.int64))
    with torch.no_grad():
        _, state = decode_greedily(model, ciphertext[None, :first], state)
        k = len(doubts)
        repeated = FeedbackState(
            np.repeat(state.hidden, k, axis=1),
            None if state.cells is None else np.repeat(state.cells, k, axis=1),
            np.repeat(state.previous, k, axis=0),
        )
        forced = {}  # row r reads back doubt r's runner-up, the model's choice elsewhere
        for row, doubt in enumerate(doubts.tolist()):
            rows = np.full(k, -1, dtype=np.int64)
            rows[row] = runner_up[row]
            forced[doubt - first] = rows
        logits, _ = decode_greedily(
            model, ciphertext[first:].expand(k, -1).contiguous(), repeated, forced
        )
    changed = logits.argmax(dim=-1).numpy() != chosen[None, first:]
    follows = np.full(n, -1, dtype=np.int64)
    carried = np.ones(n, dtype=np.float32)
    for row, doubt in enumerate(doubts.tolist()):
        after = np.flatnonzero(changed[row, doubt - first + 1 :]) + doubt + 1
        carried[after] *= p[doubt]
        follows[after[follows[after] < 0]] = doubt
    return CarryOver(doubts, follows, carried)
