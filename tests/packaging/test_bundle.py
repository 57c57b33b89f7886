"""The PyInstaller bundle starts, migrates a fresh data file and renders a real window.

Slow: building the bundle takes minutes. The test reuses ``dist/mycrm`` when it is newer than
every source file (``make package`` just ran), or the bundle at ``$MYCRM_BUNDLE``; otherwise it
runs packaging/build.sh into a private temporary folder (never over a shared ``dist/`` that
someone may be running).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from screenshots import FIXED_NOW, assert_not_blank

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
# Building (and reading the bundle's archive) needs the `package` extra.
pytest.importorskip("PyInstaller", reason="PyInstaller missing: pip install -e '.[package]'")
from PyInstaller.archive.readers import pkg_archive_contents  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "mycrm"
BUILD_TIMEOUT = 1800


def newest_source_mtime() -> float:
    inputs = [*(ROOT / "src" / "mycrm").rglob("*"), *(ROOT / "packaging").rglob("*")]
    return max(p.stat().st_mtime for p in inputs
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def build_bundle(folder: Path) -> Path:
    """Run packaging/build.sh with its output, work files and cache all inside ``folder``."""
    env = dict(os.environ, MYCRM_DIST=str(folder / "dist"), MYCRM_WORK=str(folder / "work"),
               PYINSTALLER_CONFIG_DIR=str(folder / "config"))
    result = subprocess.run([str(ROOT / "packaging" / "build.sh")], cwd=ROOT, env=env,
                            text=True, capture_output=True, timeout=BUILD_TIMEOUT, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "dist" / "mycrm" / "mycrm"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle's program: $MYCRM_BUNDLE, an up-to-date dist/mycrm, or a fresh build."""
    if os.environ.get("MYCRM_BUNDLE"):
        exe = Path(os.environ["MYCRM_BUNDLE"])
    elif (DIST / "mycrm").exists() and (DIST / "mycrm").stat().st_mtime > newest_source_mtime():
        exe = DIST / "mycrm"
    else:
        exe = build_bundle(tmp_path_factory.mktemp("bundle"))
    assert exe.is_file()
    return exe


def run_bundle(exe: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Nothing from the source checkout may leak in: no PYTHONPATH, a clean data folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"),
               MYCRM_NO_EXCEPTHOOK="1", MYCRM_NOW=FIXED_NOW)
    return subprocess.run([str(exe), *args], cwd=tmp_path, env=env, text=True,
                          capture_output=True, timeout=180, check=False)


def test_bundle_renders_the_demo_screenshot(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    result = run_bundle(bundle, "--demo", "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_not_blank(out)
    # The Alembic scripts ran inside the bundle: the sample portfolio's file was created.
    assert (tmp_path / "xdg" / "mycrm" / "mycrm-demo.sqlite").stat().st_size > 0
    assert "Traceback" not in result.stderr


def test_bundle_ships_migrations_icons_and_plyer_backends(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    migrations = internal / "mycrm" / "core" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "src/mycrm/core/db/migrations/versions").glob("*.py"))
    assert (internal / "mycrm" / "resources" / "icons" / "mycrm.svg").is_file()
    for ts in (ROOT / "src/mycrm/resources/translations").glob("*.ts"):
        assert (internal / "mycrm/resources/translations" / ts.with_suffix(".qm").name).is_file()
    modules = set(pkg_archive_contents(str(bundle)))
    for module in ("plyer.platforms.linux.notification", "plyer.platforms.win.notification",
                   "plyer.platforms.macosx.notification", "mycrm.ui.board.page"):
        assert module in modules, module


def test_bundle_answers_version_without_a_display(bundle: Path, tmp_path: Path) -> None:
    result = run_bundle(bundle, "--version", tmp_path=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("mycrm "), result.stderr
