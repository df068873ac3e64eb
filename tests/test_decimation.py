"""Peak-preserving decimation of growing curves (cipherlab.core.session.decimation)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cipherlab.core.session import PeakDecimator


def fed(points: np.ndarray, chunks: list[int], max_points: int = 64) -> PeakDecimator:
    decimator = PeakDecimator(max_points)
    x = np.arange(1, len(points) + 1, dtype=np.float64)
    start = 0
    for size in [*chunks, len(points)]:
        decimator.feed(x[start : start + size], points[start : start + size])
        start += size
        if start >= len(points):
            break
    return decimator


def test_a_short_series_is_kept_exactly():
    y = np.array([3.0, 1.0, 2.0, 2.0, 5.0])
    x, out = fed(y, [2, 1]).points()
    assert list(x) == [1, 2, 3, 4, 5] and list(out) == list(y)


def test_a_spike_survives_a_million_points():
    y = np.full(1_000_000, 0.5)
    y[654_321], y[123_456] = 9.0, -4.0  # one spike up, one down
    decimator = PeakDecimator(2048)
    for start in range(0, len(y), 997):  # as a live run sends them
        decimator.feed(
            np.arange(start, min(start + 997, len(y)), dtype=float), y[start : start + 997]
        )
    x, out = decimator.points()
    assert len(out) <= 2048 + 2 and decimator.consumed == 1_000_000
    assert out.max() == 9.0 and x[out.argmax()] == 654_321
    assert out.min() == -4.0 and x[out.argmin()] == 123_456
    assert x[0] == 0 and x[-1] == 999_999  # the whole range is still drawn


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=600),
    st.lists(st.integers(1, 80), max_size=20),
)
def test_any_chunking_gives_the_same_bounded_envelope(values, chunks):
    y = np.array(values)
    whole = fed(y, [])
    pieces = fed(y, chunks)
    for a, b in zip(whole.points(), pieces.points(), strict=True):
        np.testing.assert_array_equal(a, b)
    x, out = whole.points()
    assert len(out) <= 64 + 2
    assert np.all(np.diff(x) >= 0)  # still a function of x
    assert out.max() == y.max() and out.min() == y.min()  # the peaks are kept
    # every point of the series lies inside the envelope of its bucket
    size = whole.bucket_size
    for start in range(0, len(y) - len(y) % size, size):
        inside = (x >= start + 1) & (x <= start + size)
        assert out[inside].min() == y[start : start + size].min()
        assert out[inside].max() == y[start : start + size].max()


def test_max_points_must_split_into_pairs_of_buckets():
    with pytest.raises(ValueError, match="multiple of 4"):
        PeakDecimator(10)
