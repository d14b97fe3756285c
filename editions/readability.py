"""Plain-language measures (CF01, CF02, CF04) for English text, per section.

Sentences are split on . ! ? and on list items / paragraphs (a bullet is a sentence of its own).
textstat gives the Flesch–Kincaid grade and the Flesch Reading Ease.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

with warnings.catch_warnings():  # textstat 0.7.4 imports pkg_resources, which warns on import
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    import textstat

# targets from ACCESSIBILITY.md (young edition)
FK_GRADE_MAX = 5.0
READING_EASE_MIN = 75.0
AVG_SENTENCE_MAX = 14.0
SENTENCE_MAX_YOUNG = 25
SENTENCE_MAX_FULL = 40
PARAGRAPH_SENTENCES_MAX = 4
# the Flesch formulas (textstat's defaults) are calibrated on English text; other languages get
# the sentence-length rules only (CF08)
FORMULA_LANGUAGE = "en"


def formula_applies(lang: str) -> bool:
    """The reading-level formulas mean something for text in this language."""
    return lang.split("-")[0].lower() == FORMULA_LANGUAGE

_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


def sentences(paragraph: str) -> list[str]:
    return [s for s in (x.strip() for x in _SPLIT.split(paragraph)) if len(s.split()) > 0]


@dataclass(slots=True)
class Figures:
    section: str
    words: int
    sentences: int
    fk_grade: float
    reading_ease: float
    avg_sentence: float
    longest: int
    longest_sentence: str
    long_paragraphs: list[str]

    def misses(self) -> list[str]:
        out = []
        if self.fk_grade > FK_GRADE_MAX:
            out.append(f"Flesch–Kincaid grade {self.fk_grade:.1f} > {FK_GRADE_MAX:g}")
        if self.reading_ease < READING_EASE_MIN:
            out.append(f"Reading Ease {self.reading_ease:.1f} < {READING_EASE_MIN:g}")
        if self.avg_sentence > AVG_SENTENCE_MAX:
            out.append(f"average sentence {self.avg_sentence:.1f} words > {AVG_SENTENCE_MAX:g}")
        if self.longest > SENTENCE_MAX_YOUNG:
            out.append(f"a sentence of {self.longest} words > {SENTENCE_MAX_YOUNG}")
        return out


def measure(section: str, paragraphs: list[str]) -> Figures:
    sents = [s for p in paragraphs for s in sentences(p)]
    text = " ".join(s if s[-1:] in ".!?" else s + "." for s in sents)
    lengths = [len(s.split()) for s in sents] or [0]
    longest = max(range(len(lengths)), key=lambda i: lengths[i]) if sents else 0
    textstat.set_lang("en_GB") if hasattr(textstat, "set_lang") else None
    return Figures(
        section=section,
        words=sum(lengths),
        sentences=len(sents),
        fk_grade=textstat.flesch_kincaid_grade(text) if sents else 0.0,
        reading_ease=textstat.flesch_reading_ease(text) if sents else 100.0,
        avg_sentence=sum(lengths) / len(sents) if sents else 0.0,
        longest=lengths[longest] if sents else 0,
        longest_sentence=sents[longest] if sents else "",
        long_paragraphs=[p for p in paragraphs if len(sentences(p)) > PARAGRAPH_SENTENCES_MAX],
    )
