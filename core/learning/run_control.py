"""Thread-safe controls for a running training loop: pause, single step, speed, stop.

The GUI thread calls the setters; the training thread calls :meth:`RunControl.gate` before
every step. Nothing here knows about Qt.
"""

from __future__ import annotations

import threading
import time


class RunControl:
    """Pause/resume, exactly-one-step, a speed limit and a stop request for one run.

    Parameters
    ----------
    steps_per_second : float or None
        Speed limit; None (the default) runs at full speed.
    """

    def __init__(self, steps_per_second: float | None = None) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._paused = False
        self._pending_steps = 0
        self._stopped = False
        self._speed = steps_per_second
        self._next_step_at = 0.0
        self._waiting = False
        self.steps_allowed = 0  # how many times gate() let a step through

    # ------------------------------------------------------------- GUI side
    def pause(self) -> None:
        """Hold the loop before its next step."""
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        """Let a paused loop continue."""
        with self._lock:
            self._paused = False
            self._pending_steps = 0
        self._wake.set()

    def request_step(self) -> None:
        """While paused: allow exactly one more optimiser step."""
        with self._lock:
            self._pending_steps += 1
        self._wake.set()

    def stop(self) -> None:
        """End the loop before its next step (also wakes a paused loop)."""
        with self._lock:
            self._stopped = True
        self._wake.set()

    def set_speed(self, steps_per_second: float | None) -> None:
        """Limit the loop to ``steps_per_second`` (None = full speed)."""
        with self._lock:
            self._speed = steps_per_second if steps_per_second and steps_per_second > 0 else None
        self._wake.set()

    @property
    def paused(self) -> bool:
        """True while pause is requested."""
        return self._paused

    @property
    def stopped(self) -> bool:
        """True once stop was requested."""
        return self._stopped

    @property
    def waiting(self) -> bool:
        """True while the training thread is blocked in :meth:`gate` because it is paused."""
        return self._waiting

    @property
    def speed(self) -> float | None:
        """The speed limit in steps per second (None = full speed)."""
        return self._speed

    # -------------------------------------------------------- training side
    def gate(self) -> bool:
        """Block until the next step may run; False means stop now.

        Returns at once at full speed; sleeps to honour a speed limit; waits while paused
        until :meth:`resume`, :meth:`request_step` or :meth:`stop`.
        """
        while True:
            with self._lock:
                self._waiting = False
                if self._stopped:
                    return False
                if self._paused:
                    if self._pending_steps > 0:
                        self._pending_steps -= 1
                        self.steps_allowed += 1
                        return True
                    self._wake.clear()
                    self._waiting = True
                    wait = None
                else:
                    speed = self._speed
                    now = time.perf_counter()
                    if speed is None or now >= self._next_step_at:
                        # next slot one period from now: no catch-up burst after a pause
                        self._next_step_at = now + 1.0 / speed if speed else 0.0
                        self.steps_allowed += 1
                        return True
                    self._wake.clear()
                    wait = self._next_step_at - now
            self._wake.wait(wait)
