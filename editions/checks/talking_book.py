"""Talking book checks (EPUB 3 with Media Overlays), on the file read back as a reading system
opens it: the EPUB's package checks (checks/epub.check_package: EP03, EP04, H01, H02, T01,
E01), then EP05 on the overlays, read independently of the writer:

- every content document of the spine has a `media-overlay` naming a SMIL item, which is
  well-formed SMIL 3.0 whose `<text>`s point into that document at ids it has;
- every text block has a clip: each piece of text of the document's body (and each picture's
  alt text) lies inside an element a `<text>` points at, hidden elements aside; no such
  element lies inside another (nothing read twice);
- the clips follow the document's order; per audio file they are contiguous (each begins
  where the one before ends, the first at 0, within 1 ms) and each is longer than 0; they add
  up to the audio file's duration as mutagen reads it (within 0.1 s);
- `media:duration` of each overlay is the sum of its clips, and the total is the sum of those
  (within 1 ms each); `media:active-class` is set and styled by a stylesheet of the book;
- EP03 for what a talking book adds: accessMode and accessModeSufficient "auditory",
  accessibilityFeature "synchronizedAudioText";
- A05 (warning) a passage in a language that has no voice (read by the edition's).

EPUBCheck (which validates the SMIL and the overlay metadata too) and Ace run once per build
over every EPUB, talking books included (checks/epub_build.py).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree
from mutagen import MutagenError
from mutagen.mp3 import MP3

from .. import model as m
from .. import smil
from ..epub_package import OPF_NS, Package, read_package
from ..findings import Finding
from ..narration import hidden, local
from ..rules import rule_check
from ..select import EditionDoc
from ..voices import voice_for
from .epub import XHTML_NS, XML_LANG, check_package

FIX = "fix the talking book writer (writers/talking_book.py, narration.py, smil.py)"
CLIP_MS = 0.001  # contiguity, in seconds
AUDIO_S = 0.1  # clips against the audio file
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@rule_check("EP05")
def _f(message: str, artifact: str, where: str, rule: str = "EP05") -> Finding:
    return Finding(rule, "error", message, FIX, artifact=artifact, where=where)


def _near(path: str, href: str) -> str:
    """A relative reference resolved against the zip path of the file it is in."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), href))


def uncovered(body: etree._Element, targets: set) -> list[str]:
    """Text (and alt text) of the body outside every target element, hidden parts aside."""
    out: list[str] = []

    def walk(el, inside: bool) -> None:
        if not isinstance(el.tag, str) or hidden(el):
            return
        inside = inside or el in targets
        if not inside and (el.text or "").strip():
            out.append(el.text.strip())
        if not inside and local(el) == "img" and (el.get("alt") or "").strip():
            out.append(el.get("alt").strip())
        for c in el:
            walk(c, inside)
            if not inside and (c.tail or "").strip():
                out.append(c.tail.strip())

    walk(body, False)
    return out


