"""The one typed configuration object that flows through a build. No global state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .presentations import default as _first_presentation

FORMATS_ALL = ("html", "pdf", "docx")
# the tool's own layouts and interface translations: a project's own files override them
TOOL = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class BuildConfig:
    root: Path  # project root: content/, layouts/, assets/ live here
    out: Path  # dist/
    editions: tuple[str, ...] = ()  # empty: all
    langs: tuple[str, ...] = ()
    presentations: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    strict: bool = False
    strict_translations: bool = False  # untranslated or stale text fails the build (T07)
    browser: bool = True  # run axe-core and the other browser checks on the HTML pages
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)  # worker processes
    shard: tuple[int, int] = (1, 1)  # (i, n): build only every n-th artifact, starting at i
    base_url: str = ""  # the site's public address (ends with /); "" = unknown
    progress: bool = False  # live progress line (terminal only)
    source_date_epoch: int | None = field(default=None)
    # the publication being built: "" when content/ holds one (content/publication.yaml),
    # else the id of its folder content/<id>/ (project.py makes one config per publication)
    publication: str = ""
    publications: tuple[str, ...] = ()  # --publication: the ones to build (empty: all)

    @property
    def content_rel(self) -> str:
        """The publication's content folder, relative to the root ("content/<id>")."""
        return f"content/{self.publication}" if self.publication else "content"

    @property
    def content(self) -> Path:
        return self.root / self.content_rel

    @property
    def site_rel(self) -> str:
        """Where the publication's pages go under dist/ ("site/<id>" in a project of several)."""
        return f"site/{self.publication}" if self.publication else "site"

    @property
    def catalog(self) -> str:
        """The file name of the publication's content catalog in translations/<lang>/."""
        return f"{self.publication}.po" if self.publication else "content.po"

    @property
    def layouts(self) -> Path:
        """The project's own layouts/ when it has one, else the tool's."""
        return self.layout_dirs[0]

    @property
    def layout_dirs(self) -> tuple[Path, ...]:
        """Where templates and stylesheets are looked up: the project's layouts/ first (its
        files override the tool's, one by one), then the tool's own."""
        dirs = [d for d in (self.root / "layouts", TOOL / "layouts") if d.is_dir()]
        return tuple(dict.fromkeys(d.resolve() for d in dirs)) or (TOOL / "layouts",)

    @property
    def default_presentation(self) -> str:
        """The first presentation layouts/presentations.yaml defines (presentations.default):
        an edition that lists none is made in it, and its files have no suffix."""
        return _first_presentation(self.layout("presentations.yaml"))

    def layout(self, rel: str) -> Path:
        """A layout file (`html/style.css`): the project's if it has it, else the tool's."""
        for d in self.layout_dirs:
            if (d / rel).is_file():
                return d / rel
        return self.layout_dirs[-1] / rel

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    def timestamp(self, publication_date: str) -> datetime:
        """Every timestamp written into an artifact: SOURCE_DATE_EPOCH, else the content's date,
        else (a publication without a date) 1980-01-01, the reproducible-builds convention:
        never the clock, so two builds stay byte-identical."""
        if self.source_date_epoch is not None:
            return datetime.fromtimestamp(self.source_date_epoch, tz=UTC)
        d = date.fromisoformat(publication_date or "1980-01-01")
        return datetime(d.year, d.month, d.day, 12, 0, 0, tzinfo=UTC)


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a date can name


def source_date_epoch_from_env() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds): seconds since 1970; ValueError when set to
    anything else, rather than silently ignoring it."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 0 <= int(value) <= MAX_EPOCH:
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 "
                         f"(0 to {MAX_EPOCH}), not {value[:40]!r}")
    return int(value)
