"""Help > About: what Cipher Lab is and the versions it runs on."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget


def versions_text() -> str:
    """Cipher Lab's version and those of the libraries it runs on, one per line."""
    import pyqtgraph
    import PySide6

    from cipherlab.core.storage import package_versions

    try:
        own = version("cipherlab")
    except PackageNotFoundError:
        own = "development checkout"
    rows = {"Cipher Lab": own, **package_versions(), "Qt": qVersion()}
    rows.update(PySide6=PySide6.__version__, pyqtgraph=pyqtgraph.__version__)
    return "\n".join(f"{k}: {v}" for k, v in rows.items())


def about_text() -> str:
    """The About box's text (plain)."""
    return (
        "Cipher Lab: watch a character-level LSTM learn to decrypt a cipher, then "
        "inspect its per-letter probabilities.\n\n" + versions_text()
    )


def show_about(parent: QWidget) -> None:
    """Show the About box over ``parent``."""
    QMessageBox.about(parent, "About Cipher Lab", about_text())
