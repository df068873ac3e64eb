"""One import name: a wheel holds only ``cipherlab``, and no other ``core`` can shadow ours."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "cipherlab", "core", "gui", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of this checkout (the checkout itself stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (path,) = out.glob("cipherlab-*.whl")
    return path


def run_from_wheel(wheel: Path, tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in an isolated Python whose only ``cipherlab`` is the unpacked wheel.

    The unpacked folder is ``sys.argv[1]`` in ``code``; the run must succeed.
    """
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp_path / "site")
    proc = subprocess.run(
        [sys.executable, "-I", "-c", code, str(tmp_path / "site")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc


def test_the_wheel_installs_one_top_level_name(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"cipherlab"}
    assert "cipherlab/core/ciphers/caesar.py" in names
    faces = {n for n in names if n.endswith("/__init__.pyi")}  # read when a package loads
    packages = [p.parent.relative_to(ROOT) for p in ROOT.glob("[cg]*/*/__init__.py")]
    assert faces == {f"cipherlab/{name}/__init__.pyi" for name in packages}
    assert "cipherlab/gui/main_window.py" in names
    assert "cipherlab/resources/models/default.safetensors" in names
    assert "cipherlab/resources/lessons/01-train.toml" in names  # Help > Lessons
    assert "cipherlab/resources/english-baselines.npz" in names  # crack's n-gram counts


def test_the_shipped_model_is_found_from_an_installed_wheel(wheel, tmp_path):
    """Package data comes through importlib.resources, not a path next to the checkout."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from cipherlab.resources import default_model_path\n"
        "from cipherlab.core.storage import load_model\n"
        "path = default_model_path()\n"
        "assert str(path).startswith(sys.argv[1]), path\n"
        "print(load_model(path).cipher.name)\n"
    )
    proc = run_from_wheel(wheel, tmp_path, code)
    assert proc.stdout.strip() == "Caesar +13, A–Z and -"


def test_a_folder_with_its_own_core_and_resources_does_not_shadow_ours(tmp_path):
    """Run from a Django-like project that has top-level ``core`` and ``resources`` packages."""
    for name in ("core", "resources"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("raise ImportError('the wrong package')\n")
    (tmp_path / "core" / "ciphers").mkdir()
    (tmp_path / "core" / "ciphers" / "__init__.py").write_text("raise ImportError('wrong')\n")
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "encrypt", "HELLO"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "URYYA\n"  # +13 over A-Z and -: O (14) + 13 = 27 -> A


def test_python_m_cipherlab_runs_from_the_checkout_root():
    """There ``cipherlab/`` is found first; its subpackages are the folders beside it.

    Run without the site module, so that no installed or editable copy can help: the
    third-party packages' folder is put on the path by hand, without its ``.pth`` hooks.
    """
    import sysconfig

    code = (
        "import runpy, sys\n"
        f"sys.path.append({sysconfig.get_paths()['purelib']!r})\n"
        f"sys.path.append({sysconfig.get_paths()['platlib']!r})\n"
        "sys.argv = ['cipherlab', 'encrypt', 'HELLO']\n"
        "runpy.run_module('cipherlab', run_name='__main__')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "URYYA\n"


def test_an_installed_wheel_looks_for_subpackages_only_inside_itself(wheel, tmp_path):
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import cipherlab; print(cipherlab.__path__)"
    )
    proc = run_from_wheel(wheel, tmp_path, code)
    assert proc.stdout.strip() == repr([str(tmp_path / "site" / "cipherlab")])
