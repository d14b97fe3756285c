"""The build: read → transforms → select → write → check, for every requested artifact."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from . import transforms
from .checks import check_artifact
from .checks.content import draft_marks
from .config import TOOL, BuildConfig
from .data import data_files
from .findings import ContentError, Finding
from .i18n import SOURCE_LANG, ContentCatalog, Translator, gettext_for
from .markdown import MarkdownReader
from .output import atomic_write, entry, write_manifest
from .read import Source, read
from .select import Target, copy_sections, select, summarise, targets
from .writers import REGISTRY, get_writer


@dataclass
class BuildResult:
    targets: list[Target] = field(default_factory=list)
    written: list[dict] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[m.Note] = field(default_factory=list)
    readability: dict[str, list] = field(default_factory=dict)  # artifact -> Figures per section
    coverage: dict[tuple[str, str], object] = field(default_factory=dict)  # (edition, lang)
    audiences: dict[str, str] = field(default_factory=dict)  # edition id → its audience
    browser: dict = field(default_factory=dict)  # what the browser checks ran, with versions
    site: list[str] = field(default_factory=list)  # site pages written (home, downloads, …)
    cached: int = 0  # artifacts whose inputs had not changed (not rendered again)
    meta: m.Meta | None = None  # the publication's metadata (None when it could not be read)
    seconds: float = 0.0
    # where the time went: seconds per stage, summed over the worker processes ("write pdf",
    # "check pdf", "select", "site", …): what bench/bench.py reports
    timings: dict[str, float] = field(default_factory=dict)
    # a project of several publications: each one's configuration and own result
    parts: list[tuple[BuildConfig, BuildResult]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.skipped and len(self.written) == len(self.targets)


def load(cfg: BuildConfig) -> tuple[Source, set[str]]:
    """Read and transform the content source."""
    src = read(cfg.root, cfg.content_rel)
    before = len(src.findings)
    used = transforms.run(src.doc, src.data, src.findings)
    # a directive that could not be expanded: its file is broken like a reading error
    src.broken |= {f.loc.path for f in src.findings[before:] if f.level == "error" and f.loc}
    return src, used


class Languages:
    """Per-language catalogs, loaded once per build."""

    def __init__(self, cfg: BuildConfig):
        self.cfg = cfg
        self._content: dict[str, ContentCatalog] = {}
        self._gettext: dict[str, object] = {}

    def gettext(self, lang: str):
        if lang not in self._gettext:
            self._gettext[lang] = gettext_for(self.cfg.root, lang)
        return self._gettext[lang]

    def select(self, src: Source, spec, lang: str, presentation: str, date: str):
        """The one way to select an edition in a language: translated, with its interface
        strings. Returns the EditionDoc and the reader that parsed the translations (findings)."""
        translator, reader = self.translator(lang)
        ed = select(src.doc, src.data, spec, lang, presentation, date, translator=translator,
                    gettext=self.gettext(lang))
        if ed.coverage is not None and ed.coverage.translated < spec.publish_at:
            summarise(ed)  # too little translated to publish as the edition
        return ed, reader

    def translator(self, lang: str) -> tuple[Translator | None, MarkdownReader | None]:
        if lang == SOURCE_LANG:
            return None, None
        reader = MarkdownReader(root=self.cfg.root,
                                path=f"translations/{lang}/{self.cfg.catalog}")
        return Translator(self.content(lang), reader.inline_text, reader.findings), reader

    def content(self, lang: str) -> ContentCatalog:
        """The language's content catalog, read once per build."""
        if lang not in self._content:
            self._content[lang] = ContentCatalog.load(self.cfg.root, lang, self.cfg.catalog)
        return self._content[lang]


