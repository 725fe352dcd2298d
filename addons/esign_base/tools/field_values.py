"""What a signer may put in a field, checked without the ORM.

Choices are written one per line as ``key:Label`` (a line without a colon
is its own key and label). A number is kept as the signer typed it, once it
reads as a number. An attachment comes as ``{"name", "data"}`` with the
bytes in base64, checked for size and for what the bytes really are (not
what the name says). Conditions compare the value another field of the same
signer holds with the text the sender gave.
"""

import base64
import binascii
import dataclasses
import io
import re
from decimal import Decimal, InvalidOperation

from PIL import Image

from . import pdf_inspect
from .errors import EsignError, PdfRejected, _lt

# One place for the attachment limits, shown to the signer from here too.
MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024
ATTACHMENT_TYPES = {  # mimetype: (extension, leading bytes)
    "application/pdf": (".pdf", b"%PDF-"),
    "image/png": (".png", b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": (".jpg", b"\xff\xd8\xff"),
}
MAX_IMAGE_PIXELS = 40_000_000
MAX_CHOICES = 100
MAX_NAME_LENGTH = 120
_KEY = re.compile(r"^[\w.-]{1,64}$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
TRUE_WORDS = ("1", "true", "on", "yes")


class FieldValueError(EsignError):
    """A value or a field's setup that cannot be accepted."""


@dataclasses.dataclass(frozen=True)
class Attachment:
    name: str
    mimetype: str
    data: bytes


def parse_choices(text):
    """``[(key, label), ...]`` from the sender's ``key:Label`` lines."""
    choices, seen = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        key, sep, label = line.partition(":")
        key, label = key.strip(), (label.strip() if sep else key.strip())
        if not _KEY.match(key):
            raise FieldValueError("choice_key", _lt(
                "Choice key “%(key)s” may hold only letters, digits, “_”, “-” and “.” "
                "(64 at most)."), key=key[:64])
        if key in seen:
            raise FieldValueError("choice_twice", _lt("Choice key “%(key)s” is given twice."),
                                  key=key)
        seen.add(key)
        choices.append((key, label or key))
    if len(choices) > MAX_CHOICES:
        raise FieldValueError("choices_many", _lt("A field offers %(max)s choices at most."),
                              max=MAX_CHOICES)
    return choices


def clean_number(raw):
    """The number as typed (spaces removed), or "" when empty."""
    if isinstance(raw, bool):
        raise _not_a_number()
    if raw is None:
        text = ""
    elif isinstance(raw, (int, float)):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    elif isinstance(raw, str):
        text = "".join(raw.split())
    else:
        raise _not_a_number()
    if not text:
        return ""
    if len(text) > 40 or not _NUMBER.match(text):
        raise _not_a_number()
    try:
        Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise _not_a_number() from None
    return text


def _not_a_number():
    return FieldValueError("number_invalid", _lt("Enter a number, such as 12 or 3.5."))


def clean_choice(raw, choices):
    """One key of ``choices``, or "" when nothing was chosen."""
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str) or raw not in dict(choices):
        raise FieldValueError("choice_unknown", _lt("Pick one of the offered choices."))
    return raw


def clean_choices(raw, choices):
    """A list of keys of ``choices``, in the order they are offered."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or not all(isinstance(key, str) for key in raw):
        raise FieldValueError("choice_unknown", _lt("Pick among the offered choices."))
    keys = dict(choices)
    if any(key not in keys for key in raw):
        raise FieldValueError("choice_unknown", _lt("Pick among the offered choices."))
    return [key for key, _label in choices if key in raw]


def choice_labels(value, choices):
    """Labels of a stored key or list of keys, in the choices' order."""
    keys = value if isinstance(value, list) else [value]
    return [label for key, label in choices if key in keys]


def clean_attachment(raw, max_bytes=MAX_ATTACHMENT_BYTES):
    """An :class:`Attachment` from ``{"name", "data"}``, or None when empty."""
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), str) \
            or not isinstance(raw.get("name", ""), str):
        raise FieldValueError("attachment_invalid", _lt(
            "An attachment is sent as a name and its content in base64."))
    if len(raw["data"]) > (max_bytes * 4) // 3 + 8:
        raise _too_large(max_bytes)
    try:
        data = base64.b64decode(raw["data"], validate=True)
    except (binascii.Error, ValueError):
        raise FieldValueError("attachment_invalid", _lt(
            "An attachment is sent as a name and its content in base64.")) from None
    if not data:
        return None
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    mimetype = next((kind for kind, (_ext, magic) in ATTACHMENT_TYPES.items()
                     if data.startswith(magic)), None)
    if not mimetype:
        raise FieldValueError("attachment_type", _lt("Attach a PDF, PNG or JPEG file."))
    _check_content(data, mimetype)
    return Attachment(name=_safe_name(raw.get("name"), mimetype), mimetype=mimetype, data=data)


def _too_large(max_bytes):
    return FieldValueError("attachment_too_large", _lt(
        "The attached file is larger than %(size)s MB."), size=max_bytes // (1024 * 1024))


def _check_content(data, mimetype):
    """Open the file as what it claims to be: a PDF without active content,
    an image of sane size."""
    if mimetype == "application/pdf":
        try:
            pdf_inspect.inspect_pdf(data)
        except PdfRejected as err:
            raise FieldValueError("attachment_rejected", err.message, **err.params) from None
        return
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise FieldValueError("attachment_too_large", _lt("The image is too large."))
            image.verify()
    except FieldValueError:
        raise
    except Exception:  # noqa: BLE001 - any decoder error means a broken file
        raise FieldValueError("attachment_type", _lt(
            "The attached image cannot be read.")) from None


def _safe_name(name, mimetype):
    """A plain file name: no path, no control characters, the right extension."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")[:MAX_NAME_LENGTH]
    extension = ATTACHMENT_TYPES[mimetype][0]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'attachment'}{extension}"


def condition_met(value, expected):
    """Whether a stored value (text, ``"1"`` for a ticked box, a list of
    keys) matches the condition's ``expected`` text."""
    expected = (expected or "").strip()
    if isinstance(value, list):
        return expected in value
    if value in (None, "", False):
        return expected.lower() in ("", "0", "false", "no", "off")
    if value == "1" and expected.lower() in TRUE_WORDS:
        return True
    text = str(value)
    if _NUMBER.match(text) and _NUMBER.match(expected):
        return Decimal(text.replace(",", ".")) == Decimal(expected.replace(",", "."))
    return text.strip().casefold() == expected.casefold()


def checkbox_places(place, page_width, page_height, gap=0.006, label_width=0.45):
    """Where a ticked box's mark and its label go, as fractions of the page.

    A box at least three times as wide as high holds both: the mark in a
    square on its left, the label in the rest. A small box keeps the mark,
    and the label goes beside it, on its right (on its left when the page
    ends first), at the same height.
    """
    width_pt, height_pt = place["width"] * page_width, place["height"] * page_height
    if width_pt >= 3 * height_pt:
        square = height_pt / page_width
        mark = dict(place, width=square)
        label = dict(place, pos_x=place["pos_x"] + square + gap,
                     width=max(place["width"] - square - gap, 0.001))
        return mark, label
    right = place["pos_x"] + place["width"] + gap
    room_right, room_left = 1 - right, place["pos_x"] - gap
    if room_right >= min(label_width, room_left):
        return place, dict(place, pos_x=right, width=max(min(label_width, room_right), 0.001))
    width = max(min(label_width, room_left), 0.001)
    return place, dict(place, pos_x=place["pos_x"] - gap - width, width=width)
