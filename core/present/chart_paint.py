"""Paint a figure made only of rectangles, lines and text (the team chart) with Pillow.

Agg lays every text out twice and renders it glyph by glyph through matplotlib's layers;
for a card of a few dozen labels that was most of a digest's cost. The figure stays the
model (tests inspect it); this reads its artists in drawing order and paints them with
FreeType through Pillow, in matplotlib's bundled DejaVu fonts. Anything else raises."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image, ImageDraw, ImageFont

from core.present.chart_base import encode_png

RGB = tuple[int, int, int]


def paint_png(fig: Figure) -> bytes:
    """The figure as PNG bytes: its card, then each artist by z-order (as Agg draws)."""
    dpi = float(fig.dpi)
    width, height = (round(v * dpi) for v in fig.get_size_inches())
    image = Image.new("RGB", (width, height), _rgb(fig.patch.get_facecolor()))
    canvas = ImageDraw.Draw(image)
    edge = round(fig.patch.get_linewidth() * dpi / 72 / 2)  # half the card's edge is outside
    if edge:
        border = _rgb(fig.patch.get_edgecolor())
        canvas.rectangle((0, 0, width - 1, height - 1), outline=border, width=edge)
    painter = _Painter(canvas, width, height, dpi)
    for artist in sorted([*fig.artists, *fig.texts], key=lambda a: a.get_zorder()):
        painter.paint(artist)
    return encode_png(image)


class _Painter:
    """Figure fractions to pixels (y grows downwards), points to pixels at the dpi."""

    def __init__(self, canvas: ImageDraw.ImageDraw, width: int, height: int, dpi: float):
        self.canvas, self.width, self.height, self.dpi = canvas, width, height, dpi

    def paint(self, artist: Artist) -> None:
        """Paint one artist, or refuse a kind this painter does not know."""
        if not artist.get_visible():
            return
        if isinstance(artist, Rectangle):
            self._rectangle(artist)
        elif isinstance(artist, Line2D):
            self._line(artist)
        elif isinstance(artist, Text):
            self._text(artist)
        else:
            raise TypeError(f"cannot paint a {type(artist).__name__}")

    def _point(self, x: float, y: float) -> tuple[float, float]:
        return x * self.width, (1 - y) * self.height

    def _rectangle(self, rect: Rectangle) -> None:
        x, y = rect.get_xy()
        left, bottom = self._point(x, y)
        right, top = self._point(x + rect.get_width(), y + rect.get_height())
        # Matplotlib strokes a patch's edge (in its colour, here) around the fill: a bar of
        # no height or a track filled to 0% still shows, as a line a pixel wide.
        x0, y0 = round(left), round(top)
        box = (x0, y0, max(x0, round(right) - 1), max(y0, round(bottom) - 1))
        self.canvas.rectangle(box, fill=_rgb(rect.get_facecolor()))

    def _line(self, line: Line2D) -> None:
        xs = np.asarray(line.get_xdata(), float)
        ys = np.asarray(line.get_ydata(), float)
        # On whole pixels, as the rectangles: a baseline covers a bar of no height.
        points = [(round(px), round(py)) for px, py in map(self._point, xs, ys)]
        width = max(1, round(line.get_linewidth() * self.dpi / 72))
        self.canvas.line(points, fill=_rgb(line.get_color()), width=width)

    def _text(self, text: Text) -> None:
        """Lines stacked as matplotlib's "normal" spacing does: each at least the font's
        ascent and descent tall (with half its line gap each side when there are several),
        each aligned like the block."""
        if text.get_linespacing() != "normal":
            raise ValueError("only the font's own line spacing is painted")
        props = text.get_fontproperties()
        bold = props.get_weight() in ("bold", 700)
        pixels = props.get_size_in_points() * self.dpi / 72
        font = _font(bold, pixels)
        lines = text.get_text().split("\n")
        ascent, descent, gap = (v * pixels for v in _line_metrics(bold))
        half_gap = gap / 2 if len(lines) > 1 else 0.0
        boxes = []
        for line in lines:
            _, top, _, bottom = font.getbbox(line, anchor="ls") if line else (0, 0, 0, 0)
            boxes.append((max(-top, ascent) + half_gap, max(bottom, descent) + half_gap))
        block = sum(up + down for up, down in boxes)
        x, y = self._point(*text.get_position())
        shift = {"top": 0.0, "center": block / 2, "bottom": block, "baseline": boxes[0][0]}
        y -= shift[text.get_verticalalignment()]
        anchor = {"left": "ls", "center": "ms", "right": "rs"}[text.get_horizontalalignment()]
        color = _rgb(text.get_color())
        for line, (up, down) in zip(lines, boxes, strict=True):
            self.canvas.text((x, y + up), line, fill=color, font=font, anchor=anchor)
            y += up + down


@lru_cache(maxsize=2)
def _font_path(bold: bool) -> str:
    weight = "bold" if bold else "normal"
    props = FontProperties(family="DejaVu Sans", weight=weight)
    return str(findfont(props, fallback_to_default=False))


@lru_cache(maxsize=16)
def _font(bold: bool, pixels: float) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (bold or regular) at a size in pixels, loaded once."""
    return ImageFont.truetype(_font_path(bold), pixels)


@lru_cache(maxsize=2)
def _line_metrics(bold: bool) -> tuple[float, float, float]:
    """The font's typographic ascent, descent and line gap per pixel of its size (what
    matplotlib's "normal" line spacing reads)."""
    font = get_font(_font_path(bold))
    head, os2 = font.get_sfnt_table("head"), font.get_sfnt_table("OS/2")
    assert head is not None and os2 is not None  # DejaVu has both tables
    em = head["unitsPerEm"]
    return os2["sTypoAscender"] / em, -os2["sTypoDescender"] / em, os2["sTypoLineGap"] / em


def _rgb(color: object) -> RGB:
    red, green, blue, _ = to_rgba(color)  # type: ignore[arg-type]
    return round(red * 255), round(green * 255), round(blue * 255)
