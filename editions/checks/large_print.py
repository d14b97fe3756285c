"""Large print (LP01–LP16), measured on the written file, never on our CSS or styles.

PDF: one pass over every page's content stream with pikepdf (text matrix, CTM, font size,
glyph widths and ToUnicode from the embedded fonts), each piece of text tied to its structure
element (ParentTree), so lines, paragraphs, list items and table cells are the tagged ones.
DOCX: the XML parts, every run's effective properties resolved through docDefaults, the table
style, the paragraph and character style chains (basedOn) and direct formatting.

Sizes are in points; a "line" is the font size times the line height (CSS's meaning: the
distance from one baseline to the next in a paragraph)."""

from __future__ import annotations

import math
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from lxml import etree

from .. import model as m
from ..findings import Finding
from ..select import EditionDoc
from ..writers.pdf_fix import to_unicode

MIN_PT = 16.0  # LP01: nothing smaller
BODY_PT = 18.0  # LP01: body text
LINE_HEIGHT = (1.3, 1.5)  # LP05, house rule
LINE_HEIGHT_ARABIC = 2.0  # LP05: Urdu (Arabic script) at least
MARGIN_MM = 20.0  # LP16, house rule
A4_PT = (595.276, 841.89)  # LP11: 210 × 297 mm
ALLOWED_FACES = ("Noto Sans", "Noto Sans CJK SC", "Noto Naskh Arabic", "Arial")  # LP03
PER_RULE = 6  # findings per rule before the rest are summarised in one
PT_PER_MM = 72 / 25.4
FIX = {
    "LP01": "body text 18 pt or more, nothing under 16 pt (layouts/pdf/large-print.css, the "
            "large-print block of layouts/docx/styles.yaml)",
    "LP03": "set the text in an allowed sans-serif face: " + ", ".join(ALLOWED_FACES),
    "LP04": "emphasise with bold only: no italics, no underline except links, no capitals",
    "LP05": "line height 1.3–1.5 (Arabic script 2.0 or more) in the large-print layout",
    "LP06": "leave at least one line of space after every paragraph in the large-print layout",
    "LP07": "align text to the start (left; right for Urdu), never justify or centre",
    "LP08": "no hyphenation; keep dates and phone numbers together with non-breaking spaces "
            "(transforms.keep_together)",
    "LP10": "set large print in a single column",
    "LP11": "A4 portrait pages",
    "LP15": "linearise the table into headed parts, or set it at 16 pt or more with its header "
            "row repeated on every page",
    "LP16": "margins of 20 mm or more on every side",
}

_STYLE_WORDS = ("regular", "bold", "semibold", "demibold", "medium", "book", "roman", "normal",
                "italic", "oblique", "mt", "ps")
_ALLOWED = {re.sub(r"[^a-z0-9]", "", f.lower()) for f in ALLOWED_FACES}


def _face(name: str) -> str:
    """Family key of a font name: 'ABCDEF+Noto-Sans-Bold' → 'notosans'."""
    key = re.sub(r"[^a-z0-9]", "", name.split("+", 1)[-1].lower())
    changed = True
    while changed:
        changed = False
        for word in _STYLE_WORDS:
            if key.endswith(word) and len(key) > len(word):
                key, changed = key[: -len(word)], True
    return key


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
        or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF \
        or 0x20000 <= o <= 0x2FFFF or 0x3000 <= o <= 0x303F


def _arabic_text(text: str) -> bool:
    """Mostly Arabic-script letters (Urdu): right to left, line height 2.0 or more."""
    arabic = sum(1 for c in text if _is_arabic(c))
    other = sum(1 for c in text if c.isalpha() and not _is_arabic(c))
    return arabic > other




# --- text rules shared by both formats --------------------------------------------------------


def _months(lang: str) -> list[str]:
    from babel.dates import get_month_names

    names: set[str] = set()
    for tag in {"en_GB", lang.replace("-", "_")}:
        try:
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    names.update(get_month_names(width, context, locale=tag).values())
        except Exception:  # an unknown locale: English months only
            continue
    words = set()
    for name in names:  # "An t-Ògmhios" → "Ògmhios"; "dhen Fhaoilleach" → "Fhaoilleach"
        last = name.split()[-1].split("-")[-1].strip(".")
        if len(last) >= 3 and not last[0].isdigit():
            words.add(last)
    return sorted(words, key=len, reverse=True)


_KEEP: dict[str, re.Pattern] = {}


def _keep_together(lang: str) -> re.Pattern:
    """Dates and phone numbers: items LP08 says must never split across lines."""
    if lang not in _KEEP:
        months = "|".join(re.escape(w) for w in _months(lang))
        _KEEP[lang] = re.compile(
            rf"(?<![\w])(?:\d{{1,2}}\.? (?:{months})(?: \d{{4}})?|(?:{months}) \d{{1,4}}"
            r"|(?:\+\d{1,3} ?(?:\(0\) ?)?\d{2,5}|0\d{2,5})(?: \d{2,4}){1,3})(?![\w])")
    return _KEEP[lang]


def _split_items(before: str, after: str, lang: str) -> list[str]:
    """Dates or phone numbers broken between the end of one line and the start of the next;
    in Chinese (no spaces), a number broken in two. (A break between a number and 年 or 月 is
    ordinary Chinese line breaking.)"""
    tail, head = before.rstrip()[-40:], after.lstrip()[:40]
    joined = f"{tail} {head}"
    cut = len(tail)
    found = [x[0] for x in _keep_together(lang).finditer(joined) if x.start() < cut < x.end()]
    if tail and head and tail[-1].isdigit() and head[0].isdigit() \
            and any(_is_cjk(c) for c in tail[-6:] + head[:6]):
        found.append(tail[-6:] + head[:6])
    return found


