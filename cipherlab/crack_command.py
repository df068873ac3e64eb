"""``cipherlab crack`` and ``cipherlab sample``: the language model from the command line.

``crack`` decrypts without the key (:func:`cipherlab.core.cryptanalysis.crack`): the best plaintext
on standard output, its key and alphabet on standard error, or with ``--json`` the ranked keys
with every method's score and posterior, the calibrated chance right and verdict, and the
per-letter probability (never above the chance right). Without ``--alphabet``
(or ``--lm``) the alphabet is read from the text
(:func:`~cipherlab.core.cryptanalysis.detect_alphabet`). ``sample`` writes text drawn from
a language model. Kept apart from :mod:`cipherlab.cli`, which adds the subcommands and reads
the input text; torch loads only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cipherlab.core.ciphers import ALPHABETS
from cipherlab.core.cryptanalysis import (
    AUTO,
    CRACKABLE,
    DETECTED_CHARS,
    METHODS,
    SAMPLE_SYMBOLS,
)
from cipherlab.core.settings import CHANCE_RIGHT, KEY_BELIEF, TrainConfig
from cipherlab.identify_command import identification_line, identify_with
from cipherlab.pieces import drain, write_json_string

if TYPE_CHECKING:  # torch loads when a command runs
    from cipherlab.core.cryptanalysis import (
        AlphabetGuess,
        Assessment,
        Identification,
        KeyRanking,
    )
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.storage import ModelBundle

Parser = TypeVar("Parser", bound=argparse.ArgumentParser)
"""The class of the ``cipherlab`` parser, which its subcommands' parsers share."""

PREVIEW_CHARS = 80
"""Characters of each candidate's plaintext in ``--json`` output."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_crack_commands(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``crack`` and ``sample`` to the ``cipherlab`` subparsers ``sub``."""
    crack = sub.add_parser(
        "crack",
        help="decrypt without the key: rank keys with a language model and classical scores",
        description="Score every candidate key (Caesar, ROT13, Atbash, affine) or search "
        "the key (Vigenère: every short period, or the likeliest by index of coincidence, "
        "then a beam search over the key's letters; substitution: hill-climbing over "
        "quadgrams and, where spaces are kept, English words; autokey: the primer of each "
        "length up to --max-period) with the "
        "recurrent language model (lm), n-gram log-likelihood (ngram) and chi-squared "
        "(chi2). Prints the best plaintext; its key goes to standard error. A long text's "
        f"key is found from its first {SAMPLE_SYMBOLS:,} letters, then the whole text is "
        "decrypted with it.",
    )
    crack.add_argument("text", nargs="?", help="the ciphertext, or - for standard input")
    crack.add_argument("--file", help="read the ciphertext from this UTF-8 file")
    crack.add_argument(
        "--cipher",
        choices=CRACKABLE,
        default=None,
        help="default: identified from the text (cipherlab identify), then the likeliest "
        "family that can be cracked",
    )
    crack.add_argument(
        "--alphabet",
        choices=list(ALPHABETS),
        default=None,
        help="seed = A-Z and -, letters = A-Z with spaces and punctuation passing through "
        "(default: read from the text, lower case, spaces or punctuation meaning letters; "
        "with --lm: the language model's)",
    )
    crack.add_argument(
        "--max-period",
        type=int,
        default=16,
        metavar="N",
        help="Vigenère: the longest period tried, autokey: the longest primer, 1 to 32 "
        "(default 16)",
    )
    crack.add_argument(
        "--method",
        choices=(AUTO, *METHODS),
        default=AUTO,
        help="the one method computed and printed (default auto: lm where the language model "
        "of English prose picks the right key more often, on Caesar, ROT13, Atbash and affine "
        "texts under 16 letters and Vigenère under 64, loading it only then; ngram elsewhere: "
        "n-gram counts of real English, as good there and the fastest; lm always loads the "
        "language model, and for Vigenère refines the n-gram keys, so both are computed)",
    )
    crack.add_argument(
        "--lm", default=None, metavar="PATH", help="language model (default: the shipped one)"
    )
    crack.add_argument(
        "--top", type=_positive, default=5, metavar="K", help="keys listed with --json (5)"
    )
    crack.add_argument("--json", action="store_true", help="print the ranking as JSON")
    crack.add_argument(
        "--lines",
        action="store_true",
        help="every input line is its own message; one output line (or JSON object) each",
    )

    sample = sub.add_parser("sample", help="write text drawn from a language model")
    sample.add_argument(
        "--lm", default=None, metavar="PATH", help="language model (default: the shipped one)"
    )
    sample.add_argument(
        "--alphabet",
        choices=list(ALPHABETS),
        default="seed",
        help="which shipped language model, without --lm (default seed)",
    )
    sample.add_argument(
        "--length",
        type=int,
        default=200,
        metavar="N",
        help="symbols, up to 100,000 (200); a progress bar counts them on a terminal",
    )
    sample.add_argument(
        "--temperature",
        type=float,
        default=1.0,
        metavar="T",
        help="below 1: likelier, more common words; above 1: more babble (default 1)",
    )
    sample.add_argument("--seed", type=int, default=None, help="same seed, same text")


