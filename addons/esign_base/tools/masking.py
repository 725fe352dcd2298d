"""Contact details shown on receipts and public pages, partly hidden."""

import phonenumbers

MASK = "•"


def mask_email(email):
    if not email or "@" not in email:
        return ""
    local, _sep, domain = email.strip().rpartition("@")
    if len(local) <= 2:
        return f"{local[:1]}{MASK * 3}@{domain}"
    return f"{local[0]}{MASK * (len(local) - 2)}{local[-1]}@{domain}"


def mask_phone(phone):
    """Keep the country code of an E.164 number and its last two digits."""
    digits = "".join(char for char in phone or "" if char.isdigit())
    if len(digits) < 6:
        return ""
    country = _country_prefix(digits) if (phone or "").strip().startswith("+") else ""
    hidden = len(digits) - len(country) - 2
    prefix = f"+{country} " if country else ""
    return f"{prefix}{MASK * hidden} {digits[-2:]}"


def _country_prefix(digits):
    for size in (1, 2, 3):
        if phonenumbers.region_code_for_country_code(int(digits[:size])) != "ZZ":
            return digits[:size]
    return digits[:1]
