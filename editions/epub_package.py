"""EPUB 3 packaging: the package document (OPF) with its Dublin Core and accessibility
metadata, the container and the zip. `writers/epub.py` renders the content documents and hands
them here as `Item`s; `checks/epub.py` reads the same names back (`read_package`).

Reproducible: the identifier is a UUID derived from the publication, edition, language and
presentation; every date comes from the edition's date (never the clock); the entries are
written in a fixed order with fixed dates and attributes, so two builds are byte-identical.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .i18n import SOURCE_LANG
from .interface import _
from .select import EditionDoc
from .smil import clock

MEDIA_TYPE = "application/epub+zip"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y_PREFIX = "a11y: http://www.idpf.org/epub/vocab/package/a11y/#"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
FOLDER = "EPUB"  # the publication's files inside the zip
OPF_PATH = f"{FOLDER}/package.opf"
PICTURE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif",
                 "webp": "image/webp", "svg": "image/svg+xml"}
# features every EPUB edition has: headings and a nav (structure, contents), one reading order,
# reflowable text the reading system can restyle; alternativeText is added when it has figures
FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability")


@dataclass(slots=True)
class Item:
    """One file of the publication (path relative to FOLDER)."""

    href: str
    media_type: str
    data: bytes
    id: str
    properties: str = ""
    spine: bool = False  # in the reading order (spine), in the order the items are given
    media_overlay: str = ""  # the id of its Media Overlay (SMIL) item (talking book)
    compress: bool = True  # False: stored as it is in the zip (audio, compressed already)


@dataclass(slots=True)
class Overlays:
    """The Media Overlays of a talking book, for the package metadata: each SMIL item's id
    with its duration in ms (the total is their sum), and the class a reading system puts on
    the element being read (style.css styles it)."""

    durations: list[tuple[str, int]]
    active_class: str


def identifier(ed: EditionDoc) -> str:
    """Stable across builds: a name-based UUID of publication, edition, language (and the
    presentation when it is not the default one)."""
    key = f"{ed.meta.id}/{ed.spec.id}/{ed.lang}"
    if not ed.look.default:
        key += f"/{ed.presentation}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'editions:' + key)}"


def edition_time(ed: EditionDoc) -> datetime:
    when = datetime.fromisoformat(ed.date) if ed.date else datetime(1980, 1, 1, tzinfo=UTC)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def untranslated(ed: EditionDoc, msgid: str) -> bool:
    """An interface string the edition's catalog lacks: shown in English, so marked en-GB."""
    return ed.lang != SOURCE_LANG and ed.gettext.gettext(msgid) == msgid


SUMMARY = _(
    "This EPUB edition has a contents list and a heading for every section, and its reading "
    "order is the order of the publication. Passages in other languages are marked with their "
    "language. The text can be read aloud, and its size, font and colours changed in the "
    "reading app. It has no known hazards.")
SUMMARY_FIGURES = _(
    "This EPUB edition has a contents list and a heading for every section, and its reading "
    "order is the order of the publication. Every picture has a text description. Passages in "
    "other languages are marked with their language. The text can be read aloud, and its "
    "size, font and colours changed in the reading app. It has no known hazards.")
SUMMARY_AUDIO = _(
    "This EPUB edition has a contents list and a heading for every section, and its reading "
    "order is the order of the publication. Passages in other languages are marked with their "
    "language. Every part of the text is read aloud by a synthetic voice, and the part being "
    "read is highlighted. The text can also be read aloud by the reading app, and its size, "
    "font and colours changed. It has no known hazards.")
SUMMARY_AUDIO_FIGURES = _(
    "This EPUB edition has a contents list and a heading for every section, and its reading "
    "order is the order of the publication. Every picture has a text description, which is "
    "also read aloud. Passages in other languages are marked with their language. Every part "
    "of the text is read aloud by a synthetic voice, and the part being read is highlighted. "
    "The text can also be read aloud by the reading app, and its size, font and colours "
    "changed. It has no known hazards.")
