"""The five numbers a learner reads as "how good" or "how sure", each named once.

Validation accuracy, the model's probability, agreement with the exact decryption, a crack's
key belief and its chance right all read as a percentage, and all can be on screen at once. Every
view labels its number with :attr:`Measure.label` and explains it with
:attr:`Measure.explanation` (its tooltip), so that one word never means two things.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One measure shown on screen.

    Attributes
    ----------
    label : str
        The short on-screen name, lower case (``"validation accuracy"``).
    explanation : str
        One paragraph on what it counts and what it does not claim (for a tooltip).
    """

    label: str
    explanation: str


VALIDATION_ACCURACY = Measure(
    "validation accuracy",
    "Validation accuracy: the share of letters in held-out messages (never used for "
    "training) whose top choice is the right plaintext letter. It says how often the model's "
    "first choice is right, not how sure the model is of it.",
)
PROBABILITY = Measure(
    "probability",
    "Probability: how much of its belief the model puts on the letter it shows, from 0 to "
    "100 %. It is how sure the model is, not whether it is right: a letter can be right and "
    "unsure. Letters below 50 % are drawn red. A decoder that reads back its own letters "
    "reads each one given the letters before it: a letter that changes when a doubtful "
    "earlier letter is read back differently shows its probability times that letter's "
    "(outlined: the model's own).",
)
AGREEMENT = Measure(
    "agreement with the exact decryption",
    "Agreement with the exact decryption: the share of decoded letters where the model's "
    "letter equals the one the cipher's exact decryption (with the known key) gives. Only "
    "shown when the key is known.",
)
KEY_BELIEF = Measure(
    "key belief",
    "Key belief: how much of a method's belief goes to this key, relative to the candidate "
    "keys found (the listed ones share 100 %). It is not a measured chance of being right: "
    "a key no method tried gets no share. ★ marks each method's top key.",
)
CHANCE_RIGHT = Measure(
    "chance right",
    "Chance right: how often answers like this one were exactly right when the same crack "
    "was measured on real English prose it never saw (a calibrated probability). It weighs "
    "how English the answer reads for its length, how far it is ahead of the next candidate "
    "and whether a second method agrees. Never 100 %: no crack is certain.",
)
MEASURES = (VALIDATION_ACCURACY, PROBABILITY, AGREEMENT, KEY_BELIEF, CHANCE_RIGHT)
"""Every measure, in the order a learner meets them."""
