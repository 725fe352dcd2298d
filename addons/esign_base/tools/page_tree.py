"""Walk a PDF's page tree once.

pyHanko's page look-up walks the tree from the root for every page, which
makes per-page work quadratic: 200 pages cost over a second. One walk that
hands out every page with its reference and inherited attributes keeps it
linear.
"""

from pyhanko.pdf_utils import generic

INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
MAX_DEPTH = 64


def iter_pages(root, fast=None):
    """Yield ``(page_ref, page_dict, inherited)`` in document order.

    ``inherited`` maps the inheritable keys the page takes from its
    ancestors (only those it does not set itself). ``fast``, a
    fast_read.FastReader, reads the simple page dictionaries faster.
    """
    stack = [(root.raw_get("/Pages"), {}, 0)]
    seen = set()
    while stack:
        ref, inherited, depth = stack.pop()
        if fast is not None:
            fast.prefetch(ref)
        node = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref
        key = (ref.idnum, ref.generation) if isinstance(ref, generic.IndirectObject) else id(node)
        if key in seen or depth > MAX_DEPTH:
            raise ValueError("page tree loops or is too deep")
        seen.add(key)
        own = {name: node.raw_get(name) for name in INHERITABLE if name in node}
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            passed = {**inherited, **own}
            kids = node["/Kids"]
            stack.extend((kid, passed, depth + 1) for kid in reversed(list(kids)))
        else:
            yield ref, node, {name: v for name, v in inherited.items() if name not in own}


def resolve(value):
    """The object behind an indirect reference, or the value itself."""
    return value.get_object() if isinstance(value, generic.IndirectObject) else value
