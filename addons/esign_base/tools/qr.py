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


def qr_matrix(text, border=2):
    """The QR code's modules (rows of booleans, True is dark), quiet zone included.

    The mask pattern is fixed: any of the eight is valid, and choosing the
    "best" one costs more than everything else a receipt needs (~6 ms).
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()