def _capitals(text: str) -> str | None:
    """A block of capitals (LP04): a phrase of three or more words in capitals, twelve letters
    or more. Acronyms (NHS, CAMHS) make shorter runs; a list of names written in capitals
    ("FAMILY, CARE, PEOPLE") is broken by its commas and is not emphasis."""
    run: list[str] = []
    best: list[str] = []
    for token in text.split():
        letters = [c for c in token if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            run.append(token)
            if len(run) >= 3 and sum(sum(c.isalpha() for c in t) for t in run) >= 12:
                best = list(run)
            if token.endswith((",", ";", "،", "、", "，", "；")):
                run = []
        else:
            run = []
    return " ".join(best) if best else None


class _Report:
    """Findings grouped by rule and place: one per (rule, place), at most PER_RULE places per
    rule, the rest summed up in one more finding that names them."""

    def __init__(self, artifact: str):
        self.artifact = artifact
        self.places: dict[str, dict[str, list]] = defaultdict(dict)

    def add(self, rule: str, where: str, message: str) -> None:
        entry = self.places[rule].get(where)
        if entry is None:
            self.places[rule][where] = [message, 1]
        else:
            entry[1] += 1

    def findings(self) -> list[Finding]:
        out = []
        for rule in sorted(self.places):
            items = list(self.places[rule].items())
            for where, (message, count) in items[:PER_RULE]:
                more = f" (and {count - 1} more here)" if count > 1 else ""
                out.append(Finding(rule, "error", message + more, FIX[rule],
                                   artifact=self.artifact, where=where))
            rest = items[PER_RULE:]
            if rest:
                names = ", ".join(w for w, _ in rest[:8]) + (", …" if len(rest) > 8 else "")
                out.append(Finding(rule, "error", f"the same in {len(rest)} more places",
                                   FIX[rule], artifact=self.artifact, where=names))
        return out


# --- PDF: reading the content streams ---------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(a: Matrix, b: Matrix) -> Matrix:
    """a then b (PDF row-vector convention)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _apply(mx: Matrix, x: float, y: float) -> tuple[float, float]:
    return mx[0] * x + mx[2] * y + mx[4], mx[1] * x + mx[3] * y + mx[5]


@dataclass(slots=True)
class _Font:
    name: str
    two_byte: bool
    widths: dict[int, float]
    ranges: list[tuple[int, int, float]]
    default: float
    umap: dict[int, str] | None
    italic: bool
    ascent: float
    descent: float

    def width(self, code: int) -> float:
        w = self.widths.get(code)
        if w is None:
            for lo, hi, v in self.ranges:
                if lo <= code <= hi:
                    return v
            return self.default
        return w

    def text(self, code: int) -> str:
        if self.umap is not None:
            return self.umap.get(code, "\ufffd")
        return chr(code) if not self.two_byte else "\ufffd"


def _load_font(obj) -> _Font:
    base = str(obj.get("/BaseFont", "/unknown"))[1:]
    two = obj.get("/Subtype") == "/Type0"
    desc = obj.get("/FontDescriptor")
    widths: dict[int, float] = {}
    ranges: list[tuple[int, int, float]] = []
    default = 1000.0 if two else 0.0
    if two:
        d = obj.DescendantFonts[0]
        desc = d.get("/FontDescriptor", desc)
        default = float(d.get("/DW", 1000))
        w = list(d.get("/W", []))
        i = 0
        while i + 1 < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], pikepdf.Array):
                for k, v in enumerate(w[i + 1]):
                    widths[first + k] = float(v)
                i += 2
            else:
                ranges.append((first, int(w[i + 1]), float(w[i + 2])))
                i += 3
    else:
        first = int(obj.get("/FirstChar", 0))
        for k, v in enumerate(obj.get("/Widths", [])):
            widths[first + k] = float(v)
        if desc is not None:
            default = float(desc.get("/MissingWidth", 0))
    umap = to_unicode(obj.ToUnicode.read_bytes()) if "/ToUnicode" in obj else None
    italic = bool(re.search(r"italic|oblique", base, re.I))
    ascent, descent = 0.9, 0.25
    if desc is not None:
        italic = italic or float(desc.get("/ItalicAngle", 0)) != 0 \
            or bool(int(desc.get("/Flags", 0)) & 64)
        ascent = float(desc.get("/Ascent", 900)) / 1000 or 0.9
        descent = abs(float(desc.get("/Descent", -250))) / 1000 or 0.25
    return _Font(base, two, widths, ranges, default, umap, italic, ascent, descent)


@dataclass(slots=True)
class _Run:
    """One text-showing operator, in default user space (points, y up)."""

    page: int
    order: int
    x0: float  # first inked glyph's left edge
    x1: float  # last inked glyph's right edge
    base: float  # baseline
    size: float  # effective size in points
    font: _Font
    text: str
    sheared: bool  # synthetic oblique
    block: int | None  # the block structure element (P, LBody, TD…); None for artifacts
    artifact: bool
    spaces: int = 0
    stretch: float = 0.0  # points added to word spaces beyond the font's own advance


@dataclass(slots=True)
class _Elem:
    key: int
    kind: str  # P, H2, LBody, Lbl, TD, Caption…
    top: bool  # a direct child of Document/Part/Sect/Art/Div
    table: int | None
    header_cell: bool
    link: bool
    lang: str | None  # the nearest /Lang on the block or above it


_RTL_CACHE: dict[str, bool] = {}


def _rtl_lang(lang: str) -> bool:
    if lang not in _RTL_CACHE:
        from ..i18n import is_rtl

        _RTL_CACHE[lang] = bool(lang) and is_rtl(lang)
    return _RTL_CACHE[lang]


_BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LBody", "Lbl", "LI", "TD", "TH",
           "Caption", "BlockQuote", "TOCI", "Note", "Figure", "Formula", "Title", "Index"}
_TOP = {"Document", "Part", "Sect", "Art", "Div", "NonStruct"}


def _parent_tree(root) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    stack = [root.get("/ParentTree")] if "/ParentTree" in root else []
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                out[int(nums[i])] = nums[i + 1]
        stack.extend(node.get("/Kids", []))
    return out


class _Pdf:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.fonts: dict[tuple, _Font] = {}
        self.elems: dict[tuple, _Elem] = {}
        tree = pdf.Root.get("/StructTreeRoot")
        self.parents = _parent_tree(tree) if tree is not None else {}
        self.runs: list[_Run] = []
        self.marks: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
        self.strokes: dict[int, list[tuple[float, float, float, bool]]] = defaultdict(list)
        self.elem_info: dict[int, _Elem] = {}

    def font(self, obj) -> _Font:
        key = obj.objgen if obj.is_indirect else (id(obj),)
        f = self.fonts.get(key)
        if f is None:
            f = self.fonts[key] = _load_font(obj)
        return f

    def elem(self, el) -> _Elem | None:
        if not isinstance(el, pikepdf.Dictionary):
            return None
        key = el.objgen if el.is_indirect else None
        info = self.elems.get(key) if key else None
        if info is not None:
            return info
        block, table, header, link, lang, node, depth = None, None, False, False, None, el, 0
        btype, top = "", True
        while isinstance(node, pikepdf.Dictionary) and "/S" in node and depth < 40:
            kind = str(node.S)[1:]
            if kind == "Link":
                link = True
            if block is None and kind in _BLOCKS:
                block = node
                parent = node.get("/P")
                top = not (isinstance(parent, pikepdf.Dictionary) and "/S" in parent) \
                    or str(parent.S)[1:] in _TOP
                header = kind == "TH"
                btype = kind
            if block is not None and lang is None and "/Lang" in node:
                lang = str(node.Lang)
            if kind == "Table" and table is None:
                table = node.objgen[0]
            node, depth = node.get("/P"), depth + 1
        if block is None:
            block, btype = el, str(el.get("/S", "/Span"))[1:]
            lang = str(el.Lang) if "/Lang" in el else None
        info = _Elem(block.objgen[0] if block.is_indirect else id(block), btype, top, table,
                     header, link, lang)
        if key:
            self.elems[key] = info
        self.elem_info[info.key] = info
        return info

    def read(self) -> None:
        order = 0
        for pno, page in enumerate(self.pdf.pages, 1):
            sp = page.obj.get("/StructParents")
            mapping = self.parents.get(int(sp)) if sp is not None else None
            order = self._stream(pno, page.obj, pikepdf.parse_content_stream(page), IDENTITY,
                                 mapping, order, 0)

    def _stream(self, pno, owner, ops, ctm0: Matrix, mapping, order: int, depth: int,
                outer: tuple[_Elem | None, bool] = (None, False)) -> int:
        """One content stream (a page, or a form XObject drawn on it): text runs, painted
        marks and horizontal rules, in default user space."""
        resources = owner.get("/Resources", {})
        fonts = resources.get("/Font", {})
        xobjects = resources.get("/XObject", {})
        ctm = ctm0
        stack: list[tuple] = []
        font: _Font | None = None
        size = 0.0
        tc = tw = 0.0
        th = 1.0
        tl = 0.0
        tm = tlm = IDENTITY
        fill_white = False
        marked: list[tuple[_Elem | None, bool]] = []  # (element, artifact)
        path: list[tuple[float, float]] = []
        segments: list[tuple[float, float, float, float]] = []
        cur = (0.0, 0.0)

        def context() -> tuple[_Elem | None, bool]:
            for el, art in reversed(marked):
                if art:
                    return None, True
                if el is not None:
                    return el, False
            return outer  # a form XObject is inside the page's marked content

        for operands, op in ops:
            o = str(op)
            if o in ("Tj", "TJ", "'", '"'):
                if font is None:
                    continue
                if o == "'" or o == '"':
                    if o == '"':
                        tw, tc = float(operands[0]), float(operands[1])
                    tlm = _mul((1, 0, 0, 1, 0, -tl), tlm)
                    tm = tlm
                items = operands[0] if o == "TJ" else [operands[-1]]
                trm = _mul(tm, ctm)
                eff = size * math.hypot(trm[2], trm[3])
                norm = math.hypot(trm[0], trm[1]) * math.hypot(trm[2], trm[3])
                sheared = bool(norm) and abs(trm[0] * trm[2] + trm[1] * trm[3]) > 0.02 * norm
                adv = 0.0
                ink0 = ink1 = None
                chars: list[str] = []
                spaces = 0
                stretch = 0.0
                after_space = False
                for item in items:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        codes = ([raw[i] << 8 | raw[i + 1] for i in range(0, len(raw) - 1, 2)]
                                 if font.two_byte else list(raw))
                        for code in codes:
                            ch = font.text(code)
                            w = font.width(code) / 1000 * size
                            step = (w + tc + (tw if (not font.two_byte and code == 32) else 0)) * th
                            if ch.strip():
                                if ink0 is None:
                                    ink0 = adv
                                ink1 = adv + w * th
                                after_space = False
                            else:
                                spaces += 1
                                stretch += step - w * th
                                after_space = True
                            chars.append(ch)
                            adv += step
                    else:
                        shift = -float(item) / 1000 * size * th
                        adv += shift
                        if after_space:
                            stretch += shift
                tm = _mul((1, 0, 0, 1, adv, 0), tm)
                text = "".join(chars)
                if ink0 is None:
                    continue
                x_a, y_a = _apply(trm, ink0, 0)
                x_b, _ = _apply(trm, ink1, 0)
                el, art = context()
                order += 1
                scale = math.hypot(trm[0], trm[1])
                self.runs.append(_Run(pno, order, min(x_a, x_b), max(x_a, x_b), y_a, eff, font,
                                      text, sheared, None if el is None else el.key, art,
                                      spaces, stretch * scale))
                if not art:
                    self.marks[pno].append((min(x_a, x_b), y_a - font.descent * eff,
                                            max(x_a, x_b), y_a + font.ascent * eff))
            elif o == "Tf":
                f = fonts.get(str(operands[0])) if fonts is not None else None
                font = self.font(f) if f is not None else None
                size = float(operands[1])
            elif o == "Tm":
                tm = tlm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif o == "Td" or o == "TD":
                tx, ty = float(operands[0]), float(operands[1])
                if o == "TD":
                    tl = -ty
                tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
                tm = tlm
            elif o == "T*":
                tlm = _mul((1, 0, 0, 1, 0, -tl), tlm)
                tm = tlm
            elif o == "BT":
                tm = tlm = IDENTITY
            elif o == "TL":
                tl = float(operands[0])
            elif o == "Tc":
                tc = float(operands[0])
            elif o == "Tw":
                tw = float(operands[0])
            elif o == "Tz":
                th = float(operands[0]) / 100
            elif o == "cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif o == "q":
                stack.append((ctm, font, size, tc, tw, th, tl, fill_white))
            elif o == "Q":
                if stack:
                    ctm, font, size, tc, tw, th, tl, fill_white = stack.pop()
            elif o == "BDC" or o == "BMC":
                tag = str(operands[0])
                el = None
                if o == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                        and "/MCID" in operands[1] and mapping is not None:
                    mcid = int(operands[1].MCID)
                    if mcid < len(mapping):
                        el = self.elem(mapping[mcid])
                marked.append((el, tag == "/Artifact"))
            elif o == "EMC":
                if marked:
                    marked.pop()
            elif o in ("rg", "g", "k", "sc", "scn"):
                vals = [float(v) for v in operands if not isinstance(v, pikepdf.Name)]
                fill_white = bool(vals) and (all(v >= 0.999 for v in vals) if o != "k"
                                             else all(v <= 0.001 for v in vals))
            elif o == "m":
                cur = _apply(ctm, float(operands[0]), float(operands[1]))
                path.append(cur)
            elif o == "l":
                nxt = _apply(ctm, float(operands[0]), float(operands[1]))
                segments.append((*cur, *nxt))
                path.append(nxt)
                cur = nxt
            elif o in ("c", "v", "y"):
                pts = [float(v) for v in operands]
                for i in range(0, len(pts) - 1, 2):
                    path.append(_apply(ctm, pts[i], pts[i + 1]))
                cur = path[-1]
            elif o == "re":
                x, y, w, h = (float(v) for v in operands)
                corners = [_apply(ctm, x, y), _apply(ctm, x + w, y), _apply(ctm, x + w, y + h),
                           _apply(ctm, x, y + h)]
                path.extend(corners)
                if abs(corners[0][1] - corners[2][1]) < 3:  # a thin filled bar: a rule
                    ys = (corners[0][1] + corners[2][1]) / 2
                    segments.append((corners[0][0], ys, corners[1][0], ys))
            elif o in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
                el, art = context()
                visible = o != "n" and not (o in ("f", "F", "f*") and fill_white)
                if visible and path and not art:
                    xs = [p[0] for p in path]
                    ys = [p[1] for p in path]
                    self.marks[pno].append((min(xs), min(ys), max(xs), max(ys)))
                if visible and o != "n":
                    for x_a, y_a, x_b, y_b in segments:
                        if abs(y_a - y_b) < 0.5 and abs(x_b - x_a) > 1:
                            self.strokes[pno].append((min(x_a, x_b), max(x_a, x_b), y_a,
                                                      bool(el and el.link)))
                path, segments = [], []
            elif o == "Do" and depth < 8:
                xo = xobjects.get(str(operands[0])) if xobjects is not None else None
                if xo is None:
                    continue
                if xo.get("/Subtype") == "/Image":
                    _el, art = context()
                    if not art:
                        pts = [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                        self.marks[pno].append((min(p[0] for p in pts), min(p[1] for p in pts),
                                                max(p[0] for p in pts), max(p[1] for p in pts)))
                elif xo.get("/Subtype") == "/Form":
                    mx = tuple(float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                    order = self._stream(pno, xo, pikepdf.parse_content_stream(xo),
                                         _mul(mx, ctm), None, order, depth + 1,  # type: ignore[arg-type]
                                         context())
        return order


@dataclass
class _Line:
    page: int
    base: float
    x0: float
    x1: float
    size: float
    runs: list[_Run] = field(default_factory=list)

    @property
    def font(self) -> _Font:
        """The font of most of the line's glyphs."""
        count: Counter = Counter()
        for r in self.runs:
            count[id(r.font)] += len(r.text)
        top = count.most_common(1)[0][0]
        return next(r.font for r in self.runs if id(r.font) == top)

    @property
    def visual(self) -> str:
        out = ""
        prev = None
        for r in sorted(self.runs, key=lambda r: r.x0):
            if prev is not None and out and not out[-1].isspace() and not r.text[:1].isspace() \
                    and r.x0 - prev.x1 > 0.2 * r.size:
                out += " "
            out += r.text
            prev = r
        return out


_LATIN = "A-Za-z\u00C0-\u024F"
_LTR = re.compile(rf"[{_LATIN}][{_LATIN}0-9.,:;!?'’/+\-–()%£$€]*(?: [{_LATIN}][{_LATIN}0-9.,:;!?'’/+\-–()%£$€]*)*"
                  r"|[0-9][0-9.,:/+\-–%]*")


def _logical(visual: str, rtl: bool) -> str:
    """Reading order of a right-to-left line, whose glyph runs come in visual order: Latin
    words (with the spaces between them) and numbers keep their order, the rest is reversed."""
    if not rtl:
        return visual
    parts, pos = [], 0
    for x in _LTR.finditer(visual):
        if x.start() > pos:
            parts.append(visual[pos:x.start()][::-1])
        parts.append(x[0])
        pos = x.end()
    if pos < len(visual):
        parts.append(visual[pos:][::-1])
    return "".join(reversed(parts))


def _lines(runs: list[_Run]) -> list[_Line]:
    """A block's runs grouped into lines, in reading order (page, then top to bottom)."""
    lines: list[_Line] = []
    for r in sorted(runs, key=lambda r: (r.page, -r.base, r.x0)):
        last = lines[-1] if lines else None
        if last is not None and last.page == r.page and abs(last.base - r.base) < 0.3 * r.size:
            last.runs.append(r)
            last.x0, last.x1 = min(last.x0, r.x0), max(last.x1, r.x1)
            last.size = max(last.size, r.size)
        else:
            lines.append(_Line(r.page, r.base, r.x0, r.x1, r.size, [r]))
    return lines


def _main_size(runs: list[_Run]) -> float:
    sizes = Counter()
    for r in runs:
        sizes[round(r.size, 1)] += len(r.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text[:40] + ("…" if len(text) > 40 else "")


def check_pdf(path: Path, artifact: str, ed: EditionDoc) -> list[Finding]:
    rep = _Report(artifact)
    lang = getattr(ed, "lang", "en-GB")
    with pikepdf.open(path) as pdf:
        doc = _Pdf(pdf)
        doc.read()
        doc_lang = str(pdf.Root.get("/Lang", "")) or lang
        pages = []
        for pno, page in enumerate(pdf.pages, 1):  # LP11: A4 portrait
            box = [float(v) for v in page.obj.get("/CropBox", page.MediaBox)]
            w, h = abs(box[2] - box[0]), abs(box[3] - box[1])
            if int(page.obj.get("/Rotate", 0)) % 180:
                w, h = h, w
            pages.append((box, w, h))
            if abs(w - A4_PT[0]) > 2 or abs(h - A4_PT[1]) > 2:
                shape = "landscape" if w > h else "portrait"
                rep.add("LP11", f"page {pno}", f"page is {w / PT_PER_MM:.0f} × "
                        f"{h / PT_PER_MM:.0f} mm ({shape}), not A4 portrait")
        links = defaultdict(list)
        for pno, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Rect" in annot:
                    r = [float(v) for v in annot.Rect]
                    links[pno].append((min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]),
                                       max(r[1], r[3])))
    runs = doc.runs
    elems = doc.elem_info
    # LP01, LP03, LP04 (fonts): every run, page furniture included
    for r in runs:
        where = f"page {r.page}"
        if r.size < MIN_PT - 0.05:
            rep.add("LP01", where, f"text at {r.size:.1f} pt (under {MIN_PT:g}): "
                    f"{_snippet(r.text)!r}")
        el = elems.get(r.block) if r.block is not None else None
        if el is not None and el.kind in ("P", "LBody", "LI") and r.size < BODY_PT - 0.05:
            rep.add("LP01", where, f"body text at {r.size:.1f} pt (under {BODY_PT:g}): "
                    f"{_snippet(r.text)!r}")
        if _face(r.font.name) not in _ALLOWED:
            rep.add("LP03", where, f"text set in {r.font.name.split('+')[-1]}, not an "
                    f"allowed sans-serif face: {_snippet(r.text)!r}")
        if r.font.italic or r.sheared:
            kind = "italic font " + r.font.name.split("+")[-1] if r.font.italic \
                else "slanted (synthetic oblique) text"
            rep.add("LP04", where, f"{kind}: {_snippet(r.text)!r}")
    # LP04: underlines that are not links
    by_page: dict[int, list[_Run]] = defaultdict(list)
    for r in runs:
        by_page[r.page].append(r)
    for pno, segs in doc.strokes.items():
        for x0, x1, y, in_link in segs:
            if in_link:
                continue
            mid = (x0 + x1) / 2
            under = [r for r in by_page[pno] if r.base - 0.35 * r.size <= y < r.base
                     and min(x1, r.x1) - max(x0, r.x0) > 0.5 * (x1 - x0)]
            if not under:
                continue
            if any(a <= mid <= c and b - 2 <= y <= d + 2 for a, b, c, d in links[pno]):
                continue
            rep.add("LP04", f"page {pno}", f"underlined text that is not a link: "
                    f"{_snippet(' '.join(r.text for r in under))!r}")
    # blocks: lines, line height, alignment, hyphenation, items split, capitals
    blocks: dict[int, list[_Run]] = defaultdict(list)
    for r in runs:
        if r.block is not None and not r.artifact:
            blocks[r.block].append(r)
    info: dict[int, tuple[list[_Line], float, bool]] = {}
    for key, brs in blocks.items():
        el = elems[key]
        lines = _lines(brs)
        size = _main_size(brs)
        # the block's direction and script from its language (/Lang, else the document's):
        # an English passage in the Urdu edition is left to right, Urdu is right to left
        rtl = _rtl_lang(el.lang or doc_lang)
        info[key] = (lines, size, rtl)
        if el.kind == "Lbl" or not size:
            continue
        first_where = f"page {lines[0].page}"
        logical = [_logical(ln.visual, rtl) for ln in lines]
        caps = _capitals(" ".join(logical))
        if caps and el.kind not in ("TD", "TH"):
            rep.add("LP04", first_where, f"a block of capitals: {_snippet(caps)!r}")
        lo, hi = (LINE_HEIGHT_ARABIC, math.inf) if rtl else LINE_HEIGHT
        for a, b, ta, tb in zip(lines, lines[1:], logical, logical[1:]):
            where = f"page {b.page}"
            if a.page == b.page:
                ratio = (a.base - b.base) / size
                if not lo - 0.02 <= ratio <= hi + 0.02 and abs(a.size - b.size) < 0.5:
                    want = f"{lo:g} or more" if hi == math.inf else f"{lo:g}–{hi:g}"
                    rep.add("LP05", where, f"line height {ratio:.2f} (want {want}) in "
                            f"{_snippet(ta)!r}")
            end = ta.rstrip()
            if end.endswith(("\u2010", "\u00ad")) and tb.lstrip()[:1].isalpha():
                rep.add("LP08", f"page {a.page}", f"word hyphenated across lines: "
                        f"{_snippet(end[-20:] + tb.lstrip()[:20])!r}")
            for item in _split_items(ta, tb, lang):
                rep.add("LP08", f"page {a.page}", f"{item!r} is split across lines")
        # LP07: start aligned, never justified
        by_page_lines: dict[int, list[_Line]] = defaultdict(list)
        for ln in lines:
            by_page_lines[ln.page].append(ln)
        for pno, pls in by_page_lines.items():
            if len(pls) >= 2 and el.kind not in ("TD", "TH"):
                edges = [ln.x1 for ln in pls] if rtl else [ln.x0 for ln in pls]
                if max(edges) - min(edges) > 1.0:
                    side = "right" if rtl else "left"
                    rep.add("LP07", f"page {pno}", f"lines do not share a {side} edge (centred "
                            f"or end aligned?): {_snippet(logical[lines.index(pls[0])])!r}")
            for ln in pls[:-1]:
                spaces = sum(r.spaces for r in ln.runs)
                stretch = sum(r.stretch for r in ln.runs)
                if spaces and stretch / spaces > 0.08 * ln.size:
                    rep.add("LP07", f"page {pno}", "justified: word spaces stretched by "
                            f"{stretch / spaces:.1f} pt in {_snippet(ln.visual)!r}")
                    break
    # LP07 for single lines: top-level paragraphs and headings start at the text block's edge
    starts: dict[bool, Counter] = {False: Counter(), True: Counter()}
    for key, (lines, _size, rtl) in info.items():
        if elems[key].top and elems[key].kind == "P":
            for ln in lines:
                starts[rtl][round(ln.x1 if rtl else ln.x0)] += 1
    for key, (lines, _size, rtl) in info.items():
        el = elems[key]
        if not (el.top and (el.kind == "P" or el.kind[:1] == "H")) or not starts[rtl]:
            continue
        edge = starts[rtl].most_common(1)[0][0]
        ln = lines[0]
        off = (edge - ln.x1) if rtl else (ln.x0 - edge)
        if len(lines) == 1 and off > 2.0:
            rep.add("LP07", f"page {ln.page}", f"starts {off / PT_PER_MM:.0f} mm from the "
                    f"text's {'right' if rtl else 'left'} edge (centred?): "
                    f"{_snippet(_logical(ln.visual, rtl))!r}")
    # LP06: space between consecutive paragraphs on a page ≥ one line. A line box is the
    # line height around the font's ascent and descent (CSS half-leading), so the space is
    # measured between the boxes of the last line of one paragraph and the first of the next.
    ratios: dict[bool, list[float]] = {False: [], True: []}
    for key, (lines, size, rtl) in info.items():
        if elems[key].kind == "P":
            ratios[rtl] += [(a.base - b.base) / size for a, b in zip(lines, lines[1:])
                            if a.page == b.page]
    usual = {k: sorted(v)[len(v) // 2] if v else (LINE_HEIGHT_ARABIC if k else 1.4)
             for k, v in ratios.items()}

    sequence: dict[int, list[int]] = defaultdict(list)
    for r in sorted((r for r in runs if r.block is not None and not r.artifact),
                    key=lambda r: r.order):
        seq = sequence[r.page]
        if not seq or seq[-1] != r.block:
            seq.append(r.block)
    for pno, seq in sequence.items():
        for ka, kb in zip(seq, seq[1:]):
            if ka == kb or elems[ka].kind != "P" or elems[kb].kind != "P":
                continue
            la = [ln for ln in info[ka][0] if ln.page == pno]
            lb = [ln for ln in info[kb][0] if ln.page == pno]
            if not la or not lb:
                continue
            a, b = la[-1], lb[0]
            if b.base >= a.base or min(a.x1, b.x1) <= max(a.x0, b.x0):
                continue  # not one below the other (a new column is LP10's business)
            ra, rb = usual[info[ka][2]], usual[info[kb][2]]  # the document's usual line
            fa, fb = a.font, b.font
            bottom = a.base - a.size * (ra + fa.descent - fa.ascent) / 2
            top = b.base + b.size * (rb + fb.ascent - fb.descent) / 2
            space, line = bottom - top, ra * a.size
            if space < line - 0.5:
                rtl = info[kb][2]
                rep.add("LP06", f"page {pno}", f"{space:.1f} pt between paragraphs, less than "
                        f"one line ({line:.1f} pt), before {_snippet(_logical(b.visual, rtl))!r}")
    # LP10: one column — no two lines of different blocks side by side
    for pno in sorted(by_page):
        page_lines = [(ln, key) for key, (lines, _s, _r) in info.items()
                      if elems[key].kind not in ("Lbl", "TD", "TH") for ln in lines
                      if ln.page == pno]
        page_lines.sort(key=lambda t: -t[0].base)
        done = False
        for i, (a, ka) in enumerate(page_lines):
            for b, kb in page_lines[i + 1:]:
                if a.base - b.base > 0.8 * max(a.size, b.size):
                    break
                if ka != kb and (b.x0 - a.x1 > a.size or a.x0 - b.x1 > a.size):
                    rep.add("LP10", f"page {pno}", f"text side by side (columns?): "
                            f"{_snippet(a.visual)!r} and {_snippet(b.visual)!r}")
                    done = True
                    break
            if done:
                break
    # LP15: tables — text ≥ 16 pt, and on every page with table rows the header row above
    # them: its TH, or on the following pages (writers/pdf_tables.py joins the Table that
    # WeasyPrint writes per page) an artifact drawing the header's text again
    tables: dict[int, dict[str, dict[int, list[_Run]]]] = defaultdict(
        lambda: {"head": defaultdict(list), "body": defaultdict(list)})
    repeats: dict[int, list[_Run]] = defaultdict(list)
    for r in runs:
        if r.artifact:
            repeats[r.page].append(r)
        el = elems.get(r.block) if r.block is not None else None
        if el is not None and el.table is not None:
            if el.kind in ("TH", "TD"):
                tables[el.table]["head" if el.header_cell else "body"][r.page].append(r)
            if r.size < MIN_PT - 0.05:
                rep.add("LP15", f"page {r.page}", f"table text at {r.size:.1f} pt: "
                        f"{_snippet(r.text)!r}")
    for parts in tables.values():
        head, body = parts["head"], parts["body"]
        names = {r.text.strip() for rs in head.values() for r in rs if r.text.strip()}
        for pno, brs in sorted(body.items()):
            top = max(r.base for r in brs)
            above = head.get(pno, []) + [r for r in repeats[pno] if r.text.strip() in names]
            if not [r for r in above if r.base >= top - 0.5]:
                rep.add("LP15", f"page {pno}", "table rows without their header row above "
                        f"them: {_snippet(' '.join(r.text for r in brs[:4]))!r}")
    # LP16: margins, measured on everything printed except page furniture (artifacts)
    need = MARGIN_MM * PT_PER_MM - 0.5
    for pno, boxes in sorted(doc.marks.items()):
        box, _w, _h = pages[pno - 1]
        x_lo, y_lo, x_hi, y_hi = min(box[0], box[2]), min(box[1], box[3]), \
            max(box[0], box[2]), max(box[1], box[3])
        sides = {"left": min(b[0] for b in boxes) - x_lo,
                 "bottom": min(b[1] for b in boxes) - y_lo,
                 "right": x_hi - max(b[2] for b in boxes),
                 "top": y_hi - max(b[3] for b in boxes)}
        narrow = {s: v for s, v in sides.items() if v < need}
        if narrow:
            text = ", ".join(f"{s} {v / PT_PER_MM:.1f} mm" for s, v in narrow.items())
            rep.add("LP16", f"page {pno}", f"margin under {MARGIN_MM:g} mm: {text}")
    return rep.findings()


# --- DOCX -------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_OFF = {"0", "false", "off", "none"}


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in _OFF


def _merge_rpr(props: dict, rpr, theme) -> None:
    if rpr is None:
        return
    for child in rpr:
        tag = child.tag[len(W):] if child.tag.startswith(W) else None
        if tag in ("i", "iCs", "caps", "smallCaps", "rtl", "cs", "vanish", "b"):
            props[tag] = _on(child)
        elif tag in ("sz", "szCs"):
            try:
                props[tag] = int(child.get(W + "val")) / 2
            except (TypeError, ValueError):
                pass
        elif tag == "u":
            props["u"] = child.get(W + "val", "single")
        elif tag == "rFonts":
            fonts = dict(props.get("fonts", {}))
            for slot, attr in (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"),
                               ("eastAsia", "eastAsiaTheme"), ("cs", "cstheme")):
                themed = child.get(W + attr)
                if themed:
                    fonts[slot] = theme(themed)
                elif child.get(W + slot):
                    fonts[slot] = child.get(W + slot)
            props["fonts"] = fonts


def _merge_ppr(props: dict, ppr) -> None:
    if ppr is None:
        return
    for child in ppr:
        tag = child.tag[len(W):] if child.tag.startswith(W) else None
        if tag == "spacing":
            for attr in ("before", "after", "line", "lineRule", "beforeAutospacing",
                         "afterAutospacing"):
                v = child.get(W + attr)
                if v is not None:
                    props[attr] = v
        elif tag == "jc":
            props["jc"] = child.get(W + "val")
        elif tag in ("bidi", "contextualSpacing", "suppressAutoHyphens"):
            props[tag] = _on(child)


class _Styles:
    def __init__(self, root, theme_root, theme_lang: dict[str, str]):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = None
        self.doc_rpr = self.doc_ppr = None
        self.theme_root = theme_root
        self.theme_lang = theme_lang
        self.cache: dict[tuple, tuple[dict, dict]] = {}
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            self.by_id[sid] = st
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default_para = sid
        dd = root.find(W + "docDefaults")
        if dd is not None:
            self.doc_rpr = dd.find(f"{W}rPrDefault/{W}rPr")
            self.doc_ppr = dd.find(f"{W}pPrDefault/{W}pPr")

    def theme(self, name: str) -> str:
        """A theme font reference (minorHAnsi, majorEastAsia, minorBidi…) → its typeface."""
        if self.theme_root is None:
            return f"theme font {name}"
        group = self.theme_root.find(f".//{A}{'major' if name.startswith('major') else 'minor'}"
                                     "Font")
        if group is None:
            return f"theme font {name}"
        slot = "ea" if "EastAsia" in name else "cs" if "Bidi" in name else "latin"
        el = group.find(A + slot)
        face = el.get("typeface", "") if el is not None else ""
        if not face and slot != "latin":
            script = {"ea": self.theme_lang.get("eastAsia", "Hans"),
                      "cs": self.theme_lang.get("bidi", "Arab")}[slot]
            for f in group.findall(A + "font"):
                if f.get("script") == script:
                    face = f.get("typeface", "")
        return face or f"theme font {name}"

    def chain(self, sid: str | None) -> list:
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            based = st.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return list(reversed(out))

    def para(self, sid: str | None, table_sid: str | None) -> tuple[dict, dict]:
        """Effective (pPr, rPr) of a paragraph style, with docDefaults and table style."""
        key = (sid, table_sid)
        if key not in self.cache:
            ppr: dict = {}
            rpr: dict = {}
            _merge_ppr(ppr, self.doc_ppr)
            _merge_rpr(rpr, self.doc_rpr, self.theme)
            for st in self.chain(table_sid):
                _merge_ppr(ppr, st.find(W + "pPr"))
                _merge_rpr(rpr, st.find(W + "rPr"), self.theme)
            for st in self.chain(sid or self.default_para):
                _merge_ppr(ppr, st.find(W + "pPr"))
                _merge_rpr(rpr, st.find(W + "rPr"), self.theme)
            self.cache[key] = (ppr, rpr)
        return self.cache[key]

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or self.default_para or "")
        el = st.find(W + "name") if st is not None else None
        return el.get(W + "val", "") if el is not None else (sid or "Normal")


