"""Close the gaps WeasyPrint's PDF/UA mode leaves, with pikepdf (TOOLCHAIN.md), and read back
what the checks need (page content, fonts, structure):

- Running footers (`@page` margin boxes) are `/Span` content whose elements are never linked
  into the tree. Every marked-content sequence whose element is not reachable from the
  StructTreeRoot becomes a pagination `/Artifact`, its ParentTree entry cleared (P01/P14).
- Lists (P10): a `<dl>` entry wrapper (`<div>` inside `<dl>`) becomes an `LI` holding the term
  as `Lbl` and the definition as `LBody`; block children of a list item (`<li><p>`) go into its
  `LBody`; the empty `LI` WeasyPrint leaves after a nested list goes.
- Tables (P09): one `/Table` per table, not per page (pdf_tables.py); `/IDTree` for TD `/Headers`.
- Links (P11): WeasyPrint's `/Contents` is the raw target (a fragment id or URL); it becomes the
  link's text, read from its Link structure element's marked content (glyphs decoded through
  the fonts' ToUnicode maps, right-to-left runs put back in reading order). An element inside a
  link that got its own annotation (`<a><abbr>`) hands the annotation to the Link.
- Output is deterministic: fixed /ID derived from the content, no fresh timestamps.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..select import EditionDoc
from .pdf_tables import join_tables


def _reachable(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
        elif isinstance(node, Dictionary) and node.get("/Type") != "/MCR":
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the tree, in reading order (depth first)."""
    out = []
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, Dictionary) and "/S" in node:
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            out.append(node)
            if "/K" in node:
                stack.append(node.K)
    return out


def kids(el: pikepdf.Dictionary) -> list:
    k = el.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_element(node) -> bool:
    return isinstance(node, Dictionary) and "/S" in node


def _tree(root: pikepdf.Dictionary, key: str) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """The (key, value) pairs of a number tree (/Nums) or name tree (/Names)."""
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        if key in node:
            pairs = node[key]
            out += [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)]
        stack.extend(node.get("/Kids", []))
    return out


def number_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    """A number tree (ParentTree, PageLabels) as a dict."""
    return {int(k): v for k, v in _tree(root, "/Nums")}


def name_tree(root: pikepdf.Dictionary) -> dict[bytes, pikepdf.Object]:
    """A name tree (Dests, IDTree) as a dict keyed by the raw name bytes."""
    return {bytes(k): v for k, v in _tree(root, "/Names")}


def _parent_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    return number_tree(root.ParentTree) if "/ParentTree" in root else {}


class Content:
    """Each page's content stream, parsed once and shared by every pass that reads it."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self._ops: dict[int, list] = {}

    def ops(self, index: int) -> list:
        if index not in self._ops:
            self._ops[index] = pikepdf.parse_content_stream(self.pdf.pages[index])
        return self._ops[index]

    def replace(self, index: int, ops: list) -> None:
        self._ops[index] = ops
        self.pdf.pages[index].obj.Contents = self.pdf.make_stream(
            pikepdf.unparse_content_stream(ops))


def orphans(pdf: pikepdf.Pdf, content: Content | None = None):
    """Marked-content sequences whose structure element is not in the tree, page by page:
    yields (page number, page, parsed operators, [(operator index, mcid, ParentTree array)])."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    content = content or Content(pdf)
    reachable = _reachable(tree)
    parents = _parent_tree(tree)
    for index, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        mapping = parents.get(int(key)) if key is not None else None
        ops = content.ops(index)
        found = []
        for i, (operands, op) in enumerate(ops):
            if len(operands) != 2 or str(op) != "BDC":
                continue
            props = operands[1]
            if not isinstance(props, Dictionary) or "/MCID" not in props:
                continue
            mcid = int(props.MCID)
            element = mapping[mcid] if mapping is not None and mcid < len(mapping) else None
            if not isinstance(element, Dictionary) or element.objgen not in reachable:
                found.append((i, mcid, mapping))
        if found:
            yield index + 1, page, ops, found


