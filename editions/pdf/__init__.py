"""PDF, read and repaired with pikepdf: one reader for the repair pass and every PDF check.

- `tree.py`: the structure tree (elements in reading order, ParentTree, IDTree, page labels);
- `fonts.py`: a font's codes, text (ToUnicode), widths and .notdef glyphs;
- `content.py`: each page's content stream, parsed once (`Content`) and interpreted by one
  interpreter with the graphics state (`read_page`: text runs with their marked content, and
  with geometry where they are drawn); `state.py`: the graphics and text state it keeps;
- `bidi.py`: right-to-left text back in reading order;
- `reader.py`: `PdfFile`, one PDF read once for the repair pass and all of its checks;
- `repair.py` and `tables.py`: the repair pass the PDF writer runs on WeasyPrint's output.
"""
