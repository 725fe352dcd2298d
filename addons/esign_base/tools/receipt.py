"""What a seal shows: field values, footers and the receipt pages.

This module holds the plan's pieces (labels, stamps, receipt lines), the
receipt's layout, and the Unicode drawing path: everything drawn with
reportlab and an embedded DejaVu font into ONE overlay document (one page
per original page, sized as the reader sees it, then the receipt pages), so
fonts and images are embedded once. The fast path for text the standard PDF
fonts can show is overlay.py. All text is drawn as text: nothing is markup.
"""

import dataclasses
import io
import os

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import qr
from .errors import _lt
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
    signed_at: str
    ip: str


def register_fonts():
    """DejaVu (Debian's fonts-dejavu-core) for Unicode, else reportlab's Vera."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    available = [(r, b) for r, b in _FONT_FILES if os.path.exists(r) and os.path.exists(b)]
    regular, bold = available[0] if available else ("Vera.ttf", "VeraBd.ttf")
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))


def draw_overlay(pages, plan):
    """The overlay PDF and how many receipt pages it ends with."""
    register_fonts()
    receipt_pages = _count_receipt_pages(plan)
    total = len(pages) + receipt_pages
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
        _draw_footer(pdf, page.width, plan, number, total)
        pdf.showPage()
    _draw_receipt(pdf, plan, first_number=len(pages) + 1, total=total)
    pdf.save()
    return buffer.getvalue(), receipt_pages


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
    while size > 4 and pdfmetrics.stringWidth(text, FONT, size) > w:
        size -= 0.5
    pdf.setFont(FONT, size)
    pdf.setFillColor(black)
    while text and pdfmetrics.stringWidth(text, FONT, size) > w:
        text = text[:-1]
    pdf.drawString(x, y + (h - size) / 2 + size * 0.2, text)


def footer_text(plan, number, total):
    labels = plan.labels
    return "   ·   ".join([
        labels.footer % {"fingerprint": plan.fingerprint},
        labels.page_of % {"page": number, "total": total},
    ])


def _draw_footer(pdf, width, plan, number, total):
    text = footer_text(plan, number, total)
    text_width = pdfmetrics.stringWidth(text, FONT, FOOTER_SIZE)
    pdf.saveState()
    pdf.setFillColor(white)
    pdf.rect((width - text_width) / 2 - 4, 4, text_width + 8, FOOTER_SIZE + 5, stroke=0, fill=1)
    pdf.setFillColor(GREY)
    pdf.setFont(FONT, FOOTER_SIZE)
    pdf.drawCentredString(width / 2, 7, text)
    pdf.restoreState()


def _receipt_lines(plan):
    """The receipt as (style, text) lines, laid out top to bottom."""
    labels = plan.labels
    lines = [("title", labels.title), ("gap", ""),
             ("label", labels.document), ("text", plan.document_name),
             ("label", labels.fingerprint), ("big", plan.fingerprint)]
    if plan.company_name:
        lines += [("label", labels.sealed_by), ("text", plan.company_name)]
    if plan.self_signed_notice:
        lines += [("small", plan.self_signed_notice)]
    if getattr(plan, "level", ""):
        lines += [("label", labels.level), ("small", plan.level)]
    lines += [("gap", ""), ("heading", labels.signers)]
    for signer in plan.signers:
        lines += [("bold", signer.name),
                  ("small", f"{labels.role}: {signer.role}    {labels.contact}: {signer.contact}"),
                  ("small", f"{labels.authentication}: {signer.authentication}"),
                  ("small", f"{labels.signed_on}: {signer.signed_at}    "
                            f"{labels.ip_address}: {signer.ip}"),
                  ("gap", "")]
    lines += [("heading", labels.audit_trail)]
    lines += [("tiny", line) for line in plan.audit_summary]
    return lines


STYLES = {  # style: (font, size, leading)
    "title": (FONT_BOLD, 18, 26), "heading": (FONT_BOLD, 12, 20), "bold": (FONT_BOLD, 10, 14),
    "label": (FONT, 8, 11), "text": (FONT, 10, 14), "big": (FONT_BOLD, 16, 22),
    "small": (FONT, 8.5, 12), "tiny": (FONT, 7, 9.5), "gap": (FONT, 6, 8),
}
QR_SIZE = 110


def receipt_pages(plan, styles=None):
    """Split the receipt lines into pages; each page a list of (style, text).

    ``styles`` maps a style to (font, size, leading); the fonts decide how
    lines wrap (receipt.STYLES for reportlab, overlay.STYLES for the
    standard fonts).
    """
    styles = styles or STYLES
    width = A4[0] - 2 * MARGIN - QR_SIZE - 12
    pages, current, y = [], [], A4[1] - MARGIN
    for style, text in _receipt_lines(plan):
        font, size, leading = styles[style]
        for part in simpleSplit(text, font, size, width) or [""]:
            if y - leading < MARGIN + 24:
                pages.append(current)
                current, y = [], A4[1] - MARGIN
            current.append((style, part))
            y -= leading
    pages.append(current)
    return pages


def _count_receipt_pages(plan):
    return len(receipt_pages(plan))


def _draw_receipt(pdf, plan, first_number, total):
    qr_image = ImageReader(io.BytesIO(qr.qr_png(plan.verify_url)))
    for index, lines in enumerate(receipt_pages(plan)):
        pdf.setPageSize(A4)
        if index == 0:
            _draw_verify_box(pdf, plan, qr_image)
        y = A4[1] - MARGIN
        for style, text in lines:
            font, size, leading = STYLES[style]
            pdf.setFont(font, size)
            pdf.setFillColor(GREY if style in ("label", "tiny") else black)
            y -= leading
            pdf.drawString(MARGIN, y + (leading - size), text)
        _draw_footer(pdf, A4[0], plan, first_number + index, total)
        pdf.showPage()


def _draw_verify_box(pdf, plan, qr_image):
    left = A4[0] - MARGIN - QR_SIZE
    top = A4[1] - MARGIN
    pdf.drawImage(qr_image, left, top - QR_SIZE, QR_SIZE, QR_SIZE)
    pdf.setFont(FONT_BOLD, 8)
    pdf.setFillColor(black)
    pdf.drawString(left, top - QR_SIZE - 12, plan.labels.verify)
    pdf.setFont(FONT, 6.5)
    pdf.setFillColor(GREY)
    y = top - QR_SIZE - 22
    for part in simpleSplit(plan.labels.verify_hint, FONT, 6.5, QR_SIZE) + simpleSplit(
            plan.verify_url, FONT, 6.5, QR_SIZE):
        pdf.drawString(left, y, part)
        y -= 8
