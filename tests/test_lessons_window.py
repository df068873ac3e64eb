"""The Lessons panel in the real window: each lesson's steps tick from what the window shows.

Driven with real clicks and typing; runs train at full speed unless a step is about watching.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from user_input import click, pick

RUN_MS = 60_000


def show_tab(qtbot, window, title):
    """Click a tab beside the plot as a user does (Loss and accuracy, Runs, Inside, …)."""
    tabs = window.trainingPanel.viewTabs
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def open_section(qtbot, section):
    """Unfold a collapsed settings section (Advanced, Beginner mistakes) with a click."""
    if not section.is_expanded():
        click(qtbot, section.toggleButton)
    assert section.is_expanded()


@pytest.fixture
def window(qtbot, make_window):
    window = make_window()
    qtbot.waitUntil(window.lessonsDock.isVisible)  # offered at a first start
    assert window.settings.get("lessons/offered") == "yes"
    window.lessonsDock.close()
    window.resize(1280, 720)  # a classroom projector: room for the lessons beside the panels
    window.activateWindow()  # the floating dock that just closed had the focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)  # Help > Lessons
    qtbot.waitUntil(window.lessonsDock.isVisible)
    assert not window.lessonsDock.isFloating()
    assert window.minimumSizeHint().width() <= 1280
    return window


def ticked(window):
    return window.lessonsPanel.current_progress.ticked


def marks(window):
    return [label.text().split(" ")[0] for label in window.lessonsPanel.stepLabels]


def open_lesson(qtbot, window, number):
    lessons = window.lessonsPanel
    pick(qtbot, lessons.lessonChooser, lessons.lessonChooser.itemText(number - 1))


def test_the_first_start_offers_lesson_1_and_help_lessons_brings_it_back(qtbot, window):
    lessons = window.lessonsPanel
    assert lessons.objectName() == "lessonsPanel"
    assert window.lessonsDock.objectName() == "lessonsDock"
    assert window.dockWidgetArea(window.lessonsDock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert lessons.lessonChooser.currentText() == "1. Train a model and watch it learn"
    window.lessonsDock.close()
    action = window.menus.lessonsAction
    assert (action.objectName(), action.text(), action.shortcut().toString()) == (
        "lessonsAction",
        "&Lessons",
        "F1",
    )
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(window.lessonsDock.isVisible)


def test_lesson_1_ticks_as_a_caesar_run_learns(qtbot, window):
    lessons, panel = window.lessonsPanel, window.trainingPanel
    # the first start's settings are the lesson's: step 1 ticked as soon as it was shown
    qtbot.waitUntil(lambda: ticked(window) == 1)
    assert marks(window) == ["✓", "▶", "3."]
    assert lessons.statusLabel.text() == "Step 2 of 3: it ticks itself."
    pick(qtbot, panel.trainingSettings.presetSelector, "Tutorial")  # a setting, not a run
    assert ticked(window) == 1
    pick(qtbot, panel.trainingSettings.presetSelector, "Fast")
    seen = []
    lessons.stepTicked.connect(lambda name, done: seen.append((name, done)))
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) == 3, timeout=RUN_MS)
    assert seen == [("01-train", 2), ("01-train", 3)]  # running first, 100 % after
    assert marks(window) == ["✓", "✓", "✓"]
    assert lessons.statusLabel.text() == (
        "Lesson complete — next: Decode and read the probability bars"
    )
    assert lessons.nextButton.isVisible()
    click(qtbot, lessons.nextButton)
    assert lessons.lesson.name == "02-decode"


def test_lesson_2_ticks_as_letters_are_decoded_and_a_run_shows_unsure_ones(qtbot, window):
    panel, decode = window.trainingPanel, window.decodePanel
    open_lesson(qtbot, window, 2)
    box = decode.ciphertextBox.ciphertextInput
    box.selectAll()
    with qtbot.waitSignal(decode.decoded, timeout=RUN_MS):
        qtbot.keyClicks(box, "GUR DHVPX")  # 8 letters: not yet
    assert ticked(window) == 0
    with qtbot.waitSignal(decode.decoded, timeout=RUN_MS):
        qtbot.keyClicks(box, " OEBJA SBK WHZCF")
    qtbot.waitUntil(lambda: ticked(window) == 1)
    # at the watchable pace the bars follow the model while it is still unsure
    click(qtbot, panel.fullSpeedButton)
    assert panel.steps_per_second() == 10
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) >= 2, timeout=RUN_MS)
    qtbot.waitUntil(lambda: ticked(window) == 3, timeout=RUN_MS)
    assert window.lessonsPanel.current_progress.complete


def test_lesson_3_ticks_as_tutorial_fails_on_vigenere_and_hidden_128_succeeds(qtbot, window):
    panel = window.trainingPanel
    settings = panel.trainingSettings
    open_lesson(qtbot, window, 3)
    pick(qtbot, settings.task.cipherSelector, "Vigenère")
    assert ticked(window) == 0  # Vigenère, but the Fast preset
    pick(qtbot, settings.presetSelector, "Tutorial")
    qtbot.waitUntil(lambda: ticked(window) == 1)
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: panel.step_count >= 300, timeout=RUN_MS)
    assert ticked(window) == 1  # still running
    click(qtbot, panel.stopButton)
    qtbot.waitUntil(lambda: ticked(window) == 2, timeout=RUN_MS)
    pick(qtbot, settings.presetSelector, "Fast")
    assert settings.form.editor("hidden_size").text() == "128"
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) == 3, timeout=RUN_MS)
    assert not window.insideView.isVisible()
    show_tab(qtbot, window, "Inside")
    qtbot.waitUntil(lambda: ticked(window) == 4, timeout=RUN_MS)


def test_a_run_with_a_mistake_is_explained_beside_the_normal_run(qtbot, window):
    panel = window.trainingPanel
    report = panel.mistakeReport
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=RUN_MS)
    assert not report.isVisible()  # no mistake, nothing to explain
    open_section(qtbot, panel.trainingSettings.mistakesSection)
    click(qtbot, panel.trainingSettings.mistakeChecks["rot13_inverse"])
    with qtbot.waitSignal(panel.runEnded, timeout=RUN_MS):
        click(qtbot, panel.trainButton)
    assert report.isVisible()
    text = report.text()
    assert text.startswith(
        "Run 2 was made with “+13 as its own inverse” on purpose. The ROT13 misconception: "
    )
    assert "Run 1, the same task without it, reached 100.0% validation accuracy" in text
    click(qtbot, panel.trainButton)
    assert not report.isVisible()  # cleared when the next run starts


def test_lesson_4_ticks_as_the_generalisation_of_a_trained_model_is_measured(qtbot, window):
    panel = window.trainingPanel
    open_lesson(qtbot, window, 4)
    assert ticked(window) == 0
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) == 1, timeout=RUN_MS)
    qtbot.waitUntil(lambda: not panel.running, timeout=RUN_MS)
    show_tab(qtbot, window, "Generalisation")
    qtbot.waitUntil(lambda: ticked(window) == 2)
    view = window.generalisationView
    qtbot.waitUntil(view.probeButton.isEnabled, timeout=RUN_MS)
    assert ticked(window) == 2  # shown, not measured
    click(qtbot, view.probeButton)
    qtbot.waitUntil(lambda: ticked(window) == 3, timeout=RUN_MS)
    assert view.points


def tick_run(qtbot, window, run):
    """Tick a run in Runs (tick to overlay) as a user does: click its row, press Space."""
    runs = window.trainingPanel.historyPanel.runList
    row = [runs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(runs.count())]
    item = runs.item(row.index(run.number)) if run.number in row else None
    assert item is not None, row
    runs.scrollToItem(item)
    click_at = runs.visualItemRect(item).center()
    qtbot.mouseClick(runs.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    qtbot.keyClick(runs, Qt.Key.Key_Space)


def test_lesson_5_ticks_as_each_mistake_runs_beside_a_normal_run(qtbot, window):
    """+13 on Caesar; one message a step and no zero_grad() on Vigenère, where they cost."""
    from cipherlab.core.lessons import best_accuracy

    panel = window.trainingPanel
    settings = panel.trainingSettings
    checks = settings.mistakeChecks
    # tests train at full speed (conftest): five runs of up to 400 steps, 40 s each at 10/s
    assert panel.fullSpeedButton.isChecked()
    open_lesson(qtbot, window, 5)

    def train():
        with qtbot.waitSignal(panel.runEnded, timeout=RUN_MS):
            click(qtbot, panel.trainButton)
        return panel.training_run

    train()
    assert ticked(window) == 1  # the normal Caesar run reached 100 %
    open_section(qtbot, settings.mistakesSection)
    click(qtbot, checks["rot13_inverse"])
    assert ticked(window) == 1  # ticked, not yet trained
    wrong = train()
    assert ticked(window) == 2
    assert panel.mistakeReport.isVisible()
    assert best_accuracy(wrong) < 0.1  # a wrong mapping, learned at full confidence
    click(qtbot, checks["rot13_inverse"])
    pick(qtbot, settings.task.cipherSelector, "Vigenère")
    # a shorter budget than Fast's 3,000 steps keeps the test short; the normal run needs ~200
    open_section(qtbot, settings.advancedSection)
    budget = settings.form.editor("steps")
    budget.selectAll()
    qtbot.keyClicks(budget, "400")
    normal = train()
    assert ticked(window) == 3  # the normal Vigenère run reached 100 %
    assert not panel.mistakeReport.isVisible()
    for step, name in ((4, "batch_of_one"), (5, "no_zero_grad")):
        click(qtbot, checks[name])
        assert ticked(window) == step - 1
        run = train()
        assert ticked(window) == step
        assert panel.mistakeReport.isVisible()
        assert best_accuracy(run) < 0.6  # the cost, in the same 400 steps
        click(qtbot, checks[name])
    show_tab(qtbot, window, "Runs")
    tick_run(qtbot, window, normal)
    qtbot.waitUntil(lambda: ticked(window) == 6)
    assert window.lessonsPanel.current_progress.complete


def test_lesson_6_ticks_as_keys_are_ranked_used_and_a_language_model_trains(qtbot, window):
    panel, decode = window.trainingPanel, window.decodePanel
    open_lesson(qtbot, window, 6)
    pick(qtbot, decode.keyModeSelector, "Key: unknown")
    qtbot.waitUntil(lambda: ticked(window) == 1)
    box = decode.ciphertextBox.ciphertextInput
    box.selectAll()
    qtbot.keyClicks(box, "Vhqg dupv")
    qtbot.waitUntil(lambda: ticked(window) == 2, timeout=RUN_MS)
    # step 2 can tick on the ranking of a prefix typed so far; under load the whole text's
    # ranking is still running then, and Use this key waits for it (the CI run clicked early)
    view = decode.crackView
    qtbot.waitUntil(lambda: not view.busy and view.useKeyButton.isEnabled(), timeout=RUN_MS)
    assert view.ranking.method == "lm" and view.ranking.best.plaintext == "Send arms"
    click(qtbot, view.useKeyButton)
    qtbot.waitUntil(lambda: ticked(window) == 3)
    pick(qtbot, panel.trainingSettings.task.taskSelector, "Language model")
    assert ticked(window) == 3
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) == 4, timeout=RUN_MS)
    click(qtbot, panel.stopButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=RUN_MS)


def test_in_presenter_mode_the_steps_grow_with_the_rest_of_the_panel(qtbot, window):
    """The steps (styled labels) kept the normal size while the why paragraph grew 1.4x."""
    lessons = window.lessonsPanel
    before = lessons.stepLabels[0].font().pointSizeF()
    window.presenterModeAction.trigger()
    try:
        qtbot.waitUntil(lambda: lessons.whyLabel.font().pointSizeF() >= 1.4 * before - 0.01)
        for label in lessons.stepLabels:
            assert label.font().pointSizeF() == lessons.whyLabel.font().pointSizeF()
        if window.lessonsDock.isFloating():
            chooser = lessons.lessonChooser
            assert chooser.width() >= chooser.fontMetrics().horizontalAdvance(chooser.currentText())
    finally:
        window.presenterModeAction.trigger()
    assert lessons.stepLabels[0].font().pointSizeF() == before


def test_lesson_3s_settings_keep_the_window_within_1280_pixels(qtbot, window):
    """With the panel docked, Vigenère and Tutorial made the window 1,289 pixels wide."""
    settings = window.trainingPanel.trainingSettings
    open_lesson(qtbot, window, 3)
    pick(qtbot, settings.task.cipherSelector, "Vigenère")
    pick(qtbot, settings.presetSelector, "Tutorial")
    qtbot.waitUntil(lambda: ticked(window) == 1)
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert not window.lessonsDock.isFloating()
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() == 1280
    # the narrowed decode column keeps room to type a message to encrypt (it had 28 pixels)
    box = window.decodePanel.knownKeyView.plaintextInput
    assert box.isVisible() and box.width() >= 16 * box.fontMetrics().averageCharWidth()


SENTENCE = "The committee will meet on Tuesday at the old mill by the river, so bring your notes"
CAESAR = "Wkh frpplwwhh zloo phhw rq Wxhvgdb dw wkh rog ploo eb wkh ulyhu, vr eulqj brxu qrwhv"
VIGENERE = "Elq qbxquhgpi iwyw qqsg zr Firdhmm ne xts bwh ywyw fk hup vujrc, wa petrs mbfv zcgpw"


def test_lesson_8_ticks_as_an_identifier_trains_reads_a_text_and_detect_reads_it_too(qtbot, window):
    """The network's family bars, then the letter statistics' Detect on the same texts."""
    from PySide6.QtGui import QAction

    from cipherlab.core.ciphers import make_cipher
    from cipherlab.core.settings import IDENTIFY_LABELS
    from cipherlab.gui.lesson_facts import window_facts

    assert make_cipher("caesar", "3", "letters").encrypt(SENTENCE) == CAESAR
    assert make_cipher("vigenere", "LEMON", "letters").encrypt(SENTENCE) == VIGENERE
    panel, decode = window.trainingPanel, window.decodePanel
    settings = panel.trainingSettings
    open_lesson(qtbot, window, 8)
    lesson = window.lessonsPanel.lesson
    assert lesson.title == "Which cipher made this?"
    assert CAESAR in lesson.steps[2].text and VIGENERE in lesson.steps[2].text  # the examples
    # in words that wrap: one 61-letter word had made the window 1,559 pixels wide
    QApplication.sendPostedEvents()
    assert window.minimumSizeHint().width() <= 1280
    pick(qtbot, settings.task.taskSelector, "Identify a cipher")
    assert ticked(window) == 0  # over A–Z and -
    pick(qtbot, settings.task.alphabetSelector, "A–Z (26), spaces pass")
    qtbot.waitUntil(lambda: ticked(window) == 1)
    # 60 steps (Fast trains 3,000) reach 40 % on its seeded validation set: chance is 20 %
    open_section(qtbot, settings.advancedSection)
    budget = settings.form.editor("steps")
    budget.selectAll()
    qtbot.keyClicks(budget, "60")
    with qtbot.waitSignal(panel.runEnded, timeout=RUN_MS):
        click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: ticked(window) == 2, timeout=RUN_MS)
    family = decode.familyView
    qtbot.waitUntil(lambda: family.isVisible() and not family.busy, timeout=RUN_MS)
    assert ticked(window) == 2  # the example is a Caesar of 35 letters: type the lesson's
    family.familyInput.selectAll()
    qtbot.keyClicks(family.familyInput, CAESAR)
    qtbot.waitUntil(lambda: ticked(window) == 3, timeout=RUN_MS)
    # the likeliest family's bar is the bold one (a few steps in, not necessarily Shift)
    assert family.text() == CAESAR and family.probabilities is not None
    best = IDENTIFY_LABELS[int(family.probabilities.argmax())]
    assert [label for label, bar in family.bars.items() if bar.font().bold()] == [best]
    facts = window_facts(panel, decode, window.insideView, window.generalisationView)
    assert (facts.family_shown, facts.family_letters) == (best, 67)
    # the classical identifier needs a decryption model's view: Key unknown, Cipher Detect
    example = next(a for a in window.findChildren(QAction) if a.objectName() == "example_caesar")
    example.trigger()
    qtbot.waitUntil(decode.keyModeSelector.isVisible, timeout=RUN_MS)
    pick(qtbot, decode.keyModeSelector, "Key: unknown")
    crack = decode.crackView
    assert crack.crackCipherSelector.currentText() == "Detect"
    box = decode.ciphertextBox.ciphertextInput
    box.selectAll()
    qtbot.keyClicks(box, CAESAR)
    qtbot.waitUntil(lambda: ticked(window) == 4, timeout=RUN_MS)
    assert crack.identification is not None and crack.identification.best == "shift"
    box.selectAll()
    qtbot.keyClicks(box, VIGENERE)
    qtbot.waitUntil(lambda: ticked(window) == 5, timeout=2 * RUN_MS)
    assert crack.crackCipherSelector.currentText().startswith("Detect: Vigenère (period 5, ")
    assert window.lessonsPanel.current_progress.complete
