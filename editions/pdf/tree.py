"""The structure of a tagged PDF, read with pikepdf: the structure tree's elements in reading
order, number and name trees (ParentTree, IDTree, Dests, PageLabels), page labels and link
destinations. Used by the repair pass (pdf/repair.py) and every PDF check."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name


def reachable(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
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
            k = node.get("/K")
            if k is not None:
                stack.append(k)
    return seen


def elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the tree, in reading order (depth first)."""
    out = []
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    pop, push = stack.pop, stack.append  # the build walks large trees several times
    while stack:
        node = pop()
        if isinstance(node, Array):
            stack.extend(reversed(node.as_list()))
        elif isinstance(node, Dictionary) and "/S" in node:
            if node.is_indirect:
                key = node.objgen
                if key in seen:
                    continue
                seen.add(key)
            out.append(node)
            k = node.get("/K")
            if k is not None:
                push(k)
    return out


def kids(el: pikepdf.Dictionary) -> list:
    k = el.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_element(node) -> bool:
    return isinstance(node, Dictionary) and "/S" in node


def _tree(root: pikepdf.Dictionary, key: str) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """The (key, value) pairs of a number tree (/Nums) or name tree (/Names)."""
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        if key in node:
            pairs = node[key]
            out += [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)]
        stack.extend(node.get("/Kids", []))
    return out


def number_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    """A number tree (ParentTree, PageLabels) as a dict."""
    return {int(k): v for k, v in _tree(root, "/Nums")}


def name_tree(root: pikepdf.Dictionary) -> dict[bytes, pikepdf.Object]:
    """A name tree (Dests, IDTree) as a dict keyed by the raw name bytes."""
    return {bytes(k): v for k, v in _tree(root, "/Names")}


def parent_tree(root: pikepdf.Dictionary) -> dict[int, pikepdf.Object]:
    return number_tree(root.ParentTree) if "/ParentTree" in root else {}



def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def labels(pdf: pikepdf.Pdf) -> list[str]:
    """The page label a viewer shows for each page (PDF 1.7, 12.4.2); page index + 1 when the
    document has no /PageLabels."""
    count = len(pdf.pages)
    tree = pdf.Root.get("/PageLabels")
    if tree is None:
        return [str(i + 1) for i in range(count)]
    ranges = sorted(number_tree(tree).items())
    out = []
    for i in range(count):
        start, spec = next(((s, d) for s, d in reversed(ranges) if s <= i), (0, Dictionary()))
        n = int(spec.get("/St", 1)) + i - start
        style = str(spec.get("/S", ""))
        text = {"/D": str(n), "/r": _roman(n), "/R": _roman(n).upper(),
                "/a": chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1),
                "/A": chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)}.get(style, "")
        out.append(str(spec.get("/P", "")) + text)
    return out


def dest_page(pdf: pikepdf.Pdf, dest, names: dict | None = None) -> int | None:
    """The page index a destination (explicit array, named, or /GoTo action) points to."""
    if isinstance(dest, pikepdf.String | Name):
        if names is None:
            dests = pdf.Root.get("/Names", Dictionary()).get("/Dests")
            names = name_tree(dests) if dests is not None else {}
        key = bytes(dest) if isinstance(dest, pikepdf.String) else str(dest)[1:].encode()
        dest = names.get(key)
    if isinstance(dest, Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, Array) and len(dest) and isinstance(dest[0], Dictionary):
        for i, page in enumerate(pdf.pages):
            if page.obj.objgen == dest[0].objgen:
                return i
    return None


def set_number(root: pikepdf.Dictionary, key: int, value) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                if int(nums[i]) == key:
                    nums[i + 1] = value
                    return
        stack.extend(node.get("/Kids", []))


__all__ = ["dest_page", "elements", "is_element", "kids", "labels", "name_tree", "number_tree",
           "parent_tree", "reachable", "set_number"]
