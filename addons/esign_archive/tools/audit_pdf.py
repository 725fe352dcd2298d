"""A plain PDF export of a request's audit trail, drawn with reportlab.

Filing draws one for every document, so the usual case is kept cheap: the
standard Helvetica font, one text object per page rather than one per line,
and uncompressed page streams (a few kilobytes of text, where compressing
and ASCII-encoding cost more than the bytes they save).

Helvetica only knows Western European characters. A trail with any other
(a Russian or Chinese signer's name) is drawn line by line with the embedded
Unicode fonts the caller passes (esign_base's receipt fonts), so nothing is
printed as empty boxes.
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
STANDARD_ENCODING = "cp1252"  # what reportlab's standard fonts can show
TITLE_CHARS = 90


def render(title, header_lines, lines, unicode_lines=None):
    """Return PDF bytes: ``title``, a few header lines, then one line per entry.

    Long lines are wrapped; pages are added as needed. ``unicode_lines``
    (an object with ``wrap(text, size, width)`` and ``draw(pdf, x, y, text,
    size, bold=False)``) draws text the standard fonts cannot show; without
    it such characters come out as reportlab draws them (boxes).
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setTitle(title)
    texts = [title, *header_lines, *lines]
    if unicode_lines is not None and not _standard(texts):
        pieces = [piece for line in [*header_lines, "", *lines]
                  for piece in _wrap_unicode(unicode_lines, line)]
        draw_page = _unicode_page_drawer(unicode_lines)
    else:
        pieces = [piece for line in [*header_lines, "", *lines] for piece in _wrap(line)]
        draw_page = _draw_page
    _width, height = A4
    per_page = int((height - 2 * MARGIN - 2 * LINE_HEIGHT) // LINE_HEIGHT) + 1
    for start in range(0, len(pieces), per_page):
        draw_page(pdf, title, height, pieces[start:start + per_page])
    if not pieces:
        draw_page(pdf, title, height, [])
    pdf.save()
    return buffer.getvalue()


def _standard(texts):
    try:
        for text in texts:
            str(text).encode(STANDARD_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _draw_page(pdf, title, height, pieces):
    pdf.setFont(*TITLE_FONT)
    pdf.drawString(MARGIN, height - MARGIN, title[:TITLE_CHARS])
    text = pdf.beginText(MARGIN, height - MARGIN - 2 * LINE_HEIGHT)
    text.setFont(*BODY_FONT, leading=LINE_HEIGHT)
    for piece in pieces:
        text.textLine(piece)
    pdf.drawText(text)
    pdf.showPage()


def _unicode_page_drawer(unicode_lines):
    def draw_page(pdf, title, height, pieces):
        unicode_lines.draw(pdf, MARGIN, height - MARGIN, _printable(title)[:TITLE_CHARS],
                           TITLE_FONT[1], bold=True)
        y = height - MARGIN - 2 * LINE_HEIGHT
        for piece in pieces:
            unicode_lines.draw(pdf, MARGIN, y, piece, BODY_FONT[1])
            y -= LINE_HEIGHT
        pdf.showPage()
    return draw_page


def _wrap_unicode(unicode_lines, line):
    width = A4[0] - 2 * MARGIN
    return unicode_lines.wrap(_printable(line), BODY_FONT[1], width) or [""]


def _printable(line):
    line = str(line)
    if not line.isprintable():
        line = "".join(c if c.isprintable() else " " for c in line)
    return line


def _wrap(line):
    line = _printable(line)
    if not line:
        return [""]
    return [line[i:i + MAX_LINE_CHARS] for i in range(0, len(line), MAX_LINE_CHARS)]
