"""Large print (LP01–LP16): what the PDF rules (large_print_pdf.py) and the DOCX rules
(large_print_docx.py) share: the house values, what to do for each rule, the scripts a text is
in, the items LP08 keeps on one line, capitals (LP04), and the report that groups findings by
rule and place."""

from __future__ import annotations

import re
from collections import defaultdict

from ..findings import Finding
from ..rules import rule_check

MIN_PT = 16.0  # LP01: nothing smaller
BODY_PT = 18.0  # LP01: body text
LINE_HEIGHT = (1.3, 1.5)  # LP05, house rule
LINE_HEIGHT_ARABIC = 2.0  # LP05: Urdu (Arabic script) at least
MARGIN_MM = 20.0  # LP16, house rule
A4_PT = (595.276, 841.89)  # LP11: 210 × 297 mm
ALLOWED_FACES = ("Noto Sans", "Noto Sans CJK SC", "Noto Naskh Arabic", "Arial")  # LP03
PER_RULE = 6  # findings per rule before the rest are summarised in one
PT_PER_MM = 72 / 25.4
FIX = {
    "LP01": "body text 18 pt or more, nothing under 16 pt (layouts/pdf/large-print.css, the "
            "large-print block of layouts/docx/styles.yaml)",
    "LP03": "set the text in an allowed sans-serif face: " + ", ".join(ALLOWED_FACES),
    "LP04": "emphasise with bold only: no italics, no underline except links, no capitals",
    "LP05": "line height 1.3–1.5 (Arabic script 2.0 or more) in the large-print layout",
    "LP06": "leave at least one line of space after every paragraph in the large-print layout",
    "LP07": "align text to the start (left; right for Urdu), never justify or centre",
    "LP08": "no hyphenation; keep dates and phone numbers together with non-breaking spaces "
            "(transforms.keep_together)",
    "LP10": "set large print in a single column",
    "LP11": "A4 portrait pages",
    "LP15": "linearise the table into headed parts, or set it at 16 pt or more with its header "
            "row repeated on every page",
    "LP16": "margins of 20 mm or more on every side",
}

_STYLE_WORDS = ("regular", "bold", "semibold", "demibold", "medium", "book", "roman", "normal",
                "italic", "oblique", "mt", "ps")
ALLOWED = {re.sub(r"[^a-z0-9]", "", f.lower()) for f in ALLOWED_FACES}


def font_family(name: str) -> str:
    """Family key of a font name: 'ABCDEF+Noto-Sans-Bold' → 'notosans'."""
    key = re.sub(r"[^a-z0-9]", "", name.split("+", 1)[-1].lower())
    changed = True
    while changed:
        changed = False
        for word in _STYLE_WORDS:
            if key.endswith(word) and len(key) > len(word):
                key, changed = key[: -len(word)], True
    return key


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
        or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF \
        or 0x20000 <= o <= 0x2FFFF or 0x3000 <= o <= 0x303F


def arabic_text(text: str) -> bool:
    """Mostly Arabic-script letters (Urdu): right to left, line height 2.0 or more."""
    arabic = sum(1 for c in text if is_arabic(c))
    other = sum(1 for c in text if c.isalpha() and not is_arabic(c))
    return arabic > other




# --- text rules shared by both formats --------------------------------------------------------


def month_names(lang: str) -> list[str]:
    from babel.dates import get_month_names

    names: set[str] = set()
    for tag in {"en_GB", lang.replace("-", "_")}:
        try:
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    names.update(get_month_names(width, context, locale=tag).values())
        except Exception:  # an unknown locale: English months only
            continue
    words = set()
    for name in names:  # "An t-Ògmhios" → "Ògmhios"; "dhen Fhaoilleach" → "Fhaoilleach"
        last = name.split()[-1].split("-")[-1].strip(".")
        if len(last) >= 3 and not last[0].isdigit():
            words.add(last)
    return sorted(words, key=len, reverse=True)


_KEEP: dict[str, re.Pattern] = {}


def keep_together(lang: str) -> re.Pattern:
    """Dates and phone numbers: items LP08 says must never split across lines."""
    if lang not in _KEEP:
        months = "|".join(re.escape(w) for w in month_names(lang))
        _KEEP[lang] = re.compile(
            rf"(?<![\w])(?:\d{{1,2}}\.? (?:{months})(?: \d{{4}})?|(?:{months}) \d{{1,4}}"
            r"|(?:\+\d{1,3} ?(?:\(0\) ?)?\d{2,5}|0\d{2,5})(?: \d{2,4}){1,3})(?![\w])")
    return _KEEP[lang]


def split_items(before: str, after: str, lang: str) -> list[str]:
    """Dates or phone numbers broken between the end of one line and the start of the next;
    in Chinese (no spaces), a number broken in two. (A break between a number and 年 or 月 is
    ordinary Chinese line breaking.)"""
    tail, head = before.rstrip()[-40:], after.lstrip()[:40]
    joined = f"{tail} {head}"
    cut = len(tail)
    found = [x[0] for x in keep_together(lang).finditer(joined) if x.start() < cut < x.end()]
    if tail and head and tail[-1].isdigit() and head[0].isdigit() \
            and any(is_cjk(c) for c in tail[-6:] + head[:6]):
        found.append(tail[-6:] + head[:6])
    return found


def capitals(text: str) -> str | None:
    """A block of capitals (LP04): a phrase of three or more words in capitals, twelve letters
    or more. Acronyms (NHS, CAMHS) make shorter runs; a list of names written in capitals
    ("FAMILY, CARE, PEOPLE") is broken by its commas and is not emphasis."""
    run: list[str] = []
    best: list[str] = []
    for token in text.split():
        letters = [c for c in token if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            run.append(token)
            if len(run) >= 3 and sum(sum(c.isalpha() for c in t) for t in run) >= 12:
                best = list(run)
            if token.endswith((",", ";", "،", "、", "，", "；")):
                run = []
        else:
            run = []
    return " ".join(best) if best else None


class Report:
    """Findings grouped by rule and place: one per (rule, place), at most PER_RULE places per
    rule, the rest summed up in one more finding that names them."""

    def __init__(self, artifact: str):
        self.artifact = artifact
        self.places: dict[str, dict[str, list]] = defaultdict(dict)

    def add(self, rule: str, where: str, message: str) -> None:
        entry = self.places[rule].get(where)
        if entry is None:
            self.places[rule][where] = [message, 1]
        else:
            entry[1] += 1

    @rule_check("LP01", "LP03", "LP04", "LP05", "LP06", "LP07", "LP08", "LP10", "LP11", "LP15",
                "LP16")
    def findings(self) -> list[Finding]:
        out = []
        for rule in sorted(self.places):
            items = list(self.places[rule].items())
            for where, (message, count) in items[:PER_RULE]:
                more = f" (and {count - 1} more here)" if count > 1 else ""
                out.append(Finding(rule, "error", message + more, FIX[rule],
                                   artifact=self.artifact, where=where))
            rest = items[PER_RULE:]
            if rest:
                names = ", ".join(w for w, _ in rest[:8]) + (", …" if len(rest) > 8 else "")
                out.append(Finding(rule, "error", f"the same in {len(rest)} more places",
                                   FIX[rule], artifact=self.artifact, where=names))
        return out


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text[:40] + ("…" if len(text) > 40 else "")