def load_language_model(
    path: str | None, alphabet: str | None
) -> tuple[ModelBundle, TrainConfig, str]:
    """The language model at ``path`` (or the shipped one of ``alphabet``) and its settings.

    Raises
    ------
    ModelFileError
        If the file is unusable.
    ValueError
        If it is not a language model (a decryption model, a cipher identifier), or its
        alphabet is not ``alphabet``.
    """
    from cipherlab.core.network import use_threads
    from cipherlab.core.storage import load_model
    from cipherlab.core.text import without_word_break
    from cipherlab.resources import language_model_path

    use_threads()  # the window's torch thread policy
    bundle = load_model(path or language_model_path(alphabet or "seed"))
    name = Path(path).name if path else f"the shipped {alphabet or 'seed'} language model"
    if bundle.cipher is not None:
        raise ValueError(f"{name} decrypts one cipher; --lm needs a language model.")
    if not bundle.task_kind.writes_text:
        raise ValueError(f"{name} is a {bundle.task_kind.noun}; --lm needs a language model.")
    own = without_word_break(bundle.alphabet).name  # letters+space serves letters
    if alphabet is not None and own != alphabet:
        raise ValueError(f"{name} reads the {own} alphabet, not {alphabet}.")
    config = TrainConfig.from_dict(
        {k: v for k, v in bundle.metadata.get("training", {}).items() if k != "preset"}
    )
    return bundle, config, own


