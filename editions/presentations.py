"""Presentations as data (layouts/presentations.yaml, a project's own first): what each one
changes beside its stylesheets — its label on the downloads page, wide tables made linear,
dates kept on one line, which extra rules check its files (checks/PRESENTATIONS), whether an
edition's own stylesheet applies. The code asks these questions of `ed.look`, never a
presentation's name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .findings import error
from .model import Loc
from .yamlio import ID, load_yaml

FLAGS = ("linear_tables", "keep_together", "edition_overlay")


@dataclass(frozen=True, slots=True)
class Presentation:
    id: str = ""
    label: str = ""  # interface string (translated by the catalogs), "" for none
    linear_tables: bool = False
    keep_together: bool = False
    edition_overlay: bool = False
    checks: str = ""  # a rule set of checks.PRESENTATIONS ("" none)
    # the first the file defines: the presentation of an edition that lists none, whose files
    # have no suffix (`full.pdf`, beside `full-large-print.pdf`)
    default: bool = False


def read(path: Path, rel: str) -> dict[str, Presentation]:
    """The presentations a file defines, in its order; C02 for anything it cannot mean."""
    data = load_yaml(path.read_text(encoding="utf-8"), rel) or {}
    if not isinstance(data, dict):
        raise error("C02", f"{rel} must map presentation names to their settings",
                    "see layouts/presentations.yaml in editions", Loc(rel, 1))
    out = {}
    for name, spec in data.items():
        where = Loc(rel, 1 + getattr(data, "key_lines", {}).get(name, 0))
        if not isinstance(name, str) or not ID.fullmatch(name):
            raise error("C04", f"presentation {name!r} is not lowercase-with-hyphens",
                        "use letters a–z, digits and hyphens, e.g. `large-print`", where)
        spec = spec or {}
        unknown = set(spec) - {"label", "checks", *FLAGS} if isinstance(spec, dict) else {"?"}
        if unknown or not all(isinstance(spec.get(f, False), bool) for f in FLAGS):
            raise error("C02", f"presentation {name!r}: settings are label, checks and true or "
                        f"false for {', '.join(FLAGS)}", "fix the entry", where)
        out[name] = Presentation(name, str(spec.get("label") or ""),
                                 *(bool(spec.get(f, False)) for f in FLAGS),
                                 checks=str(spec.get("checks") or ""), default=not out)
    if not out:
        raise error("C02", f"{rel} defines no presentation", "name at least one: the first is "
                    "the default (an edition that lists none; its files have no suffix)",
                    Loc(rel, 1))
    return out


def presentations(layout_file: Path) -> dict[str, Presentation]:
    """The presentations of `layout_file` (`cfg.layout("presentations.yaml")`), read once
    while it is unchanged."""
    return _read_once(str(layout_file),
                      layout_file.stat().st_mtime if layout_file.is_file() else 0.0)


@lru_cache(maxsize=8)
def _read_once(path: str, _mtime: float) -> dict[str, Presentation]:
    if not Path(path).is_file():
        raise error("C02", "layouts/presentations.yaml is missing", "copy it from editions' "
                    "layouts/ (it says how each presentation is laid out)",
                    Loc("layouts/presentations.yaml", 1))
    return read(Path(path), "layouts/presentations.yaml")


def default(layout_file: Path) -> str:
    """The default presentation: the first `layout_file` defines (an edition that lists no
    presentations is made in it, and its files have no suffix)."""
    return next(p.id for p in presentations(layout_file).values() if p.default)


def look(layout_file: Path, name: str) -> Presentation:
    """A presentation by name; one the file does not define changes nothing but its look."""
    return presentations(layout_file).get(name) or Presentation(name)


__all__ = ["Presentation", "default", "look", "presentations"]
