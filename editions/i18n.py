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
- Catalogs are untrusted input (`catalogs.py`): a bad file or entry is a finding at its .po
  line (T10 malformed, T11 placeholders) and the English is shown in its place.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from babel.support import NullTranslations, Translations

from . import catalogs, inputs
from . import model as m
from .config import TOOL
from .findings import ContentError, Finding
from .output import atomic_write
from .rules import rule_check
from .segments import Segment, inlines_to_md

# the language of the layouts' interface strings (their msgids are English); a publication's
# content is in its own `lang` (meta.lang), which its translations are made from
SOURCE_LANG = "en-GB"
STATUSES = ("untranslated", "stale", "draft", "reviewed")


def valid_tag(tag: object) -> bool:
    """A BCP 47 tag's shape (`en-GB`, `zh-Hans`): letters, digits and hyphens only. Check a tag
    with this before any path is built from it."""
    return inputs.valid_tag(tag)


def babel_locale(lang: str) -> str:
    return lang.replace("-", "_")


def own_name(lang: str) -> str:
    """A language's name in that language (Babel), as a switcher shows it."""
    base = lang.split("-")[0]
    name = Locale.parse(base).get_language_name(base) or lang
    return name[:1].upper() + name[1:]


def language_name(lang: str, in_lang: str) -> str:
    """A language's name in another language (Babel: "Gaelic" for gd in en-GB); the tag when
    Babel knows neither."""
    try:
        return Locale.parse(babel_locale(in_lang)).languages.get(lang.split("-")[0]) or lang
    except Exception:
        return lang


def is_rtl(lang: str) -> bool:
    """Text direction from Babel's locale data (CLDR): of the tag, else of its language alone
    (a region or script Babel does not know, "ur-XY"); left to right for a language Babel
    does not know at all."""
    for tag in (babel_locale(lang), lang.split("-")[0]):
        try:
            return Locale.parse(tag).character_order == "right-to-left"
        except Exception:  # unknown or malformed: the next, shorter tag
            continue
    return False


# --- catalogs --------------------------------------------------------------------------------


def content_path(root: Path, lang: str, name: str = "content.po") -> Path:
    """ContentError for a tag that is no language tag, or a path through a symbolic link.
    `name`: the publication's catalog (`BuildConfig.catalog`)."""
    return catalogs.catalog_path(root, lang, name)


def messages_path(root: Path, lang: str) -> Path:
    return catalogs.catalog_path(root, lang, "LC_MESSAGES/messages.po")


def read_catalog(path: Path, lang: str) -> Catalog:
    """Read strictly (ContentError: C06, C15, T10); an empty catalog when there is none."""
    po = catalogs.read_file(path, lang)
    return po.catalog if po else Catalog(locale=babel_locale(lang))


def write_catalog(catalog: Catalog, path: Path) -> None:
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
    path: str = ""  # project-relative, for findings
    lines: dict[str, int] = field(default_factory=dict)  # segment → line of its msgstr
    findings: list[Finding] = field(default_factory=list)  # the file or entries refused

    @classmethod
    def load(cls, root: Path, lang: str, name: str = "content.po") -> ContentCatalog:
        """Never raises: a catalog that cannot be read is a finding, and English is shown."""
        out = cls(lang, path=f"translations/{lang}/{name}")
        try:
            po = catalogs.read_file(content_path(root, lang, name), lang)
        except ContentError as exc:
            out.findings.append(dataclasses.replace(exc.finding, message=(
                f"{exc.finding.message}; none of this catalog is used: the {lang} editions "
                "show the English until it is fixed")))
            return out
        for msg in po.catalog if po else ():
            if catalogs.unusable(msg, po, out.findings):
                continue
            out.by_seg[msg.context] = msg
            out.lines[msg.context] = po.loc(msg).line
        return out

    def loc(self, seg: str) -> m.Loc:
        return m.Loc(self.path, self.lines.get(seg, 0))

    def lookup(self, seg: str, source: str) -> tuple[str, str]:
        """(status, text to show): the translation when draft or reviewed, else the English."""
        msg = self.by_seg.get(seg)
        status = status_of(msg, source)
        return status, (msg.string if status in ("draft", "reviewed") else source)


def update_content_catalog(root: Path, lang: str, segs: dict[str, Segment],
                           name: str = "content.po") -> Counter:
    """Merge today's English into a language's catalog: new segments are added empty; a
    changed English text keeps the old translation but marks it fuzzy (stale), with the
    previous English as `#| msgid`; segments that no longer exist become obsolete."""
    path = content_path(root, lang, name)
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


