"""Close the gaps WeasyPrint's PDF/UA mode leaves, with pikepdf (TOOLCHAIN.md, P01/P14):

- Running footers (`@page` margin boxes) are marked as `/Span` content whose structure elements
  are never linked into the tree. Every marked-content sequence whose element is not reachable
  from the StructTreeRoot becomes a pagination `/Artifact`, and its ParentTree entry is cleared.
- Output is deterministic: fixed /ID derived from the content, no fresh timestamps.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..select import EditionDoc


def _reachable(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
        elif isinstance(node, Dictionary) and node.get("/Type") != "/MCR":
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def _parent_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    stack = [root.ParentTree]
    while stack:
        node = stack.pop()
        if "/Nums" in node:
            nums = node.Nums
            for i in range(0, len(nums), 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            stack.append(kid)
    return out


def orphans(pdf: pikepdf.Pdf):
    """Marked-content sequences whose structure element is not in the tree, page by page:
    yields (page number, page, parsed operators, [(operator index, mcid, ParentTree array)])."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    reachable = _reachable(tree)
    parents = _parent_tree(tree)
    for pno, page in enumerate(pdf.pages, 1):
        key = page.obj.get("/StructParents")
        mapping = parents.get(int(key)) if key is not None else None
        ops = pikepdf.parse_content_stream(page)
        found = []
        for i, (operands, op) in enumerate(ops):
            if str(op) != "BDC" or len(operands) != 2:
                continue
            props = operands[1]
            if not isinstance(props, Dictionary) or "/MCID" not in props:
                continue
            mcid = int(props.MCID)
            element = mapping[mcid] if mapping is not None and mcid < len(mapping) else None
            if not isinstance(element, Dictionary) or element.objgen not in reachable:
                found.append((i, mcid, mapping))
        if found:
            yield pno, page, ops, found


def artifact_orphans(pdf: pikepdf.Pdf) -> int:
    """Turn marked content that is outside the structure tree into artifacts. Returns count."""
    fixed = 0
    for _pno, page, ops, found in list(orphans(pdf)):
        for i, mcid, mapping in found:
            ops[i] = pikepdf.ContentStreamInstruction(
                [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
            if mapping is not None and mcid < len(mapping):
                mapping[mcid] = pikepdf.Object.parse(b"null")
            fixed += 1
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
    return fixed


def page_labels(pdf: pikepdf.Pdf) -> None:
    """P17: viewers show the numbers printed in the footer (counter(page) counts from the
    cover, which prints none)."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))


def finish_pdf(data: bytes, ed: EditionDoc) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        artifact_orphans(pdf)
        page_labels(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
