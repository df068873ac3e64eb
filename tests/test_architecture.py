"""The house rules: core free of Qt, capability packages, and the written import contracts."""

import os
import subprocess
import sys
from pathlib import Path

BLOCKED = {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "superqt", "qtpy"}

BLOCK_QT = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED!r} or name.startswith('cipherlab.gui'):
            raise ImportError('cipherlab.core must not import ' + name)
sys.meta_path.insert(0, Block())
import importlib, pkgutil
import cipherlab.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, 'cipherlab.core.')]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_core_imports_without_qt(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 10  # every module of cipherlab.core was imported


def test_config_and_argument_parsing_import_neither_torch_nor_qt(tmp_path):
    code = (
        "import sys\n"
        "import cipherlab.core.settings, cipherlab.cli\n"
        "cipherlab.cli.build_parser().parse_args(['train', '--hidden-size', '8'])\n"
        "heavy = {'torch', 'PySide6', 'pyqtgraph'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr


REPO = Path(__file__).resolve().parents[1]

CORE_PACKAGES = {
    "text": {"alphabet", "english", "entropy", "ngrams", "prose", "reading", "sources"},
    "ciphers": {
        "affine",
        "atbash",
        "autokey",
        "base",
        "caesar",
        "indices",
        "keys",
        "registry",
        "seed",
        "substitution",
        "tables",
        "vigenere",
    },
    "settings": {"comparison", "fields", "measures", "presets", "probe", "run_config", "tasks"},
    "network": {
        "carry_over",
        "decoding",
        "feedback",
        "labels",
        "language_model",
        "model",
        "numpy_layers",
        "stepping",
        "threads",
    },
    "learning": {"data", "live_feed", "mapping", "run_control", "text_counts", "training"},
    "lessons": {"facts", "lesson_file", "mistake_report", "progress"},
    "storage": {
        "atomic_write",
        "autosave",
        "bundle_maker",
        "card",
        "json_reader",
        "metadata",
        "model_file",
        "model_header",
        "user_dirs",
    },
    "inside": {
        "attribution",
        "embeddings",
        "generalisation",
        "mapping",
        "read_back",
        "recurrent_states",
    },
    "cryptanalysis": {
        "alphabet_detection",
        "autokey",
        "baselines",
        "confidence",
        "cracking",
        "english_baselines",
        "identification",
        "key_ranking",
        "substitution",
        "vigenere",
        "word_breaks",
    },
    "session": {
        "current_model",
        "decimation",
        "run_history",
        "run_numbers",
        "series",
        "smoothing",
    },
}


def test_core_is_capability_packages_with_only_errors_at_its_root():
    root = REPO / "core"
    assert sorted(p.name for p in root.glob("*.py")) == ["__init__.py", "errors.py"]
    found = {
        p.name: {m.stem for m in p.glob("*.py") if m.name != "__init__.py"}
        for p in root.iterdir()
        if (p / "__init__.py").exists()
    }
    assert found == CORE_PACKAGES


LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
)


def test_import_contracts_hold(installed_layout):
    """import-linter's contracts in pyproject.toml (layers, no Qt in core, psygnal, no torch)."""
    env = {**os.environ, "PYTHONPATH": str(installed_layout)}
    out = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--config", REPO / "pyproject.toml"],
        capture_output=True,
        text=True,
        cwd=installed_layout,
        env=env,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


TYPED = (
    "cipherlab.core",
    "cipherlab.gui",
    "cipherlab.cli",
    "cipherlab.crack_command",
    "cipherlab.pieces",
    "cipherlab.probe_command",
    "cipherlab.resources",
)
"""The packages mypy checks, with the settings in pyproject.toml."""


def test_types_check(installed_layout):
    """mypy, with pyproject.toml's settings, on the installed layout of this checkout."""
    packages = [arg for name in TYPED for arg in ("-p", name)]
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", REPO / "pyproject.toml", *packages],
        capture_output=True,
        text=True,
        cwd=installed_layout,
        env={**os.environ, "MYPY_CACHE_DIR": str(REPO / ".mypy_cache")},
    )
    assert out.returncode == 0, out.stdout + out.stderr
