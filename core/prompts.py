"""The reflection prompt library and the rotation that picks the next prompt."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Prompt:
    """One reflection question."""

    key: str
    theme: str
    text: str


@dataclass(frozen=True)
class PromptLibrary:
    """Prompts grouped by theme, in the library's order."""

    themes: tuple[str, ...]
    theme_titles: dict[str, str]
    prompts: tuple[Prompt, ...]

    def get(self, key: str) -> Prompt | None:
        """The prompt with this key, if the library still has it."""
        return next((p for p in self.prompts if p.key == key), None)

    def in_theme(self, theme: str) -> list[Prompt]:
        """The prompts of one theme, in library order."""
        return [p for p in self.prompts if p.theme == theme]

    def pick_next(self, recent: list[tuple[str, str]]) -> Prompt:
        """Choose the next prompt given recent (theme, key) pairs, newest first.

        Themes rotate (the one asked longest ago, or never, comes next) and a prompt
        asked recently is not repeated until every prompt of its theme has had a turn.
        """
        theme = self._next_theme([t for t, _ in recent])
        candidates = self.in_theme(theme)
        asked = [k for _, k in recent]
        return min(candidates, key=lambda p: _recency_rank(p.key, asked))

    def _next_theme(self, recent_themes: list[str]) -> str:
        return min(self.themes, key=lambda t: _recency_rank(t, recent_themes))


def _recency_rank(item: str, newest_first: list[str]) -> tuple[int, int]:
    """Sort key: never seen first, then seen longest ago."""
    if item not in newest_first:
        return (0, 0)
    return (1, -newest_first.index(item))


def load_prompts(path: Path | None = None) -> PromptLibrary:
    """Load the library from `path`, or the packaged config/prompts.toml."""
    if path is None:
        raw = resources.files("config").joinpath("prompts.toml").read_bytes()
    else:
        raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    themes: list[str] = []
    titles: dict[str, str] = {}
    prompts: list[Prompt] = []
    for theme in data["themes"]:
        themes.append(theme["key"])
        titles[theme["key"]] = theme["title"]
        prompts.extend(Prompt(p["key"], theme["key"], p["text"]) for p in theme["prompts"])
    if not prompts:
        raise ValueError("the prompt library is empty")
    return PromptLibrary(tuple(themes), titles, tuple(prompts))
