"""Repairs to latex2mathml's MathML before ziamath lays it out (element tree → same tree, in place).

- ``\\mathop{\\mathrm{softmax}}`` comes out as ``<mo><mrow><mi>s</mi>…</mrow></mo>``; ziamath draws an
  ``<mo>``'s own text only, so the name vanished and only ``(z)`` was drawn. An ``<mo>`` whose children
  are plain letters becomes ``<mo>softmax</mo>`` (with limits, as ``\\mathop`` has in display); an ``<mo>``
  holding structure becomes an ``<mrow>`` so that structure is drawn.
- ``\\operatorname{arg\\,max}`` comes out as an empty ``<mo/>`` followed by the letters; they are merged
  into one operator, ``\\,`` kept as a thin space.
- In display style a sub/superscript on an operator with limits goes under/over it (``msub`` →
  ``munder``), as ``\\operatorname*{arg\\,max}_\\theta`` shows in MathJax.
- Table rules from ``texprep.table_rules`` go on the ``mtable`` elements for ``ztable`` to draw; when the
  tables cannot be matched one to one, :func:`mark_tables` says so and the formula is an error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

LEAF = frozenset({"mi", "mn", "mo", "mtext"})
THIN_SPACE = "\u2009"
SCRIPTS = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}


def _plain_text(element: ET.Element) -> str | None:
    """The text of ``element``'s children when they are only letters, digits and spaces, else None."""
    out: list[str] = []
    for child in element:
        if child.tag == "mrow":
            inner = _plain_text(child)
            if inner is None:
                return None
            out.append(inner)
        elif child.tag in LEAF and len(child) == 0:
            out.append(child.text or "")
        elif child.tag == "mspace" and len(child) == 0:
            out.append(THIN_SPACE)
        else:
            return None
    return "".join(out)


def fix(root: ET.Element, *, display: bool) -> ET.Element:
    """Apply every repair of the module docstring to the MathML tree ``root``; returns ``root``."""
    for parent in list(root.iter()):
        children = list(parent)
        k = 0
        while k < len(children):
            child = children[k]
            if child.tag == "mo" and len(child) > 0:
                text = _plain_text(child)
                if text is not None and text.strip():
                    for sub in list(child):
                        child.remove(sub)
                    child.text = text.strip()
                    child.set("movablelimits", "true")
                    child.set("data-tn-limits", "1")
                else:
                    child.tag = "mrow"
            elif child.tag == "mo" and not (child.text or "").strip() and len(child) == 0:
                nxt = children[k + 1] if k + 1 < len(children) else None
                text = _plain_text(nxt) if nxt is not None and nxt.tag == "mrow" else None
                if nxt is not None and text:
                    child.text = text
                    parent.remove(nxt)
                    children.pop(k + 1)
            k += 1
    if display:
        for element in root.iter():
            under = SCRIPTS.get(element.tag)
            if under and len(element) and element[0].get("data-tn-limits"):
                element.tag = under
    return root


def mark_tables(root: ET.Element, rules: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> bool:
    """Put each table's rules on its ``mtable`` (document order). False when rules exist but the
    tables do not match one to one (the caller reports it rather than drop the rules silently)."""
    if not any(v or h for v, h in rules):
        return True
    tables = [e for e in root.iter() if e.tag == "mtable"]
    if len(tables) != len(rules):
        return False
    for table, (vlines, hlines) in zip(tables, rules, strict=True):
        if vlines:
            table.set("data-tn-vlines", " ".join(map(str, vlines)))
        if hlines:
            table.set("data-tn-hlines", " ".join(map(str, hlines)))
    return True
