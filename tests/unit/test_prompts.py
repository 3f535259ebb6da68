"""The reflection prompt library and its rotation."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from core.prompts import Prompt, PromptLibrary, load_prompts

THEMES = (
    "self-assessment",
    "skills-and-gaps",
    "goals-review",
    "networking",
    "communicating-accomplishments",
    "freelance-business",
    "current-job-fit",
)

CUSTOM = """
version = 1

[[themes]]
key = "alpha"
title = "Alpha"

  [[themes.prompts]]
  key = "a1"
  text = "First alpha question?"

  [[themes.prompts]]
  key = "a2"
  text = "Second alpha question?"

[[themes]]
key = "beta"
title = "Beta"

  [[themes.prompts]]
  key = "b1"
  text = "Only beta question?"
"""


@pytest.fixture(scope="module")
def library() -> PromptLibrary:
    return load_prompts()


def simulate(library: PromptLibrary, picks: int, keep: int | None = None) -> list[Prompt]:
    """Pick `picks` prompts, feeding back the history newest first (the last `keep` only)."""
    asked: list[Prompt] = []
    for _ in range(picks):
        history = [(p.theme, p.key) for p in reversed(asked)]
        asked.append(library.pick_next(history[:keep] if keep is not None else history))
    return asked


# --- the packaged library --------------------------------------------------------------


def test_packaged_library_has_the_seven_themes_in_order(library: PromptLibrary) -> None:
    assert library.themes == THEMES
    assert set(library.theme_titles) == set(THEMES)
    assert all(title.strip() for title in library.theme_titles.values())


def test_packaged_prompt_keys_are_unique(library: PromptLibrary) -> None:
    counts = Counter(p.key for p in library.prompts)
    assert [key for key, n in counts.items() if n > 1] == []


def test_packaged_prompts_are_short_and_non_empty(library: PromptLibrary) -> None:
    too_long = [p.key for p in library.prompts if len(p.text) >= 200]
    assert too_long == []
    assert all(p.text.strip() for p in library.prompts)


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_has_six_to_eight_prompts(library: PromptLibrary, theme: str) -> None:
    assert 6 <= len(library.in_theme(theme)) <= 8


def test_get_finds_a_prompt_by_key(library: PromptLibrary) -> None:
    prompt = library.get("celebrate-a-win")
    assert prompt is not None
    assert prompt.theme == "goals-review"
    assert library.get("no-such-prompt") is None


def test_in_theme_keeps_library_order(library: PromptLibrary) -> None:
    keys = [p.key for p in library.in_theme("self-assessment")]
    assert keys[:2] == ["strength-with-example", "soft-skill-in-action"]
    assert keys[-1] == "known-for"


# --- pick_next rotation --------------------------------------------------------------


def test_first_pick_is_the_first_prompt_of_the_first_theme(library: PromptLibrary) -> None:
    assert library.pick_next([]) == library.prompts[0]


def test_first_seven_picks_cover_every_theme_in_order(library: PromptLibrary) -> None:
    assert tuple(p.theme for p in simulate(library, 7)) == THEMES


def history_limit(library: PromptLibrary, limited: bool) -> int | None:
    """journal.next_prompt reads back only as many log rows as the library has prompts."""
    return len(library.prompts) if limited else None


def no_repeat_window(library: PromptLibrary) -> int:
    """Picks before any prompt may repeat: every theme must first use up its prompts."""
    return len(library.themes) * min(len(library.in_theme(t)) for t in library.themes)


@pytest.mark.parametrize("limited", [False, True], ids=["full-history", "caller-limit"])
def test_consecutive_picks_never_share_a_theme(library: PromptLibrary, limited: bool) -> None:
    picks = simulate(library, 200 if limited else 30, history_limit(library, limited))
    assert [(a.key, b.key) for a, b in pairwise(picks) if a.theme == b.theme] == []


def test_no_prompt_repeats_in_the_first_window(library: PromptLibrary) -> None:
    window = no_repeat_window(library)  # 7 themes * 7 prompts in the smallest = 49
    assert window >= 7 * 6
    picks = simulate(library, window)
    assert len({p.key for p in picks}) == window


@pytest.mark.parametrize("limited", [False, True], ids=["full-history", "caller-limit"])
def test_no_prompt_repeats_within_a_sliding_window(library: PromptLibrary, limited: bool) -> None:
    window = no_repeat_window(library)
    keys = [p.key for p in simulate(library, 200, history_limit(library, limited))]
    repeats = [i for i, key in enumerate(keys) if key in keys[max(0, i - window + 1) : i]]
    assert repeats == []


def test_every_prompt_is_asked_once_per_theme_cycle(library: PromptLibrary) -> None:
    """Within a theme, each prompt is asked once before any is asked again."""
    picks = simulate(library, 200)
    for theme in library.themes:
        keys = [p.key for p in picks if p.theme == theme]
        size = len(library.in_theme(theme))
        for start in range(0, len(keys) - size + 1, size):
            assert len(set(keys[start : start + size])) == size, (theme, start)


def test_rotation_ignores_themes_and_keys_no_longer_in_the_library(
    library: PromptLibrary,
) -> None:
    history = [("retired-theme", "retired-key"), ("self-assessment", "strength-with-example")]
    pick = library.pick_next(history)
    assert pick.theme == "skills-and-gaps"
    assert pick.key == "new-skill-this-quarter"


def test_theme_asked_longest_ago_comes_next(library: PromptLibrary) -> None:
    history = [(t, library.in_theme(t)[0].key) for t in THEMES]  # newest first
    assert library.pick_next(history).theme == THEMES[-1]


# --- loading ---------------------------------------------------------------------------


def test_load_prompts_from_a_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "prompts.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    library = load_prompts(path)
    assert library.themes == ("alpha", "beta")
    assert library.theme_titles == {"alpha": "Alpha", "beta": "Beta"}
    assert library.prompts == (
        Prompt("a1", "alpha", "First alpha question?"),
        Prompt("a2", "alpha", "Second alpha question?"),
        Prompt("b1", "beta", "Only beta question?"),
    )
    assert [p.key for p in simulate(library, 5)] == ["a1", "b1", "a2", "b1", "a1"]


@pytest.mark.parametrize(
    "content",
    [
        "version = 1\nthemes = []\n",
        'version = 1\n[[themes]]\nkey = "empty"\ntitle = "Empty"\nprompts = []\n',
    ],
    ids=["no-themes", "theme-without-prompts"],
)
def test_empty_library_raises_value_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "prompts.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        load_prompts(path)
