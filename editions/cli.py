"""Command line: `python build.py [build|check|notes] [options]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .config import BuildConfig, source_date_epoch_from_env
from .findings import ContentError
from .i18n import STATUSES
from .i18n_commands import main as i18n_main
from .merge import merge as merge_shards
from .new import new
from .output import Busy, atomic_write, exclusive
from .pipeline import build, load
from .publications import choose
from .recheck import check_existing as recheck
from .request import request
from .results import BuildResult
from .rulebook import markdown as rules_markdown
from .rulebook import rules, where
from .serve import serve
from .statement import write_statement

EPILOG = """\
examples:
  python build.py                          build every edition, language and format into dist/
  python build.py --format pdf             only the PDFs
  python build.py --edition full --lang en-GB --format html
  python build.py notes                    list the editor notes (never published)
  python build.py check                    check the artifacts already in dist/
  python build.py new annual-report-2025   start a new publication in content/annual-report-2025/
  python build.py request --edition young --lang ur --format brf
                                           one braille file for one reader, in dist/requests/
  python build.py --publication annual-report-2025   build only that publication

exit status: 0 when every requested artifact was written and no check found an error
(with --strict, no warning either); 1 otherwise; 2 for a usage error.
"""


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build the editions of the publication in content/ into dist/: "
        "HTML, tagged PDF (PDF/UA-1) and Word DOCX, checked for accessibility.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="build",
                   choices=["build", "check", "notes", "i18n", "merge", "serve", "new",
                            "request", "rules"],
                   help="build (default): write artifacts; check: check dist/ again; "
                   "notes: list editor notes; i18n: translation catalogs (extract, update, "
                   "compile, coverage, export-xliff LANG FILE, import-xliff FILE); merge DIR…: "
                   "join the dist/ folders of shards; serve: preview on localhost, rebuilding "
                   "on every save; new ID [TITLE]: a new publication in content/ID/; request: one "
                   "artifact for one reader (--edition, --lang, --format), in dist/requests/; rules: "
                   "the rules list with the functions that check each (docs/RULES.md)")
    p.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    p.add_argument("--publication", action="append", metavar="ID",
                   help="in a project of several publications (content/<id>/), the one(s) to "
                   "build (default all)")
    p.add_argument("--edition", action="append", metavar="ID",
                   help="edition(s) to build, e.g. full (repeat or comma-separate; default all)")
    p.add_argument("--lang", action="append", metavar="TAG",
                   help="language(s) as BCP 47 tags, e.g. en-GB (default all)")
    p.add_argument("--presentation", action="append", metavar="NAME",
                   help="presentation(s), e.g. standard (default all)")
    p.add_argument("--format", action="append", metavar="FMT",
                   help="format(s): html, pdf, docx, epub, brf, txt (default all)")
    p.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                   help="project folder holding content/ and layouts/ (default: this project)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/dist)")
    p.add_argument("--strict", action="store_true", help="warnings fail the build too")
    p.add_argument("--strict-translations", action="store_true",
                   help="untranslated or stale text fails the build instead of showing in English")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of cores)")
    p.add_argument("--shard", metavar="I/N", default="1/1",
                   help="build only share I of N of the artifacts (a CI matrix); `merge` joins them")
    p.add_argument("--base-url", metavar="URL", default=os.environ.get("EDITIONS_BASE_URL", ""),
                   help="the website's public address, e.g. https://example.org/plan/ (or "
                   "EDITIONS_BASE_URL): sitemap.xml needs absolute addresses")
    p.add_argument("--no-browser", action="store_true",
                   help="skip the checks that run in Chromium, for a quick preview: axe-core "
                   "and the other browser checks on the pages, Ace on the EPUBs")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="print only the summary (editor notes are still written to the report)")
    return p


class Progress:
    """A live progress line on a terminal; nothing at all in CI or when piped."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty() and not os.environ.get("CI")

    def __call__(self, i: int, n: int, target) -> None:
        if not self.live:
            return
        if target is None:
            self.stream.write("\r\033[K")
        else:
            self.stream.write(f"\r\033[K[{i + 1}/{n}] {target.stem} ({target.format})")
        self.stream.flush()


def _notes_lines(notes) -> list[str]:
    label = {"editor-note": "draft mark", "editor-query": "query"}
    return [f"  {n.loc}  [{label.get(n.kind, n.kind)}] {' '.join(n.text.split())}" for n in notes]


