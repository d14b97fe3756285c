"""Translations.

- Interface strings of the layouts and writers: gettext catalogs (Babel) in
  `translations/<lang>/LC_MESSAGES/messages.po`, compiled in memory at build time.
- Content: one PO catalog per language, `translations/<lang>/content.po`, one entry per segment
  (heading, paragraph, list item, table cell, quote, glossary entry): `msgctxt` is the stable
  segment id, `msgid` the English source the translation was made from, `msgstr` the
  translation. Status: no msgstr → untranslated; `fuzzy` flag or an msgid that differs from
  today's English → stale; otherwise `draft`, or `reviewed` once a person has set that flag.
- Untranslated and stale segments are shown in English, tagged `en-GB`, with a note in the
  reader's language; `--strict-translations` makes them errors instead (T07).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from . import model as m

SOURCE_LANG = "en-GB"
STATUSES = ("untranslated", "stale", "draft", "reviewed")
RTL = ("ur", "ar", "fa", "he")


def babel_locale(lang: str) -> str:
    return lang.replace("-", "_")


def own_name(lang: str) -> str:
    """A language's name in that language (Babel), as a switcher shows it."""
    base = lang.split("-")[0]
    name = Locale.parse(base).get_language_name(base) or lang
    return name[:1].upper() + name[1:]


def is_rtl(lang: str) -> bool:
    """Text direction from Babel's locale data (CLDR)."""
    try:
        return Locale.parse(babel_locale(lang)).character_order == "right-to-left"
    except Exception:
        return lang.split("-")[0] in RTL


# --- inline Markdown: the text a translator sees ---------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]{}<>])")


def inlines_to_md(nodes: list[m.Inline]) -> str:
    out: list[str] = []
    for n in nodes:
        if isinstance(n, m.Text):
            out.append(_ESCAPE.sub(r"\\\1", n.text))
        elif isinstance(n, m.Emph):
            out.append(f"*{inlines_to_md(n.children)}*")
        elif isinstance(n, m.Strong):
            out.append(f"**{inlines_to_md(n.children)}**")
        elif isinstance(n, m.Code):
            out.append(f"`{n.text}`")
        elif isinstance(n, m.Break):
            out.append("\\\n")
        elif isinstance(n, m.Link):
            out.append(f"[{inlines_to_md(n.children)}]({n.href})")
        elif isinstance(n, m.Abbr | m.Span):
            out.append(inlines_to_md([m.Text(text=m.inline_text([n]))]))
    return "".join(out).strip()


# --- segments of the source -------------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    id: str
    source: str  # inline Markdown
    loc: m.Loc | None
    editions: list[str] = field(default_factory=list)


def _block_segments(blocks: list[m.Block], out: dict[str, Segment]) -> None:
    for b in m.walk_blocks(blocks, translatable=True):
        if isinstance(b, m.DefList):  # the terms; their definitions are walked as blocks
            for item in b.items:
                out.setdefault(item.seg, Segment(item.seg, inlines_to_md(item.term), item.loc))
            continue
        if not b.seg:
            continue
        if isinstance(b, m.Paragraph):
            kids = b.children
            if kids and isinstance(kids[0], m.Text) and re.fullmatch(r"\d+\. ", kids[0].text):
                kids = kids[1:]  # an action-plan row keeps its number
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(kids), b.loc))
        elif isinstance(b, m.Quote):
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(b.children), b.loc))
            if b.attribution:
                out.setdefault(f"{b.seg}/by", Segment(f"{b.seg}/by", b.attribution, b.loc))
        elif isinstance(b, m.Figure):
            out.setdefault(f"{b.seg}/alt", Segment(f"{b.seg}/alt", b.alt, b.loc))
            if b.caption:
                out.setdefault(f"{b.seg}/caption", Segment(f"{b.seg}/caption", b.caption, b.loc))
        elif isinstance(b, m.Table):
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(b.caption), b.loc))


def segments(doc: m.Document) -> dict[str, Segment]:
    """Every translatable segment of the publication, in reading order."""
    out: dict[str, Segment] = {}
    for top in doc.sections:
        for s in top.walk():
            for audience, title in s.titles.items():
                sid = f"{s.id}/{audience}-title"
                out[sid] = Segment(sid, inlines_to_md(title), s.heading.loc)
            h = s.heading
            out.setdefault(h.seg, Segment(h.seg, inlines_to_md(h.children), h.loc))
            _block_segments(s.blocks, out)
    return out


# --- catalogs --------------------------------------------------------------------------------


def content_path(root: Path, lang: str) -> Path:
    return root / "translations" / lang / "content.po"


def messages_path(root: Path, lang: str) -> Path:
    return root / "translations" / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=babel_locale(lang))
    with path.open("rb") as f:
        return read_po(f, locale=babel_locale(lang))


def write_catalog(catalog: Catalog, path: Path) -> None:
    from .output import atomic_write

    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, omit_header=False,
             include_previous=True)
    atomic_write(path, buf.getvalue())


def status_of(msg: Message | None, source: str) -> str:
    if msg is None or not msg.string:
        return "untranslated"
    if msg.fuzzy or msg.id != source:
        return "stale"
    return "reviewed" if "reviewed" in msg.flags else "draft"


