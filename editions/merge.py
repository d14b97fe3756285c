"""`build.py merge DIR…`: join the dist/ folders of shards into --out.

A shard's folder (downloaded CI artifacts) is untrusted input, so everything is checked before
anything is written: every manifest entry (`manifest.py`), its file inside the shard (a regular
file, no symbolic link on the way, the size and SHA-256 the entry gives), where it lands (inside
--out), and the shard's cache (JSON through `cachefile.py`, never pickle; an entry is taken only
for an artifact the shard really holds). Any bad shard: error lines naming it, exit status 1,
and nothing is written into --out.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

from .cachefile import CacheError, loads
from .config import BuildConfig
from .findings import Finding
from .incremental import CACHE, load_cache, save_cache
from .manifest import ManifestError, entry_problem, parse_artifacts
from .output import atomic_write, write_manifest
from .results import Outcome

RULE = "C23"
MAX_MANIFEST = 20_000_000  # bytes: a manifest or a cache far larger than a real one is refused
MAX_CACHE = 200_000_000
REBUILD = "rebuild that shard (python build.py --shard I/N --out DIR) or download it again"


class _Refused(Exception):
    """A file of the shard that must not be read (missing, a symlink, not a regular file…)."""


def _read(shard: Path, rel: str, limit: int) -> bytes:
    """`shard/rel` when no part of it below `shard` is a symbolic link and it is a regular
    file; at most `limit` + 1 bytes (the caller compares the size)."""
    path = shard
    for part in rel.split("/"):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            raise _Refused(f"{rel} is not in the shard folder") from None
        except OSError as exc:
            raise _Refused(f"{rel} cannot be read ({exc.strerror or exc})") from None
        if stat.S_ISLNK(mode):
            raise _Refused(f"{path.relative_to(shard).as_posix()} is a symbolic link")
    if not stat.S_ISREG(mode):
        raise _Refused(f"{rel} is not a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise _Refused(f"{rel} is not a regular file")
            return f.read(limit + 1)
    except OSError as exc:
        raise _Refused(f"{rel} cannot be read ({exc.strerror or exc})") from None


def _artifact(shard: Path, e: dict) -> bytes:
    """The bytes of the artifact an entry describes, checked against its size and hash."""
    data = _read(shard, e["path"], e["bytes"])
    if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
        raise _Refused(f"{e['path']} does not have the size and SHA-256 its entry gives "
                       "(changed or damaged after the build)")
    return data


class _Shard:
    """One shard folder, checked: its entries (path → entry) and the cache entries taken."""

    def __init__(self, folder: Path, out: Path):
        self.folder, self.out = folder, out
        self.entries: dict[str, dict] = {}
        self.cache: dict[str, Outcome] = {}
        self.bad: list[Finding] = []

    def fail(self, where: str, problem: str, fix: str = REBUILD) -> None:
        self.bad.append(Finding(RULE, "error", problem, fix,
                                artifact=(self.folder / where).as_posix()))

    def check(self) -> _Shard:
        if not self.folder.is_dir():
            self.fail("", f"the shard folder {self.folder} does not exist or is not a folder",
                      "name the dist/ folders of the shard builds (python build.py merge DIR…)")
            return self
        try:
            artifacts = parse_artifacts(_read(self.folder, "manifest.json", MAX_MANIFEST))
        except (_Refused, ManifestError) as exc:
            self.fail("manifest.json", str(exc), REBUILD if os.path.lexists(
                self.folder / "manifest.json") else "name the dist/ folder of a shard build")
            return self
        for i, e in enumerate(artifacts, 1):
            try:
                _artifact(self.folder, e)
                dest = (self.out / e["path"]).resolve()
                if not dest.is_relative_to(self.out):
                    raise _Refused(f"{e['path']} would be written outside {self.out}")
            except _Refused as exc:
                self.fail("manifest.json", f"artifact {i} ({e['path']}): {exc}")
                continue
            self.entries[e["path"]] = e
        self.check_cache()
        return self

    def check_cache(self) -> None:
        """The shard's cache entries for the artifacts it holds (so the build after the merge
        renders nothing again). Its other keys describe the shard's own build: left out."""
        if not os.path.lexists(self.folder / CACHE):
            return  # no cache (an old build's targets.pickle is never read)
        try:
            cache = loads(_read(self.folder, CACHE, MAX_CACHE))
            if not isinstance(cache, dict) or not all(isinstance(k, str) for k in cache):
                raise CacheError("not a table of artifacts")
        except (_Refused, CacheError) as exc:
            self.fail(CACHE, f"the shard's cache cannot be used: {exc}",
                      f"{REBUILD}, or delete its .cache folder to merge without it (the next "
                      "build then renders everything again)")
            return
        for key, o in cache.items():
            if key == "last" or key.startswith("browser"):
                continue
            problem = "not the outcome of an artifact" if not isinstance(o, Outcome) else \
                entry_problem(o.entry) or ("" if o.entry["path"] == key else
                                           f"it describes {o.entry['path']!r:.120}")
            if problem:
                self.fail(CACHE, f"cache entry {key!r:.120}: {problem}")
            elif self.entries.get(key) == o.entry:  # the artifact checked above, to be copied
                self.cache[key] = o


def merge(cfg: BuildConfig, dirs: list[str]) -> int:
    """Join shards: copy each shard's checked artifacts into --out, merge their manifests and
    caches. Exit status 1 (and nothing written) when any shard is bad."""
    out = cfg.out.resolve()
    if not dirs:
        print("build.py merge: name the shard folders to join, e.g. "
              "python build.py merge shard1/ shard2/ --out dist", file=sys.stderr)
        return 2
    shards = [_Shard(Path(d), out).check() for d in dirs]
    plan: dict[str, tuple[_Shard, dict]] = {}
    for s in shards:
        for path, e in s.entries.items():
            if path in plan and plan[path][1]["sha256"] != e["sha256"]:
                s.fail("manifest.json", f"{path} is also in {plan[path][0].folder} with other "
                       "content", "merge the shards of one build only")
            plan.setdefault(path, (s, e))
    bad = [f for s in shards for f in s.bad]
    if bad:
        for f in bad:
            print(f.format(), file=sys.stderr)
        print(f"Nothing was merged into {out}: {len(bad)} problem(s) in the shard folders "
              "above.", file=sys.stderr)
        return 1
    for path, (s, e) in plan.items():
        try:
            data = _artifact(s.folder, e)  # read again: it may have changed since the check
        except _Refused as exc:
            print(Finding(RULE, "error", f"{exc}: it changed during the merge, and {out} now "
                          "holds only part of it", "run the merge again when nothing else "
                          "writes to the shard folders", artifact=s.folder.as_posix()).format(),
                  file=sys.stderr)
            return 1
        atomic_write(out / path, data)
    write_manifest(out, [e for _, e in plan.values()])
    cache = load_cache(cfg)
    for s in shards:
        cache.update(s.cache)
    save_cache(cfg, cache)
    print(f"merged {len(plan)} artifacts from {len(dirs)} folders into {out}")
    return 0
