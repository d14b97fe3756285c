"""What a build produces, passed between its stages in memory: each target's `Outcome` (from a
worker process, kept in the incremental cache) and the whole `BuildResult` (findings, the
artifacts written, timings). A lower layer than the stages that fill them (render.py,
pipeline.py, project.py) and the cache that stores them (cachefile.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as m
from .config import BuildConfig
from .findings import Finding
from .select import Target


@dataclass
class Outcome:
    """What rendering one target produced (returned from a worker process)."""

    entry: dict | None = None
    skipped: str = ""
    findings: list[Finding] = field(default_factory=list)
    coverage: object = None
    coverage_findings: list[Finding] = field(default_factory=list)
    readability: list | None = None
    key: str = ""  # input hash: the same inputs give the same artifact (incremental builds)
    cached: bool = False
    withheld: bool = False  # nothing of it is translated (publish_at): not an artifact
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, this rendering only


@dataclass
class BuildResult:
    targets: list[Target] = field(default_factory=list)
    written: list[dict] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[m.Note] = field(default_factory=list)
    readability: dict[str, list] = field(default_factory=dict)  # artifact -> Figures per section
    coverage: dict[tuple[str, str], object] = field(default_factory=dict)  # (edition, lang)
    reading: dict[str, str] = field(default_factory=dict)  # edition id → its reading rules
    browser: dict = field(default_factory=dict)  # what the browser checks ran, with versions
    site: list[str] = field(default_factory=list)  # site pages written (home, downloads, …)
    cached: int = 0  # artifacts whose inputs had not changed (not rendered again)
    meta: m.Meta | None = None  # the publication's metadata (None when it could not be read)
    seconds: float = 0.0
    # where the time went: seconds per stage, summed over the worker processes ("write pdf",
    # "check pdf", "select", "site", …): what bench/bench.py reports
    timings: dict[str, float] = field(default_factory=dict)
    # a project of several publications: each one's configuration and own result
    parts: list[tuple[BuildConfig, BuildResult]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.skipped and len(self.written) == len(self.targets)
