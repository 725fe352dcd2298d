"""What a seal shows: field values, footers and the receipt pages.

This module holds the plan's pieces (labels, stamps, receipt lines), the
receipt's layout, and the Unicode drawing path: everything drawn with
reportlab and an embedded DejaVu font (characters it lacks, such as
Chinese, in a fallback font: fonts.py) into ONE overlay document (one page
per original page, sized as the reader sees it, then the receipt pages), so
fonts and images are embedded once. The fast path for text the standard PDF
fonts can show is overlay.py. All text is drawn as text: nothing is markup.
"""

import dataclasses
import io
import os

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import qr
from .errors import _lt
from .fonts import draw_text, text_width
from .geometry import field_rect

FONT = "EsignSans"
FONT_BOLD = "EsignSans-Bold"
_FONT_FILES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]
GREY = Color(0.35, 0.35, 0.35)
FOOTER_SIZE = 7
MARGIN = 48


@dataclasses.dataclass(frozen=True)
class ReceiptLabels:
    title: str = _lt("Signing receipt")
    document: str = _lt("Document")
    fingerprint: str = _lt("Fingerprint")
    sealed_by: str = _lt("Sealed by")
    signers: str = _lt("Signers")
    role: str = _lt("Role")
    contact: str = _lt("Contact")
    authentication: str = _lt("Authentication")
    signed_on: str = _lt("Signed on")
    ip_address: str = _lt("IP address")
    audit_trail: str = _lt("Audit trail")
    verify: str = _lt("Verify this document")
    verify_hint: str = _lt("Scan the code or open the address below, or upload the PDF there.")
    page_of: str = _lt("Page %(page)s of %(total)s")
    footer: str = _lt("Fingerprint %(fingerprint)s")
    level: str = _lt("Signature level")
    receipt_page_of: str = _lt("Receipt page %(page)s of %(total)s")
    adoption: str = _lt("Signature adopted")
    signature: str = _lt("Signature")
    signed_local: str = _lt("Signed (signer's time)")
    signed_utc: str = _lt("Signed (UTC)")
    certificate: str = _lt("Sealing certificate")
    certificate_subject: str = _lt("Issued to")
    certificate_issuer: str = _lt("Issued by")
    certificate_validity: str = _lt("Valid")
    audit_more: str = _lt("... %(count)s more entries: the full trail is kept with the request")


@dataclasses.dataclass(frozen=True)
class FieldStamp:
    page: int
    pos_x: float
    pos_y: float
    width: float
    height: float
    kind: str
    text: str = ""
    image: bytes = b""


@dataclasses.dataclass(frozen=True)
class ReceiptSigner:
    name: str
    role: str
    contact: str
    authentication: str
    signed_at: str  # UTC
    ip: str
    # How the signature was adopted (drawn, typed, uploaded), in words.
    adoption: str = ""
    # The signing time in the signer's time zone, with the zone's name.
    signed_local: str = ""
    # The signature image (PNG), drawn in the signer's row of the receipt.
    signature: bytes = b""


