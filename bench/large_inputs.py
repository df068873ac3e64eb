"""Large and endless inputs through the CLI: peak memory and time, before and after (issue 19).

Runs the same ``cipherlab`` commands on this checkout ("after") and on a temporary
``git worktree`` of ``--before`` (default 8e27917, ``main`` when issue 19 was written),
each in a fresh process with ``PYTHONPATH`` pointing at its checkout:

* ``encrypt`` (Vigenère LEMON), ``decode`` (the shipped model), ``crack`` (Caesar) and
  ``crack --cipher vigenere`` on the README's prose repeated to each ``--sizes`` (MB);
* reading ``/dev/zero``, ``/dev/urandom``, a named pipe nothing writes to and an endless
  standard input (``yes``), which the file system says are 0 bytes (item 3);
* ``sample --length 100000`` (item 9).

Peak memory is the kernel's high-water mark of the command's process: ``ru_maxrss`` from
``wait4``, measured by a small launcher process so that no large parent's size leaks into it
(a process inherits its parent's mark across ``exec``), or ``VmHWM`` just before a command is
stopped. "Above idle" subtracts the same command's peak on an empty input (Python, numpy,
torch and the model loaded). A command is stopped when it runs past ``--timeout`` seconds
(10 s for the unbounded inputs, which should fail at once) or past ``--max-mb`` resident
(3,000 MB for the unbounded inputs);
its row then says so and its figures are lower bounds. The outputs of the two checkouts are
compared byte for byte (SHA-256).

    python bench/large_inputs.py [--sizes 1,10] [--before 8e27917] [--timeout 60]

The default run takes about 5 minutes on 2 cores; ``--sizes 1,10,50 --timeout 300`` about 20
minutes and up to 6.5 GB for the "before" checkout (docs/benchmarks.md, section 16).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAUNCHER = r"""
import hashlib, json, os, signal, subprocess, sys, threading, time
spec = json.loads(sys.argv[1])
stdin = subprocess.DEVNULL
feeder = None
if spec["stdin"] == "yes":  # endless standard input
    feeder = subprocess.Popen(["yes", "THE QUICK BROWN FOX"], stdout=subprocess.PIPE)
    stdin = feeder.stdout
elif spec["stdin"]:
    stdin = open(spec["stdin"], "rb")
env = {**os.environ, "PYTHONPATH": spec["pythonpath"]}
start = time.perf_counter()
proc = subprocess.Popen(spec["argv"], stdin=stdin, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, env=env, cwd=spec["cwd"])
digest, size, err = hashlib.sha256(), [0], []
def out():
    while chunk := proc.stdout.read(1 << 20):
        digest.update(chunk); size[0] += len(chunk)
def errs():
    err.append(proc.stderr.read())
threads = [threading.Thread(target=out), threading.Thread(target=errs)]
for t in threads: t.start()
def status(key):
    try:
        for line in open(f"/proc/{proc.pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
stopped, peak = None, 0.0
while True:
    pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        peak = usage.ru_maxrss / 1024
        break
    seconds = time.perf_counter() - start
    rss = status("VmRSS")
    if seconds > spec["timeout"] or rss > spec["max_mb"]:
        peak = status("VmHWM")
        stopped = f"stopped after {seconds:.0f} s" if seconds > spec["timeout"] else (
            f"stopped at {rss:,.0f} MB after {seconds:.0f} s")
        proc.kill()
        _, code, _ = os.wait4(proc.pid, 0)
        break
    time.sleep(0.05)
seconds = time.perf_counter() - start
if feeder:
    feeder.kill(); feeder.wait()
for t in threads: t.join()
message = (err[0] if err else b"").decode("utf-8", "replace").strip().splitlines()
print(json.dumps({"seconds": seconds, "peak": peak, "code": code, "stopped": stopped,
                  "sha": digest.hexdigest(), "bytes": size[0],
                  "error": message[-1] if message else ""}))
"""


def measure(
    argv: list[str], checkout: Path, stdin: str | None, timeout: float, max_mb: float
) -> dict:
    """Run ``cipherlab argv`` from ``checkout`` under the launcher; its measurements."""
    spec = {
        "argv": [sys.executable, "-m", "cipherlab", *argv],
        "pythonpath": str(checkout),
        "cwd": str(checkout),
        "stdin": stdin,
        "timeout": timeout,
        "max_mb": max_mb,
    }
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


GENERATE = r"""
import sys
from pathlib import Path
from cipherlab.core.ciphers import SEED_CIPHER, make_cipher
folder, megabytes = Path(sys.argv[1]), int(sys.argv[2])
prose = (Path(sys.argv[3]) / "README.md").read_text(encoding="utf-8")
size = megabytes * 2**20
unit = prose.encode("utf-8")
plain = (unit * (size // len(unit) + 1))[:size].decode("utf-8", "ignore")
pieces = [plain[i : i + 2**20] for i in range(0, len(plain), 2**20)]
(folder / f"plain-{megabytes}.txt").write_text(plain, encoding="utf-8", newline="")
for name, cipher in (("caesar13", SEED_CIPHER), ("caesar7", make_cipher("caesar", "7")),
                     ("vigenere", make_cipher("vigenere", "LEMONADE"))):
    with open(folder / f"{name}-{megabytes}.txt", "w", encoding="utf-8", newline="") as fh:
        for piece in cipher.encrypt_pieces(pieces):
            fh.write(piece)
"""


def commands(size: int, folder: Path) -> list[tuple[str, list[str], str | None, str]]:
    """(row label, argv, stdin, idle key) of the commands run at ``size`` MB."""
    f = folder
    return [
        (
            f"encrypt --cipher vigenere, {size} MB",
            [
                "encrypt",
                "--cipher",
                "vigenere",
                "--key",
                "LEMON",
                "--file",
                f"{f}/plain-{size}.txt",
            ],
            None,
            "encrypt",
        ),
        (f"decode, {size} MB", ["decode", "--file", f"{f}/caesar13-{size}.txt"], None, "decode"),
        (
            f"crack (Caesar), {size} MB",
            ["crack", "--file", f"{f}/caesar7-{size}.txt"],
            None,
            "crack",
        ),
        (
            f"crack --cipher vigenere, {size} MB",
            ["crack", "--cipher", "vigenere", "--file", f"{f}/vigenere-{size}.txt"],
            None,
            "vigenere",
        ),
    ]


ENDLESS_MB = 3000
"""Resident cap of the unbounded inputs' runs: enough to show that memory only grows."""

IDLE = {
    "encrypt": ["encrypt", "--cipher", "vigenere", "--key", "LEMON", "--file"],
    "decode": ["decode", "--file"],
    "crack": ["crack", "--file"],
    "vigenere": ["crack", "--cipher", "vigenere", "--file"],
    "sample": ["sample", "--length", "1", "--seed", "1"],
}
"""Each command's idle run: on an empty file (``sample``: one symbol)."""


def worktree(ref: str, folder: Path) -> Path:
    path = folder / "before"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), ref],
        check=True,
    )
    return path


