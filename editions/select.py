"""Select stage: one edition (audience × language × presentation) out of the Document."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from . import model as m
from .data import EditionSpec


@dataclass(frozen=True, slots=True)
class Target:
    """One artifact to write: an edition in a language, presentation and format."""

    edition: str
    lang: str
    presentation: str
    format: str

    @property
    def stem(self) -> str:
        suffix = "" if self.presentation == "standard" else f"-{self.presentation}"
        return f"{self.lang}/{self.edition}{suffix}"


@dataclass(slots=True)
class EditionDoc:
    """What a writer gets: the selected sections plus everything it needs to label them."""

    spec: EditionSpec
    meta: m.Meta
    lang: str
    presentation: str
    sections: list[m.Section]
    date: str  # ISO timestamp for metadata (fixed: reproducible builds)

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def dir(self) -> str:
        return "rtl" if self.lang.split("-")[0] in ("ur", "ar", "fa", "he") else "ltr"


def _keep(audience: frozenset[str] | None, wanted: str) -> bool:
    return audience is None or wanted in audience


def _filter_blocks(blocks: list[m.Block], audience: str) -> list[m.Block]:
    return [b for b in blocks if _keep(b.audience, audience)]


def _filter_section(section: m.Section, audience: str) -> m.Section | None:
    if not _keep(section.audience, audience):
        return None
    out = copy.copy(section)
    out.blocks = _filter_blocks(section.blocks, audience)
    out.sections = [s for s in (_filter_section(x, audience) for x in section.sections) if s]
    return out


def select(doc: m.Document, spec: EditionSpec, lang: str, presentation: str,
           date: str) -> EditionDoc:
    sections = [s for s in (_filter_section(x, spec.audience) for x in doc.sections) if s]
    return EditionDoc(spec=spec, meta=doc.meta, lang=lang, presentation=presentation,
                      sections=sections, date=date)


def targets(editions: list[EditionSpec], formats_known: set[str], want_editions=(), want_langs=(),
            want_presentations=(), want_formats=()) -> list[Target]:
    out = []
    for e in editions:
        if want_editions and e.id not in want_editions:
            continue
        for lang in e.languages:
            if want_langs and lang not in want_langs:
                continue
            for pres in e.presentations:
                if want_presentations and pres not in want_presentations:
                    continue
                for fmt in e.formats:
                    if fmt in formats_known and (not want_formats or fmt in want_formats):
                        out.append(Target(e.id, lang, pres, fmt))
    return out
