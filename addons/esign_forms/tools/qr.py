"""QR codes of a form's public link, as PNG (screens) and SVG (print)."""

import html
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage

# A URL longer than this is not a form link; refuse rather than draw a huge code.
MAX_QR_TEXT = 2048


def _code(text, box_size, border):
    if not text or len(text) > MAX_QR_TEXT:
        raise ValueError("QR text is empty or too long")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_png(text, box_size=10, border=4):
    buffer = io.BytesIO()
    _code(text, box_size, border).make_image(fill_color="black", back_color="white").save(buffer)
    return buffer.getvalue()


def qr_svg(text, box_size=10, border=4):
    buffer = io.BytesIO()
    _code(text, box_size, border).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()


def embed_snippet(url, title, height=900):
    """The HTML a website pastes to show the form in a frame (text to copy)."""
    src, label = html.escape(url, quote=True), html.escape(title, quote=True)
    return (f'<iframe src="{src}" title="{label}" '
            f'style="width:100%;max-width:720px;height:{int(height)}px;border:0" '
            f'loading="lazy"></iframe>')
