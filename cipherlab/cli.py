"""The ``cipherlab`` command: ``gui`` (default), ``train``, ``decode``, ``encrypt``, ``probe``.

``info`` prints a model's card; ``probe`` measures its accuracy against message length.

``decrypt`` is ``encrypt``'s inverse: both are exact and classical, for every cipher family.

Errors go to stderr with exit status 1 (2 for bad usage, from argparse).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

# Only cheap imports here (no torch, no Qt): torch loads inside the subcommands that need it.
from cipherlab.core.ciphers import (
    ALPHABETS,
    FAMILIES,
    ROT13,
    SEED_CIPHER,
    Cipher,
    InvalidKeyError,
    UnsupportedAlphabetError,
    alphabet_label,
    make_cipher,
)
from cipherlab.core.settings import (
    DECRYPT,
    DEFAULT_PATIENCE,
    DEFAULT_PRESET,
    FIELDS,
    HYPERPARAMETERS,
    PRESETS,
    TASKS,
    default_threads,
    parse_field,
    task_named,
)
from cipherlab.crack_command import add_crack_commands, run_crack, run_sample
from cipherlab.identify_command import add_identify_command, run_identify
from cipherlab.pieces import drain, write_json_string, write_text
from cipherlab.probe_command import add_probe_command, run_probe

if TYPE_CHECKING:  # torch loads inside the subcommands
    from cipherlab.core.learning import Trainer

CIPHERS = {"caesar27": SEED_CIPHER, "rot13": ROT13}
"""The ciphers ``--cipher`` named before the families: ``caesar27`` (the seed cipher, now
``caesar`` over ``seed``) and ``rot13``. Both names still work."""

CIPHER_NAMES = [*FAMILIES, *(name for name in CIPHERS if name not in FAMILIES)]
"""``--cipher`` choices: every family, then the old names that are not one."""


def _field_type(name: str) -> Callable[[str], int | float | str]:
    """Argparse type for a hyperparameter, with the same rules as the GUI form."""

    def parse(text: str) -> int | float | str:
        try:
            return parse_field(name, text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = name
    return parse


def _accuracy(text: str) -> float:
    """A target accuracy: a fraction in [0, 1] or a percentage such as ``99%``."""
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"must be a fraction in [0, 1] or a percentage like 99%, got {text!r}"
        )
    return value


def _seconds(text: str) -> float:
    """A duration in seconds, greater than 0 and at most a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(
            f"must be more than 0 and at most 86400 seconds, got {text!r}"
        )
    return value


def read_text(text: str | None, file: str | None) -> list[str]:
    """The TEXT argument, ``-`` for standard input, or the contents of ``--file``, in pieces.

    Large inputs (a 1 MB paste) exceed the shell's argument limit, hence stdin and files.
    Standard input and files are read by the one bounded reader
    (:func:`cipherlab.core.text.read_text_pieces`): at most 64 MiB, UTF-8 or a one-line
    refusal, line ends kept; the pieces (at most 1 MiB each) join to the text, and the
    commands process them one after another.

    Raises
    ------
    UserError
        If both or neither of TEXT and ``--file`` are given.
    TextFileError
        If the file or standard input cannot be read as UTF-8 text (see the reader).
    """
    from cipherlab.core.text import read_text_pieces

    if file is not None:
        if text is not None:
            raise UserError("give either TEXT or --file, not both")
        return read_text_pieces(file, name=file)
    if text is None:
        raise UserError("give the text to process, - for standard input, or --file PATH")
    if text == "-":  # the same rule as --file: UTF-8 or a clear refusal, line ends kept
        return read_text_pieces(sys.stdin.buffer, name="standard input")
    return [text]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _add_hyperparameter_flags(train: argparse.ArgumentParser) -> None:
    """One ``--name`` flag per hyperparameter, with the GUI form's rules."""
    for name in HYPERPARAMETERS:
        spec = FIELDS[name]
        if spec.kind is bool:  # a switch: --feedback turns it on, --no-feedback off
            train.add_argument(
                f"--{name.replace('_', '-')}",
                dest=name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{spec.help} Default: the preset's.",
            )
            continue
        choices = f" ({', '.join(spec.choices)})" if spec.choices else ""
        train.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            type=_field_type(name),
            default=None,
            metavar=name.upper(),
            help=f"{spec.help}{choices} Default: the preset's.",
        )


class OneLineErrorParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, with where to find help."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message (see prog --help)`` and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and ``--help``); it imports neither torch nor Qt."""
    parser = OneLineErrorParser(
        prog="cipherlab",
        description="Watch an LSTM learn to decrypt a cipher; decode text with its probabilities.",
    )
    parser.set_defaults(func=_cmd_gui)  # no command: open the window
    sub = parser.add_subparsers(dest="command")
    gui = sub.add_parser("gui", help="open the Cipher Lab window (the default)")
    gui.set_defaults(func=_cmd_gui)
    gui.add_argument("--model", default=None, help="model file to open (default: shipped model)")
    gui.add_argument("--train", action="store_true", help="start training right away")
    gui.add_argument(
        "--quit-after",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="close the window after this many seconds (demos and smoke tests)",
    )

    train = sub.add_parser("train", help="train a model headless and save it")
    train.set_defaults(func=_cmd_train)
    train.add_argument(
        "--preset",
        default=DEFAULT_PRESET,
        type=str.lower,
        choices=list(PRESETS),
        help=f"starting settings (default: {DEFAULT_PRESET})",
    )
    _add_task_flags(train)
    _add_hyperparameter_flags(train)
    train.add_argument(
        "--target-accuracy",
        type=_accuracy,
        default=None,
        metavar="A",
        help="stop once validation accuracy reaches A (0.99 or 99%%)",
    )
    train.add_argument(
        "--target-patience",
        type=_positive_int,
        default=DEFAULT_PATIENCE,
        metavar="N",
        help=f"evaluations in a row at the target before stopping (default {DEFAULT_PATIENCE})",
    )
    train.add_argument(
        "--threads",
        type=_positive_int,
        default=default_threads(),
        help=f"torch CPU threads (default {default_threads()}, as in the window; more can speed "
        "up a big model on an idle machine, see docs/benchmarks.md)",
    )
    train.add_argument(
        "--json", action="store_true", help="print one JSON object with the run's results"
    )
    train.add_argument("--out", default=None, help="write the model to this .safetensors file")
    train.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    decode = sub.add_parser("decode", help="decrypt ciphertext with a model")
    decode.set_defaults(func=_cmd_decode)
    decode.add_argument("text", nargs="?", help="the ciphertext (- reads standard input)")
    decode.add_argument("--file", help="read the ciphertext from this UTF-8 file")
    decode.add_argument("--model", default=None, help="model file (default: the shipped model)")
    decode.add_argument(
        "--json",
        action="store_true",
        help=f"print JSON: per symbol, the {TOP_K} most probable symbols (4 decimals)",
    )
    decode.add_argument(
        "--full",
        action="store_true",
        help="with --json: every symbol's whole distribution over the alphabet (6 decimals)",
    )

    info = sub.add_parser("info", help="print a model file's card (config, training, versions)")
    info.set_defaults(func=_cmd_info)
    info.add_argument("model", help="the .safetensors model file")
    info.add_argument("--json", action="store_true", help="print the card as one JSON object")

    _add_cipher_command(sub, "encrypt", "plaintext")
    _add_cipher_command(sub, "decrypt", "ciphertext")
    add_probe_command(sub)
    add_crack_commands(sub)
    add_identify_command(sub)
    sub.choices["identify"].set_defaults(func=_cmd_identify)
    sub.choices["probe"].set_defaults(func=run_probe)
    sub.choices["crack"].set_defaults(func=_cmd_crack)
    sub.choices["sample"].set_defaults(func=run_sample)
    return parser


def _add_cipher_command(
    sub: argparse._SubParsersAction[OneLineErrorParser], command: str, text: str
) -> None:
    """Add ``encrypt`` or ``decrypt``: exact, with ``--cipher``, ``--key`` and ``--alphabet``."""
    rules = "\n".join(f"  {name:<13} {cls.key_rule}" for name, cls in FAMILIES.items())
    parser = sub.add_parser(
        command,
        help=f"{command} {text} with a classical cipher (exact, no model)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"keys:\n{rules}\n  caesar27      the seed cipher's old name: caesar over seed",
    )
    parser.add_argument("text", nargs="?", help=f"the {text} (- reads standard input)")
    parser.add_argument("--file", help=f"read the {text} from this UTF-8 file")
    parser.add_argument(
        "--cipher",
        choices=CIPHER_NAMES,
        default="caesar",
        metavar="NAME",
        help=f"{', '.join(CIPHER_NAMES)} (default: caesar, which with its default key and "
        "alphabet is the seed cipher, +13 over A-Z and -)",
    )
    parser.add_argument(
        "--key",
        default=None,
        help="the key as text, e.g. -3, 5,8, ZEBRAS, LEMON (default: the family's textbook "
        "key: caesar 13 over seed and 3 over letters, affine 5,8, substitution ZEBRAS, "
        "vigenere LEMON, autokey QUEENLY)",
    )
    parser.add_argument(
        "--alphabet",
        choices=list(ALPHABETS),
        default=None,
        help="seed = A-Z and - (the default), letters = A-Z (rot13's only one); other "
        "characters pass through",
    )
    parser.set_defaults(usage_error=parser.error, func=_cmd_cipher)


