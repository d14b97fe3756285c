"""One OOXML resolver for the Word checks (checks/docx.py, checks/large_print_docx.py): the
properties a run or paragraph really has, as Word resolves them — document defaults
(w:docDefaults), the table style (and its conditional parts), the paragraph style and the
character style, each through its w:basedOn chain, then direct formatting; theme fonts
(w:asciiTheme, w:cstheme…, with the theme's script fonts and w:themeFontLang) and theme colours
(w:themeColor with tint and shade).

Properties are dicts with the w: names: booleans (b bCs i iCs caps smallCaps rtl cs vanish;
bidi contextualSpacing suppressAutoHyphens), sizes in points (sz szCs), u, color (RRGGBB or
"auto"), shd and highlight (the colour painted, RRGGBB), fonts (slot → typeface: ascii, hAnsi,
eastAsia, cs); a paragraph's spacing attributes (before, after, line, lineRule,
beforeAutospacing, afterAutospacing, as written), jc, frame (w:framePr present)."""

from __future__ import annotations

import colorsys
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .scripts import office_script

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
VAL = W + "val"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
FALSE = ("0", "false", "off", "none")
HIGHLIGHT = {
    "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF",
    "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080",
    "lightGray": "C0C0C0", "black": "000000", "white": "FFFFFF",
}
THEME_COLOUR = {  # w:themeColor → the theme's colour scheme slot
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2", "text1": "dk1",
    "background1": "lt1", "text2": "dk2", "background2": "lt2", "accent1": "accent1",
    "accent2": "accent2", "accent3": "accent3", "accent4": "accent4", "accent5": "accent5",
    "accent6": "accent6", "hyperlink": "hlink", "followedHyperlink": "folHlink",
}


def read_part(z: zipfile.ZipFile, name: str):
    """A part of the package, parsed without entities or network; None when absent."""
    try:
        return etree.fromstring(z.read(name), PARSER)
    except KeyError:
        return None


def on(el) -> bool | None:
    """A toggle property: None when absent, else its value (no w:val: on)."""
    if el is None:
        return None
    return (el.get(VAL) or "true").lower() not in FALSE


def hex_colour(v: str | None) -> str | None:
    return v.upper() if v and re.fullmatch(r"[0-9A-Fa-f]{6}", v) else None


def mix(a: str, b: str, share_b: float) -> str:
    """a with share_b of b over it."""
    return "".join(f"{round(int(a[i:i + 2], 16) * (1 - share_b) + int(b[i:i + 2], 16) * share_b):02X}"
                   for i in (0, 2, 4))


class Theme:
    """The theme part: its colour scheme and its major and minor fonts. `lang`: the document's
    w:themeFontLang (eastAsia, bidi), which picks a script's font when the theme names none
    (as Word shows it: the large print face rule). `named_only`: a theme font whose own
    typeface is empty is no font ("": the Word rules D12 and D13 ask for a font named for the
    script, not one left to the theme's script table)."""

    def __init__(self, root, lang: dict[str, str] | None = None, named_only: bool = False):
        self.root, self.lang, self.named_only = root, lang or {}, named_only
        self.colours: dict[str, str] = {}
        scheme = root.find(f".//{A}clrScheme") if root is not None else None
        for el in scheme if scheme is not None else ():
            c = el.find(f"{A}srgbClr")
            value = c.get("val") if c is not None else None
            if value is None and (c := el.find(f"{A}sysClr")) is not None:
                value = c.get("lastClr")
            if hex_colour(value):
                self.colours[el.tag.split("}")[1]] = value.upper()

    def font(self, name: str) -> str:
        """A theme font reference (minorHAnsi, majorEastAsia, minorBidi…) → its typeface."""
        group = self.root.find(f".//{A}{'major' if name.startswith('major') else 'minor'}"
                               "Font") if self.root is not None else None
        if group is None:
            return "" if self.named_only else f"theme font {name}"
        slot = "ea" if "EastAsia" in name else "cs" if "Bidi" in name else "latin"
        el = group.find(A + slot)
        face = el.get("typeface", "") if el is not None else ""
        if self.named_only:
            return face
        if not face and slot != "latin":
            script = {"ea": self.lang.get("eastAsia", "Hans"), "cs": self.lang.get("bidi", "Arab")}
            for f in group.findall(A + "font"):
                if f.get("script") == script[slot]:
                    face = f.get("typeface", "")
        return face or f"theme font {name}"

    def colour(self, el) -> str | None:
        """A w:color / w:shd colour: the theme colour (with tint or shade, as Word computes
        them on the HSL lightness) when named, else None."""
        for attr, tint_attr, shade_attr in (("themeColor", "themeTint", "themeShade"),
                                            ("themeFill", "themeFillTint", "themeFillShade")):
            base = self.colours.get(THEME_COLOUR.get(el.get(W + attr) or "", ""))
            if base is None:
                continue
            tint, shade = el.get(W + tint_attr), el.get(W + shade_attr)
            if not (tint or shade):
                return base
            h, lum, s = colorsys.rgb_to_hls(*(int(base[i:i + 2], 16) / 255 for i in (0, 2, 4)))
            if shade:
                lum *= int(shade, 16) / 255
            if tint:
                t = int(tint, 16) / 255
                lum = lum * t + (1 - t)
            return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lum, s))
        return None

    def shading(self, el) -> str | None:
        """The colour a w:shd paints, or None for no shading (val nil, fill auto)."""
        pattern = el.get(VAL) or "clear"
        fill = self.colour(el) if el.get(W + "themeFill") else hex_colour(el.get(W + "fill"))
        ink = hex_colour(el.get(W + "color")) or "000000"
        if pattern == "nil":
            return None
        if pattern == "solid":
            return ink
        if pattern.startswith("pct") and pattern[3:].isdigit():
            return mix(fill or "FFFFFF", ink, int(pattern[3:]) / 100)
        return fill