@dataclass
class _Para:
    el: object
    part: str  # "body", "footer", "header"
    table: int | None  # 1-based table number, cells only
    style: str  # style name
    ppr: dict
    runs: list[tuple[str, dict, bool]]  # (text, effective rPr, inside a hyperlink)

    @property
    def text(self) -> str:
        return "".join(t for t, _p, _l in self.runs)


def _xml(z: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(z.read(name), _PARSER)
    except KeyError:
        return None


def _run_text(r) -> str:
    out = []
    for c in r:
        if c.tag == W + "t":
            out.append(c.text or "")
        elif c.tag == W + "tab":
            out.append("\t")
        elif c.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif c.tag == W + "noBreakHyphen":
            out.append("\u2011")
        elif c.tag == W + "softHyphen":
            out.append("\u00ad")
    return "".join(out)


def _paragraphs(root, part: str, styles: _Styles) -> list[_Para]:
    out: list[_Para] = []
    table_no = 0
    tables: dict = {}
    for tbl in root.iter(W + "tbl"):
        table_no += 1
        tables[tbl] = table_no
    for p in root.iter(W + "p"):
        tbl = next((a for a in p.iterancestors(W + "tbl")), None)
        table_sid = None
        if tbl is not None:
            ts = tbl.find(f"{W}tblPr/{W}tblStyle")
            table_sid = ts.get(W + "val") if ts is not None else None
        ppr_el = p.find(W + "pPr")
        ps = ppr_el.find(W + "pStyle") if ppr_el is not None else None
        sid = ps.get(W + "val") if ps is not None else None
        base_ppr, base_rpr = styles.para(sid, table_sid)
        ppr = dict(base_ppr)
        _merge_ppr(ppr, ppr_el)
        runs = []
        for r in p.iter(W + "r"):
            if next(r.iterancestors(W + "p")) is not p:
                continue  # a run of a nested paragraph (text box)
            text = _run_text(r)
            rpr = dict(base_rpr)
            rpr_el = r.find(W + "rPr")
            if rpr_el is not None:
                rs = rpr_el.find(W + "rStyle")
                if rs is not None:
                    for st in styles.chain(rs.get(W + "val")):
                        _merge_rpr(rpr, st.find(W + "rPr"), styles.theme)
                _merge_rpr(rpr, rpr_el, styles.theme)
            linked = any(a.tag == W + "hyperlink" for a in r.iterancestors())
            runs.append((text, rpr, linked))
        out.append(_Para(p, part, tables.get(tbl) if tbl is not None else None,
                         styles.name(sid), ppr, runs))
    return out


def _label(p: _Para) -> str:
    if p.part != "body":
        return p.part
    if p.table is not None:
        return f"table {p.table}"
    kind = "heading" if p.style.lower().startswith(("heading", "title", "toc heading")) \
        else "paragraph"
    return f"{kind} {_snippet(p.text)!r}"


def _run_size(text: str, rpr: dict) -> float:
    complex_script = rpr.get("rtl") or rpr.get("cs") or any(_is_arabic(c) for c in text)
    return (rpr.get("szCs") if complex_script else rpr.get("sz")) or 10.0


def _slots(text: str, rpr: dict) -> set[str]:
    if rpr.get("rtl") or rpr.get("cs"):
        return {"cs"}
    slots = set()
    for c in text:
        if c.isspace():
            continue
        if _is_arabic(c):
            slots.add("cs")
        elif _is_cjk(c):
            slots.add("eastAsia")
        elif ord(c) < 128:
            slots.add("ascii")
        else:
            slots.add("hAnsi")
    return slots


def _line_ratio(ppr: dict, size: float) -> float:
    rule = ppr.get("lineRule", "auto")
    try:
        line = float(ppr.get("line", 240))
    except ValueError:
        line = 240.0
    if rule == "auto":
        return line / 240
    ratio = line / 20 / size if size else 1.0
    return max(ratio, 1.0) if rule == "atLeast" else ratio


def _twips(ppr: dict, key: str) -> float:
    if ppr.get(f"{key}Autospacing") not in (None, "0", "false", "off"):
        return 14.0
    try:
        return float(ppr.get(key, 0)) / 20
    except ValueError:
        return 0.0


_NOT_BODY = ("heading", "title", "subtitle", "toc", "list", "caption", "footer", "header")


def check_docx(path: Path, artifact: str, ed: EditionDoc) -> list[Finding]:
    rep = _Report(artifact)
    lang = getattr(ed, "lang", "en-GB")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        document = _xml(z, "word/document.xml")
        settings = _xml(z, "word/settings.xml")
        theme_lang: dict[str, str] = {}
        if settings is not None:
            tfl = settings.find(W + "themeFontLang")
            if tfl is not None and (tfl.get(W + "eastAsia") or "").startswith("zh"):
                theme_lang["eastAsia"] = "Hant" if "TW" in tfl.get(W + "eastAsia") else "Hans"
            elif tfl is not None and tfl.get(W + "eastAsia"):
                theme_lang["eastAsia"] = {"ja": "Jpan", "ko": "Hang"}.get(
                    tfl.get(W + "eastAsia")[:2], "Hans")
        theme = next((_xml(z, n) for n in names if n.startswith("word/theme/")), None)
        styles = _Styles(_xml(z, "word/styles.xml"), theme, theme_lang)
        parts = [("body", document)]
        for n in sorted(names):
            hit = re.fullmatch(r"word/(header|footer)\d*\.xml", n)
            if hit:
                parts.append((hit.group(1), _xml(z, n)))
    paras: list[_Para] = []
    for part, root in parts:
        if root is not None:
            paras.extend(_paragraphs(root, part, styles))
    body_paras = [p for p in paras if p.part == "body"]

    # runs: LP01 sizes, LP03 faces, LP04 italics / underline / capitals styling, LP15 tables
    for p in paras:
        where = _label(p)
        body = p.part == "body" and p.table is None \
            and not p.style.lower().startswith(_NOT_BODY)
        for text, rpr, linked in p.runs:
            if not text.strip() or rpr.get("vanish"):
                continue
            size = _run_size(text, rpr)
            if size < MIN_PT - 0.05:
                rule = "LP15" if p.table is not None else "LP01"
                rep.add(rule, where, f"{'table ' if p.table else ''}text at {size:g} pt "
                        f"(under {MIN_PT:g}): {_snippet(text)!r}")
            elif body and size < BODY_PT - 0.05:
                rep.add("LP01", where, f"body text at {size:g} pt (under {BODY_PT:g}): "
                        f"{_snippet(text)!r}")
            fonts = rpr.get("fonts", {})
            for slot in sorted(_slots(text, rpr)):
                face = fonts.get(slot) or fonts.get("ascii") or "Times New Roman"
                if _face(face) not in _ALLOWED:
                    rep.add("LP03", where, f"text set in {face} ({slot} font), not an allowed "
                            f"sans-serif face: {_snippet(text)!r}")
            if rpr.get("i") or rpr.get("iCs"):
                rep.add("LP04", where, f"italic text: {_snippet(text)!r}")
            if rpr.get("u") and rpr["u"] != "none" and not linked:
                rep.add("LP04", where, f"underlined text that is not a link: {_snippet(text)!r}")
            if rpr.get("caps") or rpr.get("smallCaps"):
                rep.add("LP04", where, f"text set in capitals (w:caps): {_snippet(text)!r}")
        caps = _capitals(p.text)
        if caps:
            rep.add("LP04", where, f"a block of capitals: {_snippet(caps)!r}")

    # paragraphs: LP05 line height, LP06 space after, LP07 alignment, LP08 items kept together
    keep = _keep_together(lang)
    for i, p in enumerate(body_paras):
        text = p.text
        if not text.strip():
            continue
        where = _label(p)
        sizes = [_run_size(t, r) for t, r, _l in p.runs if t.strip()]
        size = max(set(sizes), key=sizes.count) if sizes else 0
        # a right-to-left paragraph (w:bidi: the writer's Urdu) or one in Arabic script
        arabic = bool(p.ppr.get("bidi")) or _arabic_text(text)
        ratio = _line_ratio(p.ppr, size)
        lo, hi = (LINE_HEIGHT_ARABIC, math.inf) if arabic else LINE_HEIGHT
        if not lo - 0.005 <= ratio <= hi + 0.005:
            want = f"{lo:g} or more" if hi == math.inf else f"{lo:g}–{hi:g}"
            rep.add("LP05", where, f"line height {ratio:.2f} (want {want})")
        jc = p.ppr.get("jc")
        if jc not in (None, "left", "start"):
            rep.add("LP07", where, f"paragraph aligned {jc!r}, not to the start")
        if _arabic_text(text) and not p.ppr.get("bidi"):
            rep.add("LP07", where, "right-to-left text in a left-to-right paragraph "
                    "(no w:bidi): it is aligned left")
        for x in keep.finditer(text):
            rep.add("LP08", where, f"{x[0]!r} can break across lines: join it with "
                    "non-breaking spaces")
        if "\u00ad" in text:
            rep.add("LP08", where, "soft hyphen: the word can be hyphenated")
        body = p.table is None and not p.style.lower().startswith(_NOT_BODY)
        if not body:
            continue
        runs = [r for r in p.runs if r[0].strip()]
        if runs and all(linked for _t, _r, linked in runs) and p.el.find(
                f"{W}hyperlink[@{W}anchor]") is not None:
            continue  # a contents entry: a list of links, not a paragraph
        nxt = next((q for q in body_paras[i + 1:] if q.text.strip()), None)
        if nxt is None or nxt.table is not None or nxt.style.lower().startswith(_NOT_BODY):
            continue
        after = _twips(p.ppr, "after")
        before = _twips(nxt.ppr, "before")
        if p.style == nxt.style:
            after = 0.0 if p.ppr.get("contextualSpacing") else after
            before = 0.0 if nxt.ppr.get("contextualSpacing") else before
        space = max(after, before)
        line = size * ratio
        if space < line - 0.05:
            rep.add("LP06", where, f"{space:g} pt after the paragraph, less than one line "
                    f"({line:.1f} pt)")

    # document settings and sections: LP08 hyphenation, LP10 columns, LP11 A4, LP16 margins
    if settings is not None and _on(settings.find(W + "autoHyphenation")):
        rep.add("LP08", "document settings", "automatic hyphenation is on")
    sects = list(document.iter(W + "sectPr")) if document is not None else []
    for n, sect in enumerate(sects, 1):
        where = f"section {n}" if len(sects) > 1 else "page setup"
        cols = sect.find(W + "cols")
        if cols is not None:
            num = int(cols.get(W + "num", "1") or 1)
            num = max(num, len(cols.findall(W + "col")))
            if num > 1:
                rep.add("LP10", where, f"{num} columns")
        size_el = sect.find(W + "pgSz")
        if size_el is not None:
            w = int(size_el.get(W + "w", 0)) / 20
            h = int(size_el.get(W + "h", 0)) / 20
            landscape = size_el.get(W + "orient") == "landscape" or w > h
            if abs(w - A4_PT[0]) > 2 or abs(h - A4_PT[1]) > 2 or landscape:
                rep.add("LP11", where, f"page is {w / PT_PER_MM:.0f} × {h / PT_PER_MM:.0f} mm"
                        f"{' landscape' if landscape else ''}, not A4 portrait")
        else:
            rep.add("LP11", where, "no page size (w:pgSz): Word's default is Letter")
        mar = sect.find(W + "pgMar")
        sides = {}
        for side in ("top", "right", "bottom", "left"):
            v = abs(int(mar.get(W + side, 0))) if mar is not None else 0
            if side == "left" and mar is not None:
                v += int(mar.get(W + "gutter", 0) or 0)
            sides[side] = v / 20
        narrow = {s: v for s, v in sides.items() if v < MARGIN_MM * PT_PER_MM - 0.5}
        if narrow:
            text = ", ".join(f"{s} {v / PT_PER_MM:.1f} mm" for s, v in narrow.items())
            rep.add("LP16", where, f"margin under {MARGIN_MM:g} mm: {text}")
    # LP15: tables repeat their header row
    if document is not None:
        for n, tbl in enumerate(document.iter(W + "tbl"), 1):
            first = tbl.find(W + "tr")
            header = first.find(f"{W}trPr/{W}tblHeader") if first is not None else None
            if not _on(header):
                rep.add("LP15", f"table {n}", "the header row does not repeat on each page "
                        "(w:tblHeader)")
    return rep.findings()


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    """The build's entry point for a large-print artifact (checks/__init__.check_artifact)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return check_pdf(path, artifact, ed)
    if suffix == ".docx":
        return check_docx(path, artifact, ed)
    return []
