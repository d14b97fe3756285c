"""The accessibility statement for the website, generated from what the checks showed.

It never claims more than the checks did: rules a person must still check are listed as not
tested, and every finding left is a known issue."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib.metadata import version

from .config import BuildConfig
from .i18n import SOURCE_LANG, language_name
from .output import atomic_write
from .rules import RULES
from .site import manifest


def tool_versions(browser: dict) -> list[tuple[str, str]]:
    out = [("Python", platform.python_version())]
    for pkg in ("weasyprint", "python-docx", "pikepdf", "markdown-it-py", "Jinja2", "Babel",
                "textstat"):
        try:
            out.append((pkg, version(pkg)))
        except Exception:
            pass
    if shutil.which("pdftotext"):
        v = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr
        out.append(("poppler pdftotext", v.split("\n")[0].split()[-1] if v else "?"))
    if browser.get("ran"):
        out.append(("axe-core", str(browser.get("axe"))))
        out.append(("playwright-core", str(browser.get("playwright"))))
    return out


def write_statement(cfg: BuildConfig, result, meta, project: bool = False) -> None:
    """`project`: the statement of a site of several publications (no downloads page)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader([str(d) for d in cfg.layout_dirs]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    errors = [f for f in result.findings if f.level == "error"]
    warnings = [f for f in result.findings if f.level == "warning"]
    manual = [r for r in RULES.values() if r.status == "manual"]
    published = manifest(cfg)  # everything on the site, not only this build's files
    order = ["html", "pdf", "docx", "epub", "talking-book", "brf", "mp3", "txt"]
    formats = sorted({e["format"] for e in published},
                     key=lambda f: order.index(f) if f in order else len(order))
    summaries = {(e["edition"], e["lang"]) for e in published if e.get("summary")}
    langs = sorted({e["lang"] for e in published})
    html = env.get_template("html/statement.html.j2").render(
        meta=meta, date=cfg.timestamp(meta.date).date().isoformat()
        if meta.date or cfg.source_date_epoch is not None else "", artifacts=published,
        # sentences only about what this publication has (no "translations" without any)
        drafts=any(c.counts["draft"] for c in result.coverage.values()),
        # English is shown where a translation is published whole with gaps (not a summary)
        english=any(c.counts["untranslated"] + c.counts["stale"]
                    for key, c in result.coverage.items() if key not in summaries),
        summaries=bool(summaries),
        source_name=language_name(meta.lang, SOURCE_LANG),  # what untranslated parts are in
        cf06=any(result.reading.get(e["edition"]) == "child-friendly" and e["lang"] != meta.lang
                 for e in published),
        formats=formats, langs=langs, errors=errors, warnings=warnings, manual=manual,
        excepted=[f for f in result.findings if f.level == "excepted"],
        automated=[r for r in RULES.values() if r.status in ("auto", "test")],
        tools=tool_versions(result.browser), browser=result.browser, project=project,
        css=cfg.layout("html/style.css").read_text(encoding="utf-8"))
    atomic_write(cfg.out / cfg.site_rel / "accessibility-statement.html", html.encode("utf-8"))