_TOGGLES = ("b", "bCs", "i", "iCs", "caps", "smallCaps", "rtl", "cs", "vanish")
_FONT_SLOTS = (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"), ("eastAsia", "eastAsiaTheme"),
               ("cs", "cstheme"))


def merge_run(props: dict, rpr, theme: Theme) -> dict:
    """Add what a w:rPr sets to `props` (only what it sets); returns props."""
    for child in rpr if rpr is not None else ():
        tag = child.tag[len(W):] if isinstance(child.tag, str) and child.tag.startswith(W) else None
        if tag in _TOGGLES:
            props[tag] = on(child)
        elif tag in ("sz", "szCs"):
            v = child.get(VAL)
            if v and v.isdigit():
                props[tag] = int(v) / 2
        elif tag == "u":
            props["u"] = child.get(VAL, "single")
        elif tag == "color":
            props["color"] = theme.colour(child) or hex_colour(child.get(VAL)) or "auto"
        elif tag == "shd":
            props["shd"] = theme.shading(child)
        elif tag == "highlight":
            props["highlight"] = HIGHLIGHT.get(child.get(VAL) or "")
        elif tag == "rFonts":
            fonts = dict(props.get("fonts", {}))
            for slot, attr in _FONT_SLOTS:  # a theme font wins over a named one
                if child.get(W + attr):
                    fonts[slot] = theme.font(child.get(W + attr))
                elif child.get(W + slot) is not None:
                    fonts[slot] = child.get(W + slot)
            props["fonts"] = fonts
    return props


_SPACING = ("before", "after", "line", "lineRule", "beforeAutospacing", "afterAutospacing")


def merge_para(props: dict, ppr, theme: Theme) -> dict:
    """Add what a w:pPr sets to `props`; returns props."""
    for child in ppr if ppr is not None else ():
        tag = child.tag[len(W):] if isinstance(child.tag, str) and child.tag.startswith(W) else None
        if tag == "spacing":
            props.update({a: child.get(W + a) for a in _SPACING if child.get(W + a) is not None})
        elif tag == "jc":
            props["jc"] = child.get(VAL)
        elif tag in ("bidi", "contextualSpacing", "suppressAutoHyphens"):
            props[tag] = on(child)
        elif tag == "shd":
            props["shd"] = theme.shading(child)
        elif tag == "framePr":
            props["frame"] = True
    return props


@dataclass
class TableStyle:
    rpr: dict = field(default_factory=dict)
    ppr: dict = field(default_factory=dict)
    shd: str | None = None  # w:tcPr/w:shd of the whole table
    bidi_visual: bool = False
    parts: dict[str, tuple[dict, str | None]] = field(default_factory=dict)  # conditional


