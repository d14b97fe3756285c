"""Writing into dist/: atomically (temp file + rename), and the manifest other tools read."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> bool:
    """Write to a temporary file beside the target, then rename: never a half-written file.
    A file that already holds exactly these bytes is left alone (its time stamp too).
    Returns True when the file was (re)written."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600: published files are for everyone
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def entry(out: Path, path: Path, edition: str, lang: str, presentation: str, fmt: str,
          data: bytes) -> dict:
    return {
        "edition": edition,
        "lang": lang,
        "presentation": presentation,
        "format": fmt,
        "path": path.relative_to(out).as_posix(),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def write_manifest(out: Path, entries: list[dict]) -> None:
    """Merge with the existing manifest: artifacts not rebuilt this time keep their entry
    while their file is still there unchanged."""
    manifest = out / "manifest.json"
    keep: dict[str, dict] = {}
    if manifest.is_file():
        try:
            old = json.loads(manifest.read_text(encoding="utf-8")).get("artifacts", [])
        except (ValueError, AttributeError):
            old = []
        for e in old:
            f = out / e.get("path", "")
            if f.is_file() and hashlib.sha256(f.read_bytes()).hexdigest() == e.get("sha256"):
                keep[e["path"]] = e
    for e in entries:
        keep[e["path"]] = e
    artifacts = sorted(keep.values(), key=lambda e: (e["edition"], e["lang"], e["presentation"],
                                                     e["format"]))
    text = json.dumps({"artifacts": artifacts}, ensure_ascii=False, indent=2) + "\n"
    atomic_write(manifest, text.encode("utf-8"))
