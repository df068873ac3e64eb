"""The data folder under stress (issue 19): hostile run files, many runs, two windows at once.

Each scenario runs in a fresh Python process, once with the code under test and once with a
baseline checkout (``--before``, default the commit before issue 19's changes, made as a
temporary ``git worktree``), and prints the two side by side:

* start-up reading of a run folder holding one sparse run file that declares 3.2 GB of
  curves (8 kB on disk), one whose metadata nests 100,000 deep, and 5,000 ordinary runs:
  seconds, peak memory above idle (``VmHWM``, Linux), and what became of the folder;
* two windows (two run histories on one folder) ending three runs each, interleaved: run
  files kept;
* three processes autosaving 30 models each at once: failed autosaves, copies kept;
* an autosave keeping 3 copies, full, then two autosaves on a full disk: copies kept, newest
  offered at the next start.

    python bench/run_folder.py [--before REF]
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "8e27917"
"""The last commit before issue 19's changes."""

CHILD = r"""
import json, multiprocessing, os, sys, time
from pathlib import Path

def status(key):  # kB, from the kernel's accounting of this process
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])

def autosave_many(folder, first, count, keep=5):
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.settings import ModelConfig
    from cipherlab.core.storage import Autosave, ModelBundle, ModelFileError
    autosave, failed = Autosave(folder, keep=keep), 0
    for hidden in range(first, first + count):
        try:
            autosave.write(ModelBundle(CipherRNN(ModelConfig(hidden_size=hidden)), SEED_CIPHER, {}))
        except ModelFileError:
            failed += 1
    return failed

def main():
    scenario, folder = sys.argv[1], Path(sys.argv[2])
    import cipherlab
    assert os.environ["PYTHONPATH"] in cipherlab.__file__, cipherlab.__file__
    from cipherlab.core.session import RunHistory
    from cipherlab.core.settings import preset
    RunHistory(None)  # imports paid before the measurement
    if scenario == "read":
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset the peak (VmHWM) to the current resident size
        idle = status("VmRSS")
        start = time.perf_counter()
        try:
            history = RunHistory(folder)
            outcome = f"{len(history.runs):,} runs listed, {len(history.skipped)} skipped"
        except RecursionError:
            outcome = "RecursionError: the window stays an empty frame"
        except MemoryError:
            outcome = "MemoryError"
        seconds = time.perf_counter() - start
        result = [seconds, (status("VmHWM") - idle) / 1024, outcome]
    elif scenario == "two_windows":
        first, second = RunHistory(folder), RunHistory(folder)
        for i in range(3):
            for history in (first, second):
                history.end(history.start(preset("fast", seed=i)))
        files = len(list(folder.glob("run-*.safetensors")))
        result = [None, None, f"{files} of 6 run files kept"]
    elif scenario == "autosave_race":
        with multiprocessing.get_context("spawn").Pool(3) as pool:
            failed = pool.starmap(autosave_many, [(str(folder), 10 + 40 * i, 30) for i in range(3)])
        from cipherlab.core.storage import Autosave
        result = [None, None, f"{sum(failed)} of 90 autosaves failed, "
                  f"{len(Autosave(folder).paths())} of 5 copies kept"]
    elif scenario == "full_disk":
        from cipherlab.core.storage import Autosave, atomic_write
        autosave_many(str(folder), 4, 3, keep=3)
        def disk_full(fd):
            raise OSError(28, "No space left on device")
        atomic_write.os.fsync = disk_full
        autosave_many(str(folder), 7, 2, keep=3)
        autosave = Autosave(folder, keep=3)
        result = [None, None, f"{len(autosave.paths())} of 3 copies kept, newest "
                  f"{'offered' if autosave.pending else 'NOT offered'} at start"]
    print(json.dumps(result))

if __name__ == "__main__":
    main()
"""


def sparse_run_file(folder: Path, template: Path) -> None:
    """A run file declaring 400 million loss points (3.2 GB) that holds none."""
    from safetensors import safe_open

    with safe_open(str(template), framework="numpy") as fh:
        meta = fh.metadata()
    header: dict = {"__metadata__": meta}
    offset = 0
    for curve in ("loss", "smoothed", "val_loss", "val_accuracy"):
        for axis in "xy":
            n = 200_000_000 if curve == "loss" else 0
            header[f"{curve}.{axis}"] = {
                "dtype": "F64", "shape": [n], "data_offsets": [offset, offset + 8 * n],
            }  # fmt: skip
            offset += 8 * n
    raw = json.dumps(header).encode()
    with open(folder / "run-0002.safetensors", "wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        fh.truncate(8 + len(raw) + offset)


def make_folders(base: Path) -> dict[str, Path]:
    """The run folders of the reading scenarios, written with the code under test."""
    import numpy as np
    from safetensors.numpy import load_file, save_file

    from cipherlab.core.learning import LiveUpdate
    from cipherlab.core.session import RunHistory, save_run
    from cipherlab.core.settings import preset

    history = RunHistory()
    run = history.start(preset("fast"))
    steps = np.arange(1, 401, dtype=np.int64)
    val = steps[steps % 20 == 0]
    run.add(LiveUpdate(steps, 3 / steps, val, 2 / val, val / 400, 400, 12_800, 100, 4.0, None))
    history.end(run)
    folders = {name: base / name for name in ("sparse", "deep", "many")}
    for folder in folders.values():
        folder.mkdir()
    save_run(run, folders["sparse"] / "run-0001.safetensors")
    sparse_run_file(folders["sparse"], folders["sparse"] / "run-0001.safetensors")
    save_run(run, folders["deep"] / "run-0001.safetensors")
    deep = "[" * 100_000 + "]" * 100_000
    path = folders["deep"] / "run-0002.safetensors"
    save_file(load_file(str(folders["deep"] / "run-0001.safetensors")), str(path),
              metadata={"cipherlab": deep})  # fmt: skip
    for number in range(1, 5001):
        run.number = number
        save_run(run, folders["many"] / f"run-{number:04d}.safetensors")
    return folders


def measure(source: Path, scenario: str, folder: Path, script: Path) -> list:
    """One scenario in a fresh process that imports Cipher Lab from ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run(  # run from the script's folder: the checkout is not on sys.path
        [sys.executable, str(script), scenario, str(folder)],
        capture_output=True, text=True, env=env, timeout=600, cwd=script.parent,
    )  # fmt: skip
    if out.returncode != 0:
        return [None, None, "crashed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:70]]
    return json.loads(out.stdout)


def cell(result: list) -> str:
    seconds, mb, outcome = result
    figures = "" if seconds is None else f"{seconds:6.2f} s {mb:7,.0f} MB  "
    return f"{figures}{outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BASELINE, help="baseline commit (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        before = base / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(before), args.before], check=True)  # fmt: skip
        script = base / "child" / "scenario.py"  # a file: spawned pool workers import it
        script.parent.mkdir()
        script.write_text(CHILD)
        try:
            folders = make_folders(base)
            rows = [(f"read: {name}", "read", folder) for name, folder in folders.items()]
            rows += [(name, name, None) for name in ("two_windows", "autosave_race", "full_disk")]
            print(f"before = {args.before}, after = this checkout; fresh process per cell")
            for label, scenario, folder in rows:
                results = []
                for source in (before, ROOT):
                    work = folder
                    if work is None:
                        work = Path(tempfile.mkdtemp(dir=base))
                    results.append(cell(measure(source, scenario, work, script)))
                print(f"{label}\n  before: {results[0]}\n  after:  {results[1]}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(before)], check=False)  # fmt: skip


if __name__ == "__main__":
    main()