def run_crack(args: argparse.Namespace, pieces: list[str]) -> int:
    """Run ``cipherlab crack`` on the text of ``pieces`` (one message, or one per line).

    With ``--lines`` every line is a message. Each message's alphabet is ``--alphabet``, else
    the ``--lm`` model's, else read from its start
    (:func:`~cipherlab.core.cryptanalysis.detect_alphabet`; when only capitals leave it
    unclear, the message is cracked under both alphabets and the likelier reading is kept,
    :func:`~cipherlab.core.cryptanalysis.better_reading`). The key is found from the
    message's first :data:`~cipherlab.core.cryptanalysis.SAMPLE_SYMBOLS` letters
    (:func:`~cipherlab.core.cryptanalysis.leading_text`); then the whole message is
    decrypted with it and written a piece at a time, so a long text costs memory for one
    piece and time in proportion to its length.
    """
    from cipherlab.core.cryptanalysis import (
        AlphabetGuess,
        better_reading,
        crack,
        crack_identified,
        crackable_family,
        detect_alphabet,
        english_baselines,
        language_model_pays,
        leading_text,
    )

    if not 1 <= args.max_period <= 32:
        raise ValueError(f"--max-period must be 1 to 32, got {args.max_period}.")
    models: dict[str, CipherRNN] = {}  # the language model per alphabet, once loaded
    fixed: AlphabetGuess | None = None

    def lm_for(name: str, family: str, symbols: int) -> CipherRNN | None:
        """The language model of alphabet ``name`` if the method uses it here, else None.

        Torch and the model load then, and only then.
        """
        pays = args.method == AUTO and language_model_pays(family, symbols)
        if args.method != "lm" and not pays:
            return None
        if name not in models:
            models[name] = load_language_model(None, name)[0].model
        return models[name]

    if args.lm is not None:
        bundle, _config, own = load_language_model(args.lm, args.alphabet)
        models[own] = bundle.model
        why = "--alphabet" if args.alphabet is not None else "the language model's"
        fixed = AlphabetGuess(own, why, (own,))
    elif args.alphabet is not None:
        fixed = AlphabetGuess(args.alphabet, "--alphabet", (args.alphabet,))
    messages = [[line] for line in "".join(pieces).splitlines()] if args.lines else [pieces]
    for message in messages:
        guess = fixed or detect_alphabet(_start(message))
        rankings = {}
        identified: dict[str, tuple[Identification, str, str]] = {}
        for name in guess.candidates:
            baselines = english_baselines(name)
            start, symbols = leading_text(message, baselines.alphabet)
            if args.cipher is None:  # identify first, then crack the likeliest crackable
                found = identify_with(start, baselines)
                lm = lm_for(name, crackable_family(found)[0], symbols)
                rankings[name], family, note = crack_identified(
                    start, found, baselines, lm, args.method, args.max_period,
                    symbols, methods=(args.method,),
                )  # fmt: skip
                identified[name] = found, family, note
                continue
            rankings[name] = crack(
                start, args.cipher, baselines, lm_for(name, args.cipher, symbols), args.method,
                args.max_period, symbols, methods=(args.method,),
            )  # fmt: skip
        guess = better_reading(guess, rankings)
        ranking = rankings[guess.name]
        used = (guess.name, guess.reason if fixed else f"detected: {guess.reason}")
        plaintext = ranking.best.cipher.decrypt_pieces(drain(message))
        identification = identified.get(guess.name)
        if args.json:
            write_ranking_json(ranking, plaintext, args, used, identification)
            continue
        best = ranking.best
        if identification is not None:
            print(identification_line(identification[0]), file=sys.stderr)
            if identification[2]:
                print(f"note: {identification[2]}", file=sys.stderr)
        if ranking.warning:
            print(f"warning: {ranking.warning}", file=sys.stderr)
        label = best.key_label or "(no key)"
        sure = best.posteriors[ranking.method]
        # the window's word for it: a share among the keys found, not a chance of being right
        print(f"key: {label} ({ranking.method} {KEY_BELIEF.label} {sure:.1%})", file=sys.stderr)
        if ranking.assessment is not None:
            print(verdict_line(ranking.assessment), file=sys.stderr)
        print(f"alphabet: {used[0]} ({used[1]})", file=sys.stderr)
        for piece in plaintext:
            sys.stdout.write(piece)
        sys.stdout.write("\n" if args.lines or args.text not in (None, "-") else "")
    return 0


def _start(message: Iterable[str]) -> str:
    """The start of a message given in pieces, which its alphabet is read from.

    At least :data:`~cipherlab.core.cryptanalysis.DETECTED_CHARS` characters (whole pieces),
    or the whole message if shorter.
    """
    kept: list[str] = []
    held = 0
    for piece in message:
        kept.append(piece)
        held += len(piece)
        if held >= DETECTED_CHARS:
            break
    return "".join(kept)


def verdict_line(assessment: Assessment) -> str:
    """``verdict: solved, chance right 99.5% (It reads as English, ...)`` for standard error."""
    from cipherlab.core.cryptanalysis import chance_text

    chance = chance_text(assessment.probability)
    return f"verdict: {assessment.verdict}, {CHANCE_RIGHT.label} {chance} ({assessment.reason})"


