"""Training: Adam + per-symbol cross-entropy, as a Qt-free generator of progress records.

The loop follows the tutorial "Building your first RNN" (parts 1-3): messages drawn on the
fly, ``Embedding -> LSTM -> Linear``, cross-entropy per symbol, Adam. The task (cipher family,
key, alphabet and data source) and the settings and presets live in
:mod:`cipherlab.core.settings`; the data in :mod:`cipherlab.core.learning.data`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..ciphers import Cipher
from ..errors import NonFiniteLossError
from ..network import CipherRNN, label_logits, subnormals_flushed
from ..settings import StopRule, Task, TrainConfig
from .data import Messages, run_messages, stream_generator
from .mapping import MAPPING_ACCURACY, mapping_of
from .run_control import RunControl

DIVERGENCE_FACTOR = 50.0
"""A loss above this many times ``ln(vocab)`` (a uniform guess) counts as diverged: the model
then gives the right symbol a probability below ``vocab**-50``, and Adam's bounded steps can
keep such a loss finite forever (learning rate 1000 peaks near 5,000 nats and never NaNs)."""


MAPPING_MESSAGES = 256
"""Validation messages the mapping check reads (at evaluations, until it is learned)."""

EVAL_CHUNK = 1024
"""Validation messages evaluated at once."""


def evaluates_at(step: int, eval_every: int) -> bool:
    """True if a run measures the validation set after optimiser step ``step`` (1-based).

    Every ``eval_every`` steps, and after each of the first ``eval_every - 1`` steps too:
    a small model learns most in its first steps (the Fast preset is at 100 % by step 10),
    so without those early measurements the accuracy curve would start at its plateau and
    show nothing being learned. Auto-stop counts only the regular, every-``eval_every``
    measurements, so the early ones do not shorten a run.
    """
    return step % eval_every == 0 or step < eval_every


@dataclass(frozen=True)
class Progress:
    """One training step's record; only plain numbers, safe to send across threads.

    Attributes
    ----------
    step : int
        Optimiser steps taken so far (1 after the first step).
    examples_seen : int
        Training messages consumed so far (``step * batch_size``).
    loss : float
        Mean per-symbol cross-entropy of this step's batch, in nats (per message for a
        task with labels: Identify).
    val_accuracy : float or None
        Per-symbol (Identify: per-message) accuracy on the validation set in ``[0, 1]``, on
        steps where it was evaluated (see :func:`evaluates_at`); None otherwise.
    elapsed_s : float
        Seconds spent training and evaluating so far (time paused in the consumer excluded).
    val_loss : float or None
        Mean per-symbol cross-entropy on the validation set (nats), when evaluated.
    target_reached : bool
        True on the step where the :class:`StopRule` was satisfied (the run then ends).
    mapping_learned : bool
        True on the first evaluation step where the model's argmax mapping on the
        validation set equals the cipher's at every key position
        (:mod:`cipherlab.core.inside.mapping`) and the validation accuracy confirms it
        (at least :data:`MAPPING_ACCURACY`, i.e. 100 %); decryption runs only.
    """

    step: int
    examples_seen: int
    loss: float
    val_accuracy: float | None
    elapsed_s: float
    val_loss: float | None = None
    target_reached: bool = False
    mapping_learned: bool = False


Readout = Callable[[torch.Tensor], torch.Tensor]
"""What a task reads from the network's per-symbol logits (see :func:`task_readout`)."""


def task_readout(task: Task) -> Readout | None:
    """How ``task``'s answers come from the network's per-symbol logits.

    None for a task answered at every symbol (the logits as they are); for a task with
    :attr:`~cipherlab.core.settings.Task.labels`, the labels' logits averaged over each
    message (:func:`~cipherlab.core.network.label_logits`), shape ``(batch, labels)``.
    """
    count = len(task.labels)
    return (lambda logits: label_logits(logits, count)) if count else None


