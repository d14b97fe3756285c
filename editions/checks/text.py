"""Plain-text checks, on the .txt read back. ACCESSIBILITY.md has no rules of its own for plain
text, so each check reports under the rule whose purpose it serves in the other formats:

- T08 the file is valid UTF-8 with no control characters but newlines (every character of the
  edition reaches the reader as itself);
- H12 no line is wider than 72 columns, East Asian wide characters counted as two (no
  sideways scrolling on a display; a lone address longer than a line is a warning: it cannot be
  broken without breaking it);
- H04 every heading of the edition stands as a heading: alone in its block, underlined with
  `=` (level 1) or `-` (level 2);
- H07 every figure's alt text is there, as "[Figure: …]";
- E01 no editor note is published (`checks.published_notes`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..rules import rule_check
from ..select import EditionDoc
from ..writers import flat
from ..writers.text import WIDTH, width
from . import published_notes


def _norm(text: str) -> str:
    """Text without white space and invisible format characters (direction marks)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@rule_check("T08")
def _decode(raw: bytes, artifact: str) -> tuple[str | None, list[Finding]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Finding("T08", "error", f"not valid UTF-8 (line {line}, byte {exc.start})",
                              "report this as a bug in the text writer", artifact=artifact,
                              where=f"line {line}")]
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        bad = sorted({c for c in line if unicodedata.category(c) == "Cc"})
        if bad:
            out.append(Finding("T08", "error", f"control characters {bad!r} in the text",
                               "report this as a bug in the text writer", artifact=artifact,
                               where=f"line {n}"))
    return text, out


@rule_check("H12")
def _widths(lines: list[str], artifact: str) -> list[Finding]:
    out = []
    for n, line in enumerate(lines, 1):
        cols = width(line)
        if cols <= WIDTH:
            continue
        lone = len(line.split()) == 1
        out.append(Finding(
            "H12", "warning" if lone else "error",
            f"line {cols} columns wide (at most {WIDTH})"
            + (": one word (an address?) longer than a line" if lone else ""),
            "shorten the address or give it link text" if lone else
            "report this as a bug in the text writer", artifact=artifact, where=f"line {n}"))
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, cur = [], []
    for line in [*lines, ""]:
        if line.strip(" \u200f"):
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    return blocks


@rule_check("H04")
def _headings(lines: list[str], ed: EditionDoc, artifact: str) -> list[Finding]:
    """Each heading must be a block of its own (its lines, then the underline of its level)."""
    seen: dict[str, set[str]] = {}
    for block in _blocks(lines):
        rule = block[-1].strip()
        mark = rule[0] if rule and len(set(rule)) == 1 and rule[0] in "=-" else ""
        body = block[:-1] if mark else block
        seen.setdefault(_norm(" ".join(body)), set()).add(mark)
    out = []
    for h in flat.headings(ed):
        want = {1: "=", 2: "-"}.get(h.level, "")
        marks = seen.get(_norm(h.text))
        if marks is None or want not in marks:
            problem = "missing" if marks is None else \
                f"not underlined with {want!r}" if want else "not on lines of its own"
            out.append(Finding("H04", "error", f"heading {h.text!r} (level {h.level}) {problem}",
                               "report this as a bug in the text writer", artifact=artifact,
                               where=h.text[:60]))
    return out


@rule_check("H07")
def _figures(text: str, ed: EditionDoc, artifact: str) -> list[Finding]:
    flat_text = _norm(text)
    out = []
    for top in ed.sections:
        for s in top.walk():
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Figure) and _norm(f"{b.alt}]") not in flat_text:
                    out.append(Finding("H07", "error", f"figure's alt text missing: {b.alt[:60]!r}",
                                       "report this as a bug in the text writer", b.loc,
                                       artifact))
    return out


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    text, found = _decode(path.read_bytes(), artifact)
    if text is None:
        return found
    lines = text.split("\n")
    found += _widths(lines, artifact)
    found += _headings(lines, ed, artifact)
    found += _figures(text, ed, artifact)
    found += published_notes(text, notes, artifact)
    return found


__all__ = ["check"]
