"""The one error type members may see."""

from __future__ import annotations


class UserError(Exception):
    """Bad input, not found or not allowed: a friendly message, a working example, and the
    field of the command it is about (so a form can show it on that field)."""

    def __init__(self, message: str, example: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example
        self.field = field
