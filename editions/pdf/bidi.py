"""Reading order of text drawn in visual order (glyphs left to right on a line): right-to-left
runs are put back in reading order, left-to-right runs inside them (numbers, Latin words) keep
theirs. Used by the repair pass (link text) and the checks (page text, large print lines)."""

from __future__ import annotations

import re
import unicodedata

# every character whose bidi class is R or AL (Hebrew, Arabic, Syriac, Thaana, NKo, …, RLM)
# lies in these ranges (tests/test_rules_pdf.py checks all of Unicode): text without any is
# left to right as drawn
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff"
                           "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _direction(text: str) -> str:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind in ("L", "EN", "AN"):
            return "L"
    return "N"


def logical(glyphs: list[str]) -> str:
    """The text of glyphs drawn in visual order (left to right), in reading order: a run with
    right-to-left letters is reversed, keeping the left-to-right runs inside it (numbers,
    Latin words) in their order."""
    text = "".join(glyphs)
    if not RIGHT_TO_LEFT.search(text):  # no right-to-left letter: nothing to reorder
        return text
    kinds = [_direction(g) for g in glyphs]
    if "R" not in kinds:
        return text
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:  # a left-to-right run, without the neutrals that trail it
        core = len(run)
        while core and _direction(run[core - 1]) == "N":
            core -= 1
        out.extend(reversed(run[:core]))
        out.extend(run[core:])
        run.clear()

    for g, kind in zip(reversed(glyphs), reversed(kinds)):
        if kind == "L" or (run and kind == "N"):
            run.append(g)
            continue
        if run:
            flush()
        out.append(g)
    if run:
        flush()
    return "".join(out)
