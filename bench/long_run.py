"""A long run in the window: the live plot's redraw cost must not grow with the history.

The real main window (offscreen) trains the Tutorial preset (batch 1, the cheapest step, so
the most steps and the longest history) with a validation point every 10 steps, at full
speed, for ``--minutes``. It is run twice in one process: with the live plot redrawing
(25 times a second, as in the app) and with the redraw switched off, the baseline. Printed
side by side, minute by minute: each redraw's time (the ``LossPlot._redraw`` call), the
gaps of a 5 ms heartbeat timer on the GUI thread, and the training steps per second. Each
run starts 3 s after its window opened, as a user's would, so that start-up work (such as
``cipherlab.gui.app.warm_up_training``) is done.

Goals (issue 10): redraw p99 <= 5 ms with no growth from the first to the last minute, GUI
gap max <= 100 ms, and >= 80 % of the steps per second of the run with the redraw off.

    python bench/long_run.py --minutes 10

``--rates`` measures instead whether training keeps its speed over a long run (issue 19):
every preset, for decryption and for a language model, trains at full speed without the window
for ``--minutes``, twice at once in two processes (one torch thread each, so both see the
same machine load): with subnormal floats computed (torch's default, the baseline) and
flushed to zero (what the trainer does around each step,
:func:`cipherlab.core.network.subnormals_flushed`). Printed side by
side: steps per second in each tenth of the run, the last tenth as a share of the first,
and the share of subnormal numbers in the weights and Adam's state at the end (the cause).
Goal: the last tenth at >= 90 % of the first with the flush.

    python bench/long_run.py --rates --minutes 10
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np
from offscreen_window import training_window
from PySide6.QtCore import QEventLoop, QTimer

from cipherlab.core.settings import PRESETS
from cipherlab.gui.training import LossPlot

REAL_REDRAW = LossPlot._redraw


def run_for(seconds: float, redraw: bool) -> dict:
    """Train for ``seconds``; per-minute redraw times (ms), heartbeat gaps (ms), steps/s."""
    redraws: list[tuple[float, float]] = []  # (time since start, ms)

    def timed(plot: LossPlot) -> None:
        t0 = time.perf_counter()
        REAL_REDRAW(plot)
        if plot.run is not None and plot.run.running:
            redraws.append((t0 - start, (time.perf_counter() - t0) * 1000))

    def skipped(plot: LossPlot) -> None:
        plot._dirty = False

    LossPlot._redraw = timed if redraw else skipped  # type: ignore[method-assign]
    _app, window = training_window(10_000_000)
    panel = window.trainingPanel
    panel.set_config(replace(PRESETS["tutorial"], steps=10_000_000, eval_every=10))
    settle = QEventLoop()  # the window as a user first sees it: start-up work done
    QTimer.singleShot(3000, settle.quit)
    settle.exec()
    ticks: list[float] = []
    steps: list[tuple[float, int]] = []
    loop = QEventLoop()
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    def tick() -> None:
        now = time.perf_counter() - start
        ticks.append(now)
        if not steps or now - steps[-1][0] >= 1.0:
            steps.append((now, panel.step_count))
        if now > seconds:
            loop.quit()

    heartbeat.timeout.connect(tick)
    start = time.perf_counter()
    panel.start()
    heartbeat.start()
    loop.exec()
    heartbeat.stop()
    total = panel.step_count
    panel.stop()
    panel.shutdown()
    window.quit_without_asking()
    LossPlot._redraw = REAL_REDRAW  # type: ignore[method-assign]

    minutes = max(1, int(np.ceil(seconds / 60)))
    t = np.asarray(ticks)
    gaps = np.diff(t) * 1000
    gap_at = t[1:]
    s_t, s_n = np.asarray(steps, dtype=float).T
    per_minute = []
    for m in range(minutes):
        lo, hi = 60 * m, min(60 * (m + 1), seconds)
        r = np.asarray([ms for at, ms in redraws if lo <= at < hi])
        g = gaps[(gap_at >= lo) & (gap_at < hi)]
        n_lo, n_hi = np.interp([lo, hi], s_t, s_n)
        per_minute.append(
            {
                "redraw_p50": float(np.median(r)) if len(r) else float("nan"),
                "redraw_p99": float(np.percentile(r, 99)) if len(r) else float("nan"),
                "gap_p99": float(np.percentile(g, 99)) if len(g) else float("nan"),
                "gap_max": float(g.max()) if len(g) else float("nan"),
                "steps_per_s": (n_hi - n_lo) / (hi - lo),
                "steps_at_end": int(n_hi),
            }
        )
    worst = int(np.argmax(gaps))
    return {
        "minutes": per_minute,
        "steps": total,
        "gap_max": float(gaps[worst]),
        "gap_max_at": float(gap_at[worst]),
    }


def history_cost(sizes=(1_000, 10_000, 100_000, 1_000_000)) -> list[tuple[int, float, float]]:
    """Redraw + paint of the loss plot alone (no training) as a synthetic run grows.

    The loss is a decaying curve with batch-1-like noise, validation every 10 steps; at each
    size, 60 frames of 25 new steps each are timed (``_redraw``, then a synchronous repaint).
    Returns ``(steps, median ms, p99 ms)`` per size. Independent of the machine's load drift
    over a long run, so growth with the history shows here alone.
    """
    from PySide6.QtWidgets import QApplication

    from cipherlab.core.session import RunHistory

    app = QApplication.instance() or QApplication([])
    history = RunHistory()
    plot = LossPlot(history)
    plot.resize(700, 450)
    plot.show()
    run = history.start(PRESETS["tutorial"])
    rng = np.random.default_rng(0)
    step = 0

    def add(n: int) -> None:
        nonlocal step
        x = np.arange(step + 1, step + n + 1, dtype=float)
        trend = 0.4 + 2.9 * np.exp(-x / 20_000)
        run.loss.extend(x, trend * (1 + 0.6 * rng.standard_normal(n)).clip(0.05))
        run.smoothed.extend(x, trend)
        v = x[x % 10 == 0]
        run.val_loss.extend(v, 0.4 + 2.9 * np.exp(-v / 20_000))
        run.val_accuracy.extend(v, 1 - np.exp(-v / 20_000))
        step += n

    rows = []
    for size in sizes:
        add(size - step)
        times = []
        for _ in range(60):
            add(25)
            t0 = time.perf_counter()
            plot.mark_dirty()
            REAL_REDRAW(plot)
            plot.repaint()
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
        rows.append((size, float(np.median(times)), float(np.percentile(times, 99))))
    plot.close()
    return rows


RATE_RUNS = {
    "tutorial": {},
    "fast": {},
    "tutorial, language model": {"task": "lm"},
    "fast, language model": {"task": "lm"},
}
"""The configurations whose speed is followed: every preset, for both tasks."""


def rate_worker(name: str, seconds: float, flush: bool) -> None:
    """Train ``RATE_RUNS[name]`` for ``seconds``; print JSON: samples, subnormal counts.

    Each sample is (wall seconds, CPU seconds of this process, steps): steps per CPU
    second are what the flush changes, and they do not depend on what else the machine
    runs meanwhile.

    Runs in its own process (``--rate-worker``), so the two flush settings train at once.
    """
    import contextlib
    import json
    import sys

    import torch

    from cipherlab.core.learning import Trainer
    from cipherlab.core.network import use_threads
    from cipherlab.core.settings import preset

    use_threads(1)
    if not flush:  # the baseline: the trainer's flush made a no-op (IEEE subnormals computed)
        import cipherlab.core.learning.training as training

        training.subnormals_flushed = contextlib.nullcontext  # type: ignore[assignment]
    preset_name = name.split(",")[0]
    config = preset(preset_name, steps=10_000_000, **RATE_RUNS[name])
    trainer = Trainer(config)
    samples = []
    start = time.perf_counter()
    next_sample = 0.0
    for _progress in trainer.run():
        now = time.perf_counter() - start
        if now >= next_sample:
            samples.append((now, time.process_time(), trainer.step_count))
            next_sample += 1.0
            if now > seconds:
                break
    tiny = torch.finfo(torch.float32).tiny
    total = subnormal = 0
    tensors = [p.detach() for p in trainer.model.parameters()]
    for state in trainer.optimizer.state.values():
        tensors += [v for v in state.values() if torch.is_tensor(v) and v.is_floating_point()]
    for t in tensors:
        total += t.numel()
        subnormal += int(((t != 0) & (t.abs() < tiny)).sum())
    json.dump({"samples": samples, "subnormal": subnormal, "values": total}, sys.stdout)


def subnormal_penalty() -> tuple[float, float]:
    """How much slower this CPU computes on subnormal floats: (computed, flushed) ratios.

    Elementwise multiply, add and sigmoid on a 512 x 512 float32 tensor of 1e-39 against
    one of 1e-3, one torch thread. Some CPUs pay 10-100x; others little.
    """
    import torch

    def cost(value: float) -> float:
        x = torch.full((512, 512), value)
        y = torch.empty_like(x)
        start = time.perf_counter()
        for _ in range(300):
            torch.mul(x, 0.5, out=y)
            torch.add(y, x, out=y)
            torch.sigmoid(x, out=y)
        return time.perf_counter() - start

    torch.set_num_threads(1)
    ratios = []
    for flush in (False, True):
        torch.set_flush_denormal(flush)
        ratios.append(cost(1e-39) / cost(1e-3))
    torch.set_flush_denormal(False)
    return ratios[0], ratios[1]


def rates(seconds: float) -> None:
    """Each of :data:`RATE_RUNS`, flush off and on at once; print steps/s per tenth."""
    import json
    import subprocess
    import sys

    computed, flushed = subnormal_penalty()
    print(
        f"this CPU on subnormal floats (elementwise ops, vs normal floats): {computed:.1f}x "
        f"the time computed, {flushed:.1f}x flushed"
    )
    print(
        f"training speed over a {seconds / 60:g}-minute run without the window, 1 torch "
        "thread; subnormal floats computed (baseline) vs flushed to zero (ours), run at once"
    )
    for name in RATE_RUNS:
        procs = {
            flush: subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--rate-worker",
                    name,
                    "--minutes",
                    str(seconds / 60),
                    *(["--flush"] if flush else []),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for flush in (False, True)
        }
        results = {flush: json.loads(p.communicate()[0]) for flush, p in procs.items()}
        print(f"\n{name}: steps per CPU second in each tenth of the run")
        print("tenth |  computed |   flushed")
        tenths = {}
        for flush, result in results.items():
            t, cpu, n = np.asarray(result["samples"], dtype=float).T
            edges = np.linspace(0, seconds, 11)
            tenths[flush] = np.diff(np.interp(edges, t, n)) / np.diff(np.interp(edges, t, cpu))
        for i in range(10):
            print(f"{i + 1:5d} | {tenths[False][i]:9,.0f} | {tenths[True][i]:9,.0f}")
        for flush, label in ((False, "computed"), (True, "flushed")):
            r = results[flush]
            share = tenths[flush][-1] / tenths[flush][0]
            print(
                f"{label:>8}: last tenth {share:.0%} of the first; subnormal values at the "
                f"end: {r['subnormal']:,} of {r['values']:,} ({r['subnormal'] / r['values']:.2%})"
            )
        share = tenths[True][-1] / tenths[True][0]
        print(f"goal: last tenth >= 90 % of the first with the flush: "
              f"{'met' if share >= 0.9 else 'MISSED'} ({share:.0%})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rates", action="store_true", help="training speed, flush off vs on")
    parser.add_argument("--rate-worker", help=argparse.SUPPRESS)
    parser.add_argument("--flush", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seconds = 60 * args.minutes
    if args.rate_worker:
        rate_worker(args.rate_worker, seconds, args.flush)
        return
    if args.rates:
        rates(seconds)
        return
    cost = history_cost()
    on = run_for(seconds, redraw=True)
    off = run_for(seconds, redraw=False)
    print(
        f"offscreen main window, Tutorial preset, validation every 10 steps, full speed, "
        f"{args.minutes:g} min per run"
    )
    print(
        "minute | redraw p50 / p99 ms | GUI gap p99 / max ms | steps/s redraw on | "
        "steps/s redraw off | on/off"
    )
    for m, (a, b) in enumerate(zip(on["minutes"], off["minutes"], strict=True), 1):
        print(
            f"{m:6d} | {a['redraw_p50']:8.2f} / {a['redraw_p99']:6.2f} | "
            f"{a['gap_p99']:8.1f} / {a['gap_max']:7.1f} | {a['steps_per_s']:17,.0f} | "
            f"{b['steps_per_s']:18,.0f} | {a['steps_per_s'] / b['steps_per_s']:6.0%}"
        )
    print("loss plot alone, synthetic history: redraw + paint per frame (60 frames)")
    for size, median, p99 in cost:
        print(f"  {size:>9,} steps: median {median:5.2f} ms, p99 {p99:5.2f} ms")
    first, last = on["minutes"][0], on["minutes"][-1]
    ratio = on["steps"] / off["steps"]
    worst_p99 = max(m["redraw_p99"] for m in on["minutes"])
    print(
        f"steps in total: {on['steps']:,} with the redraw, {off['steps']:,} without "
        f"({ratio:.0%}); history at the end: {on['steps']:,} loss points, "
        f"{on['steps'] // 10:,} validation points"
    )
    print(
        f"redraw p99 first / last minute: {first['redraw_p99']:.2f} / {last['redraw_p99']:.2f} ms"
    )
    print(
        f"goals: redraw p99 <= 5 ms ({'met' if worst_p99 <= 5 else 'MISSED'}: {worst_p99:.2f}), "
        f"GUI gap max <= 100 ms ({'met' if on['gap_max'] <= 100 else 'MISSED'}: "
        f"{on['gap_max']:.0f}, {on['gap_max_at']:.0f} s into the run), steps >= 80 % of "
        f"redraw off "
        f"({'met' if ratio >= 0.8 else 'MISSED'}: {ratio:.0%}); redraw off: GUI gap max "
        f"{off['gap_max']:.0f} ms at {off['gap_max_at']:.0f} s"
    )


if __name__ == "__main__":
    main()
