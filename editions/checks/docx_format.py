"""Run formatting rules on a DOCX, formatting resolved by the OOXML resolver (ooxml.py) as Word
resolves it: D09 contrast of every run against what is behind it, D12 right-to-left text
(w:bidi, w:rtl, complex-script font and size, w:bidiVisual), D13 East Asian text (East Asian
font, no italics). Called by checks/docx.py."""

from __future__ import annotations

from docx.oxml.ns import qn

from ..ooxml import Styles, hex_colour, merge_para, merge_run, on
from ..rules import rule_check
from .docx_walk import (
    EAST_ASIAN,
    PPR,
    RPR,
    RSTYLE,
    RTL_LETTERS,
    TBLPR,
    VAL,
    Cell,
    Para,
    R,
    T,
    Table,
)


def _luminance(hex_: str) -> float:
    """WCAG 2 relative luminance of an RRGGBB colour."""
    out = 0.0
    for weight, i in ((0.2126, 0), (0.7152, 2), (0.0722, 4)):
        c = int(hex_[i:i + 2], 16) / 255
        out += weight * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)



def _run_props(r, p: Para, styles: Styles, cache: dict) -> tuple[dict, dict]:
    """(run properties, paragraph properties) for a run, resolved through the hierarchy."""
    rpr = r.find(RPR)
    rs = rpr.find(RSTYLE) if rpr is not None else None
    rsid = rs.get(VAL) if rs is not None else None
    cell = p.cell
    parts = tuple(cell.parts()) if cell is not None else ()
    key = (p.style, rsid, id(cell.table.style) if cell is not None else 0, parts)
    base = cache.get(key)
    if base is None:
        props = dict(styles.doc_rpr)
        if cell is not None:
            ts = cell.table.style
            props.update(ts.rpr)
            for part in parts:
                props.update(ts.parts.get(part, ({}, None))[0])
        pr, pp = styles.style(p.style, "paragraph")
        props.update(pr)
        if rsid:
            props.update(styles.style(rsid, "character")[0])
        base = cache[key] = (props, {**styles.doc_ppr, **pp})
    own = merge_run({}, rpr, styles.theme)
    ppr = p.el.find(PPR)
    own_p = merge_para({}, ppr, styles.theme) if ppr is not None else {}
    return ({**base[0], **own} if own else base[0]), ({**base[1], **own_p} if own_p else base[1])


def _runs(p: Para):
    """The runs of a paragraph with visible text (not inside a text box's own paragraphs)."""
    for r in p.el.iter(R):
        text = "".join(t.text or "" for t in r.iter(T))
        if text.strip():
            yield r, text


def _background(props: dict, pprops: dict, cell: Cell | None, page: str) -> str:
    for v in (props.get("highlight"), props.get("shd"), pprops.get("shd")):
        if v:
            return v
    if cell is not None:
        if cell.shd:
            return cell.shd
        for part in reversed(cell.parts()):
            shd = cell.table.style.parts.get(part, ({}, None))[1]
            if shd:
                return shd
        if cell.table.style.shd:
            return cell.table.style.shd
        if cell.table.shd:
            return cell.table.shd
    return page


