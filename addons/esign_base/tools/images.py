"""Signature and stamp images from the signing page, checked and cleaned."""

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError

from .errors import ImageRejected, _lt

ACCEPTED = {"data:image/png;base64,": "PNG", "data:image/jpeg;base64,": "JPEG"}
MAX_ASPECT = 30


def decode_signature_image(data_url, max_bytes=2_000_000, max_pixels=4_000_000):
    """A clean PNG from a PNG or JPEG data URL, or :class:`ImageRejected`."""
    prefix = next((p for p in ACCEPTED if isinstance(data_url, str) and data_url.startswith(p)),
                  None)
    if not prefix:
        raise ImageRejected("image_type", _lt("Signatures must be PNG or JPEG images."))
    encoded = data_url[len(prefix):]
    if len(encoded) > max_bytes * 4 // 3 + 4:
        raise _too_big()
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ImageRejected("image_corrupt", _lt("The image could not be read.")) from None
    return _clean(raw, ACCEPTED[prefix], max_pixels)


def _clean(raw, expected_format, max_pixels):
    try:
        with Image.open(io.BytesIO(raw)) as image:
            # The header gives the size before any pixel is decoded, so a
            # decompression bomb is refused without expanding it.
            width, height = image.size
            if image.format != expected_format:
                raise ImageRejected("image_type", _lt("Signatures must be PNG or JPEG images."))
            if width * height > max_pixels:
                raise _too_big()
            if min(width, height) < 2 or max(width, height) > MAX_ASPECT * min(width, height):
                raise ImageRejected("image_shape", _lt("This image's shape is not a signature's."))
            image.load()
            converted = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ImageRejected("image_corrupt", _lt("The image could not be read.")) from None
    if _is_blank(converted):
        raise ImageRejected("image_blank", _lt("The signature is empty."))
    buffer = io.BytesIO()
    converted.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _is_blank(image):
    """Fully transparent, or a single flat colour."""
    alpha_low, alpha_high = image.getchannel("A").getextrema()
    if alpha_high == 0:
        return True
    extremes = image.convert("RGB").getextrema()
    return alpha_low == alpha_high and all(low == high for low, high in extremes)


def _too_big():
    return ImageRejected("image_too_big", _lt("The image is too large."))