def _add_task_flags(train: argparse.ArgumentParser) -> None:
    """``--task``, ``--cipher``, ``--key``, ``--alphabet`` and ``--data`` of ``train``."""
    train.add_argument(
        "--task",
        choices=tuple(TASKS),
        default=DECRYPT.name,
        help="decrypt: learn to decrypt --cipher (the default); lm: a language model of the "
        "--data text (English-like by default), which `cipherlab crack` scores keys with; "
        "identify: learn which cipher family (english, shift, substitution, vigenere, autokey) "
        "made each message of the --data text, each under a random key",
    )
    train.add_argument(
        "--cipher",
        choices=CIPHER_NAMES,
        default="caesar",
        metavar="NAME",
        help=f"the cipher to learn: {', '.join(CIPHER_NAMES)} (default: caesar, the seed's). "
        "The Fast preset is tuned per family",
    )
    train.add_argument(
        "--key",
        default=None,
        help="the key as text (see cipherlab encrypt --help; default: the family's textbook "
        "key, caesar 13 over seed)",
    )
    train.add_argument(
        "--alphabet",
        choices=list(ALPHABETS),
        default=None,
        help="seed = A-Z and - (the default), letters = A-Z (rot13's only one)",
    )
    train.add_argument(
        "--data",
        default=None,
        metavar="random|english|prose|PATH",
        help=f"{FIELDS['data'].help} PATH is a UTF-8 text file (its last 10%% is kept for "
        "validation; write ./english for a file named english). Default: random (prose "
        "for --task lm, english for identify)",
    )
    train.set_defaults(usage_error=train.error)


def _task_from_args(args: argparse.Namespace) -> dict[str, str]:
    """The task fields of :class:`~cipherlab.core.settings.TrainConfig` that the flags name.

    A bad key or alphabet is a usage error (exit 2, one line naming the rule).
    """
    try:
        cipher = cipher_from_args(args)
    except InvalidKeyError as exc:
        args.usage_error(f"argument --key: {exc}")
    except UnsupportedAlphabetError as exc:
        args.usage_error(f"argument --alphabet: {exc}")
    alphabet = cipher.alphabet.name
    task = {"task": args.task, "cipher": cipher.family, "key": args.key or "", "alphabet": alphabet}
    data = args.data or task_named(args.task).default_data
    if data in ("random", "english", "prose"):
        return {**task, "data": data}
    return {**task, "data": "file", "data_path": data}


def cipher_from_args(args: argparse.Namespace) -> Cipher:
    """The cipher that ``--cipher``, ``--key`` and ``--alphabet`` name.

    Raises
    ------
    InvalidKeyError
        If the key breaks the family's rule.
    UnsupportedAlphabetError
        If the family cannot act on the alphabet (``rot13`` or ``caesar27`` on the wrong one).
    """
    name, alphabet = args.cipher, args.alphabet
    if name in CIPHERS and args.key is None and alphabet is None:
        return CIPHERS[name]
    if name == "caesar27":  # caesar over the seed alphabet, by its old name
        if alphabet not in (None, "seed"):
            raise UnsupportedAlphabetError(
                "caesar27 is Caesar over the seed alphabet A–Z and -; "
                f"use --cipher caesar --alphabet {alphabet}."
            )
        name, alphabet = "caesar", "seed"
    return make_cipher(name, args.key, alphabet)


