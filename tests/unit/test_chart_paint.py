"""The team chart painted with Pillow shows what its figure holds, where the figure says."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text
from PIL import Image

from core.present.chart_base import INK, TEAM_GOAL_COLOR, WINS_COLOR, fixed_style, save_png
from core.present.chart_paint import paint_png
from core.present.chart_team import team_figure

TODAY = date(2026, 11, 23)
WEEKS = [(TODAY - timedelta(weeks=3 - i), n) for i, n in enumerate((3, 0, 12, 7))]
GOALS = [("Ship v2", 1.0), ("Pass the CKA exam", 0.5), ("Learn Rust", 0.0)]


def _figure() -> Figure:
    with fixed_style():
        return team_figure(WEEKS, GOALS, "Team activity")


def _pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def _rgb(color: str) -> tuple[int, int, int]:
    red, green, blue = to_rgb(color)
    return round(red * 255), round(green * 255), round(blue * 255)


def _centre(fig: Figure, rect: Rectangle) -> tuple[int, int]:
    (x, y), width, height = rect.get_xy(), rect.get_width(), rect.get_height()
    size = fig.get_size_inches() * fig.dpi
    return int((x + width / 2) * size[0]), int((1 - y - height / 2) * size[1])


def test_bars_and_fills_are_painted_where_the_figure_has_them() -> None:
    fig = _figure()
    image = _pixels(paint_png(fig))
    assert image.size == _pixels(save_png(_figure())).size == (800, 600)
    bars = [a for a in fig.artists if isinstance(a, Rectangle) and a.get_gid() == "win"]
    fills = [a for a in fig.artists if isinstance(a, Rectangle) and a.get_gid() == "done"]
    for rect, color in [*((b, WINS_COLOR) for b in bars), *((f, TEAM_GOAL_COLOR) for f in fills)]:
        if rect.get_width() and rect.get_height():
            assert image.getpixel(_centre(fig, rect)) == _rgb(color)
    assert len(bars) == 4 and len(fills) == 3


def test_every_label_leaves_ink_around_its_anchor() -> None:
    fig = _figure()
    image = _pixels(paint_png(fig))
    ink = _rgb(INK)
    for text in fig.texts:
        assert isinstance(text, Text)
        x, y = text.get_position()
        px, py = int(x * 800), int((1 - y) * 600)
        region = np.asarray(image.crop((px - 80, py - 20, px + 80, py + 20)), dtype=int)
        dark = int((region.sum(axis=2) < sum(ink) + 300).sum())  # ink or muted grey
        assert dark > 5, text.get_text()


def test_the_same_figure_paints_the_same_bytes() -> None:
    assert paint_png(_figure()) == paint_png(_figure())


def test_an_artist_it_cannot_paint_is_refused() -> None:
    fig = _figure()
    fig.add_artist(Circle((0.5, 0.5), 0.1))
    with pytest.raises(TypeError, match="Circle"):
        paint_png(fig)