def translation_findings(t: Target, ed, strict: bool, catalog: str = "content.po"
                         ) -> list[Finding]:
    """T07: stale or untranslated text is shown in English with a note — or, with
    --strict-translations, fails the build."""
    out = []
    cov = ed.coverage
    level = "error" if strict else "warning"
    if ed.summary:  # nothing is shown in English: the untranslated part is left out
        first = (cov.untranslated or cov.stale or [("", None)])[0]
        if not ed.sections:
            return [Finding("T07", "warning", f"nothing of {t.edition} is translated into "
                            f"{t.lang} yet: it is not published in {t.lang}",
                            f"translate it in translations/{t.lang}/{catalog} (python build.py "
                            "i18n update adds every segment)", first[1])]
        return [Finding("T07", level, f"{t.edition} ({t.lang}) is {cov.translated:.0f} % "
                        f"translated, under its publish_at ({ed.spec.publish_at} %): published "
                        f"as a summary; {len(cov.untranslated) + len(cov.stale)} untranslated "
                        "or stale segment(s) left out", f"translate them in translations/"
                        f"{t.lang}/{catalog}, or lower publish_at in publication.yaml", first[1])]
    for status, items in (("stale", cov.stale), ("untranslated", cov.untranslated)):
        if items:
            first = ", ".join(seg for seg, _ in items[:3])
            out.append(Finding("T07", level, f"{t.edition} ({t.lang}): {len(items)} {status} "
                               f"segment(s) shown in English, e.g. {first}",
                               f"translate them in translations/{t.lang}/{catalog} "
                               "(python build.py i18n update marks changed English as stale)",
                               items[0][1]))
    return out


def apply_exceptions(findings: list[Finding], exceptions) -> list[Finding]:
    """Findings covered by a reviewed exception stay listed, as `excepted`, with the reason."""
    from fnmatch import fnmatch

    out = []
    for f in findings:
        hit = next((e for e in exceptions if e.rule == f.rule and (
            not e.artifact or fnmatch(f.artifact or "", e.artifact))), None)
        out.append(f if hit is None else dataclasses.replace(
            f, level="excepted", fix=f"accepted: {hit.reason} ({hit.loc})"))
    return out


def content_checks(src: Source) -> list[Finding]:
    """Checks on the content itself, once per build: acronyms the glossary does not define
    (H19), placeholders and comment debris that would be published (E02, E04)."""
    from .terms import acronyms

    defined = {t.abbr or t.term for t in src.data.terms} | {t.term for t in src.data.terms}
    defined |= set(src.data.not_acronyms)
    out = []
    for acronym, loc in sorted(acronyms(src.doc.sections).items()):
        if acronym not in defined:
            out.append(Finding("H19", "warning", f"acronym {acronym} is not in the glossary",
                               "add it to the glossary (data/glossary.yaml) if the publication explains it, "
                               "or spell it out at first use", loc))
    return out + draft_marks(src.doc.sections)


def _sources_of(sections: list[m.Section]) -> set[str]:
    return {s.heading.loc.path for top in sections for s in top.walk() if s.heading.loc}


@dataclass
class _Outcome:
    """What rendering one target produced (returned from a worker process)."""

    entry: dict | None = None
    skipped: str = ""
    findings: list[Finding] = field(default_factory=list)
    coverage: object = None
    coverage_findings: list[Finding] = field(default_factory=list)
    readability: list | None = None
    key: str = ""  # input hash: the same inputs give the same artifact (incremental builds)
    cached: bool = False
    withheld: bool = False  # nothing of it is translated (publish_at): not an artifact
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, this rendering only