@rule_check("D09")
def _d09_contrast(d, paras: list[Para], styles: Styles, add) -> None:
    bg_el = d.element.find(qn("w:background"))
    page = (styles.theme.colour(bg_el) or hex_colour(bg_el.get(qn("w:color")))
            if bg_el is not None else None) or "FFFFFF"
    cache: dict = {}
    failures: dict[tuple, list] = {}
    for p in paras:
        for r, _ in _runs(p):
            props, pprops = _run_props(r, p, styles, cache)
            if props.get("vanish"):
                continue
            bg = _background(props, pprops, p.cell, page)
            fg = props.get("color", "auto")
            if fg == "auto":  # Word shows automatic text black, or white on dark shading
                fg = "000000" if contrast("000000", bg) >= contrast("FFFFFF", bg) else "FFFFFF"
            complex_ = props.get("rtl") or props.get("cs")
            size = (props.get("szCs") if complex_ else props.get("sz")) or 10.0  # points
            bold = props.get("bCs") if complex_ else props.get("b")
            large = size >= 18 or (bold and size >= 14)
            need = 3.0 if large else 4.5
            ratio = contrast(fg, bg)
            if ratio < need:
                failures.setdefault((fg, bg, need, round(ratio, 2), p.style), []).append(p)
    for (fg, bg, need, ratio, sid), where in failures.items():
        n = len(where)
        add("D09", f"text #{fg} on #{bg} has contrast {ratio}:1, needs {need}:1 "
            f"({n} run{'s' if n > 1 else ''} in style {styles.name(sid)!r})",
            "darken the text colour (or lighten the shading) in the style or run; colours "
            "come from layouts/docx/styles.yaml", where[0].where())


@rule_check("D12")
def _d12_right_to_left(paras: list[Para], tables: list[Table], styles: Styles, add) -> None:
    cache: dict = {}
    for p in paras:
        text = p.text
        if not text.strip():
            continue
        missing: dict[str, int] = {}
        # a paragraph without right-to-left letters is in another language (English fallback, the
        # multilingual notice) or only numbers, and may keep left-to-right direction
        if RTL_LETTERS.search(text):
            pprops = _run_props_p(p, styles, cache)
            if not pprops.get("bidi"):
                missing["w:bidi on the paragraph"] = 1
        for r, rtext in _runs(p):
            if not RTL_LETTERS.search(rtext):
                continue
            props, _ = _run_props(r, p, styles, cache)
            for ok, what in ((props.get("rtl"), "w:rtl"),
                             (props.get("fonts", {}).get("cs"), "a complex-script font (w:rFonts w:cs)"),
                             (props.get("szCs"), "a complex-script size (w:szCs)")):
                if not ok:
                    missing[what] = missing.get(what, 0) + 1
        if missing:
            parts = [w if w.endswith("paragraph") else f"{w} on {n} right-to-left run{'s' if n > 1 else ''}"
                     for w, n in missing.items()]
            add("D12", "right-to-left text without " + ", ".join(parts),
                "mark right-to-left paragraphs w:bidi and their runs w:rtl, with w:cs font and w:szCs "
                "(directly or in the style)", p.where())
    for t in tables:
        bv = t.el.find(f"{TBLPR}/{qn('w:bidiVisual')}")
        if not (on(bv) if bv is not None else t.style.bidi_visual):
            add("D12", "table is not laid out right to left (w:bidiVisual)",
                "set w:bidiVisual in the table properties", f"table {t.number}")


def _run_props_p(p: Para, styles: Styles, cache: dict) -> dict:
    key = ("p", p.style)
    if key not in cache:
        cache[key] = {**styles.doc_ppr, **styles.style(p.style, "paragraph")[1]}
    ppr = p.el.find(PPR)
    return {**cache[key], **merge_para({}, ppr, styles.theme)} if ppr is not None \
        else cache[key]


@rule_check("D13")
def _d13_east_asian(paras: list[Para], styles: Styles, add) -> None:
    cache: dict = {}
    for p in paras:
        no_font = italic = 0
        for r, rtext in _runs(p):
            if not EAST_ASIAN.search(rtext):
                continue
            props, _ = _run_props(r, p, styles, cache)
            no_font += not props.get("fonts", {}).get("eastAsia")
            italic += bool(props.get("i"))
        if no_font:
            add("D13", f"{no_font} East Asian run{'s' if no_font > 1 else ''} without an East "
                "Asian font (w:rFonts w:eastAsia)", "set w:eastAsia in the style (or the run)",
                p.where())
        if italic:
            add("D13", f"{italic} East Asian run{'s' if italic > 1 else ''} in italics (w:i)",
                "remove italics; emphasise East Asian text with bold", p.where())
