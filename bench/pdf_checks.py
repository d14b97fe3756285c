#!/usr/bin/env python3
"""What the PDF repair pass and the PDF checks cost beside WeasyPrint (issue 15: checks + repair
≤ 0.25 × WeasyPrint). Prints numbers; asserts nothing.

  .venv/bin/python bench/pdf_checks.py [--lang en-GB ...]

For every PDF of the plan in the languages given (default: all), in one process: WeasyPrint's
own time (the page's HTML and HTML to PDF: `PdfWriter.weasyprint`), the repair pass (pdf/repair.repair), and the checks a build runs
on the file (checks.check_artifact, given the repair's reader as in the build: the PDF rules, the large-print rules on large-print PDFs,
pdftotext for the text round trip). Selecting the edition is not counted. Wall and CPU time
(this process's and pdftotext's): on a shared machine CPU time is the steadier figure. Then the content
interpreter alone on the largest PDF's pages, best of 5 (steadier on a shared machine)."""

from __future__ import annotations

import argparse
import resource
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
    plain = cfg.default_presentation  # no suffix
    job = _Job(cfg, src, specs, cfg.timestamp(src.doc.meta.date).isoformat(), set(), set())
    totals = {"weasyprint": 0.0, "repair": 0.0, "checks": 0.0}
    cpu = dict(totals)
    count = 0
    largest: Path | None = None
    writer = PdfWriter()
    print(f"{'':44} {'wall':>26}   {'CPU':>26}")
    print(f"{'PDF':44} {'WeasyPrint':>10} {'repair':>7} {'checks':>7}   "
          f"{'WeasyPrint':>10} {'repair':>7} {'checks':>7}")
    for spec in src.editions:
        for lang in args.lang or spec.languages:
            for pres in spec.presentations:
                if "pdf" not in spec.formats or lang not in spec.languages:
                    continue
                t = Target(spec.id, lang, pres, "pdf", cfg.site_rel, pres == plain)
                ed, _reader, _digest = job.select(t)
                if ed.summary and not ed.sections:
                    continue
                clock = Clock()
                raw = writer.weasyprint(ed, cfg)  # the page's HTML is rendered in this too
                weasy = clock.lap()
                data, opened = repair(raw, ed, reads_layout(ed))  # as the build: the checks
                mended = clock.lap()  # read what the repair pass read
                path = cfg.out / f"{t.stem}.pdf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                if largest is None or len(data) > largest.stat().st_size:
                    largest = path
                clock.lap()
                found = check_artifact("pdf", path, cfg.out, ed, src.doc.notes, opened)
                checks = clock.lap()  # pdftotext's own CPU time included
                errors = sum(1 for f in found if f.level == "error")
                for k, v in (("weasyprint", weasy), ("repair", mended), ("checks", checks)):
                    totals[k] += v[0]
                    cpu[k] += v[1]
                count += 1
                print(f"{t.stem:44} {weasy[0]:9.2f}s {mended[0]:6.2f}s {checks[0]:6.2f}s   "
                      f"{weasy[1]:9.2f}s {mended[1]:6.2f}s {checks[1]:6.2f}s"
                      + (f"  ({errors} errors)" if errors else ""))
    print()
    for name, t in (("wall", totals), ("CPU", cpu)):
        w = t["weasyprint"]
        print(f"{count} PDFs, {name} time: WeasyPrint {w:.1f} s, repair {t['repair']:.1f} s, "
              f"checks {t['checks']:.1f} s; repair + checks = "
              f"{(t['repair'] + t['checks']) / w:.2f} × WeasyPrint (target ≤ 0.25 ×)")
    if largest is not None:
        interpret(largest)


class Clock:
    """Wall and CPU time between laps; CPU is this process's and its children's (pdftotext),
    steadier than wall time on a shared machine."""

    def __init__(self):
        self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        own, children = resource.getrusage(resource.RUSAGE_SELF), \
            resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), (own.ru_utime + own.ru_stime + children.ru_utime
                                     + children.ru_stime)

    def lap(self) -> tuple[float, float]:
        now = self._now()
        wall, cpu = now[0] - self.last[0], now[1] - self.last[1]
        self.last = now
        return wall, cpu


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