def cross_entropy(logits: torch.Tensor, plaintext: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy (nats) of logits vs targets: per symbol, or per message for labels.

    Parameters
    ----------
    logits : torch.Tensor
        float32, shape ``(batch, seq_len, vocab)`` (or ``(batch, labels)``).
    plaintext : torch.Tensor
        int64, shape ``(batch, seq_len)`` (or ``(batch,)``): the targets.
    """
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), plaintext.reshape(-1))


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    ciphertext: torch.Tensor,
    plaintext: torch.Tensor,
    grad_clip: float = 0.0,
    zero_grad: bool = True,
    readout: Readout | None = None,
) -> float:
    """One optimiser step on one batch; returns the batch loss (nats per symbol, or message).

    Gradients are reset first: without ``zero_grad`` they would accumulate across steps
    (the seed tutorial's easy-to-make bug, which still converges on this toy task).
    Clipping guards against the exploding gradients LSTMs can have at high learning rates.

    Parameters
    ----------
    ciphertext, plaintext : torch.Tensor
        int64, shape ``(batch, seq_len)``.
    grad_clip : float
        Max total gradient norm; 0 disables clipping.
    zero_grad : bool
        False makes the beginner's mistake on purpose (``no_zero_grad``): the gradients
        then add up across steps.
    readout : callable, optional
        The task's reading of the logits (:func:`task_readout`); None: per symbol.

    A ``feedback`` model (:class:`~cipherlab.core.network.CipherRNN`) is trained with
    teacher forcing: it reads ``plaintext`` one place late. Its validation
    (:func:`evaluate`) decodes from its own choices, as decoding does.
    """
    if zero_grad:
        optimizer.zero_grad(set_to_none=True)
    # a feedback model reads the true previous plaintext (teacher forcing): every position
    # at once, where decoding must go one symbol at a time from its own choices
    feedback = readout is None and isinstance(model, CipherRNN) and model.config.feedback
    logits = model(ciphertext, plaintext) if feedback else model(ciphertext)
    loss = cross_entropy(logits if readout is None else readout(logits), plaintext)
    loss.backward()
    if grad_clip > 0:
        nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    return loss.item()


@torch.inference_mode()
def evaluate(
    model: nn.Module,
    ciphertext: torch.Tensor,
    plaintext: torch.Tensor,
    readout: Readout | None = None,
) -> tuple[float, float]:
    """Validation loss (nats per symbol) and per-symbol argmax accuracy in ``[0, 1]``.

    ``ciphertext`` and ``plaintext`` are int64 ``(batch, seq_len)``. The model is switched to
    eval mode for the call and back afterwards. With a ``readout`` (:func:`task_readout`)
    the targets are one label per message and both figures are per message.
    """
    loss, accuracy, _ = evaluate_keeping(model, ciphertext, plaintext, 0, readout)
    return loss, accuracy


@torch.inference_mode()
def evaluate_keeping(
    model: nn.Module,
    ciphertext: torch.Tensor,
    plaintext: torch.Tensor,
    keep: int,
    readout: Readout | None = None,
) -> tuple[float, float, torch.Tensor]:
    """:func:`evaluate`, also returning the logits of the first ``keep`` messages.

    One forward pass serves both the validation figures and whatever reads the model's
    output (the mapping check), so measuring the mapping costs no second pass; the logits
    are returned as they are (a view, no copy), so a caller that ends up not reading them
    pays nothing for them.

    Parameters
    ----------
    model : torch.nn.Module
        Maps int64 ``(batch, seq_len)`` ciphertext to float32 logits ``(batch, seq_len,
        vocab)``; switched to eval mode for the call and back afterwards.
    ciphertext, plaintext : torch.Tensor
        int64, shape ``(batch, seq_len)``: the whole validation set, evaluated in chunks of
        :data:`EVAL_CHUNK` messages.
    keep : int
        Messages, from the first, whose logits to return (0: none).
    readout : callable, optional
        The task's reading of the logits (:func:`task_readout`): with one, ``plaintext``
        is int64 ``(batch,)`` labels and the figures are per message.

    Returns
    -------
    tuple of (float, float, torch.Tensor)
        Loss in nats per symbol and accuracy in ``[0, 1]``, both over the whole set, and
        the float32 logits ``(min(keep, batch), seq_len, vocab)`` (``(0, seq_len, 0)`` when
        ``keep`` is 0); an inference tensor, to be read under ``torch.inference_mode``.
    """
    was_training = model.training
    model.eval()
    total_loss = correct = 0.0
    kept: list[torch.Tensor] = []
    try:
        for start in range(0, ciphertext.shape[0], EVAL_CHUNK):
            x, y = ciphertext[start : start + EVAL_CHUNK], plaintext[start : start + EVAL_CHUNK]
            logits = model(x) if readout is None else readout(model(x))
            total_loss += cross_entropy(logits, y).item() * y.numel()
            # NumPy's argmax (the first maximum, as torch's) is a quarter faster on 27 logits
            correct += int(np.count_nonzero(logits.numpy().argmax(axis=-1) == y.numpy()))
            if start < keep:
                kept.append(logits[: keep - start])
    finally:
        model.train(was_training)
    n = plaintext.numel()
    if not kept:
        return total_loss / n, correct / n, torch.zeros((0, *plaintext.shape[1:], 0))
    return total_loss / n, correct / n, kept[0] if len(kept) == 1 else torch.cat(kept)


def new_model(config: TrainConfig, vocab_size: int) -> CipherRNN:
    """A freshly initialised model, its weights fixed by ``config.seed`` (global RNG untouched)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(stream_generator(config.seed, "init").initial_seed())
        return CipherRNN(config.model_config(vocab_size))


def same_cipher(a: Cipher, b: Cipher) -> bool:
    """True if ``a`` and ``b`` are the same family, key and alphabet (names aside)."""
    return (a.family, a.key, a.alphabet) == (b.family, b.key, b.alphabet)


class Trainer:
    """Owns a model, its Adam optimiser and the data streams of one run.

    Parameters
    ----------
    config : TrainConfig
        Hyperparameters and task; ``config.seed`` fixes initial weights and training data,
        ``config.data`` says what the messages look like.
    cipher : Cipher, optional
        The cipher to learn; default ``config.make_cipher()``. If given, it must be that
        cipher (same family, key and alphabet; the name may differ), so that what a model
        file or run records is what was learned. A task without a cipher (a language
        model) takes none.
    model : CipherRNN, optional
        Continue training this model instead of a new one (its config must match).

    Attributes
    ----------
    cipher : Cipher or None
        The cipher the model learns to invert; None for a task without one.
    alphabet : Alphabet
        The symbols the model reads and writes (``config.text_alphabet()``: a language
        model over ``letters`` reads the space between words too).

    Raises
    ------
    ValueError
        If ``cipher`` is not the config's cipher, or the task has none.
    TextFileError
        If ``config.data`` is ``file`` and the file cannot be used (a ``ValueError``; see
        :func:`~cipherlab.core.learning.run_messages`).
    """

    def __init__(
        self,
        config: TrainConfig,
        cipher: Cipher | None = None,
        model: CipherRNN | None = None,
    ) -> None:
        expected = config.make_cipher() if config.task_kind.has_cipher else None
        if cipher is not None and (expected is None or not same_cipher(cipher, expected)):
            raise ValueError(
                f"The cipher to learn ({cipher.describe()}) is not the one the settings "
                f"name ({expected.describe() if expected else 'none'})."
            )
        self.config = config
        self.cipher: Cipher | None = cipher or expected
        self.alphabet = config.text_alphabet()
        self._batch = config.effective_batch_size  # 1 under the "One message a step" mistake
        self.data: Messages = run_messages(replace(config, batch_size=self._batch), self.cipher)
        self.model = model if model is not None else new_model(config, len(self.alphabet))
        self.model.train()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate)
        self._readout = task_readout(config.task_kind)
        self._val = self.data.validation
        self._divergence_loss = DIVERGENCE_FACTOR * math.log(len(self.alphabet))
        self.step_count = 0
        self.elapsed_s = 0.0
        self.target_reached_step: int | None = None
        self.mapping_learned_step: int | None = None  # see Progress.mapping_learned
        self._streak = 0

    @property
    def examples_seen(self) -> int:
        """Training messages consumed so far."""
        return self.step_count * self._batch

    def step(self) -> float:
        """Draw a batch and take one optimiser step; returns its loss.

        Raises
        ------
        NonFiniteLossError
            If the loss is NaN, infinite or exploded past :data:`DIVERGENCE_FACTOR`.
        """
        ciphertext, plaintext = self.data.batch()
        mistakes = self.config.mistakes
        if "rot13_inverse" in mistakes and self.cipher is not None:
            # the shift applied again, taken for its inverse (the config allows only Caesar)
            plaintext = self.cipher.encrypt_indices(ciphertext)
        loss = train_step(
            self.model,
            self.optimizer,
            ciphertext,
            plaintext,
            self.config.grad_clip,
            zero_grad="no_zero_grad" not in mistakes,
            readout=self._readout,
        )
        self.step_count += 1
        if not math.isfinite(loss) or loss > self._divergence_loss:
            raise NonFiniteLossError(
                f"Training diverged: the loss became non-finite or exploded ({loss:g} nats per "
                f"symbol at step {self.step_count}); try a lower learning rate than "
                f"{self.config.learning_rate:g}."
            )
        return loss

    def evaluate(self) -> tuple[float, float]:
        """Validation loss (nats per symbol) and accuracy in ``[0, 1]`` on the fixed set."""
        return evaluate(self.model, *self._val, self._readout)

    def _evaluate_and_check_mapping(self) -> tuple[float, float, bool]:
        """Validation loss and accuracy, and True the first time the mapping is learned.

        The mapping counts as learned at the first evaluation that measures at least
        :data:`MAPPING_ACCURACY` on the whole validation set and whose argmax mapping
        (:func:`~cipherlab.core.learning.mapping_of`, on the first :data:`MAPPING_MESSAGES`
        validation messages) equals the cipher's at every key position. It is read from
        the evaluation's own logits, so the check costs no second forward pass, and an
        evaluation below that accuracy (the early ones) skips it altogether.
        """
        cipher = self.cipher  # a language model has no mapping to learn
        checking = self.mapping_learned_step is None and cipher is not None
        keep = MAPPING_MESSAGES if checking else 0
        loss, accuracy, logits = evaluate_keeping(self.model, *self._val, keep, self._readout)
        # below MAPPING_ACCURACY all_learned is False anyway: skip the mapping's cost
        if not checking or cipher is None or accuracy < MAPPING_ACCURACY:
            return loss, accuracy, False
        with torch.inference_mode():
            probs = torch.softmax(logits, dim=-1).numpy()
        ciphertext = self._val[0][: len(probs)].numpy()
        if not mapping_of(probs, ciphertext, cipher, accuracy).all_learned:
            return loss, accuracy, False
        self.mapping_learned_step = self.step_count
        return loss, accuracy, True

    def run(
        self, control: RunControl | None = None, stop_rule: StopRule | None = None
    ) -> Iterator[Progress]:
        """Train until the step budget ends, yielding one :class:`Progress` per step.

        A consumer may stop iterating at any time: nothing happens between yields. Each
        step and evaluation runs with subnormal floats treated as zero
        (:func:`~cipherlab.core.network.subnormals_flushed`); the consumer's code between
        yields runs with the thread's arithmetic as it was.

        Parameters
        ----------
        control : RunControl, optional
            Pause, single-step, speed limit and stop, from another thread.
        stop_rule : StopRule, optional
            Auto-stop once validation accuracy stays at the target (None: run the budget).

        Raises
        ------
        NonFiniteLossError
            From :meth:`step`.
        """
        while self.step_count < self.config.steps:
            if control is not None and not control.gate():
                return
            start = time.perf_counter()
            with subnormals_flushed():  # else a long run slows to half speed
                loss = self.step()
                val_loss = val_accuracy = None
                last = self.step_count == self.config.steps
                learned = False
                if evaluates_at(self.step_count, self.config.eval_every) or last:
                    val_loss, val_accuracy, learned = self._evaluate_and_check_mapping()
            self.elapsed_s += time.perf_counter() - start
            reached = False
            on_cadence = self.step_count % self.config.eval_every == 0 or last
            if val_accuracy is not None and stop_rule is not None and on_cadence:
                self._streak = self._streak + 1 if val_accuracy >= stop_rule.target_accuracy else 0
                reached = self._streak >= stop_rule.patience
                if reached:
                    self.target_reached_step = self.step_count
            yield Progress(
                self.step_count,
                self.examples_seen,
                loss,
                val_accuracy,
                self.elapsed_s,
                val_loss,
                reached,
                learned,
            )
            if reached:
                return
