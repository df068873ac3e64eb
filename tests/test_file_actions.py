"""File actions in the window: open, save, save as, new model, recent files, the unsaved-model
question, the autosave offered back, bad files explained and pickles never run."""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import replace
from functools import partial

import pytest
import torch
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox
from safetensors.torch import save_file

from cipherlab.core.network import CipherRNN
from cipherlab.core.settings import PRESETS, ModelConfig
from cipherlab.core.storage import load_model, save_model
from cipherlab.gui.file_actions import FileActions
from cipherlab.gui.settings import Settings
from cipherlab.gui.widgets import MODEL_FILTER
from cipherlab.resources import default_model_path

Button = QMessageBox.StandardButton
ASK_SAVE_PATH = FileActions.ask_save_path  # the real dialog, before a test's prompts replace it


def train_tiny(qtbot, window, seed=None):
    """A 20-step Fast run to the end of its budget; waits for the final weights."""
    panel = window.trainingPanel
    config = replace(PRESETS["fast"], steps=20)
    panel.set_config(config if seed is None else replace(config, seed=seed))
    panel.trainingSettings.autoStopCheck.setChecked(False)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)
    qtbot.waitUntil(lambda: window.current.unsaved, timeout=5000)


def state(bundle):
    return {k: v.clone() for k, v in bundle.model.state_dict().items()}