class Styles:
    """The styles part: every style by id, the default style of each type, the document
    defaults; a style's properties through its basedOn chain (cached)."""

    def __init__(self, root, theme: Theme):
        self.theme = theme
        self.by_id: dict[str, etree._Element] = {}
        self.defaults: dict[str, str] = {}
        self.doc_rpr: dict = {}
        self.doc_ppr: dict = {}
        self._cache: dict = {}
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            self.by_id[sid] = st
            if (st.get(W + "default") or "0") in ("1", "true", "on"):
                self.defaults.setdefault(st.get(W + "type") or "paragraph", sid)
        dd = root.find(W + "docDefaults")
        if dd is not None:
            merge_run(self.doc_rpr, dd.find(f"{W}rPrDefault/{W}rPr"), theme)
            merge_para(self.doc_ppr, dd.find(f"{W}pPrDefault/{W}pPr"), theme)

    def name(self, sid: str | None) -> str:
        """The style's name (the default paragraph style's without an id); "" if none."""
        st = self.by_id.get(sid or self.defaults.get("paragraph", ""))
        el = st.find(W + "name") if st is not None else None
        return el.get(VAL, "") if el is not None else ""

    def chain(self, sid: str | None) -> list:
        """The style and those it is based on, the base first."""
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            based = self.by_id[sid].find(W + "basedOn")
            sid = based.get(VAL) if based is not None else None
        return out[::-1]

    def style(self, sid: str | None, kind: str) -> tuple[dict, dict]:
        """(rPr, pPr) of a paragraph or character style (the type's default without an id)."""
        key = (sid, kind)
        if key not in self._cache:
            rpr: dict = {}
            ppr: dict = {}
            for st in self.chain(sid or self.defaults.get(kind)):
                merge_run(rpr, st.find(W + "rPr"), self.theme)
                merge_para(ppr, st.find(W + "pPr"), self.theme)
            self._cache[key] = (rpr, ppr)
        return self._cache[key]

    def table(self, sid: str | None) -> TableStyle:
        """A table style (the default table style without an id), with its conditional parts
        (w:tblStylePr: firstRow, band1Horz…)."""
        key = (sid, "table")
        if key not in self._cache:
            ts = TableStyle()
            for st in self.chain(sid or self.defaults.get("table")):
                merge_run(ts.rpr, st.find(W + "rPr"), self.theme)
                merge_para(ts.ppr, st.find(W + "pPr"), self.theme)
                shd = st.find(f"{W}tcPr/{W}shd")
                if shd is not None:
                    ts.shd = self.theme.shading(shd)
                bv = st.find(f"{W}tblPr/{W}bidiVisual")
                if bv is not None:
                    ts.bidi_visual = bool(on(bv))
                for cond in st.iterchildren(W + "tblStylePr"):
                    rpr, shd_ = ts.parts.get(cond.get(W + "type"), ({}, None))
                    rpr = merge_run(dict(rpr), cond.find(W + "rPr"), self.theme)
                    el = cond.find(f"{W}tcPr/{W}shd")
                    ts.parts[cond.get(W + "type")] = (
                        rpr, self.theme.shading(el) if el is not None else shd_)
            self._cache[key] = ts
        return self._cache[key]

    def para(self, sid: str | None, table_sid: str | None) -> tuple[dict, dict]:
        """(pPr, rPr) of a paragraph in a paragraph style, in a table of a table style (None:
        not in a table), before its own formatting: document defaults, the table style, the
        paragraph style."""
        key = (sid, table_sid, "para")
        if key not in self._cache:
            ppr, rpr = dict(self.doc_ppr), dict(self.doc_rpr)
            for st in self.chain(table_sid) + self.chain(sid or self.defaults.get("paragraph")):
                merge_para(ppr, st.find(W + "pPr"), self.theme)
                merge_run(rpr, st.find(W + "rPr"), self.theme)
            self._cache[key] = (ppr, rpr)
        return self._cache[key]


def theme_languages(settings) -> dict[str, str]:
    """w:themeFontLang of the settings part, as the scripts whose fonts the theme's East Asian
    and complex-script slots use."""
    el = settings.find(W + "themeFontLang") if settings is not None else None
    out = {}
    for attr in ("eastAsia", "bidi"):
        tag = el.get(W + attr) if el is not None else None
        if tag and office_script(tag):
            out[attr] = office_script(tag)
    return out


__all__ = ["A", "FALSE", "HIGHLIGHT", "PARSER", "VAL", "W", "Styles", "TableStyle", "Theme",
           "hex_colour", "merge_para", "merge_run", "mix", "on", "read_part", "theme_languages"]