def describe(result: dict, idle: float) -> tuple[str, str]:
    """Memory above idle and seconds, as table cells (``≥`` when the run was stopped)."""
    mark = "≥ " if result["stopped"] else ""
    return f"{mark}{max(result['peak'] - idle, 0):,.0f}", f"{mark}{result['seconds']:.1f}"


def outcome(result: dict) -> str:
    if result["stopped"]:
        return result["stopped"]
    if result["code"]:
        return result["error"].removeprefix("cipherlab: error: ")[:70]
    return f"ok, {result['bytes'] / 2**20:,.1f} MB out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="input sizes in MB (default 1,10)")
    parser.add_argument("--before", default="8e27917", help="the checkout compared (8e27917)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per command (60)")
    parser.add_argument("--max-mb", type=float, default=6500, help="resident cap (6500 MB)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.txt"
        empty.write_bytes(b"")
        for size in sizes:
            subprocess.run(
                [sys.executable, "-c", GENERATE, str(folder), str(size), str(ROOT)],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                check=True,
            )
        fifo = folder / "pipe"
        os.mkfifo(fifo)
        before = worktree(args.before, folder)
        try:
            checkouts = {"before": before, "after": ROOT}
            idle = {
                (side, key): measure(
                    argv + ([str(empty)] if key != "sample" else []), path, None, 120, args.max_mb
                )["peak"]
                for side, path in checkouts.items()
                for key, argv in IDLE.items()
            }
            print("idle peaks (MB), before / after: " + ", ".join(
                f"{key} {idle['before', key]:,.0f} / {idle['after', key]:,.0f}" for key in IDLE
            ))  # fmt: skip
            endless = min(args.max_mb, ENDLESS_MB)
            rows = [
                ("/dev/zero (size 0)", ["encrypt", "--file", "/dev/zero"], None, "encrypt",
                 10, endless),
                ("/dev/urandom (size 0)", ["encrypt", "--file", "/dev/urandom"], None, "encrypt",
                 10, endless),
                ("named pipe, no writer", ["encrypt", "--file", str(fifo)], None, "encrypt",
                 10, endless),
                ("endless standard input (yes)", ["encrypt", "-"], "yes", "encrypt", 10, endless),
                ("sample --length 100000", ["sample", "--length", "100000", "--seed", "1"], None,
                 "sample", args.timeout, args.max_mb),
            ]  # fmt: skip
            for size in sizes:
                rows += [(*row, args.timeout, args.max_mb) for row in commands(size, folder)]
            header = ("input / command", "before MB", "before s", "after MB", "after s")
            print("\n| {} | {} | {} | {} | {} | same output | before | after |".format(*header))
            print("|---|---:|---:|---:|---:|---|---|---|")
            for label, argv, stdin, key, timeout, max_mb in rows:
                results = {
                    side: measure(argv, path, stdin, timeout, max_mb)
                    for side, path in checkouts.items()
                }
                cells = [describe(results[s], idle[s, key]) for s in ("before", "after")]
                done = [r for r in results.values() if not r["stopped"] and not r["code"]]
                same = (
                    ("yes" if results["before"]["sha"] == results["after"]["sha"] else "NO")
                    if len(done) == 2 and key != "sample"  # sample draws anew (issue 19)
                    else "–"
                )
                print(
                    f"| {label} | {cells[0][0]} | {cells[0][1]} | {cells[1][0]} | {cells[1][1]} "
                    f"| {same} | {outcome(results['before'])} | {outcome(results['after'])} |",
                    flush=True,
                )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=True
            )


if __name__ == "__main__":
    main()