def report(result: BuildResult, cfg: BuildConfig, quiet: bool, out=None) -> None:
    w = (out or sys.stdout).write
    findings = sorted(result.findings, key=lambda f: (f.level != "error", f.rule, str(f.loc)))
    if not quiet and result.notes:
        marks = sum(1 for n in result.notes if n.kind == "editor-note")
        w(f"Editor notes (never published): {len(result.notes)} — {marks} marks from the draft, "
          f"{len(result.notes) - marks} queries\n")
        w("\n".join(_notes_lines(result.notes)) + "\n\n")
    if findings:
        w("Findings:\n")
        for f in findings:
            w(f"  {f.format()}\n")
        w("\n")
    for artifact, figures in result.readability.items():
        w(f"Readability of {artifact} (targets: FK grade ≤ 5, Reading Ease ≥ 75, "
          "average sentence ≤ 14 words, longest ≤ 25):\n")
        for f in figures:
            mark = "  " if not f.misses() else "✗ "
            w(f"  {mark}{f.section[:48]:<48} grade {f.fk_grade:4.1f}  ease {f.reading_ease:5.1f}  "
              f"avg {f.avg_sentence:4.1f}  max {f.longest:2d}  ({f.words} words)\n")
        w("\n")
    for t, why in result.skipped:
        w(f"Not written: {t.stem}.{t.format} — {why}; the previous file in {cfg.out} is kept\n")
    w(f"Artifacts written: {len(result.written)} of {len(result.targets)} "
      f"({result.cached} unchanged, not rendered again) in {result.seconds:.1f} s → {cfg.out}\n")
    for e in result.written:
        w(f"  {e['path']}  {e['bytes'] / 1024:,.0f} KB\n")
    if result.coverage:
        w("Translation coverage (segments):\n")
        for (edition, lang), cov in sorted(result.coverage.items()):
            w(f"  {lang:8} {edition:9} " + "  ".join(
                f"{s} {cov.counts[s]:4d} ({cov.percent(s):3.0f} %)" for s in STATUSES) + "\n")
    if result.browser.get("ran"):
        w(f"Browser checks: axe-core {result.browser.get('axe')} in Chromium on "
          f"{result.browser.get('pages')} page(s): {result.browser.get('violations', 0)} "
          "violation(s)\n")
    elif not cfg.browser and result.written:
        epubs = sum(1 for e in result.written if e["format"] in ("epub", "talking-book"))
        w("Browser checks skipped (--no-browser): axe-core on the pages"
          + (f", Ace on the {epubs} EPUB(s)" if epubs else "") + ".\n")
    excepted = sum(1 for f in result.findings if f.level == "excepted")
    w(f"Editor notes: {len(result.notes)}. Findings: {len(result.errors)} errors, "
      f"{len(result.warnings)} warnings" + (f", {excepted} excepted (reviewed)" if excepted else "")
      + ".\n")


