"""What a link or a picture in the content may point at. Each function returns the problem as
a finding (file, line, what to do), or None when the reference is fine."""

from __future__ import annotations

import re
from pathlib import Path

from .findings import ContentError, Finding
from .inputs import MAX_IMAGE_BYTES, image_type, inside, read_bytes
from .model import Loc
from .rules import rule_check

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _error(rule: str, message: str, fix: str, loc: Loc) -> Finding:
    return Finding(rule=rule, level="error", message=message, fix=fix, loc=loc)


def path_problem(root: Path, ref: str, loc: Loc, what: str) -> Finding | None:
    """A file reference must stay inside the project and exist."""
    if not ref:
        return _error("C20", f"{what} has no path", "give a path inside the project", loc)
    if _SCHEME.match(ref) or ref.startswith(("/", "\\")) or ".." in Path(ref).parts or \
            "\\" in ref:
        return _error("C20", f"{what} path {ref!r} leaves the project", "use a relative path "
                      "to a file inside the project, such as assets/images/x.svg", loc)
    target = (root / ref).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        return _error("C21", f"{what} file {ref!r} does not exist",
                      "add the file to the project or correct the path", loc)
    return None


@rule_check("E02")
def href_problem(root: Path, href: str, loc: Loc) -> Finding | None:
    """Links: https, http and mailto addresses, #anchors, or files inside the project."""
    if href in ("", "#"):
        return _error("E02", "link goes nowhere ('#' or empty)", "give the real address", loc)
    scheme = _SCHEME.match(href)
    if scheme:
        if scheme.group(1).lower() in ("http", "https", "mailto"):
            return None
        return _error("C20", f"link {href!r} uses a scheme that is not allowed",
                      "use https:, http: or mailto:, or a path inside the project", loc)
    if href.startswith("#"):
        return None
    return path_problem(root, href.split("#", 1)[0], loc, "link")


def picture_problem(root: Path, src: str, loc: Loc) -> Finding | None:
    """Figures come only from the project's assets/ folder and must be pictures, told by
    their bytes, not their name (a `.png` that is really a config file is refused)."""
    found = path_problem(root, src, loc, "image")
    if found:
        return found
    if Path(src).parts[:1] != ("assets",):
        return _error("C20", f"image {src!r} is not in the assets/ folder",
                      "put pictures in assets/images/ and use that path", loc)
    try:
        path = inside(root / "assets", Path(src).relative_to("assets"), "assets/", loc, "image")
        kind = image_type(read_bytes(path, src, MAX_IMAGE_BYTES))
    except ContentError as exc:
        return exc.finding
    if kind is None:
        return _error("C20", f"{src} is not a PNG, JPEG, GIF, WebP or SVG picture",
                      "export the picture in one of these formats", loc)
    return None


def picture(root: Path, src: str) -> tuple[bytes, str | None]:
    """A figure's bytes and picture type, read again by a writer (never trust twice): from
    assets/ only, no symlinks, within the size cap."""
    data = read_bytes(inside(root / "assets", Path(src).relative_to("assets"), "assets/"), src,
                      MAX_IMAGE_BYTES)
    return data, image_type(data)
