"""The drawing side of a seal, written straight as PDF content streams.

Field values, the footer of every page and the receipt pages become plain
content-stream operators in "reader space" (see geometry.py), with two
standard fonts (Helvetica, Helvetica-Bold: nothing to embed) and each image
(signatures, the QR code) described once. No PDF library is involved: the
result is bytes and image descriptions that sealing.py places in the
document. This is about a hundred times cheaper per page than drawing an
overlay with reportlab and importing it (see docs/PERFORMANCE.md).

The standard fonts only cover Windows-1252 (Western European letters). When
any text of the seal falls outside it, :func:`draw` returns ``None`` and the
caller draws with reportlab and an embedded Unicode font instead
(receipt.draw_overlay).
"""

import dataclasses
import io
import zlib

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import qr
from .geometry import field_rect
from .receipt import FOOTER_SIZE, GREY_STYLES, footer_text, receipt_pages

ENCODING = "cp1252"
# Resource names chosen not to meet the page's own (the footer is drawn
# straight into each page's content, with the page's resources).
FONTS = {"/ESignF1": "Helvetica", "/ESignF2": "Helvetica-Bold"}
_FONT_KEY = {name: key for key, name in FONTS.items()}
STYLES = {  # style: (font, size, leading), as receipt.STYLES with the standard fonts
    "title": ("Helvetica-Bold", 18, 26), "heading": ("Helvetica-Bold", 12, 20),
    "bold": ("Helvetica-Bold", 10, 14), "label": ("Helvetica", 8.5, 12),
    "text": ("Helvetica", 9.5, 12), "big": ("Helvetica-Bold", 13, 17),
    "url": ("Helvetica-Bold", 9, 12), "audit": ("Helvetica", 8, 10.5),
    "gap": ("Helvetica", 6, 8),
}
GREY = (0.35, 0.35, 0.35)
BLACK = (0, 0, 0)


@dataclasses.dataclass(frozen=True)
class ImageData:
    """An image XObject: Flate-compressed samples and an optional soft mask."""

    width: int
    height: int
    colorspace: str
    bits: int
    data: bytes
    smask: "ImageData | None" = None
    interpolate: bool = True


@dataclasses.dataclass(frozen=True)
class Drawing:
    """Content streams (reader space) and the images they name
    (``/ESignIm0``...); ``page_images`` tells which pages draw images."""

    page_streams: tuple
    receipt_streams: tuple
    page_images: tuple
    receipt_size: tuple
    images: dict
    fonts: dict = dataclasses.field(default_factory=lambda: dict(FONTS))


def encodable(plan):
    """Whether every text of ``plan`` can be drawn with the standard fonts."""
    texts = [plan.fingerprint, plan.document_name, plan.company_name, plan.self_signed_notice,
             plan.verify_url, plan.level, plan.certificate_subject, plan.certificate_issuer,
             plan.certificate_validity, *plan.audit_summary]
    texts += [value for value in dataclasses.astuple(plan.labels)]
    texts += [stamp.text for stamp in plan.stamps if stamp.kind == "text"]
    texts += [value for signer in plan.signers for value in dataclasses.astuple(signer)
              if isinstance(value, str)]
    try:
        for text in texts:
            (text or "").encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def draw(pages, plan):
    """The :class:`Drawing` for ``pages`` (PageGeometry) and ``plan``, or None."""
    if not encodable(plan):
        return None
    images = _Images()
    stamps_by_page = {}
    for stamp in plan.stamps:
        stamps_by_page.setdefault(stamp.page, []).append(stamp)
    streams, with_images = [], []
    for number, page in enumerate(pages, start=1):
        out = _Content()
        stamps = stamps_by_page.get(number, ())
        for stamp in stamps:
            _draw_stamp(out, page, stamp, images)
        _draw_footer(out, page.width, plan, number, len(pages))
        streams.append(out.bytes())
        with_images.append(any(stamp.kind == "image" and stamp.image for stamp in stamps))
    layout = receipt_pages(plan, STYLES)
    receipts = []
    qr_name = images.add_qr(plan.verify_url)
    for index, operations in enumerate(layout):
        out = _Content()
        _draw_receipt_page(out, plan, operations, images, qr_name)
        _draw_footer(out, A4[0], plan, index + 1, len(layout), receipt=True)
        receipts.append(out.bytes())
    return Drawing(page_streams=tuple(streams), receipt_streams=tuple(receipts),
                   page_images=tuple(with_images), receipt_size=tuple(A4), images=images.by_name)


class _Content:
    """A content stream under construction."""

    def __init__(self):
        self.parts = []

    def op(self, text):
        self.parts.append(text)

    def text(self, font, size, x, y, text, colour=BLACK):
        self.parts.append(f"BT {_FONT_KEY[font]} {_n(size)} Tf {_rgb(colour)} rg "
                          f"{_n(x)} {_n(y)} Td ({_escape(text)}) Tj ET")

    def bytes(self):
        return "\n".join(self.parts).encode("latin-1") + b"\n"


