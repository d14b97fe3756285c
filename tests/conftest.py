"""Shared fixtures: one real build of the project's content, and small throwaway projects."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id) -> Path:
    """dist/ of a full build of the real content (every artifact), built once per run: under
    pytest-xdist the first worker to ask builds it while holding a lock and the others wait
    for it, then every worker reads the same folder (tests only read it)."""
    if worker_id == "master":  # no workers: a session of its own
        return _build_plan(tmp_path_factory.mktemp("dist"))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    with open(shared / "plan-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out = shared / "plan-dist"
        failed = shared / "plan-dist.failed"
        if failed.is_file():  # the first worker's build failed: say so here too
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not (out / "manifest.json").is_file():
            try:
                _build_plan(out)
            except AssertionError as exc:
                failed.write_text(str(exc), encoding="utf-8")
                raise
    return out


def _build_plan(out: Path) -> Path:
    proc = run_build("--quiet", out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


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
