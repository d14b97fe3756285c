"""`python build.py request --edition E --lang L --format F [--presentation P]`: one artifact for
one reader, made and checked in seconds, and nothing else (no site pages, no manifest).

Any edition × language × presentation × format a writer makes, whether or not the edition
lists that format in publication.yaml (the full plan as audio, say). The file is written to
dist/requests/… (the same path it would have on the site, under requests/), after the same
checks as in a build; a file whose checks find an error is not kept."""

from __future__ import annotations

import dataclasses
import time

from .checks.epub_build import verify
from .config import BuildConfig
from .findings import ContentError, Finding
from .incremental import build_stamp
from .pipeline import load
from .publications import choose
from .render import _Job
from .select import Target
from .site import audio_length, braille_pages
from .writers import REGISTRY


def _one(values: tuple[str, ...], what: str, choices: list[str]) -> tuple[str, str]:
    """(value, "") or ("", the problem)."""
    if len(values) == 1 and values[0] in choices:
        return values[0], ""
    given = f" ({', '.join(values)})" if values else ""
    return "", f"give exactly one --{what}{given}, one of: {', '.join(choices)}"


def request(cfg: BuildConfig, say=print) -> int:
    """Make the one artifact; 0 when it was written and its checks found no error."""
    started = time.perf_counter()
    configs, found = choose(cfg)
    if len(configs) != 1:
        ids = ", ".join(c.publication for c in choose(dataclasses.replace(
            cfg, publications=()))[0])
        return _refuse(say, [*found, Finding("C02", "error", "a request is for one publication",
                                             f"give --publication, one of: {ids}")])
    pcfg = dataclasses.replace(configs[0], out=cfg.out / "requests", jobs=1, browser=False)
    try:
        src, used = load(pcfg)
    except ContentError as exc:
        return _refuse(say, [exc.finding])
    specs = {e.id: e for e in src.editions}
    edition, why = _one(cfg.editions, "edition", list(specs))
    if why:
        return _refuse(say, [Finding("C02", "error", "which edition?", why)])
    spec = specs[edition]
    problems = []
    lang, why = _one(cfg.langs, "lang", spec.languages)
    problems += [why] if why else []
    default = pcfg.default_presentation
    presentation, why = _one(cfg.presentations or (default,), "presentation",
                             spec.presentations)
    problems += [why] if why else []
    fmt, why = _one(cfg.formats, "format", list(REGISTRY))
    problems += [why] if why else []
    if problems:
        return _refuse(say, [Finding("C02", "error", "which artifact?", p) for p in problems])
    target = Target(edition, lang, presentation, fmt, pcfg.site_rel, presentation == default)
    date = pcfg.timestamp(src.doc.meta.date).isoformat()
    broken = {k for k in src.broken if not k.startswith("content/")} & used
    job = _Job(pcfg, src, specs, date, set(), broken, stamp=build_stamp(pcfg))
    outcome = job.render(target)
    findings = [f for f in [*src.findings, *outcome.findings, *outcome.coverage_findings]
                if f.level in ("error", "warning")]
    for f in findings:
        say(f.format())
    if outcome.withheld or not outcome.entry:
        why = "nothing of it is translated yet" if outcome.withheld else outcome.skipped
        say(f"Not made: {target.stem}.{fmt} — {why}")
        return 1
    path = pcfg.out / outcome.entry["path"]
    if fmt in ("epub", "talking-book"):  # EPUBCheck and Ace, as a build runs them
        tools = verify(pcfg.out, [outcome.entry], {})
        for f in tools:
            say(f.format())
        if any(f.level == "error" for f in tools):
            path.unlink(missing_ok=True)
            say(f"Not kept: {path} — EPUBCheck or Ace found errors")
            return 1
    say(f"{path}  {describe(path, fmt)}  ({time.perf_counter() - started:.1f} s)")
    return 0


def describe(path, fmt: str) -> str:
    """Size, and a braille file's pages or an audio file's length and chapters."""
    size = path.stat().st_size
    text = f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"
    if fmt == "brf":
        text += f", {braille_pages(path)} braille pages"
    if fmt == "mp3":
        minutes, chapters = audio_length(path)
        text += f", {minutes} minutes, {chapters} chapters"
    return text


def _refuse(say, findings: list[Finding]) -> int:
    for f in findings:
        say(f.format())
    return 1 if any(f.level == "error" for f in findings) else 0