SUMMARIES = {(False, False): SUMMARY, (True, False): SUMMARY_FIGURES,
             (False, True): SUMMARY_AUDIO, (True, True): SUMMARY_AUDIO_FIGURES}


def ui(ed: EditionDoc, msgid: str) -> tuple[str, str]:
    """An interface string in the edition's language, and the language it is really in when
    the catalog lacks it (shown in English: marked en-GB), else ""."""
    return ed._(msgid), (SOURCE_LANG if untranslated(ed, msgid) else "")


def metadata_rows(ed: EditionDoc, figures: bool, audio: bool = False
                  ) -> list[tuple[str, str, str]]:
    """(property, value, language of the value when it differs from the edition's) for the
    OPF: Dublin Core elements first (`dc:`), then meta properties. `audio`: a talking book,
    its whole text read aloud and synchronised (Media Overlays): auditory is one of its
    access modes and sufficient alone, as the text is, and synchronizedAudioText a feature."""
    publisher = ed._(ed.meta.publisher) if ed.meta.publisher else ""
    rows = [("dc:identifier", identifier(ed), ""), ("dc:title", ed.title, ""),
            ("dc:language", ed.lang, "")]
    if publisher:
        rows += [("dc:creator", publisher, ""), ("dc:publisher", publisher, "")]
    if ed.meta.date:
        rows.append(("dc:date", ed.meta.date, ""))
    rows.append(("dcterms:modified", edition_time(ed).strftime("%Y-%m-%dT%H:%M:%SZ"), ""))
    rows += [("schema:accessMode", mode, "") for mode in
             ("textual", *(("visual",) if figures else ()), *(("auditory",) if audio else ()))]
    rows += [("schema:accessModeSufficient", modes, "") for modes in
             ("textual", *(("auditory",) if audio else ()))]
    rows += [("schema:accessibilityFeature", f, "") for f in
             (*FEATURES, *(("alternativeText",) if figures else ()),
              *(("synchronizedAudioText",) if audio else ()))]
    rows.append(("schema:accessibilityHazard", "none", ""))
    summary, lang = ui(ed, SUMMARIES[figures, audio])
    rows.append(("schema:accessibilitySummary", summary, lang))
    rows.append(("dcterms:conformsTo", CONFORMS_TO, ""))
    if publisher:  # the publisher evaluates and claims conformance itself (no third party)
        rows.append(("a11y:certifiedBy", publisher, ""))
    return rows


def _overlay_meta(meta: etree._Element, overlays: Overlays) -> None:
    """media:duration of each overlay and of the whole, media:active-class (the media: prefix
    is reserved in EPUB 3: no declaration)."""
    for ident, ms in overlays.durations:
        etree.SubElement(meta, f"{{{OPF_NS}}}meta", property="media:duration",
                         refines=f"#{ident}").text = clock(ms)
    total = sum(ms for _i, ms in overlays.durations)
    etree.SubElement(meta, f"{{{OPF_NS}}}meta", property="media:duration").text = clock(total)
    etree.SubElement(meta, f"{{{OPF_NS}}}meta",
                     property="media:active-class").text = overlays.active_class


