"""QR codes as PNG images (the receipt's link to the verification page)."""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text, box_size=6, border=2):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer)
    return buffer.getvalue()
