"""What both charts share: the card, fixed fonts, wrapped labels and the PNG encoding.

Layout is computed in inches and placed at fixed positions (no layout engine, no tight
bounding box), so output is byte-identical for the same input and cheap to draw."""

from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from PIL import Image

from core.present.chart_alt import one_line

WIDTH, MIN_HEIGHT, DPI = 8.0, 6.0, 100
CARD, BORDER, INK, MUTED = "#ffffff", "#d0d7de", "#1f2328", "#57606a"
GRID, TRACK, OVERDUE = "#e6e8eb", "#eef0f2", "#C0392B"
# Okabe–Ito colours: told apart by colour-blind readers, dark enough on the white card.
HORIZONS = {"short": "#0072B2", "mid": "#E69F00", "long": "#009E73"}
OTHER_COLOR, WINS_COLOR, TEAM_GOAL_COLOR = "#999999", "#D55E00", "#009E73"
# (characters per line, lines): long text wraps onto a second line before it is cut.
TITLE_WRAP, LABEL_WRAP = (60, 2), (40, 2)
TITLE_LINE, TITLE_TOP = 0.28, 0.2  # inches per title line, space above it
HEADING: dict[str, Any] = {"color": INK, "size": 14, "weight": "bold", "parse_math": False}


@contextmanager
def fixed_style() -> Iterator[None]:
    """Draw with pinned fonts and settings, whatever the process's rcParams say."""
    # Pinned so a user's matplotlibrc or a newer default cannot change the bytes.
    with matplotlib.rc_context(
        {
            "font.family": ["DejaVu Sans"],
            "font.size": 10.0,
            "text.usetex": False,
            "text.antialiased": True,
            "text.hinting": "default",
            "axes.unicode_minus": True,
            "path.simplify": True,
        }
    ):
        yield


def card(title: str, height: float) -> tuple[Figure, float]:
    """An opaque white card with a border and a wrapped title; returns it and the inches used."""
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor=CARD, edgecolor=BORDER, linewidth=2)
    FigureCanvasAgg(fig)
    heading = wrapped(title, *TITLE_WRAP)
    fig.text(0.5, 1 - TITLE_TOP / height, heading, ha="center", va="top", **HEADING)
    return fig, title_height(title)


def title_height(title: str) -> float:
    """Inches the wrapped title takes, its top margin included."""
    return TITLE_TOP + TITLE_LINE * (wrapped(title, *TITLE_WRAP).count("\n") + 1)


def save_png(fig: Figure) -> bytes:
    """Encode a built figure as PNG: the Agg buffer as RGB (the card is opaque), no metadata."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    rgb = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), pixels).convert("RGB")
    return encode_png(rgb)


def encode_png(image: Image.Image) -> bytes:
    """An image as PNG bytes, without metadata."""
    buffer = io.BytesIO()
    # zlib level 1: a bigger file, less than half the encoding time, the same pixels.
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def wrapped(text: str, width: int, lines: int) -> str:
    """The text made drawable, wrapped onto at most `lines` lines; cut with an ellipsis after."""
    flat = drawable(text)
    parts = textwrap.wrap(flat, width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], one_line(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def drawable(text: str) -> str:
    """Keep only characters the bundled font has (emoji would be empty boxes), on one line."""
    glyphs = _font_glyphs()
    kept = (c if ord(c) in glyphs and unicodedata.category(c) != "Cf" else " " for c in text)
    return one_line("".join(kept), 10_000)


@lru_cache(maxsize=1)
def _font_glyphs() -> frozenset[int]:
    """Return the code points DejaVu Sans, matplotlib's bundled font, has glyphs for."""
    return frozenset(get_font(findfont(FontProperties(family="DejaVu Sans"))).get_charmap())


def frac(fig: Figure, inches: float) -> float:
    """A height in inches as a fraction of the figure's height."""
    return inches / float(fig.get_figheight())
