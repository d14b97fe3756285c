"""Findings: what a stage tells the editor. One shape for content errors and output checks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fnmatch import fnmatch

from .model import Loc


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # rule ID from ACCESSIBILITY.md (H04, P14, ...) or a content rule (C..)
    level: str  # "error" or "warning"
    message: str
    fix: str = ""  # what to do about it
    loc: Loc | None = None  # content file and line, when known
    artifact: str = ""  # dist-relative path of the artifact, for output checks
    where: str = ""  # a place a person can find in the artifact (page, heading)

    def format(self) -> str:
        place = str(self.loc) if self.loc else (self.artifact or "build")
        if self.where:
            place += f" ({self.where})"
        text = f"{place}: {self.level} {self.rule}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        return text

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "fix": self.fix,
            "file": self.loc.path if self.loc else None,
            "line": self.loc.line if self.loc else None,
            "artifact": self.artifact or None,
            "where": self.where or None,
        }


class ContentError(Exception):
    """Bad input that stops reading one file or data set. Carries its finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.format())
        self.finding = finding


def error(rule: str, message: str, fix: str, loc: Loc | None = None) -> ContentError:
    return ContentError(Finding(rule=rule, level="error", message=message, fix=fix, loc=loc))


def apply_exceptions(findings: list[Finding], exceptions) -> list[Finding]:
    """Findings covered by a reviewed exception stay listed, as `excepted`, with the reason."""
    out = []
    for f in findings:
        hit = next((e for e in exceptions if e.rule == f.rule and (
            not e.artifact or fnmatch(f.artifact or "", e.artifact))), None)
        out.append(f if hit is None else dataclasses.replace(
            f, level="excepted", fix=f"accepted: {hit.reason} ({hit.loc})"))
    return out
