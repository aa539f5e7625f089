"""Vault-wide panels: the vault tree, search, quick switcher, links, tags and outline.

Owns ``panels`` (a window plugin), ``tree``, ``search``, ``switcher``, ``links``, ``tags`` and ``index`` (the
background index). May import: ``app.vault`` and ``app.ui.common``.
"""

from app.ui.vault_panels.tree import VaultTree

__all__ = ["VaultTree"]
