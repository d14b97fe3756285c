"""Writing into dist/: atomically (temp file + rename), and the manifest other tools read."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .manifest import usable_artifacts


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
    except OSError as exc:  # a full disk, a read-only folder: say which file
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def entry(out: Path, path: Path, edition: str, lang: str, presentation: str, fmt: str,
          data: bytes, summary: bool = False) -> dict:
    """`summary`: a translation published as a summary of its translated part (publish_at)."""
    return {
        "edition": edition,
        "lang": lang,
        "presentation": presentation,
        "format": fmt,
        "path": path.relative_to(out).as_posix(),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **({"summary": True} if summary else {}),
    }


def write_manifest(out: Path, entries: list[dict]) -> None:
    """Merge with the existing manifest: artifacts not rebuilt this time keep their entry
    while their file is still there unchanged."""
    manifest = out / "manifest.json"
    keep: dict[str, dict] = {}
    for e in usable_artifacts(manifest):  # garbage entries (or a garbage file) are dropped
        f = out / e["path"]
        if f.is_file() and not f.is_symlink() and \
                hashlib.sha256(f.read_bytes()).hexdigest() == e["sha256"]:
            keep[e["path"]] = e
    for e in entries:
        keep[e["path"]] = e
    artifacts = sorted(keep.values(), key=lambda e: (e["edition"], e["lang"], e["presentation"],
                                                     e["format"]))
    text = json.dumps({"artifacts": artifacts}, ensure_ascii=False, indent=2) + "\n"
    atomic_write(manifest, text.encode("utf-8"))


class Busy(Exception):
    """Another build held the output folder for longer than we wait."""


@contextmanager
def exclusive(out: Path, say=print, wait: float = 900.0) -> Iterator[None]:
    """One build at a time per output folder: two builds writing the same dist/ would mix
    their files, manifests and reports. The second waits for the first (and says so)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".lock").open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another build is writing to {out}: waiting for it to finish")
            deadline = time.monotonic() + wait
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Busy(f"another build has been writing to {out} for "
                                   f"{wait / 60:.0f} minutes") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
