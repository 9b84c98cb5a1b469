"""Errors the hall answers with when a command cannot be carried out."""

from __future__ import annotations


class HallError(Exception):
    """A command was refused; nothing changed.

    ``key`` is a stable identifier (the Home Assistant layer uses it as the translation key)
    and ``placeholders`` fill the message in any language.
    """

    def __init__(self, key: str, **placeholders: object) -> None:
        self.key = key
        self.placeholders = {name: str(value) for name, value in placeholders.items()}
        detail = ", ".join(f"{k}={v}" for k, v in self.placeholders.items())
        super().__init__(f"{key}: {detail}" if detail else key)
