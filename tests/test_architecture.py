"""cipherlab.core must stay free of Qt: import all of it with every Qt binding blocked."""

import subprocess
import sys

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
names = [m.name for m in pkgutil.iter_modules(core.__path__)]
for name in names:
    importlib.import_module('cipherlab.core.' + name)
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
        "import cipherlab.core.config, cipherlab.cli\n"
        "cipherlab.cli.build_parser().parse_args(['train', '--hidden-size', '8'])\n"
        "heavy = {'torch', 'PySide6', 'pyqtgraph'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
