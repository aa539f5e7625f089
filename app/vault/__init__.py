"""Pure-Python access to a vault (a folder of Markdown notes): reading, resolving links, indexing."""

from app.vault.reader import NoteText, decode_note, read_note, read_problem
from app.vault.vault import Vault

__all__ = ["NoteText", "Vault", "decode_note", "read_note", "read_problem"]
