"""Exponential moving average for noisy training curves, debiased as in TensorBoard.

A plain EMA started at 0 is dragged towards 0 for its first points; dividing by
``1 - beta**t`` removes that bias. The result is a weighted mean of the values seen so far
(weights sum to 1), so it always lies between their minimum and maximum: it never
overshoots the data the way a spline or an undebiased EMA can.
"""

from __future__ import annotations

import numpy as np


class StreamingEMA:
    """Debiased EMA computed chunk by chunk in O(1) memory.

    Parameters
    ----------
    smoothing : float
        ``beta`` in ``[0, 1)``: 0 = no smoothing, 0.9 = about the last 10 points.

    Raises
    ------
    ValueError
        If ``smoothing`` is outside ``[0, 1)``.
    """

    def __init__(self, smoothing: float = 0.9) -> None:
        if not 0.0 <= smoothing < 1.0:
            raise ValueError(f"smoothing must be in [0, 1), got {smoothing!r}.")
        self.beta = smoothing
        self._biased = 0.0
        self._weight = 0.0  # 1 - beta**t, the sum of weights so far

    def reset(self) -> None:
        """Forget everything seen."""
        self._biased = 0.0
        self._weight = 0.0

    def update(self, values: np.ndarray) -> np.ndarray:
        """Smooth the next values (float, shape ``(n,)``); returns float64 ``(n,)``.

        Non-finite values are skipped (their output repeats the previous smoothed value,
        or NaN before the first finite value).
        """
        out = np.empty(len(values), dtype=np.float64)
        beta, biased, weight = self.beta, self._biased, self._weight
        for i, value in enumerate(np.asarray(values, dtype=np.float64)):
            if np.isfinite(value):
                biased = beta * biased + (1.0 - beta) * value
                weight = beta * weight + (1.0 - beta)
            out[i] = biased / weight if weight > 0 else np.nan
        self._biased, self._weight = biased, weight
        return out


def smoothing_is_honest(n_points: int, smoothing: float, windows: int = 20) -> bool:
    """True when an EMA line over ``n_points`` points will not misrepresent the latest values.

    An EMA with factor ``beta`` averages about the last ``1 / (1 - beta)`` points, so it
    trails a falling curve by about that many points: over a 30-step run (a Fast run that
    auto-stops) the EMA 0.9 line ends near 0.2 nats while the loss is 0.005. Once the run
    is ``windows`` EMA windows long (200 points for 0.9), that lag is a few percent of the
    curve's width and the smoothing shows a trend instead of hiding one.

    Parameters
    ----------
    n_points : int
        Points in the series so far.
    smoothing : float
        The EMA's ``beta`` in ``[0, 1)``.
    windows : int, optional
        How many EMA windows long the series must be.
    """
    return n_points >= round(windows / (1.0 - smoothing))
