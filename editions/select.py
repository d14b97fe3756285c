"""Select stage: one edition (audience × language × presentation) out of the Document.

Selection works on a copy: the Document is shared by every artifact of a build.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.support import NullTranslations

from . import model as m
from .data import Data
from .edition_spec import EditionSpec
from .i18n import Coverage, Translator, is_rtl
from .notices import notice
from .presentations import Presentation
from .terms import isolate_ltr, link_terms, used_terms
from .transforms import assign_edition_ids, keep_together, linearise_tables


@dataclass(frozen=True, slots=True)
class Target:
    """One artifact to write: an edition in a language, presentation and format."""

    edition: str
    lang: str
    presentation: str
    format: str
    site: str = "site"  # the publication's site folder (BuildConfig.site_rel)
    default: bool = False  # the default presentation (presentations.default): no suffix

    @property
    def stem(self) -> str:
        suffix = "" if self.default else f"-{self.presentation}"
        return f"{self.site}/{self.lang}/{self.edition}{suffix}"


@dataclass(slots=True)
class EditionDoc:
    """What a writer gets: the selected sections plus everything it needs to label them."""

    spec: EditionSpec
    meta: m.Meta
    lang: str
    presentation: str
    sections: list[m.Section]
    date: str  # ISO timestamp for metadata (fixed: reproducible builds)
    gettext: NullTranslations = field(default_factory=NullTranslations)  # interface strings
    coverage: Coverage | None = None  # translation status counts (None: source language)
    notice_email: str = ""
    summary: bool = False  # only the translated part: too little is translated (publish_at)
    look: Presentation = field(default_factory=Presentation)  # what its presentation changes
    # any language's interface strings (Languages.gettext), for a passage in another language
    # (speech: "Picture" in that language's voice); None: the edition's alone
    interface: Callable[[str], NullTranslations] | None = None

    @property
    def draft(self) -> bool:
        """Some of this edition's text is a translation no person has reviewed yet."""
        return bool(self.coverage and self.coverage.counts["draft"])

    def _(self, text: str, **kw) -> str:
        out = self.gettext.gettext(text)
        return out % kw if kw else out

    def notice(self, kind: str) -> tuple[str, str]:
        """(msgid, language) of a notice naming the language this edition was translated
        from (notices.py): `{{ _(msgid, language=language, …) }}`."""
        return notice(kind, self.meta.lang, self.lang, self.gettext.gettext)

    @property
    def title(self) -> str:
        if self.summary:
            return self._("%(title)s – summary", title=self._(self.spec.title))
        return self._(self.spec.title)

    @property
    def dir(self) -> str:
        return "rtl" if is_rtl(self.lang) else "ltr"

    @property
    def audience(self) -> str:
        return self.spec.audience

    @property
    def reading(self) -> str:
        """Its reading-level rules: "child-friendly", "general" or "" (none)."""
        return self.spec.reading


def _keep(audience: frozenset[str] | None, spec: EditionSpec) -> bool:
    return spec.unmarked if audience is None else spec.audience in audience


def _filter_section(section: m.Section, spec: EditionSpec,
                    inherited: frozenset[str] | None = None) -> m.Section | None:
    """Blocks and sections without an audience of their own take their section's."""
    audience = section.audience or inherited
    if audience is not None and spec.audience not in audience:
        return None
    out = copy.copy(section)
    out.blocks = [b for b in section.blocks if _keep(b.audience or audience, spec)]
    out.sections = [s for s in (_filter_section(x, spec, audience) for x in section.sections)
                    if s]
    if not spec.unmarked and audience is None and not out.blocks and not out.sections:
        return None  # nothing written for this audience here
    if spec.audience in section.titles:
        out.heading = copy.copy(section.heading)
        out.heading.children = section.titles[spec.audience]
        out.heading.seg = f"{section.id}/{spec.audience}-title"
    return out


def _glossary_section(doc: m.Document) -> m.Section | None:
    for s in doc.sections:
        if any(isinstance(b, m.DefList) and b.role == "glossary" for b in s.blocks):
            return s
    return None


