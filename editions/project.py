"""A project: the publications under content/, built one after another into one site.

- `content/publication.yaml`: a project of one publication; its site is dist/site/ (as always).
- `content/<id>/publication.yaml`, one folder per publication: each publication is built as if
  it were alone (`BuildConfig.publication`), its pages, downloads, statement and sitemap in
  dist/site/<id>/; then the project writes the site home around them (`home.py`).

`build.py --publication ID` builds one of them; the site home still lists every publication
whose pages are in dist/.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from pathlib import Path

from .config import BuildConfig
from .findings import Finding
from .model import Loc

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def publications(root: Path) -> tuple[list[str], list[Finding]]:
    """The publication folders of the project (["" ] for a project of one), and what is wrong
    with the folders that cannot be publications (they are left out, never silently)."""
    content = root / "content"
    if (content / "publication.yaml").exists() or not content.is_dir() or content.is_symlink():
        return [""], []
    ids, found = [], []
    for folder in sorted(content.iterdir(), key=lambda p: p.name):
        if not (folder / "publication.yaml").exists():
            continue
        where = Loc(f"content/{folder.name}/publication.yaml", 1)
        if folder.is_symlink() or (folder / "publication.yaml").is_symlink():
            found.append(Finding("C20", "error", f"content/{folder.name} is a symbolic link: "
                                 "its publication is not built", "move the publication's "
                                 "folder itself into content/", where))
        elif not ID.fullmatch(folder.name):
            found.append(Finding("C04", "error", f"the folder name {folder.name!r} is not "
                                 "lowercase-with-hyphens (it becomes the publication's web "
                                 "address): its publication is not built",
                                 "rename the folder, e.g. annual-report-2025", where))
        else:
            ids.append(folder.name)
    return (ids or [""]) if not found else ids, found


def choose(cfg: BuildConfig) -> tuple[list[BuildConfig], list[Finding]]:
    """One configuration per publication to build (--publication narrows them)."""
    ids, found = publications(cfg.root)
    if cfg.publications and ids == [""]:
        return [], [Finding("C02", "error", "--publication was given, but this project has one "
                            "publication (content/publication.yaml)", "leave --publication out")]
    unknown = [p for p in cfg.publications if p not in ids]
    if unknown:
        return [], [*found, Finding("C02", "error", f"no publication {unknown[0]!r} in content/",
                                    f"use one of: {', '.join(ids) or '(none)'}")]
    chosen = [i for i in ids if not cfg.publications or i in cfg.publications]
    return [dataclasses.replace(cfg, publication=i) for i in chosen], found


def build(cfg: BuildConfig, progress, one: Callable):
    """Build each chosen publication with `one` (pipeline.build_publication); with several, add
    the site home and join the results (`parts` keeps each publication's own)."""
    started = time.perf_counter()
    configs, found = choose(cfg)
    if [c.publication for c in configs] == [""]:
        result = one(configs[0], progress)
        result.findings[:0] = found
        return result
    from .pipeline import BuildResult

    result = BuildResult()
    result.findings.extend(found)
    for pcfg in configs:
        part = one(pcfg, progress)
        result.parts.append((pcfg, part))
        absorb(result, part, pcfg.publication)
    if result.written or any(p.site for _, p in result.parts):
        from .home import write_home

        write_home(cfg, result)
    result.seconds = time.perf_counter() - started
    return result


def absorb(result, part, pub: str) -> None:
    """Add one publication's result to the project's."""
    result.targets += part.targets
    result.written += part.written
    result.skipped += part.skipped
    result.findings += part.findings
    result.notes += part.notes
    result.readability.update(part.readability)
    result.coverage.update({(f"{pub}/{e}", lang): c for (e, lang), c in part.coverage.items()})
    result.audiences.update(part.audiences)
    result.site += part.site
    result.cached += part.cached
    result.meta = result.meta or part.meta
    for stage, sec in part.timings.items():
        result.timings[stage] = result.timings.get(stage, 0.0) + sec
    if part.browser.get("ran"):
        b = result.browser
        for key in ("pages", "rechecked", "violations"):
            b[key] = b.get(key, 0) + part.browser.get(key, 0)
        b.update({k: v for k, v in part.browser.items() if k not in b})
