"""What the code needs to know about a language, from Babel's CLDR data rather than from lists
of language codes: the script it is written in (ISO 15924, through the likely subtags: "ur" →
Arab, "zh-Hans" → Hans, "zh-TW" → Hant), whether that script is East Asian, and the
language-and-region tag Word's w:lang expects ("zh-Hans" → "zh-CN", "ur" → "ur-PK"). A new
language needs no code: Babel knows these for every language CLDR has."""

from __future__ import annotations

from functools import lru_cache

from babel.core import get_global

EAST_ASIAN = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hang"})  # Word's eastAsia slot
OFFICE = {"Kore": "Hang"}  # where an Office theme names a script otherwise than ISO 15924


@lru_cache(maxsize=256)
def _likely(tag: str) -> list[str]:
    """The likely subtags of a tag, as [language, script, region] ([] when unknown)."""
    likely = get_global("likely_subtags")
    parts = tag.replace("-", "_").split("_")
    for key in ("_".join(parts), "_".join(parts[:2]), parts[0], f"und_{parts[-1]}"):
        if key in likely:
            full = likely[key].split("_")
            return [full[0], *full[1:]]
    return []


def script(tag: str) -> str:
    """The script a language tag is written in: its own script subtag, else CLDR's likely one;
    "" when CLDR does not know the language."""
    own = [p for p in tag.replace("_", "-").split("-")[1:] if len(p) == 4 and p.isalpha()]
    if own:
        return own[0].title()
    return next((p for p in _likely(tag)[1:] if len(p) == 4), "")


def office_script(tag: str) -> str:
    """The script as an Office theme's font list names it."""
    return OFFICE.get(script(tag), script(tag))


def east_asian(tag: str) -> bool:
    """Written in an East Asian script (Chinese, Japanese, Korean): set in an East Asian font
    (Word's w:eastAsia slot), no italics."""
    return script(tag) in EAST_ASIAN


def region_tag(tag: str) -> str:
    """language-REGION, as Word's w:lang wants it: the tag's own region, else CLDR's likely one
    ("zh-Hans" → "zh-CN", "ur" → "ur-PK", "en-GB" → "en-GB"); the tag itself when unknown."""
    parts = tag.replace("_", "-").split("-")
    region = next((p for p in parts[1:] if (len(p) == 2 and p.isalpha()) or p.isdigit()), "")
    if not region:
        region = next((p for p in _likely(tag)[1:] if len(p) in (2, 3) and p.isupper()), "")
    return f"{parts[0].lower()}-{region.upper()}" if region else tag


__all__ = ["EAST_ASIAN", "east_asian", "office_script", "region_tag", "script"]
