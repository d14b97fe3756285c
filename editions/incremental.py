"""Incremental builds: what need not be made again.

Each target's key hashes its selected, translated edition (canonical form) with a stamp of
code, layouts, assets, translations and tool versions (`build_stamp`); an unchanged key with an
intact file skips rendering. A whole build whose inputs and options have not changed returns the
last result. The cache is `.cache/targets.json`, JSON through cachefile.py (never pickle)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from .braille import segmenter
from .braille import version as liblouis
from .cachefile import CacheError, dumps, loads
from .config import TOOL, BuildConfig
from .output import atomic_write
from .select import Target
from .voices import tool_versions

CACHE = ".cache/targets.json"  # JSON through cachefile.py: never pickle


def digest_tree(*roots: Path) -> str:
    h = hashlib.sha256()
    for root in roots:
        for f in sorted(root.rglob("*")) if root.is_dir() else []:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def translation_dirs(cfg: BuildConfig) -> list[Path]:
    """The interface and content catalogs a build reads: the project's, then the tool's."""
    return list(dict.fromkeys(p.resolve() for p in (cfg.root / "translations",
                                                    TOOL / "translations") if p.is_dir()))


def build_stamp(cfg: BuildConfig) -> str:
    """Everything besides the content that shapes an artifact: code, layouts, assets, tools."""
    tools = [version(p) for p in ("weasyprint", "python-docx", "pikepdf", "Jinja2", "Babel",
                                   "markdown-it-py", "textstat")]
    try:  # the braille tables and Chinese segmentation shape the BRF files
        # imported here: braille.py needs liblouis (a Debian package), which may be missing
        tools += [liblouis(), segmenter()]
    except ImportError:
        tools.append("no liblouis")
    tools += tool_versions()  # espeak-ng and ffmpeg shape the MP3s
    code = Path(__file__).resolve().parent
    return hashlib.sha256("|".join([digest_tree(code, *cfg.layout_dirs, cfg.assets,
                                                *translation_dirs(cfg)), *tools,
                                    str(cfg.strict_translations), str(cfg.source_date_epoch)])
                          .encode()).hexdigest()


def canonical(obj) -> object:
    """A stable, process-independent form of the model (sets sorted: string hashing differs
    between processes, so a frozenset's repr does too)."""
    if dataclasses.is_dataclass(obj):
        return [type(obj).__name__, *(canonical(getattr(obj, f.name))
                                      for f in dataclasses.fields(obj))]
    if isinstance(obj, frozenset | set):
        return sorted(canonical(x) for x in obj)
    if isinstance(obj, list | tuple):
        return [canonical(x) for x in obj]
    if isinstance(obj, dict):
        return sorted((str(k), canonical(v)) for k, v in obj.items())
    return obj if isinstance(obj, str | int | float | bool | type(None)) else repr(obj)


def edition_digest(ed, stamp: str) -> str:
    """The edition as selected (text, translations, language) + the build stamp."""
    text = json.dumps([stamp, canonical(ed.spec), canonical(ed.meta), ed.date,
                       canonical(ed.sections), ed.draft], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def input_key(t: Target, digest: str) -> str:
    """A target's inputs: its edition's digest and the target (format included)."""
    return hashlib.sha256(f"{digest}|{canonical(t)}".encode()).hexdigest()


def unchanged(cfg: BuildConfig, e: dict) -> bool:
    """The manifest entry's file is still there with the same bytes."""
    f = cfg.out / e["path"]
    return f.is_file() and f.stat().st_size == e["bytes"] and \
        hashlib.sha256(f.read_bytes()).hexdigest() == e["sha256"]


def build_key(cfg: BuildConfig, stamp: str) -> tuple[str, str]:
    """The build's options and a digest of everything that shapes any of its artifacts."""
    options = repr((cfg.publication, cfg.editions, cfg.langs, cfg.presentations, cfg.formats,
                    cfg.shard, cfg.browser, cfg.strict_translations, cfg.base_url))
    whole = hashlib.sha256("|".join([stamp, digest_tree(cfg.content), options]).encode()
                           ).hexdigest()
    return options, whole


def last_build(cfg: BuildConfig, cache: dict, options: str, whole: str):
    """The last build's result with these options (serve alternates web pages only / all
    formats), if nothing that shapes any artifact changed since and its files are intact (every
    artifact counted as cached); else None."""
    last = _lasts(cache).get(options)
    if last and last[0] == whole and all(unchanged(cfg, e) for e in last[1].written):
        return dataclasses.replace(last[1], cached=len(last[1].written), timings={})
    return None


def remember(cache: dict, options: str, whole: str, result) -> None:
    """Keep this build's result for its options (the last four sets of options)."""
    lasts = _lasts(cache)
    lasts.pop(options, None)
    lasts[options] = (whole, result)
    cache["last"] = dict(list(lasts.items())[-4:])


def _lasts(cache: dict) -> dict:
    return cache["last"] if isinstance(cache.get("last"), dict) else {}


def load_cache(cfg: BuildConfig) -> dict:
    """The last build's cache; {} (a fresh build) when missing or not readable as ours."""
    try:
        cache = loads((cfg.out / CACHE).read_bytes())
    except (OSError, CacheError):
        return {}
    return cache if isinstance(cache, dict) else {}


def save_cache(cfg: BuildConfig, cache: dict) -> None:
    atomic_write(cfg.out / CACHE, dumps(cache))
    (cfg.out / ".cache" / "targets.pickle").unlink(missing_ok=True)  # an old build's: unread