@dataclass
class ContentCatalog:
    lang: str
    by_seg: dict[str, Message] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, lang: str) -> ContentCatalog:
        catalog = read_catalog(content_path(root, lang), lang)
        out = cls(lang)
        for msg in catalog:
            if msg.id and msg.context:
                out.by_seg[msg.context] = msg
        return out

    def lookup(self, seg: str, source: str) -> tuple[str, str]:
        """(status, text to show): the translation when draft or reviewed, else the English."""
        msg = self.by_seg.get(seg)
        status = status_of(msg, source)
        return status, (msg.string if status in ("draft", "reviewed") else source)


def update_content_catalog(root: Path, lang: str, segs: dict[str, Segment]) -> Counter:
    """Merge today's English into a language's catalog: new segments are added empty; a
    changed English text keeps the old translation but marks it fuzzy (stale), with the
    previous English as `#| msgid`; segments that no longer exist become obsolete."""
    path = content_path(root, lang)
    old = read_catalog(path, lang)
    old_by_seg = {msg.context: msg for msg in old if msg.id and msg.context}
    new = Catalog(locale=babel_locale(lang), project="editions", fuzzy=False,
                  creation_date=old.creation_date, revision_date=old.revision_date)
    counts: Counter = Counter()
    for seg in segs.values():
        prev = old_by_seg.pop(seg.id, None)
        comments = ([str(seg.loc)] if seg.loc else []) + (
            [f"editions: {', '.join(seg.editions)}"] if seg.editions else [])
        if prev is None:
            new.add(seg.source, "", context=seg.id, auto_comments=comments)
            counts["added"] += 1
            continue
        flags = set(prev.flags)
        previous_id = prev.previous_id
        if prev.id != seg.source:
            flags.add("fuzzy")
            flags.discard("reviewed")
            previous_id = [prev.id]
            counts["stale"] += 1
        new.add(seg.source, prev.string, context=seg.id, auto_comments=comments,
                user_comments=prev.user_comments, flags=flags, previous_id=previous_id)
    for prev in old_by_seg.values():
        new.obsolete[(prev.id, prev.context)] = prev
        counts["obsolete"] += 1
    write_catalog(new, path)
    return counts


# --- interface strings -----------------------------------------------------------------------


def gettext_for(root: Path, lang: str) -> NullTranslations:
    """Interface translations compiled in memory from the language's messages.po."""
    path = messages_path(root, lang)
    if lang == SOURCE_LANG or not path.is_file():
        return NullTranslations()
    catalog = read_catalog(path, lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf)


# --- applying translations to an edition ------------------------------------------------------


@dataclass
class Coverage:
    counts: Counter = field(default_factory=Counter)
    stale: list[tuple[str, m.Loc | None]] = field(default_factory=list)
    untranslated: list[tuple[str, m.Loc | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts[s] for s in STATUSES)

    def percent(self, status: str) -> float:
        return 100 * self.counts[status] / self.total if self.total else 0.0


class Translator:
    """Applies a content catalog to an edition's own copy of the tree."""

    def __init__(self, catalog: ContentCatalog, parse_inline):
        self.catalog = catalog
        self.parse = parse_inline  # inline Markdown → inlines (the content reader's own rules)
        self.coverage = Coverage()

    def _text(self, seg: str, source: str, loc) -> tuple[bool, str]:
        status, text = self.catalog.lookup(seg, source)
        self.coverage.counts[status] += 1
        if status == "stale":
            self.coverage.stale.append((seg, loc))
        elif status == "untranslated":
            self.coverage.untranslated.append((seg, loc))
        return status in ("draft", "reviewed"), text

    def inlines(self, seg: str, nodes: list[m.Inline], loc) -> tuple[bool, list[m.Inline]]:
        lead: list[m.Inline] = []
        if nodes and isinstance(nodes[0], m.Text) and re.fullmatch(r"\d+\. ", nodes[0].text):
            lead, nodes = [nodes[0]], nodes[1:]
        ok, text = self._text(seg, inlines_to_md(nodes), loc)
        return ok, (lead + self.parse(text, loc) if ok else lead + nodes)

    def blocks(self, blocks: list[m.Block]) -> bool:
        """Translate in place; returns True when something stayed in English."""
        fallback = False
        for b in m.walk_blocks(blocks, translatable=True):
            if isinstance(b, m.DefList):
                for item in b.items:
                    ok, item.term = self.inlines(item.seg, item.term, item.loc)
                    if not ok:
                        item.lang = SOURCE_LANG
                        fallback = True
                continue
            if not b.seg:
                continue
            if isinstance(b, m.Paragraph | m.Quote):
                ok, b.children = self.inlines(b.seg, b.children, b.loc)
                if isinstance(b, m.Quote) and b.attribution:
                    ok_by, by = self._text(f"{b.seg}/by", b.attribution, b.loc)
                    b.attribution = by
                    ok = ok and ok_by
            elif isinstance(b, m.Figure):
                ok, b.alt = self._text(f"{b.seg}/alt", b.alt, b.loc)
                if b.caption:
                    _, b.caption = self._text(f"{b.seg}/caption", b.caption, b.loc)
            elif isinstance(b, m.Table):
                ok, b.caption = self.inlines(b.seg, b.caption, b.loc)
            else:
                continue
            if not ok:
                b.lang = SOURCE_LANG
                fallback = True
        return fallback

    def section(self, s: m.Section) -> bool:
        ok, s.heading.children = self.inlines(s.heading.seg, s.heading.children, s.heading.loc)
        if not ok:
            s.heading.lang = SOURCE_LANG
        fallback = self.blocks(s.blocks) or not ok
        for sub in s.sections:
            fallback = self.section(sub) or fallback
        return fallback
