"""`_`: marks an interface string for `build.py i18n extract` (Babel's keyword `_`); it is
translated where it is used, by the edition's or the page's own catalog. Imported by every
module that names interface strings, so the marker is defined once."""


def _(text: str) -> str:
    return text
