#!/usr/bin/env python3
"""Alternative formats (issue 14): what they add to a cold build, and how fast one request is.
Prints numbers; asserts nothing.

  .venv/bin/python bench/formats.py

1. Three cold builds of the plan in one run, side by side: today's formats only (html, pdf,
   docx), the new formats but audio (epub, brf, txt), and the default build (the talking
   book and the MP3s too), each with every check (browser, EPUBCheck, Ace).
2. `build.py request` for one artifact of the young edition, each from a cold start (a new
   process, an empty output folder): the time the reader waits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(out: Path, *args: str) -> tuple[float, dict]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out), "--quiet",
                           *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    report = json.loads((out / "reports" / "build.json").read_text(encoding="utf-8"))
    report["exit"] = proc.returncode
    return seconds, report


def request(out: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "request", "--out", str(out),
                           *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    last = (proc.stdout.strip().splitlines() or ["(nothing)"])[-1]
    return seconds, last if proc.returncode == 0 else f"FAILED: {last}"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="editions-bench-formats-"))
    try:
        before, rep_before = build(work / "today", "--format", "html,pdf,docx")
        quiet, rep_quiet = build(work / "no-audio", "--format", "html,pdf,docx,epub,brf,txt")
        after, rep_after = build(work / "all")
        for label, secs, rep in (("html/pdf/docx only:         ", before, rep_before),
                                 ("every format but audio:     ", quiet, rep_quiet),
                                 ("every format (the default): ", after, rep_after)):
            print(f"cold build, {label}{secs:6.1f} s  {len(rep['artifacts']):3} artifacts "
                  f"(exit {rep['exit']})  = {secs / before:.2f} × (target ≤ 1.30 ×)")
        by_fmt: dict[str, int] = {}
        for a in rep_after["artifacts"]:
            by_fmt[a["format"]] = by_fmt.get(a["format"], 0) + 1
        print("    artifacts per format: " + ", ".join(f"{k} {v}" for k, v in sorted(by_fmt.items())))
        t = rep_after["timings"]
        for stage in sorted(t, key=lambda s: -t[s]):
            if any(f in stage for f in ("epub", "brf", "txt", "mp3", "talking", "browser")):
                print(f"    {stage:18} {t[stage]:6.1f} s (summed over workers)")
        print("requests (young edition, cold start each; target ≤ 10 s, audio ≤ 30 s):")
        for lang, fmt in (("en-GB", "brf"), ("zh-Hans", "brf"), ("en-GB", "epub"),
                          ("ur", "epub"), ("en-GB", "txt"), ("en-GB", "docx"), ("en-GB", "pdf"),
                          ("en-GB", "mp3"), ("zh-Hans", "mp3")):
            out = work / f"request-{lang}-{fmt}"
            seconds, said = request(out, "--edition", "young", "--lang", lang, "--format", fmt)
            print(f"    {fmt:5} {lang:8} {seconds:5.1f} s  {said.split('/requests/')[-1]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
