"""Data safety: a failing artifact is never published (the previous file and its manifest entry
stay), and two builds into one output folder take turns."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import signal
import subprocess
import sys
import time

from conftest import ROOT, run_build

ARGS = ("--edition", "summary", "--format", "html", "--no-browser")


def _published(out):
    manifest = (out / "manifest.json").read_bytes()
    return manifest, {e["path"]: (out / e["path"]).read_bytes()
                      for e in json.loads(manifest)["artifacts"]}


def test_a_placeholder_found_by_the_content_checks_keeps_the_previous_file(mini, tmp_path):
    """E02 used to be found after the page was written: the good page was replaced and the
    manifest updated although the build failed."""
    out = tmp_path / "dist"
    assert run_build(*ARGS, root=mini, out=out).returncode == 0
    before = _published(out)
    intro = mini / "content/sections/01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "This is the first paragraph", "See (page ref). This is the first paragraph"),
        encoding="utf-8")
    proc = run_build(*ARGS, root=mini, out=out)
    assert proc.returncode == 1
    assert "content/sections/01-intro.md:6: error E02: placeholder '(page ref)'" in proc.stdout
    assert "Not written: site/en-GB/summary.html" in proc.stdout
    assert _published(out) == before


def test_an_artifact_failing_its_own_checks_is_not_published(mini, tmp_path):
    """A layout change that breaks a rule the HTML check finds (H01, no page language): the
    new page waits in the staging folder, fails, and is not published."""
    out = tmp_path / "dist"
    assert run_build(*ARGS, root=mini, out=out).returncode == 0
    before = _published(out)
    page = mini / "layouts/html/page.html.j2"
    text = page.read_text(encoding="utf-8")
    assert '<html lang="{{ ed.lang }}"' in text
    page.write_text(text.replace('<html lang="{{ ed.lang }}"', "<html"), encoding="utf-8")
    proc = run_build(*ARGS, root=mini, out=out)
    assert proc.returncode == 1
    assert "site/en-GB/summary.html (<html>): error H01" in proc.stdout
    assert "Not written: site/en-GB/summary.html — its checks found errors" in proc.stdout
    assert _published(out) == before
    assert not [f for f in (out / ".staging").rglob("*") if f.is_file()]


def test_a_second_build_into_the_same_folder_waits_for_the_first(mini, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    with (out / ".lock").open("a") as held:  # the first build, still writing
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(mini), "--out", str(out),
             *ARGS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "CI": "true"})
        line = proc.stderr.readline()
        assert f"another build is writing to {out}: waiting for it to finish" in line
        time.sleep(0.5)
        assert proc.poll() is None and not (out / "manifest.json").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stdout + stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]


def test_a_full_disk_is_one_clear_line(mini, tmp_path):
    """Writing fails (the file-size limit stands in for a full disk: the same OSError path):
    one line naming what failed, no traceback, the published files kept."""
    out = tmp_path / "dist"
    assert run_build(*ARGS, root=mini, out=out).returncode == 0
    before = _published(out)
    intro = mini / "content/sections/01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    def small_files():  # in the build's process (and its workers): 4 KiB files at most
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(mini),
                           "--out", str(out), *ARGS], capture_output=True, text=True,
                          env={**os.environ, "CI": "true"}, preexec_fn=small_files, timeout=300)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in text, text
    assert "build.py: cannot write or read" in text and "File too large" in text, text
    assert _published(out) == before
