"""The note's line structure (front matter, fenced code blocks), under the name the upper layers use.

The scanner itself lives in :mod:`app.vault.blocks` so that the vault layer (index, block saver) reads
fences exactly as the renderer does; this module keeps ``app.markup.blocks`` working for everyone else.
"""

from app.vault.blocks import (
    RE_FENCE_OPEN,
    CodeBlock,
    FrontMatter,
    closing_fence,
    code_line_mask,
    find_code_blocks,
    front_matter_end,
    indented_code_mask,
    parse_front_matter,
    stable_id,
)

__all__ = [
    "RE_FENCE_OPEN",
    "CodeBlock",
    "FrontMatter",
    "closing_fence",
    "code_line_mask",
    "find_code_blocks",
    "front_matter_end",
    "indented_code_mask",
    "parse_front_matter",
    "stable_id",
]