def _cmd_cipher(args: argparse.Namespace) -> int:
    """``encrypt`` or ``decrypt``: the key is checked before any text is read."""
    try:
        cipher = cipher_from_args(args)
    except InvalidKeyError as exc:
        args.usage_error(f"argument --key: {exc}")
    except UnsupportedAlphabetError as exc:
        args.usage_error(f"argument --alphabet: {exc}")
    pieces = drain(read_text(args.text, args.file))
    write_text(
        cipher.encrypt_pieces(pieces)
        if args.command == "encrypt"
        else cipher.decrypt_pieces(pieces),
        args,
    )
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from cipherlab.core.errors import NonFiniteLossError
    from cipherlab.core.learning import Trainer
    from cipherlab.core.network import use_threads
    from cipherlab.core.settings import StopRule, preset
    from cipherlab.core.storage import check_writable, make_bundle, save_model

    task = _task_from_args(args)  # a bad key exits 2 here, before anything is built
    if args.out:
        check_writable(args.out)  # before training, not after
    elif not args.json:
        print("note: no --out given, so the trained model will not be saved", file=sys.stderr)
    overrides = {n: getattr(args, n) for n in HYPERPARAMETERS if getattr(args, n) is not None}
    try:
        config = preset(args.preset, **task, **overrides)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    use_threads(args.threads)
    rule = None
    if args.target_accuracy is not None:
        rule = StopRule(args.target_accuracy, args.target_patience)
    trainer = Trainer(config)  # reads a --data file: a bad one stops here, before training
    if args.out:
        _check_savable(args.out, trainer)
    if not args.json:
        source = config.data_path if config.data == "file" else config.data
        what = (
            trainer.cipher.describe()
            if trainer.cipher is not None
            else f"a {config.task_kind.noun} over {alphabet_label(trainer.alphabet)}"
        )
        print(f"training: {what}, {source} messages", file=sys.stderr)
    accuracy = loss = None
    hide = args.no_progress or args.json
    with tqdm(total=config.steps, unit="step", disable=hide, file=sys.stderr) as bar:
        try:
            for progress in trainer.run(stop_rule=rule):
                bar.update(1)
                if progress.val_accuracy is not None:
                    accuracy = progress.val_accuracy
                    loss = progress.val_loss or 0.0
                    bar.set_postfix(loss=f"{progress.loss:.4f}", accuracy=f"{accuracy:.2%}")
        except NonFiniteLossError as exc:
            raise UserError(f"{exc} Nothing was saved.") from None
    bundle = make_bundle(
        config,
        trainer.model,
        steps=trainer.step_count,
        val_accuracy=accuracy,
        val_loss=loss,
        examples_seen=trainer.examples_seen,
        training_seconds=trainer.elapsed_s,
        command="cipherlab " + shlex.join(args.argv),
    )
    metadata = bundle.metadata
    # a language model's loss in bits per symbol (its text's entropy rate as it sees it)
    bits = metadata["metrics"].get("val_bits_per_symbol")
    if args.json:
        print(
            json.dumps(
                {
                    "preset": metadata["training"]["preset"],
                    "steps": trainer.step_count,
                    "examples_seen": trainer.examples_seen,
                    "training_seconds": round(trainer.elapsed_s, 4),
                    "final_val_accuracy": accuracy,
                    "final_val_bits_per_symbol": bits,
                    "target_accuracy": args.target_accuracy,
                    "target_reached": trainer.target_reached_step is not None,
                    "config": config.to_dict(),
                }
            )
        )
    else:
        what = (
            f"validation: {bits:.3f} bits per symbol, next-symbol accuracy {accuracy:.2%}"
            if bits is not None
            else f"{config.task_kind.metric}: {accuracy:.2%}"
            if config.task_kind.labels
            else f"validation accuracy: {accuracy:.2%}"
        )
        print(f"{what} after {trainer.step_count} steps ({trainer.elapsed_s:.2f} s)")
    if args.out:
        save_model(args.out, bundle)
        if not args.json:
            print(f"saved {args.out}")
    return 0


def _check_savable(out: str, trainer: Trainer) -> None:
    """Save the untrained model to a scratch folder: what cannot be saved fails before training."""
    import tempfile

    from cipherlab.core.storage import ModelFileError, make_bundle, save_model

    bundle = make_bundle(trainer.config, trainer.model)
    with tempfile.TemporaryDirectory() as folder:
        try:
            save_model(Path(folder) / Path(out).name, bundle)
        except ModelFileError as exc:
            raise UserError(f"{exc} Nothing was trained.") from None


TOP_K = 5
"""Most probable symbols listed per decoded symbol in ``decode --json`` (all with ``--full``)."""