@dataclass
class _Job:
    """Everything a worker needs; inherited by forked workers, never pickled."""

    cfg: BuildConfig
    src: Source
    specs: dict
    date: str
    unplaced: set[str]
    broken_data: set[str]
    stamp: str = ""  # digest of code, layouts, assets and tool versions
    cache: dict = field(default_factory=dict)  # target → last _Outcome
    languages: Languages | None = None
    # the last selection, shared by the formats of one edition, language and presentation
    selected: tuple | None = None

    def select(self, t: Target):
        """The selected edition for a target, its translation reader and its input digest.
        A PDF, DOCX and HTML of the same edition, language and presentation are rendered one
        after another (`groups`), so the selection is made once and shared: read-only until
        `render` gives the writer its own copy of the sections."""
        group = (t.edition, t.lang, t.presentation)
        if self.selected is None or self.selected[0] != group:
            if self.languages is None:
                self.languages = Languages(self.cfg)
            ed, reader = self.languages.select(self.src, self.specs[t.edition], t.lang,
                                               t.presentation, self.date)
            if reader is not None:  # a translation's own placeholders: once per selection
                reader.findings.extend(draft_marks(ed.sections))
            self.selected = (group, ed, reader, edition_digest(ed, self.stamp))
        return self.selected[1:]

    def render(self, t: Target) -> _Outcome:
        cfg, src = self.cfg, self.src
        o = _Outcome()
        with _timed(o.seconds, "select"):
            ed, reader, digest = self.select(t)
            key = input_key(t, digest)
        hit = self.cache.get(f"{t.stem}.{t.format}")
        if hit is not None and hit.key == key and hit.entry and _unchanged(cfg, hit.entry):
            hit.cached = True
            hit.seconds = o.seconds
            return hit
        if reader is not None:  # a translation: its own parse errors and placeholders
            o.findings.extend(reader.findings)
        o.key = key
        if ed.coverage is not None:
            o.coverage = ed.coverage
            o.coverage_findings = translation_findings(t, ed, cfg.strict_translations,
                                                      cfg.catalog)
            if ed.summary and not ed.sections:  # nothing translated: nothing to publish
                o.withheld = True
                return o
        bad = (_sources_of(ed.sections) & src.broken) | self.unplaced
        if bad or self.broken_data:
            o.skipped = f"content errors in {', '.join(sorted(bad | self.broken_data))}"
            return o
        try:
            writer = get_writer(t.format)
        except ImportError as exc:  # a tool from Debian (liblouis for braille) is missing
            o.findings.append(Finding(
                "W03", "error", f"the {t.format} writer needs {exc.name or exc}, which is not "
                "installed: no file", "run scripts/setup.sh (as root it installs the Debian "
                "packages; otherwise it prints the apt-get line)", artifact=f"{t.stem}.{t.format}"))
            o.skipped = f"the {t.format} writer's tools are missing"
            return o
        path = cfg.out / f"{t.stem}.{writer.extension}"
        artifact = path.relative_to(cfg.out).as_posix()
        staged = cfg.out / STAGING / artifact  # checked here first, published if it passes
        # writers and their transforms may change the sections: each gets its own copy
        ed = dataclasses.replace(ed, sections=copy_sections(ed.sections))
        with _timed(o.seconds, f"write {t.format}"):
            try:
                data = writer.write(ed, cfg)
            except ContentError as exc:  # the writer refuses (an unsupported tool release)
                o.findings.append(exc.finding)
                o.skipped = f"the {t.format} writer refused ({exc.finding.rule})"
                return o
            except Exception as exc:  # a writer bug must not stop the other artifacts
                o.findings.append(Finding("W01", "error", f"{t.format} writer failed: {exc!r}",
                                          "report this as a bug in editions", artifact=artifact))
                o.skipped = "writer failed"
                return o
            atomic_write(staged, data)
        with _timed(o.seconds, f"check {t.format}"):
            try:
                if t.format == "html" and ed.audience == "young" and t.lang.startswith("en"):
                    from .checks.html import readability

                    o.readability = readability(staged, t.lang)
                o.findings.extend(check_artifact(t.format, staged, cfg.out / STAGING, ed,
                                                 src.doc.notes))
            except Exception as exc:  # a checker bug is an error, never a silent pass
                o.findings.append(Finding("W02", "error", f"{t.format} checks failed: {exc!r}",
                                          "report this as a bug in editions",
                                          artifact=artifact))
        if any(f.level == "error" for f in apply_exceptions(o.findings, src.data.exceptions)):
            staged.unlink(missing_ok=True)  # a failing artifact is not published
            o.skipped = "its checks found errors"
            o.readability = None
            return o
        publish(staged, path)
        o.entry = entry(cfg.out, path, t.edition, t.lang, t.presentation, t.format, data,
                        ed.summary)
        return o


_JOB: _Job | None = None
STAGING = ".staging"  # artifacts wait here (same folder tree) until their checks pass


