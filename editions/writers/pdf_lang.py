"""P06 for passages: a passage in another language carries `/Lang` on its structure element.

WeasyPrint 70 builds the PDF structure tree from its box tree
(`weasyprint.pdf.tags._build_box_tree`) and copies only `<html lang>`, into the catalog; the
`lang` of any other element is lost (TOOLCHAIN.md). The text a structure element holds can't be
told apart afterwards without guessing, so this closes the gap where the knowledge is: the
function that builds one structure element per box is wrapped, and every element made for an
HTML element with a `lang` attribute gets that `/Lang`.

The wrap is installed once per process, only over the function it was written for (checked by
name and parameters). If WeasyPrint changes, nothing is installed and the P06 check of every
build (checks/pdf_lang.py, which reads the text back) reports the untagged passages as errors:
the gap can't come back silently.
"""

from __future__ import annotations

import inspect

import pydyf

EXPECTED = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]


def _wrap(build):
    def build_with_lang(box, parent, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build(box, parent, *args, **kwargs):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_with_lang.__wrapped__ = build  # type: ignore[attr-defined]
    return build_with_lang


def install() -> bool:
    """Wrap WeasyPrint's structure builder (idempotent). False if WeasyPrint has changed."""
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False
    if getattr(build, "__wrapped__", None) is not None:
        return True
    if list(inspect.signature(build).parameters) != EXPECTED:
        return False
    # the function recurses through the module attribute, so children are wrapped too
    tags._build_box_tree = _wrap(build)
    return True
