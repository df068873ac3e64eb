"""Cipher Lab: the ``cipherlab`` command; the app lives in its subpackages.

``cipherlab.core`` is the Qt-free model layer, ``cipherlab.gui`` the window and
``cipherlab.resources`` the shipped files.
"""

from pathlib import Path

__version__ = "0.1.0"

# Installed, the subpackages sit inside this package (setuptools' package-dir mapping in
# pyproject.toml). In a source checkout they are the folders beside this one; when Python
# finds this folder first (``python -m cipherlab`` from the checkout's root, whatever else is
# installed), look for them there too, as the mapping does.
_checkout = Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "core" / "__init__.py").is_file():
    __path__.append(str(_checkout))
