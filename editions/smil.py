"""EPUB 3 Media Overlay documents (SMIL 3.0, as EPUB Media Overlays 3.3 profiles it): written by
writers/talking_book.py, read back by checks/talking_book.py.

One overlay per content document: `<body epub:textref="doc.xhtml">` holding one `<par>` per
block in reading order, each pairing `<text src="doc.xhtml#id"/>` with
`<audio src="audio/doc.mp3" clipBegin=… clipEnd=…/>`. Times are SMIL full clock values in
whole milliseconds (`0:01:02.345`), the form `media:duration` takes in the package too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

SMIL_NS = "http://www.w3.org/ns/SMIL"
OPS_NS = "http://www.idpf.org/2007/ops"
MEDIA_TYPE = "application/smil+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_FULL = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d(?:\.\d+)?)$")
_TIMECOUNT = re.compile(r"^(\d+(?:\.\d+)?)(h|min|s|ms)?$")
_UNIT = {"h": 3600.0, "min": 60.0, "s": 1.0, "ms": 0.001, None: 1.0}


@dataclass(frozen=True, slots=True)
class Par:
    text: str  # src of <text>, as written
    audio: str  # src of <audio>
    begin: float  # seconds
    end: float


def clock(ms: int) -> str:
    """A SMIL full clock value: 0:01:02.345."""
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h}:{m:02d}:{s:02d}.{milli:03d}"


def seconds(value: str) -> float:
    """A SMIL clock value (full, partial or timecount) in seconds; ValueError if it is none."""
    value = value.strip()
    hit = _FULL.match(value)
    if hit:
        return int(hit[1] or 0) * 3600 + int(hit[2]) * 60 + float(hit[3])
    hit = _TIMECOUNT.match(value)
    if hit:
        return float(hit[1]) * _UNIT[hit[2]]
    raise ValueError(f"not a SMIL clock value: {value!r}")


def document(text_href: str, audio_href: str, clips: list[tuple[str, int, int]]) -> bytes:
    """The overlay of one content document: (element id, begin ms, end ms) per block."""
    root = etree.Element(f"{{{SMIL_NS}}}smil", nsmap={None: SMIL_NS, "epub": OPS_NS},
                         version="3.0")
    body = etree.SubElement(root, f"{{{SMIL_NS}}}body")
    body.set(f"{{{OPS_NS}}}textref", text_href)
    for n, (ident, begin, end) in enumerate(clips, 1):
        par = etree.SubElement(body, f"{{{SMIL_NS}}}par", id=f"par{n}")
        etree.SubElement(par, f"{{{SMIL_NS}}}text", src=f"{text_href}#{ident}")
        etree.SubElement(par, f"{{{SMIL_NS}}}audio", src=audio_href, clipBegin=clock(begin),
                         clipEnd=clock(end))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read(data: bytes) -> list[Par]:
    """The `<par>`s of an overlay in document order. Raises etree.XMLSyntaxError when it is
    not well-formed and ValueError when it is no SMIL or a `<par>` lacks a part."""
    root = etree.fromstring(data, _PARSER)
    if root.tag != f"{{{SMIL_NS}}}smil" or root.get("version") != "3.0":
        raise ValueError(f"the root is <{etree.QName(root).localname}> "
                         f"version={root.get('version')!r}, not SMIL 3.0")
    out = []
    for par in root.iter(f"{{{SMIL_NS}}}par"):
        text = par.find(f"{{{SMIL_NS}}}text")
        audio = par.find(f"{{{SMIL_NS}}}audio")
        if text is None or audio is None:
            raise ValueError(f"<par id={par.get('id')!r}> lacks its text or its audio")
        out.append(Par(text.get("src", ""), audio.get("src", ""),
                       seconds(audio.get("clipBegin", "0")), seconds(audio.get("clipEnd", "0"))))
    return out


__all__ = ["MEDIA_TYPE", "Par", "clock", "document", "read", "seconds"]
