"""ziamath's row node without its exponential height pass (same drawing, linear time).

ziamath 0.13 lays out every ``<mrow>`` twice: first each child is built once more just to measure the
row's height "without stretchy operators" (so ``\\left(`` can stretch to it), then for real. Nested rows
repeat that at every level, so the work doubles per nesting level: the 4-row LSTM block of the
benchmark note spent 85 % of its typesetting time in that pass. The measured height is read only by a
stretchy ``<mo>`` (a fence, ``\\left|``, an arrow) somewhere in the row; when the row holds none, this
subclass skips the pass. The drawing is byte-for-byte the same (``tests/markup/test_math_kinds.py``).

Also: every node's style is derived from its parent's through ``dataclasses.asdict``, a recursive deep
copy that was ~20 % of a cold typeset. ``parse_style`` reads only the scalar fields of that copy, so
``styles.asdict`` is given a shallow equivalent (same keys and values).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ziamath import operators, styles
from ziamath.nodes.mrow import Mrow
from ziamath.nodes.nodetools import elementtext

FORMS = ("prefix", "infix", "postfix")


def _may_stretch(element: ET.Element) -> bool:
    """Whether ``element`` or anything in it is an operator ziamath could stretch vertically."""
    for el in element.iter():
        if el.tag not in ("mo", "mi"):
            continue
        text = elementtext(el)
        if el.tag == "mi" and text not in operators.names:
            continue
        if el.get("stretchy", "") == "true" or "minsize" in el.attrib or "maxsize" in el.attrib:
            return True
        if el.get("stretchy", "") == "false":
            continue
        if any(operators.get_params(text, form).get("stretchy", "false") != "false" for form in FORMS):
            return True
    return False


def _style_dict(style: styles.MathStyle) -> dict[str, Any]:
    """``dataclasses.asdict(style)`` for a MathStyle, without the recursive deep copy."""
    variant = style.mathvariant
    return {
        "mathvariant": {"style": variant.style, "italic": variant.italic, "bold": variant.bold,
                        "normal": variant.normal},
        "displaystyle": style.displaystyle, "mathcolor": style.mathcolor,
        "mathbackground": style.mathbackground, "mathsize": style.mathsize, "scriptlevel": style.scriptlevel,
    }


styles.asdict = _style_dict  # type: ignore[assignment]  # used only by styles.parse_style


class LinearMrow(Mrow, tag="mrow"):
    """``Mrow`` that measures the no-stretch height only when a stretchy operator can use it."""

    def _get_height_nostretch(self, line: list[ET.Element], **kwargs: Any) -> tuple[float, float]:
        if not any(_may_stretch(child) for child in line):
            return -9999.0, 9999.0  # what the original returns for a row with nothing to measure
        return super()._get_height_nostretch(line, **kwargs)  # type: ignore[no-any-return]
