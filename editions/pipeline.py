"""The build: read → transforms → select → write → check, for every requested artifact.

`build_publication` runs one publication's stages: plan (read the content, check it, list the
targets), render (pool.py runs render.py's job for each target: select, write, check, publish),
publish the manifest and the site pages, verify (verify.py: the site, the browser, the EPUB
tools). incremental.py decides what need not be made again."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from . import transforms
from .checks.content import draft_marks
from .config import BuildConfig
from .data import data_files
from .findings import ContentError, Finding, apply_exceptions
from .incremental import build_key, build_stamp, last_build, load_cache, remember, save_cache
from .pool import run_all
from .project import build as build_project
from .read import Source, read
from .render import _Job, sources_of
from .results import BuildResult, Outcome
from .rules import rule_check
from .select import Target, targets
from .terms import acronyms
from .timing import timed
from .verify import publish_site, start_epub_tools, verify
from .writers import REGISTRY

Progress = Callable[[int, int, Target], None]


def load(cfg: BuildConfig) -> tuple[Source, set[str]]:
    """Read and transform the content source."""
    src = read(cfg.root, cfg.content_rel, cfg.default_presentation)
    before = len(src.findings)
    used = transforms.run(src.doc, src.data, src.findings)
    # a directive that could not be expanded: its file is broken like a reading error
    src.broken |= {f.loc.path for f in src.findings[before:] if f.level == "error" and f.loc}
    return src, used


@rule_check("H19")
def content_checks(src: Source) -> list[Finding]:
    """Checks on the content itself, once per build: acronyms the glossary does not define
    (H19), placeholders and comment debris that would be published (E02, E04)."""
    defined = {t.abbr or t.term for t in src.data.terms} | {t.term for t in src.data.terms}
    defined |= set(src.data.not_acronyms)
    out = []
    for acronym, loc in sorted(acronyms(src.doc.sections).items()):
        if acronym not in defined:
            out.append(Finding("H19", "warning", f"acronym {acronym} is not in the glossary",
                               "add it to the glossary (data/glossary.yaml) if the publication explains it, "
                               "or spell it out at first use", loc))
    return out + draft_marks(src.doc.sections)


def build(cfg: BuildConfig, progress: Progress | None = None) -> BuildResult:
    """Build the project: each publication (project.py), then, with several, the site home."""
    return build_project(cfg, progress, build_publication)


def build_publication(cfg: BuildConfig, progress: Progress | None = None) -> BuildResult:
    """Build one publication: plan → render → publish (manifest, site pages) → verify."""
    started = time.perf_counter()
    result = BuildResult()
    if not cfg.layout("html/page.html.j2").is_file():
        result.findings.append(Finding("C21", "error", f"the layouts are missing (looked in "
                                       f"{', '.join(map(str, cfg.layout_dirs))})",
                                       "reinstall editions, or give the project a layouts/ "
                                       "folder with html/page.html.j2"))
        return result
    stamp = build_stamp(cfg)
    options, whole = build_key(cfg, stamp)
    cache = load_cache(cfg)
    previous = last_build(cfg, cache, options, whole)
    if previous is not None:  # nothing that shapes any artifact changed since the last build
        previous.seconds = time.perf_counter() - started
        return previous

    job = plan(cfg, result, stamp, cache)
    if job is None:  # publication.yaml itself is unreadable: nothing can be built
        result.seconds = time.perf_counter() - started
        return result
    render_all(job, result, cache, progress)
    tools = start_epub_tools(cfg, result, cache)  # beside the site pages and the browser
    publish_site(cfg, job.src, result)
    verify(cfg, job.src, result, cache, tools)

    result.findings = apply_exceptions(result.findings, job.src.data.exceptions)
    result.seconds = time.perf_counter() - started
    remember(cache, options, whole, result)
    save_cache(cfg, cache)
    if progress:
        progress(len(result.targets), len(result.targets), None)  # type: ignore[arg-type]
    result.seconds = time.perf_counter() - started
    return result


def plan(cfg: BuildConfig, result: BuildResult, stamp: str, cache: dict) -> _Job | None:
    """Read the content, check it, list the targets (this shard's): the job that renders them.
    None when publication.yaml itself cannot be read (its finding is in the result)."""
    try:
        with timed(result.timings, "read"):
            src, used = load(cfg)
    except ContentError as exc:
        result.findings.append(exc.finding)
        return None
    result.findings.extend(src.findings)
    found = content_checks(src)  # placeholders would be published: their files count as broken
    result.findings.extend(found)
    kinds = data_files(cfg.content_rel)
    src.broken |= {kinds.get(f.loc.path, f.loc.path) for f in found
                   if f.level == "error" and f.loc}
    result.notes = src.doc.notes
    result.reading = {e.id: e.reading for e in src.editions}
    result.meta = src.doc.meta
    for spec in src.editions:  # a format no writer makes would be left out without a word
        for fmt in sorted(set(spec.formats) - set(REGISTRY)):
            result.findings.append(Finding(
                "C02", "error", f"edition {spec.id!r} asks for the format {fmt!r}, which "
                "editions does not make", f"use: {', '.join(REGISTRY)}", spec.loc))
    result.targets = targets(src.editions, set(REGISTRY), cfg.editions, cfg.langs,
                             cfg.presentations, cfg.formats, cfg.site_rel,
                             default=cfg.default_presentation)
    i, n = cfg.shard
    result.targets = [t for k, t in enumerate(result.targets) if k % n == i - 1]
    specs = {e.id: e for e in src.editions}
    date = cfg.timestamp(src.doc.meta.date).isoformat()
    parsed = sources_of(src.doc.sections)
    unplaced = {p for p in src.broken if p.startswith("content/") and p not in parsed}
    broken_data = {k for k in src.broken if not k.startswith("content/")} & used
    return _Job(cfg, src, specs, date, unplaced, broken_data, stamp=stamp,
                cache={k: v for k, v in cache.items() if not k.startswith("browser")})


def render_all(job: _Job, result: BuildResult, cache: dict, progress: Progress | None) -> None:
    """Every target, in the worker pool; their outcomes into the result and the cache."""
    outcomes: list[Outcome] = run_all(job, result.targets, job.cfg.jobs, progress)
    result.cached = sum(1 for o in outcomes if o.cached)
    for t, o in zip(result.targets, outcomes, strict=True):
        if o.entry and not o.skipped:
            cache[f"{t.stem}.{t.format}"] = dataclasses.replace(o, cached=False)
    for t, o in zip(result.targets, outcomes, strict=True):
        for stage, sec in o.seconds.items():
            result.timings[stage] = result.timings.get(stage, 0.0) + sec
        result.findings.extend(f for f in o.findings if f not in result.findings)
        if o.coverage is not None and (t.edition, t.lang) not in result.coverage:
            result.coverage[(t.edition, t.lang)] = o.coverage
            result.findings.extend(o.coverage_findings)
        if o.skipped:
            result.skipped.append((t, o.skipped))
        if o.entry:
            result.written.append(o.entry)
        if o.readability is not None:
            result.readability[o.entry["path"]] = o.readability
    result.targets = [t for t, o in zip(result.targets, outcomes, strict=True) if not o.withheld]
