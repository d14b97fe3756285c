#!/usr/bin/env python3
"""What the PDF repair pass and the PDF checks cost beside WeasyPrint (issue 15: checks + repair
≤ 0.25 × WeasyPrint). Prints numbers; asserts nothing.

  .venv/bin/python bench/pdf_checks.py [--lang en-GB ...]

For every PDF of the plan in the languages given (default: all), in one process: WeasyPrint's
own time (the page's HTML and HTML to PDF: `PdfWriter.weasyprint`), the repair pass (pdf/repair.repair), and the checks a build runs
on the file (checks.check_artifact, given the repair's reader as in the build: the PDF rules, the large-print rules on large-print PDFs,
pdftotext for the text round trip). Selecting the edition is not counted. Then the content
interpreter alone on the largest PDF's pages, best of 5 (steadier on a shared machine)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editions.checks import check_artifact, reads_layout  # noqa: E402
from editions.config import BuildConfig  # noqa: E402
from editions.pdf.reader import PdfFile  # noqa: E402
from editions.pdf.repair import repair  # noqa: E402
from editions.pipeline import load  # noqa: E402
from editions.publications import choose  # noqa: E402
from editions.render import _Job  # noqa: E402
from editions.select import Target  # noqa: E402
from editions.writers.pdf import PdfWriter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", action="append", default=[])
    args = ap.parse_args()
    (cfg,), _ = choose(BuildConfig(root=ROOT, out=Path(tempfile.mkdtemp())))
    src, _used = load(cfg)
    specs = {e.id: e for e in src.editions}
    job = _Job(cfg, src, specs, cfg.timestamp(src.doc.meta.date).isoformat(), set(), set())
    totals = {"weasyprint": 0.0, "repair": 0.0, "checks": 0.0}
    count = 0
    largest: Path | None = None
    writer = PdfWriter()
    print(f"{'PDF':44} {'WeasyPrint':>10} {'repair':>7} {'checks':>7}")
    for spec in src.editions:
        for lang in args.lang or spec.languages:
            for pres in spec.presentations:
                if "pdf" not in spec.formats or lang not in spec.languages:
                    continue
                t = Target(spec.id, lang, pres, "pdf", cfg.site_rel)
                ed, _reader, _digest = job.select(t)
                if ed.summary and not ed.sections:
                    continue
                started = time.perf_counter()
                raw = writer.weasyprint(ed, cfg)  # the page's HTML is rendered in this too
                weasy = time.perf_counter() - started
                started = time.perf_counter()
                data, opened = repair(raw, ed, reads_layout(ed))  # as the build: the checks
                mended = time.perf_counter() - started  # read what the repair pass read
                path = cfg.out / f"{t.stem}.pdf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                if largest is None or len(data) > largest.stat().st_size:
                    largest = path
                started = time.perf_counter()
                found = check_artifact("pdf", path, cfg.out, ed, src.doc.notes, opened)
                checks = time.perf_counter() - started
                errors = sum(1 for f in found if f.level == "error")
                for k, v in (("weasyprint", weasy), ("repair", mended), ("checks", checks)):
                    totals[k] += v
                count += 1
                print(f"{t.stem:44} {weasy:9.2f}s {mended:6.2f}s {checks:6.2f}s"
                      + (f"  ({errors} errors)" if errors else ""))
    w = totals["weasyprint"]
    print(f"\n{count} PDFs: WeasyPrint {w:.1f} s, repair {totals['repair']:.1f} s, checks "
          f"{totals['checks']:.1f} s; repair + checks = "
          f"{(totals['repair'] + totals['checks']) / w:.2f} × WeasyPrint (target ≤ 0.25 ×)")
    if largest is not None:
        interpret(largest)


def interpret(path: Path, runs: int = 5) -> None:
    """The content interpreter alone on every page of one PDF (parsing not counted), best of
    `runs`: steadier than the totals above on a shared machine."""
    best = {}
    for geometry in (False, True):
        times = []
        for _ in range(runs):
            with PdfFile(path) as doc:
                for i in range(len(doc.pdf.pages)):
                    doc.content.ops(i)
                started = time.perf_counter()
                for i in range(len(doc.pdf.pages)):
                    doc.page(i, geometry)
                times.append(time.perf_counter() - started)
        best[geometry] = min(times)
    print(f"interpreting {path.name}'s pages, best of {runs}: text {best[False]:.3f} s, "
          f"with geometry {best[True]:.3f} s")


if __name__ == "__main__":
    main()
