"""Peak-preserving decimation of a growing curve, kept up to date incrementally.

A live training curve gains a point per step; drawing all of them makes every redraw slower
than the last (a 100,000-step run cost 50 ms a frame). :class:`PeakDecimator` keeps at most
about ``max_points`` points whatever the history's length: the points are cut into buckets of
equal size and each bucket keeps its lowest and highest point (min/max or "peak" decimation,
as pyqtgraph's ``downsampleMethod='peak'`` and oscilloscopes do), so a spike is never lost.
When the buckets fill up, neighbouring pairs merge and the bucket size doubles, so each
source point is handled a constant number of times on average (amortised O(1) per append)
and reading the result costs O(max_points), not O(history).
"""

from __future__ import annotations

import numpy as np


def _extremes(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's lowest and highest point, in x order: float64 ``(rows, 2)`` x and y.

    ``x`` and ``y`` have shape ``(rows, size)``. A flat row (min = max) keeps its first and
    last points, so the curve still spans the row's x range.
    """
    rows = np.arange(len(y))
    lo, hi = np.argmin(y, axis=1), np.argmax(y, axis=1)
    flat = lo == hi
    lo[flat], hi[flat] = 0, y.shape[1] - 1
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    xs = np.stack([x[rows, first], x[rows, second]], axis=1)
    ys = np.stack([y[rows, first], y[rows, second]], axis=1)
    return xs, ys


class PeakDecimator:
    """At most about ``max_points`` points of a growing (x, y) series, peaks kept.

    While the series has fewer than ``max_points`` points the result is the series itself;
    after that, every bucket of ``bucket_size`` consecutive points is represented by its
    minimum and maximum. Feeding the same points in any chunks gives the same result.

    Parameters
    ----------
    max_points : int
        Points kept in full buckets (even, at least 4); the result adds at most two for the
        bucket still filling.

    Attributes
    ----------
    bucket_size : int
        Source points per full bucket (2 until the first merge, then doubling).
    consumed : int
        Source points fed so far.
    """

    def __init__(self, max_points: int = 2048) -> None:
        if max_points < 4 or max_points % 4:
            raise ValueError(f"max_points must be a multiple of 4, at least 4; got {max_points}.")
        self.max_buckets = max_points // 2
        self._x = np.empty(max_points, dtype=np.float64)
        self._y = np.empty(max_points, dtype=np.float64)
        self.reset()

    def reset(self) -> None:
        """Forget every point."""
        self.bucket_size = 2
        self.consumed = 0
        self._buckets = 0
        self._pending_x = np.empty(0, dtype=np.float64)
        self._pending_y = np.empty(0, dtype=np.float64)

    def feed(self, x: np.ndarray, y: np.ndarray) -> None:
        """Append points: float ``(n,)`` x (ascending) and y, both finite."""
        px = np.concatenate([self._pending_x, np.asarray(x, dtype=np.float64)])
        py = np.concatenate([self._pending_y, np.asarray(y, dtype=np.float64)])
        self.consumed += len(x)
        pos = 0
        while True:
            size = self.bucket_size
            count = min(self.max_buckets - self._buckets, (len(px) - pos) // size)
            if count == 0:
                break
            end = pos + count * size
            xs, ys = _extremes(px[pos:end].reshape(count, size), py[pos:end].reshape(count, size))
            at = 2 * self._buckets
            self._x[at : at + 2 * count] = xs.ravel()
            self._y[at : at + 2 * count] = ys.ravel()
            self._buckets += count
            pos = end
            if self._buckets == self.max_buckets:
                self._merge()
        self._pending_x, self._pending_y = px[pos:].copy(), py[pos:].copy()

    def _merge(self) -> None:
        """Merge neighbouring buckets in pairs: half as many, twice the size."""
        n = 2 * self._buckets
        xs, ys = _extremes(self._x[:n].reshape(-1, 4), self._y[:n].reshape(-1, 4))
        half = n // 2
        self._x[:half], self._y[:half] = xs.ravel(), ys.ravel()
        self._buckets //= 2
        self.bucket_size *= 2

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """The decimated curve: float64 x and y, shape ``(m,)``, m <= ``max_points + 2``."""
        n = 2 * self._buckets
        px, py = self._pending_x, self._pending_y
        if len(px) > 2:  # the bucket still filling: its extremes, like the full ones
            xs, ys = _extremes(px[None, :], py[None, :])
            px, py = xs[0], ys[0]
        return np.concatenate([self._x[:n], px]), np.concatenate([self._y[:n], py])
