"""P06 for passages: a passage in another language carries `/Lang` on its structure element.

WeasyPrint 70 builds the PDF structure tree from its box tree
(`weasyprint.pdf.tags._build_box_tree`) and copies only `<html lang>`, into the catalog; the
`lang` of any other element is lost (TOOLCHAIN.md). The text a structure element holds can't be
told apart afterwards without guessing, so this closes the gap where the knowledge is: the
function that builds one structure element per box is wrapped, and every element made for an
HTML element with a `lang` attribute gets that `/Lang`.

The wrap is installed once per process, only over the function it was written for (checked by
name and parameters), on the WeasyPrint release in requirements.lock (SUPPORTED). If the
installed WeasyPrint has changed that function, the PDF writer stops with error W03 naming the
installed and the supported release: no PDF is written without the language tags, and the P06
check of every build (checks/pdf_lang.py, which reads the text back) stays the second guard.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

import pydyf

from ..findings import ContentError, error

SUPPORTED = "70.0"  # the release this wrap and the repair pass (pdf/repair.py) were written for
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


def install() -> None:
    """Wrap WeasyPrint's structure builder (idempotent). Raises W03 if WeasyPrint has changed."""
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if getattr(build, "__wrapped__", None) is not None:
        return
    if build is None or not callable(build) or \
            list(inspect.signature(build).parameters) != EXPECTED:
        raise unsupported()
    # the function recurses through the module attribute, so children are wrapped too
    tags._build_box_tree = _wrap(build)


def unsupported() -> ContentError:
    installed = version("weasyprint")
    return error("W03", f"the installed WeasyPrint {installed} does not fit editions: "
                 "writers/pdf_lang.py (the PDF language tags) wraps "
                 f"weasyprint.pdf.tags._build_box_tree({', '.join(EXPECTED)}), which this "
                 f"release has changed; editions supports WeasyPrint {SUPPORTED}. "
                 "No PDF was written",
                 f"install the locked versions with `bash scripts/setup.sh` (or `pip install "
                 f"weasyprint=={SUPPORTED}`); moving to another WeasyPrint means adapting "
                 "writers/pdf_lang.py and pdf/repair.py, then SUPPORTED and "
                 "scripts/lock-constraints.txt")
