"""One parse of a page (html.parser): every element with what it inherits (language,
direction, isolation, region, section), the text runs, navigation, headings, links, the
stylesheets. The HTML rules (checks/html.py) and the site rules read it."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from ..i18n import is_rtl

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # Chinese characters
ITALIC_TAGS = frozenset({"i", "em", "cite", "var", "dfn", "address"})
STYLE_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
STYLE_SPACING = re.compile(r"letter-spacing\s*:(?!\s*(?:0(?:\.0+)?[a-z%]*|normal)\s*(?:[;!]|$))",
                            re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "caption", "dd", "div", "dl",
                    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
                    "header", "li", "main", "nav", "ol", "p", "section", "table", "td", "th",
                    "ul"})

def base(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


@lru_cache(maxsize=64)
def rtl(lang: str) -> bool:
    return bool(lang) and is_rtl(lang)


def norm(text: str) -> str:
    return " ".join(text.split())


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
        if (tag in ITALIC_TAGS or STYLE_ITALIC.search(a.get("style", ""))
                or STYLE_SPACING.search(a.get("style", ""))):
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
