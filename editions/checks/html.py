"""HTML checks a parser can decide. `check` runs on every edition page; `page_findings` is the
part that also applies to the site's own pages (home, downloads, language chooser, statement:
called by checks/site.py).

Structure: H01, H03 (present), H04, H05, H06, H07, H09. Links: H08. Languages: H02, T01, T03,
T04 (Urdu), T06 (Gaelic), T09 (the multilingual notice). Plain language: CF01/CF02/CF04
(English young edition), CF02 (English full plan), CF08 (other languages). E01 editor notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..i18n import SOURCE_LANG, is_rtl, own_name
from ..langdata import language_data
from ..readability import (
    formula_applies,
)
from ..scripts import east_asian, script
from ..select import EditionDoc
from . import published_notes
from .html_reading import plain_language
from .links import file_link_needs_size, vague

_ARABIC = re.compile("[\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
                     "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9@._:/+%&'’–\-]*[A-Za-z0-9])?")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "caption", "dd", "div", "dl",
                    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
                    "header", "li", "main", "nav", "ol", "p", "section", "table", "td", "th",
                    "ul"})
_ITALIC_TAGS = frozenset({"i", "em", "cite", "var", "dfn", "address"})
_STYLE_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_STYLE_SPACING = re.compile(r"letter-spacing\s*:(?!\s*(?:0(?:\.0+)?[a-z%]*|normal)\s*(?:[;!]|$))",
                            re.I)


def base(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


@lru_cache(maxsize=64)
def _rtl(lang: str) -> bool:
    return bool(lang) and is_rtl(lang)


def norm(text: str) -> str:
    return " ".join(text.split())


# --- one parse of the page --------------------------------------------------------------------


class El:
    """An element of the page, with what it inherits (language, direction, isolation, place)."""

    __slots__ = ("tag", "a", "parent", "line", "depth", "lang", "lang_el", "dir", "iso_el",
                 "region", "sec", "nav", "buf", "mailtos", "items")

    def __init__(self, tag: str, a: dict, parent: El | None, line: int, sec: list[str]):
        self.tag, self.a, self.parent, self.line, self.sec = tag, a, parent, line, sec
        self.depth = parent.depth + 1 if parent else 0
        own_lang = "lang" in a
        self.lang = a["lang"] if own_lang else (parent.lang if parent else "")
        self.lang_el = self if own_lang else (parent.lang_el if parent else None)
        self.dir = a["dir"].lower() if a.get("dir") else (parent.dir if parent else "ltr")
        self.iso_el = self if (tag == "bdi" or "dir" in a) else (parent.iso_el if parent else None)
        region = tag if tag in ("header", "footer", "main") else ""
        self.region = (parent.region if parent and parent.region else region)
        self.nav = self if tag == "nav" else (parent.nav if parent else None)
        self.buf: list[str] | None = None
        self.mailtos: list[str] = []
        self.items: list[El] = []

    def text(self) -> str:
        return norm("".join(self.buf or ()))

    def where(self) -> str:
        if self.region in ("header", "footer"):
            return self.region
        if self.sec[0]:
            return f"section '{self.sec[0]}'"
        return "top of the page"


class Doc(HTMLParser):
    """The page as the checks need it, in one pass of the standard library's parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: El | None = None
        self.stack: list[El] = []
        self.sec = [""]
        self.title = ""
        self.css: list[str] = []
        self.description = ""
        self.alternates: list[tuple[str, str]] = []  # (hreflang, href)
        self.headings: list[tuple[int, int]] = []  # (level, line)
        self.ids: set[str] = set()
        self.landmarks: dict[str, int] = {}
        self.first_focusable: tuple[str, dict] | None = None
        self.images: list[tuple[dict, int]] = []
        self.tables: list[dict] = []
        self.runs: list[tuple[str, El]] = []  # text nodes of <body>, with their element
        self.links: list[El] = []
        self.lang_els: list[El] = []  # elements with their own lang (not <html>)
        self.navs: list[El] = []
        self.footers: list[El] = []
        self.italics: list[El] = []  # italic tags and italic/letter-spaced inline styles
        self._collect: list[El] = []
        self._mode = ""  # "title", "style", "script" (raw text) or ""
        self._in_body = False

    # parser callbacks
    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        parent = self.stack[-1] if self.stack else None
        if tag == "h2" and parent is not None and parent.region == "main":
            self.sec = [""]  # a new top-level section; its title is filled in at </h2>
        el = El(tag, a, parent, line, self.sec)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html = el
        elif tag == "title":
            self._mode = "title"
        elif tag in ("style", "script"):
            self._mode = tag
        elif tag == "body":
            self._in_body = True
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content", "")
        elif tag == "link" and "alternate" in a.get("rel", "").split() and "hreflang" in a:
            self.alternates.append((a["hreflang"], a.get("href", "")))
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append((int(tag[1]), line))
            if tag == "h2":
                el.buf = []
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks[tag] = self.landmarks.get(tag, 0) + 1
        if self.first_focusable is None and (tag in ("a", "button", "input", "select", "textarea")
                                             and (tag != "a" or "href" in a)):
            self.first_focusable = (tag, a)
        if tag == "img":
            self.images.append((a, line))
            for c in self._collect:
                if c.tag == "a":
                    c.buf.append(a.get("alt", ""))
        elif tag == "table":
            self.tables.append({"line": line, "caption": False, "th": 0, "th_noscope": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            if a.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                self.tables[-1]["th_noscope"] += 1
        if "lang" in a and tag != "html":
            self.lang_els.append(el)
            el.buf = []
        if tag == "a" and "href" in a:
            self.links.append(el)
            el.buf = []
            if a["href"].startswith("mailto:"):
                p: El | None = el
                while p is not None:
                    if p.lang_el is p or p.tag == "footer":
                        p.mailtos.append(a["href"][7:])
                    p = p.parent
        if tag == "nav":
            self.navs.append(el)
        if el.nav is not None and tag != "nav" and ("hreflang" in a or "aria-current" in a):
            el.nav.items.append(el)
            el.buf = []
        if tag == "bdi" or tag == "footer":
            el.buf = []
        if tag == "footer":
            self.footers.append(el)
        if (tag in _ITALIC_TAGS or _STYLE_ITALIC.search(a.get("style", ""))
                or _STYLE_SPACING.search(a.get("style", ""))):
            self.italics.append(el)
        if tag in _VOID:
            return
        if el.buf is not None:
            self._collect.append(el)
        self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "style", "script"):
            self._mode = ""
        if not any(e.tag == tag for e in self.stack):
            return
        while self.stack:
            el = self.stack.pop()
            if el.buf is not None:
                self._collect.remove(el)
            if el.tag == "h2" and el.sec is self.sec and not self.sec[0]:
                self.sec[0] = el.text()
            if el.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._mode == "title":
            self.title += data
        elif self._mode == "style":
            self.css.append(data)
        elif self._mode == "script":
            return
        elif self._in_body and self.stack:
            self.runs.append((data, self.stack[-1]))
            for c in self._collect:
                c.buf.append(data)

    # what the checks ask
    @property
    def lang(self) -> str | None:
        return self.html.a.get("lang") if self.html else None

    @property
    def dir(self) -> str:
        return (self.html.a.get("dir") or "").lower() if self.html else ""

    def body_text(self) -> str:
        return norm("".join(t for t, _ in self.runs))


def parse(path: Path) -> Doc:
    doc = Doc()
    doc.feed(path.read_text(encoding="utf-8"))
    doc.close()
    return doc


# --- what a page is expected to be ---------------------------------------------------------------


@dataclass
class PageSpec:
    """What the checks expect of one page (from the edition, or from the site for its pages)."""

    lang: str  # the page's language (<html lang>)
    languages: tuple[str, ...] = ()  # the languages the switcher offers (T03); () for none
    known_langs: frozenset[str] = frozenset()  # every lang tag the page may use (T01)
    notices: tuple[tuple[str, str], ...] = ()  # (lang, text) of the multilingual notice (H02)
    notice_langs: tuple[str, ...] = ()  # languages the page must carry the notice in (T09)
    contact: str = ""  # the contact e-mail address
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
                                                  *(lang for lang, _ in notices))),
        notices=notices, notice_langs=notice_langs,
        contact=getattr(ed, "notice_email", "") or getattr(meta, "contact_email", "") or "",
        english_title=english, translated_title=_translated(ed, english) if english else "")