def publish(staged: Path, path: Path) -> None:
    """Move a checked artifact into place atomically; a file already holding the same bytes is
    left alone (its time stamp too), like output.atomic_write."""
    if path.is_file() and path.stat().st_size == staged.stat().st_size and \
            path.read_bytes() == staged.read_bytes():
        staged.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, path)


CACHE = ".cache/targets.json"  # JSON through cachefile.py: never pickle


def _digest_tree(*roots: Path) -> str:
    h = hashlib.sha256()
    for root in roots:
        for f in sorted(root.rglob("*")) if root.is_dir() else []:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def build_stamp(cfg: BuildConfig) -> str:
    """Everything besides the content that shapes an artifact: code, layouts, assets, tools."""
    from importlib.metadata import version

    tools = [version(p) for p in ("weasyprint", "python-docx", "pikepdf", "Jinja2", "Babel",
                                   "markdown-it-py", "textstat")]
    try:  # the braille tables and Chinese segmentation shape the BRF files
        from .braille import segmenter
        from .braille import version as liblouis

        tools += [liblouis(), segmenter()]
    except ImportError:
        tools.append("no liblouis")
    from .voices import tool_versions  # espeak-ng and ffmpeg shape the MP3s

    tools += tool_versions()
    code = Path(__file__).resolve().parent
    return hashlib.sha256("|".join([_digest_tree(code, *cfg.layout_dirs, cfg.assets,
                                                 *translation_dirs(cfg)), *tools,
                                    str(cfg.strict_translations), str(cfg.source_date_epoch)])
                          .encode()).hexdigest()


def canonical(obj) -> object:
    """A stable, process-independent form of the model (sets sorted: string hashing differs
    between processes, so a frozenset's repr does too)."""
    if dataclasses.is_dataclass(obj):
        return [type(obj).__name__, *(canonical(getattr(obj, f.name))
                                      for f in dataclasses.fields(obj))]
    if isinstance(obj, frozenset | set):
        return sorted(canonical(x) for x in obj)
    if isinstance(obj, list | tuple):
        return [canonical(x) for x in obj]
    if isinstance(obj, dict):
        return sorted((str(k), canonical(v)) for k, v in obj.items())
    return obj if isinstance(obj, str | int | float | bool | type(None)) else repr(obj)