def package_document(ed: EditionDoc, items: list[Item], figures: bool,
                     overlays: Overlays | None = None) -> bytes:
    pkg = etree.Element(f"{{{OPF_NS}}}package", nsmap={None: OPF_NS}, attrib={
        "version": "3.0", "unique-identifier": "pub-id", XML_LANG: ed.lang, "dir": ed.dir,
        "prefix": A11Y_PREFIX})
    meta = etree.SubElement(pkg, f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})
    for prop, value, lang in metadata_rows(ed, figures, audio=overlays is not None):
        if prop.startswith("dc:"):
            el = etree.SubElement(meta, f"{{{DC_NS}}}{prop[3:]}")
            if prop == "dc:identifier":
                el.set("id", "pub-id")
        else:
            el = etree.SubElement(meta, f"{{{OPF_NS}}}meta", property=prop)
        el.text = value
        if lang:
            el.set(XML_LANG, lang)
    if overlays is not None:
        _overlay_meta(meta, overlays)
    manifest = etree.SubElement(pkg, f"{{{OPF_NS}}}manifest")
    for it in items:
        el = etree.SubElement(manifest, f"{{{OPF_NS}}}item", id=it.id, href=it.href)
        el.set("media-type", it.media_type)
        if it.properties:
            el.set("properties", it.properties)
        if it.media_overlay:
            el.set("media-overlay", it.media_overlay)
    spine = etree.SubElement(pkg, f"{{{OPF_NS}}}spine")
    spine.set("page-progression-direction", ed.dir)
    for it in items:
        if it.spine:
            etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref=it.id)
    return etree.tostring(pkg, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def container() -> bytes:
    root = etree.Element(f"{{{CONTAINER_NS}}}container", nsmap={None: CONTAINER_NS},
                         version="1.0")
    files = etree.SubElement(root, f"{{{CONTAINER_NS}}}rootfiles")
    etree.SubElement(files, f"{{{CONTAINER_NS}}}rootfile", attrib={
        "full-path": OPF_PATH, "media-type": "application/oebps-package+xml"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _entry(name: str, stamp: tuple, stored: bool = False) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=stamp)
    zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zi.create_system = 3  # the same bytes whichever system builds it
    zi.external_attr = 0o100644 << 16
    return zi


def zip_package(ed: EditionDoc, items: list[Item], figures: bool,
                overlays: Overlays | None = None) -> bytes:
    """The OCF zip: `mimetype` first and stored (no extra field), then the container, the
    package document and the items in their given order, every entry dated ed.date."""
    when = edition_time(ed)
    stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second),
                (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(_entry("mimetype", stamp, stored=True), MEDIA_TYPE.encode("ascii"))
        z.writestr(_entry("META-INF/container.xml", stamp), container())
        z.writestr(_entry(OPF_PATH, stamp), package_document(ed, items, figures, overlays))
        for it in items:
            z.writestr(_entry(f"{FOLDER}/{it.href}", stamp, stored=not it.compress), it.data)
    return out.getvalue()


# --- reading back (checks, tests) -------------------------------------------------------------


@dataclass(slots=True)
class Package:
    """An EPUB read back: its zip, the OPF's folder and tree, manifest and spine."""

    zip: zipfile.ZipFile
    opf_path: str
    opf: etree._Element
    manifest: dict[str, tuple[str, str, str]]  # id -> (zip path, media type, properties)
    spine: list[str]  # zip paths in reading order

    def read(self, zpath: str) -> bytes:
        return self.zip.read(zpath)

    def nav_path(self) -> str | None:
        return next((p for p, _t, props in self.manifest.values() if "nav" in props.split()),
                    None)

    def meta(self, prop: str) -> list[str]:
        return [(e.text or "").strip() for e in self.opf.iter(f"{{{OPF_NS}}}meta")
                if e.get("property") == prop]

    def dc(self, name: str) -> list[str]:
        return [(e.text or "").strip() for e in self.opf.iter(f"{{{DC_NS}}}{name}")]


def read_package(data: bytes | Path) -> Package:
    """Open an EPUB as the reading system does: container.xml names the package document."""
    z = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    cont = etree.fromstring(z.read("META-INF/container.xml"), parser)
    rootfile = cont.find(f".//{{{CONTAINER_NS}}}rootfile")
    opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
    opf = etree.fromstring(z.read(opf_path), parser)
    folder = opf_path.rpartition("/")[0]
    manifest = {}
    for el in opf.iter(f"{{{OPF_NS}}}item"):
        href = f"{folder}/{el.get('href', '')}" if folder else el.get("href", "")
        manifest[el.get("id", "")] = (href, el.get("media-type", ""), el.get("properties", ""))
    spine = [manifest[el.get("idref", "")][0] for el in opf.iter(f"{{{OPF_NS}}}itemref")
             if el.get("idref", "") in manifest]
    return Package(z, opf_path, opf, manifest, spine)


__all__ = ["CONFORMS_TO", "MEDIA_TYPE", "PICTURE_TYPES", "Item", "Overlays", "Package",
           "identifier", "read_package", "ui", "untranslated", "zip_package"]