# --- the checks ---------------------------------------------------------------------------------


class _Out:
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


def _structure(doc: Doc, spec: PageSpec, out: _Out) -> None:
    """H01, H03, H04, H05, H06, H07, H09."""
    if doc.lang != spec.lang:
        out.add("H01", f"<html lang> is {doc.lang!r}, expected {spec.lang!r}",
                "set the page language in the layout", "<html>")
    if not doc.title.strip():
        out.add("H03", "the page has no <title>", "give the page a title", "<title>")
    levels = [lvl for lvl, _ in doc.headings]
    if levels.count(1) != 1 or (levels and levels[0] != 1):
        out.add("H04", f"expected exactly one h1, first; found {levels.count(1)}",
                "the layout must give the page title as the only h1",
                f"line {doc.headings[0][1]}" if doc.headings else "page headings")
    for (prev, _), (lvl, line) in zip(doc.headings, doc.headings[1:]):
        if lvl > prev + 1:
            out.add("H04", f"heading skips from h{prev} to h{lvl}", "fix the heading levels",
                    f"line {line}")
    if doc.landmarks.get("main") != 1:
        out.add("H05", "the page must have exactly one <main>", "fix the layout", "landmarks")
    for lm in ("header", "footer", "nav"):
        if not doc.landmarks.get(lm):
            out.add("H05", f"no <{lm}> landmark", "fix the layout", "landmarks")
    ff = doc.first_focusable
    if not ff or not ff[1].get("href", "").startswith("#") or ff[1]["href"][1:] not in doc.ids:
        out.add("H06", "the first focusable element is not a skip link to an existing target",
                "put <a href=\"#main\"> first in <body>", "start of <body>")
    for a, line in doc.images:
        if "alt" not in a:
            out.add("H07", "image without alt", "add alt text in the content", f"line {line}")
    for t in doc.tables:
        if not t["caption"]:
            out.add("H09", "data table without <caption>", "give the table a caption",
                    f"line {t['line']}")
        if t["th"] == 0 or t["th_noscope"]:
            out.add("H09", "table header cells need th with scope", "fix the table layout",
                    f"line {t['line']}")


