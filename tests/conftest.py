"""Shared fixtures: one real build of the project's content, and small throwaway projects."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = "nl-csp-2026-2029"  # the plan's folder in content/ (its id)


def pytest_addoption(parser):
    parser.addoption("--regenerate", action="store_true",
                     help="write the golden dumps (tests/golden/) from today's output")


def run_build(*args: str, root: Path = ROOT, out: Path | None = None,
              env: dict[str, str] | None = None, separate: bool = False
              ) -> subprocess.CompletedProcess:
    """Run the real command line, as a user or CI would (`env`: extra variables): its
    `cli.main` in this process, as `build.py` calls it (about 1 s of imports saved per build;
    the build's own worker processes are spawned as ever), or with `separate` (or
    EDITIONS_TESTS_SEPARATE=1 in the environment) `build.py` in a process of its own."""
    argv = ["--root", str(root), *(["--out", str(out)] if out is not None else []), *args]
    extra = {"CI": "true", **(env or {})}
    if separate or os.environ.get("EDITIONS_TESTS_SEPARATE"):
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *argv],
                              capture_output=True, text=True, env={**os.environ, **extra},
                              timeout=600)
    return _in_process(argv, extra)


def _in_process(argv: list[str], extra: dict[str, str]) -> subprocess.CompletedProcess:
    """`cli.main(argv)` with its output captured and `extra` in the environment (both put
    back after), as a finished process."""
    import contextlib
    import io

    from editions.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: a usage error
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return subprocess.CompletedProcess(["build.py", *argv], code, out.getvalue(),
                                       err.getvalue())


def _plan_folder(config) -> Path:
    """Where the run keeps the plan's build: under pytest-xdist the run's folder, above each
    worker's, so every worker finds the one build."""
    base = config._tmp_path_factory.getbasetemp()  # pytest's own factory (tmp_path_factory)
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_STARTED: list[subprocess.Popen] = []  # the plan's build, if this process started it


