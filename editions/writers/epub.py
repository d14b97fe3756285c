"""EPUB 3 writer: an accessible, reflowable EPUB (EPUB Accessibility 1.1, WCAG 2.2 AA).

One XHTML content document per top-level section, a title page as text, a navigation document
(contents with every heading level, landmarks), the pictures copied into the package with
their alt text. The documents are the Jinja2 template `layouts/epub/document.xhtml.j2`, which
renders the blocks with the same macros as the web page (`layouts/common/blocks.html.j2`,
autoescaped); the result is parsed as XML (a layout mistake fails loudly, never a broken
book), every `lang` gets its `xml:lang`, and the `#id` links of the one-page edition are
pointed at the document that holds the id. `epub_package.py` writes the package document
and the zip. Fonts are the reading system's (none embedded); `layouts/epub/style.css` names
the face each script needs, as the web page does.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, pass_context
from lxml import etree

from .. import model as m
from ..config import BuildConfig
from ..epub_package import PICTURE_TYPES, Item, ui, untranslated, zip_package
from ..i18n import SOURCE_LANG
from ..interface import _
from ..references import picture
from ..select import EditionDoc
from .html import IdCounter, jinja_env, published_date

XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEMPLATE = "epub/document.xhtml.j2"
STYLESHEET = "epub/style.css"
# The shared macros write HTML syntax: their void elements become XML empty elements. Any
# other difference from XML fails the parse below (and so the writer, W01), never silently.
_VOID = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b"
                   r"([^<>]*?)\s*/?>")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
_KEEP_SCHEMES = ("http:", "https:", "mailto:")


LANDMARKS = {"titlepage": _("Title page"), "toc": _("Contents"),
             "bodymatter": _("Start of content"), "glossary": _("Glossary")}


@dataclass(slots=True)
class Doc:
    href: str
    kind: str  # title | nav | chapter | glossary
    section: m.Section | None
    tree: etree._Element | None = None


def picture_item(root, src: str) -> Item:
    """A figure's file in the package, named by its content (the same picture used twice is
    stored once); read again from assets/ (never trust twice)."""
    data, kind = picture(root, src)
    if kind is None:
        raise ValueError(f"not a picture: {src}")
    name = hashlib.sha256(data).hexdigest()[:16]
    ext = "jpg" if kind == "jpeg" else kind
    return Item(f"images/{name}.{ext}", PICTURE_TYPES[kind], data, f"img-{name}")


def figures(ed: EditionDoc) -> list[str]:
    """Every figure's source, in reading order, once."""
    out: dict[str, None] = {}
    for top in ed.sections:
        for s in top.walk():
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Figure):
                    out[b.src] = None
    return list(out)


_ENVS: dict[tuple, tuple[object, Environment]] = {}


@pass_context
def _picture_href(context, src: str) -> str:
    """`asset_uri` in the book: the picture's file in the package (render() read it once into
    the `pictures` the documents are rendered with), not a data: URI."""
    return context["pictures"][src].href


def epub_env(cfg: BuildConfig, gettext) -> Environment:
    """The web page's environment (filters, escaping gettext) with the project's layouts
    looked up before the tool's, and pictures as files of the package instead of data: URIs.
    One per layouts, project and catalog in a worker process, as writers/html.cached_env."""
    key = (cfg.layout_dirs, cfg.root.resolve(), id(gettext))
    hit = _ENVS.get(key)
    if hit is None or hit[0] is not gettext:
        if len(_ENVS) > 32:
            _ENVS.clear()
        env = jinja_env(cfg, gettext)
        env.loader = FileSystemLoader([str(d) for d in cfg.layout_dirs])
        env.filters["asset_uri"] = _picture_href
        env.filters["plain"] = m.inline_text
        hit = _ENVS[key] = (gettext, env)
    return hit[1]


def _kind(section: m.Section) -> str:
    glossary = any(isinstance(b, m.DefList) and b.role == "glossary" for b in section.blocks)
    return "glossary" if glossary else "chapter"


def plan(ed: EditionDoc) -> list[Doc]:
    """The documents in reading order: title page, contents, one per top-level section."""
    docs = [Doc("title.xhtml", "title", None), Doc("nav.xhtml", "nav", None)]
    width = max(2, len(str(len(ed.sections))))
    for i, s in enumerate(ed.sections, 1):
        docs.append(Doc(f"{i:0{width}d}-{s.id}.xhtml", _kind(s), s))
    return docs