def _links(doc: Doc, spec: PageSpec, out: _Out) -> None:
    """H08: vague link text (in the link's language), placeholder links, file links without
    type and size."""
    for el in doc.links:
        href = el.a.get("href", "").strip()
        text = el.a.get("aria-label") or el.text()
        where = el.where()
        if href in ("", "#") or href.lower().startswith("javascript:"):
            out.add("H08", f"link {text[:40]!r} goes nowhere (href={href!r})",
                    "link to the real page or file, or remove the link", where)
            continue
        if vague(text, el.lang or spec.lang):
            out.add("H08", f"vague link text {text!r}" if text else "link without text",
                    "say where the link goes (the title of the page or file)", where)
        named = text
        for label, canonical in spec.type_names.items():
            named = named.replace(label, canonical)
        if file_link_needs_size(href, named):
            out.add("H08", f"link to a file does not say its type and size: {text[:60]!r}",
                    'end the link text with the type and size, e.g. "(PDF, 2 MB)"', where)


def _isolated(el: El) -> bool:
    """T04: is a Latin run in this element isolated from the right-to-left text around it?"""
    iso = el.iso_el
    if iso is None or (el.lang_el is not None and iso.depth < el.lang_el.depth):
        return False  # nothing isolates it inside the Urdu passage
    d = (iso.a.get("dir") or "").lower()
    if d == "ltr":
        return True
    return iso.tag == "bdi" and d in ("", "auto") and not _ARABIC.search(iso.text())


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _arabic_css(css: str, out: _Out, lang: str) -> set[str]:
    """T04 in the stylesheet for an Arabic-script language (Urdu): a Nastaliq or Naskh font
    named for :lang(lang), line height ≥ 2 with Nastaliq, no italics or letter-spacing. Returns
    the tags set upright for it (em, i)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    named = False
    upright: set[str] = set()
    selector = f":lang({lang}"
    for sel, body in _CSS_RULE.findall(css):
        if selector not in sel:
            continue
        decl = {k.strip().lower(): v.strip() for k, _, v in
                (d.partition(":") for d in body.split(";")) if v}
        family = decl.get("font-family", "")
        if re.search(r"nastaliq|naskh", family, re.I):
            named = True
            if "nastaliq" in family.split(",")[0].lower():
                lh = re.match(r"([\d.]+)\s*$", decl.get("line-height", ""))
                if lh and float(lh[1]) < 2:
                    out.add("T04", f"Nastaliq with line-height {lh[1]} (< 2)",
                            f"set line-height: 2 or more for :lang({lang})", "stylesheet")
        if _STYLE_ITALIC.search(body) or _STYLE_SPACING.search(body):
            out.add("T04", f"italics or letter-spacing for {lang} in the stylesheet: "
                    f"{sel.strip()!r}", "remove it: Arabic script has no italics and must not "
                    "be letter-spaced", "stylesheet")
        if re.search(r"font-style\s*:\s*normal", body, re.I):
            for part in sel.split(","):
                tag = re.match(rf"\s*([a-z]+)\s*{re.escape(selector)}", part) or \
                    re.search(rf"{re.escape(selector)}[^)]*\)\s+([a-z]+)\s*$", part)
                if tag:
                    upright.add(tag[1])
    if not named:
        out.add("T04", f"no Nastaliq or Naskh font named for {lang} (:lang({lang}))",
                f'name "Noto Nastaliq Urdu" (or a Naskh face) under :lang({lang}) in the '
                "stylesheet", "stylesheet")
    return upright


def _languages(doc: Doc, spec: PageSpec, out: _Out) -> None:
    """H02, T01, T03, T04, T06 and the notice (H02/T09)."""
    page_lang = doc.lang or spec.lang
    # T01: lang tags, direction, title
    if page_lang and _rtl(page_lang) and doc.dir != "rtl":
        out.add("T01", f'a right-to-left page ({page_lang}) without <html dir="rtl">',
                'set dir="rtl" on <html>', "<html>")
    elif page_lang and not _rtl(page_lang) and doc.dir == "rtl":
        out.add("T01", f'a left-to-right page ({page_lang}) with dir="rtl"', 'set dir="ltr"',
                "<html>")
    for el in [doc.html, *doc.lang_els] if doc.html else doc.lang_els:
        value = el.a.get("lang", "")
        if not _LANG_TAG.match(value) or (spec.known_langs and value.lower()
                                           not in spec.known_langs):
            out.group("T01", "tag", el.where(), value,
                      "lang={example!r} is not one of the publication's language tags ("
                      + ", ".join(sorted(spec.known_langs)) + ")",
                      "use the BCP 47 tag the publication uses (gd, pl, zh-Hans, ur, en-GB)")
    for el in doc.lang_els:
        own_rtl = _rtl(el.lang)
        if (el.tag in _BLOCK and "dir" not in el.a and el.parent is not None
                and own_rtl != (el.parent.dir == "rtl") and len(el.text().split()) > 1):
            want = "rtl" if own_rtl else "ltr"
            out.group("T01", "dir", el.where(), el.text()[:40],
                      f'a passage in {el.lang} inside {el.parent.dir} text has no dir="{want}": '
                      "{example!r}", f'add dir="{want}" to the element with lang="{el.lang}"')
    if spec.english_title and spec.translated_title and \
            spec.translated_title != spec.english_title and base(page_lang) != "en":
        if norm(doc.title) == norm(spec.english_title):
            out.add("T01", f"the title is in English ({spec.english_title!r}) although it has "
                    f"a translation ({spec.translated_title!r})", "use the translated title",
                    "<title>")
        if spec.english_title in doc.description:
            out.add("T01", "the meta description uses the English title",
                    "use the translated title in the metadata", '<meta name="description">')
    # T03: the language switcher
    if spec.languages:
        items = [i for n in doc.navs for i in n.items]
        for lang in spec.languages:
            want = own_name(lang)  # T03: each language by its own name (CLDR)
            item = next((i for i in items if i.a.get("lang", "").lower() == lang.lower()), None) \
                or next((i for i in items if i.a.get("hreflang", "").lower() == lang.lower()), None)
            if item is None:
                out.add("T03", f"the language switcher does not offer {lang}",
                        "list every language of the publication in the switcher",
                        "language switcher")
                continue
            if item.a.get("lang", "").lower() != lang.lower():
                out.add("T03", f"switcher entry {item.text()!r} has no lang={lang!r}",
                        f'add lang="{lang}" to the entry', "language switcher")
            if want and item.text() != want:
                out.add("T03", f"switcher shows {item.text()!r} for {lang}, not its own name "
                        f"{want!r}", "name each language in that language", "language switcher")
    # H02, T04, T06 on the text itself
    arabic: set[str] = set()  # the Arabic-script languages on the page
    for text, el in doc.runs:
        lang = el.lang or page_lang
        written = script(lang)
        if written != "Arab" and (hit := _ARABIC.search(text)):
            out.group("H02", "arabic", el.where(), hit[0],
                      f"Arabic-script text {{example!r}} is not marked with its language (it "
                      f"inherits lang={el.lang or page_lang!r})",
                      "put it in an element with its language's lang attribute")
        if not east_asian(lang) and (hit := _HAN.search(text)):
            out.group("H02", "han", el.where(), hit[0],
                      f"Chinese text {{example!r}} is not marked with its language (it inherits "
                      f"lang={el.lang or page_lang!r})",
                      "put it in an element with its language's lang attribute")
        if written == "Arab":  # T04: Urdu and every Arabic-script language
            arabic.add(base(lang))
            if (hit := _LATIN.search(text)) and not _isolated(el):
                out.group("T04", "latin", el.where(), hit[0],
                          f"Latin text or number {{example!r}} in {lang} text is not isolated",
                          'wrap it in <bdi dir="ltr"> (terms.isolate_ltr does this for content)')
        for n, rule in enumerate(language_data(lang).orthography):  # T06, from its data
            if hit := rule.pattern.search(text):
                out.group("T06", f"spelling{n}", el.where(), hit[0], rule.message, rule.fix)
    for arabic_lang in sorted(arabic):
        upright = _arabic_css("".join(doc.css), out, arabic_lang)
        for el in doc.italics:
            if base(el.lang or page_lang) != arabic_lang:
                continue
            style = el.a.get("style", "")
            if _STYLE_ITALIC.search(style) or _STYLE_SPACING.search(style):
                out.add("T04", f"italics or letter-spacing in {arabic_lang} text: "
                        f"style={style!r}",
                        "remove the inline style", el.where())
            elif el.tag in _ITALIC_TAGS and el.tag not in upright:
                out.add("T04", f"<{el.tag}> shows {arabic_lang} text in italics",
                        f"set {el.tag}:lang({arabic_lang}) {{ font-style: normal }} or use "
                        "<strong>",
                        el.where())
    # H02 and T09: the multilingual notice
    body = doc.body_text() if spec.notices else ""  # H02 below, T09 after
    for lang, text in spec.notices:
        probe = text[:40]
        if not probe:
            continue
        if any(base(e.a.get("lang")) == base(lang) and probe in e.text() for e in doc.lang_els):
            continue
        if probe in body:
            out.add("H02", f"the notice in {lang} is not inside an element with lang={lang!r}: "
                    f"{probe!r}", "tag the notice block with its language",
                    _where_of(doc, probe))
    notice = [e for e in doc.lang_els if "notice" in e.a.get("class", "").split()]
    for lang in spec.notice_langs:
        blocks = [e for e in doc.lang_els if base(e.a.get("lang")) == base(lang)
                  and e.tag in _BLOCK]
        with_contact = [e for e in blocks if (spec.contact in [x.split("?")[0] for x in e.mailtos]
                                              if spec.contact else e.mailtos)]
        probe = next((text[:40] for x, text in spec.notices if base(x) == base(lang)), "")
        if with_contact and probe and not any(probe in e.text() for e in blocks) \
                and probe not in body:
            out.add("T09", f"the notice text in {lang} is missing: {probe!r}…",
                    "render the whole {notice} block", with_contact[0].where())
        if not with_contact:
            what = ("has no link to the contact address " + (spec.contact or "(mailto:)")
                    if blocks else "is missing (no block with lang=" + repr(lang) + ")")
            out.add("T09", f"the other-languages-and-formats notice in {lang} {what}",
                    "include the {notice} directive in the edition; every language of it is "
                    "tagged and gives the contact address",
                    (blocks or notice)[0].where() if blocks or notice else "whole page")


def _where_of(doc: Doc, probe: str) -> str:
    for text, el in doc.runs:
        if probe[:15] in text:
            return el.where()
    return ""


def page_findings(doc: Doc, artifact: str, spec: PageSpec) -> list[Finding]:
    """The checks that apply to any page of the site (edition pages and site pages)."""
    out = _Out(artifact)
    _structure(doc, spec, out)
    _links(doc, spec, out)
    _languages(doc, spec, out)
    return out.findings()


def _ancestors(el: El | None):
    while el is not None:
        yield el
        el = el.parent


def glossary_links(doc: Doc, artifact: str) -> list[Finding]:
    """CF06 on the young edition, read from the page: every term of its own glossary (`<dt
    id="term-…">Name (ABBR)</dt>`) is, at its first use in each top-level section, inside a
    link to its definition or an `<abbr title>`."""
    names: dict[str, list[str]] = {}
    for text, el in doc.runs:
        dt = next((e for e in _ancestors(el) if e.tag == "dt" and
                   e.a.get("id", "").startswith("term-")), None)
        if dt is not None:
            names.setdefault(dt.a["id"], []).append(text)
    forms: list[tuple[str, str, bool]] = []  # (form, term id, acronym)
    for tid, parts in names.items():
        head = norm("".join(parts)).replace("’", "'")
        inner = re.findall(r"\(([^()]+)\)", head)
        outer = norm(re.sub(r"\([^()]*\)", "", head))
        forms += [(form, tid, form.isupper()) for form in [outer, *inner] if form]
    if not forms:
        return []
    forms.sort(key=lambda f: -len(f[0]))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        f"({re.escape(f)})" if acronym else f"((?i:{re.escape(f)}))"
        for f, _t, acronym in forms) + r")(?![\w-])")
    sections: dict[int, tuple[list[str], list[tuple[int, El]]]] = {}
    for text, el in doc.runs:
        chain = list(_ancestors(el))
        # the sections' running text: not headings, the glossary itself, navigation, or the
        # title block before the first section (publisher, date)
        if el.region != "main" or not el.sec[0] or any(
                e.tag in ("h1", "h2", "h3", "h4", "dl", "nav") for e in chain):
            continue
        buf, spans = sections.setdefault(id(el.sec), ([], []))
        spans.append((sum(len(t) for t in buf), el))
        buf.append(text)
    out: list[Finding] = []
    for buf, spans in sections.values():
        text, seen = "".join(buf), set()
        for match in pattern.finditer(text.replace("’", "'")):  # same length: same offsets
            _form, tid, _acronym = forms[match.lastindex - 1]
            if tid in seen:
                continue
            el = next(e for start, e in reversed(spans) if start <= match.start())
            chain = list(_ancestors(el))
            if any(e.tag == "figcaption" for e in chain):  # a quote's attribution: not the
                if f"{tid}-by" not in seen:  # running text, which links the next use
                    seen.add(f"{tid}-by")
                    out.append(Finding("CF06", "warning", f"{text[match.start():match.end()]!r} in a quote's "
                                       "attribution comes before the text explains it",
                                       "spell it out in the attribution", artifact=artifact,
                                       where=el.where()))
                continue
            seen.add(tid)
            if any((e.tag == "a" and e.a.get("href") == f"#{tid}") or
                   (e.tag == "abbr" and e.a.get("title")) for e in chain):
                continue
            out.append(Finding("CF06", "error", f"first use of {text[match.start():match.end()]!r} "
                               "in this section "
                               "is neither linked to the glossary nor explained",
                               "terms.link_terms links it: is the term written differently "
                               "in data/glossary.yaml?", artifact=artifact,
                               where=el.where()))
    return out


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    doc = parse(path)
    out = page_findings(doc, artifact, edition_spec(ed))
    if getattr(ed, "reading", "") == "child-friendly" and formula_applies(ed.lang):
        out.extend(glossary_links(doc, artifact))
    out.extend(published_notes(" ".join(t for t, _ in doc.runs), notes, artifact))
    out.extend(plain_language(path, artifact, ed))
    return out
