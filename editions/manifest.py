"""dist/manifest.json read as untrusted input: every entry checked before any path is used.

An entry is what `output.entry()` writes: edition, lang, presentation, format and path (text),
bytes (a whole number) and sha256 (64 hex digits); the path is relative, POSIX, under `site/`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TEXT_KEYS = ("edition", "lang", "presentation", "format", "path")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ManifestError(ValueError):
    """The manifest (or one of its entries) is not what the build writes."""


def path_problem(path: str) -> str:
    """Why `path` is not a safe artifact path ("" when it is one)."""
    if "\\" in path or _CONTROL.search(path):
        return f"path {path!r} holds a backslash or a control character"
    if path.startswith("/"):
        return f"path {path!r} is absolute"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return f"path {path!r} has an empty, `.` or `..` part"
    if parts[0] != "site" or len(parts) < 2:
        return f"path {path!r} is not under site/"
    return ""


def entry_problem(e: object) -> str:
    """Why `e` is not a valid manifest entry ("" when it is one)."""
    if not isinstance(e, dict):
        return f"the entry is a {type(e).__name__}, not an object"
    for key in TEXT_KEYS:
        if not isinstance(e.get(key), str) or not e[key]:
            return f"{key!r} is missing or not text"
    if type(e.get("bytes")) is not int or e["bytes"] < 0:
        return "'bytes' is missing or not a whole number"
    if not isinstance(e.get("sha256"), str) or not _SHA256.fullmatch(e["sha256"]):
        return "'sha256' is missing or not 64 hexadecimal digits"
    if type(e.get("summary", False)) is not bool:
        return "'summary' is not true or false"
    return path_problem(e["path"])


def read_artifacts(manifest: Path) -> list[dict]:
    """The manifest's entries; ManifestError saying what is wrong otherwise."""
    try:
        data = manifest.read_bytes()
    except OSError as exc:
        raise ManifestError(f"the manifest cannot be read ({exc.strerror or exc})") from None
    return parse_artifacts(data)


def parse_artifacts(text: bytes) -> list[dict]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"the manifest is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("artifacts"), list):
        raise ManifestError("the manifest is not an object with an `artifacts` list")
    for i, e in enumerate(data["artifacts"], 1):
        if problem := entry_problem(e):
            raise ManifestError(f"artifact {i} of the manifest: {problem}")
    return data["artifacts"]


def usable_artifacts(manifest: Path) -> list[dict]:
    """The valid entries of a manifest, [] when it is missing or unreadable (the build then
    rewrites it from what it wrote)."""
    try:
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    items = data.get("artifacts") if isinstance(data, dict) else None
    return [e for e in items if not entry_problem(e)] if isinstance(items, list) else []
