"""The site's OpenGraph card: a PNG drawn at build time from the site's name, so link previews
show the edition's name without any image kept in the repository or fetched from elsewhere.
Pillow's own scalable font (ImageFont.load_default with a size: no system font, so every
machine draws the same pixels); 1200 x 630, the size link previews ask for; a few colours,
saved as a palette PNG (a few kilobytes)."""
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

PATH = "assets/og-card.png"       # in the built site; data/headmeta.py names it in og:image
WIDTH, HEIGHT = 1200, 630
MEDIA_TYPE = "image/png"
_MARGIN, _SIZE, _LEADING = 80, 72, 1.25
_BACKGROUND, _INK, _RULE = (33, 33, 33), (250, 250, 250), (255, 193, 7)


def _lines(draw, text, font, width):
    """Words wrapped to the width; a word wider than it stands on its own line."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


@lru_cache(maxsize=8)   # a function of the name alone: drawn once, not on every `mkdocs serve` rebuild
def card_png(site_name: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=_SIZE)
    lines = _lines(draw, site_name, font, WIDTH - 2 * _MARGIN)
    step = int(_SIZE * _LEADING)
    top = (HEIGHT - step * len(lines)) // 2
    draw.rectangle((_MARGIN, top - 40, _MARGIN + 160, top - 30), fill=_RULE)
    for i, line in enumerate(lines):
        draw.text((_MARGIN, top + i * step), line, font=font, fill=_INK)
    out = io.BytesIO()
    image.quantize(colors=16).save(out, format="PNG", optimize=True)
    return out.getvalue()


def alt_text(site_name: str) -> str:
    return f"The name of the site, “{site_name}”, in white on a dark background"
