"""Server-side validation of form answers, one field type at a time.

A field is described by a frozen :class:`FieldSpec`; :func:`clean_value`
turns one raw answer (a string from a browser form, or any JSON value) into
its typed Python value, or raises :class:`FieldInvalid`. :func:`clean_answers`
checks a whole submission and collects one message per field.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .errors import ChoicesInvalid, FieldInvalid, PatternInvalid

FIELD_TYPES = ("text", "textarea", "number", "date", "email", "phone", "select",
               "multiselect", "checkbox", "signature")
# Hard caps, whatever a field allows: a submission cannot grow without bound.
MAX_TEXT_LENGTH = 1000
MAX_TEXTAREA_LENGTH = 10000
MAX_CHOICE_KEY_LENGTH = 64
MAX_FIELDS_PER_FORM = 200
MAX_NUMBER = 1e15
EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
PHONE_RE = re.compile(r"\+?[0-9 ().\-/]{6,25}")
# Control characters other than tab and line breaks.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRUE_STRINGS = frozenset({"1", "true", "on", "yes"})
FALSE_STRINGS = frozenset({"", "0", "false", "off", "no"})


@dataclass(frozen=True)
class FieldSpec:
    """What one form field accepts. ``choices`` is a tuple of (key, label)."""

    name: str
    label: str
    field_type: str = "text"
    required: bool = False
    min_length: int = 0
    max_length: int = 0
    min_value: float | None = None
    max_value: float | None = None
    integer: bool = False
    pattern: str = ""
    pattern_message: str = ""
    choices: tuple = ()


def parse_choices(text):
    """Read choices written one per line as ``key:Label`` (or just ``Label``).

    Returns a tuple of ``(key, label)``; blank lines are skipped. Keys must be
    unique and short; a line without a colon uses its text as key and label.
    """
    choices, seen = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        key, sep, label = line.partition(":")
        key, label = key.strip(), (label.strip() if sep else key.strip())
        if not key or not label:
            raise ChoicesInvalid("choice_empty", "Choice “%(line)s” needs a key and a label.",
                                 line=line)
        if len(key) > MAX_CHOICE_KEY_LENGTH:
            raise ChoicesInvalid("choice_key_long", "Choice key “%(key)s” is too long.",
                                 key=key[:MAX_CHOICE_KEY_LENGTH])
        if key in seen:
            raise ChoicesInvalid("choice_duplicate", "Choice key “%(key)s” appears twice.",
                                 key=key)
        seen.add(key)
        choices.append((key, label))
    return tuple(choices)


def check_pattern(pattern):
    """Compile a field's regular expression, or raise :class:`PatternInvalid`."""
    try:
        return re.compile(pattern)
    except re.error as err:
        raise PatternInvalid("pattern_invalid", "The pattern does not compile: %(error)s",
                             error=str(err)) from None


def _invalid(spec, code, message, **params):
    return FieldInvalid(code, message, label=spec.label, **params)


def _is_empty(raw):
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw in ([], ())


def _as_text(spec, raw, multiline=False):
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise _invalid(spec, "not_text", "“%(label)s” needs text.")
    text = CONTROL_RE.sub("", str(raw)).strip()
    if not multiline:
        text = " ".join(text.split())
    cap = MAX_TEXTAREA_LENGTH if multiline else MAX_TEXT_LENGTH
    limit = min(spec.max_length, cap) if spec.max_length else cap
    if len(text) > limit:
        raise _invalid(spec, "too_long", "“%(label)s” is too long (%(max)s characters at most).",
                       max=limit)
    if spec.min_length and len(text) < spec.min_length:
        raise _invalid(spec, "too_short",
                       "“%(label)s” is too short (%(min)s characters at least).",
                       min=spec.min_length)
    if spec.pattern and not check_pattern(spec.pattern).fullmatch(text):
        message = spec.pattern_message or "“%(label)s” is not in the expected format."
        raise _invalid(spec, "pattern", message)
    return text


