"""Large print rules on a DOCX (LP01 LP03 LP04 LP05 LP06 LP07 LP08 LP15), measured on the
XML parts: every run's effective properties resolved through docDefaults, the table style,
the paragraph and character style chains (basedOn) and direct formatting, by the OOXML
resolver the Word rules share (editions/ooxml.py)."""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..ooxml import Styles, Theme, W, merge_para, merge_run, on, read_part, theme_languages
from ..rules import rule_check
from ..select import EditionDoc
from .large_print_common import (
    A4_PT,
    ALLOWED,
    BODY_PT,
    LINE_HEIGHT,
    LINE_HEIGHT_ARABIC,
    MARGIN_MM,
    MIN_PT,
    PT_PER_MM,
    Report,
    arabic_text,
    capitals,
    font_family,
    is_arabic,
    is_cjk,
    keep_together,
    snippet,
)


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


def _paragraphs(root, part: str, styles: Styles) -> list[_Para]:
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
        ppr = merge_para(dict(base_ppr), ppr_el, styles.theme)
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
                        merge_run(rpr, st.find(W + "rPr"), styles.theme)
                merge_run(rpr, rpr_el, styles.theme)
            linked = any(a.tag == W + "hyperlink" for a in r.iterancestors())
            runs.append((text, rpr, linked))
        out.append(_Para(p, part, tables.get(tbl) if tbl is not None else None,
                         styles.name(sid) or sid or "Normal", ppr, runs))
    return out


def _label(p: _Para) -> str:
    if p.part != "body":
        return p.part
    if p.table is not None:
        return f"table {p.table}"
    kind = "heading" if p.style.lower().startswith(("heading", "title", "toc heading")) \
        else "paragraph"
    return f"{kind} {snippet(p.text)!r}"


def _run_size(text: str, rpr: dict) -> float:
    complex_script = rpr.get("rtl") or rpr.get("cs") or any(is_arabic(c) for c in text)
    return (rpr.get("szCs") if complex_script else rpr.get("sz")) or 10.0


def _slots(text: str, rpr: dict) -> set[str]:
    if rpr.get("rtl") or rpr.get("cs"):
        return {"cs"}
    slots = set()
    for c in text:
        if c.isspace():
            continue
        if is_arabic(c):
            slots.add("cs")
        elif is_cjk(c):
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
    """Every large print rule on a DOCX: its runs, its body paragraphs, its page setup, its
    tables."""
    rep = Report(artifact)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        document = read_part(z, "word/document.xml")
        settings = read_part(z, "word/settings.xml")
        theme = next((read_part(z, n) for n in names if n.startswith("word/theme/")), None)
        styles = Styles(read_part(z, "word/styles.xml"), Theme(theme, theme_languages(settings)))
        parts = [("body", document)]
        for n in sorted(names):
            hit = re.fullmatch(r"word/(header|footer)\d*\.xml", n)
            if hit:
                parts.append((hit.group(1), read_part(z, n)))
    paras: list[_Para] = []
    for part, root in parts:
        if root is not None:
            paras.extend(_paragraphs(root, part, styles))
    _runs(paras, rep)
    _paragraphs_rules([p for p in paras if p.part == "body"], getattr(ed, "lang", ""), rep)
    _page_setup(document, settings, rep)
    _table_headers(document, rep)
    return rep.findings()


@rule_check("LP01", "LP03", "LP04", "LP15")
def _runs(paras: list[_Para], rep: Report) -> None:
    """LP01 sizes, LP03 faces, LP04 italics, underline and capitals, LP15 table text."""
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
                        f"(under {MIN_PT:g}): {snippet(text)!r}")
            elif body and size < BODY_PT - 0.05:
                rep.add("LP01", where, f"body text at {size:g} pt (under {BODY_PT:g}): "
                        f"{snippet(text)!r}")
            fonts = rpr.get("fonts", {})
            for slot in sorted(_slots(text, rpr)):
                face = fonts.get(slot) or fonts.get("ascii") or "Times New Roman"
                if font_family(face) not in ALLOWED:
                    rep.add("LP03", where, f"text set in {face} ({slot} font), not an allowed "
                            f"sans-serif face: {snippet(text)!r}")
            if rpr.get("i") or rpr.get("iCs"):
                rep.add("LP04", where, f"italic text: {snippet(text)!r}")
            if rpr.get("u") and rpr["u"] != "none" and not linked:
                rep.add("LP04", where, f"underlined text that is not a link: {snippet(text)!r}")
            if rpr.get("caps") or rpr.get("smallCaps"):
                rep.add("LP04", where, f"text set in capitals (w:caps): {snippet(text)!r}")
        caps = capitals(p.text)
        if caps:
            rep.add("LP04", where, f"a block of capitals: {snippet(caps)!r}")



@rule_check("LP05", "LP06", "LP07", "LP08")
def _paragraphs_rules(body_paras: list[_Para], lang: str, rep: Report) -> None:
    """LP05 line height, LP06 space after, LP07 alignment, LP08 items kept together."""
    keep = keep_together(lang)
    for i, p in enumerate(body_paras):
        text = p.text
        if not text.strip():
            continue
        where = _label(p)
        sizes = [_run_size(t, r) for t, r, _l in p.runs if t.strip()]
        size = max(set(sizes), key=sizes.count) if sizes else 0
        # a right-to-left paragraph (w:bidi: the writer's Urdu) or one in Arabic script
        arabic = bool(p.ppr.get("bidi")) or arabic_text(text)
        ratio = _line_ratio(p.ppr, size)
        lo, hi = (LINE_HEIGHT_ARABIC, math.inf) if arabic else LINE_HEIGHT
        if not lo - 0.005 <= ratio <= hi + 0.005:
            want = f"{lo:g} or more" if hi == math.inf else f"{lo:g}–{hi:g}"
            rep.add("LP05", where, f"line height {ratio:.2f} (want {want})")
        jc = p.ppr.get("jc")
        if jc not in (None, "left", "start"):
            rep.add("LP07", where, f"paragraph aligned {jc!r}, not to the start")
        if arabic_text(text) and not p.ppr.get("bidi"):
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



@rule_check("LP08", "LP10", "LP11", "LP16")
def _page_setup(document, settings, rep: Report) -> None:
    """LP08 hyphenation, LP10 columns, LP11 A4 portrait, LP16 margins."""
    if settings is not None and on(settings.find(W + "autoHyphenation")):
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


@rule_check("LP15")
def _table_headers(document, rep: Report) -> None:
    """LP15: every table's header row repeats on each page."""
    if document is not None:
        for n, tbl in enumerate(document.iter(W + "tbl"), 1):
            first = tbl.find(W + "tr")
            header = first.find(f"{W}trPr/{W}tblHeader") if first is not None else None
            if not on(header):
                rep.add("LP15", f"table {n}", "the header row does not repeat on each page "
                        "(w:tblHeader)")
