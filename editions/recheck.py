"""`build.py check`: check the artifacts already in dist/ again (after a layout change, say):
each artifact's own checks, then the build's verify stage (verify.py) over all of them.

dist/manifest.json is read as untrusted input (`manifest.py`): a manifest that is not the
build's is one error line (C22) asking for a rebuild, never a traceback; an artifact of an
edition the publication no longer has is skipped with a warning.
"""

from __future__ import annotations

import sys

from .checks import check_artifact
from .config import BuildConfig
from .findings import ContentError, Finding, apply_exceptions
from .languages import Languages
from .manifest import ManifestError, read_artifacts
from .pipeline import load
from .results import BuildResult
from .select import targets
from .verify import start_epub_tools, verify
from .writers import REGISTRY


def check_existing(cfg: BuildConfig) -> int:
    """Check the artifacts listed in dist/manifest.json again (after a layout change, say)."""
    manifest = cfg.out / "manifest.json"
    if not manifest.is_file():
        print(f"{manifest} does not exist: run `python build.py` first.", file=sys.stderr)
        return 1
    dist = cfg.out.relative_to(cfg.root) if cfg.out.is_relative_to(cfg.root) else cfg.out
    shown, fix = f"{dist.as_posix()}/manifest.json", f"run build.py to rebuild {dist.as_posix()}/"
    try:
        artifacts = read_artifacts(manifest)
    except ManifestError as exc:
        print(Finding("C22", "error", str(exc), fix, artifact=shown).format(),
              file=sys.stderr)
        return 1
    try:
        src, _ = load(cfg)
    except ContentError as exc:
        print(exc.finding.format(), file=sys.stderr)
        return 1
    specs = {e.id: e for e in src.editions}
    known = {(t.edition, t.lang, t.presentation, t.format) for t in targets(
        src.editions, set(REGISTRY), site=cfg.site_rel,
        default=cfg.default_presentation)}
    findings: list[Finding] = list(src.findings)
    date = cfg.timestamp(src.doc.meta.date).isoformat()
    langs = Languages(cfg)
    checked: list[dict] = []  # the artifacts found in place
    for a in artifacts:
        what = f"{a['path']} ({a['edition']}, {a['lang']}, {a['presentation']}, {a['format']})"
        if (a["edition"], a["lang"], a["presentation"], a["format"]) not in known:
            findings.append(Finding("C22", "warning", f"{what} is not an edition of the "
                                    "publication: not checked", fix, artifact=shown))
            continue
        if not (cfg.out / a["path"]).is_file() or (cfg.out / a["path"]).is_symlink():
            findings.append(Finding("C22", "error", f"{what} is listed but missing (or a "
                                    "symbolic link)", fix, artifact=shown))
            continue
        ed, _ = langs.select(src, specs[a["edition"]], a["lang"], a["presentation"], date)
        checked.append(a)
        findings += check_artifact(a["format"], cfg.out / a["path"], cfg.out, ed, src.doc.notes)
    # the build's verify stage (verify.py): the site as a whole, every page in the browser,
    # EPUBCheck and Ace once over every EPUB
    listed = {a["path"] for a in checked}
    site = sorted(p.relative_to(cfg.out).as_posix()
                  for p in (cfg.out / cfg.site_rel).rglob("*.html"))
    result = BuildResult(written=checked, site=[p for p in site if p not in listed])
    verify(cfg, src, result, {}, start_epub_tools(cfg, result, {}))
    findings += result.findings
    if result.browser.get("ran"):
        print(f"Browser checks: axe-core {result.browser.get('axe')} in Chromium on "
              f"{result.browser.get('pages')} page(s): {result.browser.get('violations')} "
              "violation(s)")
    findings = apply_exceptions(findings, src.data.exceptions)
    for f in findings:
        print(f.format())
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    print(f"Checked {len(artifacts)} artifacts: {errors} errors, {warnings} warnings.")
    return 1 if errors or (cfg.strict and warnings) else 0
