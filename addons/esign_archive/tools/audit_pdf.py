"""A plain PDF export of a request's audit trail, drawn with reportlab.

Filing draws one for every document, so it is kept cheap: one text object
per page rather than one per line, and uncompressed page streams (a few
kilobytes of text, where compressing and ASCII-encoding cost more than the
bytes they save).
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

MARGIN = 18 * mm
LINE_HEIGHT = 12
MAX_LINE_CHARS = 110
TITLE_FONT = ("Helvetica-Bold", 13)
BODY_FONT = ("Helvetica", 8.5)


def render(title, header_lines, lines):
    """Return PDF bytes: ``title``, a few header lines, then one line per entry.

    Long lines are wrapped; pages are added as needed.
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setTitle(title)
    _width, height = A4
    per_page = int((height - 2 * MARGIN - 2 * LINE_HEIGHT) // LINE_HEIGHT) + 1
    pieces = [piece for line in [*header_lines, "", *lines] for piece in _wrap(line)]
    for start in range(0, len(pieces), per_page):
        _draw_page(pdf, title, height, pieces[start:start + per_page])
    if not pieces:
        _draw_page(pdf, title, height, [])
    pdf.save()
    return buffer.getvalue()


def _draw_page(pdf, title, height, pieces):
    pdf.setFont(*TITLE_FONT)
    pdf.drawString(MARGIN, height - MARGIN, title[:90])
    text = pdf.beginText(MARGIN, height - MARGIN - 2 * LINE_HEIGHT)
    text.setFont(*BODY_FONT, leading=LINE_HEIGHT)
    for piece in pieces:
        text.textLine(piece)
    pdf.drawText(text)
    pdf.showPage()


def _wrap(line):
    line = str(line)
    if not line.isprintable():
        line = "".join(c if c.isprintable() else " " for c in line)
    if not line:
        return [""]
    return [line[i:i + MAX_LINE_CHARS] for i in range(0, len(line), MAX_LINE_CHARS)]
