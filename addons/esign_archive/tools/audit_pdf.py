"""A plain PDF export of a request's audit trail, drawn with reportlab."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

MARGIN = 18 * mm
LINE_HEIGHT = 12
MAX_LINE_CHARS = 110


def render(title, header_lines, lines):
    """Return PDF bytes: ``title``, a few header lines, then one line per entry.

    Long lines are wrapped; pages are added as needed.
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    _width, height = A4
    y = _new_page(pdf, title, height)
    for line in [*header_lines, "", *lines]:
        for piece in _wrap(line):
            if y < MARGIN:
                pdf.showPage()
                y = _new_page(pdf, title, height)
            pdf.drawString(MARGIN, y, piece)
            y -= LINE_HEIGHT
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _new_page(pdf, title, height):
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(MARGIN, height - MARGIN, title[:90])
    pdf.setFont("Helvetica", 8.5)
    return height - MARGIN - 2 * LINE_HEIGHT


def _wrap(line):
    line = "".join(c if c.isprintable() else " " for c in str(line))
    if not line:
        return [""]
    return [line[i:i + MAX_LINE_CHARS] for i in range(0, len(line), MAX_LINE_CHARS)]
