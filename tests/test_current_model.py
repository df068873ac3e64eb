"""The current model (cipherlab.core.session): one owner, the replacement rules, no Qt."""

from __future__ import annotations

import pytest

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.network import CipherRNN
from cipherlab.core.session import CurrentModel
from cipherlab.core.settings import ModelConfig
from cipherlab.core.storage import Autosave, ModelBundle, ModelFileError, load_model, save_model
from cipherlab.resources import default_model_path


def bundle(hidden_size: int = 8) -> ModelBundle:
    return ModelBundle(CipherRNN(ModelConfig(hidden_size=hidden_size)), SEED_CIPHER, {})


@pytest.fixture
def current(tmp_path):
    model = CurrentModel(default_model_path(), Autosave(tmp_path / "data"))
    model.emitted = []
    model.changed.connect(lambda: model.emitted.append(model.name))
    return model


def open_file(current, path):
    current.use_file(path, load_model(path))


def test_opening_a_file_makes_it_current_and_tells_its_views(current):
    open_file(current, default_model_path())
    assert current.name == "default" and current.path == default_model_path()
    assert current.is_shipped and current.save_target is None  # Save never overwrites it
    assert not current.unsaved and not current.needs_confirmation
    assert current.emitted == ["default"]


def test_no_model_says_why_until_a_model_is_opened(current):
    current.no_model("default.safetensors is truncated")
    assert current.bundle is None and current.problem == "default.safetensors is truncated"
    assert current.emitted == [""]
    open_file(current, default_model_path())
    assert current.problem is None
    current.no_model("another file is bad")  # a model is in use: it stays, no problem
    assert current.problem is None and current.name == "default"
    assert current.emitted == ["", "default"]


def test_only_the_followed_run_feeds_the_model(current):
    run, other = object(), object()
    current.follow(run)
    assert current.following and not current.needs_confirmation  # nothing learned yet
    assert current.show_live(other, bundle(), 5) is False
    assert current.show_live(run, live := bundle(), 5) is True
    assert current.needs_confirmation
    assert current.bundle is live and current.live and current.name == "training, step 5 (unsaved)"
    assert current.path is None
    assert current.finish_run(run, trained := bundle()) is True
    assert current.bundle is trained and current.unsaved and not current.live
    assert current.name == "trained (unsaved)" and not current.following
    assert current.finish_run(run, bundle()) is False  # a late second end changes nothing
    assert current.bundle is trained


def test_a_replaced_run_cannot_undo_the_replacement(current):
    run = object()
    current.follow(run)
    current.use_new(new := bundle())
    assert not current.following and current.name == "untitled (untrained)"
    assert current.show_live(run, bundle(), 9) is False
    assert current.finish_run(run, bundle()) is False
    assert current.bundle is new and not current.unsaved


def test_a_finished_run_is_autosaved_until_saved(current, tmp_path):
    run = object()
    current.follow(run)
    current.finish_run(run, trained := bundle())
    autosave = current.autosave
    assert autosave.pending and load_model(autosave.path).model.config.hidden_size == 8
    target = tmp_path / "mine.safetensors"
    current.save(target)
    assert current.path == target and current.name == "mine" and not current.unsaved
    assert current.save_target == target and current.bundle is trained
    assert not autosave.pending and autosave.path.is_file()  # kept, no longer offered


def test_discard_stops_offering_the_autosave(current):
    run = object()
    current.follow(run)
    current.finish_run(run, bundle())
    current.discard()
    assert not current.unsaved and not current.needs_confirmation
    assert not current.autosave.pending


def test_restore_brings_back_the_autosaved_model_still_unsaved(current, tmp_path):
    current.autosave.write(bundle(hidden_size=6))
    restored = current.restore_autosave()
    assert restored.model.config.hidden_size == 6
    assert current.unsaved and current.name == "restored (unsaved)" and current.path is None


def test_a_damaged_autosave_is_refused_and_no_longer_offered(current):
    current.autosave.write(bundle())
    current.autosave.path.write_bytes(b"\x00" * 20)
    with pytest.raises(ModelFileError):
        current.restore_autosave()
    assert not current.autosave.pending and current.bundle is None


def test_a_failed_save_changes_nothing(current, tmp_path):
    run = object()
    current.follow(run)
    current.finish_run(run, bundle())
    with pytest.raises(ModelFileError, match="does not exist"):
        current.save(tmp_path / "missing" / "m.safetensors")
    assert current.unsaved and current.path is None and current.autosave.pending


def test_saved_then_reopened_weights_are_the_same(current, tmp_path):
    trained = bundle()
    path = tmp_path / "a.safetensors"
    save_model(path, trained)
    open_file(current, path)
    for key, value in trained.model.state_dict().items():
        assert current.bundle.model.state_dict()[key].equal(value)


def test_a_run_that_ends_without_final_weights_keeps_its_last_live_copy(current):
    run = object()
    current.follow(run)
    current.show_live(run, live := bundle(), 40)
    assert current.end_run(run) is True
    assert current.bundle is live and current.unsaved and current.name == "trained (unsaved)"
    assert current.autosave.pending and not current.following


def test_a_run_that_ends_before_any_weights_leaves_the_model_as_it_was(current):
    open_file(current, default_model_path())
    run = object()
    current.follow(run)
    assert current.end_run(run) is True
    assert current.name == "default" and not current.unsaved and not current.following
    assert current.end_run(object()) is False


def test_saving_with_an_unusable_data_folder_still_saves(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("a file where the data folder should be")
    current = CurrentModel(default_model_path(), Autosave(blocker / "data"))
    run = object()
    current.follow(run)
    with pytest.raises(ModelFileError):
        current.finish_run(run, bundle())  # the autosave cannot be written: said, not hidden
    assert current.unsaved and current.name == "trained (unsaved)"
    current.save(tmp_path / "kept.safetensors")
    assert not current.unsaved and current.name == "kept"
    current.discard()  # nothing to clear, nothing raised


def test_the_autosave_keeps_the_last_few_trained_models_newest_first(current):
    autosave = current.autosave
    for hidden in range(2, 2 + autosave.keep + 2):  # two more runs than are kept
        run = object()
        current.follow(run)
        current.finish_run(run, bundle(hidden_size=hidden))
    kept = [load_model(p).model.config.hidden_size for p in autosave.paths()]
    newest = 2 + autosave.keep + 1
    assert kept == list(range(newest, newest - autosave.keep, -1))  # the oldest two dropped
    entries = autosave.entries()
    assert [e.path for e in entries] == autosave.paths()
    assert {e.summary for e in entries} == {SEED_CIPHER.name}  # read from each header


def test_an_older_trained_model_can_be_restored_after_a_discard(current):
    first, second = object(), object()
    current.follow(first)
    current.finish_run(first, bundle(hidden_size=5))
    current.discard()  # the wrong click
    current.follow(second)
    current.finish_run(second, bundle(hidden_size=7))
    older = current.autosave.paths()[1]
    assert current.restore_autosave(older).model.config.hidden_size == 5
    assert current.unsaved and current.name == "restored (unsaved)"
    assert current.autosave.pending  # the newest is still offered at start-up


def test_restoring_a_file_that_is_not_an_autosave_is_refused(current, tmp_path):
    save_model(other := tmp_path / "other.safetensors", bundle())
    with pytest.raises(ModelFileError, match="not one of Cipher Lab's autosaved models"):
        current.restore_autosave(other)