def artifact_orphans(pdf: pikepdf.Pdf, content: Content | None = None) -> int:
    """Turn marked content that is outside the structure tree into artifacts. Returns count."""
    content = content or Content(pdf)
    fixed = 0
    for pno, _page, ops, found in list(orphans(pdf, content)):
        for i, mcid, mapping in found:
            ops[i] = pikepdf.ContentStreamInstruction(
                [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
            if mapping is not None and mcid < len(mapping):
                mapping[mcid] = pikepdf.Object.parse(b"null")
            fixed += 1
        content.replace(pno - 1, ops)
    return fixed


def page_labels(pdf: pikepdf.Pdf) -> None:
    """P17: viewers show the numbers printed in the footer (counter(page) counts from the
    cover, which prints none)."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def labels(pdf: pikepdf.Pdf) -> list[str]:
    """The page label a viewer shows for each page (PDF 1.7, 12.4.2); page index + 1 when the
    document has no /PageLabels."""
    count = len(pdf.pages)
    tree = pdf.Root.get("/PageLabels")
    if tree is None:
        return [str(i + 1) for i in range(count)]
    ranges = sorted(number_tree(tree).items())
    out = []
    for i in range(count):
        start, spec = next(((s, d) for s, d in reversed(ranges) if s <= i), (0, Dictionary()))
        n = int(spec.get("/St", 1)) + i - start
        style = str(spec.get("/S", ""))
        text = {"/D": str(n), "/r": _roman(n), "/R": _roman(n).upper(),
                "/a": chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1),
                "/A": chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)}.get(style, "")
        out.append(str(spec.get("/P", "")) + text)
    return out


# --- fonts and text ------------------------------------------------------------------------

_HEX = r"<([0-9A-Fa-f]*)>"


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", "replace") if hexstr else ""


def to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap (bfchar and bfrange) as code → text."""
    text = data.decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(_HEX + r"\s*" + _HEX, block):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(_HEX + r"\s*" + _HEX + r"\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                      block):
            lo_i, hi_i = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for i, item in enumerate(re.findall(_HEX, dst)):
                    out[lo_i + i] = _utf16(item)
            elif dst[1:-1]:
                base = bytearray.fromhex(dst[1:-1])
                for i, code in enumerate(range(lo_i, hi_i + 1)):
                    value = bytes(base[:-1]) + bytes([(base[-1] + i) & 0xFF])
                    out[code] = value.decode("utf-16-be", "replace")
    return out


def _cids(data: bytes) -> dict[int, int]:
    """An encoding CMap (cidchar and cidrange) as code → CID."""
    text = data.decode("latin-1")
    out: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for src, cid in re.findall(_HEX + r"\s*(\d+)", block):
            out[int(src, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for lo, hi, cid in re.findall(_HEX + r"\s*" + _HEX + r"\s*(\d+)", block):
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = int(cid) + i
    return out


class Font:
    """What a font's dictionaries say about the codes drawn with it: their width in bytes, their
    text (ToUnicode) and which of them draw glyph 0, .notdef (P12)."""

    def __init__(self, obj: pikepdf.Dictionary):
        self.name = str(obj.get("/BaseFont", "?")).split("+")[-1]
        self.composite = obj.get("/Subtype") == "/Type0"
        tounicode = obj.get("/ToUnicode")
        self.unicode = (to_unicode(tounicode.read_bytes())
                        if isinstance(tounicode, pikepdf.Stream) else None)
        self.cids: dict[int, int] | None = None  # None: Identity-H, the code is the CID
        self.known = True  # False: a predefined CMap we cannot resolve (no .notdef check)
        self.gids: bytes | None = None  # CIDToGIDMap stream; None: Identity
        if self.composite:
            enc = obj.get("/Encoding")
            if isinstance(enc, pikepdf.Stream):
                self.cids = _cids(enc.read_bytes())
            elif str(enc) not in ("/Identity-H", "/Identity-V"):
                self.known = False
            for desc in obj.get("/DescendantFonts", []):
                c2g = desc.get("/CIDToGIDMap")
                if isinstance(c2g, pikepdf.Stream):
                    self.gids = c2g.read_bytes()

    def codes(self, data: bytes) -> list[int]:
        if not self.composite:
            return list(data)
        return [(data[i] << 8) | data[i + 1] for i in range(0, len(data) - 1, 2)]

    def notdef(self, code: int) -> bool:
        """The code draws glyph 0 (.notdef): a character the font does not have."""
        if not self.composite or not self.known:
            return False
        cid = code if self.cids is None else self.cids.get(code, 0)
        if self.gids is None:
            return cid == 0
        return self.gids[2 * cid:2 * cid + 2] in (b"\0\0", b"\0", b"")

    def text(self, codes: list[int]) -> list[str]:
        table = self.unicode or {}
        return [table.get(c, "\ufffd") for c in codes]


class Run(NamedTuple):
    """One text-showing operator: the marked content it sits in, its font, codes and line."""

    mcid: int | None
    artifact: bool
    font: Font
    codes: list[int]
    line: tuple


_HEXSTRING = re.compile(rb"<([0-9A-Fa-f]*)>")
_ODD_HEX = re.compile(rb"<(?:[0-9A-Fa-f]{2})*[0-9A-Fa-f]>")


def _shown(operands, op: str) -> bytes:
    """The bytes a text-showing operator draws (the strings of a TJ array, joined)."""
    if op == "TJ":
        raw = operands[0].unparse()
        if b"(" not in raw and not _ODD_HEX.search(raw):  # hex strings (what WeasyPrint
            return bytes.fromhex(b"".join(_HEXSTRING.findall(raw)).decode())  # writes): at once
        return b"".join(bytes(x) for x in operands[0] if isinstance(x, pikepdf.String))
    if operands and isinstance(operands[-1], pikepdf.String):
        return bytes(operands[-1])
    return b""


def text_runs(pdf: pikepdf.Pdf, index: int, content: Content, fonts: dict,
              marks: list[int] | None = None) -> Iterator[Run]:
    """Every text-showing operator on a page (and in the forms it draws), with the marked
    content around it. `fonts` caches Font objects by object id across pages; `marks`, when
    given, receives the MCID of every marked-content sequence the page opens."""
    node = pdf.pages[index].obj
    while "/Resources" not in node and isinstance(node.get("/Parent"), Dictionary):
        node = node.Parent  # inherited from the page tree
    yield from _runs(content.ops(index), node.get("/Resources", Dictionary()), fonts, [], set(),
                     marks)


def _runs(ops, resources, fonts: dict, stack: list, forms: set,
          marks: list[int] | None = None) -> Iterator[Run]:
    font = None
    line: tuple = (0, 0)
    breaks = 0
    font_res = resources.get("/Font", Dictionary())
    for operands, operator in ops:
        op = str(operator)
        if op in ("TJ", "Tj", "'", '"'):
            if op in ("'", '"'):
                breaks += 1
                line = (line[0], breaks)
            if font is None:
                continue
            data = _shown(operands, op)
            if not data:
                continue
            mcid = next((m for _t, m in reversed(stack) if m is not None), None)
            artifact = any(t == "/Artifact" for t, _m in stack)
            yield Run(mcid, artifact, font, font.codes(data), line)
        elif op == "BDC":
            props = operands[1] if len(operands) > 1 else None
            mcid = None
            if isinstance(props, Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
                if marks is not None:
                    marks.append(mcid)
            stack.append((str(operands[0]), mcid))
        elif op == "BMC":
            stack.append((str(operands[0]), None))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            obj = font_res.get(str(operands[0]))
            if isinstance(obj, Dictionary):
                key = obj.objgen if obj.is_indirect else id(obj)
                if key not in fonts:
                    fonts[key] = Font(obj)
                font = fonts[key]
        elif op == "Tm":
            line = (float(operands[5]), breaks)
        elif op in ("Td", "TD"):
            if float(operands[1]):
                line = (line[0] + float(operands[1]), breaks)
        elif op == "T*":
            breaks += 1
            line = (line[0], breaks)
        elif op == "Do":
            xobj = resources.get("/XObject", Dictionary()).get(str(operands[0]))
            if (isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form"
                    and xobj.objgen not in forms):
                forms.add(xobj.objgen)
                yield from _runs(pikepdf.parse_content_stream(xobj),
                                 xobj.get("/Resources", resources), fonts, stack, forms)
                forms.discard(xobj.objgen)


def _direction(text: str) -> str:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind in ("L", "EN", "AN"):
            return "L"
    return "N"


def logical(glyphs: list[str]) -> str:
    """The text of glyphs drawn in visual order (left to right), in reading order: a run with
    right-to-left letters is reversed, keeping the left-to-right runs inside it (numbers,
    Latin words) in their order."""
    kinds = [_direction(g) for g in glyphs]
    if "R" not in kinds:
        return "".join(glyphs)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:  # a left-to-right run, without the neutrals that trail it
        core = len(run)
        while core and _direction(run[core - 1]) == "N":
            core -= 1
        out.extend(reversed(run[:core]))
        out.extend(run[core:])
        run.clear()

    for g, kind in zip(reversed(glyphs), reversed(kinds)):
        if kind == "L" or (run and kind == "N"):
            run.append(g)
            continue
        if run:
            flush()
        out.append(g)
    if run:
        flush()
    return "".join(out)


def marked_text(pdf: pikepdf.Pdf, index: int, content: Content,
                fonts: dict) -> dict[int, list[tuple[tuple, str]]]:
    """The text of each marked-content sequence on a page: mcid → [(line, text)]."""
    out: dict[int, list[tuple[tuple, str]]] = {}
    for run in text_runs(pdf, index, content, fonts):
        if run.mcid is not None:
            out.setdefault(run.mcid, []).append((run.line, logical(run.font.text(run.codes))))
    return out


def _join(parts: list[tuple[object, str]]) -> str:
    """Join text pieces, with a space where the next one starts another line."""
    out = ""
    previous = None
    for line, text in parts:
        if previous is not None and line != previous and not out.endswith(" "):
            out += " "
        out += text
        previous = line
    out = re.sub(r"(\s*[.·…]){3,}\s*", " ", out)  # contents leaders
    return " ".join(out.replace("\ufffd", "").split())


# --- structure fixes -------------------------------------------------------------------------


def _new_element(pdf: pikepdf.Pdf, tag: Name, parent: pikepdf.Dictionary,
                 children: list) -> pikepdf.Dictionary:
    el = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=tag, P=parent, K=Array(children)))
    if "/Pg" in parent:
        el.Pg = parent.Pg
    for child in children:
        if is_element(child):
            child.P = el
    return el


def fix_lists(pdf: pikepdf.Pdf) -> int:
    """P10: L → LI → (Lbl, LBody) where WeasyPrint writes something else. Returns count."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return 0
    fixed = 0
    for el in elements(tree):
        tag = el.get("/S")
        if tag == "/L":
            items, entries = [], 0
            for kid in kids(el):
                if is_element(kid) and kid.S == "/Div" and kids(kid) and all(
                        is_element(k) and k.S == "/LI" for k in kids(kid)):
                    items.extend(_glossary_entry(kid, el))
                    entries += 1
                else:
                    items.append(kid)
            if entries:
                el.K = Array(items)
                fixed += entries
        elif tag == "/LI":
            fixed += _list_body(pdf, el)
    for el in elements(tree):
        if el.get("/S") == "/L" and any(_empty_item(k) for k in kids(el)):
            el.K = Array([k for k in kids(el) if not _empty_item(k)])
            fixed += 1
    return fixed


def _empty_item(node) -> bool:
    """An LI with nothing in it (WeasyPrint leaves one where a nested list ends an item)."""
    return is_element(node) and node.S == "/LI" and not kids(node)


def _glossary_entry(div: pikepdf.Dictionary, parent: pikepdf.Dictionary) -> list:
    """A `<div>` grouping `<dt>` and `<dd>` (each an LI with one LBody) becomes one LI: the
    term as Lbl, the definition as LBody. Any other shape: its LIs join the list."""
    items = kids(div)
    bodies = [kids(li) for li in items]
    if len(items) == 2 and all(len(b) == 1 and is_element(b[0]) and b[0].S == "/LBody"
                               for b in bodies):
        term, definition = bodies[0][0], bodies[1][0]
        term.S = Name.Lbl
        div.S = Name.LI
        div.K = Array([term, definition])
        term.P = definition.P = div
        div.P = parent
        return [div]
    for li in items:
        li.P = parent
    return items


def _list_body(pdf: pikepdf.Pdf, li: pikepdf.Dictionary) -> int:
    """Block children of a list item (`<li><p>`) go into its LBody."""
    items = kids(li)
    strays = [k for k in items if not (is_element(k) and str(k.S) in ("/Lbl", "/LBody"))]
    if not strays or not all(is_element(k) for k in strays):
        return 0  # content directly in the LI is left for the check to report
    bodies = [k for k in items if is_element(k) and k.S == "/LBody"]
    if len(bodies) > 1:
        return 0
    if bodies:
        body = bodies[0]
        at = items.index(body)
        before = [k for k in items[:at] if k in strays]
        after = [k for k in items[at:] if k in strays]
        body.K = Array(before + kids(body) + after)
        for k in strays:
            k.P = body
    else:
        body = _new_element(pdf, Name.LBody, li, strays)
    li.K = Array([k for k in items if is_element(k) and k.S == "/Lbl"] + [body])
    return 1


def id_tree(pdf: pikepdf.Pdf) -> int:
    """P09: the /IDTree through which TD /Headers find their TH (PDF 1.7, 14.7.2: required
    when any structure element has an /ID). Returns the number of IDs."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/IDTree" in tree:
        return 0
    ids = {bytes(el.ID): el for el in elements(tree) if "/ID" in el and el.is_indirect}
    if not ids:
        return 0
    names = Array()
    for key in sorted(ids):
        names.append(pikepdf.String(key))
        names.append(ids[key])
    tree.IDTree = pdf.make_indirect(Dictionary(Names=names))
    return len(ids)


# --- links ------------------------------------------------------------------------------------


def dest_page(pdf: pikepdf.Pdf, dest, names: dict | None = None) -> int | None:
    """The page index a destination (explicit array, named, or /GoTo action) points to."""
    if isinstance(dest, pikepdf.String | Name):
        if names is None:
            dests = pdf.Root.get("/Names", Dictionary()).get("/Dests")
            names = name_tree(dests) if dests is not None else {}
        key = bytes(dest) if isinstance(dest, pikepdf.String) else str(dest)[1:].encode()
        dest = names.get(key)
    if isinstance(dest, Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, Array) and len(dest) and isinstance(dest[0], Dictionary):
        for i, page in enumerate(pdf.pages):
            if page.obj.objgen == dest[0].objgen:
                return i
    return None


def link_text(pdf: pikepdf.Pdf, link: pikepdf.Dictionary, page_of: dict, text_of) -> str:
    """The text of a Link structure element (and of the Link elements it sits in or holds);
    an element inside it with /ActualText or /Alt (an image) counts as that text."""
    while is_element(link.get("/P")) and link.P.S == "/Link":
        link = link.P
    parts: list[tuple[object, str]] = []

    def walk(el, pg):
        pg = el.get("/Pg", pg)
        for kid in kids(el):
            if isinstance(kid, int):
                if pg is not None and pg.objgen in page_of:
                    index = page_of[pg.objgen]
                    parts.extend(((index, line), t) for line, t in text_of(index).get(kid, []))
            elif is_element(kid):
                alt = str(kid.get("/ActualText", kid.get("/Alt", ""))).strip()
                if alt:
                    parts.append((("alt", len(parts)), alt))
                else:
                    walk(kid, pg)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                mpg = kid.get("/Pg", pg)
                if mpg is not None and mpg.objgen in page_of:
                    index = page_of[mpg.objgen]
                    parts.extend(((index, line), t)
                                 for line, t in text_of(index).get(int(kid.MCID), []))

    walk(link, None)
    return _join(parts)


def _set_number(root: pikepdf.Dictionary, key: int, value) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                if int(nums[i]) == key:
                    nums[i + 1] = value
                    return
        stack.extend(node.get("/Kids", []))


def link_parents(pdf: pikepdf.Pdf) -> int:
    """P11: a link annotation belongs to a Link element. WeasyPrint gives an element inside a
    link its own annotation (`<a><abbr>UNCRC</abbr></a>`: a NonStruct in the Link): its
    object reference moves up to the Link. Returns the number moved."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return 0
    parents = number_tree(tree.ParentTree)
    moved = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if (not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link"
                    or "/StructParent" not in annot):
                continue
            key = int(annot.StructParent)
            el = parents.get(key)
            if not is_element(el) or el.S == "/Link":
                continue
            link = el.get("/P")
            while is_element(link) and link.S != "/Link":
                link = link.get("/P")
            if not is_element(link):
                el.S = Name.Link  # the element holds the link's content: it is the link
                moved += 1
                continue
            mine = [isinstance(k, Dictionary) and k.get("/Type") == "/OBJR"
                    and isinstance(k.get("/Obj"), Dictionary) and k.Obj.objgen == annot.objgen
                    for k in kids(el)]
            refs = [k for k, hit in zip(kids(el), mine) if hit]
            el.K = Array([k for k, hit in zip(kids(el), mine) if not hit])
            link.K = Array(kids(link) + (refs or [pdf.make_indirect(Dictionary(
                Type=Name.OBJR, Obj=annot, Pg=page.obj))]))
            _set_number(tree.ParentTree, key, link)
            moved += 1
    return moved


def link_contents(pdf: pikepdf.Pdf, ed: EditionDoc, content: Content | None = None) -> int:
    """P11: every link annotation's /Contents is the link's text (PDF/UA 7.18.5); a link with
    no text says where it goes ("Go to page 4", the URL). Returns the number of links."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return 0
    content = content or Content(pdf)
    parents = _parent_tree(tree)
    page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    fonts: dict = {}
    texts: dict[int, dict] = {}
    shown = labels(pdf)
    _ = getattr(ed, "_", None) or (lambda text, **kw: text % kw)  # interface string

    def text_of(index: int) -> dict:
        if index not in texts:
            texts[index] = marked_text(pdf, index, content, fonts)
        return texts[index]

    count = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            link = parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
            text = link_text(pdf, link, page_of, text_of) if is_element(link) else ""
            if not text:
                action = annot.get("/A", Dictionary())
                if action.get("/S") == "/URI":
                    text = str(action.URI)
                else:
                    target = dest_page(pdf, annot.get("/Dest", action.get("/D")))
                    if target is not None:
                        text = _("Go to page %(page)s", page=shown[target])
            if text:
                annot.Contents = pikepdf.String(text)
                count += 1
    return count


def finish_pdf(data: bytes, ed: EditionDoc) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = Content(pdf)
        join_tables(pdf, content, ed)  # first: the header rows it takes out become artifacts
        artifact_orphans(pdf, content)
        page_labels(pdf)
        fix_lists(pdf)
        id_tree(pdf)
        link_parents(pdf)
        link_contents(pdf, ed, content)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
