"""Locked installs: the lock covers what pyproject asks for, with hashes; the PDF writer refuses a
WeasyPrint its language-tag wrap does not fit, with a clear error (W03), and writes nothing."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

from conftest import ROOT, run_build
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from editions.writers import pdf_lang


def _lock() -> dict[str, tuple[str, list[str], bool]]:
    """name -> (version, hashes, wanted on this machine) from requirements.lock."""
    out: dict[str, tuple[str, list[str], bool]] = {}
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[a-z0-9])", text):
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;\\]+)(?: ; ([^\\\n]+))?", block)
        if m:
            here = Marker(m[3].strip()).evaluate() if m[3] else True
            out[canonicalize_name(m[1])] = (m[2], re.findall(r"--hash=sha256:([0-9a-f]{64})",
                                                             block), here)
    return out


def test_lock_pins_every_requirement_with_hashes():
    lock = _lock()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]
              ["test"], *project["build-system"]["requires"]]
    for line in wanted:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in lock, f"{req.name} is in pyproject.toml but not in requirements.lock"
        locked, _, _ = lock[name]
        assert req.specifier.contains(locked, prereleases=True), f"{name} {locked} vs {req}"
    assert all(hashes for _, hashes, _ in lock.values()), "every locked package carries its hashes"


def test_lock_holds_the_weasyprint_the_pdf_code_supports():
    assert _lock()["weasyprint"][0] == pdf_lang.SUPPORTED
    constraints = (ROOT / "scripts/lock-constraints.txt").read_text(encoding="utf-8")
    assert f"weasyprint=={pdf_lang.SUPPORTED}" in constraints


def test_installed_packages_are_the_locked_ones():
    """setup.sh installed exactly the lock (what CI on a fresh machine gets)."""
    wrong = {name: (version(name), want) for name, (want, _, here) in _lock().items()
             if here and version(name) != want}
    assert not wrong, f"installed versions differ from requirements.lock: {wrong}"


STAND_IN = '''
import weasyprint.pdf.tags as tags

def _build_box_tree(box, parent, pdf, page_number, nums, links, tags_, extra=None):
    raise AssertionError("the stand-in must never be called")

tags._build_box_tree = _build_box_tree
'''


def test_pdf_writer_stops_when_the_weasyprint_patch_does_not_fit(mini, tmp_path):
    """A WeasyPrint whose structure builder has another signature (a stand-in, installed by a
    sitecustomize in every process of the build): the PDF is not written, the build fails with
    W03 naming the installed and the supported release; the other formats are still written,
    and the PDF already in dist/ stays as it was."""
    out = tmp_path / "dist"
    args = ("--edition", "full", "--lang", "en-GB", "--no-browser")
    assert run_build(*args, root=mini, out=out).returncode == 0
    pdf = out / "site/en-GB/full.pdf"
    before = pdf.read_bytes()
    text = (mini / "content/sections/01-intro.md").read_text(encoding="utf-8")
    (mini / "content/sections/01-intro.md").write_text(text + "\nOne more sentence.\n",
                                                       encoding="utf-8")
    site = tmp_path / "stand-in"
    site.mkdir()
    (site / "sitecustomize.py").write_text(STAND_IN, encoding="utf-8")
    proc = run_build(*args, root=mini, out=out, env={"PYTHONPATH": str(site)})
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    line = next(x for x in output.splitlines() if "error W03" in x)
    assert f"installed WeasyPrint {version('weasyprint')}" in line
    assert f"supports WeasyPrint {pdf_lang.SUPPORTED}" in line
    assert "bash scripts/setup.sh" in line
    assert pdf.read_bytes() == before
    assert "One more sentence." in (out / "site/en-GB/full.html").read_text(encoding="utf-8")
