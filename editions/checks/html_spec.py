"""What a page is expected to be (`PageSpec`, from the edition it shows) and the findings of the
HTML rules as they are gathered (`Out`: grouped by kind, with a few examples each)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as m
from ..findings import Finding
from ..i18n import SOURCE_LANG
from ..select import EditionDoc
from .html_doc import norm


@dataclass
class PageSpec:
    """What the checks expect of one page (from the edition, or from the site for its pages)."""

    lang: str  # the page's language (<html lang>)
    languages: tuple[str, ...] = ()  # the languages the switcher offers (T03); () for none
    known_langs: frozenset[str] = frozenset()  # every lang tag the page may use (T01)
    notices: tuple[tuple[str, str], ...] = ()  # (lang, text) of the multilingual notice (H02)
    notice_langs: tuple[str, ...] = ()  # languages the page must carry the notice in (T09)
    contact: str = ""  # the contact e-mail address
    source_lang: str = ""  # the publication's language ("": the layouts', SOURCE_LANG)
    english_title: str = ""  # the title in the source language (T01)
    translated_title: str = ""  # its translation for this page ("" or equal: none exists)
    type_names: dict[str, str] = field(default_factory=dict)  # "dokument Word" -> "Word" (H08)


def notice_entries(sections: list[m.Section]) -> list[tuple[str, str]]:
    """The multilingual notice blocks in an edition: (lang, text of its first paragraph)."""
    out = []
    for top in sections:
        for s in top.walk():
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Group) and b.role == "notice" and b.lang:
                    text = next((m.inline_text(p.children) for p in b.blocks
                                 if isinstance(p, m.Paragraph)), "")
                    out.append((b.lang, norm(text)))
    return out


def _translated(ed, english: str) -> str:
    """The edition title's translation (a summary's title adds to it, and is not one)."""
    return ed._(english) if callable(getattr(ed, "_", None)) else ed.title


def edition_spec(ed: EditionDoc) -> PageSpec:
    spec = getattr(ed, "spec", None)
    meta = getattr(ed, "meta", None)
    sections = getattr(ed, "sections", None)
    languages = tuple(getattr(spec, "languages", ()) or ())
    notices = tuple(notice_entries(sections)) if sections is not None else ()
    if sections is None:  # a bare edition (tests): the notice is in the edition's languages
        notice_langs = languages or (ed.lang,)
    else:
        notice_langs = tuple(dict.fromkeys(lang for lang, _ in notices))
    english = getattr(spec, "title", "") or ""
    return PageSpec(
        lang=ed.lang, languages=languages if len(languages) > 1 else (),
        known_langs=frozenset(x.lower() for x in (ed.lang, SOURCE_LANG, *languages,
                                                  *(lang for lang, _ in notices),
                                                  *filter(None, [getattr(meta, "lang", "")]))),
        source_lang=getattr(meta, "lang", "") or "",
        notices=notices, notice_langs=notice_langs,
        contact=getattr(ed, "notice_email", "") or getattr(meta, "contact_email", "") or "",
        english_title=english, translated_title=_translated(ed, english) if english else "")


class Out:
    """Findings of one page; repeated problems in one place become one finding with a count."""

    def __init__(self, artifact: str):
        self.artifact = artifact
        self.list: list[Finding] = []
        self._seen: dict[tuple[str, str, str], list] = {}

    def add(self, rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> None:
        self.list.append(Finding(rule, level, msg, fix, artifact=self.artifact, where=where))

    def group(self, rule: str, kind: str, where: str, example: str, msg: str, fix: str) -> None:
        key = (rule, kind, where)
        if key in self._seen:
            self._seen[key][1] += 1
            return
        self._seen[key] = [len(self.list), 1, msg]
        self.add(rule, msg.replace("{example!r}", repr(example)), fix, where)

    def findings(self) -> list[Finding]:
        out = list(self.list)
        for i, n, _ in self._seen.values():
            if n > 1:
                f = out[i]
                out[i] = Finding(f.rule, f.level, f"{f.message} (and {n - 1} more here)", f.fix,
                                 artifact=f.artifact, where=f.where)
        return out