def landmarks(ed: EditionDoc, docs: list[Doc]) -> list[tuple[str, str, str, str]]:
    """(href, epub:type, label, label's language when untranslated) for the landmarks nav."""
    rows = [("title.xhtml", "titlepage"), ("nav.xhtml#toc", "toc")]
    sections = [d for d in docs if d.section is not None]
    if sections:
        rows.append((sections[0].href, "bodymatter"))
    rows += [(d.href, "glossary") for d in sections if d.kind == "glossary"][:1]
    return [(href, kind, *ui(ed, LANDMARKS[kind])) for href, kind in rows]


def render(ed: EditionDoc, cfg: BuildConfig, docs: list[Doc]) -> list[Item]:
    """Render every document and parse it (XML): fills Doc.tree. Returns the pictures, each
    read once, in reading order."""
    root = cfg.root.resolve()
    pictures = {src: picture_item(root, src) for src in figures(ed)}
    env = epub_env(cfg, ed.gettext)
    template = env.get_template(TEMPLATE)
    ctx = IdCounter(wrap_sections=True)  # one counter: table ids unique across the book
    common = {"ed": ed, "ctx": ctx, "published": published_date(ed), "source_lang": SOURCE_LANG,
              "untranslated": lambda msgid: untranslated(ed, msgid),
              "landmarks": landmarks(ed, docs), "pictures": pictures}
    for d in docs:
        if d.section is not None:
            title = m.inline_text(d.section.heading.children)
        else:
            title = ed.title if d.kind == "title" else ed._("Contents")
        text = template.render(common, kind=d.kind, top=d.section, title=title)
        d.tree = etree.fromstring(_VOID.sub(r"<\1\2/>", text.lstrip()).encode("utf-8"),
                                  _PARSER)
    return list({p.href: p for p in pictures.values()}.values())  # the same picture once


def _link_text(a: etree._Element) -> None:
    """A link that cannot work inside the book keeps its words, as plain text."""
    a.tag = f"{{{XHTML_NS}}}span"
    a.attrib.pop("href", None)


def finish(docs: list[Doc]) -> None:
    """xml:lang beside every lang; `#id` links pointed at the document holding the id (its
    own first); links to files of the web site, which the book does not hold, become text
    (links between the book's documents, such as the landmarks, are kept)."""
    books = {d.href for d in docs}
    where: dict[str, str] = {}
    for d in docs:
        for el in d.tree.iter():
            if el.get("id"):
                where.setdefault(el.get("id"), d.href)
    for d in docs:
        own = {el.get("id") for el in d.tree.iter() if el.get("id")}
        for el in d.tree.iter():
            if not isinstance(el.tag, str):
                continue
            if el.get("lang") is not None:
                el.set(XML_LANG, el.get("lang"))
            href = el.get("href") if el.tag == f"{{{XHTML_NS}}}a" else None
            if href is None or href.startswith(_KEEP_SCHEMES) or href.split("#")[0] in books:
                continue
            target = href[1:] if href.startswith("#") else None
            if target in own:
                continue
            if target in where:
                el.set("href", f"{where[target]}#{target}")
            else:
                _link_text(el)


def serialise(tree: etree._Element) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                          doctype="<!DOCTYPE html>")


def compose(ed: EditionDoc, cfg: BuildConfig) -> tuple[list[Doc], list[Item]]:
    """The documents rendered, parsed and finished (Doc.tree), and the pictures: what the EPUB
    and the talking book (writers/talking_book.py) both start from."""
    docs = plan(ed)
    pictures = render(ed, cfg, docs)
    finish(docs)
    return docs, pictures


def doc_id(index: int, doc: Doc) -> str:
    """The manifest id of the `index`th document of plan()."""
    return {"title": "title", "nav": "nav"}.get(doc.kind, f"s{index - 1:03d}")


def content_items(cfg: BuildConfig, docs: list[Doc], pictures: list[Item]) -> list[Item]:
    """The stylesheet, the pictures and the documents (serialised now) as package items."""
    items = [Item("style.css", "text/css", cfg.layout(STYLESHEET).read_bytes(), "css"),
             *pictures]
    for i, d in enumerate(docs):
        items.append(Item(d.href, "application/xhtml+xml", serialise(d.tree), doc_id(i, d),
                          properties="nav" if d.kind == "nav" else "", spine=True))
    return items


class EpubWriter:
    format = "epub"
    extension = "epub"
    media_type = "application/epub+zip"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        docs, pictures = compose(ed, cfg)
        return zip_package(ed, content_items(cfg, docs, pictures), figures=bool(pictures))


__all__ = ["Doc", "EpubWriter", "compose", "content_items", "doc_id", "figures", "plan"]