class _Images:
    def __init__(self):
        self.by_name = {}
        self._by_source = {}

    def add_png(self, data):
        name = self._by_source.get(data)
        if name is None:
            name = self._by_source[data] = self._name(_image_from_bytes(data))
        return name

    def add_qr(self, url):
        return self._name(_qr_image(url))

    def _name(self, image):
        name = f"/ESignIm{len(self.by_name)}"
        self.by_name[name] = image
        return name


def _draw_stamp(out, page, stamp, images):
    x, y, w, h = field_rect(page, stamp.pos_x, stamp.pos_y, stamp.width, stamp.height)
    if stamp.kind == "image" and stamp.image:
        name = images.add_png(stamp.image)
        image = images.by_name[name]
        scale = min(w / image.width, h / image.height)
        iw, ih = image.width * scale, image.height * scale
        out.op(f"q {_n(iw)} 0 0 {_n(ih)} {_n(x + (w - iw) / 2)} {_n(y + (h - ih) / 2)} cm "
               f"{name} Do Q")
    elif stamp.kind == "check":
        if stamp.text:
            _draw_check(out, x, y, w, h)
    elif stamp.text:
        _fit_text(out, stamp.text, x, y, w, h)


def _draw_check(out, x, y, w, h):
    size = min(w, h)
    left, bottom = x + (w - size) / 2, y + (h - size) / 2
    points = [(0.15, 0.5), (0.4, 0.2), (0.88, 0.85)]
    path = " ".join(f"{_n(left + size * px)} {_n(bottom + size * py)} {op}"
                    for (px, py), op in zip(points, ("m", "l", "l")))
    out.op(f"q {_n(max(size / 8, 0.8))} w 0 0 0 RG {path} S Q")


def _fit_text(out, text, x, y, w, h):
    font = "Helvetica"
    size = max(min(h * 0.75, 14), 4)
    while size > 4 and stringWidth(text, font, size) > w:
        size -= 0.5
    while text and stringWidth(text, font, size) > w:
        text = text[:-1]
    out.text(font, size, x, y + (h - size) / 2 + size * 0.2, text)


def _draw_footer(out, width, plan, number, total, receipt=False):
    text = footer_text(plan, number, total, receipt)
    text_width = stringWidth(text, "Helvetica", FOOTER_SIZE)
    left = (width - text_width) / 2
    out.op(f"q 1 1 1 rg {_n(left - 4)} 4 {_n(text_width + 8)} {_n(FOOTER_SIZE + 5)} re f Q")
    out.text("Helvetica", FOOTER_SIZE, left, 7, text, GREY)


def _draw_receipt_page(out, plan, operations, images, qr_name):
    """One receipt page from receipt.receipt_pages' operations."""
    for op in operations:
        if op[0] == "text":
            _kind, style, x, y, text = op
            if text:
                font, size, _leading = STYLES[style]
                out.text(font, size, x, y, text, GREY if style in GREY_STYLES else BLACK)
        elif op[0] == "image":
            _kind, key, x, y, w, h = op
            name = qr_name if key == "qr" else images.add_png(plan.signers[key[1]].signature)
            image = images.by_name[name]
            scale = min(w / image.width, h / image.height)
            iw, ih = image.width * scale, image.height * scale
            out.op(f"q {_n(iw)} 0 0 {_n(ih)} {_n(x + (w - iw) / 2)} {_n(y + (h - ih) / 2)} cm "
                   f"{name} Do Q")
        else:
            x1, y1, x2, y2 = op[1:]
            out.op(f"q 0.75 0.75 0.75 RG 0.5 w {_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l S Q")


def _image_from_bytes(data):
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        rgba = image.convert("RGBA") if has_alpha else image.convert("RGB")
    if not has_alpha:
        return ImageData(rgba.width, rgba.height, "/DeviceRGB", 8,
                         zlib.compress(rgba.tobytes(), 6))
    alpha = rgba.getchannel("A")
    mask = ImageData(rgba.width, rgba.height, "/DeviceGray", 8, zlib.compress(alpha.tobytes(), 6))
    return ImageData(rgba.width, rgba.height, "/DeviceRGB", 8,
                     zlib.compress(rgba.convert("RGB").tobytes(), 6), smask=mask)


def _qr_image(url):
    """The QR code as a 1-bit image, one sample per module, quiet zone included."""
    matrix = qr.qr_matrix(url)
    size = len(matrix)
    rows = []
    for row in matrix:
        bits = "".join("0" if dark else "1" for dark in row).ljust((size + 7) // 8 * 8, "1")
        rows.append(int(bits, 2).to_bytes(len(bits) // 8, "big"))
    return ImageData(size, size, "/DeviceGray", 1, zlib.compress(b"".join(rows), 6),
                     interpolate=False)


def _escape(text):
    raw = text.encode(ENCODING, "replace").decode("latin-1")
    return (raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            .replace("\r", "\\r").replace("\n", "\\n"))


def _rgb(colour):
    return " ".join(_n(value) for value in colour)


def _n(value):
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