def _as_number(spec, raw):
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise _invalid(spec, "not_number", "“%(label)s” needs a number.")
    try:
        number = Decimal(str(raw).strip().replace(",", ".")) if isinstance(raw, str) \
            else Decimal(str(raw))
    except InvalidOperation:
        raise _invalid(spec, "not_number", "“%(label)s” needs a number.") from None
    if not number.is_finite() or abs(number) > Decimal(MAX_NUMBER):
        raise _invalid(spec, "not_number", "“%(label)s” needs a number.")
    if spec.integer and number != number.to_integral_value():
        raise _invalid(spec, "not_integer", "“%(label)s” needs a whole number.")
    if spec.min_value is not None and number < Decimal(str(spec.min_value)):
        raise _invalid(spec, "too_small", "“%(label)s” must be at least %(min)s.",
                       min=_plain(spec.min_value))
    if spec.max_value is not None and number > Decimal(str(spec.max_value)):
        raise _invalid(spec, "too_large", "“%(label)s” must be at most %(max)s.",
                       max=_plain(spec.max_value))
    return int(number) if spec.integer else float(number)


def _plain(number):
    return int(number) if float(number).is_integer() else number


def _as_date(spec, raw):
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise _invalid(spec, "not_date", "“%(label)s” needs a date (YYYY-MM-DD).") from None


def _as_email(spec, raw):
    text = _as_text(spec, raw).lower()
    if len(text) > 254 or not EMAIL_RE.fullmatch(text):
        raise _invalid(spec, "not_email", "“%(label)s” needs a valid email address.")
    return text


def _as_phone(spec, raw):
    text = _as_text(spec, raw)
    digits = sum(char.isdigit() for char in text)
    if not PHONE_RE.fullmatch(text) or not 6 <= digits <= 15:
        raise _invalid(spec, "not_phone", "“%(label)s” needs a valid phone number.")
    return text


def _as_choice(spec, raw):
    keys = {key for key, _label in spec.choices}
    if not isinstance(raw, str) or raw.strip() not in keys:
        raise _invalid(spec, "not_a_choice", "“%(label)s”: choose one of the options.")
    return raw.strip()


def _as_choices(spec, raw):
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, (list, tuple)):
        raise _invalid(spec, "not_a_choice", "“%(label)s”: choose among the options.")
    keys = [key for key, _label in spec.choices]
    if any(not isinstance(value, str) for value in values):
        raise _invalid(spec, "not_a_choice", "“%(label)s”: choose among the options.")
    chosen = {value.strip() for value in values if value.strip()}
    if chosen - set(keys):
        raise _invalid(spec, "not_a_choice", "“%(label)s”: choose among the options.")
    return tuple(key for key in keys if key in chosen)


def _as_bool(spec, raw):
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower() if isinstance(raw, (str, int)) else None
    if text in TRUE_STRINGS:
        return True
    if text in FALSE_STRINGS:
        return False
    raise _invalid(spec, "not_bool", "“%(label)s” must be ticked or not.")


CLEANERS = {
    "text": _as_text,
    "textarea": lambda spec, raw: _as_text(spec, raw, multiline=True),
    "number": _as_number,
    "date": _as_date,
    "email": _as_email,
    "phone": _as_phone,
    "select": _as_choice,
    "multiselect": _as_choices,
}


def clean_value(spec, raw):
    """The typed value of one answer: ``str``, ``int``/``float``, ``date``,
    ``bool``, a choice key, or a tuple of keys; ``None`` when left empty.

    A required checkbox must be ticked (a consent). Signature fields are
    signed on the signing page, not answered here: they always give ``None``.
    """
    if spec.field_type == "signature":
        return None
    if spec.field_type == "checkbox":
        ticked = _as_bool(spec, False if raw is None else raw)
        if spec.required and not ticked:
            raise _invalid(spec, "required", "“%(label)s” must be ticked.")
        return ticked
    if _is_empty(raw):
        if spec.required:
            raise _invalid(spec, "required", "“%(label)s” is required.")
        return None
    value = CLEANERS[spec.field_type](spec, raw)
    if spec.required and value in ("", ()):
        raise _invalid(spec, "required", "“%(label)s” is required.")
    return value if value not in ("", ()) else None


def clean_answers(specs, answers):
    """Check every answer of one submission.

    :param specs: the form's :class:`FieldSpec` objects.
    :param answers: a mapping of field name to raw answer.
    :returns: ``(values, errors)``: typed values by field name, and the
        :class:`FieldInvalid` of each refused field by name (unknown names
        included), so the page can show every message at once.
    """
    by_name = {spec.name: spec for spec in specs}
    errors = {name: FieldInvalid("unknown_field", "This form has no field “%(name)s”.",
                                 name=str(name)[:64])
              for name in answers if name not in by_name}
    values = {}
    for spec in specs:
        try:
            values[spec.name] = clean_value(spec, answers.get(spec.name))
        except FieldInvalid as err:
            errors[spec.name] = err
    return values, errors