def _document(doc: str, tree, smil_path: str, pars: list[smil.Par],
              artifact: str) -> list[Finding]:
    """The overlay's <text>s against its document: ids, order, nesting, coverage."""
    out: list[Finding] = []
    ids = {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    order = {el: i for i, el in enumerate(tree.iter())}
    targets, last = [], -1
    for p in pars:
        path, _, frag = p.text.partition("#")
        if _near(smil_path, path) != doc or frag not in ids:
            out.append(_f(f"<text src={p.text!r}> does not point at an element of {doc}",
                          artifact, smil_path))
            continue
        el = ids[frag]
        if order[el] <= last:
            out.append(_f(f"the clip of #{frag} is out of the document's order", artifact,
                          smil_path))
        last = max(last, order[el])
        targets.append(el)
    chosen = set(targets)
    nested = [el.get("id") for el in targets if any(a in chosen for a in el.iterancestors())]
    if nested:
        out.append(_f(f"{len(nested)} clipped element(s) inside another clipped one (read "
                      f"twice): #{nested[0]}", artifact, smil_path))
    body = tree.find(f"{{{XHTML_NS}}}body")
    missed = uncovered(body, chosen) if body is not None else []
    if missed:
        out.append(_f(f"{len(missed)} text block(s) without a clip, the first "
                      f"{' | '.join(t[:50] for t in missed[:3])!r}", artifact, doc))
    return out


def _audio(pkg: Package, smil_path: str, pars: list[smil.Par], artifact: str
           ) -> tuple[float, list[Finding]]:
    """Clips per audio file: > 0, contiguous from 0, summing to the file's duration. Returns
    the sum of the overlay's clips (seconds)."""
    out: list[Finding] = []
    by_file: dict[str, list[smil.Par]] = {}
    for p in pars:
        by_file.setdefault(_near(smil_path, p.audio), []).append(p)
    files = {path for path, _t, _p in pkg.manifest.values()}
    for audio, clips in by_file.items():
        end = 0.0
        for p in clips:
            if p.end - p.begin <= 0:
                out.append(_f(f"the clip of {p.text} lasts {p.end - p.begin:.3f} s", artifact,
                              smil_path))
            if abs(p.begin - end) > CLIP_MS:
                out.append(_f(f"the clip of {p.text} begins at {p.begin:.3f} s, the one "
                              f"before it ends at {end:.3f} s", artifact, smil_path))
            end = p.end
        total = sum(p.end - p.begin for p in clips)
        if audio not in files:
            out.append(_f(f"the audio {audio} is not in the manifest", artifact, smil_path))
            continue
        try:
            length = MP3(io.BytesIO(pkg.read(audio))).info.length
        except (KeyError, MutagenError) as exc:
            out.append(_f(f"the audio {audio} cannot be read: {exc}", artifact, smil_path))
            continue
        if abs(total - length) > AUDIO_S:
            out.append(_f(f"the clips of {audio} add up to {total:.3f} s, the audio lasts "
                          f"{length:.3f} s", artifact, smil_path))
    return sum(p.end - p.begin for p in pars), out


def _durations(pkg: Package, sums: dict[str, float], artifact: str) -> list[Finding]:
    """media:duration per overlay and in total; media:active-class set and styled."""
    out: list[Finding] = []
    refined: dict[str, str] = {}
    total = []
    for el in pkg.opf.iter(f"{{{OPF_NS}}}meta"):
        if el.get("property") == "media:duration":
            if el.get("refines"):
                refined[el.get("refines").lstrip("#")] = (el.text or "").strip()
            else:
                total.append((el.text or "").strip())
    for ident, clips in sums.items():
        try:
            stated = smil.seconds(refined[ident])
        except (KeyError, ValueError):
            out.append(_f(f"no valid media:duration for the overlay {ident!r}", artifact,
                          pkg.opf_path))
            continue
        if abs(stated - clips) > CLIP_MS:
            out.append(_f(f"media:duration of {ident!r} is {stated:.3f} s, its clips add up to "
                          f"{clips:.3f} s", artifact, pkg.opf_path))
    try:
        whole = smil.seconds(total[0]) if len(total) == 1 else None
    except ValueError:
        whole = None
    if whole is None:
        out.append(_f("the package needs one valid media:duration without refines (the "
                      "total)", artifact, pkg.opf_path))
    elif abs(whole - sum(sums.values())) > CLIP_MS * max(1, len(sums)):
        out.append(_f(f"the total media:duration is {whole:.3f} s, the overlays add up to "
                      f"{sum(sums.values()):.3f} s", artifact, pkg.opf_path))
    active = [c for c in pkg.meta("media:active-class") if c]
    sheets = [pkg.read(p).decode("utf-8", "replace") for p, t, _x in pkg.manifest.values()
              if t == "text/css"]
    if not active:
        out.append(_f("no media:active-class: the text being read is not highlighted",
                      artifact, pkg.opf_path))
    elif not any(f".{active[0]}" in css for css in sheets):
        out.append(_f(f"no stylesheet styles the active class .{active[0]}", artifact,
                      pkg.opf_path))
    return out


@rule_check("EP03")
def _metadata(pkg: Package, artifact: str) -> list[Finding]:
    want = [("schema:accessMode", "auditory"), ("schema:accessModeSufficient", "auditory"),
            ("schema:accessibilityFeature", "synchronizedAudioText")]
    return [_f(f"a talking book's {prop} lacks {value!r}", artifact, pkg.opf_path, "EP03")
            for prop, value in want if value not in pkg.meta(prop)]


@rule_check("A05")
def _voiceless(tree, doc: str, artifact: str, seen: set[str]) -> list[Finding]:
    """A05: passages in a language with no voice (the edition's voice reads them)."""
    out = []
    for el in tree.iter():
        lang = el.get(XML_LANG) if isinstance(el.tag, str) else None
        if lang and lang not in seen and voice_for(lang) is None and \
                "".join(el.itertext()).strip():
            seen.add(lang)
            out.append(Finding("A05", "warning", f"a passage in {lang!r} has no voice of its "
                               "own: the edition's voice reads it", "add a voice for it to "
                               "translations/<lang>/language.yaml (voice:) after a listening test",
                               artifact=artifact, where=doc))
    return out


def overlays(pkg: Package, artifact: str) -> list[Finding]:
    """EP05 (and EP03, A05) on a package read back."""
    out = _metadata(pkg, artifact)
    items = {el.get("id", ""): el for el in pkg.opf.iter(f"{{{OPF_NS}}}item")}
    by_path = {path: ident for ident, (path, _t, _p) in pkg.manifest.items()}
    sums: dict[str, float] = {}
    voiceless: set[str] = set()
    for doc in pkg.spine:
        item = items.get(by_path.get(doc, ""))
        if item is None or pkg.manifest[item.get("id")][1] != "application/xhtml+xml":
            continue
        tree = etree.fromstring(pkg.read(doc), _PARSER)
        out += _voiceless(tree, doc, artifact, voiceless)
        mo = item.get("media-overlay", "")
        if mo not in pkg.manifest or pkg.manifest[mo][1] != smil.MEDIA_TYPE:
            body = tree.find(f"{{{XHTML_NS}}}body")
            if body is not None and uncovered(body, set()):
                out.append(_f("the document has text but no media overlay", artifact, doc))
            continue
        smil_path = pkg.manifest[mo][0]
        try:
            pars = smil.read(pkg.read(smil_path))
        except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
            out.append(_f(f"the overlay cannot be read: {exc}", artifact, smil_path))
            continue
        out += _document(doc, tree, smil_path, pars, artifact)
        sums[mo], found = _audio(pkg, smil_path, pars, artifact)
        out += found
    return out + _durations(pkg, sums, artifact)


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    """The checks/REGISTRY entry: the EPUB's package checks, then the overlays."""
    out = check_package(path, artifact, ed, notes)
    try:
        pkg = read_package(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return out  # check_package has said so
    with pkg.zip:
        try:
            return out + overlays(pkg, artifact)
        except (KeyError, etree.XMLSyntaxError) as exc:
            return [*out, _f(f"the talking book cannot be read back: {exc}", artifact, "")]


__all__ = ["check", "overlays", "uncovered"]