def edition_digest(ed, stamp: str) -> str:
    """The edition as selected (text, translations, language) + the build stamp."""
    import json

    text = json.dumps([stamp, canonical(ed.spec), canonical(ed.meta), ed.date,
                       canonical(ed.sections), ed.draft], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def input_key(t: Target, digest: str) -> str:
    """A target's inputs: its edition's digest and the target (format included)."""
    return hashlib.sha256(f"{digest}|{canonical(t)}".encode()).hexdigest()


def _unchanged(cfg: BuildConfig, e: dict) -> bool:
    f = cfg.out / e["path"]
    return f.is_file() and f.stat().st_size == e["bytes"] and \
        hashlib.sha256(f.read_bytes()).hexdigest() == e["sha256"]


def load_cache(cfg: BuildConfig) -> dict:
    """The last build's cache; {} (a fresh build) when missing or not readable as ours."""
    from .cachefile import CacheError, loads

    try:
        cache = loads((cfg.out / CACHE).read_bytes())
    except (OSError, CacheError):
        return {}
    return cache if isinstance(cache, dict) else {}


def save_cache(cfg: BuildConfig, cache: dict) -> None:
    from .cachefile import dumps

    atomic_write(cfg.out / CACHE, dumps(cache))
    (cfg.out / ".cache" / "targets.pickle").unlink(missing_ok=True)  # an old build's: unread


def _epub_tools(cfg: BuildConfig, epubs: list[dict], cache: dict, timings: dict):
    """checks/epub_build.verify in a thread of its own; returns its future."""
    from concurrent.futures import ThreadPoolExecutor

    from .checks.epub_build import verify

    def run() -> list[Finding]:
        with _timed(timings, "check epub tools"):
            return verify(cfg.out, epubs, cache, cfg.jobs + 1)

    pool = ThreadPoolExecutor(1)
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future


def _render(t: Target) -> _Outcome:
    assert _JOB is not None
    return _JOB.render(t)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds the block takes to `timings[stage]` (what bench/bench.py reports)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _run_all(job: _Job, targets_: list[Target], jobs: int, progress) -> list[_Outcome]:
    """Artifacts are independent: render them in a pool of forked processes (WeasyPrint uses
    one core per document). The slowest (PDFs) start first; results keep the target order."""
    global _JOB
    n = len(targets_)
    if jobs <= 1 or n <= 1:
        out = []
        for i, t in enumerate(targets_):
            if progress:
                progress(i, n, t)
            out.append(job.render(t))
        return out
    import multiprocessing

    # "spawn", not "fork": Pango and fontconfig state copied by fork made WeasyPrint slower
    # than one process (measured); each worker gets the job once, in its initializer.
    results: dict[int, _Outcome] = {}
    try:
        with multiprocessing.get_context("spawn").Pool(jobs, initializer=_init,
                                                        initargs=(job,)) as pool:
            done = 0
            for group in pool.imap_unordered(_indexed, groups(targets_)):
                for i, o in group:
                    results[i] = o
                    if progress:
                        progress(done, n, targets_[i])
                    done += 1
    finally:
        _JOB = None
    return [results[i] for i in range(n)]


def groups(targets_: list[Target]) -> list[list[tuple[int, Target]]]:
    """Targets of one edition, language and presentation form one task (one selection),
    its PDF first; tasks with a PDF start first, the largest editions (listed first) first."""
    by: dict[tuple, list[tuple[int, Target]]] = {}
    for i, t in enumerate(targets_):
        by.setdefault((t.edition, t.lang, t.presentation), []).append((i, t))
    tasks = [sorted(g, key=lambda it: it[1].format != "pdf") for g in by.values()]
    return sorted(tasks, key=lambda g: g[0][1].format != "pdf")


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the build, not each worker


def _indexed(group: list[tuple[int, Target]]) -> list[tuple[int, _Outcome]]:
    return [(i, _render(t)) for i, t in group]


def build(cfg: BuildConfig, progress: Callable[[int, int, Target], None] | None = None
          ) -> BuildResult:
    """Build the project: each publication (project.py), then, with several, the site home."""
    from .project import build as build_project

    return build_project(cfg, progress, build_publication)


def translation_dirs(cfg: BuildConfig) -> list[Path]:
    """The interface and content catalogs a build reads: the project's, then the tool's."""
    return list(dict.fromkeys(p.resolve() for p in (cfg.root / "translations",
                                                    TOOL / "translations") if p.is_dir()))


def build_publication(cfg: BuildConfig, progress: Callable[[int, int, Target], None] | None = None
                      ) -> BuildResult:
    """Build one publication: its artifacts, its site pages, their checks."""
    started = time.perf_counter()
    result = BuildResult()
    if not cfg.layout("html/page.html.j2").is_file():
        result.findings.append(Finding("C21", "error", f"the layouts are missing (looked in "
                                       f"{', '.join(map(str, cfg.layout_dirs))})",
                                       "reinstall editions, or give the project a layouts/ "
                                       "folder with html/page.html.j2"))
        return result
    stamp = build_stamp(cfg)
    options = repr((cfg.publication, cfg.editions, cfg.langs, cfg.presentations, cfg.formats,
                    cfg.shard, cfg.browser, cfg.strict_translations, cfg.base_url))
    whole = hashlib.sha256("|".join([stamp, _digest_tree(cfg.content), options]).encode()
                           ).hexdigest()
    cache = load_cache(cfg)
    # the last build for each set of options (serve alternates web pages only / all formats)
    lasts = cache["last"] if isinstance(cache.get("last"), dict) else {}
    last = lasts.get(options)
    if last and last[0] == whole and all(_unchanged(cfg, e) for e in last[1].written):
        previous = dataclasses.replace(last[1], cached=len(last[1].written), timings={})
        previous.seconds = time.perf_counter() - started
        return previous  # nothing that shapes any artifact changed since the last build
    try:
        with _timed(result.timings, "read"):
            src, used = load(cfg)
    except ContentError as exc:  # publication.yaml itself is unreadable: nothing can be built
        result.findings.append(exc.finding)
        result.seconds = time.perf_counter() - started
        return result
    result.findings.extend(src.findings)
    found = content_checks(src)  # placeholders would be published: their files count as broken
    result.findings.extend(found)
    kinds = data_files(cfg.content_rel)
    src.broken |= {kinds.get(f.loc.path, f.loc.path) for f in found
                   if f.level == "error" and f.loc}
    result.notes = src.doc.notes
    result.audiences = {e.id: e.audience for e in src.editions}
    result.meta = src.doc.meta
    for spec in src.editions:  # a format no writer makes would be left out without a word
        for fmt in sorted(set(spec.formats) - set(REGISTRY)):
            result.findings.append(Finding(
                "C02", "error", f"edition {spec.id!r} asks for the format {fmt!r}, which "
                "editions does not make", f"use: {', '.join(REGISTRY)}", spec.loc))
    result.targets = targets(src.editions, set(REGISTRY), cfg.editions, cfg.langs,
                             cfg.presentations, cfg.formats, cfg.site_rel)
    i, n = cfg.shard
    result.targets = [t for k, t in enumerate(result.targets) if k % n == i - 1]
    specs = {e.id: e for e in src.editions}
    date = cfg.timestamp(src.doc.meta.date).isoformat()
    parsed = _sources_of(src.doc.sections)
    unplaced = {p for p in src.broken if p.startswith("content/") and p not in parsed}
    broken_data = {k for k in src.broken if not k.startswith("content/")} & used

    job = _Job(cfg, src, specs, date, unplaced, broken_data, stamp=stamp,
               cache={k: v for k, v in cache.items() if not k.startswith("browser")})
    outcomes = _run_all(job, result.targets, cfg.jobs, progress)
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
    epubs = [e for e in result.written if e["format"] in ("epub", "talking-book")]
    # EPUBCheck and Ace, once over every EPUB (cached by each file's digest), in a thread
    # beside the site pages and the browser checks: both mostly wait on Java and Chromium
    tools = _epub_tools(cfg, epubs, cache, result.timings) if epubs else None
    with _timed(result.timings, "site"):
        if result.written:
            write_manifest(cfg.out, result.written)
            from .site import write_site

            result.site = write_site(cfg, src)
    pages = [e["path"] for e in result.written if e["format"] == "html"]
    pages += [p for p in result.site if p.endswith(".html")]
    if result.site:  # the site as a whole: hreflang, unique titles, contact link, sitemap
        from .checks.site import check_site

        with _timed(result.timings, "check site"):
            try:
                result.findings.extend(check_site(
                    cfg.out, [*pages, f"{cfg.site_rel}/accessibility-statement.html"], src, cfg))
            except Exception as exc:  # a checker bug is an error, never a silent pass
                result.findings.append(Finding("W02", "error", f"site checks failed: {exc!r}",
                                               "report this as a bug in editions"))
    if pages and cfg.browser:
        from .checks.browser import check_pages

        # pages whose bytes the last browser run saw keep its findings
        seen = cache.get("browser", {})
        digest = {p: hashlib.sha256((cfg.out / p).read_bytes()).hexdigest() for p in pages}
        fresh = [p for p in pages if seen.get(p, (None,))[0] != digest[p]]
        with _timed(result.timings, "check browser"):
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
    if tools is not None:
        result.findings.extend(tools.result())
    result.findings = apply_exceptions(result.findings, src.data.exceptions)
    result.seconds = time.perf_counter() - started
    lasts.pop(options, None)
    lasts[options] = (whole, result)
    cache["last"] = dict(list(lasts.items())[-4:])
    save_cache(cfg, cache)
    if progress:
        progress(len(result.targets), len(result.targets), None)  # type: ignore[arg-type]
    result.seconds = time.perf_counter() - started
    return result