def _cmd_decode(args: argparse.Namespace) -> int:
    """Decode piece by piece and write as it goes: memory stays bounded for any length."""
    import numpy as np

    from cipherlab.core.network import decode_in_pieces
    from cipherlab.core.storage import check_decrypts, load_model
    from cipherlab.resources import default_model_path

    path = args.model or default_model_path()
    bundle = load_model(path)
    cipher = check_decrypts(bundle, Path(path).name)
    text = read_text(args.text, args.file)
    alphabet = cipher.alphabet
    continuous = cipher.position_dependent  # Vigenère, autokey: one sequence
    if not args.json:
        pieces = decode_in_pieces(
            bundle.model, alphabet, drain(text), bundle.seq_len, continuous=continuous, follow=False
        )
        write_text((piece.plaintext for _offset, piece in pieces), args)
        return 0
    pieces = decode_in_pieces(bundle.model, alphabet, text, bundle.seq_len, continuous=continuous)
    out = sys.stdout
    symbols = alphabet.symbols
    dump = json.dumps
    out.write('{"ciphertext": ')
    write_json_string(out, text)
    out.write(f', "alphabet": {dump(symbols, ensure_ascii=False)}, "symbols": [')
    plaintext, first = [], True
    for offset, piece in pieces:
        plaintext.append(piece.plaintext)
        probs = piece.probabilities
        order = np.argsort(-probs, axis=1, kind="stable")
        if not args.full:
            order = order[:, :TOP_K]
        confidence, positions = piece.confidence, piece.positions
        for i, pos in enumerate(positions.tolist()):
            row = probs[i]
            entry = {
                "position": offset + pos,
                "ciphertext": piece.ciphertext[pos],
                "plaintext": piece.plaintext[pos],
                "probability": round(float(confidence[i]), 6),
                ("probabilities" if args.full else "top"): {
                    symbols[j]: round(float(row[j]), 6 if args.full else 4) for j in order[i]
                },
            }
            if (doubt := piece.follows(i)) >= 0:  # a feedback model: see Decoding.carry_over
                entry["follows"] = offset + int(positions[doubt])
            out.write(("" if first else ", ") + dump(entry, ensure_ascii=False))
            first = False
    out.write('], "plaintext": ')
    write_json_string(out, plaintext)
    out.write("}\n")
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from cipherlab.core.storage import format_card, load_model, model_card

    card = model_card(load_model(args.model), path=args.model)
    print(json.dumps(card, ensure_ascii=False, indent=2) if args.json else format_card(card))
    return 0


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _cmd_crack(args: argparse.Namespace) -> int:
    return run_crack(args, read_text(args.text, args.file))


def _cmd_identify(args: argparse.Namespace) -> int:
    return run_identify(args, read_text(args.text, args.file))


def _cmd_gui(args: argparse.Namespace) -> int:
    from cipherlab.gui.display_check import display_problem

    problem = display_problem()
    if problem is not None:  # Qt would abort with a page of plugin messages
        print(f"cipherlab gui: error: {problem}", file=sys.stderr)
        return 1
    from cipherlab.gui.app import run_app

    return run_app(
        model=getattr(args, "model", None),
        train=getattr(args, "train", False),
        quit_after_s=getattr(args, "quit_after", None),
    )


TORCH_COMMANDS = ("decode", "probe", "sample")
"""Subcommands that compute with a model: they run under the window's torch thread policy
(:func:`cipherlab.core.network.use_threads`). ``crack`` applies it itself, only when it loads
a language model (its default method needs no torch, and answers sooner without it)."""


def main(argv: list[str] | None = None) -> int:
    """Run the ``cipherlab`` command; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv  # recorded in the model files that ``train`` writes
    try:
        if args.command in TORCH_COMMANDS:  # train applies its --threads itself
            from cipherlab.core.network import use_threads

            use_threads()
        return args.func(args)
    except BrokenPipeError:  # e.g. `cipherlab decode --json ... | head`
        sys.stdout = None
        return 0
    except KeyboardInterrupt:
        print("cipherlab: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure becomes one clear line
        from cipherlab.core.errors import ModelFileError  # cheap: a refusal never loads torch

        if isinstance(exc, (UserError, ModelFileError, ValueError, OSError, ArithmeticError)):
            print(f"cipherlab: error: {exc}", file=sys.stderr)
            return 1
        if isinstance(exc, (MemoryError, RuntimeError)):  # torch: allocation and size errors
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"cipherlab: error: {first} (try smaller sizes)", file=sys.stderr)
            return 1
        raise