def same_weights(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# ------------------------------------------------------------------ never lose work
def test_no_question_before_training(make_window, prompts):
    window = make_window()
    assert not window.current.unsaved
    window.close()
    assert not window.isVisible()
    assert prompts.save_changes == []


def test_question_after_training_cancel_keeps_everything(qtbot, make_window, prompts, autosave):
    window = make_window()
    train_tiny(qtbot, window)
    assert "trained (unsaved)" in window.decodePanel.modelLabel.text()
    assert window.isWindowModified()
    trained = window.current.bundle

    prompts.answer = Button.Cancel
    assert window.files.open_model(default_model_path()) is False
    assert window.current.bundle is trained
    window.close()
    assert window.isVisible()
    assert len(prompts.save_changes) == 2

    prompts.answer = Button.Discard
    window.close()
    assert not window.isVisible()
    assert len(prompts.save_changes) == 3
    assert autosave.pending is False  # discarded: not offered again


def test_question_before_new_model_after_training(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    prompts.answer = Button.Discard
    assert window.files.new_model() is True
    assert len(prompts.save_changes) == 1
    assert window.current.name == "untitled (untrained)" and not window.current.unsaved
    window.modelCardDock.show()  # a hidden card is drawn when shown
    assert window.modelCard.card["Steps trained"] == "0"
    assert window.current.bundle.model.config.hidden_size == 32
    window.close()
    assert len(prompts.save_changes) == 1  # an untrained model loses nothing


def test_save_answer_saves_then_closes_without_asking_again(
    qtbot, make_window, prompts, tmp_path, autosave
):
    window = make_window()
    train_tiny(qtbot, window)
    weights = state(window.current.bundle)
    prompts.answer = Button.Save
    prompts.save_path = tmp_path / "mine"  # no suffix: .safetensors is added
    window.close()
    assert not window.isVisible()
    saved = tmp_path / "mine.safetensors"
    loaded = load_model(saved)
    assert same_weights(loaded.model.state_dict(), weights)
    meta = loaded.metadata
    assert meta["training"] == {"preset": "custom", **replace(PRESETS["fast"], steps=20).to_dict()}
    assert meta["metrics"]["steps"] == 20 and 0 <= meta["metrics"]["val_accuracy"] <= 1
    assert {"python", "torch", "numpy", "safetensors"} <= meta["versions"].keys()
    assert meta["created"].endswith("+00:00")
    settings = Settings()
    assert settings.get("files/last_model") == str(saved.resolve())
    assert settings.recent_files() == [str(saved.resolve())]
    assert autosave.pending is False


def test_save_as_dialog_cancelled_keeps_the_window_open(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    prompts.answer = Button.Save
    prompts.save_path = ""  # the file dialog is cancelled
    window.close()
    assert window.isVisible() and window.current.unsaved
    prompts.answer = Button.Discard


def test_trained_model_is_autosaved_and_offered_at_next_start(
    qtbot, make_window, prompts, autosave
):
    window = make_window()
    train_tiny(qtbot, window)
    weights = state(window.current.bundle)
    assert autosave.path.is_file()
    assert autosave.pending is True
    window.quit_without_asking()  # as if the app had crashed: nothing was asked
    assert prompts.save_changes == []

    again = make_window()
    assert again.files.offer_restore() is True
    assert prompts.restore == 1
    assert same_weights(again.current.bundle.model.state_dict(), weights)
    assert again.current.unsaved and "restored" in again.decodePanel.modelLabel.text()


def test_a_discarded_trained_model_is_recovered_from_the_file_menu(
    qtbot, make_window, prompts, autosave
):
    window = make_window()
    train_tiny(qtbot, window)
    first = state(window.current.bundle)
    prompts.answer = Button.Discard  # the wrong click: Train again, Discard the first model
    train_tiny(qtbot, window, seed=PRESETS["fast"].seed + 1)
    assert not same_weights(state(window.current.bundle), first)

    menu = window.menus.autosaveMenu
    menu.aboutToShow.emit()  # what opening the menu does
    actions = [a for a in menu.actions() if a.isEnabled()]
    assert len(actions) == 2 and "20 steps" in actions[1].text()
    asked = len(prompts.save_changes)
    actions[1].trigger()  # the older one
    assert len(prompts.save_changes) == asked + 1  # the second run's model was unsaved: asked
    assert same_weights(state(window.current.bundle), first)
    assert window.current.unsaved and "restored" in window.decodePanel.modelLabel.text()


def test_the_recover_menu_says_when_nothing_is_kept(make_window):
    window = make_window()
    menu = window.menus.autosaveMenu
    menu.aboutToShow.emit()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [
        ("No trained models kept yet", False)
    ]


def test_declined_restore_is_not_offered_again(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    window.quit_without_asking()
    prompts.restore_answer = False
    again = make_window()
    assert again.files.offer_restore() is False
    assert again.files.offer_restore() is False
    assert prompts.restore == 1
    assert again.current.name == "default"


def test_no_restore_offer_without_an_unsaved_run(make_window, prompts):
    assert make_window().files.offer_restore() is False
    assert prompts.restore == 0


# -------------------------------------------------------------------------- files
def test_open_save_as_and_recent(make_window, prompts, tmp_path, tiny_bundle):
    path = tmp_path / "tiny.safetensors"
    save_model(path, tiny_bundle)
    window = make_window()
    prompts.save_path = path
    assert window.files.open_dialog() is True
    assert window.current.path == path
    assert window.windowTitle() == "tiny[*] — Caesar +13, A–Z and - — Cipher Lab"
    window.modelCardDock.show()
    assert window.modelCard.card["File"] == str(path)
    recent = [a.toolTip() for a in window.menus.recentMenu.actions() if a.toolTip()]
    assert recent[0] == str(path.resolve())

    prompts.save_path = tmp_path / "copy.safetensors"
    assert window.files.save_as() is True
    assert window.current.path == prompts.save_path
    assert same_weights(load_model(prompts.save_path).model.state_dict(), state(tiny_bundle))
    assert Settings().recent_files()[:2] == [
        str(prompts.save_path.resolve()),
        str(path.resolve()),
    ]
    assert window.files.save() is True  # to its own file now, no dialog
    assert prompts.errors == []


def test_save_as_proposes_a_name_from_the_model_in_the_last_folder(
    make_window, prompts, tmp_path, monkeypatch
):
    """Issue 20: not ``model.safetensors`` in the home folder."""
    Settings().set("files/last_model", str(tmp_path / "earlier.safetensors"))
    window = make_window()
    monkeypatch.setattr(FileActions, "ask_save_path", ASK_SAVE_PATH)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: asked.append(args[1:]) or ("", "")
    )
    window.menus.saveAsAction.trigger()  # the shipped model: Caesar +13
    assert asked == [("Save model as", str(tmp_path / "caesar-13.safetensors"), MODEL_FILTER)]
    assert window.current.save_target is None  # cancelled: nothing saved


def test_save_of_the_shipped_model_asks_for_a_name(make_window, prompts, tmp_path):
    window = make_window()
    prompts.save_path = ""
    assert window.files.save() is False  # Save As was cancelled: resources are not written
    assert window.current.save_target is None


def test_save_errors_are_reported(make_window, prompts, tmp_path):
    window = make_window()
    prompts.save_path = tmp_path / "model.pt"
    assert window.files.save_as() is False
    assert "not .pt (pickle)" in prompts.errors[0]


def _nan_file(path):
    config = ModelConfig()
    tensors = CipherRNN(config).state_dict()
    tensors["linear.bias"][3] = float("nan")
    meta = {
        "format": "cipherlab-model",
        "format_version": 1,
        "config": config.to_dict(),
        "cipher": {"kind": "caesar", "shift": 13, "alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"},
    }
    save_file(tensors, str(path), metadata={"cipherlab": json.dumps(meta)})


class _Marker:
    def __reduce__(self):
        return (open, (os.environ["CIPHERLAB_MARKER"], "w"))


@pytest.mark.parametrize("damage", ["nan", "pickle"])
def test_a_bad_file_is_explained_and_the_model_kept(
    make_window, prompts, tmp_path, damage, monkeypatch
):
    window = make_window()
    before = window.current.bundle
    marker = tmp_path / "marker"
    monkeypatch.setenv("CIPHERLAB_MARKER", str(marker))
    if damage == "nan":
        path = tmp_path / "nan.safetensors"
        _nan_file(path)
    else:
        path = tmp_path / "evil.pt"
        torch.save({"x": _Marker()}, path)  # torch.load(weights_only=False) would run it
    assert window.files.open_model(path) is False  # a dialog says why
    expected = "NaN or infinite weights" if damage == "nan" else "never opens pickles"
    assert expected in window.statusBar().currentMessage()
    assert len(prompts.errors) == 1 and expected in prompts.errors[0]
    assert window.current.bundle is before
    assert window.decodePanel.plaintext() == "THIS-IS-A-SECRET"
    assert not marker.exists()
    assert prompts.save_changes == []


def test_pickle_named_safetensors_never_runs(make_window, prompts, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    monkeypatch.setenv("CIPHERLAB_MARKER", str(marker))
    path = tmp_path / "evil.safetensors"
    path.write_bytes(pickle.dumps(_Marker(), protocol=2))
    window = make_window()
    assert window.files.open_model(path) is False
    assert "pickle" in prompts.errors[0] and not marker.exists()


def test_dropping_a_model_file_opens_it(qtbot, make_window, tmp_path, tiny_bundle):
    path = tmp_path / "dropped.safetensors"
    save_model(path, tiny_bundle)
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.current.path == path, timeout=2000)
    assert window.current.name == "dropped"


def test_copy_and_save_decoded_text(make_window, prompts, tmp_path):
    window = make_window()
    window.menus.copyTextAction.trigger()
    assert QGuiApplication.clipboard().text() == "THIS-IS-A-SECRET"
    prompts.save_path = tmp_path / "out.txt"
    window.menus.saveTextAction.trigger()
    assert prompts.save_path.read_text(encoding="utf-8") == "THIS-IS-A-SECRET"


def test_train_save_quit_reopen_and_continue(qtbot, make_window, prompts, tmp_path):
    from cipherlab.gui.app import start_model

    window = make_window()
    train_tiny(qtbot, window)
    weights, config = state(window.current.bundle), window.trainingPanel.config()
    prompts.save_path = tmp_path / "kept.safetensors"
    assert window.files.save() is True
    window.close()
    assert prompts.save_changes == []  # saved: nothing to ask

    chosen = start_model(Settings(), None)  # what `cipherlab` opens at the next start
    assert chosen == str(prompts.save_path.resolve())
    again = make_window()
    assert again.files.open_model(chosen)
    assert same_weights(again.current.bundle.model.state_dict(), weights)
    assert again.trainingPanel.config() == config
    assert again.files.offer_restore() is False and prompts.restore == 0
    prompts.save_path.unlink()
    assert start_model(Settings(), None) is None  # gone: the shipped model it is


def test_a_file_that_fails_to_open_is_not_offered_again(make_window, prompts, tmp_path):
    from cipherlab.gui.app import start_model

    path = tmp_path / "later-damaged.safetensors"
    path.write_bytes(default_model_path().read_bytes())
    window = make_window()
    assert window.files.open_model(path) is True
    assert start_model(Settings(), None) == str(path.resolve())
    path.write_bytes(path.read_bytes()[:400])  # damaged on disk since
    assert window.files.open_model(path) is False
    assert prompts.errors and "truncated" in prompts.errors[-1]
    assert str(path.resolve()) not in Settings().recent_files()
    assert start_model(Settings(), None) is None  # the next start opens the shipped model


def test_a_first_model_that_fails_says_why_in_every_view(qtbot, prompts, tmp_path):
    from cipherlab.gui.main_window import MainWindow

    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x00" * 64)
    window = MainWindow(bad)
    qtbot.addWidget(window)
    window.show()
    window.modelCardDock.show()
    assert window.current.bundle is None and "bad.safetensors" in window.current.problem
    assert "No model loaded" in window.decodePanel.modelLabel.text()
    assert "No model loaded: bad.safetensors" in window.modelCard.browser.toPlainText()
    assert window.statusBar().currentMessage() == prompts.errors[0]
    assert window.windowTitle() == "Cipher Lab"


def test_a_pending_autosave_flag_from_an_older_version_is_carried_over(
    qtbot, make_window, prompts, autosave
):
    from PySide6.QtCore import QSettings

    autosave.write(window_bundle := make_window().current.bundle)
    autosave.clear_pending()
    raw = QSettings(str(Settings().path), QSettings.Format.IniFormat)
    raw.setValue("autosave/pending", "true")  # how versions before issue 8 said it
    raw.sync()
    again = make_window()
    assert again.files.offer_restore() is True and prompts.restore == 1
    assert again.current.bundle.model.config == window_bundle.model.config
    assert (
        QSettings(str(Settings().path), QSettings.Format.IniFormat).value("autosave/pending")
        is None
    )


def test_train_asks_before_replacing_an_unsaved_trained_model(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    trained, panel = window.current.bundle, window.trainingPanel
    prompts.answer = Button.Cancel
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    assert len(prompts.save_changes) == 2 and "has not been saved" in prompts.save_changes[0]
    assert not panel.running and window.current.bundle is trained and window.current.unsaved
    assert len(panel.history.runs) == 1
    prompts.answer = Button.Discard
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    assert panel.running and len(panel.history.runs) == 2
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)


# ------------------------------------------------------------ hostile files (issue 10)


@pytest.mark.parametrize(
    "hostile", ["layers_1e9", "hidden_1e30", "metadata_nested_5000", "cipher_name_500k"]
)
def test_a_hostile_file_is_refused_with_a_dialog_and_the_model_kept(
    make_window, prompts, tmp_path, hostile
):
    """These hung the window, raised uncaught errors or froze it for minutes."""
    from hostile_models import HOSTILE

    write, words = HOSTILE[hostile]
    path = write(tmp_path / f"{hostile}.safetensors")
    window = make_window()
    before = window.current.bundle
    assert window.files.open_model(path) is False  # it hung for minutes (bench/hostile_files.py)
    assert len(prompts.errors) == 1
    assert words in prompts.errors[0] and "\n" not in prompts.errors[0]
    assert window.current.bundle is before
    assert window.decodePanel.plaintext() == "THIS-IS-A-SECRET"


def test_metadata_is_shown_as_plain_text_never_as_markup(make_window, prompts, tmp_path):
    from hostile_models import metadata, write_model

    markup = "<b>bold</b><img src='x.png'><a href='https://x.test'>link</a> &amp;"
    meta = metadata(created=markup, command=f"cipherlab train --out '{markup}'")
    meta["cipher"]["name"] = markup
    meta["training"]["preset"] = markup
    meta["versions"]["torch"] = markup
    path = write_model(tmp_path / "markup.safetensors", meta)
    window = make_window()
    assert window.files.open_model(path) is True
    window.modelCardDock.show()
    card = window.modelCard.card
    assert card["Created"] == markup and card["Cipher"] == f"{markup} (Caesar +13, A–Z and -)"
    assert markup in card["Training"] and markup in card["Versions"] and markup in card["Command"]
    text = window.modelCard.browser.toPlainText()
    assert text.count(markup) == 5  # as typed: no bold, no image, no link, no entity
    assert "<img" not in window.modelCard.browser.toHtml().replace("&lt;img", "")


def test_open_example_opens_that_familys_model_read_only(make_window, prompts, tmp_path):
    window = make_window()
    menu = window.menus.examplesMenu
    titles = [action.text() for action in menu.actions()]
    assert titles[0] == "Caesar +13, A–Z and -" and "Vigenère LEMON, A–Z and -" in titles
    action = next(a for a in menu.actions() if a.objectName() == "example_vigenere")
    action.trigger()
    assert window.current.bundle.cipher.family == "vigenere"
    assert "Vigenère LEMON" in window.windowTitle()
    ciphertext = window.current.bundle.cipher.encrypt("ATTACK-AT-DAWN")
    assert ciphertext == "LXEOPVDMGMOEHA"  # the key advances on "-" too: it is a symbol here
    window.decodePanel.set_ciphertext(ciphertext)
    window.decodePanel.refresh()
    assert window.decodePanel.plaintext() == "ATTACK-AT-DAWN"
    assert window.current.is_shipped and window.current.save_target is None  # never written
    assert window.settings.recent_files() == []  # examples stay in their own menu
    prompts.save_path = ""
    assert window.files.save() is False
    assert prompts.errors == []


def test_a_shipped_language_model_opens_and_writes_text(qtbot, make_window, prompts):
    window = make_window()
    action = next(
        a for a in window.menus.examplesMenu.actions() if a.objectName() == "example_lm_letters"
    )
    assert action.text() == "Language model (A–Z)"
    with qtbot.waitSignal(window.decodePanel.sampleView.sampled, timeout=20000) as written:
        action.trigger()
    assert window.current.bundle.cipher is None and window.current.is_shipped
    assert window.decodePanel.sampleView.isVisible()
    assert not window.decodePanel.ciphertextBox.ciphertextInput.isVisible()
    text = written.args[0]  # words: the letters model reads and writes the space
    from cipherlab.core.text import MASK  # an obscene word the draw may give is masked

    assert len(text) == 240 and set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ " + MASK)
    assert len(text.split()) > 20
    assert window.windowTitle() == "lm-letters[*] — Language model, A–Z and space — Cipher Lab"
    assert "Language model, A–Z and space; LSTM" in window.decodePanel.modelLabel.text()
    assert "2.263 bits per symbol on held-out text" in window.decodePanel.modelLabel.text()
    assert prompts.errors == []
    # back to a decryption example: decoding again
    next(
        a for a in window.menus.examplesMenu.actions() if a.objectName() == "example_caesar"
    ).trigger()
    assert window.decodePanel.ciphertextBox.ciphertextInput.isVisible()
    assert not window.decodePanel.sampleView.isVisible()


QUESTIONS = {
    "ask_save_changes": FileActions.ask_save_changes,
    "ask_restore_autosave": FileActions.ask_restore_autosave,
}


@pytest.mark.parametrize(
    "ask, texts, key, answer",
    [
        ("ask_save_changes", ["&Save", "&Discard", "&Cancel"], Qt.Key.Key_D, Button.Discard),
        ("ask_save_changes", ["&Save", "&Discard", "&Cancel"], Qt.Key.Key_S, Button.Save),
        ("ask_restore_autosave", ["&Yes", "&No"], Qt.Key.Key_N, False),
    ],
)
def test_the_questions_buttons_have_alt_and_a_letter(
    qtbot, make_window, monkeypatch, ask, texts, key, answer
):
    window, shown = make_window(), []

    def exec_(box):  # as the modal loop would: shown, then answered
        box.show()
        shown.append(sorted(b.text() for b in box.buttons()))
        alt = QKeySequence(Qt.KeyboardModifier.AltModifier | key)
        (button,) = [b for b in box.buttons() if QKeySequence.mnemonic(b.text()) == alt]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return box.standardButton(box.clickedButton())

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    method = partial(QUESTIONS[ask], window.files)  # the real one, not the prompts fixture's
    assert (method("Save the model?") if ask == "ask_save_changes" else method()) == answer
    assert shown == [sorted(texts)]
