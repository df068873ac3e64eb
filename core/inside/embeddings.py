"""The symbols' embedding vectors in two dimensions (principal component analysis)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..network import CipherRNN


@dataclass(frozen=True)
class EmbeddingMap:
    """Every symbol's embedding projected on the embedding's two main directions.

    Attributes
    ----------
    points : numpy.ndarray
        float64 ``(vocab, 2)``: symbol ``i``'s coordinates on the first two principal
        components (a 1-D embedding has a second coordinate of 0).
    explained : numpy.ndarray
        float64 ``(2,)``: the share of the embeddings' variance each component holds.
    """

    points: np.ndarray
    explained: np.ndarray


def embedding_map(model: CipherRNN) -> EmbeddingMap:
    """PCA of the embedding matrix (rows centred, singular value decomposition).

    Each component's sign is fixed so that its largest coordinate is positive, so the
    picture does not flip between two moments of a run when the weights barely move.

    Parameters
    ----------
    model : CipherRNN
        Any model (its ``embedding.weight`` is float32 ``(vocab, embedding_dim)``).
    """
    weights = model.embedding.weight.detach().double().numpy()
    centred = weights - weights.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    points = np.zeros((len(weights), 2))
    k = min(2, len(s))
    points[:, :k] = u[:, :k] * s[:k]
    for j in range(k):
        if points[np.abs(points[:, j]).argmax(), j] < 0:
            points[:, j] *= -1
    total = float((s**2).sum())
    explained = np.zeros(2)
    if total > 0:
        explained[:k] = s[:k] ** 2 / total
    return EmbeddingMap(points, explained)
