"""The graphics and text state the content interpreter (content.py) keeps while it reads a
page, as ISO 32000-1 gives it (8.4 graphics state, 9.3 text state, 9.4 text objects): the
current transformation matrix, the text and line matrices, Tc, Tw, Tz, TL, the font and size,
and the text-state operators that change them (`TEXT_STATE`)."""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import Font

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(a: Matrix, b: Matrix) -> Matrix:
    """a then b (PDF row-vector convention)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def apply(mx: Matrix, x: float, y: float) -> tuple[float, float]:
    return mx[0] * x + mx[2] * y + mx[4], mx[1] * x + mx[3] * y + mx[5]


@dataclass
class Graphics:
    """The graphics and text state q and Q save and restore (and the text matrices)."""

    ctm: Matrix
    font: Font | None = None
    size: float = 0.0
    tc: float = 0.0
    tw: float = 0.0
    th: float = 1.0
    tl: float = 0.0
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    fill_white: bool = False

    def copy(self) -> Graphics:
        return Graphics(**{k: getattr(self, k) for k in self.__dataclass_fields__})


@dataclass
class Lines:
    """The line key of the runs: the y of the last Tm (plus Td's moves) and the line breaks
    (T*, ', ") counted since the stream began."""

    y: float = 0.0
    breaks: int = 0

    @property
    def key(self) -> tuple:
        return (self.y, self.breaks)


def _tm(g: Graphics, lines: Lines, ops) -> None:
    g.tm = g.tlm = tuple(float(v) for v in ops)  # type: ignore[assignment]
    lines.y = float(ops[5])


def _td(g: Graphics, lines: Lines, ops, leading: bool = False) -> None:
    tx, ty = float(ops[0]), float(ops[1])
    if leading:
        g.tl = -ty
    g.tlm = g.tm = mul((1, 0, 0, 1, tx, ty), g.tlm)
    lines.y += ty


def tstar(g: Graphics, lines: Lines, _ops) -> None:
    g.tlm = g.tm = mul((1, 0, 0, 1, 0, -g.tl), g.tlm)
    lines.breaks += 1


def _bt(g: Graphics, _lines: Lines, _ops) -> None:
    g.tm = g.tlm = IDENTITY


TEXT_STATE = {
    "Tm": _tm, "Td": _td, "TD": lambda g, lines, ops: _td(g, lines, ops, True), "T*": tstar,
    "BT": _bt,
    "TL": lambda g, _lines, ops: setattr(g, "tl", float(ops[0])),
    "Tc": lambda g, _lines, ops: setattr(g, "tc", float(ops[0])),
    "Tw": lambda g, _lines, ops: setattr(g, "tw", float(ops[0])),
    "Tz": lambda g, _lines, ops: setattr(g, "th", float(ops[0]) / 100),
}


__all__ = ["IDENTITY", "TEXT_STATE", "Graphics", "Lines", "Matrix", "apply", "mul", "tstar"]