def write_ranking_json(
    ranking: KeyRanking,
    plaintext: Iterable[str],
    args: argparse.Namespace,
    alphabet: tuple[str, str],
    identification: tuple[Identification, str, str] | None = None,
) -> None:
    """Print one message's ranking as one line of JSON, the plaintext written piece by piece.

    The same text as ``json.dumps`` of the whole object (:func:`ranking_json`, with
    ``"plaintext"`` after ``"key"``), whatever the plaintext's length. Without ``--cipher``,
    ``identification`` (what was identified, the family cracked, a note) adds
    ``"identification"`` and names the family cracked in ``"cipher"``.
    """
    data = ranking_json(ranking, args, alphabet)
    if identification is not None:
        found, family, note = identification
        data["cipher"] = family
        data["identification"] = {**found.to_json(), "cracked_as": family, "note": note}
    keys = list(data)
    at = keys.index("key") + 1
    head = json.dumps({k: data[k] for k in keys[:at]}, ensure_ascii=False)
    tail = json.dumps({k: data[k] for k in keys[at:]}, ensure_ascii=False)
    out = sys.stdout
    out.write(head[:-1] + ', "plaintext": ')
    write_json_string(out, plaintext)
    out.write(", " + tail[1:] + "\n")


def assessment_json(assessment: Assessment | None) -> dict:
    """``chance_right`` (a probability), ``verdict`` and ``verdict_reason``, or nothing."""
    if assessment is None:
        return {}
    return {
        "chance_right": round(assessment.probability, 4),
        "verdict": assessment.verdict,
        "verdict_reason": assessment.reason,
    }


def ranking_json(ranking: KeyRanking, args: argparse.Namespace, alphabet: tuple[str, str]) -> dict:
    """One message's ranking as plain JSON (the top ``args.top`` keys), without its plaintext.

    ``alphabet`` is the alphabet's name and why it was used (``"--alphabet"``,
    ``"detected: lower case and spaces"``): ``"alphabet"`` and ``"alphabet_reason"``.

    :func:`write_ranking_json` adds ``"plaintext"``, the whole message decrypted with the
    best key, after ``"key"``.
    """
    best = ranking.best
    return {
        "cipher": args.cipher,
        "alphabet": alphabet[0],
        "alphabet_reason": alphabet[1],
        "method": ranking.method,
        "symbols": ranking.symbols,
        "warning": ranking.warning,
        **assessment_json(ranking.assessment),
        "key": best.cipher.key_text,
        "winners": {m: ranking.keys[i].cipher.key_text for m, i in ranking.winners.items()},
        "confidence": [round(float(c), 4) for c in ranking.confidence],
        "keys": [
            {
                "key": key.cipher.key_text,
                "plaintext": key.plaintext[:PREVIEW_CHARS],
                "scores": {m: round(s, 4) for m, s in key.scores.items()},
                "posteriors": {m: round(p, 6) for m, p in key.posteriors.items()},
            }
            for key in ranking.keys[: args.top]
        ],
    }


PROGRESS_DELAY_S = 0.5
"""Seconds before ``sample``'s progress bar shows: a short sample never flashes one."""


def run_sample(args: argparse.Namespace) -> int:
    """Run ``cipherlab sample``: print ``--length`` symbols drawn from the language model.

    An obscene word it happens to write is printed masked (``••••``). A progress bar counts
    the symbols on standard error while they are drawn, when standard error is a terminal
    and the sample takes over :data:`PROGRESS_DELAY_S`.
    """
    from tqdm import tqdm

    from cipherlab.core.network import sample_symbols
    from cipherlab.core.text import mask_obscene, word_break_index

    bundle, _config, _alphabet = load_language_model(
        args.lm, args.alphabet if not args.lm else None
    )
    symbols = bundle.alphabet.symbols
    word_break = word_break_index(bundle.alphabet)  # start at a word, and write words
    prompt = () if word_break is None else (word_break,)
    drawn = sample_symbols(bundle.model, args.length, args.temperature, args.seed, prompt)
    bar = tqdm(  # disable=None: shown only on a terminal
        drawn, total=args.length, unit="symbol", file=sys.stderr, disable=None,
        delay=PROGRESS_DELAY_S, leave=False,
    )  # fmt: skip
    print(mask_obscene("".join(symbols[i] for i in bar)))  # a class never reads one
    return 0
