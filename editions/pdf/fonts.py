"""Fonts as a PDF's dictionaries describe them: the text of each code (ToUnicode), its width,
the CID and glyph it draws (to find .notdef, P12), italic and the ascent and descent. One
`Font` per font dictionary, shared by every page that uses it (pdf/content.py)."""

from __future__ import annotations

import re
import struct

import pikepdf

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




def _widths(obj: pikepdf.Dictionary, desc) -> tuple[dict[int, float], list, float, object]:
    """Glyph widths (thousandths of the size) by code, as ranges for /W's c_first c_last w
    form, the default; and the descriptor (a composite font's is its descendant's)."""
    widths: dict[int, float] = {}
    ranges: list[tuple[int, int, float]] = []
    if obj.get("/Subtype") == "/Type0":
        d = obj.DescendantFonts[0]
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
        return widths, ranges, float(d.get("/DW", 1000)), d.get("/FontDescriptor", desc)
    first = int(obj.get("/FirstChar", 0))
    for k, v in enumerate(obj.get("/Widths", [])):
        widths[first + k] = float(v)
    default = float(desc.get("/MissingWidth", 0)) if desc is not None else 0.0
    return widths, ranges, default, desc


class Font:
    """What a font's dictionaries say about the codes drawn with it: their length in bytes,
    their text (ToUnicode), their width, which of them draw glyph 0 (.notdef, P12), and the
    face's name, slant, ascent and descent."""

    def __init__(self, obj: pikepdf.Dictionary):
        self.name = str(obj.get("/BaseFont", "/?"))[1:].split("+")[-1]  # without the subset tag
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
        self.widths, self.ranges, self.default, desc = _widths(obj, obj.get("/FontDescriptor"))
        self._decoded: dict[bytes, tuple[list[int], list[str], list[float]]] = {}
        self.italic = bool(re.search(r"italic|oblique", self.name, re.I))
        self.ascent, self.descent = 0.9, 0.25
        if desc is not None:
            self.italic = self.italic or float(desc.get("/ItalicAngle", 0)) != 0 \
                or bool(int(desc.get("/Flags", 0)) & 64)
            self.ascent = float(desc.get("/Ascent", 900)) / 1000 or 0.9
            self.descent = abs(float(desc.get("/Descent", -250))) / 1000 or 0.25

    def codes(self, data: bytes) -> list[int]:
        if not self.composite:
            return list(data)
        n = len(data) // 2  # two bytes a code, big-endian (an odd last byte is no code)
        return list(struct.unpack(f">{n}H", data[:2 * n]))

    def notdef(self, code: int) -> bool:
        """The code draws glyph 0 (.notdef): a character the font does not have."""
        if not self.composite or not self.known:
            return False
        cid = code if self.cids is None else self.cids.get(code, 0)
        if self.gids is None:
            return cid == 0
        return self.gids[2 * cid:2 * cid + 2] in (b"\0\0", b"\0", b"")

    def char(self, code: int) -> str:
        """The text of one code ("\ufffd" when the font cannot say)."""
        if self.unicode is not None:
            return self.unicode.get(code, "\ufffd")
        return chr(code) if not self.composite else "\ufffd"

    def text(self, codes: list[int]) -> list[str]:
        if self.unicode is not None:  # `char` for each code, without a call for each
            get = self.unicode.get
            return [get(c, "\ufffd") for c in codes]
        return [self.char(c) for c in codes]

    def decode(self, data: bytes) -> tuple[list[int], list[str], list[float]]:
        """The codes one string draws, their text and their widths, worked out once per
        string (a TJ array holds a string for each kerned piece: the same few again and
        again). The lists are shared: do not change them."""
        found = self._decoded.get(data)
        if found is None:
            codes = self.codes(data)
            found = self._decoded[data] = (codes, self.text(codes),
                                           [self.width(c) for c in codes])
        return found

    def width(self, code: int) -> float:
        """The code's advance in thousandths of the font size."""
        w = self.widths.get(code)
        if w is None:
            for lo, hi, v in self.ranges:
                if lo <= code <= hi:
                    return v
            return self.default
        return w


__all__ = ["Font", "to_unicode"]
