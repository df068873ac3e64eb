"""Whether Qt can open a window here, asked before Qt tries (it aborts the process if not).

Without a display, or on X11 without the xcb libraries Qt 6 needs, ``QApplication()`` prints
a long plugin message and aborts with exit status 134. :func:`display_problem` recognises
those cases first, so that ``cipherlab gui`` can say in one line what is missing.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping

XCB_LIBRARIES = (
    "xcb-cursor",  # the one a minimal desktop most often lacks (Qt >= 6.5)
    "xkbcommon-x11",
    "xcb-icccm",
    "xcb-image",
    "xcb-keysyms",
    "xcb-randr",
    "xcb-render-util",
    "xcb-shape",
    "xcb-xkb",
)
"""System libraries Qt's X11 (``xcb``) platform plugin loads, by their linker names."""

APT_PACKAGES = (
    "libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1"
)


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """Why Qt could not open a window here, in one sentence; None if it should be able to.

    Only Linux is checked (Windows and macOS always have their platform plugin). An
    explicit ``QT_QPA_PLATFORM`` other than ``xcb`` or ``wayland`` (``offscreen``, say) is
    trusted as it is.

    Parameters
    ----------
    env : mapping, optional
        Environment variables (default: ``os.environ``).
    platform : str, optional
        ``sys.platform`` (default: this one).
    find_library : callable, optional
        Finds a system library by linker name, None if missing (default:
        ``ctypes.util.find_library``).
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return None
    wayland = bool(env.get("WAYLAND_DISPLAY")) and chosen != "xcb"
    if not wayland and not env.get("DISPLAY"):
        return (
            "there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set): start it from a desktop session"
        )
    if wayland:
        return None
    missing = [name for name in XCB_LIBRARIES if find_library(name) is None]
    if missing:
        names = ", ".join(f"lib{name}" for name in missing)
        return (
            f"Qt needs system libraries that are missing: {names} (on Debian or Ubuntu: "
            f"sudo apt install {APT_PACKAGES})"
        )
    return None
