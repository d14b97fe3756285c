"""Which publications a project holds: `content/publication.yaml` (a project of one), or one
folder per publication, `content/<id>/publication.yaml`; and which of them a build is asked
for (`--publication`). Read by the build (project.py), the site home (home.py) and the
commands that work on one publication."""

from __future__ import annotations

import dataclasses
import re
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
