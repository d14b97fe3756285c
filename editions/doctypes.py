"""Kinds of publication, and the interface words that depend on the kind.

`type:` in publication.yaml picks one. Each entry holds whole sentences, not a noun slotted
into a shared sentence, so every language can translate them with its own grammar (they are
interface strings: `build.py i18n update` extracts them into the catalogs).
"""

from __future__ import annotations

from .interface import _

TYPES: dict[str, dict[str, str]] = {
    "plan": {
        "label": _("Plan"),
        "downloads": _("Every edition of the plan in every language we publish. Files open in "
                       "any web browser, PDF reader or word processor."),
    },
    "report": {
        "label": _("Report"),
        "downloads": _("Every edition of the report in every language we publish. Files open "
                       "in any web browser, PDF reader or word processor."),
    },
    "strategy": {
        "label": _("Strategy"),
        "downloads": _("Every edition of the strategy in every language we publish. Files open "
                       "in any web browser, PDF reader or word processor."),
    },
    "consultation": {
        "label": _("Consultation"),
        "downloads": _("Every edition of the consultation in every language we publish. Files "
                       "open in any web browser, PDF reader or word processor."),
    },
    "document": {
        "label": _("Document"),
        "downloads": _("Every edition of the document in every language we publish. Files open "
                       "in any web browser, PDF reader or word processor."),
    },
}
