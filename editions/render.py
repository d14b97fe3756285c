"""One target, start to finish: select its edition, write it, check it in the staging folder,
publish it if its checks find no error. Runs in the build's worker processes (pool.py) and for
`build.py request` (request.py)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .checks import check_artifact, reads_layout
from .checks.content import draft_marks
from .checks.html_reading import readability
from .config import BuildConfig
from .findings import ContentError, Finding, apply_exceptions
from .i18n import SOURCE_LANG, language_name
from .incremental import edition_digest, input_key, unchanged
from .languages import Languages
from .output import atomic_write, entry
from .pdf.reader import PdfFile
from .read import Source
from .readability import formula_applies
from .results import Outcome
from .rules import rule_check
from .select import Target, copy_sections
from .timing import timed
from .writers import get_writer

STAGING = ".staging"  # artifacts wait here (same folder tree) until their checks pass


@rule_check("T07")
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
    source = language_name(ed.meta.lang, SOURCE_LANG)  # the finding is in English
    for status, items in (("stale", cov.stale), ("untranslated", cov.untranslated)):
        if items:
            first = ", ".join(seg for seg, _ in items[:3])
            out.append(Finding("T07", level, f"{t.edition} ({t.lang}): {len(items)} {status} "
                               f"segment(s) shown in {source}, e.g. {first}",
                               f"translate them in translations/{t.lang}/{catalog} "
                               f"(python build.py i18n update marks changed {source} as "
                               "stale)", items[0][1]))
    return out


def sources_of(sections: list[m.Section]) -> set[str]:
    """The content files the sections' headings come from."""
    return {s.heading.loc.path for top in sections for s in top.walk() if s.heading.loc}


@dataclass
class _Job:
    """Everything a worker needs; given to each spawned worker once (pool.py)."""

    cfg: BuildConfig
    src: Source
    specs: dict
    date: str
    unplaced: set[str]
    broken_data: set[str]
    stamp: str = ""  # digest of code, layouts, assets and tool versions
    cache: dict = field(default_factory=dict)  # target → last Outcome
    languages: Languages | None = None
    # the last selection, shared by the formats of one edition, language and presentation
    selected: tuple | None = None

    def select(self, t: Target):
        """The selected edition for a target, its translation reader and its input digest.
        A PDF, DOCX and HTML of the same edition, language and presentation are rendered one
        after another (`pool.groups`), so the selection is made once and shared: read-only
        until `render` gives the writer its own copy of the sections."""
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

    def render(self, t: Target) -> Outcome:
        cfg, src = self.cfg, self.src
        o = Outcome()
        with timed(o.seconds, "select"):
            ed, reader, digest = self.select(t)
            key = input_key(t, digest)
        hit = self.cache.get(f"{t.stem}.{t.format}")
        if hit is not None and hit.key == key and hit.entry and unchanged(cfg, hit.entry):
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
        bad = (sources_of(ed.sections) & src.broken) | self.unplaced
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
        with timed(o.seconds, f"write {t.format}"):
            written = self.write(writer, t, ed, staged, o)
        if written is None:
            return o
        data, opened = written
        with timed(o.seconds, f"check {t.format}"):
            try:
                if t.format == "html" and ed.reading == "child-friendly" and \
                        formula_applies(t.lang):
                    o.readability = readability(staged, t.lang)
                o.findings.extend(check_artifact(t.format, staged, cfg.out / STAGING, ed,
                                                 src.doc.notes, opened))
            except Exception as exc:  # a checker bug is an error, never a silent pass
                o.findings.append(Finding("W02", "error", f"{t.format} checks failed: {exc!r}",
                                          "report this as a bug in editions",
                                          artifact=artifact))
            finally:
                if opened is not None:  # check_artifact closes it; not if it never ran
                    opened.close()
        if any(f.level == "error" for f in apply_exceptions(o.findings, src.data.exceptions)):
            staged.unlink(missing_ok=True)  # a failing artifact is not published
            o.skipped = "its checks found errors"
            o.readability = None
            return o
        publish(staged, path)
        o.entry = entry(cfg.out, path, t.edition, t.lang, t.presentation, t.format, data,
                        ed.summary)
        return o

    def write(self, writer, t: Target, ed, staged: Path, o: Outcome
              ) -> tuple[bytes, PdfFile | None] | None:
        """The writer's bytes, staged, and its reading of them for the checks (a PDF's: the
        reader the repair pass read it with, `write_open`); None when it refused or failed
        (said in `o`)."""
        artifact = f"{t.stem}.{writer.extension}"
        opened = None
        try:
            if hasattr(writer, "write_open"):
                data, opened = writer.write_open(ed, self.cfg, reads_layout(ed))
            else:
                data = writer.write(ed, self.cfg)
        except ContentError as exc:  # the writer refuses (an unsupported tool release)
            o.findings.append(exc.finding)
            o.skipped = f"the {t.format} writer refused ({exc.finding.rule})"
            return None
        except Exception as exc:  # a writer bug must not stop the other artifacts
            o.findings.append(Finding("W01", "error", f"{t.format} writer failed: {exc!r}",
                                      "report this as a bug in editions", artifact=artifact))
            o.skipped = "writer failed"
            return None
        try:
            atomic_write(staged, data)
        except BaseException:
            if opened is not None:
                opened.close()
            raise
        return data, opened


def publish(staged: Path, path: Path) -> None:
    """Move a checked artifact into place atomically; a file already holding the same bytes is
    left alone (its time stamp too), like output.atomic_write."""
    if path.is_file() and path.stat().st_size == staged.stat().st_size and \
            path.read_bytes() == staged.read_bytes():
        staged.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, path)
