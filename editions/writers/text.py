"""Plain-text writer: a UTF-8 .txt of an edition, for braille displays, old devices and copying.

The layout (the blocks come from `flat.py`, shared with braille):
- the title block: the title between lines of `=`, then subtitle, tagline, period (when the
  title lacks it) and publisher with the date;
- headings underlined, `=` for level 1 and `-` for level 2; deeper headings stand alone on
  their line, followed by a blank line;
- paragraphs wrapped at 72 columns; lists with "- " and "1. " markers and hanging indents,
  nested lists, glossary definitions and quotes indented by 4; tables as headed parts with one
  "Header: value" line per cell; figures as "[Figure: alt text]".

Wrapping counts columns, not characters: a Chinese character takes two columns (East Asian
width W or F), combining marks and the invisible direction marks none. Words are never broken
(`textwrap` with `break_long_words` and `break_on_hyphens` off), so an address or URL stays
whole; one longer than a line stands alone on its line. Chinese, written without spaces, may
break between any two characters, except before closing and after opening punctuation.
Urdu is wrapped on its spaces like any alphabetic text: each line is then a paragraph to the
bidirectional algorithm, and a whole word never needs another line to be shaped or ordered.
Every line of a right-to-left block starts with RIGHT-TO-LEFT MARK, so viewers that take the
direction from the first strong character still show an Urdu line that opens with a Latin
acronym right to left; Latin runs inside Urdu (an e-mail address) are isolated with LRI … PDI,
the plain-text form of <bdi dir="ltr"> (T04).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from ..config import BuildConfig
from ..i18n import is_rtl
from ..select import EditionDoc
from ..terms import _LTR_RUN
from . import flat
from .html import published_date

WIDTH = 72
STEP = 4  # indent of a nested list, a definition, a quote
RLM, LRI, PDI = "\u200f", "\u2066", "\u2069"
# no line starts with closing punctuation, none ends with opening punctuation (CJK)
CLOSING = set("，。、；：？！）」』】》〉”’,.;:?!)]}%·…")
OPENING = set("（「『【《〈“‘([{")
_SPACES = re.compile(r"[ \t\r\n]+")  # not NBSP: a non-breaking space stays one


def char_width(ch: str) -> int:
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns a line takes on a terminal or braille display."""
    return sum(char_width(c) for c in text)


def _wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)


def _cjk_tokens(text: str) -> list[tuple[str, bool]]:
    """(token, space before it): each wide character a token of its own, each run of other
    characters (a Latin word, a number, an address) one token; closing punctuation joins the
    token before it, opening punctuation the token after it."""
    tokens: list[tuple[str, bool]] = []
    buf, space, glue = "", False, ""
    for ch in text + " ":
        if ch == " " or _wide(ch):
            if buf:
                tokens.append((glue + buf, space))
                buf, space, glue = "", False, ""
            if ch == " ":
                space = True
                continue
            if ch in OPENING:
                glue += ch
            elif ch in CLOSING and tokens and not space:
                tokens[-1] = (tokens[-1][0] + ch, tokens[-1][1])
            else:
                tokens.append((glue + ch, space))
                space, glue = False, ""
        elif ch in CLOSING and not buf and tokens and not space:
            tokens[-1] = (tokens[-1][0] + ch, tokens[-1][1])
        else:
            buf += ch
    if glue:
        tokens.append((glue, space))
    return tokens


def _wrap_cjk(text: str, cols: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line = first
    empty = True
    for token, space in _cjk_tokens(text):
        piece = (" " if space and not empty else "") + token
        if not empty and width(line) + width(piece) > cols:
            lines.append(line)
            line, piece, empty = rest, token, True
        line += piece
        empty = False
    if not empty:
        lines.append(line)
    return lines


def wrap(text: str, first: int = 0, rest: int = 0, cols: int = WIDTH) -> list[str]:
    text = _SPACES.sub(" ", text).strip()
    if _wide(text):
        return _wrap_cjk(text, cols, " " * first, " " * rest)
    return textwrap.wrap(text, cols, initial_indent=" " * first, subsequent_indent=" " * rest,
                         break_long_words=False, break_on_hyphens=False) or []


def _balance(lines: list[str]) -> list[str]:
    """An LRI … PDI isolate split by the wrap is closed at the end of its line and opened
    again on the next (each line is a paragraph of its own to the bidi algorithm)."""
    out, open_ = [], False
    for line in lines:
        if open_:
            indent = len(line) - len(line.lstrip(" "))
            line = line[:indent] + LRI + line[indent:]
        open_ = line.count(LRI) > line.count(PDI)
        out.append(line + PDI if open_ else line)
    return out


class _Text:
    def __init__(self, ed: EditionDoc):
        self.ed = ed
        self.lines: list[str] = []

    def text(self, item: flat.Item) -> str:
        """The item's text; in a right-to-left block every Latin run isolated (T04), those
        the edition marked (`terms.isolate_ltr`) and those in strings it did not reach."""
        if not is_rtl(item.lang):
            return "".join(r.text for r in item.runs)
        return "".join(LRI + r.text + PDI if r.ltr or (r.lang and not is_rtl(r.lang))
                       else _LTR_RUN.sub(lambda hit: LRI + hit[0] + PDI, r.text)
                       for r in item.runs)

    def emit(self, item: flat.Item, lines: list[str]) -> None:
        if is_rtl(item.lang):
            lines = [RLM + line for line in _balance(lines)]
        self.lines += lines

    def blank(self, n: int = 1) -> None:
        """At least n blank lines before what comes next (none at the top)."""
        if not self.lines:
            return
        trailing = 0
        while trailing < len(self.lines) and self.lines[-1 - trailing] == "":
            trailing += 1
        self.lines += [""] * max(0, n - trailing)

    def heading(self, item: flat.Item) -> None:
        self.blank(2 if item.level == 1 else 1)
        lines = wrap(self.text(item))
        self.emit(item, lines)
        if item.level <= 2:
            self.lines.append(("=" if item.level == 1 else "-") * max(map(width, lines)))
        self.blank()

    def block(self, item: flat.Item) -> None:
        if item.kind == "heading":
            self.heading(item)
            return
        if not item.tight:
            self.blank()
        base = STEP * (item.depth + item.quote)
        first = rest = base
        text = self.text(item)
        if item.kind == "item":
            marker = "- " if item.number is None else f"{item.number}. "
            text, rest = marker + text, base + len(marker)
        elif item.kind == "field":
            rest = base + 2
        elif item.kind == "attribution":
            text = "– " + text
        self.emit(item, wrap(text, first, rest))

    def title(self, items: list[flat.Item]) -> None:
        title, *others = items
        lines = wrap(self.text(title))
        rule = "=" * max(map(width, lines))
        self.lines += [rule]
        self.emit(title, lines)
        self.lines += [rule, ""]
        for item in others:
            if item.kind == "para":
                self.blank()
            self.emit(item, wrap(self.text(item)))

    def build(self) -> str:
        self.title(flat.front(self.ed, published_date(self.ed)))
        for item in flat.body(self.ed):
            self.block(item)
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(line.rstrip(" ") for line in self.lines) + "\n"


class TextWriter:
    format = "txt"
    extension = "txt"
    media_type = "text/plain; charset=utf-8"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        return _Text(ed).build().encode("utf-8")


__all__ = ["TextWriter", "WIDTH", "char_width", "width", "wrap"]
