"""`cipherlab gui` says in one line what is missing when Qt could not open a window."""

from __future__ import annotations

import os
import subprocess
import sys

from cipherlab.gui.display_check import XCB_LIBRARIES, display_problem


def found(name: str) -> str:
    return f"/usr/lib/lib{name}.so"


def test_no_display_is_named():
    problem = display_problem({}, "linux", found)
    assert "neither DISPLAY nor WAYLAND_DISPLAY is set" in problem


def test_a_missing_xcb_library_is_named_with_the_package_to_install():
    problem = display_problem(
        {"DISPLAY": ":0"}, "linux", lambda n: None if n == "xcb-cursor" else found(n)
    )
    assert "libxcb-cursor" in problem and "sudo apt install libxcb-cursor0" in problem
    assert "libxkbcommon-x11," not in problem  # only what is missing


def test_a_usable_display_or_another_platform_is_no_problem():
    assert display_problem({"DISPLAY": ":0"}, "linux", found) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", lambda n: None) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda n: None) is None
    assert display_problem({}, "win32", lambda n: None) is None
    assert display_problem({}, "darwin", lambda n: None) is None
    assert len(XCB_LIBRARIES) == len(set(XCB_LIBRARIES))


def test_the_app_without_a_display_exits_1_with_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # Qt would abort with exit status 134 here
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "gui"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cipherlab gui: error: there is no display")
