"""Browser checks on the HTML pages: axe-core in Debian's Chromium (playwright-core), reflow at
320 CSS px (H12), text spacing (H13), visible and unobscured focus (H15) and its contrast
(H11). One browser for all pages, a tab per core taking the next page (the 33 pages of the
plan: 11.3 s in one tab, 9.4 s in two; the same findings).

Without Chromium, Node or the npm packages the check says so: a warning on a workstation, an
error in CI (CI=true), never a silent pass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from ..findings import Finding
from ..rules import rule_check

RUNNER = Path(__file__).with_name("browser.js")
TOOLS = Path(__file__).resolve().parents[2]  # where package.json and node_modules live
# axe rule → our rule ID (ACCESSIBILITY.md); anything else is reported under its axe id
AXE_RULES = {
    "color-contrast": "H10", "color-contrast-enhanced": "H10", "link-in-text-block": "H10",
    "html-has-lang": "H01", "html-lang-valid": "H01", "valid-lang": "H02",
    "document-title": "H03", "page-has-heading-one": "H04", "heading-order": "H04",
    "empty-heading": "H04", "landmark-one-main": "H05", "region": "H05",
    "landmark-unique": "H05", "bypass": "H06", "skip-link": "H06", "image-alt": "H07",
    "link-name": "H08", "td-headers-attr": "H09", "th-has-data-cells": "H09",
    "meta-viewport": "H14", "meta-viewport-large": "H14", "target-size": "H18",
}


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


def missing(root: Path) -> str | None:
    """Why the browser checks cannot run here, or None."""
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not chromium():
        return "Chromium is not installed (apt-get install chromium)"
    for pkg in ("axe-core", "playwright-core"):
        if not (TOOLS / "node_modules" / pkg).is_dir():
            return f"npm package {pkg} is missing (run scripts/setup.sh, or npm ci)"
    return None


@rule_check("H00", "H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10", "H11",
            "H12", "H13", "H14", "H15", "H18")
def check_pages(root: Path, out: Path, pages: list[Path]) -> tuple[list[Finding], dict]:
    """Returns findings and a summary (tool versions, pages, violations)."""
    why = missing(root)
    if why:
        level = "error" if os.environ.get("CI") else "warning"
        return [Finding("H00", level, f"browser checks (axe-core, H12, H13, H15) not run: {why}",
                        "install Chromium and the npm packages (scripts/setup.sh as root)")], {
            "ran": False, "reason": why}
    if not pages:
        return [], {"ran": True, "pages": 0}
    env = {**os.environ, "NODE_PATH": str(TOOLS / "node_modules"), "CHROMIUM": chromium()}
    proc = subprocess.run(["node", str(RUNNER), *map(str, pages)], capture_output=True,
                          text=True, env=env, cwd=TOOLS, timeout=900)
    if proc.returncode != 0:
        return [Finding("H00", "error", "browser checks failed to run: "
                        + proc.stderr.strip().splitlines()[-1][:200] if proc.stderr.strip() else
                        "browser checks failed to run", "see the message; is Chromium working?")], {
            "ran": False, "reason": proc.stderr[-500:]}
    data = json.loads(proc.stdout)
    findings: list[Finding] = []
    violations = 0
    for r in data["results"]:
        artifact = Path(r["file"]).resolve().relative_to(out.resolve()).as_posix()
        for v in r["axe"]:
            violations += v["count"]
            findings.append(Finding(AXE_RULES.get(v["id"], f"axe:{v['id']}"), "error",
                                    f"axe {v['id']} ({v['impact']}): {v['help']} — {v['count']} "
                                    "element(s)", "fix the layout or content for these elements",
                                    artifact=artifact, where=", ".join(v["nodes"][:3])))
        if r["reflow"] and r["reflow"]["scroll"] > r["reflow"]["client"] + 1:
            findings.append(Finding("H12", "error", f"at 320 CSS px the page scrolls sideways "
                                    f"({r['reflow']['scroll']} px wide)",
                                    "let wide content wrap or scroll in its own box",
                                    artifact=artifact))
        for el in r["spacing"]:
            findings.append(Finding("H13", "error", "text clipped with WCAG text spacing",
                                    "do not fix heights or hide overflow on text boxes",
                                    artifact=artifact, where=el))
        for el in r["focus"]:
            findings.append(Finding("H15", "error", "no visible focus indicator",
                                    "give :focus-visible an outline or background",
                                    artifact=artifact, where=el))
        for el in r.get("obscured", []):
            findings.append(Finding("H15", "error", "focused element hidden under another part "
                                    "of the page", "keep sticky or fixed parts from covering "
                                    "focused elements (scroll-padding)", artifact=artifact,
                                    where=el))
        for el in r.get("faint", []):
            findings.append(Finding("H11", "error", "focus indicator has less than 3:1 contrast "
                                    "against its background", "use a darker outline colour",
                                    artifact=artifact, where=el))
    return findings, {"ran": True, "axe": data["axe"], "playwright": data["playwright"],
                      "pages": len(data["results"]), "violations": violations}
