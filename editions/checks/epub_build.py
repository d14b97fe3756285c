"""EP01 and EP02 once per build, over every EPUB the build wrote, talking books (format
`talking-book`, EPUB 3 with Media Overlays: EPUBCheck validates their SMIL and overlay metadata
too) included, as the browser checks run once over every page: EPUBCheck in one Java process
for all of them, Ace on each in one Node process and one Chromium.

An EPUB whose bytes and tool versions the last build checked keeps that build's findings (the
cache, `.cache/targets.json`), so an unchanged EPUB is not checked again. The package checks
(EP03, EP04: `checks/epub.check_package`) run on each EPUB before it is published; these two
tools run after, like the browser checks, and a failure is an error of the build."""

from __future__ import annotations

import json
from pathlib import Path

from ..findings import Finding
from .epub_tools import tool_findings, versions


def verify(out: Path, epubs: list[dict], cache: dict, browser: bool = True) -> list[Finding]:
    """`epubs`: manifest entries (path, sha256) of the EPUBs this build wrote or kept. Without
    `browser` (`--no-browser`) EPUBCheck only: Ace runs in Chromium. The cache knows which
    tools ran, so a later build with the browser runs Ace on these files."""
    seen = cache.setdefault("epub-tools", {})  # path → (sha256, tool versions, findings)
    ran = versions() if browser else {k: v for k, v in versions().items() if k != "ace"}
    tools = json.dumps(ran, sort_keys=True)
    fresh = [e for e in epubs if list(seen.get(e["path"], ())[:2]) != [e["sha256"], tools]]
    found = tool_findings([(out / e["path"], e["path"]) for e in fresh], browser=browser) \
        if fresh else []
    missing = [f for f in found if not f.artifact]  # a tool is not installed: nothing cached
    if missing:
        return found
    for e in fresh:
        seen[e["path"]] = (e["sha256"], tools, [f for f in found if f.artifact == e["path"]])
    return [f for e in epubs for f in seen[e["path"]][2]]
