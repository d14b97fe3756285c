"""After the artifacts: the site pages, then the checks over the whole build — the site as a
whole, every page in the browser (findings cached per page digest), EPUBCheck and Ace over every
EPUB (in a thread of their own, beside the site pages and the browser checks)."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

from .checks.browser import check_pages
from .checks.epub_build import verify as verify_epubs
from .checks.site import check_site
from .config import BuildConfig
from .findings import Finding
from .output import write_manifest
from .read import Source
from .results import BuildResult
from .site import write_site
from .timing import timed


def start_epub_tools(cfg: BuildConfig, result: BuildResult, cache: dict
                     ) -> Future[list[Finding]] | None:
    """EPUBCheck and Ace, once over every EPUB written, talking books too (cached by each
    file's digest), in a thread beside the site pages and the browser checks: both mostly wait
    on Java and Chromium. Ace in one Chromium: 20 EPUBs took 51.6 s in one, 52.8 s in two and
    55.2 s in three on a quiet machine. Returns its future (None: no EPUB)."""
    epubs = [e for e in result.written if e["format"] in ("epub", "talking-book")]
    if not epubs:
        return None

    def run() -> list[Finding]:
        with timed(result.timings, "check epub tools"):
            return verify_epubs(cfg.out, epubs, cache, cfg.browser)

    pool = ThreadPoolExecutor(1)
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future


def publish_site(cfg: BuildConfig, src: Source, result: BuildResult) -> None:
    """The manifest and the site pages (home, downloads, statement, sitemap…), when anything
    was written."""
    with timed(result.timings, "site"):
        if result.written:
            write_manifest(cfg.out, result.written)
            result.site = write_site(cfg, src)


def verify(cfg: BuildConfig, src: Source, result: BuildResult, cache: dict,
           tools: Future[list[Finding]] | None) -> None:
    """The checks over the whole build; waits for the EPUB tools (`start_epub_tools`)."""
    pages = [e["path"] for e in result.written if e["format"] == "html"]
    pages += [p for p in result.site if p.endswith(".html")]
    if result.site:
        check_site_pages(cfg, src, result, pages)
    if pages and cfg.browser:
        check_in_browser(cfg, result, cache, pages)
    if tools is not None:
        result.findings.extend(tools.result())


def check_site_pages(cfg: BuildConfig, src: Source, result: BuildResult,
                     pages: list[str]) -> None:
    """The site as a whole: hreflang, unique titles, contact link, sitemap."""
    with timed(result.timings, "check site"):
        try:
            result.findings.extend(check_site(
                cfg.out, list(dict.fromkeys([*pages, f"{cfg.site_rel}/accessibility-statement.html"])),
                src, cfg))
        except Exception as exc:  # a checker bug is an error, never a silent pass
            result.findings.append(Finding("W02", "error", f"site checks failed: {exc!r}",
                                           "report this as a bug in editions"))


def check_in_browser(cfg: BuildConfig, result: BuildResult, cache: dict,
                     pages: list[str]) -> None:
    """Every page in Chromium; pages whose bytes the last browser run saw keep its findings."""
    seen = cache.get("browser", {})
    digest = {p: hashlib.sha256((cfg.out / p).read_bytes()).hexdigest() for p in pages}
    fresh = [p for p in pages if seen.get(p, (None,))[0] != digest[p]]
    with timed(result.timings, "check browser"):
        found, result.browser = check_pages(cfg.root, cfg.out, [cfg.out / p for p in fresh])
    if fresh and not result.browser.get("ran"):
        result.findings.extend(found)
    else:
        by_page: dict[str, list] = {p: [] for p in fresh}
        for f in found:
            by_page.setdefault(f.artifact, []).append(f)
        for p in fresh:
            seen[p] = (digest[p], by_page.get(p, []))
        for p in pages:
            result.findings.extend(seen.get(p, (None, []))[1])
        if "axe" in result.browser:
            cache["browser-tools"] = {k: result.browser[k] for k in ("axe", "playwright")}
        result.browser.update(cache.get("browser-tools", {}))
        result.browser["pages"] = len(pages)
        result.browser["rechecked"] = len(fresh)
        result.browser["violations"] = sum(
            1 for p in pages for f in seen.get(p, (None, []))[1] if f.message.startswith("axe"))
        cache["browser"] = seen
    result.findings.extend(f for f in found if not f.artifact)
