"""Reading untrusted input files: inside their folder, not too large, UTF-8, no control characters.

Every file the build reads from the project (YAML, Markdown, PO, XLIFF, figures) comes through
here, so a path that leaves its folder, a symlink, a file saved as Latin-1 or UTF-16, or a file
far larger than any real document is a finding naming the file (and line), never a traceback.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .findings import ContentError, error
from .model import Loc

MAX_TEXT_BYTES = 4_000_000  # a whole plan's Markdown is ~120 kB; a glossary ~60 kB
MAX_IMAGE_BYTES = 20_000_000
# C0 controls other than tab, newline and carriage return, DEL and the C1 controls: never text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def inside(base: Path, rel: str | Path, shown: str, loc: Loc | None = None,
           what: str = "file") -> Path:
    """`base/rel` when it stays inside `base` and no part of it below `base` is a symlink;
    otherwise error C20 (a symlink could publish any file on the machine)."""
    base = base.resolve()
    rel = Path(rel)
    if rel.is_absolute() or "\x00" in str(rel):
        raise error("C20", f"{what} {str(rel)!r} is not a path inside {shown}",
                    f"give a relative path inside {shown}", loc or Loc(shown, 1))
    path = base
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            raise error("C20", f"{what} {rel.as_posix()} is a symbolic link",
                        "copy the file into the project instead of linking to it",
                        loc or Loc(shown, 1))
    resolved = path.resolve()
    if not resolved.is_relative_to(base):
        raise error("C20", f"{what} {rel.as_posix()} leaves {shown}",
                    f"keep it inside {shown} (no `..`)", loc or Loc(shown, 1))
    return resolved


def read_bytes(path: Path, shown: str, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, or C06 when it cannot be read or is larger than `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise error("C06", f"{shown} is {size:,} bytes, more than the {limit:,} an input "
                        "file may have", "split it into smaller files, or check that it is "
                        "the right file", Loc(shown, 1))
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except ContentError:
        raise
    except OSError as exc:
        raise error("C06", f"{shown} cannot be read: {exc.strerror or exc}",
                    "check that it is a readable file", Loc(shown, 1)) from None
    if len(data) > limit:  # grew while reading, or a device
        raise error("C06", f"{shown} is larger than the {limit:,} bytes an input file may have",
                    "split it into smaller files", Loc(shown, 1))
    return data


def decode(data: bytes, shown: str, first_line: int = 1) -> str:
    """UTF-8 text (a leading byte-order mark is dropped), or C06 naming the line of the first
    byte that is not UTF-8; control characters are C15 with their line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error("C06", f"{shown} is saved as UTF-16", "save it as UTF-8 (in most editors: "
                    "Save as… → Encoding: UTF-8)", Loc(shown, first_line))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = first_line + data[: exc.start].count(b"\n")
        raise error("C06", f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} at line "
                    f"{line})", "save the file as UTF-8 (in most editors: Save as… → "
                    "Encoding: UTF-8)", Loc(shown, line)) from None
    bad = _CONTROL.search(text)
    if bad:
        line = first_line + text.count("\n", 0, bad.start())
        raise error("C15", f"a control character (U+{ord(bad.group()):04X}) in the text",
                    "delete it: it is invisible and not part of any word (often pasted in "
                    "from another program)", Loc(shown, line))
    return text


def read_text(path: Path, shown: str, limit: int = MAX_TEXT_BYTES) -> str:
    """An input text file: readable, at most `limit` bytes, UTF-8, no control characters."""
    return decode(read_bytes(path, shown, limit), shown)


LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def valid_tag(tag: object) -> bool:
    """A BCP 47 language tag's shape (`en-GB`, `zh-Hans`, `gd`): letters, digits and hyphens
    only, so a tag can safely name a folder and a file."""
    return isinstance(tag, str) and LANG_TAG.fullmatch(tag) is not None


_SVG_BAD = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|<!DOCTYPE",
                      re.I)


def image_type(data: bytes) -> str | None:
    """The picture format the bytes are in ("png", "jpeg", "gif", "webp", "svg"), or None. An
    SVG with scripts, event handlers, embedded HTML or entity declarations is not a picture."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:1000].lstrip().lower()
    if (head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head)) and \
            not _SVG_BAD.search(data):
        return "svg"
    return None
