"""The probability bars' labels."""

from cipherlab.gui.decoding import visible_char


def test_labels_for_invisible_characters():
    assert visible_char("\u200d") == "·" and visible_char("\x07") == "□"
    assert visible_char(" ") == "␣" and visible_char("\u0301") == "◌\u0301"
