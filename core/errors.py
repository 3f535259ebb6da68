"""The one error type members may see."""

from __future__ import annotations


class UserError(Exception):
    """Bad input, not found or not allowed: carries a friendly message and a working example."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example
