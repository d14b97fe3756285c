"""The talking book's narration: the blocks of an EPUB content document, each with an id, and
the SSML that reads them, a `<mark>` before each (writers/talking_book.py times them).

The narration is taken from the XHTML itself, not from the model, so that what is heard is
what is highlighted: every block element the document shows (heading, paragraph, list item,
table cell, caption, glossary term and definition, figure caption, picture) is one block:
- an element with no block element inside it is one block; so is a table cell whatever it
  holds (a cell of a body row is read after its column's heading, "Header: value", as flat.py
  and the large-print tables say it) and a picture ("Picture: alt", as speech.py says it);
- an element holding blocks is not read itself: its blocks are, and each stretch of its own
  text between them (a contents entry before its sub-list) is wrapped in a `<span>` that
  becomes a block (a stretch that is one element already, such as the entry's link, is used
  as it is);
- hidden elements (the landmarks) are not read.
An element that is a block keeps its id, or gets `mo-N`.

Each block is read as speech.py reads the MP3 (the same functions): the voice of each
passage's language (a language with no voice is read by the edition's, and named in
`stand_ins`), Latin runs of Chinese and Urdu in English, acronyms as letters, number ranges
and Chinese years in words; an acronym's expansion (`<abbr title>`) after it unless the block
already says it; an ordered list item's number first; a pause after each block, longer after a
heading (speech.PAUSE_MS). A block's SSML is speech.ssml of its pieces; the document's is
those, each after `<mark name="mN"/>`, in one `<speak>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

from . import speech
from .i18n import SOURCE_LANG
from .select import EditionDoc
from .voices import Voice
from .writers.flat import _colon

XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"))
CELLS = frozenset(("td", "th"))
UNSPOKEN = frozenset(("head", "script", "style", "template"))
ID_PREFIX = "mo-"


@dataclass(slots=True)
class Block:
    id: str
    runs: list[tuple[str, str]]  # (text as shown, its language)
    pause: int  # ms of silence after it, inside its clip


@dataclass(slots=True)
class Narration:
    ssml: str  # one <speak>, a <mark name="mN"/> before block N
    blocks: list[Block]
    stand_ins: dict[str, str] = field(default_factory=dict)  # voiceless language → passage


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def hidden(el) -> bool:
    return el.get("hidden") is not None or el.get("aria-hidden") == "true"


def _is_block(el) -> bool:
    return local(el) in BLOCK_TAGS


def _has_block(el) -> bool:
    return any(_is_block(d) for d in el.iterdescendants())


def _says(el) -> bool:
    """Has words to read: text, or a picture's alt text."""
    return isinstance(el.tag, str) and (bool("".join(el.itertext()).strip()) or any(
        (i.get("alt") or "").strip() for i in el.iter(f"{{{XHTML_NS}}}img")))


def _has_text(items: list) -> bool:
    return any(it.strip() if isinstance(it, str) else _says(it) for it in items)