def register_fonts():
    """DejaVu (Debian's fonts-dejavu-core) for Unicode, else reportlab's Vera."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    available = [(r, b) for r, b in _FONT_FILES if os.path.exists(r) and os.path.exists(b)]
    regular, bold = available[0] if available else ("Vera.ttf", "VeraBd.ttf")
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))


class UnicodeLines:
    """Lines of any text wrapped, measured and drawn in the receipt's embedded
    fonts, for other PDFs drawn with reportlab (the archive's audit trail).
    The fonts are loaded the first time a line needs them."""

    @staticmethod
    def font(bold=False):
        register_fonts()
        return FONT_BOLD if bold else FONT

    def wrap(self, text, size, width, bold=False):
        return wrap(text, self.font(bold), size, width)

    def draw(self, pdf, x, y, text, size, bold=False):
        draw_text(pdf, x, y, text, self.font(bold), size)


def draw_overlay(pages, plan):
    """The overlay PDF and how many receipt pages it ends with."""
    register_fonts()
    layout = receipt_pages(plan)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=1)
    pdf.setAuthor(plan.company_name or "")
    images = {}
    stamps_by_page = {}
    for stamp in plan.stamps:
        stamps_by_page.setdefault(stamp.page, []).append(stamp)
    for number, page in enumerate(pages, start=1):
        pdf.setPageSize((page.width, page.height))
        for stamp in stamps_by_page.get(number, ()):
            _draw_stamp(pdf, page, stamp, images)
        _draw_footer(pdf, page.width, plan, number, len(pages))
        pdf.showPage()
    _draw_receipt(pdf, plan, layout, images)
    pdf.save()
    return buffer.getvalue(), len(layout)


def _draw_stamp(pdf, page, stamp, images):
    x, y, w, h = field_rect(page, stamp.pos_x, stamp.pos_y, stamp.width, stamp.height)
    if stamp.kind == "image" and stamp.image:
        reader = images.setdefault(stamp.image, ImageReader(io.BytesIO(stamp.image)))
        pdf.drawImage(reader, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
    elif stamp.kind == "check":
        if stamp.text:
            _draw_check(pdf, x, y, w, h)
    elif stamp.text:
        _fit_text(pdf, stamp.text, x, y, w, h)


def _draw_check(pdf, x, y, w, h):
    size = min(w, h)
    left, bottom = x + (w - size) / 2, y + (h - size) / 2
    pdf.saveState()
    pdf.setLineWidth(max(size / 8, 0.8))
    pdf.setStrokeColor(black)
    path = pdf.beginPath()
    path.moveTo(left + size * 0.15, bottom + size * 0.5)
    path.lineTo(left + size * 0.4, bottom + size * 0.2)
    path.lineTo(left + size * 0.88, bottom + size * 0.85)
    pdf.drawPath(path, stroke=1, fill=0)
    pdf.restoreState()


def _fit_text(pdf, text, x, y, w, h):
    size = max(min(h * 0.75, 14), 4)
    while size > 4 and text_width(text, FONT, size) > w:
        size -= 0.5
    pdf.setFillColor(black)
    while text and text_width(text, FONT, size) > w:
        text = text[:-1]
    draw_text(pdf, x, y + (h - size) / 2 + size * 0.2, text, FONT, size)


def footer_text(plan, number, total, receipt=False):
    """The footer line: original pages are numbered among themselves
    ("Page 2 of 2"), receipt pages on their own ("Receipt page 1 of 1")."""
    labels = plan.labels
    numbering = labels.receipt_page_of if receipt else labels.page_of
    return "   ·   ".join([
        labels.footer % {"fingerprint": plan.fingerprint},
        numbering % {"page": number, "total": total},
    ])


def _draw_footer(pdf, width, plan, number, total, receipt=False):
    text = footer_text(plan, number, total, receipt)
    length = text_width(text, FONT, FOOTER_SIZE)
    pdf.saveState()
    pdf.setFillColor(white)
    pdf.rect((width - length) / 2 - 4, 4, length + 8, FOOTER_SIZE + 5, stroke=0, fill=1)
    pdf.setFillColor(GREY)
    draw_text(pdf, (width - length) / 2, 7, text, FONT, FOOTER_SIZE)
    pdf.restoreState()


STYLES = {  # style: (font, size, leading)
    "title": (FONT_BOLD, 18, 26), "heading": (FONT_BOLD, 12, 20), "bold": (FONT_BOLD, 10, 14),
    "label": (FONT, 8.5, 12), "text": (FONT, 9.5, 12), "big": (FONT_BOLD, 13, 17),
    "url": (FONT_BOLD, 9, 12), "audit": (FONT, 8, 10.5), "gap": (FONT, 6, 8),
}
GREY_STYLES = ("label", "audit")
QR_SIZE = 96
LABEL_WIDTH = 118
SIGNATURE_BOX = (150, 56)
# A long trail is summarised: its first and last entries, and how many between.
AUDIT_HEAD, AUDIT_TAIL = 25, 15


def receipt_pages(plan, styles=None):
    """The receipt laid out on A4 pages: for each page a list of drawing
    operations in PDF points from the bottom left, the same for both
    drawers (overlay.py with the standard fonts, this module with DejaVu):

    * ``("text", style, x, y, text)``: one line, ``y`` its baseline;
    * ``("image", key, x, y, width, height)``: ``"qr"`` or ``("signature", i)``
      (the i-th signer's image, fitted in the box);
    * ``("line", x1, y1, x2, y2)``: a thin grey rule.

    ``styles`` maps a style to (font, size, leading); the fonts decide how
    lines wrap (this module's STYLES, or overlay.STYLES).
    """
    styles = styles or STYLES
    if styles is STYLES:
        register_fonts()
    pages, current, top = [], [], A4[1] - MARGIN
    bottom = MARGIN + 24
    for height, ops in _receipt_blocks(plan, styles):
        if top - height < bottom and current:
            pages.append(current)
            current, top = [], A4[1] - MARGIN
        current.extend(_moved(op, top) for op in ops)
        top -= height
    pages.append(current)
    return pages


def _moved(op, top):
    """A block's operation (y measured down from the block's top) on the page."""
    if op[0] == "text":
        return op[:3] + (top - op[3],) + op[4:]
    if op[0] == "image":
        return op[:3] + (top - op[3] - op[5],) + op[4:]
    return ("line", op[1], top - op[2], op[3], top - op[4])


def wrap(text, font, size, width):
    """Lines of ``text`` at most ``width`` wide: at spaces where possible,
    inside a word (an address, a name without spaces, Chinese) where it must.
    Lines are measured as they are drawn (fonts.runs)."""
    lines = []
    for paragraph in (text or "").split("\n"):
        line = ""
        for word in paragraph.split():
            if line and text_width(f"{line} {word}", font, size) > width:
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
            while text_width(line, font, size) > width and len(line) > 1:
                cut = 1
                while text_width(line[:cut + 1], font, size) <= width:
                    cut += 1
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
    return lines or [""]


def _text_block(styles, style, text, x=MARGIN, width=None):
    font, size, leading = styles[style]
    ops, y = [], 0
    for line in wrap(text, font, size, width or CONTENT_WIDTH):
        y += leading
        ops.append(("text", style, x, y - (leading - size), line))
    return y, ops


def _rows_block(styles, rows, value_width):
    """Label / value rows of a table, values wrapped in their column."""
    ops, y = [], 0
    for label, value, style in rows:
        value_height, value_ops = _text_block(styles, style, value, MARGIN + LABEL_WIDTH,
                                              value_width)
        label_height, label_ops = _text_block(styles, "label", label, MARGIN, LABEL_WIDTH - 8)
        # Label and value share their first baseline.
        lift = styles[style][1] - styles["label"][1]
        ops += [_shifted(op, y + lift) for op in label_ops] + [_shifted(op, y) for op in value_ops]
        y += max(value_height, label_height) + 2
    return y, ops


def _shifted(op, dy):
    if op[0] == "text":
        return op[:3] + (op[3] + dy,) + op[4:]
    if op[0] == "image":
        return op[:3] + (op[3] + dy,) + op[4:]
    return ("line", op[1], op[2] + dy, op[3], op[4] + dy)


CONTENT_WIDTH = A4[0] - 2 * MARGIN


def _receipt_blocks(plan, styles):
    """The receipt as blocks (height, operations), each kept on one page."""
    labels = plan.labels
    yield _text_block(styles, "title", labels.title)
    rows = [(labels.document, plan.document_name, "text"),
            (labels.fingerprint, plan.fingerprint, "big")]
    if plan.company_name:
        rows.append((labels.sealed_by, plan.company_name, "text"))
    if plan.level:
        rows.append((labels.level, plan.level, "text"))
    yield _rows_block(styles, rows, CONTENT_WIDTH - LABEL_WIDTH)
    yield from _certificate_blocks(plan, styles)
    yield _verify_block(plan, styles)
    yield _text_block(styles, "heading", labels.signers)
    for index, signer in enumerate(plan.signers):
        yield _signer_block(plan, styles, index, signer)
    yield _text_block(styles, "heading", labels.audit_trail)
    for line in _audit_lines(plan):
        yield _text_block(styles, "audit", line)


def _certificate_blocks(plan, styles):
    labels = plan.labels
    rows = [(labels.certificate_subject, plan.certificate_subject, "text"),
            (labels.certificate_issuer, plan.certificate_issuer, "text"),
            (labels.certificate_validity, plan.certificate_validity, "text")]
    rows = [row for row in rows if row[1]]
    if plan.self_signed_notice:
        rows.append(("", plan.self_signed_notice, "label"))
    if not rows:
        return
    yield 4, []
    yield _text_block(styles, "bold", labels.certificate)
    yield _rows_block(styles, rows, CONTENT_WIDTH - LABEL_WIDTH)


def _verify_block(plan, styles):
    """The QR code, and beside it what it is and the address on its own line."""
    labels = plan.labels
    x = MARGIN + QR_SIZE + 14
    width = CONTENT_WIDTH - QR_SIZE - 14
    ops, y = [("image", "qr", MARGIN, 10, QR_SIZE, QR_SIZE)], 14
    for style, text in (("bold", labels.verify), ("label", labels.verify_hint),
                        ("url", plan.verify_url)):
        height, block = _text_block(styles, style, text, x, width)
        ops += [_shifted(op, y) for op in block]
        y += height + 4
    return max(y, QR_SIZE + 10) + 14, ops


def _signer_block(plan, styles, index, signer):
    """One signer as a framed table: the rows, the signature image at the right."""
    labels = plan.labels
    box_w, box_h = SIGNATURE_BOX
    value_width = CONTENT_WIDTH - LABEL_WIDTH - box_w - 12
    rows = [(labels.role, signer.role, "text"),
            (labels.contact, signer.contact, "text"),
            (labels.authentication, signer.authentication, "text"),
            (labels.adoption, signer.adoption, "text"),
            (labels.signed_local, signer.signed_local, "text"),
            (labels.signed_utc, signer.signed_at, "text"),
            (labels.ip_address, signer.ip, "text")]
    name_height, name_ops = _text_block(styles, "bold", signer.name, MARGIN,
                                        CONTENT_WIDTH - box_w - 12)
    rows_height, rows_ops = _rows_block(styles, [row for row in rows if row[1]], value_width)
    right = MARGIN + CONTENT_WIDTH
    ops = [("line", MARGIN, 0, right, 0)]
    ops += [_shifted(op, 6) for op in name_ops]
    ops += [_shifted(op, 8 + name_height) for op in rows_ops]
    if signer.signature:
        _h, caption = _text_block(styles, "label", labels.signature, right - box_w, box_w)
        ops += [_shifted(op, 6) for op in caption]
        ops.append(("image", ("signature", index), right - box_w, 22, box_w, box_h))
        ops.append(("line", right - box_w, 22 + box_h, right, 22 + box_h))
    height = max(8 + name_height + rows_height, 22 + box_h + 4) + 6
    ops.append(("line", MARGIN, height, right, height))
    return height + 10, ops


def _audit_lines(plan):
    lines = list(plan.audit_summary)
    if len(lines) <= AUDIT_HEAD + AUDIT_TAIL + 1:
        return lines
    hidden = len(lines) - AUDIT_HEAD - AUDIT_TAIL
    return (lines[:AUDIT_HEAD] + [plan.labels.audit_more % {"count": hidden}]
            + lines[-AUDIT_TAIL:])


def dn_words(name):
    """An RFC 4514 name as a reader says it: ``CN=ACME,O=ACME SA,C=BE`` ->
    ``ACME, ACME SA, BE`` (values in the certificate's order, most specific first)."""
    parts, current, escaped = [], "", False
    for char in name or "":
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char in ",+":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    values = [part.split("=", 1)[1].strip() for part in parts if "=" in part]
    return ", ".join(value for value in values if value)


def _draw_receipt(pdf, plan, layout, images):
    qr_image = ImageReader(io.BytesIO(qr.qr_png(plan.verify_url)))
    for index, operations in enumerate(layout):
        pdf.setPageSize(A4)
        for op in operations:
            if op[0] == "text":
                _kind, style, x, y, text = op
                font, size, _leading = STYLES[style]
                pdf.setFillColor(GREY if style in GREY_STYLES else black)
                draw_text(pdf, x, y, text, font, size)
            elif op[0] == "image":
                _kind, key, x, y, w, h = op
                if key == "qr":
                    reader = qr_image
                else:
                    data = plan.signers[key[1]].signature
                    reader = images.setdefault(data, ImageReader(io.BytesIO(data)))
                pdf.drawImage(reader, x, y, w, h, preserveAspectRatio=True, anchor="c",
                              mask="auto")
            else:
                pdf.saveState()
                pdf.setStrokeColor(Color(0.75, 0.75, 0.75))
                pdf.setLineWidth(0.5)
                pdf.line(*op[1:])
                pdf.restoreState()
        _draw_footer(pdf, A4[0], plan, index + 1, len(layout), receipt=True)
        pdf.showPage()
