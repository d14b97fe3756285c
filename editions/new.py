"""`python build.py new ID`: a new publication, ready to build, in content/<ID>/.

The skeleton has publication.yaml with every key (the optional ones commented out, each with
what it does), one section and a glossary; it builds with no errors as it is. A project that
keeps its one publication directly in content/ is not changed: move that publication into a
folder of its own first (the message says how)."""

from __future__ import annotations

from pathlib import Path

from .output import atomic_write
from .publications import ID

PUBLICATION = """\
# {id}: the publication's metadata, its section files in reading order, and its editions.
# docs/CONTENT.md describes every key. Lines starting with # are comments; remove the # to use
# an optional key.
id: {id}
type: document             # plan, report, strategy, consultation or document: the interface
                           # names the publication by it ("Download the report")
title: {title}
# short_title: A shorter title       # running heads and Word properties (default: the title)
# subtitle: A subtitle               # the cover, under the title
# tagline: One line about it         # the cover, under the subtitle
# period: 2026–2029                  # printed on the cover unless the title already has it
publisher: {publisher}
# introduction: >-                   # what the publication is, on the site's home page
#   One or two sentences for the home page.
# date: "2026-12-01"                 # this version's date: every timestamp in every file
                                     # comes from it (none: 1980-01-01, reproducible)
lang: en-GB                          # the language the content is written in
languages: [en-GB]                   # every language it is published in, e.g. [en-GB, pl]
contact:                             # who readers ask for another format or language
  name: {contact}
  email: {email}

sections:                            # the section files, in reading order
  - sections/01-introduction.md

editions:
  # An edition is data: which text (audience), which sections, presentations and formats.
  - id: full
    title: {title}
    # description: the whole {type_word}.   # on the home page, after the edition's title
    audience: full
    reading: general                      # reading-level checks: general (sentence length,
                                          # reading level) or child-friendly (CF01–CF08)
    # languages: [en-GB]                  # default: the publication's language
    # sections: [introduction]            # only these sections (default: all)
    # unmarked: false                     # only blocks marked for this audience
    # glossary: used                      # only the glossary terms the text uses
    presentations:
      standard: [html, pdf, docx]
      large-print: [pdf, docx]
    # publish_at: 95                      # a translation is published as this edition when
                                          # this share (%) of its text is translated; below,
                                          # the translated part is offered as a summary
"""

SECTION = """\
---
id: introduction
---
# Introduction

This is the first section of {title}. Write it in Markdown: docs/CONTENT.md shows headings,
lists, tables, quotes, figures and the directives.

The words explained in the glossary are linked where they are first used, such as
{term}.

## Glossary

```{{glossary}}
```
"""

GLOSSARY = """\
# Terms the publication explains. Each term is linked where the text first uses it.
terms:
  - term: {term}
    definition: |
      Replace this with what the term means, in plain words.
# Capitalised words that are not acronyms (the acronym check skips them):
# not_acronyms: [VOICE]
"""


def new(root: Path, pid: str, title: str = "", say=print) -> int:
    """Write content/<pid>/; 0 when done, 1 (with a message) when it cannot."""
    if not ID.fullmatch(pid or ""):
        say(f"build.py new: {pid!r} is not lowercase-with-hyphens (it becomes the "
            "publication's folder and web address) — e.g. annual-report-2025")
        return 1
    content = root / "content"
    if (content / "publication.yaml").exists():
        say("build.py new: this project keeps its one publication directly in content/ — move "
            "it into a folder of its own first (mkdir content/OLD-ID && git mv content/"
            "publication.yaml content/sections content/data content/OLD-ID/, and rename "
            "translations/<lang>/content.po to translations/<lang>/OLD-ID.po), then run this "
            "again")
        return 1
    folder = content / pid
    if folder.exists() or folder.is_symlink():
        say(f"build.py new: content/{pid} already exists — choose another id")
        return 1
    if content.is_symlink() or (content.exists() and not content.is_dir()):
        say("build.py new: content is not a folder — move it away first")
        return 1
    words = dict(id=pid, title=title or pid.replace("-", " ").capitalize(),
                 publisher="Your organisation", contact="Communications",
                 email="communications@example.org", type_word="document",
                 term="Plain language")
    atomic_write(folder / "publication.yaml", PUBLICATION.format(**words).encode("utf-8"))
    atomic_write(folder / "sections" / "01-introduction.md",
                 SECTION.format(**words).encode("utf-8"))
    atomic_write(folder / "data" / "glossary.yaml", GLOSSARY.format(**words).encode("utf-8"))
    say(f"content/{pid}/ is ready: publication.yaml (set the title, publisher and contact), "
        f"sections/01-introduction.md and data/glossary.yaml.\n"
        f"Build it with: python build.py --publication {pid}")
    return 0
