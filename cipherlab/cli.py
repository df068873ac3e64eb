"""The ``cipherlab`` command: ``gui`` (default), ``train``, ``decode``, ``encrypt``.

Errors go to stderr with exit status 1 (2 for bad usage, from argparse).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import fields

# Only cheap imports here: torch loads inside the subcommands that need it.
from core.ciphers import ROT13, SEED_CIPHER

CIPHERS = {"caesar27": SEED_CIPHER, "rot13": ROT13}
TRAIN_FLAGS = (
    "embedding_dim",
    "hidden_size",
    "num_layers",
    "batch_size",
    "learning_rate",
    "steps",
    "seq_len",
    "seed",
    "validation_size",
    "eval_every",
    "grad_clip",
)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="cipherlab",
        description="Watch an LSTM learn to decrypt a cipher; decode text with its probabilities.",
    )
    sub = parser.add_subparsers(dest="command")
    gui = sub.add_parser("gui", help="open the Cipher Lab window (the default)")
    gui.add_argument("--model", default=None, help="model file to open (default: shipped model)")
    gui.add_argument("--train", action="store_true", help="start training right away")
    gui.add_argument(
        "--quit-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="close the window after this many seconds (demos and smoke tests)",
    )

    train = sub.add_parser("train", help="train a model headless and save it")
    train.add_argument(
        "--preset",
        default="fast",
        type=str.lower,
        choices=["fast", "tutorial"],
        help="starting settings (default: fast)",
    )
    for name in TRAIN_FLAGS:
        kind = (
            float
            if name in ("learning_rate", "grad_clip")
            else (int if name == "seed" else _positive_int)
        )
        train.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            type=kind,
            default=None,
            help=f"override the preset's {name.replace('_', ' ')}",
        )
    train.add_argument("--out", default=None, help="write the model to this .safetensors file")
    train.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    decode = sub.add_parser("decode", help="decrypt ciphertext with a model")
    decode.add_argument("text", help="the ciphertext")
    decode.add_argument("--model", default=None, help="model file (default: the shipped model)")
    decode.add_argument(
        "--json", action="store_true", help="print JSON with per-symbol probabilities"
    )

    encrypt = sub.add_parser("encrypt", help="encrypt plaintext with a classical cipher")
    encrypt.add_argument("text", help="the plaintext")
    encrypt.add_argument(
        "--cipher",
        choices=sorted(CIPHERS),
        default="caesar27",
        help="caesar27 = the seed cipher, +13 over A-Z and - (default)",
    )
    return parser


def _cmd_train(args: argparse.Namespace, argv: list[str]) -> int:
    from tqdm import tqdm

    from core.modelfile import ModelBundle, package_versions, save_model
    from core.training import Trainer, preset

    overrides = {n: getattr(args, n) for n in TRAIN_FLAGS if getattr(args, n) is not None}
    try:
        config = preset(args.preset, **overrides)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    trainer = Trainer(config)
    accuracy = None
    with tqdm(total=config.steps, unit="step", disable=args.no_progress, file=sys.stderr) as bar:
        for progress in trainer.run():
            bar.update(1)
            if progress.val_accuracy is not None:
                accuracy = progress.val_accuracy
                bar.set_postfix(loss=f"{progress.loss:.4f}", accuracy=f"{accuracy:.2%}")
    print(
        f"validation accuracy: {accuracy:.2%} after {trainer.step_count} steps "
        f"({trainer.elapsed_s:.2f} s)"
    )
    if args.out:
        metadata = {
            "training": {
                "preset": args.preset,
                **{f.name: getattr(config, f.name) for f in fields(config)},
            },
            "metrics": {
                "val_accuracy": accuracy,
                "steps": trainer.step_count,
                "examples_seen": trainer.examples_seen,
                "training_seconds": round(trainer.elapsed_s, 3),
            },
            "command": "cipherlab " + shlex.join(argv),
            "versions": package_versions(),
        }
        save_model(args.out, ModelBundle(trainer.model, trainer.cipher, metadata))
        print(f"saved {args.out}")
    return 0


def _cmd_decode(args: argparse.Namespace) -> int:
    from core.decoding import decode
    from core.modelfile import load_model
    from resources import default_model_path

    bundle = load_model(args.model or default_model_path())
    result = decode(bundle.model, bundle.cipher.alphabet, args.text, bundle.seq_len)
    if not args.json:
        print(result.plaintext)
        return 0
    symbols = bundle.cipher.alphabet.symbols
    out = {
        "ciphertext": result.ciphertext,
        "plaintext": result.plaintext,
        "alphabet": symbols,
        "symbols": [
            {
                "position": pos,
                "ciphertext": result.ciphertext[pos],
                "plaintext": result.plaintext[pos],
                "probability": float(row.max()),
                "probabilities": {s: round(float(p), 6) for s, p in zip(symbols, row, strict=True)},
            }
            for pos, row in zip(result.positions, result.probabilities, strict=True)
        ],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def main(argv: list[str] | None = None) -> int:
    """Run the ``cipherlab`` command; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            from gui.app import run_app

            return run_app(
                model=getattr(args, "model", None),
                train=getattr(args, "train", False),
                quit_after_s=getattr(args, "quit_after", None),
            )
        if command == "encrypt":
            print(CIPHERS[args.cipher].encrypt(args.text))
            return 0
        if command == "decode":
            return _cmd_decode(args)
        return _cmd_train(args, argv)
    except BrokenPipeError:  # e.g. `cipherlab decode --json ... | head`
        sys.stdout = None
        return 0
    except KeyboardInterrupt:
        print("cipherlab: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - every failure becomes one clear line
        from core.modelfile import ModelFileError

        if isinstance(exc, (UserError, ModelFileError, ValueError, OSError)):
            print(f"cipherlab: error: {exc}", file=sys.stderr)
            return 1
        raise
