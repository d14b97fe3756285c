"""Page content, read once: each page's content stream parsed once (`Content`, shared by the
repair pass and the checks) and interpreted by one interpreter (`read_page`) with the graphics
state the PDF spec gives it (ISO 32000-1, 8.4 and 9.3: the CTM, q/Q, the text matrices, Tc, Tw,
Tz, TL, the font and size), into:

- `Run`: one text-showing operator (Tj, TJ, ', "): the marked content it sits in (innermost
  MCID, inside an /Artifact or not), its font and codes and their text, and a line key (runs
  of one line share it: the repair pass and the page text put a space between lines);
- with `geometry=True`, also where it is drawn in default user space (points, y up): the left
  and right edge of its inked glyphs, its baseline, its effective size, whether it is sheared
  (synthetic oblique) and how far its word spaces were stretched (justification); the boxes
  of everything painted on the page (text, paths, images) that is not an artifact, and the
  horizontal rules and underlines drawn (large print checks, LP04 LP10 LP16).

Form XObjects drawn on the page are read in place (inside the page's marked content), once
each per path through the page, to a depth of 8."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary

from .fonts import Font
from .state import IDENTITY, TEXT_STATE, Graphics, Lines, Matrix, apply, mul, tstar

FORM_DEPTH = 8


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


@dataclass(slots=True)
class Run:
    """One text-showing operator."""

    page: int  # page number, from 1
    order: int  # drawing order on the page
    mcid: int | None  # the innermost marked content with an MCID around it
    artifact: bool  # inside an /Artifact
    font: Font
    codes: list[int]
    glyphs: list[str]  # the text of each code, in drawing order
    line: tuple  # (text line origin's y, line breaks): equal for runs of one line
    # with geometry only: in default user space, points
    x0: float = 0.0  # first inked glyph's left edge
    x1: float = 0.0  # last inked glyph's right edge
    base: float = 0.0  # baseline
    size: float = 0.0  # effective size
    sheared: bool = False  # synthetic oblique
    spaces: int = 0
    stretch: float = 0.0  # points added to word spaces beyond the font's own advance
    inked: bool = True  # draws a glyph that is not white space
    marks: tuple = ()  # the marked content around it, outermost first: (tag, mcid, at)

    def remark(self, ats: set[int]) -> None:
        """The marked content opened at page operators `ats` became artifacts."""
        self.marks = artifacted(self.marks, ats)
        self.mcid, self.artifact = innermost(self.marks), inside_artifact(self.marks)

    @property
    def text(self) -> str:
        return "".join(self.glyphs)


@dataclass
class Page:
    """What one page draws."""

    runs: list[Run] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)  # every MCID the page opens, in order
    # where each was opened: the index of its BDC among the page's operators (-1: in a form)
    opened_at: list[int] = field(default_factory=list)
    marks: list[tuple[float, float, float, float]] = field(default_factory=list)  # ink boxes
    # horizontal rules: (x0, x1, y, mcid around it, inside an artifact)
    strokes: list[tuple[float, float, float, int | None, bool]] = field(default_factory=list)
    # the marked content around each ink box and each rule (as Run.marks)
    mark_marks: list[tuple] = field(default_factory=list)
    stroke_marks: list[tuple] = field(default_factory=list)

    def artifact(self, ats: set[int]) -> None:
        """The marked-content sequences opened by the page's operators `ats` (BDC with an MCID)
        became pagination artifacts (the repair pass's `artifact_orphans`): what the page draws
        is now what reading the changed content would give, without reading it again."""
        def hit(marks: tuple) -> bool:
            return any(at in ats for _t, _m, at in marks)

        for run in self.runs:
            if hit(run.marks):
                run.remark(ats)
        kept = [i for i, at in enumerate(self.opened_at) if at not in ats]
        self.mcids = [self.mcids[i] for i in kept]
        self.opened_at = [self.opened_at[i] for i in kept]
        kept = [i for i, marks in enumerate(self.mark_marks) if not hit(marks)]
        self.marks = [self.marks[i] for i in kept]  # an artifact's ink is not content's
        self.mark_marks = [self.mark_marks[i] for i in kept]
        for i, marks in enumerate(self.stroke_marks):
            if hit(marks):
                marks = self.stroke_marks[i] = artifacted(marks, ats)
                self.strokes[i] = (*self.strokes[i][:3], innermost(marks), True)


def artifacted(marks: tuple, ats: set[int]) -> tuple:
    return tuple(("/Artifact", None, at) if at in ats else (tag, mcid, at)
                 for tag, mcid, at in marks)


def innermost(marks) -> int | None:
    """The MCID of the innermost marked content that has one."""
    return next((m for _t, m, _a in reversed(marks) if m is not None), None)


def inside_artifact(marks) -> bool:
    return any(t == "/Artifact" for t, _m, _a in marks)


_HEXSTRING = re.compile(rb"<([0-9A-Fa-f]*)>")
_ODD_HEX = re.compile(rb"<(?:[0-9A-Fa-f]{2})*[0-9A-Fa-f]>")


def shown(operands, op: str) -> bytes:
    """The bytes a text-showing operator draws (the strings of a TJ array, joined)."""
    if op == "TJ":
        raw = operands[0].unparse()
        if b"(" not in raw and not _ODD_HEX.search(raw):  # hex strings (what WeasyPrint
            return bytes.fromhex(b"".join(_HEXSTRING.findall(raw)).decode())  # writes): at once
        return b"".join(bytes(x) for x in operands[0] if isinstance(x, pikepdf.String))
    if operands and isinstance(operands[-1], pikepdf.String):
        return bytes(operands[-1])
    return b""


def resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary:
    node = page
    while "/Resources" not in node and isinstance(node.get("/Parent"), Dictionary):
        node = node.Parent  # inherited from the page tree
    return node.get("/Resources", Dictionary())


def read_page(pdf: pikepdf.Pdf, index: int, content: Content, fonts: dict,
              geometry: bool = False) -> Page:
    """Everything page `index` draws (and the forms it draws). `fonts` caches Font objects by
    object across pages."""
    page = Page()
    state = _State(page, index + 1, fonts, geometry)
    state.stream(content.ops(index), resources(pdf.pages[index].obj), IDENTITY, [], set(),
                 top=True)
    return page


_SHOW = ("Tj", "TJ", "'", '"')
_BARE = frozenset(("q", "Q", "EMC", "ET"))  # no operands the interpreter reads

_PAINT = ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n")


class _State:
    """The interpreter: one per page; `stream` is called again for each form it draws."""

    def __init__(self, page: Page, pno: int, fonts: dict, geometry: bool):
        self.page, self.pno, self.fonts, self.geometry = page, pno, fonts, geometry
        self.order = 0

    def font(self, obj) -> Font | None:
        if not isinstance(obj, Dictionary):
            return None
        key = obj.objgen if obj.is_indirect else id(obj)
        if key not in self.fonts:
            self.fonts[key] = Font(obj)
        return self.fonts[key]

    def stream(self, ops, res, ctm: Matrix, marked: list, forms: set, top: bool = False
               ) -> None:
        """`marked`: the marked content open, (tag, MCID or None, where: the index of its
        operator in the page's own content, -1 in a form); `top`: `ops` are the page's."""
        fonts = res.get("/Font", Dictionary())
        g = Graphics(ctm)
        lines = Lines()  # not graphics state: q and Q leave it, each form has its own
        stack: list[Graphics] = []
        path: list[tuple[float, float]] = []
        segments: list[tuple[float, float, float, float]] = []
        cur = (0.0, 0.0)
        for at, ins in enumerate(ops):  # the operator first: operands are made only when used
            o = str(ins.operator)
            if o in _BARE:
                if o == "q":
                    stack.append(g.copy())
                elif o == "Q" and stack:
                    g = stack.pop()
                elif o == "EMC" and marked:
                    marked.pop()
                continue
            if not self.geometry and o not in _TEXT_OPS:
                continue
            operands = ins.operands
            if o in _SHOW:
                self.show(g, lines, o, operands, marked)
            elif o == "Tf":
                g.font, g.size = self.font(fonts.get(str(operands[0]))), float(operands[1])
            elif o in TEXT_STATE:
                TEXT_STATE[o](g, lines, operands)
            elif o == "cm":
                g.ctm = mul(tuple(float(v) for v in operands), g.ctm)  # type: ignore[arg-type]
            elif o in ("BDC", "BMC"):
                props = operands[1] if o == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props \
                    else None
                if mcid is not None:
                    self.page.mcids.append(mcid)
                    self.page.opened_at.append(at if top else -1)
                marked.append((str(operands[0]), mcid, at if top else -1))
            elif o == "Do":
                self.draw(res, g, operands, marked, forms)
            elif o in ("rg", "g", "k", "sc", "scn"):
                vals = [float(v) for v in operands if not isinstance(v, pikepdf.Name)]
                g.fill_white = bool(vals) and (all(v >= 0.999 for v in vals) if o != "k"
                                               else all(v <= 0.001 for v in vals))
            elif o == "m":
                cur = apply(g.ctm, float(operands[0]), float(operands[1]))
                path.append(cur)
            elif o == "l":
                nxt = apply(g.ctm, float(operands[0]), float(operands[1]))
                segments.append((*cur, *nxt))
                path.append(nxt)
                cur = nxt
            elif o in ("c", "v", "y"):
                pts = [float(v) for v in operands]
                path.extend(apply(g.ctm, pts[i], pts[i + 1]) for i in range(0, len(pts) - 1, 2))
                cur = path[-1]
            elif o == "re":
                x, y, w, h = (float(v) for v in operands)
                corners = [apply(g.ctm, x, y), apply(g.ctm, x + w, y),
                           apply(g.ctm, x + w, y + h), apply(g.ctm, x, y + h)]
                path.extend(corners)
                if abs(corners[0][1] - corners[2][1]) < 3:  # a thin filled bar: a rule
                    ys = (corners[0][1] + corners[2][1]) / 2
                    segments.append((corners[0][0], ys, corners[1][0], ys))
            elif o in _PAINT:
                self.paint(o, g, path, segments, marked)
                path, segments = [], []

    def show(self, g: Graphics, lines: Lines, o: str, operands, marked: list) -> None:
        if o in ("'", '"'):
            if o == '"':
                g.tw, g.tc = float(operands[0]), float(operands[1])
            tstar(g, lines, operands)
        if g.font is None:
            return
        marks = tuple(marked)
        run = Run(self.pno, self.order + 1, innermost(marks), inside_artifact(marks), g.font,
                  [], [], lines.key, marks=marks)
        if self.geometry:
            self.place(run, g, list(operands[0]) if o == "TJ" else [operands[-1]])
        else:
            run.codes = g.font.codes(shown(operands, o))
            run.glyphs = g.font.text(run.codes)
        if run.codes:
            self.order += 1
            self.page.runs.append(run)

    def place(self, run: Run, g: Graphics, items: list) -> None:
        """Codes, text and where they are drawn; advances the text matrix."""
        font, size, th = g.font, g.size, g.th
        assert font is not None
        trm = mul(g.tm, g.ctm)
        norm = math.hypot(trm[0], trm[1]) * math.hypot(trm[2], trm[3])
        adv, ink0, ink1, stretch, after_space = 0.0, None, None, 0.0, False
        tc, tw = g.tc, (0.0 if font.composite else g.tw)  # Tw: the single-byte code 32 only
        decode = font.decode
        spaces = 0
        for item in items:
            if not isinstance(item, pikepdf.String):
                shift = -float(item) / 1000 * size * th
                adv += shift
                stretch += shift if after_space else 0.0
                continue
            codes, chars, widths = decode(bytes(item))
            for code, ch, w in zip(codes, chars, widths):
                w = w / 1000 * size
                step = (w + tc + (tw if code == 32 else 0)) * th
                if ch.strip():
                    if ink0 is None:
                        ink0 = adv
                    ink1, after_space = adv + w * th, False
                else:
                    spaces += 1
                    stretch += step - w * th
                    after_space = True
                adv += step
            run.codes.extend(codes)
            run.glyphs.extend(chars)
        run.spaces = spaces
        g.tm = mul((1, 0, 0, 1, adv, 0), g.tm)
        run.size = size * math.hypot(trm[2], trm[3])
        run.sheared = bool(norm) and abs(trm[0] * trm[2] + trm[1] * trm[3]) > 0.02 * norm
        run.stretch = stretch * math.hypot(trm[0], trm[1])
        if ink0 is None or ink1 is None:
            run.inked = False
            return
        (x_a, run.base), (x_b, _) = apply(trm, ink0, 0), apply(trm, ink1, 0)
        run.x0, run.x1 = min(x_a, x_b), max(x_a, x_b)
        if not run.artifact:
            self.page.marks.append((run.x0, run.base - font.descent * run.size,
                                    run.x1, run.base + font.ascent * run.size))
            self.page.mark_marks.append(run.marks)

    def paint(self, o: str, g: Graphics, path: list, segments: list, marked: list) -> None:
        marks = tuple(marked)
        artifact = inside_artifact(marks)
        visible = o != "n" and not (o in ("f", "F", "f*") and g.fill_white)
        if visible and path and not artifact:
            xs, ys = [p[0] for p in path], [p[1] for p in path]
            self.page.marks.append((min(xs), min(ys), max(xs), max(ys)))
            self.page.mark_marks.append(marks)
        if visible:
            for x_a, y_a, x_b, y_b in segments:
                if abs(y_a - y_b) < 0.5 and abs(x_b - x_a) > 1:
                    self.page.strokes.append((min(x_a, x_b), max(x_a, x_b), y_a,
                                              innermost(marks), artifact))
                    self.page.stroke_marks.append(marks)

    def draw(self, res, g: Graphics, operands, marked: list, forms: set) -> None:
        xo = res.get("/XObject", Dictionary()).get(str(operands[0]))
        if not isinstance(xo, pikepdf.Stream):
            return
        if xo.get("/Subtype") == "/Image" and self.geometry:
            if not inside_artifact(marked):
                pts = [apply(g.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                self.page.marks.append((min(p[0] for p in pts), min(p[1] for p in pts),
                                        max(p[0] for p in pts), max(p[1] for p in pts)))
                self.page.mark_marks.append(tuple(marked))
        elif xo.get("/Subtype") == "/Form" and xo.objgen not in forms \
                and len(forms) < FORM_DEPTH:
            mx = tuple(float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            forms.add(xo.objgen)
            self.stream(pikepdf.parse_content_stream(xo), xo.get("/Resources", res),
                        mul(mx, g.ctm), marked, forms)  # type: ignore[arg-type]
            forms.discard(xo.objgen)


# what the text pass reads (without geometry, the others are passed over unread)
_TEXT_OPS = frozenset((*_SHOW, "Tf", *TEXT_STATE, "cm", "BDC", "BMC", "Do"))


def pages(pdf: pikepdf.Pdf, content: Content, fonts: dict, geometry: bool = False
          ) -> Iterator[Page]:
    for index in range(len(pdf.pages)):
        yield read_page(pdf, index, content, fonts, geometry)


__all__ = ["IDENTITY", "Content", "Matrix", "Page", "Run", "apply", "mul", "pages",
           "read_page", "resources"]