def write_reports(result: BuildResult, cfg: BuildConfig) -> None:
    data = {
        "artifacts": result.written,
        "browser": result.browser,
        "coverage": {f"{lang}/{edition}": dict(cov.counts)
                     for (edition, lang), cov in sorted(result.coverage.items())},
        "skipped": [{"target": f"{t.stem}.{t.format}", "reason": why} for t, why in result.skipped],
        "findings": [f.as_dict() for f in result.findings],
        "editor_notes": [{"kind": n.kind, "text": n.text, "file": n.loc.path, "line": n.loc.line}
                         for n in result.notes],
        "seconds": round(result.seconds, 2),  # wall clock, and per stage summed over workers
        "timings": {k: round(v, 2) for k, v in sorted(result.timings.items())},
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write(cfg.out / "reports" / "build.json", text.encode("utf-8"))
    by_rule: dict[str, int] = {}
    for f in result.findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    report = {
        "artifacts_checked": len(result.written),
        "browser": result.browser,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "excepted": sum(1 for f in result.findings if f.level == "excepted"),
        "rules": [{"id": r.id, "level": r.level, "status": r.status, "how": r.how,
                   "fix": r.fix, "checked_by": [where(fn) for fn in r.checks],
                   "findings": by_rule.get(r.id, 0)}
                  for r in rules().values()],
        "findings": [f.as_dict() for f in result.findings],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    atomic_write(cfg.out / "reports" / "accessibility.json", text.encode("utf-8"))
    if result.meta is None:
        return
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    groups: dict[str, list] = {}
    for f in sorted(report["findings"], key=lambda f: (f["level"] != "error", f["rule"])):
        groups.setdefault(f["rule"], []).append(f)
    env = Environment(loader=FileSystemLoader([str(d) for d in cfg.layout_dirs]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.get_template("report/accessibility.html.j2").render(
        report=report, groups=sorted(groups.items()), meta=result.meta,
        css=cfg.layout("html/style.css").read_text(encoding="utf-8"))
    atomic_write(cfg.out / "reports" / "accessibility.html", html.encode("utf-8"))


def _base_url(text: str) -> str:
    if not text:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"--base-url must be an http(s) address such as "
                         f"https://example.org/plan/, not {text!r}")
    return text if text.endswith("/") else text + "/"


def _shard(text: str) -> tuple[int, int]:
    try:
        i, n = (int(x) for x in text.split("/"))
        if 1 <= i <= n:
            return i, n
    except ValueError:
        pass
    raise ValueError(f"--shard must be I/N with 1 ≤ I ≤ N, not {text!r}")


def merge(cfg: BuildConfig, dirs: list[str]) -> int:
    """Join shards (editions/merge.py: every entry, path and file checked; caches never
    unpickled; nothing written when a shard is bad)."""
    return merge_shards(cfg, dirs)


def main(argv: list[str] | None = None) -> int:
    """The command line. Whatever goes wrong ends in a message, never a traceback: content
    errors are findings, environment problems (a full disk, an unwritable --out) are one line
    naming the path, and a bug in editions says so and where its details are."""
    args = parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    except Busy as exc:
        print(f"build.py: {exc} — wait for it, or build into another folder with --out",
              file=sys.stderr)
        return 1
    except OSError as exc:  # the machine, not the content: disk full, permissions, …
        where = f" {exc.filename}" if exc.filename else ""
        print(f"build.py: cannot write or read{where}: {exc.strerror or exc} — free space "
              "or fix the folder's permissions, then build again (files already published "
              "are kept)", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in editions: a short message; the details in a file
        return crashed(args, exc)


def crashed(args, exc: Exception) -> int:
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    fd, path = tempfile.mkstemp(prefix="editions-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"build.py: internal error: {type(exc).__name__}: {str(exc)[:200]} — this is a bug "
          f"in editions, not in your content; please report it with {path}", file=sys.stderr)
    return 70


def run(args) -> int:
    root = args.root.resolve()
    try:
        epoch = source_date_epoch_from_env()
        shard, base_url = _shard(args.shard), _base_url(args.base_url)
    except ValueError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
    out = (args.out or root / "dist").resolve()
    if out.exists() and not out.is_dir():
        print(f"build.py: --out {out} is a file, not a folder — give a folder for the build",
              file=sys.stderr)
        return 2
    cfg = BuildConfig(
        root=root, out=out, editions=_split(args.edition),
        langs=_split(args.lang), presentations=_split(args.presentation),
        formats=_split(args.format), strict=args.strict,
        strict_translations=args.strict_translations, browser=not args.no_browser,
        jobs=max(1, args.jobs), shard=shard, base_url=base_url,
        source_date_epoch=epoch, publications=_split(args.publication))
    if args.command == "new":
        if not 1 <= len(args.args) <= 2:
            print("usage: build.py new ID [TITLE]", file=sys.stderr)
            return 2
        return new(root, *args.args, say=lambda text: print(text, file=sys.stderr))
    if args.command == "rules":  # the rules list (docs/RULES.md), from the rules and the code
        print(rules_markdown(), end="")
        return 0
    if args.command == "request":
        return request(cfg)
    if args.command in ("notes", "check"):
        configs, found = choose(cfg)
        for f in found:
            print(f.format(), file=sys.stderr)
        status = 1 if found or not configs else 0
        for pcfg in configs:
            status |= notes(pcfg) if args.command == "notes" else check_existing(pcfg)
        return status
    if args.command == "merge":
        with exclusive(cfg.out, say=_say):
            return merge(cfg, args.args)
    if args.command == "serve":
        return serve(cfg, args.args)
    if args.command == "i18n":
        return i18n_main(cfg, args.args)
    if not os.access(cfg.out.parent if not cfg.out.exists() else cfg.out, os.W_OK):
        print(f"build.py: cannot write to {cfg.out} — choose a folder you may write to with "
              "--out", file=sys.stderr)
        return 1
    with exclusive(cfg.out, say=_say):
        result = build(cfg, progress=Progress())
        report(result, cfg, args.quiet)
        write_reports(result, cfg)
        if not (cfg.editions or cfg.langs or cfg.presentations or cfg.formats):
            for pcfg, part in result.parts or [(cfg, result)]:
                if part.written and part.meta:
                    write_statement(pcfg, part, part.meta)
    failed = not result.ok or (cfg.strict and result.warnings)
    if not result.targets and not result.errors:
        print("Nothing matched the options: check --edition, --lang, --presentation, --format.")
        return 1
    return 1 if failed else 0


def notes(cfg: BuildConfig) -> int:
    """`build.py notes`: the editor notes of one publication."""
    try:
        src, _ = load(cfg)
    except ContentError as exc:
        print(exc.finding.format(), file=sys.stderr)
        return 1
    print("\n".join(_notes_lines(src.doc.notes)))
    return 0


def check_existing(cfg: BuildConfig) -> int:
    """Check the artifacts listed in dist/manifest.json again (editions/recheck.py)."""
    return recheck(cfg)