def pytest_collection_finish(session):
    """When a collected test needs the plan's full build (`built`), start it now, in a process
    of its own, while the tests that do not need it run: the first worker to get here starts
    it, the others find it started. `built` waits for it."""
    if not any("built" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    shared = _plan_folder(session.config)
    with open(shared / "plan-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / "plan-dist.started").exists():
            return
        (shared / "plan-dist.started").write_text(str(os.getpid()), encoding="utf-8")
        log = open(shared / "plan-dist.log", "w", encoding="utf-8")  # noqa: SIM115 (the child's)
        cmd = [sys.executable, str(ROOT / "build.py"), "--root", str(ROOT), "--out",
               str(shared / "plan-dist"), "--quiet"]
        done = shared / "plan-dist.rc"
        # the exit status is written when the build ends (atomically: a waiting worker reads it)
        script = ("import os, subprocess, sys; rc = subprocess.run(sys.argv[2:]).returncode; "
                  "open(sys.argv[1] + '.tmp', 'w').write(str(rc)); "
                  "os.replace(sys.argv[1] + '.tmp', sys.argv[1])")
        _STARTED.append(subprocess.Popen([sys.executable, "-c", script, str(done), *cmd],
                                         stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, "CI": "true"}))


def pytest_sessionfinish(session):
    for proc in _STARTED:  # never leave the build running (nor its folder half-written)
        proc.wait()


@pytest.fixture(scope="session")
def built(request) -> Path:
    """dist/ of a full build of the real content (every artifact), built once per run in the
    background from the start of the run (`pytest_collection_finish`); every worker reads the
    same folder (tests only read it)."""
    shared = _plan_folder(request.config)
    done = shared / "plan-dist.rc"
    waited = 0.0
    while not done.is_file():
        if waited > 1800:
            pytest.fail("the plan's build did not end in 30 minutes: "
                        + str(shared / "plan-dist.log"))
        time.sleep(0.5)
        waited += 0.5
    if done.read_text(encoding="utf-8").strip() != "0":
        pytest.fail("the plan's build failed:\n"
                    + (shared / "plan-dist.log").read_text(encoding="utf-8")[-5000:])
    return shared / "plan-dist"


@pytest.fixture(scope="session")
def manifest(built) -> list[dict]:
    return json.loads((built / "manifest.json").read_text(encoding="utf-8"))["artifacts"]


def artifact(built: Path, manifest: list[dict], fmt: str, edition: str = "full",
             lang: str = "en-GB", presentation: str = "standard") -> Path:
    for a in manifest:
        if (a["format"], a["edition"], a["lang"], a["presentation"]) == (fmt, edition, lang,
                                                                         presentation):
            return built / a["path"]
    raise AssertionError(f"no {fmt} {edition} {lang} {presentation} in the manifest")


@pytest.fixture()
def mini(tmp_path) -> Path:
    """A copy of the small fixture project (its own content, the real layouts)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    return root


def linked_mini(folder: Path) -> Path:
    """A copy of the small fixture project in `folder`/project whose layouts/ is a link to the
    real layouts (for module fixtures that never change a layout)."""
    root = folder / "project"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "layouts").symlink_to(ROOT / "layouts", target_is_directory=True)
    return root


def translate_catalog(root: Path, lang: str, texts: dict[str, str]) -> int:
    """`i18n update`, then translations written into the language's content catalog as a
    translator would: the msgstr of each entry whose source text is a key of `texts`.
    Returns how many were written."""
    from babel.messages.pofile import read_po, write_po

    proc = run_build("i18n", "update", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    path = root / "translations" / lang / "content.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    done = 0
    for msg in catalog:
        if msg.id in texts:
            msg.string = texts[msg.id]
            done += 1
    with path.open("wb") as f:
        write_po(f, catalog)
    return done


def active_markup(page: str) -> list[str]:
    """What in an HTML page could run code: <script> elements, event-handler attributes
    (on…=) and javascript: addresses, read by an HTML parser (escaped text does not count)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "script":
                found.append("<script>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{tag} {name}=")
                if name in ("href", "src", "action", "formaction") and value and \
                        value.strip().lower().startswith(("javascript:", "vbscript:", "data:text")):
                    found.append(f"{tag} {name}={value[:30]}")

    Scan().feed(page)
    return found


@functools.cache
def _selected_mini(edition: str, lang: str):
    from editions.config import BuildConfig
    from editions.languages import Languages
    from editions.pipeline import load

    mini = FIXTURES / "mini"
    cfg = BuildConfig(root=mini, out=mini / "unused-dist", browser=False, jobs=1)
    src, _used = load(cfg)
    spec = next(e for e in src.editions if e.id == edition)
    ed, _reader = Languages(cfg).select(src, spec, lang, "standard",
                                        cfg.timestamp(src.doc.meta.date).isoformat())
    return ed, cfg, src.doc.notes


def mini_edition(edition: str = "full", lang: str = "en-GB"):
    """A fresh copy of a selected edition of the mini fixture (tests may change its sections),
    its BuildConfig and the editor notes: what a writer test hands a writer, in memory."""
    import dataclasses

    from editions.select import copy_sections

    ed, cfg, notes = _selected_mini(edition, lang)
    return dataclasses.replace(ed, sections=copy_sections(ed.sections)), cfg, notes


def build_without_polish_voice(project: Path, tmp_path: Path, monkeypatch, formats: str):
    """A copy of the mini project whose full edition is made in `formats`, built through the
    pipeline with the Polish voice taken away: the result (what a voiceless language does to
    a build)."""
    from editions import pipeline, voices
    from editions.config import BuildConfig

    root = tmp_path / "mini"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("dist"))
    pub = root / "content" / "publication.yaml"
    pub.write_text(pub.read_text().replace("formats: [html, pdf, docx]",
                                           f"formats: [{formats}]"))
    monkeypatch.delitem(voices.VOICES, "pl")
    cfg = BuildConfig(root=root, out=tmp_path / "dist", browser=False, jobs=1,
                      editions=("full",))
    return pipeline.build(cfg)
