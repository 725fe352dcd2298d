"""Company seals: a classic round seal drawn from text, and uploads checked.

A round seal is drawn with Pillow on a transparent canvas: a double rim,
the company name set along the upper arc (characters rotated one by one),
an optional five-pointed star in the middle and the registration number
along the bottom. At the default 42 mm and 600 dpi it is about 990 pixels
wide, enough to print crisply.
"""

import base64
import io
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import images
from .errors import ImageRejected, _lt

MM_PER_INCH = 25.4
MIN_DPI = 600
# Uploaded seals: a PNG with transparency, of a sane size.
SEAL_MAX_BYTES = 4_000_000
SEAL_MAX_PIXELS = 16_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


@dataclass(frozen=True)
class SealDesign:
    """What a round seal shows and how large it is printed."""

    rim_text: str
    registry_number: str = ""
    star: bool = True
    diameter_mm: float = 42.0
    dpi: int = MIN_DPI
    color: tuple = (200, 16, 46)


def render_round_seal(design):
    """PNG bytes (RGBA, transparent background) of the seal ``design`` describes."""
    if design.dpi < MIN_DPI:
        raise ValueError("a seal is rendered at 600 dpi or more")
    size = round(design.diameter_mm / MM_PER_INCH * design.dpi)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    color = (*design.color, 255)
    centre = size / 2
    _draw_rims(draw, centre, size, color)
    text = " ".join(design.rim_text.split()).upper()
    if text:
        _draw_arc_text(image, text, centre, size * 0.36, color, top=True)
    if design.registry_number:
        _draw_arc_text(image, " ".join(design.registry_number.split()), centre, size * 0.40,
                       color, top=False, scale=0.7)
    if design.star:
        _draw_star(draw, centre, size * 0.16, color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(design.dpi, design.dpi))
    return buffer.getvalue()


def check_uploaded_seal(data):
    """Clean PNG bytes of an uploaded seal, or :class:`ImageRejected`.

    Only PNG is accepted (a seal needs its transparent background); the
    size is checked before decoding, the pixel count from the header, and
    the picture must not be blank.
    """
    if not data or len(data) > SEAL_MAX_BYTES:
        raise ImageRejected("image_too_big", _lt("The seal image is empty or too large."))
    if not data.startswith(PNG_MAGIC):
        raise ImageRejected("image_type", _lt("A seal must be a PNG image."))
    data_url = "data:image/png;base64," + base64.b64encode(data).decode()
    return images.decode_signature_image(data_url, max_bytes=SEAL_MAX_BYTES,
                                         max_pixels=SEAL_MAX_PIXELS)


def has_transparency(data):
    """Whether a PNG has any pixel that is not fully opaque."""
    with Image.open(io.BytesIO(data)) as image:
        if image.mode != "RGBA":
            return False
        return image.getchannel("A").getextrema()[0] < 255


def _font(size_px):
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size_px)
    return ImageFont.load_default(size=size_px)


def _draw_rims(draw, centre, size, color):
    outer = size * 0.48
    inner = size * 0.455
    draw.ellipse([centre - outer, centre - outer, centre + outer, centre + outer],
                 outline=color, width=max(2, round(size * 0.025)))
    draw.ellipse([centre - inner * 0.62, centre - inner * 0.62, centre + inner * 0.62,
                  centre + inner * 0.62], outline=color, width=max(1, round(size * 0.006)))


def _draw_arc_text(image, text, centre, radius, color, top=True, scale=1.0):
    """Set ``text`` along a circle of ``radius``: on the upper arc reading
    clockwise, or on the lower arc reading left to right."""
    size = image.size[0]
    font = _font(max(8, round(size * 0.075 * scale)))
    widths = [font.getlength(char) for char in text]
    spacing = size * 0.006
    total = sum(widths) + spacing * (len(text) - 1)
    # At most 300 degrees of the rim for the name, 120 for the number.
    span = min(total / radius, math.radians(300 if top else 120))
    step = span / total if total else 0
    angle = -math.pi / 2 - span / 2 if top else math.pi / 2 + span / 2
    for char, width in zip(text, widths):
        half = (width / 2) * step
        middle = angle + half if top else angle - half
        _paste_char(image, char, font, color, centre, radius, middle, top)
        angle += (width + spacing) * step * (1 if top else -1)


def _paste_char(image, char, font, color, centre, radius, angle, top):
    box = font.getbbox(char)
    width, height = max(1, box[2] - box[0]), max(1, box[3] - box[1])
    side = max(width, height) * 2
    tile = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text(((side - width) / 2 - box[0], (side - height) / 2 - box[1]),
                              char, font=font, fill=color)
    turn = -math.degrees(angle) - 90 if top else -math.degrees(angle) + 90
    tile = tile.rotate(turn, resample=Image.BICUBIC)
    x = centre + radius * math.cos(angle) - side / 2
    y = centre + radius * math.sin(angle) - side / 2
    image.alpha_composite(tile, (round(x), round(y)))


def _draw_star(draw, centre, radius, color):
    points = []
    for index in range(10):
        reach = radius if index % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((centre + reach * math.cos(angle), centre + reach * math.sin(angle)))
    draw.polygon(points, fill=color)
