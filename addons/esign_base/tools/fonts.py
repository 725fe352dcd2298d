"""Which embedded font draws which characters of a text.

The receipt's font (DejaVu, see receipt.register_fonts) has no Chinese,
Japanese or Korean glyphs. A text is therefore cut into runs: characters
the font's own character map holds stay in it, the others go to a fallback
face, and each run is measured and drawn in its font. Per run, not per
text, because the fallback Debian ships (fonts-droid-fallback) holds CJK
and little else: not even digits or Latin letters.

The fallback is Droid Sans Fallback, else WenQuanYi Micro Hei or Zen Hei
(a face of a TrueType collection), else reportlab's STSong-Light (a CID
font readers supply: nothing embedded). It is registered the first time a
text needs it, once per process, and serves bold text too.
"""

import os
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FALLBACK = "EsignFallback"
FALLBACK_FILES = [  # (path, face in the file)
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]
CID_FALLBACK = "STSong-Light"
_LOCK = threading.Lock()
_CHARACTERS = {}  # font name -> its face's character map (None: unknown, takes everything)
_FALLBACK = []  # the registered fallback's name, once known


def runs(text, font):
    """``text`` as ``[(font name, piece), ...]``: ``font`` for what its face
    can show, the fallback for the characters it cannot (when the fallback
    can). Spaces stay in the run they follow."""
    text = text or ""
    primary = _characters(font)
    if primary is None or all(ord(char) in primary for char in text):
        return [(font, text)]
    fallback = _fallback()
    extra = _characters(fallback)
    pieces = []
    for char in text:
        name = font
        if pieces and char == " ":
            name = pieces[-1][0]
        elif ord(char) not in primary and (extra is None or ord(char) in extra):
            name = fallback
        if pieces and pieces[-1][0] == name:
            pieces[-1][1] += char
        else:
            pieces.append([name, char])
    return [tuple(piece) for piece in pieces]


def text_width(text, font, size):
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in runs(text, font))


def draw_text(pdf, x, y, text, font, size):
    """Draw ``text`` from ``x`` on the baseline ``y``, run after run."""
    for name, piece in runs(text, font):
        pdf.setFont(name, size)
        pdf.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)


def _characters(font):
    """The code points ``font``'s face has glyphs for; None for fonts without
    a character map to read (the standard PDF fonts, CID fonts)."""
    if font not in _CHARACTERS:
        face = getattr(pdfmetrics.getFont(font), "face", None)
        _CHARACTERS[font] = getattr(face, "charToGlyph", None)
    return _CHARACTERS[font]


def _fallback():
    with _LOCK:
        if not _FALLBACK:
            _FALLBACK.append(_register_fallback())
        return _FALLBACK[0]


def _register_fallback():
    for path, index in FALLBACK_FILES:
        if os.path.exists(path):
            try:
                pdfmetrics.registerFont(TTFont(FALLBACK, path, subfontIndex=index))
            except Exception:  # noqa: BLE001 - an unreadable file: try the next one
                continue
            return FALLBACK
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK
