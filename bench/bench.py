#!/usr/bin/env python3
"""Build-speed figures for this machine (issue 6). Prints numbers; asserts nothing.

  .venv/bin/python bench/bench.py

cold full build; the WeasyPrint floor (sum of raw write_pdf times for the same HTML, divided by
the worker count) and our PDF time as a ratio of it; no-op rebuild; one-section edit rebuild;
DOCX and HTML of the full plan against pandoc on the same Markdown; peak memory."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = "nl-csp-2026-2029"  # the plan's folder in content/
sys.path.insert(0, str(ROOT))

from editions.config import BuildConfig  # noqa: E402
from editions.languages import Languages  # noqa: E402
from editions.pipeline import load  # noqa: E402
from editions.select import select, targets  # noqa: E402
from editions.writers import REGISTRY, get_writer  # noqa: E402


def run(*args: str, out: Path, root: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(out),
                    "--quiet", "--no-browser", *args], check=False, capture_output=True)
    return time.perf_counter() - started


def _raw(page: tuple[str, str]) -> float:
    """Seconds for one raw WeasyPrint write_pdf of an HTML string."""
    from weasyprint import HTML

    started = time.perf_counter()
    HTML(string=page[0], base_url=page[1]).write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - started


def stages(out: Path) -> dict[str, float]:
    """Seconds per stage of the build just run, summed over its workers (reports/build.json)."""
    return json.loads((out / "reports" / "build.json").read_text(encoding="utf-8"))["timings"]


def show(name: str, t: dict[str, float], raw: float | None = None) -> None:
    total = sum(t.values())
    print(f"{name}: {total:.1f} s of work in all processes")
    for stage, sec in sorted(t.items(), key=lambda kv: -kv[1]):
        print(f"    {stage:16} {sec:6.1f} s  {100 * sec / total:3.0f} %")
    if raw is not None and "write pdf" in t:
        print(f"    (of 'write pdf': raw WeasyPrint {raw:.1f} s, the rest {t['write pdf'] - raw:.1f} s "
              "is our template and the pikepdf pass)")


def main() -> None:
    jobs = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="editions-bench-"))
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("dist", ".venv", "node_modules",
                                                                 ".git", "__pycache__"))
    out = work / "dist"
    cold = run(out=out, root=project)
    cold_stages = stages(out)
    noop = run(out=out, root=project)
    section = project / "content" / PLAN / "sections" / "12-loips.md"
    section.write_text(section.read_text(encoding="utf-8").replace(
        "The LOIPs are being renewed", "The LOIPs are now being renewed"), encoding="utf-8")
    edit = run(out=out, root=project)
    edit_stages = stages(out)
    # what `build.py serve` shows first after a save: the web pages alone
    section.write_text(section.read_text(encoding="utf-8").replace(
        "The LOIPs are now being renewed", "The LOIPs are being renewed"), encoding="utf-8")
    preview = run("--format", "html", out=out, root=project)
    pdf_only = run("--format", "pdf", out=work / "pdf-only", root=project)

    # WeasyPrint floor: raw write_pdf of exactly the HTML our PDF writer renders
    from editions.writers.html import render_page

    cfg = BuildConfig(root=project, out=work / "floor", publication=PLAN)
    src, _ = load(cfg)
    specs = {e.id: e for e in src.editions}
    raw = 0.0
    pages: list[tuple[str, str]] = []
    langs = Languages(cfg)
    ts = [t for t in targets(src.editions, set(REGISTRY)) if t.format == "pdf"]
    for t in ts:
        translator, _r = langs.translator(t.lang)
        ed = select(src.doc, src.data, specs[t.edition], t.lang, t.presentation, "2026-01-01",
                    translator=translator, gettext=langs.gettext(t.lang))
        html = render_page(ed, cfg, "pdf/document.html.j2", [f"pdf/{ed.presentation}.css"],
                           wrap_sections=False)
        pages.append((html, str(project) + "/"))
        raw += _raw(pages[-1])
    floor = raw / jobs
    # the same raw write_pdf calls in a pool of `jobs` processes, largest first: how close to
    # raw / jobs this machine itself gets when its cores work side by side
    import multiprocessing

    order = sorted(pages, key=lambda p: -len(p[0]))
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pool.map(_raw, order, chunksize=1)
    parallel = time.perf_counter() - started

    # the full plan, English: our DOCX and HTML writers against pandoc on the same Markdown
    en = next(t for t in targets(src.editions, set(REGISTRY)) if t.edition == "full")
    ed = select(src.doc, src.data, specs["full"], "en-GB", "standard", "2026-01-01")
    ours = {}
    for fmt in ("docx", "html"):
        started = time.perf_counter()
        get_writer(fmt).write(ed, cfg)
        ours[fmt] = time.perf_counter() - started
    md = work / "plan.md"
    md.write_text("\n\n".join(p.read_text(encoding="utf-8").split("---", 2)[-1]
                              for p in sorted((project / "content" / PLAN / "sections").glob("*.md"))),
                  encoding="utf-8")
    pandoc = {}
    if shutil.which("pandoc"):
        for fmt in ("docx", "html"):
            started = time.perf_counter()
            subprocess.run(["pandoc", str(md), "-s", "-o", str(work / f"p.{fmt}")], check=True,
                           capture_output=True)
            pandoc[fmt] = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024

    print(f"machine: {jobs} cores; {len(targets(src.editions, set(REGISTRY)))} artifacts "
          f"({len(ts)} PDFs); target {en}")
    print(f"cold full build:            {cold:6.1f} s")
    print(f"PDFs only (cold):           {pdf_only:6.1f} s")
    print(f"WeasyPrint floor:           {floor:6.1f} s  (raw write_pdf {raw:.1f} s / {jobs} workers)")
    print(f"  raw write_pdf, {jobs} processes side by side: {parallel:.1f} s "
          f"= {parallel / floor:.2f} × the floor (the machine's own parallel overhead)")
    print(f"  PDFs as a ratio of floor: {pdf_only / floor:6.2f}   (target ≤ 1.15 for the cold build)")
    print(f"  cold build / floor:       {cold / floor:6.2f}")
    print(f"no-op rebuild:              {noop:6.1f} s  (target ≤ 1 s)")
    print(f"one-section edit rebuild:   {edit:6.1f} s  = {100 * edit / cold:.0f} % of cold "
          "(target ≤ 15 %)")
    print(f"  its web pages alone:      {preview:6.1f} s  = {100 * preview / cold:.0f} % of cold "
          "(what `serve` rebuilds first)")
    for fmt in ("docx", "html"):
        if fmt in pandoc:
            print(f"{fmt.upper():4} full plan: ours {ours[fmt]:.2f} s, pandoc {pandoc[fmt]:.2f} s, "
                  f"ratio {ours[fmt] / pandoc[fmt]:.2f}")
        else:
            print(f"{fmt.upper():4} full plan: ours {ours[fmt]:.2f} s (pandoc not installed: "
                  "apt-get install pandoc)")
    print(f"peak RSS:                   {peak:6.0f} MiB (target ≤ 1024)")
    show("cold build", cold_stages, raw)
    show("one-section edit", edit_stages)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
