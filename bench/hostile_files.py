"""Time and peak memory to refuse each hostile model file, next to loading valid models.

Each row runs in a fresh Python process: it imports the model file code (torch included),
loads a small valid file once (so lazy imports are paid), resets the kernel's record of its
peak resident memory (``VmHWM``, Linux), loads or refuses the file, and reports the seconds
taken and how far the peak rose above the resident size before (``ru_maxrss`` would not do:
it keeps the parent's peak across ``exec``). The files are those of
``tests/hostile_models.py`` (issue 10, section 2); the goal is a refusal in under 1 s with
under 100 MB above idle.

    python bench/hostile_files.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_models import HOSTILE, write_hostile_models, write_model  # noqa: E402

CHILD = """
import json, sys, time
from cipherlab.core.storage.model_file import ModelFileError, load_model

def status(key):  # kB, from the kernel's accounting of this process
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])

load_model(sys.argv[2])  # warm-up: lazy imports paid before the measurement
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # reset the peak (VmHWM) to the current resident size
idle = status("VmRSS")
start = time.perf_counter()
try:
    load_model(sys.argv[1])
    outcome = "loaded"
except ModelFileError as exc:
    outcome = str(exc)
seconds = time.perf_counter() - start
print(json.dumps([seconds, (status("VmHWM") - idle) / 1024, idle / 1024, outcome]))
"""


def measure(path: Path, warm: Path) -> tuple[float, float, float, str]:
    """Seconds, MB above idle, idle MB and the outcome (``loaded`` or the message)."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(warm)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    seconds, above, idle, outcome = json.loads(out)
    return seconds, above, idle, outcome


def main() -> None:
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.settings import ModelConfig
    from cipherlab.core.storage import ModelBundle, save_model
    from cipherlab.resources import default_model_path

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = write_model(folder / "warm.safetensors")
        big = folder / "valid_large.safetensors"  # 4 layers of 1,024: 101 MB
        config = ModelConfig(embedding_dim=256, hidden_size=1024, num_layers=4)
        save_model(big, ModelBundle(CipherRNN(config), SEED_CIPHER, {}))
        rows = {"valid: shipped model": default_model_path(), "valid: 101 MB model": big}
        rows.update(write_hostile_models(folder))
        print(f"{'file':<28} {'size':>12} {'time':>9} {'peak above idle':>16}  outcome")
        worst_time = worst_memory = 0.0
        for name, path in rows.items():
            seconds, above, idle, outcome = measure(Path(path), warm)
            size = Path(path).stat().st_size
            print(
                f"{name:<28} {size:>12,} {seconds * 1000:>6.1f} ms {above:>13.1f} MB  "
                f"{outcome[:110]}"
            )
            if name in HOSTILE:
                assert outcome != "loaded", name
                worst_time, worst_memory = max(worst_time, seconds), max(worst_memory, above)
        print(
            f"\nhostile files: slowest refusal {worst_time * 1000:.1f} ms, largest peak rise "
            f"{worst_memory:.1f} MB (idle {idle:.0f} MB); goal < 1 s, < 100 MB"
        )


if __name__ == "__main__":
    main()