def copy_sections(sections: list[m.Section]) -> list[m.Section]:
    """A deep copy of the model, which selection then changes in place: a pickle round trip
    is 8x faster than copy.deepcopy on these dataclass trees (measured)."""
    return pickle.loads(pickle.dumps(sections, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301


def select(doc: m.Document, data: Data, spec: EditionSpec, lang: str, presentation: str,
           date: str, translator: Translator | None = None,
           gettext: NullTranslations | None = None,
           look: Presentation | None = None,
           interface: Callable[[str], NullTranslations] | None = None) -> EditionDoc:
    tops = [s for s in doc.sections if not spec.sections or s.id in spec.sections]
    sections = [s for s in (_filter_section(x, spec) for x in tops) if s]
    glossary = _glossary_section(doc)
    if spec.glossary == "used" and glossary is not None:
        used = used_terms(sections, data.terms)
        sections = [s for s in sections if s.id != glossary.id]
        sections.append(_only_terms(glossary, used))
    ed = EditionDoc(spec=spec, meta=doc.meta, lang=lang, presentation=presentation,
                    sections=copy_sections(sections), date=date,
                    gettext=gettext or NullTranslations(), notice_email=data.notice_email,
                    interface=interface)
    source = doc.meta.lang  # what the content is written in
    if translator is not None and lang != source:
        translator.note(getattr(ed.gettext, "findings", ()))  # messages.po refused or entries
        for top in ed.sections:
            if translator.section(top):
                top.blocks.insert(0, m.Group(role="translation-note", lang=lang, blocks=[
                    m.Paragraph(children=[m.Text(text=_untranslated_note(ed))])]))
        ed.coverage = translator.coverage
    ed.look = look or Presentation(presentation)
    if ed.look.linear_tables or ed.look.keep_together:
        for s in ed.sections:
            if ed.look.linear_tables:
                linearise_tables(s)
            if ed.look.keep_together:
                keep_together(s, lang)
        assign_edition_ids(ed.sections)
    if lang == source:
        link_terms(ed.sections, data.terms)
    elif is_rtl(lang):
        isolate_ltr(ed.sections)
    return ed


def _untranslated_note(ed: EditionDoc) -> str:
    """"Parts of this section are … shown in <the publication's language>"."""
    msgid, language = ed.notice("untranslated")
    return ed._(msgid, language=language, email=ed.notice_email)


def _only_terms(glossary: m.Section, keep: set[str]) -> m.Section:
    out = copy.copy(glossary)
    out.blocks = []
    for b in glossary.blocks:
        if isinstance(b, m.DefList) and b.role == "glossary":
            b = copy.copy(b)
            b.items = [i for i in b.items if i.id in keep]
        out.blocks.append(b)
    return out


def summarise(ed: EditionDoc) -> None:
    """A translation under its edition's `publish_at`: published as a summary, only the text
    that is translated (what would show in English is left out), under its own title; the
    layouts say the full text can be asked for."""
    ed.summary = True
    source = ed.meta.lang
    ed.sections = [s for s in (_translated_section(x, source) for x in ed.sections)
                   if s is not None]


def _translated_section(s: m.Section, source: str) -> m.Section | None:
    s.blocks = _translated_blocks(s.blocks, source)
    s.sections = [x for x in (_translated_section(y, source) for y in s.sections)
                  if x is not None]
    return s if s.blocks or s.sections else None  # a heading alone says nothing


def _translated_blocks(blocks: list[m.Block], source: str) -> list[m.Block]:
    """The blocks that are translated: what is in the publication's language (`source`, not
    translated) is left out."""
    out = []
    for b in blocks:
        if isinstance(b, m.Group):
            if b.role == "translation-note":  # "this part is in English": nothing is now
                continue
            if b.lang:  # a passage in a language of its own (the notice): kept whole
                out.append(b)
            else:
                b.blocks = _translated_blocks(b.blocks, source)
                if b.blocks:
                    out.append(b)
            continue
        if b.lang == source:  # not translated: would be shown in the publication's language
            continue
        if isinstance(b, m.ListBlock):
            for item in b.items:
                item.blocks = _translated_blocks(item.blocks, source)
            b.items = [item for item in b.items if item.blocks]
            if not b.items:
                continue
        elif isinstance(b, m.Quote) and b.blocks:
            b.blocks = _translated_blocks(b.blocks, source)
            if not b.blocks:
                continue
        elif isinstance(b, m.DefList):
            b.items = [item for item in b.items if item.lang != source]
            if not b.items:
                continue
        out.append(b)
    return out


def targets(editions: list[EditionSpec], formats_known: set[str], want_editions=(), want_langs=(),
            want_presentations=(), want_formats=(), site: str = "site", *, default: str
            ) -> list[Target]:
    """Every artifact of the editions asked for; `default`: the default presentation, whose
    files have no suffix (presentations.default)."""
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
                for fmt in e.by_presentation.get(pres, e.formats):
                    if fmt in formats_known and (not want_formats or fmt in want_formats):
                        out.append(Target(e.id, lang, pres, fmt, site, pres == default))
    return out


__all__ = ["EditionDoc", "Target", "select", "targets"]
