"""core/ must stay free of Qt: import it with every Qt binding blocked."""

import subprocess
import sys

BLOCK_QT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'superqt', 'gui'}:
            raise ImportError('core must not import ' + name)
sys.meta_path.insert(0, Block())
import pkgutil, importlib, core
for mod in pkgutil.iter_modules(core.__path__):
    importlib.import_module('core.' + mod.name)
print('ok')
"""


def test_core_imports_without_qt():
    out = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
