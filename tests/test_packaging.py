"""The package as pip installs it: every module and every driver file the checks run is in the
wheel (a hand-written package list once left editions.pdf out, so `pip install .` could not
import the PDF writer)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_the_wheel_holds_every_module_and_driver(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "editions", src / "editions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(tmp_path / "wheel")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = (tmp_path / "wheel").glob("editions-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    want = {p.relative_to(src).as_posix() for p in (src / "editions").rglob("*")
            if p.suffix in (".py", ".js", ".java")}
    assert "editions/pdf/reader.py" in want
    assert want <= names, sorted(want - names)