def _wrap_inline(el) -> None:
    """Each stretch of `el`'s own text and inline elements between its block children, when
    it says something and is not one element already, wrapped in a <span>."""
    kids = list(el)
    segments: list[tuple[str, object]] = []
    stretch: list = [el.text or ""]
    for c in kids:
        tail, c.tail = c.tail or "", None
        if _is_block(c):
            segments += [("inline", stretch), ("block", c)]
            stretch = []
        else:
            stretch.append(c)
        stretch.append(tail)
    segments.append(("inline", stretch))
    el.text = None
    for c in kids:
        el.remove(c)
    last = None

    def put(item) -> None:
        nonlocal last
        if isinstance(item, str):
            if last is None:
                el.text = (el.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            el.append(item)
            last = item

    for kind, item in segments:
        if kind == "block":
            put(item)
            continue
        elements = [i for i in item if not isinstance(i, str)]
        loose = "".join(i for i in item if isinstance(i, str))
        if not _has_text(item) or (len(elements) == 1 and not loose.strip()):
            for i in item:
                put(i)
            continue
        span = etree.Element(f"{{{XHTML_NS}}}span")
        span.text = ""
        inner = None
        for i in item:
            if isinstance(i, str):
                if inner is None:
                    span.text += i
                else:
                    inner.tail = (inner.tail or "") + i
            else:
                span.append(i)
                inner = i
        put(span)


def targets(body) -> list:
    """The elements read as blocks, in document order (wrapping stretches of text as needed)."""
    out: list = []

    def walk(el) -> None:
        if not isinstance(el.tag, str) or hidden(el) or local(el) in UNSPOKEN:
            return
        if local(el) in CELLS or local(el) == "img" or not _has_block(el):
            out.append(el)
            return
        _wrap_inline(el)
        for c in el:
            walk(c)

    walk(body)
    return out


def language(el) -> str:
    for a in el.iterancestors():
        if a.get(XML_LANG):
            return a.get(XML_LANG)
    return ""


class _Reader(speech.VoiceChooser):

    def runs(self, el, lang: str, said: str, out: list[tuple[str, str]]) -> None:
        """The text of `el` (and its tail is the caller's) as runs with their language."""
        if hidden(el):
            return
        lang = el.get(XML_LANG) or lang
        tag = local(el)
        if tag == "img":
            alt = (el.get("alt") or "").strip()
            if alt:
                word = speech.ui_text(self.ed, speech.PICTURE, lang) or (speech.PICTURE, SOURCE_LANG)
                out += [word, (": " + alt, lang)]
            return
        if tag == "br":
            out.append((" ", lang))
            return
        if el.text:
            out.append((el.text, lang))
        for c in el:
            if isinstance(c.tag, str):
                self.runs(c, lang, said, out)
                if _is_block(c) and out and out[-1][0].rstrip()[-1:].isalnum():
                    out.append((". ", lang))  # a list inside a cell: one item, then the next
            if c.tail:
                out.append((c.tail, lang))
        title = el.get("title") if tag == "abbr" else None
        if title and title.casefold() not in said.casefold():
            out.append((f" ({title})", lang))

    def block_runs(self, el) -> list[tuple[str, str]]:
        lang = el.get(XML_LANG) or language(el) or self.ed.lang
        said = "".join(el.itertext())
        out: list[tuple[str, str]] = []
        number = _number(el)
        if number is not None:
            out.append((f"{number}. ", lang))
        head = _column_head(el)
        if head is not None:
            name: list[tuple[str, str]] = []
            self.runs(head, language(head) or self.ed.lang, "".join(head.itertext()), name)
            out += [*name, (_colon("".join(t for t, _ in name)) + " ", lang)]
        self.runs(el, language(el) or self.ed.lang, said, out)
        return out

    def ssml(self, runs: list[tuple[str, str]], pause: int) -> str:
        tokens: list[speech.Piece | int] = []
        for text, lang in runs:
            tokens += speech.pieces(self.ed, text, self.voice_of(lang, text), lang)
        tokens.append(pause)
        whole = speech.ssml(self.ed.lang, tokens)
        return whole[whole.index(">") + 1:whole.rindex("</speak>")]


def _number(el) -> int | None:
    """An ordered list item's number, for the item or for the first stretch of its text."""
    li = el if local(el) == "li" else el.getparent()
    if li is None or local(li) != "li" or (li is not el and (
            (li.text or "").strip() or next(iter(li), None) is not el)):
        return None
    ol = li.getparent()
    if ol is None or local(ol) != "ol":
        return None
    items = [c for c in ol if local(c) == "li"]
    return int(ol.get("start") or 1) + items.index(li)


def _column_head(el):
    """The column heading of a body cell (None for heading cells and cells with none)."""
    row = el.getparent()
    body = row.getparent() if row is not None else None
    if local(el) != "td" or body is None or local(body) != "tbody" or body.getparent() is None:
        return None
    heads = [c for tr in body.getparent().iter(f"{{{XHTML_NS}}}tr")
             if local(tr.getparent()) == "thead" for c in tr if local(c) in CELLS]
    index = [c for c in row if local(c) in CELLS].index(el)
    return heads[index] if index < len(heads) else None


def _pause(el) -> int:
    tag = local(el)
    if tag == "h1":
        return speech.PAUSE_MS["heading1"]
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return speech.PAUSE_MS["heading"]
    if any("titlepage" in (a.get(EPUB_TYPE) or "").split() for a in el.iterancestors()):
        return speech.PAUSE_MS["title"]
    return speech.PAUSE_MS["block"]


def narrate(ed: EditionDoc, tree, voice: Voice) -> Narration:
    """The blocks of one content document (ids given to those without one) and their SSML."""
    body = tree.find(f"{{{XHTML_NS}}}body")
    reader = _Reader(ed, voice)
    taken = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    blocks, parts, n = [], [], 0
    for el in (targets(body) if body is not None else []):
        runs = reader.block_runs(el)
        if not "".join(t for t, _ in runs).strip():
            continue
        if not el.get("id"):
            while f"{ID_PREFIX}{n}" in taken:
                n += 1
            el.set("id", f"{ID_PREFIX}{n}")
            taken.add(el.get("id"))
        pause = _pause(el)
        parts.append(f'<mark name="m{len(blocks)}"/>{reader.ssml(runs, pause)}')
        blocks.append(Block(el.get("id"), runs, pause))
    head = (f'<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
            f'xml:lang="{escape(ed.lang)}">')
    return Narration(head + "".join(parts) + "</speak>\n", blocks, reader.stand_ins)


__all__ = ["BLOCK_TAGS", "Block", "Narration", "hidden", "local", "narrate", "targets"]
