"""Phone numbers normalised to E.164 for text messages."""

import phonenumbers

from .errors import PhoneError, _lt


def to_e164(number, country_code=None):
    """``number`` in E.164 (``+32470123456``), read with the contact's country."""
    text = (number or "").strip()
    if not text:
        raise _invalid(text)
    try:
        parsed = phonenumbers.parse(text, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise _invalid(text) from None
    if not phonenumbers.is_valid_number(parsed):
        raise _invalid(text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _invalid(text):
    return PhoneError("phone_invalid", _lt("“%(number)s” is not a valid phone number."),
                      number=text)