@rule_check("T07")
def gettext_for(root: Path, lang: str) -> NullTranslations:
    """Interface translations compiled in memory from the language's messages.po. What was
    wrong with it is in its `findings`: a bad entry shows the English (T11), a bad file
    shows English throughout (T10)."""
    if lang == SOURCE_LANG:
        return NullTranslations()
    found: list[Finding] = []
    out = NullTranslations()
    translated: set[str] = set()
    pos = []
    # the tool's catalog first, then the project's: a project's entries override the tool's
    for folder in dict.fromkeys([TOOL, root.resolve()]):
        try:
            po = catalogs.read_file(messages_path(folder, lang), lang)
            if po is None:
                continue
            found += catalogs.check_interface(po)
            mo = Translations(io.BytesIO(catalogs.compile_mo(po)))
            out = mo if type(out) is NullTranslations else out.merge(mo)
            translated |= {msg.id for msg in po.catalog if msg.id and msg.string}
            pos.append(po)
        except ContentError as exc:
            found.append(dataclasses.replace(exc.finding, message=(
                f"{exc.finding.message}; the interface of the {lang} editions is in English "
                "until it is fixed")))
    if pos:  # T07: English inside pages of another language, counted
        po = pos[-1]
        ids = [x for x in po.catalog if x.id]
        missing = [msg for msg in ids if msg.id not in translated]
        if missing:
            found.append(Finding(
                "T07", "warning", f"{len(missing)} of {len(ids)} interface strings are not "
                f"translated into {lang}: its pages show them in English, e.g. "
                f"{missing[0].id[:60]!r}", "translate them in this file (python build.py i18n "
                "update adds new ones)", po.loc(missing[0])))
    out.findings = found
    return out


# --- applying translations to an edition ------------------------------------------------------


@dataclass
class Coverage:
    counts: Counter = field(default_factory=Counter)
    stale: list[tuple[str, m.Loc | None]] = field(default_factory=list)
    untranslated: list[tuple[str, m.Loc | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts[s] for s in STATUSES)

    @property
    def translated(self) -> float:
        """The share (%) of the segments shown translated (draft or reviewed)."""
        return self.percent("draft") + self.percent("reviewed")

    def percent(self, status: str) -> float:
        return 100 * self.counts[status] / self.total if self.total else 0.0


class Translator:
    """Applies a content catalog to an edition's own copy of the tree. A translation that
    cannot be shown (bad Markdown, placeholders) is a finding at its .po line, and its
    segment stays in English, counted as untranslated."""

    def __init__(self, catalog: ContentCatalog, parse_inline, findings: list[Finding],
                 source: str):
        self.catalog = catalog
        self.source = source  # the publication's language: what an untranslated part is in
        self.parse = parse_inline  # inline Markdown → inlines (the content reader's own rules)
        self.coverage = Coverage()
        self.findings = findings  # the reader's list: where its parse errors go too
        self.note(catalog.findings)

    def note(self, findings) -> None:
        """Report findings about the catalogs (once each)."""
        self.findings.extend(f for f in list(findings) if f not in self.findings)

    @rule_check("T10", "T11")
    def _refuse(self, seg: str, found: list[Finding], problem: str | None) -> None:
        where = self.catalog.loc(seg)
        if problem:
            found = [Finding("T11", "error", problem, "keep the English's placeholders, link "
                             "addresses and `code` exactly as they are", where)]
        self.note(Finding("T10" if f.rule != "T11" else "T11", "error",
                          f"the translation of segment {seg}: {f.message}"
                          f"{f' ({f.rule})' if f.rule != 'T11' else ''}; the English is "
                          "shown instead", f.fix, where) for f in found)

    def _text(self, seg: str, source: str, loc, nodes: list[m.Inline] | None = None
              ) -> tuple[bool, str | list[m.Inline]]:
        """Whether the translation is shown, and its text (parsed when `nodes`, the English
        inlines, are given)."""
        status, text = self.catalog.lookup(seg, source)
        out: str | list[m.Inline] = text
        if status in ("draft", "reviewed"):
            problem = catalogs.content_problem(source, text)
            before = len(self.findings)
            if problem is None and nodes is not None:
                out = self.parse(text, self.catalog.loc(seg))
                problem = catalogs.content_problem(source, text, nodes, out)
            found = self.findings[before:]
            del self.findings[before:]
            if problem or found:
                self._refuse(seg, found, problem)
                status = "untranslated"
        self.coverage.counts[status] += 1
        if status == "stale":
            self.coverage.stale.append((seg, loc))
        elif status == "untranslated":
            self.coverage.untranslated.append((seg, loc))
        return status in ("draft", "reviewed"), out

    def inlines(self, seg: str, nodes: list[m.Inline], loc) -> tuple[bool, list[m.Inline]]:
        lead: list[m.Inline] = []
        if nodes and isinstance(nodes[0], m.Text) and re.fullmatch(r"\d+\. ", nodes[0].text):
            lead, nodes = [nodes[0]], nodes[1:]
        ok, parsed = self._text(seg, inlines_to_md(nodes), loc, nodes)
        return ok, lead + (parsed if ok else nodes)

    def blocks(self, blocks: list[m.Block]) -> bool:
        """Translate in place; returns True when something stayed in English."""
        fallback = False
        for b in m.walk_blocks(blocks, translatable=True):
            if isinstance(b, m.DefList):
                for item in b.items:
                    ok, item.term = self.inlines(item.seg, item.term, item.loc)
                    if not ok:
                        item.lang = self.source
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
                b.lang = self.source
                fallback = True
        return fallback

    def section(self, s: m.Section) -> bool:
        ok, s.heading.children = self.inlines(s.heading.seg, s.heading.children, s.heading.loc)
        if not ok:
            s.heading.lang = self.source
        fallback = self.blocks(s.blocks) or not ok
        for sub in s.sections:
            fallback = self.section(sub) or fallback
        return fallback
