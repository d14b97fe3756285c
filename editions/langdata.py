"""What editions knows about a language that Babel does not: data in
`translations/<lang>/language.yaml` beside the language's catalogs (the tool's own, under the
project's translations/ when a project adds or overrides one). A new language is a folder of
data, never code:

    vague_links: [here, click here]        # H08/D06: link texts that say nothing alone
    orthography:                           # T06: spellings the language does not use
      - pattern: "\\w*[áé]\\w*"            #   a regular expression
        message: "{example!r} has an acute accent: …"
        fix: "ask the translator to …"
    voice:                                 # audio: the espeak-ng voice (after a listening test)
      espeak: pl                           #   its name (espeak-ng --voices)
      ssml_lang: pl                        #   xml:lang on <voice> ("" for the name alone)
      iso639_2: pol                        #   ID3 TLAN
      rate: 185                            #   words a minute given to espeak-ng (A03)
      latin_in_english: false              #   Latin-script runs read by the English voice
    braille:                               # BRF: the liblouis tables
      tables: [pl.tbl]                     #   the translation table first
      code: Polish braille (uncontracted)  #   named in the transcriber's note
      back_translation: true               #   back-translation recovers the words (B04)
      segment: false                       #   words separated first (Chinese, with jieba)
      own: true                            #   false: a stand-in for a language with none (B06)
      note: ""                             #   what the transcriber's note adds (interface text)

A language without a file has no vague-link words of its own (English ones still apply), no
orthography rules, no voice (no audio: A05) and no braille table of its own (a stand-in: B06)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import TOOL
from .findings import error
from .model import Loc
from .yamlio import load_yaml

FILE = "language.yaml"


@dataclass(frozen=True)
class Spelling:
    pattern: re.Pattern
    message: str
    fix: str


@dataclass(frozen=True)
class LanguageData:
    vague_links: frozenset[str] = frozenset()
    orthography: tuple[Spelling, ...] = field(default_factory=tuple)
    voice: dict = field(default_factory=dict)  # read by voices.py
    braille: dict = field(default_factory=dict)  # read by braille.py


def _folders(root: Path, lang: str) -> list[Path]:
    """The language's folders under root/translations: its own tag's, then those of its base
    language ("zh" for "zh-Hans")."""
    base = root / "translations"
    if not base.is_dir():
        return []
    own = [base / lang] if (base / lang / FILE).is_file() else []
    same = sorted(p for p in base.iterdir() if p.name.split("-")[0].lower() ==
                  lang.split("-")[0].lower() and p.name != lang and (p / FILE).is_file())
    return own + same


def _read(path: Path) -> LanguageData:
    rel = path.as_posix()
    data = load_yaml(path.read_text(encoding="utf-8"), rel) or {}
    if not isinstance(data, dict):
        raise error("C08", f"{rel} must be a mapping", "see editions/langdata.py", Loc(rel, 1))
    words = frozenset(str(w).strip().lower() for w in data.get("vague_links") or [])
    rules = []
    for item in data.get("orthography") or []:
        try:
            rules.append(Spelling(re.compile(str(item["pattern"])), str(item["message"]),
                                  str(item.get("fix", ""))))
        except (KeyError, TypeError, re.error) as exc:
            raise error("C08", f"{rel}: an orthography rule is not usable ({exc})",
                        "give each rule a pattern (a regular expression) and a message",
                        Loc(rel, 1)) from None
    voice, braille = data.get("voice") or {}, data.get("braille") or {}
    if not isinstance(voice, dict) or not isinstance(braille, dict):
        raise error("C08", f"{rel}: voice and braille must be mappings",
                    "see editions/langdata.py", Loc(rel, 1))
    return LanguageData(words, tuple(rules), dict(voice), dict(braille))


@lru_cache(maxsize=64)
def language_data(lang: str, root: Path | None = None) -> LanguageData:
    """The language's data: the project's file (root) first, else the tool's."""
    for where in (root, TOOL):
        if where is not None:
            for folder in _folders(where, lang):
                return _read(folder / FILE)
    return LanguageData()


def known_languages() -> list[str]:
    """Every language the tool has data for."""
    base = TOOL / "translations"
    return sorted(p.name for p in base.iterdir() if (p / FILE).is_file()) if base.is_dir() else []


__all__ = ["LanguageData", "Spelling", "known_languages", "language_data"]
