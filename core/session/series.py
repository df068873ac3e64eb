"""A growable (x, y) series for live curves: appends are amortised O(1)."""

from __future__ import annotations

import numpy as np


class GrowingSeries:
    """An (x, y) float64 buffer that grows by doubling.

    Parameters
    ----------
    capacity : int
        Initial number of points allocated.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self.x = np.empty(capacity, dtype=np.float64)
        self.y = np.empty(capacity, dtype=np.float64)
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def clear(self) -> None:
        """Forget all points (keeps the memory)."""
        self.size = 0

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        """Append points ``x``, ``y`` (same shape ``(n,)``); points not finite in both are dropped.

        One NaN makes pyqtgraph hide a whole curve, and an infinite step (a damaged run
        file) makes its range arithmetic fail, so they never get in.
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        need = self.size + len(x)
        if need > len(self.x):
            capacity = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, capacity)
            self.y = np.resize(self.y, capacity)
        self.x[self.size : need] = x
        self.y[self.size : need] = y
        self.size = need

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        """The filled part of the buffers (views, not copies): x and y, shape ``(size,)``."""
        return self.x[: self.size], self.y[: self.size]
